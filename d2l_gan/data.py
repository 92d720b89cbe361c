"""Real data: Gaussian points, MNIST digits, and minibatches of them."""
import gzip
import http.client
import os
import struct
import sys
import urllib.request
from importlib import resources
from pathlib import Path

import numpy as onp
from mxnet import np

from .files import atomic_path, file_hash


def check_data(data, example_shape, batch_size):
    """Raise a one-line ValueError unless `data` holds at least one minibatch
    of examples of `example_shape` (the shape the generator makes)."""
    if not hasattr(data, 'shape'):
        raise ValueError(f'real data must be one array of shape (num_examples, '
                         f'{", ".join(map(str, example_shape))}), not a '
                         f'{type(data).__name__}')
    shape = tuple(data.shape)
    if len(shape) < 1 or shape[1:] != tuple(example_shape):
        raise ValueError(f'real data has shape {shape}, but the generator '
                         f'makes examples of shape {tuple(example_shape)}: '
                         f'expected (num_examples, '
                         f'{", ".join(map(str, example_shape))})')
    if shape[0] < batch_size:
        raise ValueError(f'real data has shape {shape}: fewer examples than '
                         f'one minibatch of {batch_size}')


def check_labels(labels, num_examples):
    """Raise a one-line ValueError unless `labels` has one one-hot row for each
    of the `num_examples` real examples (a conditional GAN's labels)."""
    shape = tuple(getattr(labels, 'shape', ()))
    if len(shape) != 2 or shape[0] != num_examples:
        raise ValueError(f'labels have shape {shape}, expected ({num_examples}, '
                         f'num_classes): one one-hot row per real example')


def one_hot(labels, num_classes=10, ctx=None):
    """Class numbers (0 .. num_classes-1) as one-hot float rows, the form in
    which a conditional G and D of notebook 06 take a label."""
    labels = onp.asarray(labels).reshape(-1)
    bad = labels[(labels < 0) | (labels >= num_classes) | (labels != labels.round())]
    if bad.size:
        raise ValueError(f'label {bad[0]} is not a class number 0-{num_classes - 1}')
    return np.array(onp.eye(num_classes, dtype=onp.float32)[labels.astype(int)], ctx=ctx)


# The test suite runs every notebook with each epoch shortened to this share
# of its minibatches (conftest.py sets it); students and `make course` never
# set it, and each epoch keeps at least one minibatch.
EPOCH_SHARE = 'D2L_GAN_EPOCH_SHARE'
_share_announced = False


def epoch_share():
    """The share of its minibatches that each epoch runs: 1, unless the
    environment variable D2L_GAN_EPOCH_SHARE (in (0, 1]) says otherwise."""
    global _share_announced
    text = os.environ.get(EPOCH_SHARE, '').strip()
    if not text:
        return 1.0
    try:
        share = float(text)
    except ValueError:
        share = float('nan')
    if not 0 < share <= 1:
        raise ValueError(f'{EPOCH_SHARE}={text!r}: expected a number in (0, 1]')
    if share < 1 and not _share_announced:  # a shortened run says so, once
        print(f'{EPOCH_SHARE}={text}: every epoch runs {share:.0%} of its '
              f'minibatches (a test run, not the course\'s)', file=sys.stderr)
        _share_announced = True
    return share


def num_batches(num_examples, batch_size):
    """How many minibatches one epoch over `num_examples` runs: every complete
    one (the last, incomplete one is dropped)."""
    full = num_examples // batch_size
    return min(full, max(1, round(full * epoch_share())))


def shuffled_batches(data, batch_size, labels=None):
    """Yield one epoch of minibatches from `data` in a fresh random order.

    Shuffling a copy once and slicing it is all a DataLoader would do here, at a
    fraction of the cost. An incomplete last minibatch is dropped, so every
    minibatch has the same shape (a hybridized network then never re-plans).
    With `labels` (one row per example), it yields pairs (X, y) shuffled alike,
    each minibatch's rows gathered rather than sliced: MXNet's fast concat
    (join_columns, notebook 06) takes whole arrays, not slices of one.
    """
    starts = range(0, num_batches(data.shape[0], batch_size) * batch_size, batch_size)
    if labels is None:
        data = data.copy()
        np.random.shuffle(data)
        for i in starts:
            yield data[i:i + batch_size]
    else:  # notebook 06: shuffle row numbers, take those rows of both
        order = np.arange(data.shape[0], ctx=data.ctx)
        np.random.shuffle(order)
        for i in starts:
            rows = order[i:i + batch_size]
            yield np.take(data, rows, axis=0), np.take(labels, rows, axis=0)


