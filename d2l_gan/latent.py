"""Walking a generator's latent space: points between two inputs."""
from mxnet import np


def interpolate(a, b, num_steps, spherical=False):
    """`num_steps` rows from a to b (1-D arrays), both ends included.

    Linear steps cut through the middle of the noise distribution, where a
    100-dimensional Gaussian has almost no samples (|z| is near 10, the
    midpoint of two draws near 7); spherical steps (slerp, Shoemake 1985)
    follow the great circle between a and b and keep the norm in between.
    """
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f'interpolate between two 1-D arrays of one shape, not '
                         f'{a.shape} and {b.shape}')
    t = np.linspace(0, 1, num_steps, ctx=a.ctx).reshape(-1, 1)
    cos = (a * b).sum() / (np.linalg.norm(a) * np.linalg.norm(b))
    omega = np.arccos(np.clip(cos, -1, 1))  # the angle between a and b
    if not spherical or float(omega) < 1e-6:  # (slerp is linear for parallel a, b)
        return (1 - t) * a + t * b
    return (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)
