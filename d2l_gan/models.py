"""The networks of the course, built from Gluon layers the d2l way."""
from mxnet.gluon import nn


def gaussian_G():
    """A linear generator: it can only shift, stretch and rotate its noise."""
    net_G = nn.HybridSequential()
    net_G.add(nn.Dense(2))
    return net_G


def gaussian_D(activation='leaky'):
    """The chapter's discriminator: an MLP with 5 and 3 hidden units and one
    logit; `activation` is 'leaky' (leaky ReLU, slope 0.2) or 'tanh'."""
    def act():
        return nn.LeakyReLU(0.2) if activation == 'leaky' else \
            nn.Activation(activation)
    net_D = nn.HybridSequential()
    net_D.add(nn.Dense(5), act(), nn.Dense(3), act(), nn.Dense(1))
    return net_D
