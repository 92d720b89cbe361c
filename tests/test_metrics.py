import numpy as onp
import pytest

from d2l_gan import frechet_distance, gaussian_fit, set_seed
from d2l_gan.geometry import nearest_distances
from d2l_gan.metrics import (
    binomial_p_value,
    c2st,
    class_histogram,
    classifier_fid,
    confident_share,
    coverage_entropy,
    mmd_test,
    near_copy_share,
)


def test_fd_one_dimension_by_hand():
    # N(0, 1) vs N(3, 4): (0 - 3)^2 + (1 - 2)^2 = 10
    assert frechet_distance([0.], [[1.]], [3.], [[4.]]) == pytest.approx(10.0)


def test_fd_diagonal_by_hand():
    # per axis (mu diff)^2 + (sigma1 - sigma2)^2: (1 + 1) + (0 + (3 - 1)^2) = 6
    d = frechet_distance([1., 0.], onp.diag([1., 9.]), [0., 1.], onp.diag([1., 1.]))
    assert d == pytest.approx(6.0)


def test_fd_is_zero_for_equal_and_symmetric_for_different():
    A = onp.array([[1, 2], [-0.1, 0.5]])
    C = A.T @ A
    assert frechet_distance([1, 2], C, [1, 2], C) == pytest.approx(0, abs=1e-9)
    B = onp.array([[2.0, 0.3], [0.3, 0.5]])
    assert frechet_distance([0, 0], C, [1, 1], B) == \
        pytest.approx(frechet_distance([1, 1], B, [0, 0], C))


def test_fd_of_sample_fit_shrinks_with_more_samples():
    rng = onp.random.default_rng(0)
    A = onp.array([[1, 2], [-0.1, 0.5]])
    fds = [frechet_distance(*gaussian_fit(rng.normal(size=(n, 2)) @ A + [1, 2]),
                            [1, 2], A.T @ A) for n in (100, 100000)]
    assert fds[1] < fds[0] and fds[1] < 1e-3


def test_bad_shapes_are_named():
    with pytest.raises(ValueError, match=r'\(2,\).*\(3,\)'):
        frechet_distance(onp.zeros(2), onp.eye(2), onp.zeros(3), onp.eye(3))
    with pytest.raises(ValueError, match=r'shape \(5,\)'):
        gaussian_fit(onp.zeros(5))


# --- two-sample tests --------------------------------------------------------

def test_mmd_by_hand():
    # X = {0, 0}, Y = {1, 1}: squared distances 0 within, 1 across, so the
    # median of the six pairs is 1, k(within) = 1, k(across) = exp(-1/2):
    # MMD² = 1 + 1 - 2 exp(-1/2). Only 6 labellings exist: p cannot be small.
    mmd2, p = mmd_test([[0.], [0.]], [[1.], [1.]], num_permutations=300)
    assert mmd2 == pytest.approx(2 - 2 * onp.exp(-0.5))
    assert p > 0.2


def test_mmd_bandwidth_scale_by_hand():
    # as above with the bandwidth doubled: sigma² = 4, k(across) = exp(-1/8)
    mmd2, _ = mmd_test([[0.], [0.]], [[1.], [1.]], num_permutations=3, bandwidth_scale=2)
    assert mmd2 == pytest.approx(2 - 2 * onp.exp(-1 / 8))
    with pytest.raises(ValueError, match='bandwidth_scale must be positive, not 0'):
        mmd_test([[0.], [0.]], [[1.], [1.]], bandwidth_scale=0)


def test_mmd_unbiased_is_zero_on_average_for_one_distribution():
    rng = onp.random.RandomState(0)
    values = [mmd_test(rng.normal(size=(50, 2)), rng.normal(size=(50, 2)),
                       num_permutations=1)[0] for _ in range(200)]
    assert abs(onp.mean(values)) < 3 * onp.std(values) / onp.sqrt(200)


def false_positive_rate(test, repetitions, n=100):
    set_seed(1)
    rng = onp.random.RandomState(1)
    return onp.mean([test(rng.normal(size=(n, 2)), rng.normal(size=(n, 2)),
                          seed=i)[1] < 0.05 for i in range(repetitions)])


def power(test, shift, repetitions, n=100):
    set_seed(2)
    rng = onp.random.RandomState(2)
    return onp.mean([test(rng.normal(size=(n, 2)),
                          rng.normal(size=(n, 2)) + [shift, 0], seed=i)[1] < 0.05
                     for i in range(repetitions)])


def test_mmd_test_keeps_its_level_and_rejects_a_shift():
    # 500 tests of two samples of N(0, I): about 5% reject (binomial sd 1%)
    assert 0.02 <= false_positive_rate(mmd_test, 500) <= 0.08
    assert power(mmd_test, 1.0, 50) >= 0.95


