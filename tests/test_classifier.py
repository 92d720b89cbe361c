import json
import shutil

import numpy as onp
import pytest

from d2l_gan.classifier import (
    CLASSIFIER,
    CLASSIFIER_INFO,
    accuracy,
    as_images,
    features,
    load_classifier,
    predict_proba,
    sample_split,
)
from d2l_gan.data import load_mnist_sample
from d2l_gan.files import file_hash
from d2l_gan.metrics import evaluate_digits, real_halves


@pytest.fixture(scope='module')
def net():
    return load_classifier()


def test_cached_weights_match_their_checksum():
    info = json.loads(CLASSIFIER_INFO.read_text())
    assert file_hash(CLASSIFIER) == info['sha256']


def test_cached_classifier_is_accurate_on_held_out_digits(net):
    images, labels = load_mnist_sample()
    train_idx, test_idx = sample_split()
    assert not set(train_idx) & set(test_idx) and len(test_idx) == 1000
    acc = accuracy(net, images[test_idx], labels[test_idx])
    assert acc >= 0.95
    assert acc == pytest.approx(json.loads(CLASSIFIER_INFO.read_text())
                                ['held_out_accuracy'], abs=1e-3)


def test_probabilities_and_features_have_the_documented_shapes(net):
    images, _ = load_mnist_sample()
    probs = predict_proba(net, images[:30])
    assert probs.shape == (30, 10)
    assert probs.sum(1) == pytest.approx(onp.ones(30), abs=1e-5)
    assert features(net, images[:30]).shape == (30, 84)
    # uint8 images and the same digits as generator-style floats agree
    floats = images[:30].astype(onp.float32) / 127.5 - 1
    assert predict_proba(net, floats.reshape(30, 784)) == \
        pytest.approx(probs, abs=1e-5)


def test_a_corrupt_cache_is_refused_with_the_checksum(tmp_path):
    path, info = tmp_path / 'lenet.params', tmp_path / 'lenet.json'
    shutil.copy(CLASSIFIER, path)
    shutil.copy(CLASSIFIER_INFO, info)
    with open(path, 'r+b') as f:
        f.seek(-10, 2)
        f.write(b'\0' * 10)
    with pytest.raises(ValueError, match=r'lenet\.params: SHA-256 [0-9a-f]{64} '
                                         r'does not match'):
        load_classifier(path, info)


def test_a_missing_cache_is_trained_once_and_written_whole(tmp_path, capsys):
    path, info = tmp_path / 'lenet.params', tmp_path / 'lenet.json'
    first = load_classifier(path, info, num_epochs=1)
    assert 'held-out accuracy' in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ['lenet.json',
                                                          'lenet.params']
    assert json.loads(info.read_text())['sha256'] == file_hash(path)
    second = load_classifier(path, info)
    assert capsys.readouterr().out == ''  # loaded, not retrained
    images, _ = load_mnist_sample()
    assert predict_proba(second, images[:50]) == \
        pytest.approx(predict_proba(first, images[:50]), abs=1e-6)


def test_bad_images_get_one_line_errors():
    with pytest.raises(ValueError, match=r'shape \(4, 5\)'):
        as_images(onp.zeros((4, 5)))
    with pytest.raises(ValueError, match=r'shape \(0, 784\)'):
        as_images(onp.zeros((0, 784)))
    with pytest.raises(ValueError, match=r'\[0, 255\], expected \[-1, 1\]'):
        as_images(onp.linspace(0, 255, 2 * 784).reshape(2, 784))
    with pytest.raises(ValueError, match=r'nan'):
        as_images(onp.full((2, 784), onp.nan))


def test_real_digits_score_well_and_a_collapsed_generator_badly(net):
    reference, other = real_halves()
    assert len(reference) == len(other) == 2500
    real = evaluate_digits(other[:1000], net)
    assert real['num_digits'] == 1000
    row = real['real_vs_real']
    assert row['coverage_entropy'] > 0.99 and row['largest_class_share'] < 0.13
    assert row['confident_share'] > 0.9 and row['near_copy_share'] < 0.02
    # digits the classifier trained on look more familiar to it than unseen ones
    gen = real['generator']
    assert gen['confident_share'] > row['confident_share']
    assert gen['near_copy_share'] == 1.0 and row['near_copy_share'] < 0.02
    # a generator that always draws the same training digit
    collapsed = evaluate_digits(onp.repeat(reference[:1], 1000, axis=0), net)
    gen = collapsed['generator']
    assert gen['largest_class_share'] == 1.0 and gen['coverage_entropy'] == 0.0
    assert gen['near_copy_share'] == 1.0
    assert gen['classifier_fid'] > 10 * collapsed['real_vs_real']['classifier_fid']
