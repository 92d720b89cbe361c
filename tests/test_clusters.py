"""Cluster conditioning (notebook 07): k-means finds the clusters that stand in
for labels, the generator is asked for clusters as often as they hold
digits, and the CLI trains and samples such a model like an unconditional one."""
import json

import numpy as onp
import pytest
from mxnet import np

from d2l_gan import set_seed
from d2l_gan.cli import main
from d2l_gan.clusters import cluster_shares, deskew, draw_clusters, kmeans, purity
from d2l_gan.data import one_hot
from d2l_gan.models import ask, mlp_D, mlp_G, num_params
from d2l_gan.recipes import RECIPES, make_nets, weights


def three_blobs(n=60, seed=0):
    """Points around (0, 0), (10, 0) and (0, 10), n each, and their blob numbers."""
    rng = onp.random.default_rng(seed)
    centres = onp.array([[0, 0], [10, 0], [0, 10]])
    blob = onp.repeat(onp.arange(3), n)
    return centres[blob] + rng.normal(size=(3 * n, 2)), blob


def test_kmeans_finds_separate_blobs_and_repeats_itself():
    points, blob = three_blobs()
    clusters = kmeans(points, 3)
    assert purity(clusters, blob) == 1.0
    assert sorted(onp.bincount(clusters)) == [60, 60, 60]
    assert onp.array_equal(clusters, kmeans(points, 3))  # same seed, same clusters
    many = kmeans(points, 6)
    assert set(many) == set(range(6)) and purity(many, blob) == 1.0


def test_purity_of_mixed_clusters():
    clusters = onp.array([0, 0, 0, 0, 1, 1])
    labels = onp.array([5, 5, 5, 2, 7, 3])
    assert purity(clusters, labels) == pytest.approx(4 / 6)


def test_kmeans_refuses_too_many_or_too_few_clusters():
    points, _ = three_blobs(n=2)
    with pytest.raises(ValueError, match='k=7: need 2 <= k <= the 6 points'):
        kmeans(points, 7)
    with pytest.raises(ValueError, match='k=1'):
        kmeans(points, 1)


def bar(slant, side=28):
    """A one-pixel-wide stroke down rows 4-23 of a blank image (pixels in
    [-1, 1]) drifting `slant` columns to the right per row, as a 'one'."""
    image = -onp.ones((side, side))
    for row in range(4, 24):
        image[row, int(round(14 + slant * (row - 13.5)))] = 1
    return image


def test_deskew_stands_a_slanted_stroke_upright():
    upright, slanted = bar(0), bar(0.4)
    straight = deskew(onp.stack([upright, slanted]))
    assert straight.shape == (2, 784)
    assert onp.allclose(straight[0], (upright.reshape(-1) + 1) / 2)  # no slant: unchanged
    cols = straight[1].reshape(28, 28).sum(axis=0)  # the slanted one's ink per column
    assert cols[13:16].sum() > 0.95 * cols.sum()  # nearly all in the middle columns
    spread = (slanted + 1).reshape(28, 28).sum(axis=0)
    assert (spread > 0).sum() >= 8  # before: spread over eight columns or more
    # as rows of pixels: the same
    assert onp.allclose(deskew(onp.stack([slanted.reshape(-1)])), straight[1:])


def test_deskew_refuses_images_that_are_not_square():
    with pytest.raises(ValueError, match=r'deskew needs square images; got shape \(3, 20\)'):
        deskew(onp.zeros((3, 20)))


def test_clusters_are_drawn_with_their_shares():
    shares = cluster_shares(onp.array([0] * 8 + [1] * 2), 3)
    assert onp.allclose(shares, [0.8, 0.2, 0.0])
    set_seed(0)
    drawn = draw_clusters(shares, 4000).asnumpy()
    assert drawn.shape == (4000, 3) and onp.all(drawn.sum(1) == 1)
    assert drawn[:, 2].sum() == 0  # an empty cluster is never asked for
    assert abs(drawn[:, 0].mean() - 0.8) < 0.03


@pytest.mark.parametrize('name', ['cluster_dcgan', 'cluster_mnist'])
def test_cluster_conditioned_nets_take_one_value_per_cluster(name):
    recipe = RECIPES[name]
    k = recipe['num_classes']
    net_D, net_G = make_nets(name)
    net_D.initialize()
    net_G.initialize()
    y = one_hot(onp.arange(4) % k, k)
    X = ask(net_G, np.zeros((4, recipe['latent_dim'])), y)
    assert X.shape == (4, *recipe['image_shape'])
    assert ask(net_D, X, y).shape == (4, 1)
    with pytest.raises(Exception):  # ten label values are not one per cluster
        ask(net_D, X, one_hot(onp.arange(4)))


def test_weights_counts_what_num_params_counts():
    # one counter for any recipe, conditional ones included; notebook 01's for vector nets
    assert weights('mnist') == [num_params(mlp_G(), 100), num_params(mlp_D(), 784)]
    num_G, num_D = weights('cdcgan')
    assert num_G > weights('dcgan')[0] and num_D > weights('dcgan')[1]


def test_the_matched_dcgan_is_as_large_as_the_cluster_conditioned_one():
    # notebook 07's fair opponent: unconditional, with the cluster model's
    # settings and weights (G exactly; D to within 2%), and more than notebook 04's
    (matched_G, matched_D), (cluster_G, cluster_D) = weights('dcgan_matched'), \
        weights('cluster_dcgan')
    assert matched_G == cluster_G
    assert abs(matched_D - cluster_D) <= 0.02 * cluster_D
    assert weights('dcgan')[1] < 0.5 * matched_D
    assert not RECIPES['dcgan_matched'].get('conditional')
    for key in ('num_epochs', 'batch_size', 'lr_D', 'lr_G', 'beta1', 'optimizer_D'):
        assert RECIPES['dcgan_matched'][key] == RECIPES['cluster_dcgan'][key], key


