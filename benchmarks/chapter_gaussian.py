"""The d2l chapter's Gaussian GAN, as the chapter writes it: the baseline.

Kept verbatim in spirit (DataLoader, float() after every step, un-hybridized
Sequential nets, tanh discriminator) so that benchmarks/gaussian_gan.py can
time it next to the course's version. Not used by the course itself.
"""
import d2l_gan.compat  # noqa: F401  (before MXNet, for Python 3.12 and 3.13)

# isort: split

from d2l import mxnet as d2l
from mxnet import autograd, gluon, init, np
from mxnet.gluon import nn


def update_D(X, Z, net_D, net_G, loss, trainer_D):
    batch_size = X.shape[0]
    ones = np.ones((batch_size,), ctx=X.ctx)
    zeros = np.zeros((batch_size,), ctx=X.ctx)
    with autograd.record():
        real_Y = net_D(X)
        fake_X = net_G(Z)
        fake_Y = net_D(fake_X.detach())
        loss_D = (loss(real_Y, ones) + loss(fake_Y, zeros)) / 2
    loss_D.backward()
    trainer_D.step(batch_size)
    return float(loss_D.sum())


def update_G(Z, net_D, net_G, loss, trainer_G):
    batch_size = Z.shape[0]
    ones = np.ones((batch_size,), ctx=Z.ctx)
    with autograd.record():
        fake_X = net_G(Z)
        fake_Y = net_D(fake_X)
        loss_G = loss(fake_Y, ones)
    loss_G.backward()
    trainer_G.step(batch_size)
    return float(loss_G.sum())


def train_chapter(data, num_epochs=20, lr_D=0.05, lr_G=0.005, latent_dim=2,
                  batch_size=8):
    """The chapter's nets and loop (without its plots); returns net_G."""
    data_iter = d2l.load_array((data,), batch_size)
    net_G = nn.Sequential()
    net_G.add(nn.Dense(2))
    net_D = nn.Sequential()
    net_D.add(nn.Dense(5, activation='tanh'), nn.Dense(3, activation='tanh'),
              nn.Dense(1))
    loss = gluon.loss.SigmoidBCELoss()
    net_D.initialize(init=init.Normal(0.02), force_reinit=True)
    net_G.initialize(init=init.Normal(0.02), force_reinit=True)
    trainer_D = gluon.Trainer(net_D.collect_params(), 'adam', {'learning_rate': lr_D})
    trainer_G = gluon.Trainer(net_G.collect_params(), 'adam', {'learning_rate': lr_G})
    for epoch in range(num_epochs):
        for X in data_iter:
            Z = np.random.normal(0, 1, size=(X.shape[0], latent_dim))
            update_D(X, Z, net_D, net_G, loss, trainer_D)
            update_G(Z, net_D, net_G, loss, trainer_G)
    return net_G
