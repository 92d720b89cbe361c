"""Notebook 06's conditional GAN: labels travel with their digits, G and D take
them as a second input, the one loop trains with them, the metrics and the
CLI ask for a digit, and bad labels get one-line errors."""
import json
from types import SimpleNamespace

import numpy as onp
import pytest
from mxnet import autograd, init, nd, np
from mxnet.gluon import nn

from d2l_gan import set_seed
from d2l_gan.classifier import sample_split
from d2l_gan.cli import main
from d2l_gan.data import check_labels, load_mnist_sample, one_hot, shuffled_batches, to_pixels
from d2l_gan.metrics import label_accuracy
from d2l_gan.models import ConditionalG, JoinLabel, ask, cdcgan_D, cdcgan_G, join_columns
from d2l_gan.training import Run, make_trainer, start_run, train, update_D, update_G


def test_one_hot_rows_and_bad_labels():
    rows = one_hot([3, 0, 9]).asnumpy()
    assert rows.shape == (3, 10) and rows.sum() == 3
    assert rows[0, 3] == rows[1, 0] == rows[2, 9] == 1
    for bad, shown in [([1, 10], '10'), ([-1], '-1'), ([2.5], '2.5')]:
        with pytest.raises(ValueError, match=f'label {shown} is not a class number 0-9'):
            one_hot(bad)


def test_labels_are_shuffled_with_their_examples():
    set_seed(0)
    data = np.arange(40).reshape(20, 2)  # row i holds 2i, 2i + 1
    labels = np.arange(20).reshape(20, 1)
    pairs = list(shuffled_batches(data, 8, labels))
    assert len(pairs) == 2  # the incomplete last minibatch is dropped
    rows = onp.concatenate([X.asnumpy() for X, _ in pairs])
    assert not onp.array_equal(rows[:, 0], onp.arange(0, 32, 2))  # shuffled
    for X, y in pairs:
        assert onp.array_equal(X.asnumpy()[:, 0], 2 * y.asnumpy()[:, 0])


def test_labels_of_the_wrong_shape_are_one_line_errors():
    with pytest.raises(ValueError, match=r'labels have shape \(5, 10\), expected \(6, '):
        check_labels(np.zeros((5, 10)), 6)
    with pytest.raises(ValueError, match=r'labels have shape \(6,\)'):
        check_labels(np.zeros((6,)), 6)
    X = np.zeros((32, 1, 28, 28))
    run = start_run(cdcgan_D(), cdcgan_G(), X, dict(latent_dim=100, conditional='labels',
                                                     num_classes=10))
    with pytest.raises(ValueError, match=r'labels have shape \(31, 10\), expected \(32,'):
        train(run, X, 1, 16, labels=np.zeros((31, 10)), plot_every=None)


def test_join_label_gives_the_body_the_input_and_the_label():
    net = JoinLabel(nn.Dense(3))
    net.initialize(init.Normal(1.0))
    X, y = np.ones((2, 5)), one_hot([0, 9])
    out = net(X, y).asnumpy()
    W, b = net.body.weight.data().asnumpy(), net.body.bias.data().asnumpy()
    assert W.shape == (3, 15)  # five input values and ten label values
    joined = onp.concatenate([X.asnumpy(), y.asnumpy()], axis=1)
    assert onp.allclose(out, joined @ W.T + b, atol=1e-5)
    assert not onp.allclose(out[0], out[1])  # same input, another label
    net.hybridize()
    assert onp.allclose(net(X, y).asnumpy(), out, atol=1e-5)  # compiled, the same
    assert isinstance(ConditionalG(), JoinLabel)


def test_join_columns_is_concatenate_forward_and_backward():
    X, y = np.arange(6.).reshape(2, 3), np.arange(10., 14.).reshape(2, 2)
    X.attach_grad()
    scale = np.arange(10.).reshape(2, 5)
    with autograd.record():
        joined = join_columns(nd, X, y)  # F of a HybridBlock run imperatively
        (joined * scale).sum().backward()
    assert onp.array_equal(joined.asnumpy(), onp.concatenate([X.asnumpy(), y.asnumpy()], 1))
    assert onp.array_equal(X.grad.asnumpy(), scale.asnumpy()[:, :3])  # X's columns only


