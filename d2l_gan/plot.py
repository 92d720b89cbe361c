"""Figures that work the same in Jupyter, under nbval and in plain Python."""
from d2l import mxnet as d2l


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

