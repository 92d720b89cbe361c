"""The solutions' exercises at their notebook's full setting: recipe `mnist`
(notebook 02, 800 epochs) or `dcgan` (notebook 04, 48 epochs) with one
change, for several seeds, judged as course_models.py judges every model
(whose course_models.json holds the unchanged recipes' seeds). Writes
benchmarks/exercise_variants.json, which solutions 02 and 04 print. Run alone:

    .venv/bin/python benchmarks/exercise_variants.py      # 3 seeds each, about 50 minutes
    .venv/bin/python benchmarks/exercise_variants.py relu_D --seeds 1 --out /tmp/v.json
"""
import argparse
import json
import statistics
from pathlib import Path

from harness import judge_digits, train_quietly
from mxnet import init

import d2l_gan
from d2l_gan.files import write_atomic
from d2l_gan.models import dcgan_D, dcgan_G
from d2l_gan.recipes import RECIPES, make_nets

OUT = Path(__file__).with_name('exercise_variants.json')
# Each exercise's change: the recipe, its nets, changed settings and the share
# of the offline digits it trains on (every second digit: twice the epochs)
VARIANTS = {
    # solutions 02
    'real_label_1': dict(recipe='mnist', changes=dict(real_label=1.0)),
    'normal_init': dict(recipe='mnist', changes=dict(weight_init=lambda: init.Normal(0.02))),
    'half_data': dict(recipe='mnist', every=2, changes=dict(num_epochs=1600, average_from=1401)),
    # solutions 04
    'relu_D': dict(recipe='dcgan', nets=lambda: (dcgan_D(alpha=0), dcgan_G())),
    'half_channels_G': dict(recipe='dcgan', nets=lambda: (dcgan_D(), dcgan_G(channels=16))),
    'no_batch_norm_G': dict(recipe='dcgan', nets=lambda: (dcgan_D(), dcgan_G(batch_norm=False))),
}
FIGURES = ('classifier_fid', 'confident_share', 'coverage_entropy', 'largest_class_share')


def train_variant(name, seed):
    """Train variant `name` with `seed`; return its digit figures and seconds."""
    variant = VARIANTS[name]
    recipe = RECIPES[variant['recipe']]
    images = d2l_gan.load_mnist()[0][::variant.get('every', 1)]
    data = d2l_gan.to_pixels(images).reshape(-1, *recipe['image_shape'])
    d2l_gan.set_seed(seed)
    nets = variant.get('nets', lambda: make_nets(variant['recipe']))()
    run, seconds = train_quietly(*nets, data, {**recipe, **variant.get('changes', {})})
    report = judge_digits(run.net_G, recipe['latent_dim'])['generator']
    return dict({k: report[k] for k in FIGURES}, train_seconds=seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('variants', nargs='*', metavar='VARIANT',
                        help=f'any of {sorted(VARIANTS)} (default: all)')
    parser.add_argument('--seeds', type=int, nargs='+', default=[1, 2, 3])
    parser.add_argument('--out', type=Path, default=OUT)
    args = parser.parse_args()
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        parser.error(f'unknown variant {sorted(unknown)[0]!r}: choose from {sorted(VARIANTS)}')
    args.variants = args.variants or list(VARIANTS)
    if (args.variants, args.seeds) != (list(VARIANTS), [1, 2, 3]) and args.out == OUT:
        parser.error('a partial run must not overwrite the figures the solutions print: '
                     'give --out')
    results = {}
    for name in args.variants:
        seeds = {str(seed): train_variant(name, seed) for seed in args.seeds}
        results[name] = dict(recipe=VARIANTS[name]['recipe'], seeds=seeds)
        for key in FIGURES:
            values = [r[key] for r in seeds.values()]
            print(f'{name:<16} {key:<20} median {statistics.median(values):8.3f}  '
                  f'range {min(values):.3f}-{max(values):.3f}', flush=True)
    write_atomic(args.out, json.dumps(results, indent=1) + '\n')


if __name__ == '__main__':
    main()
