"""Notebook 02's GAN with and without the R1 gradient penalty.

Trains notebook 02's GAN with its recipe as it was until 2026-11-26
(RECIPES['mnist'] with MNIST_EARLIER: 400 epochs, D's leaky slope 0.01; the
figures notebook 05 shows were measured with it); again with relu_D, the same
discriminator with ReLU (a penalty must differentiate D twice, which MXNet
cannot do through a leaky ReLU); and with relu_D and MNIST_R1 (d2l_gan.recipes);
three seeds each; measures 2,500 digits of each with
notebook 03's evaluate_digits and writes the figures to
benchmarks/stabilised_digits.json, which notebook 05 shows. About 15 minutes
on two CPU cores:

    python benchmarks/stabilised_digits.py [--seeds 3]
"""
import argparse
import json
from pathlib import Path

from harness import judge_digits, train_quietly

import d2l_gan
from d2l_gan.files import write_atomic
from d2l_gan.models import mlp_D, relu_D
from d2l_gan.recipes import (
    MNIST_EARLIER,
    MNIST_EARLIER_SLOPE,
    MNIST_R1,
    RECIPES,
    make_nets,
    run_settings,
    settings,
)

OUT = Path(__file__).with_name('stabilised_digits.json')
SETTINGS = {'notebook 02': {}, 'ReLU D': {}, 'ReLU D + R1': MNIST_R1}


def run(name, seed):
    """Train notebook 02's GAN with setting `name`; return evaluate_digits' figures."""
    images, _ = d2l_gan.load_mnist()
    data = d2l_gan.to_pixels(images)
    d2l_gan.set_seed(seed)
    _, net_G = make_nets('mnist')
    net_D = mlp_D(MNIST_EARLIER_SLOPE) if name == 'notebook 02' else relu_D(128, 3)
    _, seconds = train_quietly(net_D, net_G, data,
                               run_settings('mnist', **MNIST_EARLIER, **SETTINGS[name]))
    report = judge_digits(net_G, RECIPES['mnist']['latent_dim'])
    return dict(report['generator'], seconds=seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, default=3)
    args = parser.parse_args()
    results = {name: [] for name in SETTINGS}
    for seed in range(1, args.seeds + 1):
        for name in SETTINGS:
            results[name].append(run(name, seed))
            r = results[name][-1]
            print(f"{name}, seed {seed}: classifier-FID {r['classifier_fid']:.1f}, confident "
                  f"{r['confident_share']:.3f}, coverage {r['coverage_entropy']:.3f}, "
                  f"{r['seconds']:.0f} s", flush=True)
    recipe = dict(settings('mnist'), **MNIST_EARLIER)
    write_atomic(OUT, json.dumps(dict(recipe=recipe, settings=SETTINGS, results=results),
                                 indent=1) + '\n')


if __name__ == '__main__':
    main()
