"""Notebook 05's pieces: mixtures, mode counts, gradient penalties, spectral
normalisation, the Wasserstein and saturating losses, the Dirac-GAN."""
import numpy as onp
import pytest
from mxnet import autograd, gluon, init, np

import d2l_gan
from d2l_gan import set_seed
from d2l_gan.data import MIXTURES, mixture_centres, mixture_data
from d2l_gan.dynamics import dirac_gradients, dirac_path
from d2l_gan.metrics import mode_stats
from d2l_gan.models import SpectralNormDense, mixture_G, relu_D
from d2l_gan.recipes import STABILISERS, mixture_setup
from d2l_gan.training import WassersteinLoss, gradient_penalty, make_loss, update_D, update_G

# --- data and mode counts ---------------------------------------------------

def test_mixture_centres_ring_and_grid():
    ring, grid = mixture_centres('ring'), mixture_centres('grid')
    assert ring.shape == (8, 2) and grid.shape == (25, 2)
    onp.testing.assert_allclose(onp.linalg.norm(ring, axis=1), 2)
    assert sorted(set(grid[:, 0])) == [-4, -2, 0, 2, 4]
    with pytest.raises(ValueError, match="unknown mixture 'spiral'"):
        mixture_centres('spiral')


def test_mixture_data_falls_on_every_mode_with_its_std():
    set_seed(0)
    X = mixture_data('grid', 20000).asnumpy()
    assert X.shape == (20000, 2) and X.dtype == onp.float32
    stats = mode_stats(X, mixture_centres('grid'), MIXTURES['grid']['std'])
    assert stats['modes'] == 25
    assert stats['high_quality'] > 0.99   # 3 std hold 98.9 % of a 2-D Gaussian
    assert stats['kl'] < 0.01
    centres = mixture_centres('grid')
    nearest = centres[((X[:, None] - centres) ** 2).sum(-1).argmin(1)]
    assert onp.std(X - nearest) == pytest.approx(0.05, rel=0.05)


def test_mode_stats_on_hand_made_samples():
    centres = onp.array([[0., 0.], [10., 0.], [0., 10.], [10., 10.]])
    # 60 points on mode 0, 30 on mode 1, 9 at 0.354 from mode 2, 1 far from all
    samples = onp.concatenate([onp.zeros((60, 2)), onp.full((30, 2), [10., 0.]),
                               onp.full((9, 2), [0., 10.]) + 0.25, [[5., 5.]]])
    stats = mode_stats(samples, centres, std=0.1)
    assert stats['modes'] == 2            # 0.354 is beyond 3 std = 0.3
    assert stats['high_quality'] == pytest.approx(0.90)
    inside = 1 - onp.exp(-4.5)  # the data's share within 3 std of a centre
    made, data = onp.array([0.6, 0.3, 0.1]), onp.array([inside / 4, inside / 4, 1 - inside])
    assert stats['kl'] == pytest.approx((made * onp.log(made / data)).sum())
    loose = mode_stats(samples, centres, std=0.12)
    assert loose['modes'] == 3            # within 3 std = 0.36 now: 9 % >= 1 %
    assert loose['high_quality'] == pytest.approx(0.99)


def test_mode_stats_one_mode_gives_log_k_and_needs_matching_width():
    centres = mixture_centres('ring')
    stats = mode_stats(onp.tile(centres[:1], (50, 1)), centres, 0.02)
    assert stats['modes'] == 1
    assert stats['kl'] == pytest.approx(onp.log(8 / (1 - onp.exp(-4.5))))
    # no point on any mode is worse than all on one, not better (nor undefined)
    missed = mode_stats(onp.full((50, 2), 5.0), centres, 0.02)
    assert missed['modes'] == 0 and missed['kl'] > stats['kl'] + 1
    with pytest.raises(ValueError, match=r'shape \(50, 3\).*\(num_samples, 2\)'):
        mode_stats(onp.zeros((50, 3)), centres, 0.02)
    for std in (0, -0.02):
        with pytest.raises(ValueError, match=f'std must be > 0, got {std}'):
            mode_stats(onp.zeros((50, 2)), centres, std)


