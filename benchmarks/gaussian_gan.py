"""Notebook 01's benchmark: training seconds and Fréchet distance, seeds 1-5.

Prints one row per seed and method: the chapter's code and settings, the
course's train() with the notebook's settings, and the plain sample estimate
(the mean and covariance of the 1000 data points: the textbook estimator,
which the GAN beats on some seeds).
Run: .venv/bin/python benchmarks/gaussian_gan.py [--seeds N]   (seeds 1..N, default 5)
"""
import argparse
import platform
import statistics
import time

from chapter_gaussian import train_chapter
from harness import A, b, gaussian_distance, generator_distance, train_quietly

import d2l_gan
from d2l_gan.recipes import RECIPES, make_nets


def run_course(data):
    """Notebook 01's settings, as d2l_gan.recipes holds them."""
    run, _ = train_quietly(*make_nets('gaussian'), data, RECIPES['gaussian'])
    return run.net_G


def main(seeds=range(1, 6)):
    print(f'# {platform.processor() or platform.machine()}, '
          f'{__import__("os").cpu_count()} cores, Python {platform.python_version()}')
    print('| seed | chapter s | chapter FD | course s | course FD | sample FD |')
    print('|---:|---:|---:|---:|---:|---:|')
    rows = []
    for seed in seeds:
        d2l_gan.set_seed(seed)
        data = d2l_gan.gaussian_data(A, b)
        sample_fd = gaussian_distance(data.asnumpy())
        row = [seed]
        for trainer in (train_chapter, run_course):
            d2l_gan.set_seed(seed)
            start = time.perf_counter()
            net_G = trainer(data)
            row += [time.perf_counter() - start, generator_distance(net_G)]
        row.append(sample_fd)
        rows.append(row)
        print('| {} | {:.2f} | {:.4f} | {:.2f} | {:.4f} | {:.4f} |'.format(*row), flush=True)
    cols = list(zip(*rows))
    print('| median | {:.2f} | {:.4f} | {:.2f} | {:.4f} | {:.4f} |'.format(
        *[statistics.median(c) for c in cols[1:]]))
    print('| worst | {:.2f} | {:.4f} | {:.2f} | {:.4f} | {:.4f} |'.format(
        *[max(c) for c in cols[1:]]))


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, default=5, help='seeds 1 to N (default 5)')
    args = parser.parse_args()
    if args.seeds < 1:
        parser.error(f'--seeds must be at least 1; got {args.seeds}')
    main(range(1, args.seeds + 1))
