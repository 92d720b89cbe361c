"""The settings each course model trains with, shared by notebooks and the CLI."""
from mxnet import init

from .models import mlp_D, mlp_G

# Notebook 02: the original fully-connected GAN of the MNIST tutorial.
RECIPES = {
    # The tutorial's nets, optimisers, learning rates, batch and label
    # smoothing; Xavier initialisation (as Keras has by default) and the
    # generator's weights averaged over the last 100 epochs are the course's.
    'mnist': dict(make_D=mlp_D, make_G=mlp_G, latent_dim=100, num_epochs=400,
                  batch_size=256, lr_D=2e-4, lr_G=2e-4, optimizer_D='rmsprop',
                  beta1=0.9, real_label=0.9, weight_init=init.Xavier,
                  average_from=301),
}