def nets():
    set_seed(0)
    net_D, net_G = cdcgan_D(), cdcgan_G()
    net_D.initialize(init.Normal(0.02))
    net_G.initialize(init.Normal(0.02))
    return net_D, net_G


def test_the_label_changes_what_g_draws_and_what_d_says():
    net_D, net_G = nets()
    Z = np.random.normal(size=(4, 100))
    sevens, ones = one_hot([7] * 4), one_hot([1] * 4)
    X7, X1 = net_G(Z, sevens), net_G(Z, ones)
    assert X7.shape == (4, 1, 28, 28) and float(abs(X7).max()) <= 1
    assert float(abs(X7 - X1).max()) > 1e-4  # same noise, other digit
    assert net_D(X7, sevens).shape == (4, 1)
    # the projection: the label adds the inner product of V's row with φ(x)
    h = net_D.features(X7)
    V = net_D.embed.weight.data()  # (features, classes)
    expected = net_D.score(h) + (h * V[:, 7]).sum(axis=1, keepdims=True)
    assert onp.allclose(net_D(X7, sevens).asnumpy(), expected.asnumpy(), atol=1e-5)
    assert float(abs(net_D(X7, sevens) - net_D(X7, ones)).max()) > 0


def test_updates_with_labels_train_the_label_weights_of_both_players():
    net_D, net_G = nets()
    from mxnet.gluon.loss import SigmoidBCELoss
    loss = SigmoidBCELoss()
    trainer_D, trainer_G = make_trainer(net_D, 'adam', 1e-3), make_trainer(net_G, 'adam', 1e-3)
    images, digits = load_mnist_sample()
    X = to_pixels(images[::250]).reshape(-1, 1, 28, 28)  # 20 digits, 2 per class
    y = one_hot(digits[::250])
    with autograd.record():
        fake_X = ask(net_G, np.random.normal(size=(20, 100)), y)
    net_D(X, y)  # the first call fixes the shapes
    V = net_D.embed.weight.data().copy()
    G_first = net_G.body[1][0].weight.data().copy()  # sees noise and labels
    run = Run(net_D, net_G, trainer_D, trainer_G, loss, 100, np.zeros((1, 100)))
    loss_D = update_D(X, fake_X, run, labels=y)
    loss_G = update_G(fake_X, run, labels=y)
    assert onp.isfinite(float(loss_D)) and onp.isfinite(float(loss_G))
    assert float(abs(net_D.embed.weight.data() - V).max()) > 0
    assert float(abs(net_G.body[1][0].weight.data() - G_first).max()) > 0


def test_label_accuracy_of_real_digits_and_of_wrong_labels():
    images, digits = load_mnist_sample()
    held_out = sample_split()[1][:300]
    pixels = to_pixels(images[held_out]).asnumpy()
    right = label_accuracy(pixels, digits[held_out])
    assert right['label_accuracy'] > 0.93
    assert len(right['per_class_accuracy']) == 10
    wrong = label_accuracy(pixels, (digits[held_out] + 1) % 10)
    assert wrong['label_accuracy'] < 0.1
    only_sevens = label_accuracy(pixels[:5], onp.full(5, 7))
    assert only_sevens['per_class_accuracy'][0] is None
    with pytest.raises(ValueError, match='300 images but 299 labels'):
        label_accuracy(pixels, digits[held_out][:299])