# --- gradient penalties -----------------------------------------------------

def tiny_D():
    net = relu_D(hidden=6, num_layers=2)
    net.initialize(init.Xavier())
    net(np.zeros((1, 2)))
    net.cast('float64')
    return net


def input_gradient_fd(net, x, eps=1e-6):
    grad = onp.zeros(len(x))
    for j in range(len(x)):
        e = onp.zeros((1, len(x)))
        e[0, j] = eps
        grad[j] = (float(net(np.array(x[None] + e))) -
                   float(net(np.array(x[None] - e)))) / (2 * eps)
    return grad


def test_r1_penalty_is_half_the_squared_input_gradient():
    set_seed(1)
    net = tiny_D()
    X = onp.random.normal(size=(5, 2))
    penalty = gradient_penalty(net, np.array(X), np.array(X), 'r1').asnumpy()
    expected = [(input_gradient_fd(net, x) ** 2).sum() / 2 for x in X]
    onp.testing.assert_allclose(penalty, expected, rtol=1e-5)


def test_gp_penalty_at_points_between_real_and_fake():
    set_seed(2)
    net = tiny_D()
    X = onp.random.normal(size=(5, 2))
    # real == fake: every interpolated point is the real point itself
    penalty = gradient_penalty(net, np.array(X), np.array(X), 'gp').asnumpy()
    expected = [(onp.linalg.norm(input_gradient_fd(net, x)) - 1) ** 2 for x in X]
    onp.testing.assert_allclose(penalty, expected, rtol=1e-5)


def test_penalty_gradient_reaches_D_weights_like_finite_differences():
    set_seed(3)
    net = tiny_D()
    X = np.array(onp.random.normal(size=(4, 2)))
    W = net[0].weight
    with autograd.record():
        total = gradient_penalty(net, X, X, 'r1').sum()
    total.backward()
    analytic = W.grad().asnumpy()[0, 1]
    w0, eps, values = W.data().asnumpy(), 1e-6, []
    for sign in (1, -1):
        w = w0.copy()
        w[0, 1] += sign * eps
        W.set_data(np.array(w))
        values.append(float(gradient_penalty(net, X, X, 'r1').sum()))
    assert analytic == pytest.approx((values[0] - values[1]) / (2 * eps), rel=1e-4)


def test_update_D_with_r1_pays_the_penalty_on_top_of_its_loss():
    set_seed(4)
    net_D, net_G = relu_D(8, 2), mixture_G(2, 8, 2)
    for net in (net_D, net_G):
        net.initialize(init.Xavier())
    X, Z = mixture_data('ring', 32), np.random.normal(size=(32, 2))
    loss = gluon.loss.SigmoidBCELoss()
    fake = net_G(Z)
    plain = float((loss(net_D(X), np.ones(32)) + loss(net_D(fake), np.zeros(32))).sum() / 2)
    expected = plain + 3.0 * float(gradient_penalty(net_D, X, fake, 'r1').sum())
    trainer = gluon.Trainer(net_D.collect_params(), 'sgd', {'learning_rate': 0.0})
    run = d2l_gan.Run(net_D, net_G, trainer, None, loss, 2, Z[:1], penalty='r1',
                      penalty_weight=3.0)
    returned = float(update_D(X, fake, run))
    assert returned == pytest.approx(expected, rel=1e-5)


# --- spectral normalisation -------------------------------------------------

def test_spectral_norm_dense_divides_by_the_largest_singular_value():
    set_seed(5)
    layer = SpectralNormDense(6, 4)
    layer.initialize()
    x = np.random.normal(size=(3, 4))
    for _ in range(50):  # one power-iteration step per call
        y = layer(x)
    W = layer.weight.data().asnumpy()
    top = onp.linalg.svd(W, compute_uv=False)[0]
    assert float(layer.sigma(layer.weight.data())) == pytest.approx(top, rel=1e-4)
    expected = x.asnumpy() @ (W / top).T + layer.bias.data().asnumpy()
    onp.testing.assert_allclose(y.asnumpy(), expected, rtol=1e-3, atol=1e-5)
    assert onp.linalg.svd(W / top, compute_uv=False)[0] == pytest.approx(1, rel=1e-4)


