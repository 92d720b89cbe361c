"""Figures that work the same in Jupyter, under nbval and in plain Python."""
import numpy as onp

from .files import atomic_path


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


def show_scatter(ax, real, fake):
    """Draw real and generated 2-D points on one axis."""
    ax.cla()
    ax.scatter(real[:, 0], real[:, 1], s=8)
    ax.scatter(fake[:, 0], fake[:, 1], s=8)
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


def save_gif(path, grids, seconds_per_frame=0.5):
    """Save 2-D arrays in [-1, 1] (e.g. image grids, one per epoch) as an
    animated GIF that loops, written whole or not at all."""
    from PIL import Image
    if len(grids) == 0:
        raise ValueError(f'{path}: no frames to save')
    frames = [Image.fromarray(((onp.clip(g, -1, 1) + 1) * 127.5).astype(onp.uint8))
              for g in grids]
    with atomic_path(path) as tmp:
        frames[0].save(tmp, format='GIF', save_all=True, append_images=frames[1:],
                       duration=int(seconds_per_frame * 1000), loop=0)
