"""What the benchmark scripts share: train quietly, judge 2,500 digits, print a row.

Not a package: a script run as `python benchmarks/NAME.py` has this folder
first on `sys.path`, so it imports these helpers with `from harness import ...`.
"""
import d2l_gan.compat  # noqa: F401  (before MXNet, for Python 3.12 and 3.13)

# isort: split

import argparse
import contextlib
import io
import time

from mxnet import np

import d2l_gan
from d2l_gan.metrics import evaluate_digits

JUDGED = 2500  # generated digits judged per model, as notebook 03 judges them
A = np.array([[1, 2], [-0.1, 0.5]])  # notebook 01's Gaussian N(b, AᵀA)
b = np.array([1, 2])


def train_quietly(net_D, net_G, data, settings, labels=None, on_epoch=None, decay=0.0):
    """start_run with `settings` (a recipe: num_epochs and batch_size too),
    then train, without printing; the learning rates fall linearly over the
    last `decay` share of the epochs. Returns the run and the seconds."""
    tic = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        run = d2l_gan.start_run(net_D, net_G, data, settings)
        hooks = [h for h in (on_epoch, decay_hook(run, settings['num_epochs'], decay)) if h]
        d2l_gan.train(run, data, settings['num_epochs'], settings['batch_size'], labels,
                      on_epoch=lambda run: [hook(run) for hook in hooks])
    return run, time.perf_counter() - tic


def judging_noise(latent_dim):
    """The noise every generator is judged on: 2,500 rows drawn after
    `set_seed(0)`."""
    d2l_gan.set_seed(0)
    return np.random.normal(0, 1, size=(JUDGED, latent_dim))


def judge_digits(sample, latent_dim):
    """`evaluate_digits`' report (generator and real-vs-real figures) on the
    2,500 digits that `sample(Z)` draws from the judging noise Z."""
    return evaluate_digits(sample(judging_noise(latent_dim)).asnumpy())


def gaussian_distance(points):
    """Fréchet distance from the Gaussian fitted to `points` (NumPy rows) to
    notebook 01's N(b, AᵀA)."""
    return d2l_gan.frechet_distance(*d2l_gan.gaussian_fit(points),
                                    b.asnumpy(), (A.T @ A).asnumpy())


def generator_distance(net_G, latent_dim=2, n=100_000):
    """`gaussian_distance` of n points that net_G draws from fresh noise."""
    return gaussian_distance(net_G(np.random.normal(0, 1, size=(n, latent_dim))).asnumpy())


def print_row(*cells):
    """Print one Markdown table row at once (long runs print as they go)."""
    print('| ' + ' | '.join(str(cell) for cell in cells) + ' |', flush=True)


def share_of_epochs(text):
    """argparse type of --decay: a share of the epochs, from 0 to 1."""
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(
            f'a share of the epochs, from 0 to 1; got {value}')
    return value


def add_decay_option(parser):
    """--decay S: both learning rates fall linearly over the last share S of
    the epochs (see `decay_hook`)."""
    parser.add_argument('--decay', type=share_of_epochs, default=0.0,
                        help='share of the epochs at the end over which both learning '
                             'rates fall linearly (linear_decay); 0: constant')


def decay_hook(run, num_epochs, share):
    """`linear_decay` of `run` over the last `share` of `num_epochs`, or None
    when `share` is 0."""
    if not share:
        return None
    return d2l_gan.linear_decay(run, round(num_epochs * (1 - share)), num_epochs)
