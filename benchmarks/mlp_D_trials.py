"""Try other discriminators for notebook 02's GAN and judge the digits (issue 10).

    .venv/bin/python benchmarks/mlp_D_trials.py                      # the recipe's D
    .venv/bin/python benchmarks/mlp_D_trials.py --pack 2 lr_D=4e-4   # PacGAN, D twice as fast
    .venv/bin/python benchmarks/mlp_D_trials.py --seed 2 --dropout 0.3

Trains recipe `mnist` (seed 1 unless --seed) with `train` settings changed as
given, and its discriminator built as `mlp_D` with the changes asked for:
`--width` units per hidden layer, `--dropout` after each of them,
`--minibatch-std` (the standard deviation over the minibatch, averaged over
features, as an extra input of the last hidden layer; Karras et al. 2018) or
`--pack m` (PacGAN, Lin et al. 2018: D judges m examples at once, joined into
one row, and its verdict counts for each of them); `--decay s`: both
learning rates fall linearly over the last share s of the epochs. Then prints
one Markdown row with notebook 03's metrics of 2,500 digits (MXNet seed 0):
the training seconds, classifier-FID, confident share, coverage entropy and
largest class.
These are prototypes outside `d2l_gan`; a variant that helps moves into the
module and the notebook.
"""
import argparse
import sys
from pathlib import Path

from mxnet.gluon import nn

import d2l_gan
from d2l_gan.recipes import make_nets, train_kwargs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dcgan_trials import parse_trial, train_and_judge  # noqa: E402


class MinibatchStd(nn.HybridBlock):
    """Append one feature: the spread of the minibatch (a collapsed G has little)."""
    def hybrid_forward(self, F, x):
        spread = F.np.sqrt(F.np.var(x, axis=0) + 1e-8).mean()
        return F.np.concatenate([x, F.np.ones_like(x[:, :1]) * spread], axis=1)


class Packed(nn.HybridBlock):
    """D over packs of m examples: rows i*m..i*m+m-1 are joined into one row of
    m*784 pixels, and the pack's logit is repeated for each of its examples."""
    def __init__(self, body, m, **kwargs):
        super().__init__(**kwargs)
        self.body, self.m = body, m

    def hybrid_forward(self, F, x):
        return F.np.repeat(self.body(x.reshape((-1, self.m * 784))), self.m, axis=0)


def variant_D(alpha=0.2, width=128, dropout=0.0, minibatch_std=False, pack=1):
    """mlp_D with the asked-for changes; with the defaults it is mlp_D itself."""
    net_D = nn.HybridSequential()
    for layer in range(3):
        if minibatch_std and layer == 2:
            net_D.add(MinibatchStd())
        net_D.add(nn.Dense(width), nn.LeakyReLU(alpha))
        if dropout:
            net_D.add(nn.Dropout(dropout))
    net_D.add(nn.Dense(1))
    return Packed(net_D, pack) if pack > 1 else net_D


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--width', type=int, default=128)
    p.add_argument('--dropout', type=float, default=0.0)
    p.add_argument('--minibatch-std', action='store_true')
    p.add_argument('--pack', type=int, default=1)
    args, changes = parse_trial(p)
    kwargs = train_kwargs('mnist', **changes)
    if args.pack < 1 or kwargs['batch_size'] % args.pack:
        p.error(f"--pack must be >= 1 and divide the batch size {kwargs['batch_size']}; "
                f"got {args.pack}")
    images, _ = d2l_gan.load_mnist()
    data = d2l_gan.to_pixels(images)
    d2l_gan.set_seed(args.seed)
    _, net_G = make_nets('mnist')
    net_D = variant_D(width=args.width, dropout=args.dropout,
                      minibatch_std=args.minibatch_std, pack=args.pack)
    train_and_judge(net_D, net_G, data, kwargs, args)


if __name__ == '__main__':
    main()
