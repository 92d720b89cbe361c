"""MNIST files: IDX parsing, checked downloads from a local server, the fallback."""
import gzip
import hashlib
import http.server
import importlib
import struct
import threading

import numpy as onp
import pytest
from mxnet import np

import d2l_gan

data_mod = importlib.import_module('d2l_gan.data')


def idx_bytes(array):
    array = onp.asarray(array, dtype=onp.uint8)
    return bytes([0, 0, 8, array.ndim]) + struct.pack(f'>{array.ndim}i', *array.shape) \
        + array.tobytes()


def test_read_idx_images_and_labels(tmp_path):
    images = onp.arange(2 * 28 * 28, dtype=onp.uint8).reshape(2, 28, 28)
    (tmp_path / 'img.gz').write_bytes(gzip.compress(idx_bytes(images)))
    (tmp_path / 'lab').write_bytes(idx_bytes([7, 3]))
    assert onp.array_equal(d2l_gan.read_idx(tmp_path / 'img.gz'), images)
    assert d2l_gan.read_idx(tmp_path / 'lab').tolist() == [7, 3]


def test_read_idx_rejects_truncated_and_bad_magic(tmp_path):
    raw = idx_bytes(onp.zeros((3, 28, 28)))
    (tmp_path / 'short').write_bytes(raw[:-10])
    with pytest.raises(ValueError, match=r'short: truncated .*\(3, 28, 28\) needs 2352 bytes'):
        d2l_gan.read_idx(tmp_path / 'short')
    (tmp_path / 'magic').write_bytes(b'\x00\x00\x0d\x01' + raw[4:])
    with pytest.raises(ValueError, match='magic: bad IDX magic number'):
        d2l_gan.read_idx(tmp_path / 'magic')
    (tmp_path / 'cut.gz').write_bytes(gzip.compress(raw)[:30])
    with pytest.raises(ValueError, match='cut.gz: not a readable IDX file'):
        d2l_gan.read_idx(tmp_path / 'cut.gz')


class Server:
    """A tiny HTTP server on 127.0.0.1 serving `files` (name -> bytes or an int
    HTTP status); names ending in '-cut' announce more bytes than they send."""

    def __init__(self, files):
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                name = self.path.rsplit('/', 1)[-1]
                body = outer.files.get(name, 404)
                if isinstance(body, int):
                    self.send_error(body)
                    return
                self.send_response(200)
                length = len(body) * 2 if name.endswith('-cut') else len(body)
                self.send_header('Content-Length', str(length))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.files = files
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}/'
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server({})
    yield s
    s.close()


def md5(b):
    return hashlib.md5(b).hexdigest()


def test_download_good_checksum(server, tmp_path):
    server.files['f.gz'] = b'digits' * 1000
    path = d2l_gan.download(server.url + 'f.gz', tmp_path / 'f.gz', md5(b'digits' * 1000))
    assert path.read_bytes() == b'digits' * 1000
    assert [p.name for p in tmp_path.iterdir()] == ['f.gz']


def test_download_bad_checksum_leaves_nothing(server, tmp_path):
    server.files['f.gz'] = b'corrupt'
    with pytest.raises(ValueError, match=f'f.gz: MD5 checksum {md5(b"corrupt")} does not '
                                         f'match the published {"0" * 32}'):
        d2l_gan.download(server.url + 'f.gz', tmp_path / 'f.gz', '0' * 32)
    assert list(tmp_path.iterdir()) == []


def test_download_server_error_leaves_nothing(server, tmp_path):
    server.files['f.gz'] = 500
    with pytest.raises(OSError, match='500'):
        d2l_gan.download(server.url + 'f.gz', tmp_path / 'f.gz', '0' * 32)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_transfer_leaves_nothing(server, tmp_path):
    server.files['f.gz-cut'] = b'x' * 5000
    with pytest.raises(OSError):
        d2l_gan.download(server.url + 'f.gz-cut', tmp_path / 'f.gz', md5(b'x' * 5000))
    assert list(tmp_path.iterdir()) == []


