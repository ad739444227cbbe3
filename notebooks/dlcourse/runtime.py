"""Run-time helpers for the notebooks: seeding, FAST mode, an environment summary, ``glue``."""

from __future__ import annotations

import numbers
import os
import platform
import random
import sys

import numpy as np

__all__ = ["FAST_ENV", "set_seed", "resolve_fast", "in_colab", "environment_summary", "glue",
           "short_warnings"]

FAST_ENV = "DLCOURSE_FAST"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def set_seed(seed: int = 42) -> None:
    """Seed Python and NumPy, and Keras/TensorFlow if the notebook has imported Keras.

    Chapters that use Keras import it before calling this (so scikit-learn chapters do not pay
    for loading TensorFlow); ``keras.utils.set_random_seed`` then seeds TensorFlow too.
    ``seed`` is any integer in [0, 2**32), NumPy integers included (``for s in np.arange(3)``);
    anything else raises before any generator is touched.
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, not {type(seed).__name__} ({seed!r})")
    seed = int(seed)
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), not {seed}")
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)
    elif "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(seed)


def _as_bool(value, what: str) -> bool:
    """``True``/``False``, 0/1, or a string such as "yes"/"False" (as papermill may pass it)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"{what}={value!r} is not understood: use 1/true/yes or 0/false/no.")
    raise TypeError(f"{what} must be True or False, not {type(value).__name__} ({value!r})")


def resolve_fast(fast: bool = False) -> bool:
    """Decide whether this run is in FAST mode.

    ``fast`` is the notebook's ``FAST`` parameter (papermill can set it; the strings "True" and
    "False" are read as what they say). The environment variable ``DLCOURSE_FAST``
    (``1``/``true``/``yes`` or ``0``/``false``/``no``), if set to a non-empty value, takes
    precedence, so a whole test run can be switched without editing notebooks.
    """
    value = os.environ.get(FAST_ENV, "")
    if value.strip() == "":
        return _as_bool(fast, "FAST")
    return _as_bool(value, FAST_ENV)


def in_colab() -> bool:
    """True when running inside Google Colab."""
    return "google.colab" in sys.modules


def environment_summary(fast: bool | None = None) -> str:
    """A few lines describing this run: library versions, CPU/GPU, Colab or not, FAST mode."""
    lines = [f"Python {platform.python_version()} on {platform.system()} {platform.machine()}"]
    versions = []
    for name in ("numpy", "pandas", "sklearn", "tensorflow", "keras"):
        module = sys.modules.get(name)
        if module is not None:
            label = "scikit-learn" if name == "sklearn" else name
            versions.append(f"{label} {module.__version__}")
    if versions:
        lines.append(", ".join(versions))
    hardware = f"{os.cpu_count()} CPU cores"
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        gpus = tf.config.list_physical_devices("GPU")
        hardware += f", {len(gpus)} GPU(s)" if gpus else ", no GPU"
    hardware += ", Google Colab" if in_colab() else ", local machine"
    lines.append(hardware)
    if fast is not None:
        fast = _as_bool(fast, "fast")
        lines.append(f"FAST mode: {'on (small subsets, few epochs)' if fast else 'off (full run)'}")
    return "\n".join(lines)


def glue(name: str, value, display: bool = True):
    """Record a headline number for the book (``myst_nb.glue``) and show it.

    NumPy scalars are stored as plain Python numbers, so the book can format them
    (`` {glue:text}`name:.4f` ``). Outside a Jupyter Book toolchain (e.g. in Colab without
    ``myst-nb``) the value is simply displayed.
    """
    if isinstance(value, np.generic):
        value = value.item()
    try:
        from myst_nb import glue as _glue
    except ImportError:
        if display:
            from IPython.display import display as _display

            _display(value)
        return
    _glue(name, value, display=display)


def _format_warning(message, category, filename, lineno, line=None):
    return f"{category.__name__}: {message}\n"


def short_warnings() -> None:
    """Show warnings as "Category: message", without the file path and line of library code.

    The path of the library module that raised a warning (inside a virtual environment or
    site-packages) says nothing to a reader and differs on every machine; the committed outputs
    of the chapters must not contain it. ``import dlcourse`` calls this once.
    """
    import warnings

    warnings.formatwarning = _format_warning