def test_cli_trains_a_conditional_run_and_asks_it_for_a_digit(tmp_path, capsys):
    run = tmp_path / 'cd'
    assert main(['train', 'cdcgan', '--epochs', '1', '--subset', '160',
                 '--out', str(run)]) == 0
    assert (run / 'grid_0001.png').exists()
    sevens = tmp_path / 'sevens.npy'
    assert main(['sample', str(run), '-n', '120', '--label', '7', '-o', str(sevens)]) == 0
    assert 'of digit 7' in capsys.readouterr().out
    assert onp.load(sevens).shape == (120, 28, 28)
    assert main(['evaluate', str(sevens), '--label', '7', '--json', '-']) == 0
    out = capsys.readouterr()
    report = json.loads(out.out)
    per_class = report['generator']['per_class_accuracy']
    assert per_class[7] == report['generator']['label_accuracy']
    assert per_class[:7] == [None] * 7
    assert report['real_vs_real']['label_accuracy'] > 0.93  # LeNet on held-out digits
    assert 'requested-label accuracy' in out.err
    assert main(['evaluate', str(run), '-n', '200', '--json', '-']) == 0
    per_class = json.loads(capsys.readouterr().out)['generator']['per_class_accuracy']
    assert None not in per_class  # the digits 0-9 in turn


def one_line_error(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as e:  # argparse
        code = e.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and err.startswith('error: '), err
    return err


def test_labels_outside_0_9_or_for_an_unconditional_run(tmp_path, capsys):
    assert "--label: must be a digit 0-9, not '12'" in one_line_error(
        capsys, ['sample', 'runs/x', '--label', '12'])
    assert "not 'seven'" in one_line_error(capsys, ['evaluate', 'x.npy', '--label', 'seven'])
    run = tmp_path / 'dc'
    assert main(['train', 'dcgan', '--epochs', '1', '--subset', '32', '--out', str(run)]) == 0
    capsys.readouterr()
    err = one_line_error(capsys, ['sample', str(run), '--label', '7'])
    assert "unconditional model 'dcgan'" in err


def test_interpolation_ends_at_both_points_and_slerp_keeps_the_norm():
    from d2l_gan.latent import interpolate
    set_seed(0)
    a, b = np.random.normal(size=100), np.random.normal(size=100) * 1.0
    b = b / np.linalg.norm(b) * np.linalg.norm(a)  # same length
    for spherical in (False, True):
        path = interpolate(a, b, 7, spherical).asnumpy()
        assert path.shape == (7, 100)
        assert onp.allclose(path[0], a.asnumpy(), atol=1e-5)
        assert onp.allclose(path[-1], b.asnumpy(), atol=1e-5)
    norms = onp.linalg.norm(interpolate(a, b, 7, True).asnumpy(), axis=1)
    assert onp.allclose(norms, norms[0], rtol=1e-4)  # on the great circle
    middle = onp.linalg.norm(interpolate(a, b, 7).asnumpy()[3])
    assert middle < 0.8 * norms[0]  # the straight line cuts inside
    same = interpolate(a, a, 3, True).asnumpy()  # parallel ends: no division by 0
    assert onp.allclose(same, a.asnumpy()[None], atol=1e-5)
    with pytest.raises(ValueError, match=r'not \(100,\) and \(99,\)'):
        interpolate(a, b[:99], 3)


def test_progress_frames_of_a_conditional_generator_follow_the_labels():
    from d2l_gan.plot import keep_frames
    net_D, net_G = nets()
    Z = np.tile(np.random.normal(size=(1, 100)), (2, 1))  # one noise vector, twice
    frames, frames_again = [], []
    keep_frames(frames, Z, nrows=1, labels=one_hot([3, 8]))(SimpleNamespace(epoch=1, net_G=net_G))
    keep_frames(frames_again, Z, nrows=1, labels=one_hot([3, 3]))(
        SimpleNamespace(epoch=1, net_G=net_G))
    (label, grid), (_, same_label) = frames[0], frames_again[0]
    assert label == 'epoch 1' and grid.shape == (29 + 1, 2 * 29 + 1)
    left, right = grid[:, :29], grid[:, 29:58]
    assert not onp.allclose(left, right)  # same noise, digits 3 and 8
    assert onp.allclose(same_label[:, :29], same_label[:, 29:58], atol=1e-6)