def fake_mnist(server, monkeypatch, n=20):
    """Serve four small IDX files and make them the files load_mnist expects."""
    images = onp.random.default_rng(0).integers(0, 256, (n, 28, 28), dtype=onp.uint8)
    labels = onp.arange(n) % 10
    blobs = {'train-images-idx3-ubyte.gz': gzip.compress(idx_bytes(images)),
             'train-labels-idx1-ubyte.gz': gzip.compress(idx_bytes(labels)),
             't10k-images-idx3-ubyte.gz': gzip.compress(idx_bytes(images[:5])),
             't10k-labels-idx1-ubyte.gz': gzip.compress(idx_bytes(labels[:5]))}
    server.files.update(blobs)
    monkeypatch.setattr(data_mod, 'MNIST_FILES', {k: md5(v) for k, v in blobs.items()})
    return images, labels


def test_load_mnist_full_downloads_once_then_uses_the_cache(server, tmp_path, monkeypatch):
    images, labels = fake_mnist(server, monkeypatch)
    X, y = d2l_gan.load_mnist('full', root=tmp_path, mirrors=['http://127.0.0.1:9/', server.url])
    assert onp.array_equal(X, images) and onp.array_equal(y, labels)
    server.files.clear()  # a second call must not need the server
    X2, _ = d2l_gan.load_mnist('full', root=tmp_path, mirrors=[server.url])
    assert onp.array_equal(X2, images)


def test_no_network_falls_back_to_the_sample_with_one_line(tmp_path, capsys):
    X, y = d2l_gan.load_mnist('full', root=tmp_path, mirrors=['http://127.0.0.1:9/'])
    out = capsys.readouterr().out
    assert out.count('\n') == 1 and 'using the offline sample' in out
    assert X.shape == (5000, 28, 28) and X.dtype == onp.uint8
    assert list(tmp_path.iterdir()) == []


def test_bad_checksum_fallback_names_file_and_checksum(server, tmp_path, monkeypatch, capsys):
    fake_mnist(server, monkeypatch)
    server.files['train-images-idx3-ubyte.gz'] = b'garbage'
    X, _ = d2l_gan.load_mnist('full', root=tmp_path, mirrors=[server.url])
    out = capsys.readouterr().out
    assert 'train-images-idx3-ubyte.gz: MD5 checksum' in out and X.shape[0] == 5000
    assert not (tmp_path / 'train-images-idx3-ubyte.gz').exists()


def test_offline_sample_is_real_balanced_mnist():
    X, y = d2l_gan.load_mnist()
    assert X.shape == (5000, 28, 28) and y.shape == (5000,)
    assert onp.bincount(y).tolist() == [500] * 10
    assert X.max() == 255 and X.min() == 0
    # digits are dark background with bright strokes: mostly zeros
    assert 0.7 < (X == 0).mean() < 0.9


def test_unseen_digits_are_balanced_mnist_outside_the_sample():
    X, y = d2l_gan.load_mnist_unseen()
    assert X.shape == (2500, 28, 28) and onp.bincount(y).tolist() == [250] * 10
    assert 0.7 < (X == 0).mean() < 0.9
    assert onp.bincount(y[:1000], minlength=10).min() >= 80  # in random order
    sample, _ = d2l_gan.load_mnist_sample()
    seen = {digit.tobytes() for digit in sample}
    assert not any(digit.tobytes() in seen for digit in X)


def test_tampered_sample_is_refused(tmp_path):
    bad = tmp_path / 'mnist_sample.npz'
    bad.write_bytes(b'not an npz')
    with pytest.raises(ValueError, match='mnist_sample.npz: SHA-256'):
        d2l_gan.load_mnist_sample(bad)


def test_unknown_source():
    with pytest.raises(ValueError, match="'sample', 'full' or 'fashion', not 'kaggle'"):
        d2l_gan.load_mnist('kaggle')


