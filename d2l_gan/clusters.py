"""Cluster conditioning (notebook 07): clusters found without labels stand in for them."""
import numpy as onp

from .data import one_hot
from .geometry import squared_distances


def kmeans(points, k, num_iters=30, seed=0):
    """Split the rows of `points` (NumPy) into `k` clusters by k-means with a
    k-means++ start; return each row's cluster number (0 .. k-1). Same
    points and seed, same clusters."""
    points = onp.asarray(points, dtype=onp.float64).reshape(len(points), -1)
    if not 2 <= k <= len(points):
        raise ValueError(f'k={k}: need 2 <= k <= the {len(points)} points')
    rng = onp.random.default_rng(seed)
    centres = points[rng.integers(len(points))][None]
    while len(centres) < k:  # k-means++: a far point is a likelier next centre
        d2 = squared_distances(points, centres).min(axis=1)
        centres = onp.vstack([centres, points[rng.choice(len(points), p=d2 / d2.sum())]])
    for _ in range(num_iters):  # each point to its nearest centre; centres to means
        assign = squared_distances(points, centres).argmin(axis=1)
        for j in range(k):
            if (assign == j).any():
                centres[j] = points[assign == j].mean(axis=0)
    return squared_distances(points, centres).argmin(axis=1)


def deskew(images):
    """Straighten each digit for clustering: slide every row of pixels
    sideways so the digit's slant (how far its ink drifts to the right per
    row, from the ink's moments) becomes zero. Pixel distances then compare
    shapes rather than slants. `images` (NumPy): square images or rows of
    pixels in [-1, 1]; returns rows of ink in [0, 1]."""
    images = onp.asarray(images, dtype=onp.float64)
    side = int(round((images.size / len(images)) ** 0.5))
    if side * side * len(images) != images.size:
        raise ValueError(f'deskew needs square images; got shape {images.shape}')
    ink = (images.reshape(-1, side, side) + 1) / 2
    rows, cols = onp.mgrid[:side, :side]
    mass = onp.maximum(ink.sum(axis=(1, 2)), 1e-12)

    def mean(values):  # ink-weighted mean over each image
        return (ink * values).sum(axis=(1, 2)) / mass
    dr = rows - mean(rows)[:, None, None]
    dc = cols - mean(cols)[:, None, None]
    var_r = mean(dr * dr)
    slant = onp.where(var_r > 0, mean(dr * dc) / onp.maximum(var_r, 1e-12), 0)
    src = cols + slant[:, None, None] * dr  # where each pixel's ink comes from
    left = onp.floor(src).astype(int)
    frac = src - left

    def ink_at(c):  # the ink in column c of each row, none outside the image
        inside = (c >= 0) & (c < side)
        return onp.where(inside, onp.take_along_axis(ink, onp.clip(c, 0, side - 1), 2), 0)
    return ((1 - frac) * ink_at(left) + frac * ink_at(left + 1)).reshape(len(images), -1)


def cluster_shares(clusters, k):
    """The share of the points in each of the `k` clusters."""
    return onp.bincount(clusters, minlength=k) / len(clusters)


def cluster_centres(points, clusters, k):
    """The mean of the `points` (NumPy rows) in each of the `k` clusters (zero
    for an empty one): where the clusters are, kept with a run."""
    points = onp.asarray(points, dtype=onp.float64).reshape(len(points), -1)
    sums = onp.zeros((k, points.shape[1]))
    onp.add.at(sums, clusters, points)
    return sums / onp.maximum(onp.bincount(clusters, minlength=k), 1)[:, None]


def draw_clusters(shares, n, ctx=None, rng=onp.random):
    """`n` one-hot cluster numbers, each cluster drawn with its share of the
    real digits: what a cluster-conditioned generator is asked for, so that it
    draws digits as an unconditional one does."""
    return one_hot(rng.choice(len(shares), size=n, p=shares), len(shares), ctx)


def purity(clusters, labels):
    """The share of points whose label is their cluster's most common one
    (1: every cluster holds one class). Measures clusters; uses the labels."""
    labels = onp.asarray(labels)
    return sum(onp.bincount(labels[clusters == j]).max()
               for j in onp.unique(clusters)) / len(labels)

