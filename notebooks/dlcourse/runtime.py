"""Run-time helpers for the notebooks: seeding, FAST mode, an environment summary, ``glue``."""

from __future__ import annotations

import os
import platform
import random
import sys

import numpy as np

__all__ = ["FAST_ENV", "set_seed", "resolve_fast", "in_colab", "environment_summary", "glue"]

FAST_ENV = "DLCOURSE_FAST"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def set_seed(seed: int = 42) -> None:
    """Seed Python and NumPy, and Keras/TensorFlow if the notebook has imported Keras.

    Chapters that use Keras import it before calling this (so scikit-learn chapters do not pay
    for loading TensorFlow); ``keras.utils.set_random_seed`` then seeds TensorFlow too.
    """
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)
    elif "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(seed)


def resolve_fast(fast: bool = False) -> bool:
    """Decide whether this run is in FAST mode.

    ``fast`` is the notebook's ``FAST`` parameter (papermill can set it). The environment
    variable ``DLCOURSE_FAST`` (``1``/``true``/``yes`` or ``0``/``false``/``no``), if set,
    takes precedence, so a whole test run can be switched without editing notebooks.
    """
    value = os.environ.get(FAST_ENV)
    if value is None:
        return bool(fast)
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{FAST_ENV}={value!r} is not understood: use 1/true/yes or 0/false/no.")


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
