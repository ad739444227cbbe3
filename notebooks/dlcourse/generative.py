"""Measuring generative models: the Fréchet distance between two sets of feature vectors.

A picture of generated samples shows what a model does; a number lets us compare two models,
two epochs or two settings. :func:`frechet_distance` fits one Gaussian to each set of feature
vectors (for images: the activations of a layer of a trained classifier) and returns the
Fréchet (2-Wasserstein) distance between the two Gaussians::

    d² = ‖μ_a − μ_b‖² + Tr(Σ_a + Σ_b − 2 (Σ_a Σ_b)^{1/2})

It is zero for two sets with the same mean and covariance and grows as the generated features
drift away from the real ones, in location (first term) or in spread and shape (trace term).
With Inception-v3 features this is the FID of Heusel et al. (2017); the course uses the
penultimate layer of a small classifier trained in the chapter, so the values are comparable
only within one chapter (same classifier, same number of samples), never with published FIDs.
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["frechet_distance"]


def _as_features(features, name: str) -> np.ndarray:
    try:
        array = np.asarray(features, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a numeric array-like of shape (n_samples, n_features).") from None
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be two-dimensional (n_samples, n_features), not of shape {array.shape}."
        )
    if array.shape[0] < 2:
        raise ValueError(f"{name} needs at least 2 rows to estimate a covariance, not {array.shape[0]}.")
    if array.shape[1] < 1:
        raise ValueError(f"{name} needs at least 1 feature column.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values.")
    return array


def frechet_distance(features_a, features_b) -> float:
    """Fréchet distance between Gaussians fitted to two sets of feature vectors.

    Parameters
    ----------
    features_a, features_b:
        Array-likes of shape ``(n_a, d)`` and ``(n_b, d)``: one feature vector per row (for
        example the penultimate-layer activations of a classifier for real and for generated
        images). The row counts may differ; the number of columns ``d`` must match and each set
        needs at least 2 rows. With fewer rows than columns the covariance estimates are
        singular and the value is noisy: use a few times more rows than features.

    Returns
    -------
    float
        ``‖μ_a − μ_b‖² + Tr(Σ_a + Σ_b − 2 (Σ_a Σ_b)^{1/2})`` with the sample means ``μ`` and the
        unbiased sample covariances ``Σ`` (``np.cov``, divisor ``n − 1``). The matrix square root
        comes from :func:`scipy.linalg.sqrtm`; its tiny imaginary part (round-off) is dropped, and
        a result that round-off makes slightly negative is returned as 0.0.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If an input is not two-dimensional, has fewer than 2 rows or no columns, contains NaN or
        infinity, or if the two inputs have different numbers of columns.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a = rng.normal(size=(500, 3))
    >>> round(frechet_distance(a, a), 6)
    0.0
    >>> frechet_distance(a, a + 2.0) > 11.9   # shifting every feature by 2 adds 3 * 2² = 12
    True
    """
    from scipy import linalg

    a = _as_features(features_a, "features_a")
    b = _as_features(features_b, "features_b")
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"features_a and features_b must have the same number of columns, not "
            f"{a.shape[1]} and {b.shape[1]}."
        )
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a = np.atleast_2d(np.cov(a, rowvar=False))
    cov_b = np.atleast_2d(np.cov(b, rowvar=False))
    with warnings.catch_warnings():
        # Dead features (constant columns) make the covariances singular; sqrtm then warns
        # although its result is fine, and the finiteness check below catches real failures.
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        cross = linalg.sqrtm(cov_a @ cov_b)
        if not np.all(np.isfinite(cross)):
            # a tiny ridge on both covariances is the usual remedy when sqrtm fails
            eps = 1e-6 * np.eye(cov_a.shape[0])
            cross = linalg.sqrtm((cov_a + eps) @ (cov_b + eps))
    cross = np.real(cross)
    value = float(np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a) + np.trace(cov_b) - 2.0 * np.trace(cross))
    return max(value, 0.0)