def gaussian_data(A, b, num_examples=1000):
    """Draw `num_examples` points of N(b, AᵀA): standard normal noise X,
    stretched and rotated by A and shifted by b."""
    X = np.random.normal(size=(num_examples, A.shape[0]), ctx=A.ctx)
    return X.dot(A) + b


# --- Mixtures of Gaussians: data on which mode collapse can be counted -------

MIXTURES = {
    # 8 modes on a circle of radius 2, standard deviation 0.02 each
    'ring': dict(std=0.02),
    # 25 modes on the grid {-4, -2, 0, 2, 4}², standard deviation 0.05 each
    'grid': dict(std=0.05),
}


def mixture_centres(name):
    """The modes' centres of the mixture `name` ('ring' or 'grid'), one per row."""
    if name == 'ring':
        angles = onp.arange(8) * 2 * onp.pi / 8
        return onp.stack([2 * onp.cos(angles), 2 * onp.sin(angles)], axis=1)
    if name == 'grid':
        side = onp.arange(-4, 5, 2, dtype=onp.float64)
        return onp.stack(onp.meshgrid(side, side), axis=-1).reshape(-1, 2)
    raise ValueError(f'unknown mixture {name!r}: choose from {sorted(MIXTURES)}')


def mixture_data(name, num_examples=10000, ctx=None):
    """Draw `num_examples` points of the mixture `name`: a mode chosen
    uniformly at random, plus Gaussian noise of the mixture's std."""
    centres = np.array(mixture_centres(name), dtype='float32', ctx=ctx)
    modes = np.random.randint(0, len(centres), size=(num_examples,), ctx=ctx)
    noise = np.random.normal(0, MIXTURES[name]['std'], size=(num_examples, 2), ctx=ctx)
    return centres[modes] + noise


# --- MNIST -----------------------------------------------------------------

# The files the package ships, found wherever it is installed (an editable
# checkout or site-packages); downloads go to the user's cache, never there.
ASSETS = resources.files('d2l_gan') / 'assets'
DOWNLOADS = Path(os.environ.get('XDG_CACHE_HOME') or Path.home() / '.cache') / 'd2l-gan'
MNIST_SAMPLE = ASSETS / 'mnist_sample.npz'
MNIST_SAMPLE_SHA256 = \
    '246e0c30eeea57c8d0037d3f38c8e00651ec204cc61b8022563e9aeeb9d756f4'
# 2,500 more MNIST training digits: real digits no model of the course trained on.
MNIST_UNSEEN = ASSETS / 'mnist_unseen.npz'
MNIST_UNSEEN_SHA256 = \
    'f7b9b8c7e31921e1d05dd79786b92771784ad4c93dff06faf1e6c945b00e8be0'
# The four IDX files of MNIST and their published MD5 checksums.
MNIST_FILES = {
    'train-images-idx3-ubyte.gz': 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
    'train-labels-idx1-ubyte.gz': 'd53e105ee54ea40749a09fcbcd1e9432',
    't10k-images-idx3-ubyte.gz': '9fb629c4189551a2d022fa330f9573f3',
    't10k-labels-idx1-ubyte.gz': 'ec29112dd5afa0611ce80d1b7f02629c',
}
MNIST_MIRRORS = [
    'https://ossci-datasets.s3.amazonaws.com/mnist/',
    'https://storage.googleapis.com/cvdf-datasets/mnist/',
]
# Fashion-MNIST (Zalando Research): the same four IDX files for 28x28 pictures
# of clothes in 10 classes, and their published MD5 checksums.
FASHION_FILES = {
    'train-images-idx3-ubyte.gz': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
    'train-labels-idx1-ubyte.gz': '25c81989df183df01b3e8a0aad5dffbe',
    't10k-images-idx3-ubyte.gz': 'bef4ecab320f06d8554ea6380940ec79',
    't10k-labels-idx1-ubyte.gz': 'bb300cfdad3c16e7a12a480ee83cd310',
}
FASHION_MIRRORS = [
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
]


