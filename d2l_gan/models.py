"""The networks of the course, built from Gluon layers the d2l way."""
from mxnet import np
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


def mlp_G(latent_dim=100):
    """The original GAN's generator for 28x28 digits: an MLP from noise to
    784 pixels in [-1, 1] (tanh)."""
    net_G = nn.HybridSequential()
    net_G.add(nn.Dense(latent_dim),
              nn.Dense(128), nn.LeakyReLU(0.01),
              nn.Dense(128), nn.LeakyReLU(0.01),
              nn.Dense(256), nn.LeakyReLU(0.01),
              nn.Dense(784, activation='tanh'))
    return net_G


def mlp_D():
    """The original GAN's discriminator: 784 pixels, three hidden layers of
    128 leaky-ReLU units, one logit."""
    net_D = nn.HybridSequential()
    for _ in range(3):
        net_D.add(nn.Dense(128), nn.LeakyReLU(0.01))
    net_D.add(nn.Dense(1))
    return net_D


def num_params(net, input_dim=2):
    """Initialize `net` for inputs of width `input_dim`; count its parameters."""
    net.initialize(force_reinit=True)
    net(np.zeros((1, input_dim)))  # the first call fixes the shapes
    return sum(p.data().size for p in net.collect_params().values())
