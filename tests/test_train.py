"""update_D, update_G and train do what the notebooks say they do."""
import numpy as onp
import pytest
from mxnet import autograd, gluon, init, np
from mxnet.gluon import nn

import d2l_gan
from d2l_gan import recipes, set_seed, train, update_D, update_G


def gaussian_data(n=1000):
    X = np.random.normal(size=(n, 2))
    return X.dot(np.array([[1, 2], [-0.1, 0.5]])) + np.array([1, 2])


def nets():
    net_G = nn.HybridSequential()
    net_G.add(nn.Dense(2))
    net_D = nn.HybridSequential()
    net_D.add(nn.Dense(5), nn.LeakyReLU(0.2), nn.Dense(3), nn.LeakyReLU(0.2),
              nn.Dense(1))
    for net in (net_D, net_G):
        net.initialize(init.Normal(0.5))
        net(np.zeros((1, 2)))  # shapes are known from here on
    return net_D, net_G


def d_loss(X, Z, net_D, net_G, loss):
    return float((loss(net_D(X), np.ones(len(X))) +
                  loss(net_D(net_G(Z)), np.zeros(len(X)))).mean() / 2)


def a_run(net_D, net_G, trainer_D=None, trainer_G=None, **game):
    """A Run around nets whose shapes are known, for one update at a time."""
    return d2l_gan.Run(net_D, net_G, trainer_D, trainer_G, gluon.loss.SigmoidBCELoss(),
                       2, np.zeros((1, 2)), **game)


def recorded_fakes(net_G, Z):
    with autograd.record():  # as train_epoch does: one G pass for both updates
        return net_G(Z)


def test_update_D_lowers_D_loss_and_leaves_G_alone():
    set_seed(0)
    net_D, net_G = nets()
    loss = gluon.loss.SigmoidBCELoss()
    X, Z = gaussian_data(64), np.random.normal(size=(64, 2))
    trainer = gluon.Trainer(net_D.collect_params(), 'sgd', {'learning_rate': 0.05})
    G_before = net_G[0].weight.data().copy()
    before = d_loss(X, Z, net_D, net_G, loss)
    returned = float(update_D(X, recorded_fakes(net_G, Z), a_run(net_D, net_G, trainer)))
    assert returned / 64 == pytest.approx(before, rel=1e-4)  # summed loss
    assert d_loss(X, Z, net_D, net_G, loss) < before
    assert onp.array_equal(net_G[0].weight.data().asnumpy(), G_before.asnumpy())


def test_update_G_lowers_G_loss_and_leaves_D_alone():
    set_seed(0)
    net_D, net_G = nets()
    loss = gluon.loss.SigmoidBCELoss()
    Z = np.random.normal(size=(64, 2))
    trainer = gluon.Trainer(net_G.collect_params(), 'sgd', {'learning_rate': 0.05})
    D_before = net_D[0].weight.data().copy()
    g_loss = lambda: float(loss(net_D(net_G(Z)), np.ones(64)).mean())
    before = g_loss()
    update_G(recorded_fakes(net_G, Z), a_run(net_D, net_G, trainer_G=trainer))
    assert g_loss() < before
    assert onp.array_equal(net_D[0].weight.data().asnumpy(), D_before.asnumpy())


def test_one_generator_pass_serves_both_updates():
    # update_G on the fakes recorded before update_D moves G exactly as the
    # d2l book's step does, which runs G again on the same noise after D's step
    results = []
    for reuse in (True, False):
        set_seed(0)
        net_D, net_G = nets()
        X, Z = gaussian_data(64), np.random.normal(size=(64, 2))
        trainer_D = gluon.Trainer(net_D.collect_params(), 'sgd', {'learning_rate': 0.05})
        trainer_G = gluon.Trainer(net_G.collect_params(), 'sgd', {'learning_rate': 0.05})
        G_start = net_G[0].weight.data().asnumpy()
        fake_X = recorded_fakes(net_G, Z)
        run = a_run(net_D, net_G, trainer_D, trainer_G)
        update_D(X, fake_X, run)
        update_G(fake_X if reuse else recorded_fakes(net_G, Z), run)
        results.append(net_G[0].weight.data().asnumpy())
        assert not onp.array_equal(results[-1], G_start)  # G did move
    onp.testing.assert_allclose(results[0], results[1], rtol=1e-6)


