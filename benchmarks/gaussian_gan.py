"""Notebook 01's benchmark: training seconds and Fréchet distance, seeds 1-5.

Prints one row per seed and method: the chapter's code and settings, the
course's train() with the notebook's settings, and the plain sample estimate
(the mean and covariance of the 1000 data points: the textbook estimator);
also the smaller eigenvalue of each generator's covariance (the true one's is
0.095: near 0, the generated points lie on a line). Saves the rows in
gaussian_gan.json, which notebook 01 prints.
Run: .venv/bin/python benchmarks/gaussian_gan.py [--seeds N]   (seeds 1..N, default 5)
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as onp
from chapter_gaussian import train_chapter
from harness import A, b, gaussian_distance, generator_distance, train_quietly

import d2l_gan
from d2l_gan.files import write_atomic
from d2l_gan.recipes import RECIPES, make_nets, settings

RESULTS = Path(__file__).resolve().parent / 'gaussian_gan.json'


def smaller_eigenvalue(net_G):
    """The smaller eigenvalue of the linear generator's covariance W Wᵀ."""
    W = net_G[0].weight.data().asnumpy().astype(onp.float64)
    return float(onp.linalg.eigvalsh(W @ W.T)[0])


def run_course(data):
    """Notebook 01's settings, as d2l_gan.recipes holds them."""
    run, _ = train_quietly(*make_nets('gaussian'), data, RECIPES['gaussian'])
    return run.net_G


def main(seeds=range(1, 6)):
    print(f'# {platform.processor() or platform.machine()}, '
          f'{os.cpu_count()} cores, Python {platform.python_version()}')
    print('| seed | chapter s | chapter FD | chapter λmin | course s | course FD | '
          'course λmin | sample FD |')
    print('|---:|---:|---:|---:|---:|---:|---:|---:|')
    rows, results = [], []
    for seed in seeds:
        d2l_gan.set_seed(seed)
        data = d2l_gan.gaussian_data(A, b)
        sample_fd = gaussian_distance(data.asnumpy())
        row, result = [seed], dict(seed=seed, sample_fd=sample_fd)
        for name, trainer in (('chapter', train_chapter), ('course', run_course)):
            d2l_gan.set_seed(seed)
            start = time.perf_counter()
            net_G = trainer(data)
            result[name] = dict(seconds=time.perf_counter() - start,
                                fd=generator_distance(net_G),
                                smaller_eigenvalue=smaller_eigenvalue(net_G))
            row += list(result[name].values())
        row.append(sample_fd)
        rows.append(row)
        results.append(result)
        print('| {} | {:.2f} | {:.4f} | {:.4f} | {:.2f} | {:.4f} | {:.4f} | {:.4f} |'.format(
            *row), flush=True)
    cols = list(zip(*rows))
    print('| median | ' + ' | '.join(f'{statistics.median(c):.4f}' for c in cols[1:]) + ' |')
    machine = (f'{platform.machine()}, {len(os.sched_getaffinity(0))} cores, '
               f'Python {platform.python_version()}')
    write_atomic(RESULTS, (json.dumps(dict(
        machine=machine, date=datetime.date.today().isoformat(), settings=settings('gaussian'),
        true_smaller_eigenvalue=float(onp.linalg.eigvalsh((A.T @ A).asnumpy())[0]),
        seeds=results), indent=1) + '\n').encode())


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, default=5, help='seeds 1 to N (default 5)')
    args = parser.parse_args()
    if args.seeds < 1:
        parser.error(f'--seeds must be at least 1; got {args.seeds}')
    main(range(1, args.seeds + 1))
