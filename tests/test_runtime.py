"""Unit tests for dlcourse.runtime."""

import random
import sys

import numpy as np
import pytest

import dlcourse
from dlcourse import runtime


@pytest.mark.parametrize(
    "param, env, expected",
    [
        (False, None, False),
        (True, None, True),
        (False, "1", True),
        (False, "yes", True),
        (True, "0", False),
        (True, "false", False),
    ],
)
def test_resolve_fast(monkeypatch, param, env, expected):
    if env is None:
        monkeypatch.delenv(runtime.FAST_ENV, raising=False)
    else:
        monkeypatch.setenv(runtime.FAST_ENV, env)
    assert dlcourse.resolve_fast(param) is expected


def test_resolve_fast_rejects_nonsense(monkeypatch):
    monkeypatch.setenv(runtime.FAST_ENV, "maybe")
    with pytest.raises(ValueError, match="DLCOURSE_FAST"):
        dlcourse.resolve_fast()


def test_set_seed_makes_python_and_numpy_repeatable():
    dlcourse.set_seed(7)
    first = (random.random(), np.random.rand())
    dlcourse.set_seed(7)
    assert (random.random(), np.random.rand()) == first


def test_set_seed_seeds_keras_once_imported():
    keras = pytest.importorskip("keras")
    dlcourse.set_seed(3)
    a = keras.random.normal((3,)).numpy()
    dlcourse.set_seed(3)
    np.testing.assert_array_equal(keras.random.normal((3,)).numpy(), a)


def test_environment_summary_mentions_versions_and_mode():
    import pandas  # noqa: F401

    text = dlcourse.environment_summary(fast=True)
    assert "Python" in text and f"numpy {np.__version__}" in text
    assert "FAST mode: on" in text and "CPU cores" in text
    assert "FAST" not in dlcourse.environment_summary()


def test_in_colab(monkeypatch):
    assert not dlcourse.in_colab()
    monkeypatch.setitem(sys.modules, "google.colab", object())
    assert dlcourse.in_colab()


def test_glue_records_for_myst_nb(monkeypatch):
    """glue hands name, value and the display flag to myst_nb.glue (which a kernel records)."""
    pytest.importorskip("myst_nb")
    import myst_nb

    calls = []
    monkeypatch.setattr(myst_nb, "glue", lambda *args, **kwargs: calls.append((args, kwargs)))
    dlcourse.glue("answer", 42, display=False)
    dlcourse.glue("shown", 0.5)
    assert calls == [(("answer", 42), {"display": False}), (("shown", 0.5), {"display": True})]


def test_glue_stores_numpy_scalars_as_python_numbers(monkeypatch):
    pytest.importorskip("myst_nb")
    import myst_nb

    seen = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: seen.update({name: value}))
    dlcourse.glue("acc", np.float32(0.5), display=False)
    dlcourse.glue("n", np.int64(3), display=False)
    assert type(seen["acc"]) is float and type(seen["n"]) is int


def test_set_seed_does_not_import_tensorflow(monkeypatch):
    monkeypatch.delitem(sys.modules, "keras", raising=False)
    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    dlcourse.set_seed(1)
    assert "keras" not in sys.modules and "tensorflow" not in sys.modules


@pytest.mark.parametrize("seed", [np.int64(3), np.uint32(3), 3])
def test_set_seed_accepts_numpy_integers(seed):
    dlcourse.set_seed(seed)
    a = np.random.rand()
    dlcourse.set_seed(3)
    assert np.random.rand() == a


@pytest.mark.parametrize("seed, error", [("abc", TypeError), (1.5, TypeError), (True, TypeError),
                                         (None, TypeError), (-1, ValueError), (2**32, ValueError)])
def test_set_seed_rejects_bad_seeds_before_touching_any_generator(seed, error):
    import random

    random.seed(7)
    expected = random.random()
    random.seed(7)
    with pytest.raises(error, match="seed"):
        dlcourse.set_seed(seed)
    assert random.random() == expected  # Python's generator was not reseeded


@pytest.mark.parametrize("value, expected", [("False", False), ("True", True), ("no", False),
                                             (0, 0), (1, 1), (np.bool_(True), True)])
def test_resolve_fast_reads_strings_and_numbers(monkeypatch, value, expected):
    monkeypatch.delenv("DLCOURSE_FAST", raising=False)
    assert dlcourse.resolve_fast(value) is bool(expected)


def test_empty_fast_variable_counts_as_unset(monkeypatch):
    monkeypatch.setenv("DLCOURSE_FAST", "")
    assert dlcourse.resolve_fast(True) is True and dlcourse.resolve_fast(False) is False


@pytest.mark.parametrize("value, error", [("maybe", ValueError), (2, TypeError), (None, TypeError)])
def test_resolve_fast_rejects_unclear_values(monkeypatch, value, error):
    monkeypatch.delenv("DLCOURSE_FAST", raising=False)
    with pytest.raises(error):
        dlcourse.resolve_fast(value)


def test_environment_summary_reads_fast_like_resolve_fast():
    assert "FAST mode: off" in dlcourse.environment_summary(fast="no")
    assert "FAST mode: on" in dlcourse.environment_summary(fast="yes")
    with pytest.raises(ValueError):
        dlcourse.environment_summary(fast="perhaps")


def test_warnings_are_shown_without_a_file_path():
    import warnings

    dlcourse.short_warnings()
    text = warnings.formatwarning("lbfgs failed", UserWarning, "/some/venv/lib/module.py", 42)
    assert text == "UserWarning: lbfgs failed\n" and "/some/venv" not in text