def test_cli_trains_and_samples_a_cluster_conditioned_run(tmp_path, capsys):
    run = tmp_path / 'sc'
    assert main(['train', 'cluster_dcgan', '--epochs', '1', '--subset', '96',
                 '--out', str(run)]) == 0
    assert (run / 'grid_0001.png').exists()
    samples = tmp_path / 's.npy'
    capsys.readouterr()
    assert main(['sample', str(run), '-n', '150', '-o', str(samples)]) == 0
    out = capsys.readouterr().out
    assert 'wrote 150 images to' in out and 'digit' not in out
    first = onp.load(samples)
    assert first.shape == (150, 28, 28)
    assert main(['sample', str(run), '-n', '150', '-o', str(samples)]) == 0
    assert onp.array_equal(first, onp.load(samples))  # same seed, same clusters and noise
    capsys.readouterr()
    assert main(['evaluate', str(run), '-n', '120', '--json', '-']) == 0
    report = json.loads(capsys.readouterr().out)
    assert 'label_accuracy' not in report['generator']
    assert main(['sample', str(run), '--label', '3']) == 2
    assert "unconditional model 'cluster_dcgan'" in capsys.readouterr().err


def test_cli_refuses_fewer_digits_than_clusters(tmp_path, capsys):
    assert main(['train', 'cluster_dcgan', '--epochs', '1', '--subset', '20',
                 '--batch-size', '4', '--out', str(tmp_path / 'x')]) == 2
    err = capsys.readouterr().err
    k = RECIPES['cluster_dcgan']['num_classes']
    assert err.count('\n') == 1
    assert f'--subset 20: k={k}: need 2 <= k <= the 20 points' in err


def test_each_recipe_trains_with_its_own_labels():
    from d2l_gan.data import load_mnist_sample, to_pixels
    from d2l_gan.recipes import training_labels
    images, digits = load_mnist_sample()
    keep = onp.random.RandomState(0).permutation(len(images))[:200]
    pixels, digits = to_pixels(images[keep]).asnumpy(), digits[keep]
    k = RECIPES['cluster_dcgan']['num_classes']
    labels, clusters = training_labels('cluster_dcgan', pixels, digits)
    assign = kmeans(deskew(pixels), k)
    assert labels.shape == (200, k)
    assert onp.array_equal(labels.asnumpy().argmax(1), assign)  # not the classes
    assert clusters['shares'] == pytest.approx(onp.bincount(assign, minlength=k) / 200)
    j = assign[0]  # a centre is the mean of its cluster's straightened digits
    assert clusters['centres'][j] == pytest.approx(deskew(pixels)[assign == j].mean(0))
    labels, clusters = training_labels('cdcgan', pixels, digits)
    assert onp.array_equal(labels.asnumpy().argmax(1), digits) and clusters is None
    assert training_labels('dcgan', pixels, digits) == (None, None)
    with pytest.raises(ValueError, match=f'k={k}: need 2 <= k <= the 20 points'):
        training_labels('cluster_dcgan', pixels[:20], digits[:20])


def test_a_run_is_asked_for_samples_in_one_place():
    from d2l_gan import start_run
    from d2l_gan.recipes import make_nets, run_settings

    def run_of(name):
        return start_run(*make_nets(name), None, run_settings(name))
    y, digits = run_of('cdcgan').asked(12)
    assert onp.array_equal(digits, onp.arange(12) % 10)
    assert onp.array_equal(y.asnumpy().argmax(1), digits)
    assert onp.array_equal(run_of('cdcgan').asked(3, label=7)[1], [7, 7, 7])
    assert run_of('cdcgan').sample(5, label=7).shape == (5, 1, 28, 28)
    cluster_conditioned = run_of('cluster_dcgan')
    with pytest.raises(ValueError, match='shares of its clusters'):
        cluster_conditioned.asked(5)
    cluster_conditioned.shares = onp.zeros(50)
    cluster_conditioned.shares[[4, 9]] = 0.5  # only two clusters hold digits: only they are drawn
    y, digits = cluster_conditioned.asked(200, rng=onp.random.RandomState(0))
    assert set(y.asnumpy().argmax(1)) == {4, 9} and digits is None
    unconditional = run_of('dcgan')
    assert unconditional.asked(5) == (None, None)
    assert unconditional.sample(3).shape == (3, 1, 28, 28)
    for run in (unconditional, cluster_conditioned):
        with pytest.raises(ValueError, match='cannot be asked for digit 3'):
            run.asked(5, label=3)


def test_a_saved_cluster_conditioned_run_is_sampled_without_clustering_again(tmp_path,
                                                                          monkeypatch):
    from d2l_gan import cli, recipes
    from d2l_gan.checkpoint import read_checkpoint
    run = tmp_path / 'sc'
    assert main(['train', 'cluster_dcgan', '--epochs', '1', '--subset', '96',
                 '--out', str(run)]) == 0
    arrays, _ = read_checkpoint(run / 'checkpoint.npz')
    k = RECIPES['cluster_dcgan']['num_classes']
    assert arrays['clusters/shares'].shape == (k,) and arrays['clusters/centres'].shape == (k, 784)
    assert arrays['clusters/shares'].sum() == pytest.approx(1)

    def no_clustering(*args, **kwargs):
        raise AssertionError('sampling clustered the digits again')
    monkeypatch.setattr(recipes, 'kmeans', no_clustering)
    monkeypatch.setattr(cli, 'load_mnist', no_clustering)
    assert main(['sample', str(run), '-n', '20', '-o', str(tmp_path / 's.npy')]) == 0
    assert main(['evaluate', str(run), '-n', '100']) == 0
