"""Does the discriminator memorise the 5,000 training digits? (issue 10)

Trains a recipe (seed 1) on 4,000 digits of the offline sample and, after
every epoch, shows D 1,000 of its training digits, the 1,000 held-out digits
it never sees, and 1,000 fresh generated digits. A D that generalises calls
held-out digits "real" as often as training digits; a D that memorises
rejects held-out digits more and more, and then its verdicts are not about
what a real digit looks like. Prints D's mean probability of "real" for each,
every few epochs. D judges in training mode (batch statistics in its batch
normalisation, as in its updates; its running statistics are never used), G
generates in prediction mode.
Run alone: .venv/bin/python benchmarks/d_overfitting.py [dcgan|mnist ...]
"""
import contextlib
import io
import sys

from mxnet import autograd, np, npx

import d2l_gan
from d2l_gan.classifier import sample_split
from d2l_gan.recipes import RECIPES, make_nets, train_kwargs


def mean_real(net_D, X):
    """D's mean probability that the examples X are real, judged as in training."""
    with autograd.train_mode():
        return float(npx.sigmoid(net_D(X)).mean())


def measure(name):
    recipe = RECIPES[name]
    images, _ = d2l_gan.load_mnist()
    train_idx, held_idx = sample_split()
    shape = recipe['image_shape']
    train = d2l_gan.to_pixels(images[train_idx]).reshape(-1, *shape)
    held = d2l_gan.to_pixels(images[held_idx]).reshape(-1, *shape)
    rows = []
    every = max(1, recipe['num_epochs'] // 10)

    def check(run):
        epoch = run['epoch']
        if epoch % every and epoch != recipe['num_epochs']:
            return
        Z = np.random.normal(0, 1, size=(1000, recipe['latent_dim']))
        net_D = run['net_D']
        rows.append((epoch, mean_real(net_D, train[:1000]),
                     mean_real(net_D, held), mean_real(net_D, run['net_G'](Z))))

    d2l_gan.set_seed(1)
    with contextlib.redirect_stdout(io.StringIO()):
        d2l_gan.train(*make_nets(name), train, **train_kwargs(name), on_epoch=check)
    print(f'\n{name}: D\'s mean P(real) (trained on 4,000 digits, seed 1)')
    print('| epoch | training digits | held-out digits | generated |')
    print('|---:|---:|---:|---:|')
    for epoch, tr, he, ge in rows:
        print(f'| {epoch} | {tr:.3f} | {he:.3f} | {ge:.3f} |', flush=True)


if __name__ == '__main__':
    for name in sys.argv[1:] or ['dcgan', 'mnist']:
        measure(name)
