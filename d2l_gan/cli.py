"""Training and sampling outside Jupyter.

    python -m d2l_gan train mnist --epochs N --out runs/NAME
    python -m d2l_gan train mnist --resume runs/NAME
    python -m d2l_gan sample runs/NAME -n 10000 -o samples.npy
    python -m d2l_gan evaluate runs/NAME [--json metrics.json]
    python -m d2l_gan evaluate samples.npy
"""
import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as onp
from mxnet import gluon, np

from .classifier import as_images
from .checkpoint import load_checkpoint, load_net, net_arrays, save_checkpoint
from .data import load_mnist, to_pixels, write_atomic
from .metrics import evaluate_digits
from .plot import image_grid, save_gif
from .recipes import RECIPES, image_models
from .train import make_trainer, running_mean, set_seed, train_epoch

CHECKPOINT = 'checkpoint.npz'


class CLIError(Exception):
    """A problem with the user's input: reported in one line, no traceback."""


def build(model, ctx=None):
    """The nets, loss and trainers of `model`'s recipe, initialized with shapes known."""
    recipe = RECIPES[model]
    net_D, net_G = recipe['make_D'](), recipe['make_G']()
    for net in (net_D, net_G):
        net.initialize(recipe['weight_init'](), ctx=ctx)
    net_G(np.zeros((1, recipe['latent_dim']), ctx=ctx))
    net_D(np.zeros((1, *recipe['image_shape']), ctx=ctx))
    loss = gluon.loss.SigmoidBCELoss()
    for net in (net_D, net_G, loss):
        net.hybridize(static_alloc=True, static_shape=True)
    trainer_D = make_trainer(net_D, recipe['optimizer_D'], recipe['lr_D'],
                             recipe['beta1'])
    trainer_G = make_trainer(net_G, 'adam', recipe['lr_G'], recipe['beta1'])
    return net_D, net_G, loss, trainer_D, trainer_G


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


def save_grid(path, images):
    """Save flat images as an 8x8 PNG grid."""
    from matplotlib import pyplot as plt
    plt.imsave(path, image_grid(images), cmap='gray', vmin=-1, vmax=1)


def plt_imread(path):
    """A grid saved by save_grid, back as a 2-D array in [-1, 1]."""
    from matplotlib import pyplot as plt
    return plt.imread(path)[..., 0] * 2 - 1


def train_command(args):
    """Train `args.model`, checkpointing every epoch; resumable."""
    from tqdm import tqdm
    recipe = RECIPES[args.model]
    out = Path(args.resume or args.out)
    if args.resume and not (out / CHECKPOINT).is_file():
        raise CLIError(f'--resume {out}: no {CHECKPOINT} in that folder')
    out = writable_dir(out)
    net_D, net_G, loss, trainer_D, trainer_G = build(args.model)
    start, seed, G_average = 0, args.seed, {}
    if args.resume:
        try:
            meta = load_checkpoint(out / CHECKPOINT, net_D, net_G, trainer_D,
                                   trainer_G)
        except ValueError as e:
            raise CLIError(str(e))
        if meta['model'] != args.model:
            raise CLIError(f'{out / CHECKPOINT}: checkpoint is for model '
                           f"{meta['model']!r}, not {args.model!r}")
        start, seed, G_average = meta['epoch'], meta['seed'], meta['G_average']
    num_epochs = args.epochs or recipe['num_epochs']
    set_seed(seed + start)  # a resumed run continues with fresh randomness
    images, _ = load_mnist(args.source)
    data = to_pixels(images).reshape(-1, *recipe['image_shape'])
    Z_show = np.array(onp.random.RandomState(seed).normal(
        size=(64, recipe['latent_dim'])).astype(onp.float32))
    n = data.shape[0] // recipe['batch_size'] * recipe['batch_size']
    bar = tqdm(range(start + 1, num_epochs + 1), initial=start,
               total=num_epochs, unit='epoch', disable=None)
    epoch = start
    try:
        for epoch in bar:
            tic = time.perf_counter()
            loss_D, loss_G = train_epoch(
                net_D, net_G, data, recipe['batch_size'], recipe['latent_dim'],
                loss, trainer_D, trainer_G, recipe['real_label'])
            if not (math.isfinite(loss_D) and math.isfinite(loss_G)):
                raise CLIError(f'training diverged in epoch {epoch} (loss_D '
                               f'{loss_D}, loss_G {loss_G}); the last good '
                               f'checkpoint (epoch {epoch - 1}) is kept in {out}')
            bar.set_postfix(loss_D=f'{loss_D:.3f}', loss_G=f'{loss_G:.3f}',
                            img_s=f'{n / (time.perf_counter() - tic):.0f}')
            if recipe['average_from'] and epoch >= recipe['average_from']:
                G_average = running_mean(G_average, net_arrays(net_G, ''),
                                         epoch - recipe['average_from'] + 1)
            if epoch == num_epochs and G_average:
                load_net(net_G, G_average, '', out / CHECKPOINT)
            save_checkpoint(out / CHECKPOINT, net_D, net_G, trainer_D,
                            trainer_G, {'model': args.model, 'epoch': epoch,
                                        'seed': seed, 'loss_D': loss_D,
                                        'loss_G': loss_G}, G_average)
            if epoch % args.grid_every == 0 or epoch == num_epochs:
                save_grid(out / f'grid_{epoch:04d}.png', net_G(Z_show).asnumpy())
    except KeyboardInterrupt:
        bar.close()
        print(f'interrupted; {out / CHECKPOINT} holds epoch {epoch - 1}, '
              f'continue with --resume {out}')
        return 130
    bar.close()
    grids = [plt_imread(p) for p in sorted(out.glob('grid_*.png'))]
    save_gif(out / 'progress.gif', grids)
    print(f'trained {args.model} to epoch {num_epochs}: {out / CHECKPOINT}, '
          f'{out / "progress.gif"}')
    return 0