def small_run(seed, on_epoch=None, **settings):
    set_seed(seed)
    net_D, net_G = nets()
    data = gaussian_data()
    run = d2l_gan.start_run(net_D, net_G, data, settings)
    history = train(run, data, 4, 8, on_epoch=on_epoch)
    return history, net_G


def test_train_returns_per_epoch_losses_and_moves_G_towards_the_data():
    history, net_G = small_run(1)
    assert set(history) == {'loss_D', 'loss_G'}
    assert len(history['loss_D']) == len(history['loss_G']) == 4
    assert all(onp.isfinite(history['loss_D'] + history['loss_G']))
    # G starts near 0; after training its mean moves towards b = (1, 2)
    fake = net_G(np.random.normal(size=(2000, 2))).asnumpy()
    assert onp.linalg.norm(fake.mean(0) - [1, 2]) < 1.5


def test_set_seed_makes_training_repeatable():
    first, G1 = small_run(7)
    second, G2 = small_run(7)
    other, _ = small_run(8)
    assert first == second
    assert onp.array_equal(G1[0].weight.data().asnumpy(), G2[0].weight.data().asnumpy())
    assert first != other


def test_average_from_sets_G_to_the_mean_of_epoch_end_weights():
    ends = []

    def keep(run):
        ends.append([p.data().asnumpy().copy()
                     for p in run.net_G.collect_params().values()])
    history, net_G = small_run(3, average_from=3, on_epoch=keep)
    assert len(history['loss_G']) == 4   # averaging changes no loss bookkeeping
    final = [p.data().asnumpy() for p in net_G.collect_params().values()]
    for i, value in enumerate(final):    # the mean of the ends of epochs 3 and 4
        assert onp.allclose(value, (ends[2][i] + ends[3][i]) / 2, atol=1e-7)
    assert not onp.allclose(final[0], ends[3][0])  # not the last weights


def test_train_is_quiet_outside_jupyter(capsys):
    small_run(2)
    out = capsys.readouterr()
    assert out.out.count('\n') == 1 and out.out.startswith('loss_D ')
    assert '<Figure' not in out.out + out.err and '\x1b' not in out.out + out.err


@pytest.mark.parametrize('data, message', [
    (np.zeros((1000, 3)), r'shape \(1000, 3\).*shape \(2,\)'),
    (np.zeros((0, 2)), r'shape \(0, 2\).*fewer examples than one minibatch'),
    (np.zeros(1000), r'shape \(1000,\)'),
])
def test_bad_data_gets_a_clear_error(data, message):
    run = d2l_gan.start_run(*nets(), data, {})
    with pytest.raises(ValueError, match=message):
        train(run, data, 1, 8)


def test_a_dataloader_is_refused_by_name():
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(np.zeros((16, 2))), 8)
    run = d2l_gan.start_run(*nets(), loader, {})
    with pytest.raises(ValueError, match='not a DataLoader'):
        train(run, loader, 1, 8)


def test_unknown_settings_are_refused_by_name():
    with pytest.raises(ValueError, match=r"\['lr'\] are not settings of a run"):
        d2l_gan.start_run(*nets(), gaussian_data(), {'lr': 0.1})


def test_running_mean_equals_the_plain_mean():
    samples = [[np.array([1.0, 4.0])], [np.array([3.0, 0.0])],
               [np.array([5.0, 2.0])]]
    mean = []
    for count, sample in enumerate(samples, 1):
        mean = d2l_gan.running_mean(mean, sample, count)
    assert mean[0].asnumpy().tolist() == [3.0, 2.0]
    assert samples[0][0].asnumpy().tolist() == [1.0, 4.0]  # inputs untouched


