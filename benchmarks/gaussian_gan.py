"""Notebook 01's benchmark: training seconds and Fréchet distance, seeds 1-5.

Prints one row per seed and method: the chapter's code and settings, the
course's train() with the notebook's settings, and the plain sample estimate
(the mean and covariance of the 1000 data points: the textbook estimator,
which the GAN beats on some seeds).
Run: .venv/bin/python benchmarks/gaussian_gan.py
"""
import contextlib
import io
import platform
import statistics
import sys
import time
from pathlib import Path

from mxnet import np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chapter_gaussian import train_chapter  # noqa: E402

import d2l_gan  # noqa: E402
from d2l_gan.recipes import make_nets, train_kwargs  # noqa: E402

A = np.array([[1, 2], [-0.1, 0.5]])
b = np.array([1, 2])
TRUE = (b.asnumpy(), (A.T @ A).asnumpy())


def fd_of(net_G, latent_dim=2, n=100_000):
    """Fréchet distance of the generator's Gaussian (from n samples) to the truth."""
    fake = net_G(np.random.normal(0, 1, size=(n, latent_dim))).asnumpy()
    return d2l_gan.frechet_distance(*d2l_gan.gaussian_fit(fake), *TRUE)


def run_course(data):
    """Notebook 01's settings, as d2l_gan.recipes holds them."""
    net_D, net_G = make_nets('gaussian')
    with contextlib.redirect_stdout(io.StringIO()):
        d2l_gan.train(net_D, net_G, data, **train_kwargs('gaussian'))
    return net_G


def main(seeds=range(1, 6)):
    print(f'# {platform.processor() or platform.machine()}, '
          f'{__import__("os").cpu_count()} cores, Python {platform.python_version()}')
    print('| seed | chapter s | chapter FD | course s | course FD | sample FD |')
    print('|---:|---:|---:|---:|---:|---:|')
    rows = []
    for seed in seeds:
        d2l_gan.set_seed(seed)
        data = d2l_gan.gaussian_data(A, b)
        sample_fd = d2l_gan.frechet_distance(*d2l_gan.gaussian_fit(data.asnumpy()), *TRUE)
        row = [seed]
        for trainer in (train_chapter, run_course):
            d2l_gan.set_seed(seed)
            start = time.perf_counter()
            net_G = trainer(data)
            row += [time.perf_counter() - start, fd_of(net_G)]
        row.append(sample_fd)
        rows.append(row)
        print('| {} | {:.2f} | {:.4f} | {:.2f} | {:.4f} | {:.4f} |'.format(*row), flush=True)
    cols = list(zip(*rows))
    print('| median | {:.2f} | {:.4f} | {:.2f} | {:.4f} | {:.4f} |'.format(
        *[statistics.median(c) for c in cols[1:]]))
    print('| worst | {:.2f} | {:.4f} | {:.2f} | {:.4f} | {:.4f} |'.format(
        *[max(c) for c in cols[1:]]))


if __name__ == '__main__':
    main()
