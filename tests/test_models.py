"""Networks and pictures: shapes, parameter counts, output ranges, GIFs."""
from types import SimpleNamespace

import numpy as onp
import pytest
from d2l import mxnet as d2l
from mxnet import init, np
from PIL import Image

import d2l_gan
from d2l_gan import (
    image_grid,
    keep_frames,
    mlp_D,
    mlp_G,
    num_params,
    save_gif,
    show_nearest,
    show_samples,
)


def test_gaussian_nets_by_hand():
    assert num_params(d2l_gan.gaussian_G()) == 2 * 2 + 2
    # 2*5+5 + 5*3+3 + 3*1+1
    assert num_params(d2l_gan.gaussian_D()) == 37
    assert num_params(d2l_gan.gaussian_D('tanh')) == 37
    # 2*32+32, 32*32+32, 32+1: the wider D of notebook 01's theory section
    assert num_params(d2l_gan.gaussian_D(hidden=(32, 32))) == 1185


def test_mnist_nets_match_the_tutorial():
    # 100->100->128->128->256->784 and 784->128->128->128->1, weights + biases
    assert num_params(mlp_G(), 100) == (100 * 100 + 100) + (100 * 128 + 128) + \
        (128 * 128 + 128) + (128 * 256 + 256) + (256 * 784 + 784)
    assert num_params(mlp_D(), 784) == (784 * 128 + 128) + 2 * (128 * 128 + 128) + 129


def test_mlp_D_leaks_the_slope_it_is_given():
    # D's leaky ReLUs pass alpha times a negative input: 0.2 by default (the
    # course's), 0.01 for the tutorial's net
    for alpha in (0.2, 0.01):
        net = mlp_D(alpha)
        net.initialize(init.Constant(0.01))  # weights; Dense's biases start at 0
        net.hybridize()
        def leaky(a):
            return a if a > 0 else alpha * a
        h = leaky(784 * 0.01 * -1)  # every unit of a layer is the same
        for _ in range(2):
            h = leaky(128 * 0.01 * h)
        expected = 128 * 0.01 * h
        assert abs(float(net(-np.ones((1, 784)))[0, 0]) - expected) < 1e-4


def test_generator_makes_pixels_in_tanh_range():
    net = mlp_G()
    net.initialize(init.Xavier())
    fake = net(np.random.normal(0, 10, size=(16, 100))).asnumpy()
    assert fake.shape == (16, 784)
    assert fake.min() >= -1 and fake.max() <= 1
    net_D = mlp_D()
    net_D.initialize(init.Xavier())
    assert net_D(np.array(fake)).shape == (16, 1)


def test_image_grid_places_each_image():
    images = onp.stack([onp.full(784, v) for v in onp.linspace(-0.5, 0.5, 6)])
    grid = image_grid(images, nrows=2)
    assert grid.shape == (2 * 29 + 1, 3 * 29 + 1)
    assert grid[1, 1] == -0.5 and grid[1 + 29 + 27, 1 + 2 * 29 + 27] == 0.5
    assert grid[0, 0] == -1  # the 1-pixel border is background


def test_save_gif_writes_every_frame_labelled_and_enlarged(tmp_path):
    frames = [(f'epoch {v}', onp.full((30, 40), -1.0)) for v in (1, 2, 3)]
    save_gif(tmp_path / 'runs' / 'p.gif', frames)  # makes the folder
    gif = Image.open(tmp_path / 'runs' / 'p.gif')
    # 2x larger, with a 12-pixel label strip above each 30x40 grid
    assert gif.n_frames == 3 and gif.size == (80, 2 * (12 + 30))
    pixels = onp.asarray(gif.convert('L'))
    assert pixels[:24].max() > 200  # the white label text (GIF palette: ~248)
    assert pixels[24:].max() == 0    # the black grid below it
    assert [p.name for p in (tmp_path / 'runs').iterdir()] == ['p.gif']


def test_save_gif_refuses_no_frames(tmp_path):
    with pytest.raises(ValueError, match='no frames'):
        save_gif(tmp_path / 'p.gif', [])
    assert list(tmp_path.iterdir()) == []


