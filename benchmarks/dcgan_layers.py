"""Where notebook 04's DCGAN spends its time: each layer's forward + backward.

Builds the recipe 'dcgan' nets, feeds each top-level layer of G and D its real
input shape at the recipe's batch size (and at 64, to show what batching buys),
and times forward + backward of that layer alone (hybridized, 200 repeats after
30 warm-up, one wait for MXNet at each end). Every input gets a gradient, as
D's input does in the generator's update.
Then times the whole discriminator with each of two equivalent last layers,
because one layer timed alone hides what its neighbours cost it: a 7x7
convolution to one channel (the old head) and a dense layer over the 7x7
features (the course's), each after the same D_blocks, alternating, median
of five rounds.
Run alone: .venv/bin/python benchmarks/dcgan_layers.py

`.venv/bin/python benchmarks/dcgan_layers.py train HEAD EPOCHS` instead trains
the recipe 'dcgan' for EPOCHS with D's last layer HEAD (conv7 or dense) and
prints its images/s; two such commands alternated side by side compare the
whole training step.
"""
import sys
import time
from pathlib import Path

from mxnet import autograd, np
from mxnet.gluon import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mnist_step_parts import milliseconds  # noqa: E402

import d2l_gan  # noqa: E402
from d2l_gan.models import D_block  # noqa: E402
from d2l_gan.recipes import RECIPES, make_nets, train_kwargs  # noqa: E402

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
    compare_heads(R['batch_size'])


def discriminator(head):
    """notebook 04's D_blocks, then `head`: 'conv7' or 'dense' (the course's)."""
    net = nn.HybridSequential()
    net.add(D_block(32), D_block(64))
    net.add(*([nn.Conv2D(1, kernel_size=7), nn.Flatten()] if head == 'conv7'
              else [nn.Flatten(), nn.Dense(1)]))
    net.initialize(R['weight_init']())
    net.hybridize(static_alloc=True, static_shape=True)
    return net


def compare_heads(batch):
    X = np.random.normal(0, 1, size=(batch, *R['image_shape']))
    nets = {head: discriminator(head) for head in ('conv7', 'dense')}
    times = {head: [] for head in nets}
    for _ in range(5):
        for head, net in nets.items():
            times[head].append(layer_milliseconds(net, X.copy()))
    print(f'\n| batch {batch}: whole D, last layer | ms (fwd+bwd), median of 5 | all |')
    print('|---|---:|---|')
    for head, ms in times.items():
        print(f"| {head} | {sorted(ms)[2]:.2f} | {', '.join(f'{m:.2f}' for m in ms)} |")


def train_with_head(head, num_epochs):
    """Notebook 04's training for `num_epochs`, D ending with `head`."""
    if head not in ('conv7', 'dense') or num_epochs < 2:
        raise SystemExit(f"usage: dcgan_layers.py train conv7|dense EPOCHS (EPOCHS >= 2), "
                         f"not {head} {num_epochs}")
    data = d2l_gan.to_pixels(d2l_gan.load_mnist()[0]).reshape(-1, *R['image_shape'])
    d2l_gan.set_seed(1)
    net_D, net_G = discriminator(head), make_nets('dcgan')[1]
    seconds = []
    d2l_gan.train(net_D, net_G, data, **train_kwargs('dcgan', num_epochs=num_epochs),
                  on_epoch=lambda run: seconds.append(time.perf_counter()))
    per_epoch = len(data) // R['batch_size'] * R['batch_size']
    rate = per_epoch * (num_epochs - 1) / (seconds[-1] - seconds[0])
    print(f'D head {head}: {rate:.0f} images/s over epochs 2-{num_epochs}')


if __name__ == '__main__':
    if sys.argv[1:2] == ['train']:
        train_with_head(sys.argv[2], int(sys.argv[3]))
    else:
        main()
