"""The solutions' exercises at their notebook's full setting, for several
seeds: notebook 02's GAN (recipe `mnist`, 800 epochs) or notebook 04's DCGAN
(recipe `dcgan`, 48 epochs) with one change, judged as course_models.py judges
every model (course_models.json holds the unchanged recipes' seeds). Writes
benchmarks/exercise_variants.json, which solutions 02 and 04 print. Run alone:

    .venv/bin/python benchmarks/exercise_variants.py      # 3 seeds each, about 2 hours
    .venv/bin/python benchmarks/exercise_variants.py relu_D --seeds 1 --out /tmp/v.json
    .venv/bin/python benchmarks/exercise_variants.py --update real_label_1 normal_init
"""
import d2l_gan.compat  # noqa: F401  (before MXNet, for Python 3.12 and 3.13)

# isort: split

import argparse
import json
import statistics
from collections import namedtuple
from pathlib import Path

from harness import judge_digits, train_quietly
from mxnet import init

import d2l_gan
from d2l_gan.files import write_atomic
from d2l_gan.models import dcgan_D, dcgan_G, mlp_D, mlp_G
from d2l_gan.recipes import make_nets, run_settings

OUT = Path(__file__).with_name('exercise_variants.json')
# An exercise's one change to its notebook's run: the recipe, nets in place of
# the recipe's (a function returning D and G), settings that differ, and which
# digits of the offline sample it trains on (every `every`-th)
Variant = namedtuple('Variant', 'recipe nets changes every', defaults=(None, {}, 1))
VARIANTS = {
    # solutions 04: notebook 04's DCGAN with one change to its nets
    'relu_D': Variant('dcgan', lambda: (dcgan_D(alpha=0), dcgan_G())),                    # ex. 1
    'half_channels_G': Variant('dcgan', lambda: (dcgan_D(), dcgan_G(channels=16))),       # ex. 3
    'no_batch_norm_G': Variant('dcgan', lambda: (dcgan_D(), dcgan_G(batch_norm=False))),  # ex. 4
    # solutions 02: notebook 02's GAN with one change
    'real_label_1': Variant('mnist', changes={'real_label': 1.0}),                        # ex. 1
    'normal_init': Variant('mnist', changes={'weight_init': lambda: init.Normal(0.02)}),  # ex. 3
    # ex. 4: half the digits for twice the epochs, the same number of updates
    'half_data': Variant('mnist', changes={'num_epochs': 1600, 'average_from': 1401}, every=2),
    'tutorial_D': Variant('mnist', lambda: (mlp_D(0.01), mlp_G())),                      # ex. 5
}
FIGURES = ('classifier_fid', 'confident_share', 'coverage_entropy', 'largest_class_share')


def recorded_changes(variant):
    """A variant's changed settings as JSON-able values (an initialiser by its
    MXNet description)."""
    return {k: v().dumps() if callable(v) else v for k, v in variant.changes.items()}


def train_variant(name, images, seed):
    """Train variant `name` on the offline sample's `images` with `seed`;
    return its digit figures and training seconds."""
    variant = VARIANTS[name]
    settings = run_settings(variant.recipe, **variant.changes)
    data = d2l_gan.to_pixels(images[::variant.every]).reshape(-1, *settings['image_shape'])
    d2l_gan.set_seed(seed)
    nets = (variant.nets or (lambda: make_nets(variant.recipe)))()
    run, seconds = train_quietly(*nets, data, settings)
    report = judge_digits(run.net_G, settings['latent_dim'])['generator']
    return dict({k: report[k] for k in FIGURES}, train_seconds=seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('variants', nargs='*', metavar='VARIANT',
                        help=f'any of {sorted(VARIANTS)} (default: all)')
    parser.add_argument('--seeds', type=int, nargs='+', default=[1, 2, 3])
    parser.add_argument('--out', type=Path, default=OUT)
    parser.add_argument('--update', action='store_true',
                        help='run only the VARIANTs given, all seeds, and replace '
                             'their entries in the saved file')
    args = parser.parse_args()
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        parser.error(f'unknown variant {sorted(unknown)[0]!r}: choose from {sorted(VARIANTS)}')
    if args.update and (not args.variants or args.seeds != [1, 2, 3]):
        parser.error('--update needs the variants to run, with the default seeds')
    args.variants = args.variants or list(VARIANTS)
    if not args.update and args.out == OUT and \
            (args.variants, args.seeds) != (list(VARIANTS), [1, 2, 3]):
        parser.error('a partial run must not overwrite the figures the solutions print: '
                     'give --out, or --update')
    images = d2l_gan.load_mnist()[0]
    results = json.loads(args.out.read_text()) if args.update and args.out.exists() else {}
    for name in args.variants:
        seeds = {str(seed): train_variant(name, images, seed) for seed in args.seeds}
        results[name] = dict(recipe=VARIANTS[name].recipe,
                             changes=recorded_changes(VARIANTS[name]),
                             every=VARIANTS[name].every, seeds=seeds)
        for key in FIGURES:
            values = [r[key] for r in seeds.values()]
            print(f'{name:<16} {key:<20} median {statistics.median(values):8.3f}  '
                  f'range {min(values):.3f}-{max(values):.3f}', flush=True)
        # after each variant, so an interrupted run keeps the finished ones
        write_atomic(args.out, json.dumps(results, indent=1) + '\n')


if __name__ == '__main__':
    main()
