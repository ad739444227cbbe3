"""Helpers shared by the chapters of *Deep Learning with TensorFlow, Keras and scikit-learn*.

- :mod:`dlcourse.data` — the dataset registry, verified downloads, an offline mirror, loaders,
  and ``to_tf_dataset`` (arrays to a batched ``tf.data`` pipeline).
- :mod:`dlcourse.plots` — training curves, image grids, confusion matrices.
- :mod:`dlcourse.runtime` — seeding, FAST mode, an environment summary, ``glue``.

A chapter's own teaching code stays in the chapter; only code that two or more chapters use
lives here.
"""

from . import data, plots  # noqa: F401  (dlcourse.plots.use_style() in every setup cell)
from .runtime import environment_summary, glue, in_colab, resolve_fast, set_seed, short_warnings

short_warnings()  # committed outputs show "Category: message", never a machine-specific path

__version__ = "0.1.0"
__all__ = ["environment_summary", "glue", "in_colab", "resolve_fast", "set_seed"]
