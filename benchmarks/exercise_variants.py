"""The solutions' exercises at their notebook's full setting: recipe `dcgan`
(notebook 04, 48 epochs) with one change to its nets, for several seeds,
judged as course_models.py judges every model (course_models.json holds the
unchanged recipe's seeds). Writes benchmarks/exercise_variants.json, which
solutions 04 prints. Run alone:

    .venv/bin/python benchmarks/exercise_variants.py      # 3 seeds each, about 45 minutes
    .venv/bin/python benchmarks/exercise_variants.py relu_D --seeds 1 --out /tmp/v.json
"""
import argparse
import json
import statistics
from pathlib import Path

from harness import judge_digits, train_quietly

import d2l_gan
from d2l_gan.files import write_atomic
from d2l_gan.models import dcgan_D, dcgan_G
from d2l_gan.recipes import RECIPES

OUT = Path(__file__).with_name('exercise_variants.json')
# Each exercise's change to notebook 04's nets: (discriminator, generator)
VARIANTS = {
    'relu_D': lambda: (dcgan_D(alpha=0), dcgan_G()),                     # exercise 1
    'half_channels_G': lambda: (dcgan_D(), dcgan_G(channels=16)),        # exercise 3
    'no_batch_norm_G': lambda: (dcgan_D(), dcgan_G(batch_norm=False)),   # exercise 4
}
FIGURES = ('classifier_fid', 'confident_share', 'coverage_entropy', 'largest_class_share')


def train_variant(name, data, seed):
    """Train the DCGAN with variant `name`'s nets and `seed`; return its digit
    figures and training seconds."""
    d2l_gan.set_seed(seed)
    run, seconds = train_quietly(*VARIANTS[name](), data, RECIPES['dcgan'])
    report = judge_digits(run.net_G, RECIPES['dcgan']['latent_dim'])['generator']
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
    data = d2l_gan.to_pixels(d2l_gan.load_mnist()[0]).reshape(-1, *RECIPES['dcgan']['image_shape'])
    results = {}
    for name in args.variants:
        seeds = {str(seed): train_variant(name, data, seed) for seed in args.seeds}
        results[name] = dict(recipe='dcgan', seeds=seeds)
        for key in FIGURES:
            values = [r[key] for r in seeds.values()]
            print(f'{name:<16} {key:<20} median {statistics.median(values):8.3f}  '
                  f'range {min(values):.3f}-{max(values):.3f}', flush=True)
    write_atomic(args.out, json.dumps(results, indent=1) + '\n')


if __name__ == '__main__':
    main()
