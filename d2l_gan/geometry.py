"""Distances between points: the geometry that clustering, plots and metrics share."""
import numpy as onp


def squared_distances(X, Y):
    """All squared Euclidean distances between the rows of X and of Y."""
    d2 = (X ** 2).sum(1)[:, None] + (Y ** 2).sum(1)[None, :] - 2 * X @ Y.T
    return onp.clip(d2, 0, None)


def nearest_distances(samples, train, batch_size=1000, return_index=False):
    """For each sample, the RMS pixel distance (pixels in [0, 1]) to its
    nearest training image; with `return_index`, also that image's index."""
    S = (onp.asarray(samples, onp.float32).reshape(len(samples), -1) + 1) / 2
    T = (onp.asarray(train, onp.float32).reshape(len(train), -1) + 1) / 2
    index = onp.concatenate([squared_distances(S[i:i + batch_size], T).argmin(1)
                             for i in range(0, len(S), batch_size)])
    distances = onp.sqrt(((S - T[index]) ** 2).mean(1))
    return (distances, index) if return_index else distances
