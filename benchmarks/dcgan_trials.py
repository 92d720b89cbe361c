"""Try other nets for notebook 04's DCGAN and judge the digits (issue 10).

    .venv/bin/python benchmarks/dcgan_trials.py                  # the recipe's nets
    .venv/bin/python benchmarks/dcgan_trials.py --no-first-bn    # no BN on D's input
    .venv/bin/python benchmarks/dcgan_trials.py --decay 0.25     # rates fall at the end
    .venv/bin/python benchmarks/dcgan_trials.py --g-channels 64 num_epochs=24

Trains recipe `dcgan` (seed 1 unless --seed) with `train` settings changed as
given, its generator `dcgan_G` with `--g-channels` and its discriminator built
as `dcgan_D` with the changes asked for: `--d-channels`, `--no-first-bn`
(the first D_block without batch normalization, as the DCGAN paper has it),
`--dropout` after each D_block; `--decay s`: both learning rates fall
linearly over the last share s of the epochs (`linear_decay`). Then prints
one Markdown row with notebook 03's metrics of 2,500 digits (MXNet seed 0):
the training seconds, classifier-FID, confident share, coverage entropy and
largest class. These are prototypes outside `d2l_gan`; a variant that helps
moves into the module and the notebook.
"""
import argparse
import ast
import contextlib
import io
import sys
import time

from mxnet import np
from mxnet.gluon import nn

import d2l_gan
from d2l_gan.metrics import evaluate_digits
from d2l_gan.models import D_block, dcgan_G
from d2l_gan.recipes import train_kwargs


def variant_D(channels=32, first_bn=True, dropout=0.0, alpha=0.2):
    """dcgan_D with the asked-for changes; with the defaults it is dcgan_D itself."""
    net_D = nn.HybridSequential()
    for i, width in enumerate((channels, channels * 2)):
        if i == 0 and not first_bn:
            net_D.add(nn.Conv2D(width, 4, 2, 1), nn.LeakyReLU(alpha))
        else:
            net_D.add(D_block(width, alpha=alpha))
        if dropout:
            net_D.add(nn.Dropout(dropout))
    net_D.add(nn.Flatten(), nn.Dense(1))
    return net_D


def decay_hook(kwargs, share):
    """linear_decay over the last `share` of the epochs of `train(**kwargs)`
    (None when `share` is 0), as benchmarks/mixtures.py --decay."""
    if not share:
        return None
    n = kwargs['num_epochs']
    return d2l_gan.linear_decay(kwargs['lr_D'], kwargs['lr_G'], round(n * (1 - share)), n)


def parse_trial(p):
    """Add the arguments every trial script shares (train settings, --seed,
    --decay) to the parser `p`, parse, and return (args, settings changed)."""
    p.add_argument('changes', nargs='*', help='train settings, e.g. lr_D=4e-4')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--decay', type=float, default=0.0,
                   help='share of the last epochs over which both learning rates '
                        'fall linearly (linear_decay); 0: constant')
    args = p.parse_args()
    if not 0 <= args.decay <= 1:
        p.error(f'--decay is a share of the epochs, from 0 to 1; got {args.decay}')
    return args, {k: ast.literal_eval(v) for k, v in (c.split('=', 1) for c in args.changes)}


def train_and_judge(net_D, net_G, data, kwargs, args, sample=None):
    """Train with `train(**kwargs)` (and --decay), judge 2,500 digits from
    seed 0 (drawn by `sample(Z)`, by default net_G(Z)) and print one Markdown
    row: arguments, seed, seconds, the metrics."""
    tic = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        d2l_gan.train(net_D, net_G, data, on_epoch=decay_hook(kwargs, args.decay), **kwargs)
    seconds = time.perf_counter() - tic
    d2l_gan.set_seed(0)
    Z = np.random.normal(0, 1, size=(2500, kwargs['latent_dim']))
    m = evaluate_digits((sample or net_G)(Z).asnumpy())['generator']
    print(f"| {' '.join(sys.argv[1:]) or 'recipe'} | {args.seed} | {seconds:.0f} | "
          f"{m['classifier_fid']:.2f} | {m['confident_share']:.3f} | "
          f"{m['coverage_entropy']:.3f} | {m['largest_class_share']:.3f} |", flush=True)
    print(f"near-copy share {m['near_copy_share']:.3f}", file=sys.stderr, flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--g-channels', type=int, default=32)
    p.add_argument('--d-channels', type=int, default=32)
    p.add_argument('--no-first-bn', action='store_true')
    p.add_argument('--dropout', type=float, default=0.0)
    args, changes = parse_trial(p)
    if min(args.g_channels, args.d_channels) < 2 or not 0 <= args.dropout < 1:
        p.error('--g-channels and --d-channels must be at least 2 and --dropout in '
                f'[0, 1); got {args.g_channels}, {args.d_channels}, {args.dropout}')
    kwargs = train_kwargs('dcgan', **changes)
    images, _ = d2l_gan.load_mnist()
    data = d2l_gan.to_pixels(images).reshape(-1, 1, 28, 28)
    d2l_gan.set_seed(args.seed)
    net_G = dcgan_G(kwargs['latent_dim'], args.g_channels)
    net_D = variant_D(args.d_channels, not args.no_first_bn, args.dropout)
    train_and_judge(net_D, net_G, data, kwargs, args)


if __name__ == '__main__':
    main()