def generate(run, n, seed=0):
    """`n` digits (N x 28 x 28, in [-1, 1]) from the generator saved in `run`."""
    run = Path(run)
    path = run / CHECKPOINT
    if not path.is_file():
        raise CLIError(f'{run}: no {CHECKPOINT} in that folder')
    with onp.load(path) as f:
        model = json.loads(f['meta'].tobytes())['model']
    net_D, net_G, *_ = build(model)
    try:
        load_checkpoint(path, net_D, net_G)
    except ValueError as e:
        raise CLIError(str(e))
    set_seed(seed)
    latent_dim = RECIPES[model]['latent_dim']
    batches = [net_G(np.random.normal(0, 1, size=(min(1000, n - i),
                                                  latent_dim))).asnumpy()
               for i in range(0, n, 1000)]
    return onp.concatenate(batches).reshape(-1, 28, 28)


def write_npy(path, array):
    """Save `array` to `path` via a temporary file in a writable folder."""
    path = Path(path)
    writable_dir(path.parent if str(path.parent) else Path('.'))
    tmp = path.with_name(path.name + '.tmp.npy')
    onp.save(tmp, array)
    os.replace(tmp, path)


def sample_command(args):
    """Write `args.n` generated images (N x 28 x 28, in [-1, 1]) to a .npy file."""
    images = generate(args.run, args.n, args.seed)
    write_npy(args.output, images)
    print(f'wrote {images.shape[0]} images to {args.output}')
    return 0


METRIC_NAMES = {
    'classifier_fid': 'classifier-FID (LeNet features, not Inception FID)',
    'confident_share': 'confident share (top class p >= 0.9)',
    'coverage_entropy': 'coverage entropy (1 = all classes equal)',
    'largest_class_share': 'largest class share',
    'near_copy_share': 'near-copy share (RMS pixel distance < 0.05)',
}


def metrics_table(report):
    """The report of evaluate_digits as an aligned text table."""
    gen, real = report['generator'], report['real_vs_real']
    width = max(map(len, METRIC_NAMES.values()))
    lines = [f"{report['num_digits']} digits".ljust(width) +
             f"  {'generator':>10}  {'real vs real':>12}"]
    for key, name in METRIC_NAMES.items():
        lines.append(f'{name:<{width}}  {gen[key]:>10.3f}  {real[key]:>12.3f}')
    lines.append('class histogram, generator: ' + ' '.join(
        f'{d}:{h:.2f}' for d, h in enumerate(gen['class_histogram'])))
    return '\n'.join(lines)


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
    real-vs-real baseline; with --json, also write them as JSON."""
    source = Path(args.source)
    if source.is_dir():
        images = generate(source, args.n, args.seed)
    elif source.is_file():
        images = load_samples(source)[:args.n]
    else:
        raise CLIError(f'{source}: no such run folder or .npy file')
    if len(images) < 100:
        raise CLIError(f'{source}: {len(images)} digits; the metrics need at '
                       f'least 100')
    report = evaluate_digits(images)
    print(metrics_table(report))
    if args.json == '-':
        print(json.dumps(report, indent=1))
    elif args.json:
        out = Path(args.json)
        writable_dir(out.parent if str(out.parent) else Path('.'))
        write_atomic(out, json.dumps(report, indent=1).encode())
        print(f'wrote {out}')
    return 0


def parser():
    p = argparse.ArgumentParser(prog='python -m d2l_gan', description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='command', required=True)
    t = sub.add_parser('train', help='train a course model')
    t.add_argument('model', choices=image_models())
    t.add_argument('--epochs', type=int, help='total epochs (default: the notebook\'s)')
    t.add_argument('--out', default='runs/mnist', help='output folder (created)')
    t.add_argument('--resume', metavar='RUN', help='continue the run in this folder')
    t.add_argument('--seed', type=int, default=1)
    t.add_argument('--source', choices=['sample', 'full'], default='sample',
                   help='MNIST: the offline 5,000-digit sample or the full set')
    t.add_argument('--grid-every', type=int, default=10, metavar='K',
                   help='save a sample grid every K epochs')
    t.set_defaults(handler=train_command)
    s = sub.add_parser('sample', help='write generated images to a .npy file')
    s.add_argument('run', help='a run folder with a checkpoint')
    s.add_argument('-n', type=int, default=10000)
    s.add_argument('-o', '--output', default='samples.npy')
    s.add_argument('--seed', type=int, default=0)
    s.set_defaults(handler=sample_command)
    e = sub.add_parser('evaluate', help='metrics of generated digits vs real ones')
    e.add_argument('source', help='a run folder, or a .npy file of digits')
    e.add_argument('-n', type=int, default=2500,
                   help='digits to evaluate (at most 2,500 are used)')
    e.add_argument('--seed', type=int, default=0)
    e.add_argument('--json', metavar='PATH',
                   help="also write the metrics as JSON ('-' for stdout)")
    e.set_defaults(handler=evaluate_command)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except CLIError as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
