"""Helpers shared by the chapters of *Deep Learning with TensorFlow, Keras and scikit-learn*.

- :mod:`dlcourse.data` — the dataset registry, verified downloads, an offline mirror, loaders,
  and ``to_tf_dataset`` (arrays to a batched ``tf.data`` pipeline).
- :mod:`dlcourse.plots` — training curves, image grids, confusion matrices.
- :mod:`dlcourse.runtime` — seeding, FAST mode, an environment summary, ``glue``.
- :mod:`dlcourse.processes` — the servers and workers a chapter starts, always stopped.
- :mod:`dlcourse.text`, :mod:`dlcourse.series`, :mod:`dlcourse.audio`, :mod:`dlcourse.scenes`,
  :mod:`dlcourse.generative` — loaders and helpers shared by the chapters on text, time series,
  sound, detection and generative models.

A chapter's own teaching code stays in the chapter; only code that two or more chapters use
lives here.
"""

from . import data, plots  # noqa: F401  (dlcourse.plots.use_style() in every setup cell)
from .runtime import environment_summary, glue, in_colab, resolve_fast, set_seed, short_warnings

short_warnings()  # committed outputs show "Category: message", never a machine-specific path

__version__ = "0.2.0"
__all__ = ["environment_summary", "glue", "in_colab", "resolve_fast", "set_seed"]
