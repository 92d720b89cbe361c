"""The settings each course model trains with, shared by notebooks and the CLI."""
from mxnet import init

from .models import dcgan_D, dcgan_G, gaussian_D, gaussian_G, mlp_D, mlp_G

RECIPES = {
    # Notebook 01's course settings for the 2-D Gaussian (1,000 points).
    'gaussian': dict(data='gaussian', make_D=gaussian_D, make_G=gaussian_G,
                     latent_dim=2, num_epochs=30, batch_size=16, lr_D=0.1, lr_G=0.01,
                     optimizer_D='adam', optimizer_G='adam', beta1=0.5,
                     real_label=1.0, weight_init=lambda: init.Normal(0.02), average_from=21),
    # Notebook 02, the original fully-connected GAN of the MNIST tutorial:
    # the tutorial's nets, optimisers, learning rates, batch and label
    # smoothing; Xavier initialisation (as Keras has by default) and the
    # generator's weights averaged over the last 100 epochs are the course's.
    'mnist': dict(data='mnist', image_shape=(784,), make_D=mlp_D, make_G=mlp_G, latent_dim=100,
                  num_epochs=400, batch_size=256, lr_D=2e-4, lr_G=2e-4, optimizer_D='rmsprop',
                  optimizer_G='adam', beta1=0.9, real_label=0.9, weight_init=init.Xavier,
                  average_from=301),
    # Notebook 04, DCGAN: the d2l book's Adam with beta1 0.5 and Normal(0.02)
    # initialisation, the DCGAN paper's lr 2e-4 (the book uses 0.005), on
    # notebook 02's digits; batch 16, because in a fixed time more, smaller
    # steps gave better digits than batch 32 or 64; 28 epochs fit in five
    # minutes on two CPU cores and, over three seeds, gave a lower cFID, more
    # confident digits and a wider coverage than 20 (benchmarks/RESULTS.md).
    'dcgan': dict(data='mnist', image_shape=(1, 28, 28), make_D=dcgan_D,
                  make_G=dcgan_G, latent_dim=100, num_epochs=28, batch_size=16,
                  lr_D=2e-4, lr_G=2e-4, optimizer_D='adam', optimizer_G='adam',
                  beta1=0.5, real_label=1.0,
                  weight_init=lambda: init.Normal(0.02), average_from=None),
}


TRAIN_ARGS = ('num_epochs', 'lr_D', 'lr_G', 'latent_dim', 'batch_size', 'beta1',
              'average_from', 'optimizer_D', 'optimizer_G', 'real_label')


def train_kwargs(name, **changes):
    """The keyword arguments of `train` for the recipe `name`, with `changes`
    (e.g. num_epochs=5) applied."""
    recipe = RECIPES[name]
    unknown = set(changes) - set(TRAIN_ARGS)
    if unknown:
        raise ValueError(f'{sorted(unknown)} are not settings of a recipe; '
                         f'choose from {TRAIN_ARGS}')
    return dict({k: recipe[k] for k in TRAIN_ARGS},
                weight_init=recipe['weight_init'](), **changes)


def make_nets(name):
    """The discriminator and generator of recipe `name` (uninitialized); an
    image model's generator is built for the recipe's latent_dim."""
    recipe = RECIPES[name]
    if recipe['data'] == 'gaussian':  # a linear map of 2-D noise
        return recipe['make_D'](), recipe['make_G']()
    return recipe['make_D'](), recipe['make_G'](recipe['latent_dim'])


def image_models():
    """The recipes that train on MNIST digits (the CLI's models)."""
    return sorted(name for name, r in RECIPES.items() if r['data'] == 'mnist')


def settings(name):
    """The recipe `name` as plain JSON-able values (nets and initialiser by
    name), to record next to measured results."""
    recipe = RECIPES[name]
    return dict({k: recipe[k] for k in TRAIN_ARGS},
                make_D=recipe['make_D'].__name__, make_G=recipe['make_G'].__name__,
                weight_init=recipe['weight_init']().dumps())
