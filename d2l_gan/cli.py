"""Training, sampling and evaluating outside Jupyter.

    python -m d2l_gan train mnist                      # into runs/mnist
    python -m d2l_gan train dcgan --epochs 5 --out runs/try
    python -m d2l_gan train mnist --epochs 500 --resume runs/mnist
    python -m d2l_gan sample runs/mnist -n 10000 -o samples.npy
    python -m d2l_gan evaluate runs/mnist [--json metrics.json | --json -]
    python -m d2l_gan evaluate samples.npy
    python -m d2l_gan train cdcgan --out runs/cdcgan   # conditional (notebook 06)
    python -m d2l_gan sample runs/cdcgan -n 1000 --label 7 -o sevens.npy
    python -m d2l_gan evaluate sevens.npy --label 7
    python -m d2l_gan train cluster_dcgan              # cluster-conditioned (notebook 07)
    python -m d2l_gan train cluster_mnist              # notebook 02's nets, the same way
    python -m d2l_gan train dcgan_matched              # unconditional, as large (notebook 07)
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as onp
from mxnet import np
from PIL import Image

from .checkpoint import (
    load_generator,
    read_meta,
    restore_checkpoint,
    save_checkpoint,
)
from .classifier import as_images
from .data import load_mnist, num_batches, to_pixels
from .files import FolderError, held_folder, writable_dir, write_atomic, write_npy
from .metrics import evaluate_conditional, evaluate_digits, metrics_table
from .models import ask
from .plot import image_grid, save_gif, save_grid
from .recipes import (
    RECIPES,
    image_models,
    make_nets,
    training_labels,
)
from .seeding import epoch_seed, set_seed
from .training import start_run, train

CHECKPOINT = 'checkpoint.npz'
RUN_SETTINGS = ('source', 'subset', 'batch_size')  # kept in the checkpoint


class CLIError(Exception):
    """A problem with the user's input: reported in one line, no traceback."""


def checked(read, path):
    """read(path) for a checkpoint, its ValueError turned into a CLIError."""
    try:
        return read(path)
    except ValueError as e:
        raise CLIError(str(e))


def resumed_settings(out, args):
    """The seed and epoch of the run to continue in `out` (args.seed and 0 for
    a new run); a resumed run takes the data settings it started with."""
    if not args.resume:
        return args.seed, 0
    meta = checked(read_meta, out / CHECKPOINT)
    if meta['model'] != args.model:
        raise CLIError(f'{out / CHECKPOINT}: checkpoint is for model '
                       f"{meta['model']!r}, not {args.model!r}")
    for key in RUN_SETTINGS:
        given, saved = getattr(args, key), meta[key]
        if given is not None and given != saved:
            raise CLIError(f"--{key.replace('_', '-')} {given}: the run in {out} "
                           f'was started with {saved}')
        setattr(args, key, saved)
    return meta['seed'], meta['epoch']


def training_digits(args):
    """The real digits to train on, shaped for `args.model`, with the labels
    and clusters it trains with (recipes.training_labels); with --subset,
    that many digits in a fixed random order (the sample is sorted by class).
    Fills in the recipe's minibatch size and the offline sample if not given."""
    given_batch_size = args.batch_size is not None
    args.source = args.source or 'sample'
    args.batch_size = args.batch_size or RECIPES[args.model]['batch_size']
    try:
        images, labels = load_mnist(args.source)
    except OSError as e:  # Fashion-MNIST without a network
        raise CLIError(str(e))
    if args.subset:
        if args.subset > len(images):
            raise CLIError(f'--subset {args.subset}: the {args.source} set has only '
                           f'{len(images)} digits')
        keep = onp.random.RandomState(0).permutation(len(images))[:args.subset]
        images, labels = images[keep], labels[keep]
    if len(images) < args.batch_size:
        raise CLIError(fewer_digits_than_a_minibatch(args, len(images), given_batch_size))
    pixels = to_pixels(images)
    try:
        y, clusters = training_labels(args.model, pixels.asnumpy(), labels)
    except ValueError as e:  # fewer digits than clusters
        raise CLIError(f'--subset {args.subset}: {e}')
    return pixels.reshape(-1, *RECIPES[args.model]['image_shape']), y, clusters


