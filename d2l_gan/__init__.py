"""d2l_gan: the helpers that the course notebooks introduce in their ``#@save`` cells.

Importing the package switches MXNet to its NumPy interface (``npx.set_np()``),
as every d2l notebook does.
"""
from mxnet import npx

npx.set_np()

from .data import (shuffled_batches, check_data, gaussian_data,  # noqa: E402
                   read_idx, download, fetch_mnist, load_mnist,
                   load_mnist_sample, to_pixels)
from .models import (gaussian_G, gaussian_D, mlp_G, mlp_D,  # noqa: E402
                     num_params, G_block, D_block, dcgan_G, dcgan_D)
from .metrics import frechet_distance, gaussian_fit  # noqa: E402
from .plot import (in_notebook, show_scatter, image_grid,  # noqa: E402
                   show_images, save_gif)
from .train import (set_seed, update_D, update_G, train,  # noqa: E402
                    running_mean, make_trainer, train_epoch)

__all__ = ['shuffled_batches', 'check_data', 'gaussian_data', 'read_idx',
           'download', 'fetch_mnist', 'load_mnist', 'load_mnist_sample', 'to_pixels', 'gaussian_G',
           'gaussian_D', 'mlp_G', 'mlp_D', 'num_params', 'G_block', 'D_block',
           'dcgan_G', 'dcgan_D', 'image_grid', 'show_images', 'save_gif',
           'make_trainer', 'train_epoch', 'frechet_distance',
           'gaussian_fit', 'in_notebook', 'show_scatter', 'set_seed',
           'update_D', 'update_G', 'train', 'running_mean']
