"""Notebook 02's speed benchmark: images/s of training, plain vs course.

* plain: a straightforward Gluon port of the MNIST GAN, written the way the
  d2l chapter writes its loop: un-hybridized nets, a DataLoader, float() after
  every step (benchmarks/chapter_gaussian.py's update_D/update_G).
* course: d2l_gan.train with the recipe 'mnist' (hybridized nets, pre-shuffled
  array slicing, one host sync per epoch), timed from the end of its first
  epoch (warm-up) to the end of the last through its on_epoch hook.

Both train the same nets (recipe 'mnist': batch 256, RMSprop for D, Adam for G)
on the offline 5,000-digit sample. Images/s counts real images per second of
training (one D step and one G step per minibatch).
Run: .venv/bin/python benchmarks/mnist_speed.py
"""
import d2l_gan.compat  # noqa: F401  (before MXNet, for Python 3.12 and 3.13)

# isort: split

import os
import platform
import time

from chapter_gaussian import update_D, update_G
from harness import train_quietly
from mxnet import gluon, np

import d2l_gan
from d2l_gan.recipes import RECIPES, make_nets, run_settings

R = RECIPES['mnist']
EPOCHS = 10  # timed, after one warm-up epoch


def plain_images_per_second(data):
    net_D, net_G = make_nets('mnist')
    for net in (net_D, net_G):
        net.initialize(R['weight_init']())
    loss = gluon.loss.SigmoidBCELoss()
    trainer_D = d2l_gan.make_trainer(net_D, R['optimizer_D'], R['lr_D'])
    trainer_G = d2l_gan.make_trainer(net_G, R['optimizer_G'], R['lr_G'])
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(data), R['batch_size'],
                                   shuffle=True, last_batch='discard')
    times = []
    for _ in range(EPOCHS + 1):
        for X in loader:
            Z = np.random.normal(0, 1, size=(X.shape[0], R['latent_dim']))
            update_D(X, Z, net_D, net_G, loss, trainer_D)
            update_G(Z, net_D, net_G, loss, trainer_G)
        times.append(time.perf_counter())
    return images_per_second(data, times)


def course_images_per_second(data):
    times = []
    train_quietly(*make_nets('mnist'), data, run_settings('mnist', num_epochs=EPOCHS + 1),
                  on_epoch=lambda run: times.append(time.perf_counter()))
    return images_per_second(data, times)


def images_per_second(data, epoch_ends):
    """Images/s between the end of the first epoch and the end of the last."""
    n = data.shape[0] // R['batch_size'] * R['batch_size'] * (len(epoch_ends) - 1)
    return n / (epoch_ends[-1] - epoch_ends[0])


def main():
    d2l_gan.set_seed(0)
    data = d2l_gan.to_pixels(d2l_gan.load_mnist()[0])
    print(f'# {platform.machine()}, {os.cpu_count()} cores, Python '
          f'{platform.python_version()}, batch {R["batch_size"]}, 5,000 digits')
    print('| loop | images/s |')
    print('|---|---:|')
    for name, measure in [('plain Gluon port', plain_images_per_second),
                          ('course train (recipe mnist)', course_images_per_second)]:
        print(f'| {name} | {measure(data):,.0f} |', flush=True)


if __name__ == '__main__':
    main()