def test_c2st_keeps_its_level_and_rejects_a_shift():
    # 200 tests: about 5% reject (sd 1.5%); a guessing classifier is right half the time
    assert 0.01 <= false_positive_rate(c2st, 200) <= 0.10
    assert power(c2st, 1.0, 20) >= 0.95
    acc, p = c2st(onp.zeros((100, 3)), onp.ones((100, 3)))
    assert acc == 1.0 and p == pytest.approx(0.5 ** 100)


def test_binomial_p_value_by_hand():
    assert binomial_p_value(10, 10) == pytest.approx(2 ** -10)
    assert binomial_p_value(0, 10) == pytest.approx(1.0)
    # P(X >= 9) for Binomial(10, 1/2) = (10 + 1) / 1024
    assert binomial_p_value(9, 10) == pytest.approx(11 / 1024)


def test_two_sample_tests_name_bad_shapes():
    for test in (mmd_test, c2st):
        with pytest.raises(ValueError, match=r'\(5, 2\) and \(5, 3\)'):
            test(onp.zeros((5, 2)), onp.zeros((5, 3)))


# --- digit metrics -----------------------------------------------------------

def test_coverage_and_confidence_by_hand():
    assert coverage_entropy(onp.full(10, 0.1)) == pytest.approx(1.0)
    assert coverage_entropy(onp.eye(10)[3]) == pytest.approx(0.0)
    # two equally common classes out of ten: log 2 / log 10
    assert coverage_entropy(onp.array([.5, .5] + [0] * 8)) == \
        pytest.approx(onp.log(2) / onp.log(10))
    probs = onp.array([[.95, .05], [.6, .4], [.1, .9], [.2, .8]])
    assert confident_share(probs) == pytest.approx(0.5)
    assert class_histogram(probs).tolist() == [0.5, 0.5]


def test_near_copies_by_hand():
    train = onp.array([[-1.] * 784, [1.] * 784])
    # an exact copy; one 0.2 away in [-1, 1] (= 0.1 RMS in [0, 1]); a far one
    samples = onp.array([[1.] * 784, [-0.8] * 784, [0.] * 784])
    assert nearest_distances(samples, train) == pytest.approx([0, 0.1, 0.5],
                                                               abs=1e-3)
    assert near_copy_share(samples, train) == pytest.approx(1 / 3)
    # the third sample (0) is equally far from both: the first one wins
    distances, index = nearest_distances(samples, train, batch_size=2,
                                         return_index=True)
    assert index.tolist() == [1, 0, 0]
    assert distances == pytest.approx([0, 0.1, 0.5], abs=1e-3)


def test_classifier_fid_is_frechet_distance_of_fitted_features():
    rng = onp.random.RandomState(0)
    a, b = rng.normal(size=(500, 3)), rng.normal(size=(500, 3)) + [2, 0, 0]
    assert classifier_fid(a, b) == pytest.approx(
        frechet_distance(*gaussian_fit(a), *gaussian_fit(b)))
    assert classifier_fid(a, b) == pytest.approx(4, rel=0.15)


def test_c2st_repeats_with_set_seed():
    rng = onp.random.RandomState(3)
    X, Y = rng.normal(size=(80, 2)), rng.normal(size=(80, 2)) + [0.3, 0]
    runs = []
    for _ in range(2):
        set_seed(7)
        runs.append(c2st(X, Y, seed=5))
    assert runs[0] == runs[1]


def test_mmd_of_identical_constant_samples_is_zero_not_nan():
    # every distance is 0: no median bandwidth exists, and nothing differs
    mmd2, p = mmd_test(onp.ones((10, 3)), onp.ones((10, 3)))
    assert mmd2 == pytest.approx(0) and p == pytest.approx(1)


def test_seeds_row_prints_the_median_and_the_worst_seed(capsys):
    from d2l_gan.metrics import seeds_row
    seeds = {'1': dict(classifier_fid=3.0, confident_share=0.5, coverage_entropy=0.99),
             '2': dict(classifier_fid=1.0, confident_share=0.7, coverage_entropy=0.90),
             '3': dict(classifier_fid=2.0, confident_share=0.6, coverage_entropy=0.95)}
    seeds_row('x', seeds)
    row = capsys.readouterr().out
    # worst: the largest FID, the smallest confident share and coverage
    assert row.split()[1:] == ['classifier-FID', '2.0', '(3.0)', 'confident', '0.600',
                               '(0.500)', 'coverage', '0.950', '(0.900)'], row
