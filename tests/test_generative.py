"""Unit tests for dlcourse.generative.frechet_distance on small synthetic inputs."""

import numpy as np
import pytest
from scipy import linalg

from dlcourse.generative import frechet_distance


def _closed_form(mu_a, cov_a, mu_b, cov_b):
    cross = np.real(linalg.sqrtm(cov_a @ cov_b))
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a + cov_b - 2 * cross))


def test_identical_sets_are_at_distance_zero():
    x = np.random.default_rng(0).normal(size=(200, 5))
    assert frechet_distance(x, x) == pytest.approx(0.0, abs=1e-8)
    assert frechet_distance(x, x.copy()) >= 0.0


def test_shifted_means_give_squared_distance():
    x = np.random.default_rng(1).normal(size=(300, 4))
    shift = np.array([1.0, -2.0, 0.5, 0.0])
    # same covariance, so only the mean term remains: 1 + 4 + 0.25 = 5.25
    assert frechet_distance(x, x + shift) == pytest.approx(5.25, rel=1e-8)


def test_two_gaussians_match_the_closed_form():
    rng = np.random.default_rng(2)
    mu_a, mu_b = np.array([0.0, 1.0, -1.0]), np.array([2.0, 0.0, 1.0])
    cov_a = np.diag([1.0, 2.0, 0.5])
    m = rng.normal(size=(3, 3))
    cov_b = m @ m.T + 0.5 * np.eye(3)
    expected = _closed_form(mu_a, cov_a, mu_b, cov_b)
    a = rng.multivariate_normal(mu_a, cov_a, size=200_000)
    b = rng.multivariate_normal(mu_b, cov_b, size=200_000)
    assert frechet_distance(a, b) == pytest.approx(expected, rel=0.02)


def test_exact_moments_give_the_exact_value():
    # Two point sets whose sample mean and covariance are known exactly.
    a = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])  # mean 0, cov diag(2/3, 2/3)
    b = 3.0 * a + np.array([1.0, 2.0])                                   # mean (1, 2), cov 9 × that
    # ‖μ‖² = 5; Tr(Σa + Σb − 2 (Σa Σb)^½) = 2·(2/3)·(1 + 9 − 2·3) = 16/3
    assert frechet_distance(a, b) == pytest.approx(5 + 16 / 3, rel=1e-10)


def test_one_feature_is_the_gaussian_formula():
    rng = np.random.default_rng(3)
    a, b = rng.normal(0.0, 1.0, size=(500, 1)), rng.normal(3.0, 2.0, size=(700, 1))
    sa, sb = a.std(ddof=1), b.std(ddof=1)
    expected = (a.mean() - b.mean()) ** 2 + (sa - sb) ** 2
    assert frechet_distance(a, b) == pytest.approx(expected, rel=1e-8)


def test_is_symmetric_and_accepts_lists():
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(50, 3)), rng.normal(1.0, 2.0, size=(80, 3))
    assert frechet_distance(a, b) == pytest.approx(frechet_distance(b, a), rel=1e-8)
    assert frechet_distance(a.tolist(), b) == pytest.approx(frechet_distance(a, b))


def test_singular_covariances_still_give_a_finite_value():
    a = np.zeros((10, 3))
    a[:, 0] = np.arange(10)          # rank-1 covariance
    value = frechet_distance(a, a + 1.0)
    assert np.isfinite(value) and value == pytest.approx(3.0, abs=1e-3)


@pytest.mark.parametrize(
    "a, b, match",
    [
        (np.zeros(5), np.zeros((5, 1)), "two-dimensional"),
        (np.zeros((4, 2, 2)), np.zeros((4, 2)), "two-dimensional"),
        (np.zeros((1, 3)), np.zeros((5, 3)), "at least 2 rows"),
        (np.zeros((5, 3)), np.zeros((1, 3)), "at least 2 rows"),
        (np.zeros((5, 0)), np.zeros((5, 0)), "at least 1 feature"),
        (np.zeros((5, 3)), np.zeros((5, 4)), "same number of columns"),
        (np.full((5, 2), np.nan), np.zeros((5, 2)), "NaN"),
    ],
)
def test_bad_shapes_raise_value_error(a, b, match):
    with pytest.raises(ValueError, match=match):
        frechet_distance(a, b)


def test_non_numeric_input_raises_type_error():
    with pytest.raises(TypeError, match="numeric"):
        frechet_distance([["a", "b"], ["c", "d"]], np.zeros((2, 2)))
