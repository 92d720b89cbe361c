import numpy as onp
import pytest

from d2l_gan import frechet_distance, gaussian_fit


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
