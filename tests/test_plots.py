"""Unit tests for dlcourse.plots (drawn with the Agg backend, nothing shown)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plot_history_draws_training_and_validation():
    history = {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6], "accuracy": [0.5, 0.7, 0.8]}
    axes = plots.plot_history(history)
    assert len(axes) == 2
    assert [line.get_label() for line in axes[0].lines] == ["training", "validation"]
    np.testing.assert_array_equal(axes[0].lines[1].get_ydata(), history["val_loss"])
    assert len(axes[1].lines) == 1  # no val_accuracy


def test_plot_history_accepts_keras_history_and_checks_metrics():
    class History:
        history = {"loss": [2.0, 1.0]}

    assert len(plots.plot_history(History())) == 1
    with pytest.raises(KeyError, match="mae"):
        plots.plot_history(History(), metrics=["mae"])
    with pytest.raises(TypeError):
        plots.plot_history({})


def test_show_images_marks_mistakes_in_red():
    images = np.random.default_rng(0).random((5, 8, 8, 1))
    fig = plots.show_images(images, labels=[0, 1, 2, 3, 4], predictions=[0, 1, 9, 3, 4],
                            class_names=list("abcdefghij"), n_cols=3)
    axes = fig.axes
    assert len(axes) == 6  # 2 rows × 3 columns, the last one empty
    assert axes[2].get_title() == "c → j" and axes[2].title.get_color() == "red"
    assert axes[0].title.get_color() == "black"
    with pytest.raises(ValueError):
        plots.show_images(np.zeros((0, 8, 8)))


def test_plot_confusion_matrix_counts():
    disp = plots.plot_confusion_matrix([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], display_labels=list("xyz"))
    np.testing.assert_array_equal(disp.confusion_matrix, [[1, 1, 0], [0, 2, 0], [1, 0, 0]])
    norm = plots.plot_confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1], normalize="true")
    np.testing.assert_allclose(norm.confusion_matrix, [[0.5, 0.5], [0, 1]])


def test_use_style_sets_the_course_palette_and_a_white_background():
    import matplotlib as mpl

    with mpl.rc_context():
        plots.use_style()
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == plots.COLORS
        assert mpl.rcParams["figure.facecolor"] == "white"
        assert tuple(mpl.rcParams["figure.figsize"]) == plots.FIGSIZE["curve"]
        assert mpl.rcParams["font.size"] >= 10   # readable on a phone
    assert len(set(plots.COLORS)) == len(plots.COLORS) == 8


def test_plot_history_takes_one_metric_name_as_a_string():
    axes = plots.plot_history({"loss": [1.0, 0.5], "accuracy": [0.5, 0.6]}, metrics="loss")
    assert len(axes) == 1 and axes[0].get_ylabel() == "loss"


def test_plot_history_places_sparse_validation_at_its_epochs():
    history = {"loss": [4.0, 3.0, 2.0, 1.0], "val_loss": [3.5, 1.5]}   # validation_freq=2
    axes = plots.plot_history(history)
    np.testing.assert_array_equal(axes[0].lines[1].get_xdata(), [2, 4])


def test_plot_history_and_show_images_reject_bad_arguments():
    with pytest.raises(ValueError, match="empty"):
        plots.plot_history({"loss": [1.0]}, metrics=[])
    for n_cols in (0, -2, 2.5, True):
        with pytest.raises(ValueError, match="n_cols"):
            plots.show_images(np.zeros((3, 4, 4)), n_cols=n_cols)
