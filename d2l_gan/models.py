"""The networks of the course, built from Gluon layers the d2l way."""
from mxnet import autograd, init, np, npx
from mxnet.gluon import nn


def ask(net, X, labels=None):
    """net(X): a discriminator's verdict or a generator's examples. A
    conditional net (notebook 06) also takes the one-hot `labels`: net(X, labels)."""
    return net(X) if labels is None else net(X, labels)


def gaussian_G():
    """A linear generator: it can only shift, stretch and rotate its noise."""
    net_G = nn.HybridSequential()
    net_G.add(nn.Dense(2))
    return net_G


def gaussian_D(activation='leaky', hidden=(5, 3)):
    """The chapter's discriminator: an MLP with 5 and 3 hidden units (or the
    sizes in `hidden`) and one logit; `activation` is 'leaky' (leaky ReLU,
    slope 0.2) or 'tanh'."""
    def act():
        return nn.LeakyReLU(0.2) if activation == 'leaky' else \
            nn.Activation(activation)
    net_D = nn.HybridSequential()
    for units in hidden:
        net_D.add(nn.Dense(units), act())
    net_D.add(nn.Dense(1))
    return net_D


class ReLU(nn.HybridBlock):
    """ReLU as an operator MXNet can differentiate twice: a gradient penalty
    differentiates D's input gradient again (nn.Activation cannot be)."""
    def hybrid_forward(self, F, x):
        return F.npx.relu(x)


class SpectralNormDense(nn.Block):
    """A dense layer whose weight is divided by its largest singular value
    (Miyato et al. 2018), so the layer can stretch no input by more than 1.

    The singular value comes from power iteration: one step per call, its
    vector u kept between calls, outside the gradient.
    """
    def __init__(self, units, in_units, **kwargs):
        super().__init__(**kwargs)
        self.weight = self.params.get('weight', shape=(units, in_units))
        self.bias = self.params.get('bias', shape=(units,), init='zeros')
        self.u = self.params.get('u', shape=(units,), init=init.Normal(1.0),
                                 grad_req='null')

    def sigma(self, W):
        """One power-iteration step: update u, return the estimate uᵀWv."""
        with autograd.pause():
            v = np.dot(self.u.data(), W)
            v = v / (np.linalg.norm(v) + 1e-12)
            u = np.dot(W, v)
            u = u / (np.linalg.norm(u) + 1e-12)
            self.u.set_data(u)
        return np.dot(u, np.dot(W, v))

    def forward(self, x):
        W = self.weight.data(x.ctx)
        # fully_connected, not np.dot: a penalty differentiates it twice
        return npx.fully_connected(x, W / self.sigma(W), self.bias.data(x.ctx),
                                   num_hidden=W.shape[0])


def mixture_G(latent_dim=2, hidden=128, num_layers=3):
    """A generator for 2-D mixtures: an MLP from `latent_dim` noise values
    through `num_layers` ReLU layers of `hidden` units to a point."""
    net_G = nn.HybridSequential()
    for _ in range(num_layers):
        net_G.add(nn.Dense(hidden), ReLU())
    net_G.add(nn.Dense(2))
    return net_G


def relu_D(hidden=128, num_layers=3, spectral_norm=False, in_units=2):
    """An MLP discriminator with `num_layers` ReLU layers of `hidden` units and
    one logit, which a gradient penalty can differentiate twice; with
    spectral_norm=True every layer is a SpectralNormDense for inputs of width
    `in_units` (2-D points by default)."""
    net_D = nn.Sequential() if spectral_norm else nn.HybridSequential()
    sizes = [in_units] + [hidden] * num_layers
    for i in range(num_layers):
        net_D.add(SpectralNormDense(hidden, sizes[i]) if spectral_norm
                  else nn.Dense(hidden), ReLU())
    net_D.add(SpectralNormDense(1, hidden) if spectral_norm else nn.Dense(1))
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


def mlp_D(alpha=0.2):
    """The original GAN's discriminator: 784 pixels, three hidden layers of
    128 leaky-ReLU units, one logit. The tutorial's slope `alpha` is 0.01;
    with 0.2 more of D's gradient reaches the generator."""
    net_D = nn.HybridSequential()
    for _ in range(3):
        net_D.add(nn.Dense(128), nn.LeakyReLU(alpha))
    net_D.add(nn.Dense(1))
    return net_D


def num_params(net, input_dim=2):
    """Initialize `net` for inputs of width `input_dim`; count its parameters."""
    net.initialize(force_reinit=True)
    net(np.zeros((1, input_dim)))  # the first call fixes the shapes
    return sum(p.data().size for p in net.collect_params().values())


def G_block(channels, kernel_size=4, strides=2, padding=1, batch_norm=True):
    """Transposed convolution, batch normalization, ReLU: with the default
    kernel 4, stride 2 and padding 1 it doubles the height and the width.
    Without batch normalization the convolution needs its own bias."""
    blk = nn.HybridSequential()
    blk.add(nn.Conv2DTranspose(channels, kernel_size, strides, padding,
                               use_bias=not batch_norm))
    if batch_norm:
        blk.add(nn.BatchNorm())
    blk.add(nn.Activation('relu'))
    return blk


def D_block(channels, kernel_size=4, strides=2, padding=1, alpha=0.2):
    """Strided convolution, batch normalization, leaky ReLU: with the
    defaults it halves the height and the width."""
    blk = nn.HybridSequential()
    blk.add(nn.Conv2D(channels, kernel_size, strides, padding, use_bias=False),
            nn.BatchNorm(), nn.LeakyReLU(alpha))
    return blk


