"""Notebook 02's speed benchmark: images/s of one training epoch, plain vs course.

* plain: a straightforward Gluon port of the MNIST GAN, written the way the
  d2l chapter writes its loop: un-hybridized nets, a DataLoader, float() after
  every step (benchmarks/chapter_gaussian.py's update_D/update_G).
* course: d2l_gan.train_epoch with the nets hybridized (static_alloc,
  static_shape), pre-shuffled array slicing and one host sync per epoch.

Both train the same nets (recipe 'mnist': batch 256, RMSprop for D, Adam for G)
on the offline 5,000-digit sample. Images/s counts real images per second of
training (one D step and one G step per minibatch).
Run: .venv/bin/python benchmarks/mnist_speed.py
"""
import os
import platform
import sys
import time
from pathlib import Path

from mxnet import gluon, np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import d2l_gan  # noqa: E402
from chapter_gaussian import update_D, update_G  # noqa: E402
from d2l_gan.recipes import RECIPES  # noqa: E402

R = RECIPES['mnist']


def nets(hybridize):
    net_D, net_G = R['make_D'](), R['make_G']()
    for net in (net_D, net_G):
        net.initialize(R['weight_init']())
    loss = gluon.loss.SigmoidBCELoss()
    if hybridize:
        for net in (net_D, net_G, loss):
            net.hybridize(static_alloc=True, static_shape=True)
    trainer_D = d2l_gan.make_trainer(net_D, R['optimizer_D'], R['lr_D'])
    trainer_G = d2l_gan.make_trainer(net_G, 'adam', R['lr_G'])
    return net_D, net_G, loss, trainer_D, trainer_G


def plain_epoch(data, net_D, net_G, loss, trainer_D, trainer_G):
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(data), R['batch_size'],
                                   shuffle=True, last_batch='discard')
    for X in loader:
        Z = np.random.normal(0, 1, size=(X.shape[0], R['latent_dim']))
        update_D(X, Z, net_D, net_G, loss, trainer_D)
        update_G(Z, net_D, net_G, loss, trainer_G)


def course_epoch(data, net_D, net_G, loss, trainer_D, trainer_G):
    d2l_gan.train_epoch(net_D, net_G, data, R['batch_size'], R['latent_dim'],
                        loss, trainer_D, trainer_G, R['real_label'])


def images_per_second(epoch, hybridize, data, epochs=10):
    parts = nets(hybridize)
    epoch(data, *parts)  # warm-up: shapes, graphs, memory
    np.zeros(1).asnumpy()
    start = time.perf_counter()
    for _ in range(epochs):
        epoch(data, *parts)
    np.zeros(1).asnumpy()
    n = data.shape[0] // R['batch_size'] * R['batch_size'] * epochs
    return n / (time.perf_counter() - start)


def main():
    d2l_gan.set_seed(0)
    data = d2l_gan.to_pixels(d2l_gan.load_mnist()[0])
    print(f'# {platform.machine()}, {os.cpu_count()} cores, Python '
          f'{platform.python_version()}, batch {R["batch_size"]}, 5,000 digits')
    print('| loop | images/s |')
    print('|---|---:|')
    for name, epoch, hybridize in [('plain Gluon port', plain_epoch, False),
                                   ('course train_epoch', course_epoch, True)]:
        print(f'| {name} | {images_per_second(epoch, hybridize, data):,.0f} |',
              flush=True)


if __name__ == '__main__':
    main()
