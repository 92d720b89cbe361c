"""Figures that work the same in Jupyter, under nbval and in plain Python."""
from pathlib import Path

import numpy as onp
from d2l import mxnet as d2l

from .files import atomic_path
from .geometry import nearest_distances
from .models import ask


def in_notebook():
    """True inside a Jupyter kernel, where d2l.Animator can redraw its figure.

    In plain Python, IPython's display() would print '<Figure ...>' lines and
    clear_output() would print terminal escape codes instead.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and 'IPKernelApp' in shell.config


def loss_animator(num_epochs, panel_height=2.5):
    """A d2l.Animator for `train`: both players' losses on top, a panel
    `panel_height` inches high for real and generated examples below."""
    animator = d2l.Animator(xlabel='epoch', ylabel='loss', xlim=[1, num_epochs],
                            nrows=2, figsize=(5, 2.5 + panel_height),
                            legend=['discriminator', 'generator'])
    animator.axes[0].get_gridspec().set_height_ratios([2.5, panel_height])
    animator.fig.subplots_adjust(hspace=0.3)
    return animator


def show_scatter(ax, real, fake):
    """Draw real and generated 2-D points on one axis."""
    ax.cla()
    ax.scatter(real[:, 0], real[:, 1], s=8)
    ax.scatter(fake[:, 0], fake[:, 1], s=8)
    ax.set_xlabel('$x_1$')
    ax.set_ylabel('$x_2$')
    ax.legend(['real', 'generated'])


def image_grid(images, nrows=8):
    """Tile flat 28x28 images (values in [-1, 1]) into one 2-D array, 1px apart."""
    images = images.reshape(-1, 28, 28)
    ncols = -(-len(images) // nrows)
    grid = -onp.ones((nrows * 29 + 1, ncols * 29 + 1))
    for i, image in enumerate(images):
        r, c = divmod(i, ncols)
        grid[1 + r * 29:1 + r * 29 + 28, 1 + c * 29:1 + c * 29 + 28] = image
    return grid


def show_images(ax, real, fake):
    """Draw the generated images as an 8x8 grid (the real ones are not shown)."""
    ax.cla()
    ax.imshow(image_grid(fake[:64]), cmap='gray', vmin=-1, vmax=1)
    ax.axis('off')


def show_samples(images, nrows=8, width=6.5):
    """Draw images in [-1, 1] as one large grid, `width` inches wide: 6.5 in
    is 468 px at Jupyter's 72 dpi, big enough to judge each digit."""
    from matplotlib import pyplot as plt
    grid = image_grid(images, nrows)
    fig = plt.figure(figsize=(width, width * grid.shape[0] / grid.shape[1]))
    ax = fig.add_axes([0, 0, 1, 1])
    ax.imshow(grid, cmap='gray', vmin=-1, vmax=1, interpolation='nearest')
    ax.axis('off')
    return fig


def show_nearest(samples, train, width=6.5):
    """Draw `samples` (top row) above their nearest images in `train` (bottom
    row) and return the RMS pixel distances: a copy would look the same twice."""
    n = len(samples)
    if onp.size(samples) // max(n, 1) != onp.size(train) // max(len(train), 1):
        raise ValueError(f'samples of shape {onp.shape(samples)} and training images '
                         f'of shape {onp.shape(train)} are not images of one size')
    distances, index = nearest_distances(samples, train, return_index=True)
    pairs = onp.concatenate([onp.asarray(samples).reshape(n, -1),
                             onp.asarray(train)[index].reshape(n, -1)])
    show_samples(pairs, nrows=2, width=width)
    return distances


def keep_frames(frames, Z, every=1, nrows=4, labels=None):
    """An `on_epoch` hook for `train`: every `every` epochs, append the label
    'epoch N' and a grid of G's images for the fixed noise Z (asked for the
    one-hot `labels`, if G is conditional) to `frames`."""
    if not (isinstance(every, int) and every >= 1):
        raise ValueError(f'keep_frames(every={every!r}): must be a whole number of at least 1')
    def on_epoch(run):
        if run.epoch % every == 0:
            fake = ask(run.net_G, Z, labels).asnumpy()
            frames.append((f'epoch {run.epoch}', image_grid(fake, nrows)))
    return on_epoch


def labelled_frame(grid, label, scale=2):
    """One GIF frame: `label` in a strip above the grid (values in [-1, 1]),
    everything enlarged `scale` times without smoothing, as 8-bit grey."""
    from PIL import Image, ImageDraw
    pixels = ((onp.clip(grid, -1, 1) + 1) * 127.5).astype(onp.uint8)
    if label:
        strip = Image.new('L', (pixels.shape[1], 12), 0)
        ImageDraw.Draw(strip).text((2, 0), label, fill=255)
        pixels = onp.concatenate([onp.asarray(strip), pixels])
    image = Image.fromarray(pixels)
    return image.resize((image.width * scale, image.height * scale),
                        Image.NEAREST)


def save_gif(path, frames, seconds_per_frame=0.5, scale=2):
    """Save `frames`, (label, grid) pairs as keep_frames collects them (or
    images made by labelled_frame), as an animated GIF that loops, each frame
    `scale` times enlarged; written whole or not at all, into a folder made if
    missing."""
    if len(frames) == 0:
        raise ValueError(f'{path}: no frames to save')
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    images = [frame if hasattr(frame, 'save') else labelled_frame(frame[1], frame[0], scale)
              for frame in frames]
    with atomic_path(path) as tmp:
        images[0].save(tmp, format='GIF', save_all=True, append_images=images[1:],
                       duration=int(seconds_per_frame * 1000), loop=0)


def save_grid(path, images, nrows=8, label='', scale=2):
    """Save flat images as a PNG grid of `nrows` rows with `label` above it,
    `scale` times enlarged (8x8 digits: 466 px wide), whole or not at all."""
    with atomic_path(path) as tmp:
        labelled_frame(image_grid(images, nrows), label, scale).save(tmp, format='PNG')
