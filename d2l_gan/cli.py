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
    python -m d2l_gan train scdcgan                    # self-conditioned (notebook 06)
    python -m d2l_gan train scmnist                    # notebook 02's nets, self-conditioned
"""
import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as onp
from mxnet import np
from PIL import Image

from .checkpoint import load_generator, read_meta, restore_checkpoint, save_checkpoint
from .classifier import as_images
from .clusters import cluster_shares, draw_clusters
from .data import load_mnist, one_hot, to_pixels
from .files import atomic_path, held_folder, write_atomic
from .metrics import evaluate_conditional, evaluate_digits, metrics_table
from .models import ask
from .plot import save_gif, save_grid
from .recipes import RECIPES, image_models, make_nets, train_kwargs, training_labels
from .seeding import epoch_seed, set_seed
from .training import start_run, train

CHECKPOINT = 'checkpoint.npz'
RUN_SETTINGS = ('source', 'subset', 'batch_size')  # kept in the checkpoint


class CLIError(Exception):
    """A problem with the user's input: reported in one line, no traceback."""


def writable_dir(path):
    """Create `path` if missing; raise CLIError unless we can write files there."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CLIError(f'cannot create output folder {path}: {e.strerror}')
    if not os.access(path, os.W_OK):
        raise CLIError(f'output folder {path} is not writable')
    return path


def checked_meta(path):
    """The meta dict of a checkpoint, or a CLIError naming the problem."""
    try:
        return read_meta(path)
    except ValueError as e:
        raise CLIError(str(e))


def training_digits(source, subset, model):
    """The real digits to train on, shaped for `model`, and the one-hot
    labels it trains with (recipes.training_labels; None if unconditional);
    with `subset`, that many digits in a fixed random order (the sample is
    sorted by class)."""
    try:
        images, labels = load_mnist(source)
    except OSError as e:  # Fashion-MNIST without a network
        raise CLIError(str(e))
    if subset:
        if subset > len(images):
            raise CLIError(f'--subset {subset}: the {source} set has only '
                           f'{len(images)} digits')
        keep = onp.random.RandomState(0).permutation(len(images))[:subset]
        images, labels = images[keep], labels[keep]
    pixels = to_pixels(images)
    try:
        y = training_labels(model, pixels.asnumpy(), labels)
    except ValueError as e:  # fewer digits than clusters
        raise CLIError(f'--subset {subset}: {e}')
    return pixels.reshape(-1, *RECIPES[model]['image_shape']), y


def shares_of(recipe, labels):
    """A self-conditioned model's share of the digits in each cluster, from
    the one-hot clusters `labels` (None for any other model)."""
    if recipe.get('conditional') != 'clusters':
        return None
    return cluster_shares(labels.asnumpy().argmax(1), recipe['num_classes'])


def grid_inputs(recipe, seed, shares=None):
    """The fixed noise (NumPy-drawn: the same digits in every grid of a run)
    and, for a conditional model, labels: 8x8 digits, or 10x10 with one row
    per requested digit; a self-conditioned model's 8x8 digits are asked for
    clusters drawn with their `shares`. Returns (Z, labels or None, rows)."""
    by_label = recipe.get('conditional') == 'labels'
    n, rows = (100, 10) if by_label else (64, 8)
    Z = np.array(onp.random.RandomState(seed).normal(
        size=(n, recipe['latent_dim'])).astype(onp.float32))
    if shares is not None:
        return Z, draw_clusters(shares, n, rng=onp.random.RandomState(seed + 1)), rows
    return Z, one_hot(onp.arange(n) // rows) if by_label else None, rows


def fewer_digits_than_a_minibatch(args, num_digits, given_batch_size):
    """The error for training digits that do not fill one minibatch, naming
    what the user can change."""
    what = f'--subset {args.subset}' if args.subset else f'the {args.source} set'
    batch = (f'--batch-size {args.batch_size}' if given_batch_size else
             f"{args.model}'s minibatch of {args.batch_size}")
    return (f'{what}: {num_digits} digits, fewer than one minibatch ({batch}); '
            f'train on at least {args.batch_size} digits or give a smaller --batch-size')


def train_command(args):
    """Train `args.model` into its folder, which no other train command may
    write to meanwhile."""
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
    """Train `args.model` with d2l_gan.train, checkpointing after every epoch."""
    from tqdm import tqdm
    recipe = RECIPES[args.model]
    seed, reached = args.seed, 0
    if args.resume:
        meta = checked_meta(out / CHECKPOINT)
        if meta['model'] != args.model:
            raise CLIError(f'{out / CHECKPOINT}: checkpoint is for model '
                           f"{meta['model']!r}, not {args.model!r}")
        seed, reached = meta['seed'], meta['epoch']
        for key in RUN_SETTINGS:  # a resumed run trains on what it started with
            given, saved = getattr(args, key), meta[key]
            if given is not None and given != saved:
                raise CLIError(f"--{key.replace('_', '-')} {given}: the run in {out} "
                               f'was started with {saved}')
            setattr(args, key, saved)
    num_epochs = args.epochs or recipe['num_epochs']
    if num_epochs <= reached:
        raise CLIError(f'{out} is already trained to epoch {reached}; ask for '
                       f'more with --epochs N (N > {reached})')
    given_batch_size = args.batch_size is not None
    args.source = args.source or 'sample'
    args.batch_size = args.batch_size or recipe['batch_size']
    kwargs = train_kwargs(args.model, num_epochs=num_epochs, batch_size=args.batch_size)
    data, labels = training_digits(args.source, args.subset, args.model)
    if len(data) < args.batch_size:
        raise CLIError(fewer_digits_than_a_minibatch(args, len(data), given_batch_size))
    Z_grid, y_grid, rows = grid_inputs(recipe, seed, shares_of(recipe, labels))
    per_epoch = len(data) // kwargs['batch_size'] * kwargs['batch_size']
    bar = tqdm(total=num_epochs, unit='epoch', disable=None)
    saved, tic = reached, time.perf_counter()

    def on_epoch(run):
        nonlocal saved, tic
        epoch, loss_D, loss_G = run['epoch'], run['loss_D'], run['loss_G']
        if not (math.isfinite(loss_D) and math.isfinite(loss_G)):
            raise CLIError(f'training diverged in epoch {epoch} (loss_D {loss_D}, '
                           f'loss_G {loss_G}); the last good checkpoint (epoch '
                           f'{saved}) is kept in {out}')
        save_checkpoint(out / CHECKPOINT, run, dict(
            {key: getattr(args, key) for key in RUN_SETTINGS}, model=args.model, seed=seed))
        saved = epoch
        if epoch % args.grid_every == 0 and epoch < num_epochs:
            save_grid(out / f'grid_{epoch:04d}.png',
                      ask(run['net_G'], Z_grid, y_grid).asnumpy(), rows, f'epoch {epoch}')
        set_seed(epoch_seed(seed, epoch))  # what a resumed run would draw
        now = time.perf_counter()
        bar.set_postfix(loss_D=f'{loss_D:.3f}', loss_G=f'{loss_G:.3f}',
                        img_s=f'{per_epoch / (now - tic):.0f}')
        bar.update(1)
        tic = now

    net_D, net_G = make_nets(args.model)
    set_seed(seed)
    loop = {key: kwargs.pop(key) for key in ('num_epochs', 'latent_dim', 'batch_size')}
    run = start_run(net_D, net_G, data, latent_dim=loop['latent_dim'], labels=labels,
                    **kwargs)
    if args.resume:
        first = slice(0, loop['batch_size'])  # both nets learn their shapes
        ask(net_G, run['Z_show'], run['y_show'])
        ask(net_D, data[first], None if labels is None else labels[first])
        try:
            restore_checkpoint(out / CHECKPOINT, run)
        except ValueError as e:
            raise CLIError(str(e))
        bar.update(run['epoch'])
    set_seed(epoch_seed(seed, run['epoch']))  # what a resumed run draws too
    try:
        train(net_D, net_G, data, **loop, lr_D=kwargs['lr_D'], lr_G=kwargs['lr_G'],
              labels=labels, run=run, on_epoch=on_epoch)
    except KeyboardInterrupt:
        bar.close()
        print(f'interrupted; {out / CHECKPOINT} holds epoch {saved}, continue '
              f'with --resume {out}')
        return 130
    finally:
        bar.close()
    # net_G now has its final (averaged, if the recipe averages) weights
    save_grid(out / f'grid_{num_epochs:04d}.png',
              ask(net_G, Z_grid, y_grid).asnumpy(), rows, f'epoch {num_epochs}')
    # the labelled grids of every epoch of the run, a resumed one's earlier too
    save_gif(out / 'progress.gif', [Image.open(p) for p in sorted(out.glob('grid_*.png'))])
    print(f'trained {args.model} to epoch {num_epochs}: {out / CHECKPOINT}, '
          f'{out / "progress.gif"}')
    return 0


def generate(run, n, seed=0, batch_size=1000, label=None):
    """`n` digits (N x 28 x 28, in [-1, 1]) from the generator saved in `run`,
    and the labels they were asked for (None for an unconditional model): all
    `label`, or, without one, the digits 0-9 in turn."""
    path = Path(run) / CHECKPOINT
    if not path.is_file():
        raise CLIError(f'{run}: no {CHECKPOINT} in that folder')
    meta = checked_meta(path)
    model = meta['model']
    if model not in image_models():
        raise CLIError(f'{path}: model {model!r} is not one this version knows')
    recipe = RECIPES[model]
    conditional = recipe.get('conditional') == 'labels'
    if label is not None and not conditional:
        raise CLIError(f'--label {label}: {run} holds the unconditional model '
                       f"{model!r}, which cannot be asked for a digit (train 'cdcgan')")
    labels = shares = None
    if conditional:
        labels = onp.full(n, label) if label is not None else onp.arange(n) % 10
    elif recipe.get('conditional') == 'clusters':  # the clusters it trained with
        shares = shares_of(recipe, training_digits(meta['source'], meta['subset'], model)[1])
    latent_dim = recipe['latent_dim']
    _, net_G = make_nets(model)
    net_G.initialize()
    # the shapes are known from here on
    ask(net_G, np.zeros((1, latent_dim)),
        None if not recipe.get('conditional') else one_hot([0], recipe['num_classes']))
    try:
        load_generator(path, net_G)
    except ValueError as e:
        raise CLIError(str(e))
    if not all(onp.isfinite(p.data().asnumpy()).all()
               for p in net_G.collect_params().values()):
        raise CLIError(f"{path}: the generator's weights are not finite (NaN or "
                       f'infinity), so its images would be too; train the run again')
    set_seed(seed)
    batches = []
    for i in range(0, n, batch_size):
        Z = np.random.normal(0, 1, size=(min(batch_size, n - i), latent_dim))
        y = None if labels is None else one_hot(labels[i:i + batch_size])
        if shares is not None:
            y = draw_clusters(shares, Z.shape[0])
        batches.append(ask(net_G, Z, y).asnumpy())
    return onp.concatenate(batches).reshape(-1, 28, 28), labels


def write_npy(path, array):
    """Save `array` as a .npy file, whole or not at all."""
    path = Path(path)
    writable_dir(path.parent if str(path.parent) else Path('.'))
    with atomic_path(path) as tmp, open(tmp, 'wb') as f:
        onp.save(f, array)


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
        writable_dir(out.parent if str(out.parent) else Path('.'))
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
    except CLIError as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
