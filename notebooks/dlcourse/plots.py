"""Plots that several chapters draw, and the course's one figure style.

:func:`use_style` is called by every chapter's setup cell, so training curves, image grids,
confusion matrices and heat maps look the same throughout the book: a colour-blind-safe
palette (Okabe & Ito), fonts readable at the book's column width and on a phone, a white
background that stays readable in the site's dark mode, and one size per kind of figure
(:data:`FIGSIZE`).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["COLORS", "FIGSIZE", "use_style", "plot_history", "show_images",
           "plot_confusion_matrix"]

#: Okabe & Ito's palette, distinguishable with the common forms of colour blindness
#: (blue, orange, green, vermilion, reddish purple, sky blue, yellow, black).
COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: Figure sizes in inches, one per kind of figure (at 100 dpi the book shows them unscaled).
FIGSIZE = {
    "curve": (6.4, 3.6),     # one line plot: training curves, a series, a metric vs a setting
    "pair": (9.6, 3.6),      # two panels side by side (e.g. loss and accuracy)
    "grid": (9.6, 4.0),      # a grid of small images
    "heatmap": (5.6, 4.8),   # a confusion matrix, an attention map, a spectrogram
    "square": (5.0, 5.0),    # a scatter of 2-D points or a decision map
}


def use_style() -> None:
    """Apply the course's matplotlib style (idempotent; call it once in the setup cell)."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update({
        "axes.prop_cycle": cycler(color=COLORS),
        "image.cmap": "viridis",             # perceptually uniform and colour-blind safe
        "figure.figsize": FIGSIZE["curve"],
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.facecolor": "white",         # stays readable on the site's dark background
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "legend.fontsize": 10,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "grid.alpha": 0.3,                   # ax.grid() where a grid helps reading values
        "axes.spines.top": False,
        "axes.spines.right": False,
        "lines.linewidth": 1.8,
        "legend.frameon": False,
    })


def _history_dict(history) -> dict:
    data = getattr(history, "history", history)
    if not isinstance(data, dict) or not data:
        raise TypeError("history must be a keras History or a non-empty dict of lists")
    return data


def plot_history(history, metrics=None, axes=None, title=None):
    """Plot training (and validation, if present) curves from a Keras ``History``.

    One panel per metric (by default every metric without a ``val_`` prefix), with the
    validation curve drawn beside its training curve. Returns the matplotlib axes.
    """
    import matplotlib.pyplot as plt

    data = _history_dict(history)
    if metrics is None:
        metrics = [k for k in data if not k.startswith("val_") and k != "learning_rate"]
    elif isinstance(metrics, str):
        metrics = [metrics]
    metrics = list(metrics)
    if not metrics:
        raise ValueError("metrics is empty: name at least one metric, or pass None for all")
    missing = [m for m in metrics if m not in data]
    if missing:
        raise KeyError(f"metrics {missing} not in history (it has {sorted(data)})")
    if axes is None:
        _, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.2), squeeze=False)
        axes = axes[0]
    axes = np.atleast_1d(axes)
    if len(axes) < len(metrics):
        raise ValueError(f"{len(metrics)} metrics need {len(metrics)} axes, got {len(axes)}")
    for ax, metric in zip(axes, metrics):
        n = len(data[metric])
        epochs = np.arange(1, n + 1)
        ax.plot(epochs, data[metric], "o-", ms=3, label="training")
        val = data.get(f"val_{metric}")
        if val is not None and len(val):
            # with fit(validation_freq=k) there is one validation value every k epochs
            val_epochs = epochs if len(val) == n else np.linspace(n / len(val), n, len(val))
            ax.plot(val_epochs, val, "s--", ms=3, label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        np.atleast_1d(axes)[0].figure.suptitle(title)
    return axes


def show_images(images, labels=None, predictions=None, class_names=None, n_cols=10,
                cmap="binary", size=1.2):
    """Show images in a grid, with optional true labels and predictions as titles.

    A prediction that differs from its label is titled in red. ``images`` may have a trailing
    channel axis of size 1. Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt

    if isinstance(n_cols, bool) or not isinstance(n_cols, (int, np.integer)) or n_cols < 1:
        raise ValueError(f"n_cols must be a positive integer, not {n_cols!r}")
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    n = len(images)
    if n == 0:
        raise ValueError("no images to show")
    n_cols = min(n_cols, n)
    n_rows = math.ceil(n / n_cols)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(size * n_cols, size * n_rows * 1.15),
                             squeeze=False)

    def name(k):
        return class_names[int(k)] if class_names is not None else str(k)

    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap)
        parts, colour = [], "black"
        if labels is not None:
            parts.append(name(labels[i]))
        if predictions is not None:
            parts.append(f"→ {name(predictions[i])}")
            if labels is not None and predictions[i] != labels[i]:
                colour = "red"
        if parts:
            ax.set_title(" ".join(parts), fontsize=8, color=colour)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(y_true, y_pred, display_labels=None, normalize=None, ax=None,
                          cmap="Blues", values_format=None):
    """Draw a confusion matrix with scikit-learn's ``ConfusionMatrixDisplay``.

    ``normalize`` is passed through (``None``, ``"true"``, ``"pred"`` or ``"all"``).
    Returns the display object (its ``.confusion_matrix`` holds the numbers).
    """
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    if ax is None:
        n = len(display_labels) if display_labels is not None else len(np.unique(y_true))
        _, ax = plt.subplots(figsize=(max(4, 0.55 * n + 2), max(3.5, 0.55 * n + 1.5)))
    if values_format is None:
        values_format = ".2f" if normalize else "d"
    disp = ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, display_labels=display_labels, normalize=normalize, ax=ax, cmap=cmap,
        values_format=values_format, colorbar=False, xticks_rotation=45,
    )
    return disp