def test_spectral_norm_D_trains_with_a_penalty():
    set_seed(6)
    net = relu_D(8, 2, spectral_norm=True)
    net.initialize(init.Xavier())
    X = mixture_data('ring', 16)
    with autograd.record():
        total = gradient_penalty(net, X, X, 'r1').sum()
    total.backward()
    assert float(np.abs(net[0].weight.grad()).sum()) > 0
    assert net[0].u.grad_req == 'null'


# --- losses -----------------------------------------------------------------

def test_wasserstein_loss_is_minus_score_for_real_plus_for_fake():
    scores = np.array([[1.5], [-2.0]])
    loss = WassersteinLoss()
    onp.testing.assert_allclose(loss(scores, np.array([1., 1.])).asnumpy(), [-1.5, 2.0])
    onp.testing.assert_allclose(loss(scores, np.array([0., 0.])).asnumpy(), [1.5, -2.0])
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        make_loss('hinge')


def test_saturating_generator_loss_is_minus_D_fake_loss():
    set_seed(7)
    net_D, net_G = relu_D(8, 2), mixture_G(2, 8, 2)
    for net in (net_D, net_G):
        net.initialize(init.Xavier())
    Z = np.random.normal(size=(16, 2))
    loss = gluon.loss.SigmoidBCELoss()
    trainer = gluon.Trainer(net_G.collect_params(), 'sgd', {'learning_rate': 0.0})
    with autograd.record():
        fake = net_G(Z)
    run = d2l_gan.Run(net_D, net_G, None, trainer, loss, 2, Z[:1], saturating=True)
    returned = float(update_G(fake, run))
    assert returned == pytest.approx(-float(loss(net_D(fake), np.zeros(16)).sum()), rel=1e-5)


# --- train's options and bad input ------------------------------------------

@pytest.mark.parametrize('change, message', [
    (dict(penalty_weight=-1.0, penalty='r1'), 'penalty_weight must be >= 0, got -1.0'),
    (dict(penalty='r2'), "unknown penalty 'r2'"),
    (dict(loss='hinge'), "unknown loss 'hinge'"),
])
def test_a_run_rejects_bad_settings(change, message):
    net_D, net_G, settings = mixture_setup(num_epochs=1)
    with pytest.raises(ValueError, match=message):
        d2l_gan.start_run(net_D, net_G, mixture_data('ring', 512), dict(settings, **change))


def test_train_rejects_data_of_the_wrong_width():
    net_D, net_G, settings = mixture_setup(num_epochs=1)
    data = np.zeros((512, 3))
    run = d2l_gan.start_run(net_D, net_G, data, settings)
    with pytest.raises(ValueError, match=r'shape \(512, 3\).*\(2,\)'):
        d2l_gan.train(run, data, 1, 256)


def test_mixture_setup_knows_its_stabilisers():
    assert set(STABILISERS) == {'none', 'r1', 'spectral_norm', 'ttur', 'wgan_gp', 'r1_ttur'}
    net_D, _, kwargs = mixture_setup('spectral_norm')
    assert isinstance(net_D[0], SpectralNormDense)
    assert mixture_setup('ttur')[2]['lr_D'] == 4 * mixture_setup('ttur')[2]['lr_G']
    assert mixture_setup('r1', penalty_weight=0.5)[2]['penalty_weight'] == 0.5  # changes win
    with pytest.raises(ValueError, match="unknown stabiliser 'dropout'"):
        mixture_setup('dropout')


