"""An MNIST classifier trained in the project, whose eyes the metrics borrow."""
import json
from pathlib import Path

import numpy as onp
from mxnet import autograd, gluon, init, np, npx
from mxnet.gluon import nn

from .data import ASSETS, load_mnist_sample, shuffled_batches, to_pixels
from .files import atomic_path, file_hash, write_atomic
from .seeding import set_seed

CLASSIFIER = ASSETS / 'mnist_lenet.params'
CLASSIFIER_INFO = ASSETS / 'mnist_lenet.json'


def lenet():
    """A LeNet-style digit classifier (ReLU and max-pooling): two conv
    layers, then 120 and 84 units; the 84 are the features the metrics use."""
    net = nn.HybridSequential()
    net.add(nn.Conv2D(6, kernel_size=5, padding=2, activation='relu'),
            nn.MaxPool2D(pool_size=2),
            nn.Conv2D(16, kernel_size=5, activation='relu'),
            nn.MaxPool2D(pool_size=2),
            nn.Dense(120, activation='relu'),
            nn.Dense(84, activation='relu'),
            nn.Dense(10))
    return net


def as_images(images):
    """Digits as float32 (N, 1, 28, 28) in [-1, 1]: accepts uint8 images or the
    generator's output, flat (N, 784) or square (N, 28, 28)."""
    images = onp.asarray(images)
    if images.ndim < 2 or images.shape[0] == 0 or \
            onp.prod(images.shape[1:]) != 784:
        raise ValueError(f'images have shape {images.shape}: expected '
                         f'(N, 784), (N, 28, 28) or (N, 1, 28, 28) with N > 0')
    if images.dtype == onp.uint8:
        return to_pixels(images).asnumpy().reshape(-1, 1, 28, 28)
    if not onp.isfinite(images).all() or images.min() < -1.01 or \
            images.max() > 1.01:
        raise ValueError(f'image values lie in [{images.min():.3g}, '
                         f'{images.max():.3g}], expected [-1, 1] (tanh output) '
                         f'or uint8')
    return images.astype(onp.float32).reshape(-1, 1, 28, 28)


def sample_split(num_test=1000, seed=0):
    """Indices of the offline sample's training and held-out digits (fixed)."""
    order = onp.random.RandomState(seed).permutation(5000)
    return order[num_test:], order[:num_test]


def accuracy(net, images, labels):
    """Share of `images` that `net` classifies as `labels`."""
    return float((predict_proba(net, images).argmax(1) == labels).mean())


def fit(net, X, y, loss, num_epochs=10, batch_size=64, lr=1e-3):
    """Fit `net` to the examples X (NumPy, any shape per example) and their
    labels y by Adam on `loss`, in minibatches shuffled every epoch."""
    data = np.array(onp.concatenate([X.reshape(len(X), -1), y[:, None]],
                                    axis=1).astype(onp.float32))
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': lr})
    for _ in range(num_epochs):
        for batch in shuffled_batches(data, batch_size):  # the label: last column
            with autograd.record():
                l = loss(net(batch[:, :-1].reshape(-1, *X.shape[1:])), batch[:, -1])
            l.backward()
            trainer.step(batch_size)
    return net


def train_classifier(net, images, labels, num_epochs=10, batch_size=64,
                     lr=1e-3):
    """Fit `net` to labelled digits with Adam and softmax cross-entropy."""
    return fit(net, as_images(images), labels, gluon.loss.SoftmaxCrossEntropyLoss(),
               num_epochs, batch_size, lr)


def load_classifier(path=CLASSIFIER, info_path=CLASSIFIER_INFO, num_epochs=10):
    """The course's MNIST classifier: trained once on the offline sample's
    training split (seconds), then loaded from `path` after its SHA-256 is
    checked against `info_path`."""
    net = lenet()
    path, info_path = Path(path), Path(info_path)
    if path.is_file() and info_path.is_file():
        info = json.loads(info_path.read_text())
        digest = file_hash(path)
        if digest != info['sha256']:
            raise ValueError(f'{path}: SHA-256 {digest} does not match '
                             f"{info['sha256']} in {info_path}; delete both "
                             f'files to retrain')
        net.load_parameters(str(path))
        net.hybridize()
        return net
    images, labels = load_mnist_sample()
    train_idx, test_idx = sample_split()
    set_seed(0)  # the same weights on every run on one machine
    net.initialize(init.Xavier())
    net.hybridize()
    train_classifier(net, images[train_idx], labels[train_idx], num_epochs)
    acc = accuracy(net, images[test_idx], labels[test_idx])
    with atomic_path(path) as tmp:
        net.save_parameters(str(tmp))
    write_atomic(info_path, json.dumps(
        {'sha256': file_hash(path), 'held_out_accuracy': round(acc, 4),
         'num_epochs': num_epochs, 'train_digits': len(train_idx),
         'held_out_digits': len(test_idx)}, indent=1).encode())
    print(f'trained the classifier: held-out accuracy {acc:.3f}; '
          f'saved {path}')
    return net


def predict_proba(net, images, batch_size=1000):
    """Class probabilities (N x 10) of digits, computed in batches."""
    X = as_images(images)
    return onp.concatenate([npx.softmax(net(np.array(X[i:i + batch_size])))
                            .asnumpy() for i in range(0, len(X), batch_size)])


def features(net, images, batch_size=1000):
    """The 84 penultimate activations of the classifier for each digit: the
    space in which the classifier-FID compares real and generated digits."""
    X = as_images(images)
    body = net[:-1]
    return onp.concatenate([body(np.array(X[i:i + batch_size])).asnumpy()
                            for i in range(0, len(X), batch_size)])