def fewer_digits_than_a_minibatch(args, num_digits, given_batch_size):
    """The error for training digits that do not fill one minibatch, naming
    what the user can change."""
    what = f'--subset {args.subset}' if args.subset else f'the {args.source} set'
    batch = (f'--batch-size {args.batch_size}' if given_batch_size else
             f"{args.model}'s minibatch of {args.batch_size}")
    return (f'{what}: {num_digits} digits, fewer than one minibatch ({batch}); '
            f'train on at least {args.batch_size} digits or give a smaller --batch-size')


class Progress:
    """The `on_epoch` hook of a CLI run: stop on a diverged loss, save the
    checkpoint, keep a labelled 10x10 grid of fixed noise every `grid_every`
    epochs (saved, and kept in memory for the GIF), and move the progress bar."""

    def __init__(self, out, args, meta, num_epochs, reached, per_epoch):
        from tqdm import tqdm
        self.out, self.meta, self.num_epochs = out, meta, num_epochs
        self.grid_every, self.saved, self.frames = args.grid_every, reached, []
        self.per_epoch = per_epoch  # examples trained on in an epoch
        self.bar = tqdm(total=num_epochs, initial=reached, unit='epoch', disable=None)
        self.tic = time.perf_counter()

    def grid(self, run, epoch):
        """Save (and keep) the grid of G's digits for the fixed noise at `epoch`."""
        Z, rng = grid_noise(self.meta['seed'], run.latent_dim)
        images = ask(run.net_G, Z, run.asked(100, rng=rng)[0]).asnumpy()
        save_grid(self.out / f'grid_{epoch:04d}.png', images, 10, f'epoch {epoch}')
        self.frames.append((f'epoch {epoch}', image_grid(images, 10)))

    def __call__(self, run):
        epoch, loss_D, loss_G = run.epoch, run.loss_D, run.loss_G
        if not (math.isfinite(loss_D) and math.isfinite(loss_G)):
            raise CLIError(f'training diverged in epoch {epoch} (loss_D {loss_D}, '
                           f'loss_G {loss_G}); the last good checkpoint (epoch '
                           f'{self.saved}) is kept in {self.out}')
        save_checkpoint(self.out / CHECKPOINT, run, self.meta)
        self.saved = epoch
        if epoch % self.grid_every == 0 and epoch < self.num_epochs:
            self.grid(run, epoch)
        set_seed(epoch_seed(self.meta['seed'], epoch))  # what a resumed run would draw
        now = time.perf_counter()
        self.bar.set_postfix(loss_D=f'{loss_D:.3f}', loss_G=f'{loss_G:.3f}',
                             img_s=f'{self.per_epoch / (now - self.tic):.0f}')
        self.bar.update(1)
        self.tic = now


def grid_noise(seed, latent_dim):
    """The fixed noise of a run's grids (NumPy-drawn: the same digits in every
    grid) and the random state that draws a cluster-conditioned run's clusters."""
    Z = onp.random.RandomState(seed).normal(size=(100, latent_dim)).astype(onp.float32)
    return np.array(Z), onp.random.RandomState(seed + 1)


def started_run(model, data, seed=0, clusters=None):
    """The nets of `model`, set up by start_run with its recipe's settings
    (on `data`'s device) after set_seed(seed); with a cluster-conditioned
    model's `clusters` (shares and centres)."""
    net_D, net_G = make_nets(model)
    set_seed(seed)
    run = start_run(net_D, net_G, data, RECIPES[model])
    for key, value in (clusters or {}).items():
        setattr(run, key, value)
    return run


def train_command(args):
    """Train `args.model` into its folder, checkpointing after every epoch;
    no other train command may write to that folder meanwhile."""
    out = Path(args.resume or args.out or Path('runs') / args.model)
    if args.resume and not (out / CHECKPOINT).is_file():
        raise CLIError(f'--resume {out}: no {CHECKPOINT} in that folder')
    try:
        with held_folder(writable_dir(out)):
            return train_into(out, args)
    except BlockingIOError:
        raise CLIError(f'{out} is in use by another train command; wait for it '
                       f'to end or give another --out')


