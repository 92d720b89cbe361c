"""Every course model at its notebook's settings, measured on one scale.

Trains each recipe once (seed 1; `--seeds 1 2 3` for several, with the median
and worst of each figure), then prints one table: training seconds,
images/s, the distance to real data (Fréchet distance to the true Gaussian, or
classifier-FID for digits), coverage entropy, largest class share, confident
share and near-copy share, with the real-data baseline rows; for the
conditional DCGAN (notebook 06) also the share of digits the classifier reads
as the label they were asked for (the real row: its accuracy on held-out digits).
Also writes the figures, with each recipe's settings, to
benchmarks/course_models.json (notebooks 04 and 06 and solutions 02 read it).
Run: .venv/bin/python benchmarks/course_models.py [--seeds N ...] [model ...]
"""
import d2l_gan.compat  # noqa: F401  (before MXNet, for Python 3.12 and 3.13)

# isort: split

import argparse
import datetime
import json
import os
import platform
import statistics
from pathlib import Path

import mxnet as mx
from harness import (
    JUDGED,
    A,
    b,
    gaussian_distance,
    generator_distance,
    judging_noise,
    print_row,
    train_quietly,
)

import d2l_gan
from d2l_gan.files import write_atomic
from d2l_gan.metrics import evaluate_conditional, evaluate_digits
from d2l_gan.recipes import (
    RECIPES,
    make_nets,
    settings,
    training_labels,
)

RESULTS = Path(__file__).resolve().parent / 'course_models.json'


def train_recipe(name, data, seed=1, labels=None):
    """Train recipe `name` on `data` (with one-hot `labels` if conditional)
    with `seed`; return (run, seconds)."""
    d2l_gan.set_seed(seed)
    return train_quietly(*make_nets(name), data, RECIPES[name], labels)


def images_per_second(name, data, seconds):
    recipe = RECIPES[name]
    used = data.shape[0] // recipe['batch_size'] * recipe['batch_size']
    return recipe['num_epochs'] * used / seconds


def gaussian_rows(name, seed=1):
    d2l_gan.set_seed(seed)
    data = d2l_gan.gaussian_data(A, b)
    run, seconds = train_recipe(name, data, seed)
    fd = generator_distance(run.net_G)
    sample_fd = gaussian_distance(data.asnumpy())
    ips = images_per_second(name, data, seconds)
    result = {'train_seconds': seconds, 'images_per_second': ips,
              'frechet_distance': fd, 'sample_frechet_distance': sample_fd}
    return result, [(f'{name}, seed {seed}', f'{seconds:.1f}', f'{ips:,.0f}', f'FD {fd:.4f}',
                     '', '', '', '', ''),
                    (f'{name}: 1,000 real points', '', '', f'FD {sample_fd:.4f}',
                     '', '', '', '', '')]


def digit_rows(name, seed=1):
    images, digits = d2l_gan.load_mnist()
    data = d2l_gan.to_pixels(images).reshape(-1, *RECIPES[name]['image_shape'])
    recipe = RECIPES[name]
    labels, clusters = training_labels(name, data.asnumpy(), digits)
    run, seconds = train_recipe(name, data, seed, labels)
    for key, value in (clusters or {}).items():  # a cluster-conditioned model's
        setattr(run, key, value)
    Z = judging_noise(recipe['latent_dim'])
    # a conditional model is asked for 0-9 in turn, a cluster-conditioned one for
    # clusters drawn by their shares
    y, asked = run.asked(JUDGED)
    images = d2l_gan.ask(run.net_G, Z, y).asnumpy()
    report = evaluate_digits(images) if asked is None else evaluate_conditional(images, asked)
    ips = images_per_second(name, data, seconds)
    result = dict(report['generator'], train_seconds=seconds,
                  images_per_second=ips, real_vs_real=report['real_vs_real'])
    rows = []
    for label, key, s, ips in [(f'{name}, seed {seed}', 'generator', f'{seconds:.1f}',
                                f'{ips:,.0f}'),
                               ('real vs real', 'real_vs_real', '', '')]:
        m = report[key]
        rows.append((label, s, ips, f"cFID {m['classifier_fid']:.2f}",
                     f"{m['coverage_entropy']:.3f}",
                     f"{m['largest_class_share']:.3f}",
                     f"{m['confident_share']:.3f}",
                     f"{m['near_copy_share']:.3f}",
                     f"{m['label_accuracy']:.3f}" if asked is not None else ''))
    return result, rows


# Each digit figure over seeds: the worst seed has the larger or the smaller value
WORST = {'train_seconds': max, 'classifier_fid': max, 'coverage_entropy': min,
         'largest_class_share': max, 'confident_share': min, 'near_copy_share': max,
         'label_accuracy': min}


def summary_rows(name, results):
    """Median and worst over seeds of each digit figure, as table rows."""
    rows = []
    for label in ('median', 'worst'):
        v = {key: (statistics.median if label == 'median' else worst)(
                 [r[key] for r in results]) for key, worst in WORST.items()
             if key in results[0]}
        rows.append((f'{name}: {label} of {len(results)} seeds',
                     f"{v['train_seconds']:.1f}", '', f"cFID {v['classifier_fid']:.2f}",
                     f"{v['coverage_entropy']:.3f}", f"{v['largest_class_share']:.3f}",
                     f"{v['confident_share']:.3f}", f"{v['near_copy_share']:.3f}",
                     f"{v['label_accuracy']:.3f}" if 'label_accuracy' in v else ''))
    return rows


def main(names, seeds=(1,)):
    machine = (f'{platform.machine()}, {mx.context.num_gpus()} GPUs, '
               f'{len(os.sched_getaffinity(0))} cores, Python '
               f'{platform.python_version()}, MXNet {mx.__version__}')
    header = ('model', 'train s', 'images/s', 'FD / classifier-FID',
              'coverage entropy', 'largest class', 'confident', 'near-copies',
              'requested label')
    print(machine)
    print_row(*header)
    print('|' + '---|' * len(header))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in names:
        per_seed = []
        for seed in seeds:
            result, rows = gaussian_rows(name, seed) \
                if RECIPES[name]['data'] == 'gaussian' else digit_rows(name, seed)
            for row in rows:
                print_row(*row)
            per_seed.append(result)
        if len(seeds) > 1 and RECIPES[name]['data'] == 'mnist':
            for row in summary_rows(name, per_seed):
                print_row(*row)
        results[name] = dict(per_seed[0], seed=seeds[0], settings=settings(name),
                             machine=machine, date=datetime.date.today().isoformat())
        if len(seeds) > 1:
            results[name]['seeds'] = {str(seed): {k: r[k] for k in WORST if k in r}
                                      for seed, r in zip(seeds, per_seed)}
        write_atomic(RESULTS, (json.dumps(results, indent=1, sort_keys=True)
                               + '\n').encode())  # after every model


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('models', nargs='*', metavar='model',
                        help=f'any of {sorted(RECIPES)} (default: all)')
    parser.add_argument('--seeds', nargs='+', type=int, default=[1])
    args = parser.parse_args()
    if set(args.models) - set(RECIPES):
        parser.error(f'unknown model(s) {sorted(set(args.models) - set(RECIPES))}')
    main(args.models or sorted(RECIPES), args.seeds)