def dcgan_G(latent_dim=100, channels=32, batch_norm=True):
    """DCGAN generator for 28x28 digits: noise as a 1x1 image with
    `latent_dim` channels, grown 1 → 7 → 14 → 28 by G_blocks (with
    `batch_norm=False`, G_blocks without batch normalization).

    The last step is a 1x1 convolution to one channel with tanh, not a
    one-channel Conv2DTranspose: MXNet 1.9.1's MKLDNN backward pass of a
    one-channel transposed convolution fails on some CPUs.
    """
    net_G = nn.HybridSequential()
    net_G.add(nn.HybridLambda(lambda F, Z: Z.reshape(-1, latent_dim, 1, 1)),
              G_block(channels * 2, kernel_size=7, strides=1, padding=0,
                      batch_norm=batch_norm),                 # 7x7
              G_block(channels, batch_norm=batch_norm),       # 14x14
              G_block(channels // 2, batch_norm=batch_norm),  # 28x28
              nn.Conv2D(1, kernel_size=1, activation='tanh'))
    return net_G


def dcgan_D(channels=32, alpha=0.2, hidden=None):
    """DCGAN discriminator for 28x28 digits: D_blocks 28 → 14 → 7, then a
    dense layer from the 7x7 features to one logit per image; `alpha` is the
    leaky ReLU's slope. With `hidden` units, a leaky ReLU layer of that width
    comes before the logit (notebook 07's size-matched DCGAN).

    The dense layer computes what a 7x7 convolution to one channel would,
    but MXNet 1.9.1's oneDNN runs that convolution, after batch
    normalization, several times slower on a CPU.
    """
    net_D = nn.HybridSequential()
    net_D.add(D_block(channels, alpha=alpha),      # 14x14
              D_block(channels * 2, alpha=alpha),  # 7x7
              nn.Flatten())
    if hidden:
        net_D.add(nn.Dense(hidden), nn.LeakyReLU(alpha))
    net_D.add(nn.Dense(1))
    return net_D


def join_columns(F, X, y):
    """F.np.concatenate([X, y], axis=1), through MXNet's classic `concat`:
    on a CPU, for whole arrays (not slices), it is about 30 times faster than
    MXNet 1.9's NumPy-style concatenate (benchmarks/RESULTS.md). It takes
    classic arrays, hence the conversions, which copy nothing."""
    return F.concat(X.as_nd_ndarray(), y.as_nd_ndarray(), dim=1).as_np_ndarray()


class JoinLabel(nn.HybridBlock):
    """A net told a label, as in the first conditional GAN (Mirza & Osindero
    2014): the one-hot label y joins the input x as more input values, and
    `body` reads both."""
    def __init__(self, body, **kwargs):
        super().__init__(**kwargs)
        self.body = body

    def hybrid_forward(self, F, X, y):
        return self.body(join_columns(F, X, y))


class ConditionalG(JoinLabel):
    """A conditional generator G(z, y): the one-hot label y joins the noise
    as `num_classes` more input values, and notebook 04's generator draws
    from both."""
    def __init__(self, latent_dim=100, num_classes=10, channels=32, **kwargs):
        super().__init__(dcgan_G(latent_dim + num_classes, channels), **kwargs)


class ProjectionD(nn.HybridBlock):
    """A projection discriminator (Miyato & Koyama 2018): D(x, y) =
    ψ(φ(x)) + yᵀVφ(x). Notebook 04's D_blocks compute the features φ(x); ψ
    scores how real they look, and the one-hot label y picks the row of V
    whose inner product with φ(x) scores how much x looks like that class."""
    def __init__(self, num_classes=10, channels=32, alpha=0.2, **kwargs):
        super().__init__(**kwargs)
        self.features = nn.HybridSequential()
        self.features.add(D_block(channels, alpha=alpha),      # 14x14
                          D_block(channels * 2, alpha=alpha),  # 7x7
                          nn.Flatten())
        self.score = nn.Dense(1)  # ψ
        self.embed = nn.Dense(channels * 2 * 7 * 7, use_bias=False)  # yᵀV

    def hybrid_forward(self, F, X, y):
        h = self.features(X)
        return self.score(h) + (self.embed(y) * h).sum(axis=1, keepdims=True)


def cdcgan_G(latent_dim=100, num_classes=10, channels=32):
    """Notebook 06's conditional DCGAN generator."""
    return ConditionalG(latent_dim, num_classes, channels)


def cdcgan_D(num_classes=10, channels=32):
    """Notebook 06's conditional DCGAN discriminator."""
    return ProjectionD(num_classes, channels)


def matched_dcgan_D(num_hidden=50):
    """Notebook 04's discriminator with a hidden layer of `num_hidden` units
    before its logit: as many weights as a projection discriminator for
    `num_hidden` clusters (cdcgan_D(num_hidden)) has, to within 2%."""
    return dcgan_D(hidden=num_hidden)


def cmlp_G(latent_dim=100, num_classes=10):
    """Notebook 02's generator told a label: its noise joined by the one-hot y
    (the first layer finds its width, latent_dim plus the number of labels, at
    the first call; `num_classes` is there for make_nets)."""
    return JoinLabel(mlp_G(latent_dim))


def cmlp_D(num_classes=10):
    """Notebook 02's discriminator told a label: its 784 pixels joined by the
    one-hot y (784 plus the number of labels, found at the first call;
    `num_classes` is there for make_nets)."""
    return JoinLabel(mlp_D())
