"""Notebook 01's benchmark: training seconds and Fréchet distance, seeds 1-5.

Prints one row per seed and method: the chapter's code and settings, the
course's train() with the notebook's settings, and the plain sample estimate
(the mean and covariance of the 1000 data points: the textbook estimator);
also the smaller eigenvalue of each generator's covariance (the true one's is
0.095: near 0, the generated points lie on a line); and, for solutions 01's
exercise 2, the course's settings with each of the four changes undone alone.
Saves the rows in gaussian_gan.json, which notebook 01 and solutions 01 print.
Run: .venv/bin/python benchmarks/gaussian_gan.py [--seeds N --out FILE]   (seeds 1..N, default 5)
"""
import d2l_gan.compat  # noqa: F401  (before MXNet, for Python 3.12 and 3.13)

# isort: split

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
from d2l_gan.recipes import RECIPES, make_nets, run_settings, settings

RESULTS = Path(__file__).resolve().parent / 'gaussian_gan.json'
# notebook 01's four changes, each undone alone (solutions 01, exercise 2)
UNDONE = {'beta1 = 0.9': dict(beta1=0.9),
          'no weight averaging': dict(average_from=None),
          'tanh discriminator': {},
          'batch 8, chapter rates': dict(batch_size=8, lr_D=0.05, lr_G=0.005)}


def smaller_eigenvalue(net_G):
    """The smaller eigenvalue of the linear generator's covariance W Wᵀ."""
    W = net_G[0].weight.data().asnumpy().astype(onp.float64)
    return float(onp.linalg.eigvalsh(W @ W.T)[0])


def run_course(data):
    """Notebook 01's settings, as d2l_gan.recipes holds them."""
    run, _ = train_quietly(*make_nets('gaussian'), data, RECIPES['gaussian'])
    return run.net_G


def run_undone(data, name):
    """The course's settings with one of the four changes undone (UNDONE)."""
    net_D, net_G = make_nets('gaussian')
    if name == 'tanh discriminator':
        net_D = d2l_gan.gaussian_D('tanh')
    run, _ = train_quietly(net_D, net_G, data, run_settings('gaussian', **UNDONE[name]))
    return run.net_G


def main(seeds=range(1, 6), out=RESULTS):
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
        result['undone'] = {}
        for name in UNDONE:
            d2l_gan.set_seed(seed)
            result['undone'][name] = generator_distance(run_undone(data, name))
        results.append(result)
        print('| {} | {:.2f} | {:.4f} | {:.4f} | {:.2f} | {:.4f} | {:.4f} | {:.4f} |'.format(
            *row), flush=True)
    cols = list(zip(*rows))
    print('| median | ' + ' | '.join(f'{statistics.median(c):.4f}' for c in cols[1:]) + ' |')
    for name in UNDONE:
        fds = [r['undone'][name] for r in results]
        print(f'course settings, {name}: FD median {statistics.median(fds):.4f}, '
              f'worst {max(fds):.4f}')
    machine = (f'{platform.machine()}, {len(os.sched_getaffinity(0))} cores, '
               f'Python {platform.python_version()}')
    write_atomic(out, (json.dumps(dict(
        machine=machine, date=datetime.date.today().isoformat(), settings=settings('gaussian'),
        true_smaller_eigenvalue=float(onp.linalg.eigvalsh((A.T @ A).asnumpy())[0]),
        seeds=results), indent=1) + '\n').encode())


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, default=5, help='seeds 1 to N (default 5)')
    parser.add_argument('--out', type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.seeds < 1:
        parser.error(f'--seeds must be at least 1; got {args.seeds}')
    if args.seeds != 5 and args.out == RESULTS:
        parser.error('the five seeds notebook 01 prints must not be overwritten by '
                     f'a {args.seeds}-seed run: give --out')
    main(range(1, args.seeds + 1), args.out)
