"""Where notebook 04's DCGAN spends its time: each layer's forward + backward.

Builds the recipe 'dcgan' nets, feeds each top-level layer of G and D its real
input shape at the recipe's batch size (and at 64, to show what batching buys),
and times forward + backward of that layer alone (hybridized, 200 repeats after
30 warm-up, one wait for MXNet at each end). Every input gets a gradient, as
D's input does in the generator's update.
Run alone: .venv/bin/python benchmarks/dcgan_layers.py
"""
import sys
from pathlib import Path

from mxnet import autograd, np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mnist_step_parts import milliseconds  # noqa: E402

import d2l_gan  # noqa: E402
from d2l_gan.recipes import RECIPES, make_nets  # noqa: E402

R = RECIPES['dcgan']


def layer_milliseconds(layer, x):
    """Forward + backward of `layer` on `x`, with a gradient for `x`."""
    x.attach_grad()

    def step():
        with autograd.record():
            y = layer(x).sum()
        y.backward()
    return milliseconds(step, repeats=200)


def layer_times(net, x):
    rows = []
    for i, layer in enumerate(net):
        layer.hybridize(static_alloc=True, static_shape=True)
        x_in = x.copy()
        ms = layer_milliseconds(layer, x_in)
        name = type(layer).__name__
        if name == 'HybridSequential':
            name = '+'.join(type(b).__name__ for b in layer)
        rows.append((i, name, tuple(x.shape), ms))
        x = layer(x)
    return rows


def main():
    d2l_gan.set_seed(0)
    for batch in (R['batch_size'], 64):
        net_D, net_G = make_nets('dcgan')
        for net in (net_D, net_G):
            net.initialize(R['weight_init']())
        Z = np.random.normal(0, 1, size=(batch, R['latent_dim']))
        X = np.random.normal(0, 1, size=(batch, *R['image_shape']))
        print(f'\n| batch {batch}: layer | input shape | ms (fwd+bwd) | ms per 1,000 images |')
        print('|---|---|---:|---:|')
        total = 0
        for net_name, net, x in (('G', net_G, Z), ('D', net_D, X)):
            for i, name, shape, ms in layer_times(net, x):
                total += ms
                print(f'| {net_name}[{i}] {name} | {shape} | {ms:.2f} | {ms / batch * 1e3:.1f} |',
                      flush=True)
        print(f'| sum of one G and one D pass | | {total:.2f} | {total / batch * 1e3:.1f} |')


if __name__ == '__main__':
    main()