def test_on_epoch_sees_every_epoch_and_the_generator_learning():
    set_seed(0)
    data = gaussian_data()
    means = []
    run = d2l_gan.start_run(d2l_gan.gaussian_D(), d2l_gan.gaussian_G(), data, {})
    train(run, data, 6, 16, on_epoch=lambda run: means.append(
        (run.epoch, run.net_G(np.random.normal(size=(2000, 2))).mean(0).asnumpy())))
    assert [e for e, _ in means] == list(range(1, 7))
    # the generated mean walks towards the data's (1, 2)
    dist = [onp.linalg.norm(m - [1, 2]) for _, m in means]
    assert dist[-1] < dist[0]


def test_recipes_give_a_run_its_settings_and_the_cli_its_models():
    settings = recipes.run_settings('gaussian')
    assert settings['num_epochs'] == 30 and isinstance(settings['weight_init'](),
                                                       init.Normal)
    run = d2l_gan.start_run(*recipes.make_nets('mnist'), np.zeros((256, 784)),
                            recipes.run_settings('mnist', lr_D=0.123))
    assert run.trainer_D.learning_rate == 0.123 and run.real_label == 0.9
    assert run.average_from == 701 and run.latent_dim == 100
    assert recipes.run_settings('mnist', num_epochs=5)['num_epochs'] == 5
    with pytest.raises(ValueError, match="'epochs'"):
        recipes.run_settings('mnist', epochs=5)
    assert 'gaussian' not in recipes.image_models()
    assert 'mnist' in recipes.image_models()


def test_recipes_build_generators_for_their_latent_dim(monkeypatch):
    monkeypatch.setitem(recipes.RECIPES, 'dcgan',
                        dict(recipes.RECIPES['dcgan'], latent_dim=16))
    net_D, net_G = recipes.make_nets('dcgan')
    net_G.initialize()
    assert net_G(np.zeros((2, 16))).shape == (2, 1, 28, 28)


def test_a_run_continues_from_the_epoch_it_reached():
    set_seed(3)
    net_D, net_G = nets()
    data = gaussian_data()
    run = d2l_gan.start_run(net_D, net_G, data, {})
    assert run.epoch == 0 and run.G_average == []
    first = train(run, data, 2, 8)
    trainer_G, G_after_2 = run.trainer_G, net_G[0].weight.data().asnumpy().copy()
    seen = []
    rest = train(run, data, 5, 8, on_epoch=lambda run: seen.append(run.epoch))
    assert len(first['loss_D']) == 2 and len(rest['loss_D']) == 3
    assert seen == [3, 4, 5] and run.epoch == 5
    assert run.trainer_G is trainer_G  # the same optimizer state carries on
    assert not onp.allclose(net_G[0].weight.data().asnumpy(), G_after_2)


def test_critic_steps_give_one_G_step_per_so_many_D_steps(monkeypatch):
    # WGAN-GP's paper trains its critic 5 steps per generator step
    from d2l_gan import training
    calls = {'D': 0, 'G': 0}
    for name in ('D', 'G'):
        step = getattr(training, f'update_{name}')

        def counted(*args, _step=step, _name=name, **kwargs):
            calls[_name] += 1
            return _step(*args, **kwargs)
        monkeypatch.setattr(training, f'update_{name}', counted)
    history, _ = small_run(1, critic_steps=5)  # 4 epochs of 1,000 // 8 = 125 minibatches
    assert calls == {'D': 4 * 125, 'G': 4 * 25}
    assert all(onp.isfinite(history['loss_G']))


@pytest.mark.parametrize('steps', [0, 2.5, '5'])
def test_critic_steps_must_be_a_whole_number_of_at_least_one(steps):
    with pytest.raises(ValueError, match='critic_steps must be a whole number >= 1'):
        small_run(1, critic_steps=steps)


def test_an_epoch_needs_a_G_step():
    with pytest.raises(ValueError, match='has no G step with critic_steps=200'):
        small_run(1, critic_steps=200)  # 125 minibatches per epoch