def read_idx(path):
    """Read an IDX file (MNIST's format, optionally gzipped) into a numpy array.

    Layout: two zero bytes, a type code (0x08 = unsigned byte), the number of
    dimensions, each dimension as a big-endian int32, then the data.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == '.gz' else open
    try:
        with opener(path, 'rb') as f:
            raw = f.read()
    except (OSError, EOFError) as e:
        raise ValueError(f'{path}: not a readable IDX file ({e})') from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f'{path}: bad IDX magic number {raw[:4].hex()!r} '
                         f'(expected 000008 then the number of dimensions)')
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f'{path}: truncated IDX header')
    shape = struct.unpack(f'>{ndim}i', raw[4:header])
    expected = int(onp.prod(shape))
    if len(raw) - header != expected:
        raise ValueError(f'{path}: truncated or oversized IDX file: shape '
                         f'{shape} needs {expected} bytes of data, found '
                         f'{len(raw) - header}')
    return onp.frombuffer(raw, onp.uint8, offset=header).reshape(shape)


def download(url, path, md5, timeout=15):
    """Download `url` to `path` and check its MD5; on any failure nothing is left.

    The bytes go to a temporary file beside `path`, which is renamed only once
    the transfer is complete and the checksum matches.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, open(tmp, 'wb') as f, \
            urllib.request.urlopen(url, timeout=timeout) as response:
        expected = response.headers.get('Content-Length')
        copied = 0
        try:
            for chunk in iter(lambda: response.read(1 << 16), b''):
                f.write(chunk)
                copied += len(chunk)
        except http.client.HTTPException as e:  # e.g. IncompleteRead
            raise OSError(f'{path.name}: transfer interrupted ({e!r})') from None
        if expected is not None and copied != int(expected):
            raise OSError(f'{path.name}: transfer interrupted after {copied} '
                          f'of {expected} bytes')
        f.flush()
        got = file_hash(tmp, 'md5')
        if got != md5:
            raise ValueError(f'{path.name}: MD5 checksum {got} does not match '
                             f'the published {md5}')
    return path


def fetch_mnist(root=DOWNLOADS / 'mnist', mirrors=MNIST_MIRRORS, files=None):
    """Make sure the four MNIST files (or `files`: {name: MD5}, e.g.
    FASHION_FILES) are in `root` with the right MD5s, downloading the missing
    ones; raise OSError/ValueError if that fails."""
    root = Path(root)
    for name, md5 in (files or MNIST_FILES).items():
        path = root / name
        if path.exists() and file_hash(path, 'md5') == md5:
            continue
        errors = []
        for mirror in mirrors:
            try:
                download(mirror + name, path, md5)
                break
            except (OSError, ValueError) as e:  # URLError is an OSError
                errors.append(str(getattr(e, 'reason', e)))
        else:
            raise OSError(f'could not download {name}: {"; ".join(errors)}')
    return root


def load_mnist_sample(path=MNIST_SAMPLE, sha256=MNIST_SAMPLE_SHA256):
    """The offline sample: 5,000 real MNIST digits (500 per class), uint8."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f'{path}: offline MNIST sample is missing')
    digest = file_hash(path)
    if digest != sha256:
        raise ValueError(f'{path}: SHA-256 {digest} does not match {sha256}')
    with onp.load(path) as f:
        return f['images'], f['labels']


def load_mnist_unseen():
    """2,500 more MNIST training digits (250 per class, none in the sample),
    uint8: digits that neither the course's classifier nor its GANs trained on."""
    return load_mnist_sample(MNIST_UNSEEN, MNIST_UNSEEN_SHA256)


def load_mnist(source='sample', root=None, mirrors=None):
    """MNIST digits as (uint8 images N x 28 x 28, labels N).

    source='sample': the offline sample of 5,000 training digits the package ships.
    source='full': the 60,000 training digits, downloaded into `root` when
    missing; without a network it says so in one line and uses the sample.
    source='fashion': the 60,000 training pictures of Fashion-MNIST, same
    format, downloaded the same way; there is no offline sample of them, so
    without a network this raises OSError in one line.
    """
    if source == 'sample':
        return load_mnist_sample()
    if source not in ('full', 'fashion'):
        raise ValueError(f"source must be 'sample', 'full' or 'fashion', not {source!r}")
    fashion = source == 'fashion'
    root = root or DOWNLOADS / ('fashion_mnist' if fashion else 'mnist')
    mirrors = mirrors or (FASHION_MIRRORS if fashion else MNIST_MIRRORS)
    try:
        root = fetch_mnist(root, mirrors, FASHION_FILES if fashion else None)
    except (OSError, ValueError) as e:
        if fashion:
            raise OSError(f'Fashion-MNIST download failed ({e}); it needs the '
                          f'network once, then it is kept in {root}') from None
        print(f'MNIST download failed ({e}); using the offline sample of '
              f'5,000 digits in {MNIST_SAMPLE}')
        return load_mnist_sample()
    return (read_idx(root / 'train-images-idx3-ubyte.gz'),
            read_idx(root / 'train-labels-idx1-ubyte.gz'))


def to_pixels(images, ctx=None):
    """uint8 images (N x 28 x 28) as float32 rows of 784 values in [-1, 1],
    the range of the generator's tanh output."""
    flat = images.reshape(len(images), -1).astype(onp.float32) / 127.5 - 1
    return np.array(flat, ctx=ctx)
