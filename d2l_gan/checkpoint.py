"""A GAN run saved in one file, never half-written: the format lives here.

checkpoint.npz holds both nets' parameters (D/0, D/1, ... and G/0, ... in the
order of their layers), the running average of G's weights (Gavg/0, ...), both
optimizers' states (trainer_D, trainer_G), a cluster-conditioned run's clusters
(clusters/shares, clusters/centres) and a JSON header (meta).
"""
import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as onp
from mxnet import np

from .files import atomic_path, writable_dir
from .models import ask

FORMAT = 2  # format 1 keyed parameters by MXNet's layer names


def param_list(net):
    """The parameters of `net` in the order of its layers."""
    return list(net.collect_params().values())


def trainer_bytes(trainer):
    """The optimizer state of a gluon.Trainer (moments, step counts) as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        trainer.save_states(os.path.join(tmp, 'states'))
        return Path(tmp, 'states').read_bytes()


def load_trainer(trainer, raw):
    """Restore a gluon.Trainer's optimizer state from bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, 'states').write_bytes(raw.tobytes())
        trainer.load_states(os.path.join(tmp, 'states'))


def save_checkpoint(path, run, meta):
    """Write the Run `run` (see d2l_gan.start_run) and the JSON-able `meta`
    (model, seed, ...) to `path`, in a folder made if missing; an interrupted
    save leaves the old file."""
    arrays = {}
    for key, values in [('D', [p.data() for p in param_list(run.net_D)]),
                        ('G', [p.data() for p in param_list(run.net_G)]),
                        ('Gavg', run.G_average)]:
        arrays.update({f'{key}/{i}': v.asnumpy() for i, v in enumerate(values)})
    for key in ('trainer_D', 'trainer_G'):
        arrays[key] = onp.frombuffer(trainer_bytes(getattr(run, key)), onp.uint8)
    for key in ('shares', 'centres'):  # a cluster-conditioned G's clusters
        if getattr(run, key, None) is not None:  # notebook 02's Run has none
            arrays[f'clusters/{key}'] = onp.asarray(getattr(run, key))
    meta = dict(meta, format=FORMAT, epoch=run.epoch, loss_D=run.loss_D, loss_G=run.loss_G)
    arrays['meta'] = onp.frombuffer(json.dumps(meta).encode(), onp.uint8)
    writable_dir(Path(path).parent)
    with atomic_path(path) as tmp, open(tmp, 'wb') as f:
        onp.savez(f, **arrays)


def read_checkpoint(path, arrays=True):
    """The arrays of the checkpoint at `path` (all of them, or none with
    arrays=False) and its meta dict; a missing, corrupt or old file is a
    one-line ValueError naming it."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f'{path}: no checkpoint there')
    try:
        with onp.load(path) as f:  # reads only the entries asked for
            meta = json.loads(f['meta'].tobytes())
            saved = {k: f[k] for k in f.files if k != 'meta'} if arrays else {}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
        raise ValueError(f'{path}: not a readable checkpoint '
                         f'({type(e).__name__}: {e})') from None
    if meta.get('format') != FORMAT:
        raise ValueError(f'{path}: checkpoint format {meta.get("format", 1)} '
                         f'is not {FORMAT} (written by an older d2l_gan); '
                         f'train a new run')
    return saved, meta


def read_meta(path):
    """The meta dict (model, seed, epoch, losses, ...) of the checkpoint at
    `path`, without reading its arrays."""
    return read_checkpoint(path, arrays=False)[1]


def saved_list(arrays, key):
    """The arrays saved under `key`/0, `key`/1, ... in order."""
    count = sum(1 for k in arrays if k.startswith(key + '/'))
    return [arrays[f'{key}/{i}'] for i in range(count)]


def load_params(net, saved, key, path):
    """Copy the arrays `saved` into the parameters of `net`, checking that the
    architecture (number and shapes of the parameters) is the same."""
    params = param_list(net)
    if len(saved) != len(params):
        raise ValueError(f'{path}: checkpoint is for another architecture '
                         f'({key}: {len(saved)} parameter arrays saved, the '
                         f'model has {len(params)})')
    for i, (p, value) in enumerate(zip(params, saved)):
        if p.shape != value.shape:
            raise ValueError(f'{path}: checkpoint is for another architecture '
                             f'({key}/{i}: shape {value.shape} saved, the '
                             f'model has {p.shape})')
        p.set_data(np.array(value, ctx=p.list_ctx()[0]))


def restore_checkpoint(path, run):
    """Load the run saved at `path` into `run` (nets, trainers, G's running
    average, clusters, epoch) and return its meta dict. The nets must know
    their shapes."""
    arrays, meta = read_checkpoint(path)
    load_params(run.net_D, saved_list(arrays, 'D'), 'D', path)
    load_params(run.net_G, saved_list(arrays, 'G'), 'G', path)
    for key in ('trainer_D', 'trainer_G'):
        load_trainer(getattr(run, key), arrays[key])
    ctx = param_list(run.net_G)[0].list_ctx()[0]
    run.G_average = [np.array(a, ctx=ctx) for a in saved_list(arrays, 'Gavg')]
    run.shares, run.centres = (arrays.get(f'clusters/{key}') for key in ('shares', 'centres'))
    run.epoch, run.loss_D, run.loss_G = meta['epoch'], meta['loss_D'], meta['loss_G']
    return meta


def load_generator(path, run):
    """Load the generator saved at `path` into the Run `run` (set up by
    start_run for the same model): its averaged weights when the run averages
    them, otherwise its last weights, and its clusters. Returns the meta dict."""
    arrays, meta = read_checkpoint(path)
    run.shares, run.centres = (arrays.get(f'clusters/{key}') for key in ('shares', 'centres'))
    try:
        y, _ = run.asked(1)
    except ValueError as e:  # a cluster-conditioned run saved without its clusters
        raise ValueError(f'{path}: {e}; train it again') from None
    ask(run.net_G, run.Z_show[:1], y)  # G learns its shapes
    saved = saved_list(arrays, 'Gavg') or saved_list(arrays, 'G')
    load_params(run.net_G, saved, 'G', path)
    return meta