def test_fashion_mnist_downloads_with_its_own_checksums(server, tmp_path, monkeypatch):
    images = onp.random.default_rng(1).integers(0, 256, (12, 28, 28), dtype=onp.uint8)
    labels = onp.arange(12) % 10
    blobs = {'train-images-idx3-ubyte.gz': gzip.compress(idx_bytes(images)),
             'train-labels-idx1-ubyte.gz': gzip.compress(idx_bytes(labels)),
             't10k-images-idx3-ubyte.gz': gzip.compress(idx_bytes(images[:3])),
             't10k-labels-idx1-ubyte.gz': gzip.compress(idx_bytes(labels[:3]))}
    server.files.update(blobs)
    # MNIST's checksums must not be used for Fashion-MNIST's files
    monkeypatch.setattr(data_mod, 'MNIST_FILES', {k: '0' * 32 for k in blobs})
    monkeypatch.setattr(data_mod, 'FASHION_FILES', {k: md5(v) for k, v in blobs.items()})
    X, y = d2l_gan.load_mnist('fashion', root=tmp_path, mirrors=[server.url])
    assert onp.array_equal(X, images) and onp.array_equal(y, labels)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(blobs)


def test_fashion_mnist_offline_is_one_line_not_the_digits(tmp_path):
    with pytest.raises(OSError, match=r'^Fashion-MNIST download failed \(could not download '
                                      r'train-images-idx3-ubyte.gz: .*\); it needs the network'):
        d2l_gan.load_mnist('fashion', root=tmp_path, mirrors=['http://127.0.0.1:9/'])
    assert list(tmp_path.iterdir()) == []


def test_published_fashion_checksums_are_not_mnists():
    assert set(data_mod.FASHION_FILES) == set(data_mod.MNIST_FILES)
    assert not set(data_mod.FASHION_FILES.values()) & set(data_mod.MNIST_FILES.values())


# --- the suite's shortened epochs ---------------------------------------------

def test_an_epoch_runs_every_complete_minibatch_unless_shortened(monkeypatch, capsys):
    data = np.arange(100).reshape(50, 2)
    assert d2l_gan.num_batches(50, 8) == 6  # the incomplete seventh is dropped
    assert len(list(d2l_gan.shuffled_batches(data, 8))) == 6
    monkeypatch.setattr(data_mod, '_share_announced', False)
    monkeypatch.setenv('D2L_GAN_EPOCH_SHARE', '0.5')
    assert d2l_gan.num_batches(50, 8) == 3
    batches = list(d2l_gan.shuffled_batches(data, 8))
    assert len(batches) == 3 and all(b.shape == (8, 2) for b in batches)
    assert d2l_gan.num_batches(50, 40) == 1  # never fewer than one
    # a shortened run says so once, where a saved notebook would show it
    assert capsys.readouterr().err.count('D2L_GAN_EPOCH_SHARE=0.5') == 1


def test_a_shortened_epoch_still_averages_the_losses_of_its_minibatches(monkeypatch):
    monkeypatch.setenv('D2L_GAN_EPOCH_SHARE', '0.25')
    d2l_gan.set_seed(0)
    data = d2l_gan.gaussian_data(np.eye(2), np.zeros(2), 160)
    net_D, net_G = d2l_gan.gaussian_D(), d2l_gan.gaussian_G()
    run = d2l_gan.start_run(net_D, net_G, data, dict(lr_D=0.0, lr_G=0.0))  # no learning
    loss_D, _ = d2l_gan.train_epoch(run, data, 16)
    # 2 of 10 minibatches ran; a fresh D outputs about 0, so D's loss per
    # example (the mean of its losses on real and fake) is about log 2
    assert abs(loss_D - onp.log(2)) < 0.05, loss_D


@pytest.mark.parametrize('text', ['0', '1.5', '-0.1', 'half', 'nan'])
def test_a_bad_epoch_share_is_a_one_line_error(monkeypatch, text):
    monkeypatch.setenv('D2L_GAN_EPOCH_SHARE', text)
    with pytest.raises(ValueError, match=r"^D2L_GAN_EPOCH_SHARE='.*': expected a number "
                                         r"in \(0, 1\]$"):
        d2l_gan.num_batches(50, 8)