def train_into(out, args):
    """Train in the folder `out`, which this process holds, with d2l_gan.train."""
    seed, reached = resumed_settings(out, args)
    num_epochs = args.epochs or RECIPES[args.model]['num_epochs']
    if num_epochs <= reached:
        raise CLIError(f'{out} is already trained to epoch {reached}; ask for '
                       f'more with --epochs N (N > {reached})')
    data, labels, clusters = training_digits(args)
    run = started_run(args.model, data, seed, clusters)
    if args.resume:  # both nets learn their shapes, then take the saved state
        ask(run.net_G, run.Z_show[:1], None if labels is None else labels[:1])
        ask(run.net_D, data[:1], None if labels is None else labels[:1])
        checked(lambda path: restore_checkpoint(path, run), out / CHECKPOINT)
    meta = dict({key: getattr(args, key) for key in RUN_SETTINGS}, model=args.model, seed=seed)
    progress = Progress(out, args, meta, num_epochs, run.epoch,
                        num_batches(len(data), args.batch_size) * args.batch_size)
    set_seed(epoch_seed(seed, run.epoch))  # what a resumed run draws too
    try:
        train(run, data, num_epochs, args.batch_size, labels, on_epoch=progress)
    except KeyboardInterrupt:
        print(f'interrupted; {out / CHECKPOINT} holds epoch {progress.saved}, '
              f'continue with --resume {out}')
        return 130
    finally:
        progress.bar.close()
    progress.grid(run, num_epochs)  # G's final (averaged, if it averages) weights
    earlier = [Image.open(p) for p in sorted(out.glob('grid_*.png'))
               if int(p.stem[5:]) <= reached]  # a resumed run's grids from before
    save_gif(out / 'progress.gif', earlier + progress.frames)
    print(f'trained {args.model} to epoch {num_epochs}: {out / CHECKPOINT}, '
          f'{out / "progress.gif"}')
    return 0


def generate(folder, n, seed=0, label=None):
    """`n` digits (N x 28 x 28, in [-1, 1]) from the generator saved in
    `folder`, and the digits they were asked to be (None unless the model is
    conditional): all `label`, or, without one, the digits 0-9 in turn."""
    path = Path(folder) / CHECKPOINT
    if not path.is_file():
        raise CLIError(f'{folder}: no {CHECKPOINT} in that folder')
    model = checked(read_meta, path)['model']
    if model not in image_models():
        raise CLIError(f'{path}: model {model!r} is not one this version knows')
    run = started_run(model, None)
    checked(lambda p: load_generator(p, run), path)
    if not all(onp.isfinite(p.data().asnumpy()).all()
               for p in run.net_G.collect_params().values()):
        raise CLIError(f"{path}: the generator's weights are not finite (NaN or "
                       f'infinity), so its images would be too; train the run again')
    try:  # a cluster-conditioned model is asked for the clusters it trained with
        _, digits = run.asked(n, label)
    except ValueError:
        raise CLIError(f'--label {label}: {folder} holds the unconditional model '
                       f"{model!r}, which cannot be asked for a digit (train 'cdcgan')")
    set_seed(seed)
    return run.sample(n, label).reshape(-1, 28, 28), digits


def sample_command(args):
    """Write `args.n` generated images (N x 28 x 28, in [-1, 1]) to a .npy file."""
    images, labels = generate(args.run, args.n, args.seed, label=args.label)
    write_npy(args.output, images)
    asked = '' if labels is None else (
        f' of digit {args.label}' if args.label is not None else ' of digits 0-9 in turn')
    print(f'wrote {images.shape[0]} images{asked} to {args.output}')
    return 0


def load_samples(path):
    """Generated digits from a .npy file, checked to be (N, 28, 28)-like."""
    try:
        images = onp.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise CLIError(f'{path}: not a readable .npy file ({e})')
    try:
        return as_images(images)
    except ValueError as e:
        raise CLIError(f'{path}: {e}')


