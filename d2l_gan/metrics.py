"""Numbers that say how close generated data is to real data."""
import numpy as onp


def gaussian_fit(samples):
    """Mean vector and covariance matrix of the rows of `samples`."""
    samples = onp.asarray(samples, dtype=onp.float64)
    if samples.ndim != 2 or samples.shape[0] < 2:
        raise ValueError(f'need a 2-D array of at least 2 samples, got shape '
                         f'{samples.shape}')
    return samples.mean(axis=0), onp.cov(samples, rowvar=False)


def sqrtm_psd(C):
    """Square root of a symmetric positive semi-definite matrix."""
    w, V = onp.linalg.eigh(C)
    return (V * onp.sqrt(onp.clip(w, 0, None))) @ V.T


def frechet_distance(mu1, cov1, mu2, cov2):
    """Fréchet (2-Wasserstein squared) distance between N(mu1, cov1) and N(mu2, cov2).

    ||mu1 - mu2||^2 + tr(cov1 + cov2 - 2 (cov1^1/2 cov2 cov1^1/2)^1/2); zero
    exactly when the two Gaussians are the same.
    """
    mu1, mu2 = onp.atleast_1d(mu1), onp.atleast_1d(mu2)
    cov1, cov2 = onp.atleast_2d(cov1), onp.atleast_2d(cov2)
    if mu1.shape != mu2.shape or cov1.shape != cov2.shape or \
            cov1.shape != (mu1.size, mu1.size):
        raise ValueError(f'shapes do not match: means {mu1.shape} and '
                         f'{mu2.shape}, covariances {cov1.shape} and '
                         f'{cov2.shape}')
    s1 = sqrtm_psd(cov1)
    cross = onp.sqrt(onp.clip(onp.linalg.eigvalsh(s1 @ cov2 @ s1), 0, None))
    d = ((mu1 - mu2) ** 2).sum() + onp.trace(cov1) + onp.trace(cov2) \
        - 2 * cross.sum()
    return float(max(d, 0.0))