def test_keep_frames_labels_a_grid_every_few_epochs():
    net_G = mlp_G()
    net_G.initialize(init.Xavier())
    frames = []
    hook = keep_frames(frames, np.random.normal(size=(16, 100)), every=5)
    for epoch in range(1, 13):
        hook(SimpleNamespace(epoch=epoch, net_G=net_G))
    assert [label for label, _ in frames] == ['epoch 5', 'epoch 10']
    assert frames[0][1].shape == (4 * 29 + 1, 4 * 29 + 1)
    with pytest.raises(ValueError, match='every=0'):
        keep_frames(frames, None, every=0)


def test_show_samples_is_at_least_400_pixels_wide():
    fig = show_samples(onp.zeros((64, 784)))
    assert fig.get_size_inches()[0] * 72 >= 400  # Jupyter draws at 72 dpi
    d2l.plt.close(fig)


def test_show_nearest_pairs_each_sample_with_its_nearest_training_image():
    train = onp.stack([onp.full(784, v) for v in (-1.0, 0.0, 1.0)])
    samples = onp.stack([onp.full(784, 0.9), train[0]])
    distances = show_nearest(samples, train)
    # 0.9 is nearest to 1.0: RMS (0.95 - 1.0) on [0, 1] pixels; a copy is at 0
    onp.testing.assert_allclose(distances, [0.05, 0.0], atol=1e-6)
    d2l.plt.close('all')
    with pytest.raises(ValueError, match=r'shape \(2, 100\).*shape \(3, 784\)'):
        show_nearest(onp.zeros((2, 100)), train)


def test_blocks_double_and_halve_height_and_width():
    from mxnet import np

    from d2l_gan.models import D_block, G_block
    plain = G_block(8, batch_norm=False)
    assert [type(b).__name__ for b in plain] == ['Conv2DTranspose', 'Activation']
    assert plain[0].bias is not None and G_block(8)[0].bias is None
    up, down = G_block(8), D_block(8)
    for blk in (up, down):
        blk.initialize()
    assert up(np.zeros((2, 3, 7, 7))).shape == (2, 8, 14, 14)
    assert down(np.zeros((2, 3, 14, 14))).shape == (2, 8, 7, 7)


def test_dcgan_shapes():
    from mxnet import np

    from d2l_gan.models import dcgan_D, dcgan_G
    net_G, net_D = dcgan_G(), dcgan_D()
    for net in (net_G, net_D):
        net.initialize()
        net.hybridize()
    images = net_G(np.random.normal(size=(5, 100)))
    assert images.shape == (5, 1, 28, 28)
    assert float(abs(images).max()) <= 1
    assert net_D(images).shape == (5, 1)


def test_dcgan_D_dense_logit_is_a_7x7_convolution():
    """The course's D ends with Dense(1) over the flattened 7x7 features:
    the same function, and parameter count, as the book-style 7x7
    convolution to one channel (notebook 04 says so)."""
    from mxnet import np
    from mxnet.gluon import nn

    from d2l_gan.models import dcgan_D
    net_D = dcgan_D()
    net_D.initialize(init.Normal(0.02))
    X = np.random.normal(size=(3, 1, 28, 28))
    logits = net_D(X)
    features = net_D[1](net_D[0](X))  # (3, 64, 7, 7)
    dense = net_D[-1]
    conv = nn.Conv2D(1, kernel_size=7, in_channels=64)
    conv.initialize()
    conv.weight.set_data(dense.weight.data().reshape(1, 64, 7, 7))
    conv.bias.set_data(dense.bias.data())
    assert onp.allclose(conv(features).reshape(3, 1).asnumpy(), logits.asnumpy(), atol=1e-5)
    assert dense.weight.shape == (1, 64 * 7 * 7)


def test_dcgan_generator_backward_runs():
    """Regression: MXNet 1.9.1's MKLDNN fails ("could not create a primitive
    descriptor for a reorder primitive") in the backward pass of a
    one-channel Conv2DTranspose; the generator must train, on MKLDNN too."""
    from mxnet import autograd, gluon, np

    from d2l_gan.models import dcgan_D, dcgan_G
    net_G, net_D = dcgan_G(), dcgan_D()
    for net in (net_G, net_D):
        net.initialize()
        net.hybridize()
    net_D(net_G(np.zeros((1, 100))))  # shapes are known from here on
    trainer = gluon.Trainer(net_G.collect_params(), 'adam')
    first = net_G[1][0].weight.data().copy()
    with autograd.record():
        loss = net_D(net_G(np.random.normal(size=(4, 100)))).sum()
    loss.backward()
    trainer.step(4)
    assert not np.allclose(net_G[1][0].weight.data(), first)
