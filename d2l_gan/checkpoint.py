"""Saving and restoring a GAN's training state in one file, never half-written."""
import io
import json
import os
import tempfile
from pathlib import Path

import numpy as onp
from mxnet import np


def net_arrays(net, prefix):
    """The parameters of `net` as {prefix + structural name: numpy array}."""
    return {prefix + name: p.data().asnumpy()
            for name, p in net._collect_params_with_prefix().items()}


def trainer_bytes(trainer):
    """The optimizer state of a gluon.Trainer (moments, step counts) as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        trainer.save_states(os.path.join(tmp, 'states'))
        return Path(tmp, 'states').read_bytes()


def save_checkpoint(path, net_D, net_G, trainer_D, trainer_G, meta,
                    G_average=None):
    """Write both nets, both optimizers' states, `meta` (epoch, seed, ...) and
    the running average of G's weights (if any) to `path` via a temporary file,
    so an interrupted save leaves the old file."""
    path = Path(path)
    arrays = {**net_arrays(net_D, 'D/'), **net_arrays(net_G, 'G/')}
    for name, value in (G_average or {}).items():
        arrays['Gavg/' + name] = value
    arrays['trainer_D'] = onp.frombuffer(trainer_bytes(trainer_D), onp.uint8)
    arrays['trainer_G'] = onp.frombuffer(trainer_bytes(trainer_G), onp.uint8)
    arrays['meta'] = onp.frombuffer(json.dumps(meta).encode(), onp.uint8)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix='.tmp')
    try:
        with os.fdopen(fd, 'wb') as f:
            onp.savez(f, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def load_net(net, arrays, prefix, path):
    """Copy the arrays saved under `prefix` into `net`, checking names and shapes."""
    params = net._collect_params_with_prefix()
    saved = {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}
    if set(saved) != set(params):
        raise ValueError(f'{path}: checkpoint is for another architecture '
                         f'({prefix[0]} has layers {sorted(saved)[:3]}..., '
                         f'expected {sorted(params)[:3]}...)')
    for name, p in params.items():
        if p.shape != saved[name].shape:
            raise ValueError(f'{path}: checkpoint is for another architecture '
                             f'({prefix}{name} has shape {saved[name].shape}, '
                             f'expected {p.shape})')
        p.set_data(np.array(saved[name], ctx=p.list_ctx()[0]))


def load_trainer(trainer, raw):
    """Restore a gluon.Trainer's optimizer state from bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, 'states').write_bytes(raw.tobytes())
        trainer.load_states(os.path.join(tmp, 'states'))


def load_checkpoint(path, net_D, net_G, trainer_D=None, trainer_G=None):
    """Restore what save_checkpoint wrote; return its `meta` dict, with the
    running average of G's weights under 'G_average' ({} if none).

    The nets must be initialized with their shapes known (one forward pass).
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f'{path}: no checkpoint there')
    try:
        with onp.load(path) as f:
            arrays = dict(f)
    except (OSError, ValueError) as e:
        raise ValueError(f'{path}: not a readable checkpoint ({e})') from None
    load_net(net_D, arrays, 'D/', path)
    load_net(net_G, arrays, 'G/', path)
    if trainer_D is not None:
        load_trainer(trainer_D, arrays['trainer_D'])
    if trainer_G is not None:
        load_trainer(trainer_G, arrays['trainer_G'])
    meta = json.loads(arrays['meta'].tobytes())
    meta['G_average'] = {k[5:]: v for k, v in arrays.items() if k.startswith('Gavg/')}
    return meta