@pytest.mark.parametrize('stabiliser', sorted(STABILISERS))
def test_every_stabiliser_trains_and_moves_G_towards_the_modes(stabiliser):
    set_seed(8)
    # 16 epochs: WGAN-GP's 5 critic steps leave it a fifth of the G steps
    net_D, net_G, kwargs = mixture_setup(stabiliser, num_epochs=16, batch_size=64,
                                         hidden=32, num_layers=2)
    Z = np.random.normal(size=(500, 2))
    centres = mixture_centres('ring')

    def distance_to_modes(net_G):
        fake = net_G(Z).asnumpy().astype(onp.float64)
        return onp.sqrt(((fake[:, None] - centres) ** 2).sum(-1).min(1)).mean()
    data = mixture_data('ring', 1024)
    run = d2l_gan.start_run(net_D, net_G, data, kwargs)
    at_start = distance_to_modes(net_G)
    history = d2l_gan.train(run, data, kwargs['num_epochs'], kwargs['batch_size'])
    assert len(history['loss_D']) == 16
    assert all(onp.isfinite(history['loss_D'] + history['loss_G']))
    assert distance_to_modes(net_G) < 0.8 * at_start


# --- the Dirac-GAN ------------------------------------------------------------

def test_dirac_gradients_match_finite_differences():
    theta, psi, eps = 0.7, -1.3, 1e-6
    log_sig = lambda t: -onp.log1p(onp.exp(-t))
    loss_D = lambda t, p, w: (-log_sig(0) - log_sig(-p * t)) / 2 + w * p ** 2 / 2
    for saturating, loss_G in ((True, lambda t, p: -loss_D(t, p, 0)),
                               (False, lambda t, p: -log_sig(p * t))):
        g_theta, g_psi = dirac_gradients(theta, psi, 0.4, saturating)
        fd_theta = (loss_G(theta + eps, psi) - loss_G(theta - eps, psi)) / (2 * eps)
        fd_psi = (loss_D(theta, psi + eps, 0.4) - loss_D(theta, psi - eps, 0.4)) / (2 * eps)
        assert g_theta == pytest.approx(fd_theta, rel=1e-5)
        assert g_psi == pytest.approx(fd_psi, rel=1e-5)


def test_dirac_simultaneous_spirals_out_alternating_circles_r1_converges():
    radius = lambda path: onp.linalg.norm(path, axis=1)
    sim = radius(dirac_path(1.0, 1.0, lr=0.2, num_steps=1000, alternating=False))
    alt = radius(dirac_path(1.0, 1.0, lr=0.2, num_steps=1000, alternating=True))
    r1 = radius(dirac_path(1.0, 1.0, lr=0.2, num_steps=1000, penalty_weight=0.3))
    assert sim[-1] > 1.5 * sim[0]
    assert 0.9 * alt[0] < alt[-1] < 1.1 * alt[0] and alt.min() > 0.9 * alt[0]
    assert r1[-1] < 1e-3
    with pytest.raises(ValueError, match='penalty_weight must be >= 0'):
        dirac_gradients(0.0, 0.0, -0.1)


def test_linear_decay_lowers_both_learning_rates_to_the_last_epochs_share():
    set_seed(0)
    net_D, net_G, settings = mixture_setup('none', num_epochs=5, lr_D=0.004, lr_G=0.002)
    data = mixture_data('ring', 256)
    run = d2l_gan.start_run(net_D, net_G, data, settings)
    seen = []
    decay = d2l_gan.linear_decay(run, start=1, num_epochs=5)

    def watch(run):  # the rates the next epoch will train with
        decay(run)
        seen.append((run.trainer_D.learning_rate, run.trainer_G.learning_rate))
    d2l_gan.train(run, data, 5, settings['batch_size'], plot_every=None, on_epoch=watch)
    onp.testing.assert_allclose(seen, [(0.004, 0.002), (0.003, 0.0015), (0.002, 0.001),
                                       (0.001, 0.0005), (0, 0)], atol=1e-12)
    with pytest.raises(ValueError, match=r'start must be in \[0, 5\), got 5'):
        d2l_gan.linear_decay(run, start=5, num_epochs=5)
