"""Unit tests for dlcourse.series.make_windows on small synthetic series built here."""

import numpy as np
import pytest

from dlcourse.series import make_windows


def _series(n_rows=20, n_features=2):
    # row r, feature f holds 100 * f + r: every value tells where it came from
    return np.arange(n_rows)[:, None] + 100 * np.arange(n_features)[None, :]


def test_shapes_and_values():
    data = _series()
    x, y = make_windows(data, data[:, 0], lookback=6, delay=2, step=2)
    # inputs rows s, s+2, s+4; target row s + 4 + 2
    assert x.shape == (20 - 4 - 2, 3, 2)
    assert y.shape == (14,)
    np.testing.assert_array_equal(x[0, :, 0], [0, 2, 4])
    np.testing.assert_array_equal(x[0, :, 1], [100, 102, 104])
    np.testing.assert_array_equal(x[5, :, 0], [5, 7, 9])
    np.testing.assert_array_equal(y[:3], [6, 7, 8])
    assert y[-1] == 19  # the last example uses the last row as its target
    assert x.dtype == np.float32 and y.dtype == np.float32


def test_stride_delay_zero_and_one_dimensional_input():
    data = np.arange(10.0)
    x, y = make_windows(data, data, lookback=3, delay=0, stride=3)
    assert x.shape == (3, 3, 1)
    np.testing.assert_array_equal(x[:, -1, 0], y)  # delay 0: target is the last input row
    np.testing.assert_array_equal(y, [2, 5, 8])


def test_inputs_only():
    x = make_windows(_series(), lookback=4, delay=1)
    assert x.shape == (20 - 3 - 1, 4, 2)


def test_matches_keras_timeseries_dataset():
    keras = pytest.importorskip("keras")
    data = _series(30, 3).astype("float32")
    lookback, step, delay = 8, 2, 3
    x, y = make_windows(data, data[:, 1], lookback=lookback, delay=delay, step=step)
    shift = lookback - step + delay
    ds = keras.utils.timeseries_dataset_from_array(
        data[:-delay], targets=data[shift:, 1], sequence_length=lookback // step,
        sampling_rate=step, batch_size=100, shuffle=False)
    kx, ky = next(iter(ds))
    np.testing.assert_array_equal(np.asarray(kx), x)
    np.testing.assert_array_equal(np.asarray(ky), y)


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(lookback=0, delay=1), ValueError),
        (dict(lookback=4, delay=-1), ValueError),
        (dict(lookback=4, delay=1, step=0), ValueError),
        (dict(lookback=4, delay=1, stride=0), ValueError),
        (dict(lookback=5, delay=1, step=2), ValueError),
        (dict(lookback=2.5, delay=1), TypeError),
        (dict(lookback=True, delay=1), TypeError),
        (dict(lookback=4, delay="1"), TypeError),
        (dict(lookback=18, delay=5), ValueError),  # series too short
    ],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        make_windows(_series(), **kwargs)


def test_bad_data_and_targets():
    with pytest.raises(TypeError):
        make_windows([["a", "b"]] * 10, lookback=2, delay=1)
    with pytest.raises(ValueError):
        make_windows(np.zeros((4, 3, 2)), lookback=2, delay=1)
    with pytest.raises(ValueError):
        make_windows(_series(), np.zeros(5), lookback=2, delay=1)
    with pytest.raises(ValueError):
        make_windows(_series(), np.zeros((20, 2)), lookback=2, delay=1)