def evaluate_command(args):
    """Print the metrics of a run's generator (or of saved samples) next to the
    real-vs-real baseline; with --json, also write them as JSON (with
    `--json -` the JSON alone goes to stdout and the table to stderr)."""
    source = Path(args.source)
    if source.is_dir():
        images, labels = generate(source, args.n, args.seed, label=args.label)
    elif source.is_file():
        images = load_samples(source)[:args.n]
        labels = None if args.label is None else onp.full(len(images), args.label)
    else:
        raise CLIError(f'{source}: no such run folder or .npy file')
    if len(images) < 100:
        raise CLIError(f'{source}: {len(images)} digits; the metrics need at '
                       f'least 100')
    report = evaluate_digits(images) if labels is None else evaluate_conditional(images, labels)
    text = json.dumps(report, indent=1)
    if args.json == '-':
        print(metrics_table(report), file=sys.stderr)
        print(text)
        return 0
    print(metrics_table(report))
    if args.json:
        out = Path(args.json)
        writable_dir(out.parent)
        write_atomic(out, text)
        print(f'wrote {out}')
    return 0


def positive_int(text):
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be a whole number of at least 1, '
                                         f'not {text!r}')
    return value


def seed_number(text):
    """argparse type: a random seed, a whole number from 0 to 2**32 - 1."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value < 2 ** 32:
        raise argparse.ArgumentTypeError(f'must be a whole number from 0 to '
                                         f'{2 ** 32 - 1}, not {text!r}')
    return value


def digit(text):
    """argparse type: a class label 0-9."""
    if text.strip() not in [str(d) for d in range(10)]:
        raise argparse.ArgumentTypeError(f'must be a digit 0-9, not {text!r}')
    return int(text)


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, like the CLI's own."""

    def error(self, message):
        self.exit(2, f'error: {message} (see {self.prog} --help)\n')


def parser():
    p = OneLineParser(prog='python -m d2l_gan', description=__doc__,
                      formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='command', required=True,
                           parser_class=OneLineParser)
    t = sub.add_parser('train', help='train a course model')
    t.add_argument('model', choices=image_models())
    t.add_argument('--epochs', type=positive_int,
                   help="total epochs (default: the notebook's)")
    t.add_argument('--batch-size', type=positive_int,
                   help="minibatch size (default: the notebook's)")
    t.add_argument('--out', help='output folder, created (default: runs/MODEL)')
    t.add_argument('--resume', metavar='RUN', help='continue the run in this folder')
    t.add_argument('--seed', type=seed_number, default=1)
    t.add_argument('--source', choices=['sample', 'full', 'fashion'],
                   help='the offline 5,000-digit MNIST sample (default), the full '
                        'MNIST set, or Fashion-MNIST (downloaded once)')
    t.add_argument('--subset', type=positive_int, metavar='N',
                   help='train on N of the digits only, for a quick try')
    t.add_argument('--grid-every', type=positive_int, default=10, metavar='K',
                   help='save a sample grid every K epochs')
    t.set_defaults(handler=train_command)
    s = sub.add_parser('sample', help='write generated images to a .npy file')
    s.add_argument('run', help='a run folder with a checkpoint')
    s.add_argument('-n', type=positive_int, default=10000)
    s.add_argument('-o', '--output', default='samples.npy')
    s.add_argument('--seed', type=seed_number, default=0)
    s.add_argument('--label', type=digit,
                   help='ask a conditional model (cdcgan) for this digit only')
    s.set_defaults(handler=sample_command)
    e = sub.add_parser('evaluate', help='metrics of generated digits vs real ones')
    e.add_argument('source', help='a run folder, or a .npy file of digits')
    e.add_argument('-n', type=positive_int, default=2500,
                   help='digits to evaluate (at most 2,500 are used)')
    e.add_argument('--seed', type=seed_number, default=0)
    e.add_argument('--label', type=digit,
                   help='the digit the samples were asked for: also report how '
                        'many read as it (conditional models only)')
    e.add_argument('--json', metavar='PATH',
                   help="also write the metrics as JSON ('-': JSON alone on stdout)")
    e.set_defaults(handler=evaluate_command)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except (CLIError, FolderError) as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
