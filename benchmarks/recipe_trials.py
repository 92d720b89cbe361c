"""Try changes to a recipe and judge the digits (issue 10's search).

    .venv/bin/python benchmarks/recipe_trials.py dcgan                      # the recipe
    .venv/bin/python benchmarks/recipe_trials.py dcgan real_label=0.9 lr_D=4e-4
    .venv/bin/python benchmarks/recipe_trials.py --seed 2 dcgan average_from=16

Trains the recipe with the given `train` settings changed (seed 1 unless
--seed), then prints notebook 03's metrics for 2,500 digits (MXNet seed 0)
generated two ways: as the course samples (batch normalisation with its
running statistics, prediction mode) and, for nets with batch normalisation,
with the statistics of each generated batch of 100 (training mode; this may
move G's running statistics, so it is measured second). One row per way, with
the training seconds.
"""
import argparse
import ast
import contextlib
import io
import time

from mxnet import autograd, np

import d2l_gan
from d2l_gan.metrics import evaluate_digits
from d2l_gan.recipes import RECIPES, make_nets, train_kwargs


def generated(net_G, latent_dim, batch_stats):
    d2l_gan.set_seed(0)
    Z = np.random.normal(0, 1, size=(2500, latent_dim))
    if not batch_stats:
        return net_G(Z).asnumpy()
    with autograd.train_mode():
        return np.concatenate([net_G(Z[i:i + 100]) for i in range(0, 2500, 100)]).asnumpy()


def main():
    p = argparse.ArgumentParser()
    p.add_argument('model', choices=sorted(RECIPES))
    p.add_argument('changes', nargs='*', help='train settings, e.g. lr_D=4e-4')
    p.add_argument('--seed', type=int, default=1)
    args = p.parse_args()
    changes = {k: ast.literal_eval(v) for k, v in (c.split('=', 1) for c in args.changes)}
    recipe = RECIPES[args.model]
    images, _ = d2l_gan.load_mnist()
    data = d2l_gan.to_pixels(images).reshape(-1, *recipe['image_shape'])
    d2l_gan.set_seed(args.seed)
    net_D, net_G = make_nets(args.model)
    tic = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        d2l_gan.train(net_D, net_G, data, **train_kwargs(args.model, **changes))
    seconds = time.perf_counter() - tic
    label = ' '.join(args.changes) or 'recipe'
    ways = [('running stats', False)]
    if any('running_mean' in k for k in net_G.collect_params()):
        ways.append(('batch stats', True))
    for way, batch_stats in ways:
        m = evaluate_digits(generated(net_G, recipe['latent_dim'], batch_stats))['generator']
        print(f"| {args.model} {label} (seed {args.seed}), {way} | {seconds:.0f} | "
              f"{m['classifier_fid']:.2f} | {m['confident_share']:.3f} | "
              f"{m['coverage_entropy']:.3f} | {m['largest_class_share']:.3f} |", flush=True)


if __name__ == '__main__':
    main()
