"""d2l_gan: the helpers that the course notebooks introduce in their ``#@save`` cells.

Importing the package switches MXNet to its NumPy interface (``npx.set_np()``),
as every d2l notebook does. It first imports d2l_gan.compat, which lets
MXNet 1.9.1 import on Python 3.12 and 3.13.
"""
from . import compat  # noqa: F401  (before MXNet)

# isort: split
from mxnet import npx

npx.set_np()

from .clusters import cluster_shares, deskew, draw_clusters, kmeans, purity  # noqa: E402
from .data import (  # noqa: E402
                   check_data,
                   check_labels,
                   download,
                   epoch_share,
                   fetch_mnist,
                   gaussian_data,
                   load_mnist,
                   load_mnist_sample,
                   load_mnist_unseen,
                   num_batches,
                   one_hot,
                   read_idx,
                   shuffled_batches,
                   to_pixels,
)
from .latent import interpolate  # noqa: E402
from .metrics import frechet_distance, gaussian_fit  # noqa: E402
from .models import (  # noqa: E402
                   ConditionalG,
                   D_block,
                   G_block,
                   JoinLabel,
                   ProjectionD,
                   ask,
                   cdcgan_D,
                   cdcgan_G,
                   cmlp_D,
                   cmlp_G,
                   dcgan_D,
                   dcgan_G,
                   gaussian_D,
                   gaussian_G,
                   join_columns,
                   mlp_D,
                   mlp_G,
                   num_params,
)
from .plot import (  # noqa: E402
                   image_grid,
                   in_notebook,
                   keep_frames,
                   loss_animator,
                   save_gif,
                   show_images,
                   show_nearest,
                   show_samples,
                   show_scatter,
)
from .seeding import set_seed  # noqa: E402
from .training import (  # noqa: E402
                   Run,
                   WassersteinLoss,
                   check_penalty,
                   end_epoch,
                   gradient_penalty,
                   linear_decay,
                   make_loss,
                   make_trainer,
                   running_mean,
                   start_run,
                   train,
                   train_epoch,
                   update_D,
                   update_G,
                   use_average,
)

__all__ = ['shuffled_batches', 'num_batches', 'epoch_share', 'check_data', 'gaussian_data',
           'read_idx', 'download', 'fetch_mnist', 'load_mnist', 'load_mnist_sample',
           'load_mnist_unseen', 'to_pixels',
           'gaussian_G', 'gaussian_D', 'mlp_G', 'mlp_D', 'num_params', 'G_block', 'D_block',
           'dcgan_G', 'dcgan_D', 'image_grid', 'show_images', 'save_gif', 'show_samples',
           'show_nearest', 'keep_frames',
           'make_trainer', 'train_epoch', 'frechet_distance',
           'gaussian_fit', 'in_notebook', 'show_scatter', 'set_seed',
           'Run', 'update_D', 'update_G', 'train', 'start_run', 'end_epoch', 'use_average',
           'loss_animator', 'running_mean', 'WassersteinLoss',
           'check_penalty', 'gradient_penalty', 'linear_decay', 'make_loss', 'one_hot',
           'check_labels',
           'ask', 'JoinLabel', 'ConditionalG', 'ProjectionD', 'cdcgan_G', 'cdcgan_D',
           'cmlp_G', 'cmlp_D', 'join_columns',
           'interpolate', 'kmeans', 'deskew', 'cluster_shares', 'draw_clusters', 'purity']
