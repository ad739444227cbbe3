"""Time series for the sequence chapters: the Beijing hourly weather and PM2.5 record.

:func:`load_beijing` reads the UCI "Beijing PM2.5" file (registry entry ``beijing``) into a
pandas DataFrame indexed by an hourly :class:`pandas.DatetimeIndex`, with readable column names:

============  ================================================================  =========
column        meaning                                                           unit
============  ================================================================  =========
pm25          PM2.5 concentration (missing hours are NaN, see below)            µg/m³
dew_point     dew point                                                         °C
temperature   air temperature                                                   °C
pressure      air pressure                                                      hPa
wind_dir      combined wind direction: NE, NW, SE or cv (calm and variable)     category
wind_speed    wind speed cumulated over the hours of the same wind direction    m/s
snow_hours    hours of snow cumulated within the current snowfall               h
rain_hours    hours of rain cumulated within the current rainfall               h
============  ================================================================  =========

The PM2.5 column has gaps (2,067 of the 43,824 hours in the published file, including the
first day). They are kept as NaN on purpose: whether to drop, interpolate or mask them is a
modelling decision for each chapter, not something a loader should decide silently.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import data
from .data import DatasetError

__all__ = ["BEIJING_COLUMNS", "BEIJING_ROWS", "RIDERSHIP_COLUMNS", "RIDERSHIP_DAYS", "load_beijing",
           "load_ridership", "make_windows"]

#: Column of the published CSV -> column name used by the course.
BEIJING_COLUMNS = {
    "pm2.5": "pm25",
    "DEWP": "dew_point",
    "TEMP": "temperature",
    "PRES": "pressure",
    "cbwd": "wind_dir",
    "Iws": "wind_speed",
    "Is": "snow_hours",
    "Ir": "rain_hours",
}
#: Hours from 1 January 2010 00:00 to 31 December 2014 23:00.
BEIJING_ROWS = 43_824
_TIME_COLUMNS = ["year", "month", "day", "hour"]
_WIND_DIRECTIONS = ["NE", "NW", "SE", "cv"]


def load_beijing(path: str | os.PathLike | None = None, *, expected_rows: int | None = BEIJING_ROWS):
    """Load the Beijing hourly weather and PM2.5 series as a DataFrame.

    Parameters
    ----------
    path:
        A CSV file in the layout of ``PRSA_data_2010.1.1-2014.12.31.csv``. By default the
        registry's copy is used (``dlcourse.data.fetch("beijing", ...)``: mirror, cache or
        download).
    expected_rows:
        The number of hourly rows the file must hold (43,824 for the published file); ``None``
        skips this check (for excerpts of the file).

    Returns
    -------
    pandas.DataFrame
        One row per hour, indexed by a :class:`pandas.DatetimeIndex` named ``time`` with hourly
        frequency, and the columns of :data:`BEIJING_COLUMNS` (``pm25`` is NaN where the
        measurement is missing; ``wind_dir`` is categorical).

    Raises
    ------
    TypeError, ValueError
        For arguments of the wrong type or value.
    DatasetError
        If the file is missing, lacks a column, has a different number of rows, or its hours
        are not consecutive.
    """
    import pandas as pd

    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path or None, not {type(path).__name__}.")
    if expected_rows is not None:
        if isinstance(expected_rows, bool) or not isinstance(expected_rows, int):
            raise TypeError(f"expected_rows must be an int or None, not {type(expected_rows).__name__}.")
        if expected_rows < 1:
            raise ValueError(f"expected_rows must be positive, not {expected_rows}.")
    if path is None:
        path = data.fetch("beijing", "PRSA_data_2010.1.1-2014.12.31.csv")
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path} does not exist or is not a file.")

    raw = pd.read_csv(path, na_values=["NA"])
    missing = [c for c in [*_TIME_COLUMNS, *BEIJING_COLUMNS] if c not in raw.columns]
    if missing:
        raise DatasetError(
            f"{path} lacks the column(s) {', '.join(missing)}: it is not the Beijing PM2.5 file "
            f"(expected columns {', '.join([*_TIME_COLUMNS, *BEIJING_COLUMNS])})."
        )
    if expected_rows is not None and len(raw) != expected_rows:
        raise DatasetError(
            f"{path} has {len(raw):,} rows, but the Beijing PM2.5 file has {expected_rows:,} "
            f"(one per hour, 2010-01-01 00:00 to 2014-12-31 23:00). The file is truncated or a "
            f"different version; fetch it again."
        )
    try:
        time = pd.to_datetime(raw[_TIME_COLUMNS])
    except (ValueError, TypeError) as err:
        raise DatasetError(f"{path} has invalid dates in its year/month/day/hour columns: {err}") from None
    if len(time) > 1 and not (time.diff().iloc[1:] == pd.Timedelta(hours=1)).all():
        raise DatasetError(
            f"{path} does not hold consecutive hours: some hours are missing, repeated or out of order."
        )
    frame = raw[list(BEIJING_COLUMNS)].rename(columns=BEIJING_COLUMNS)
    frame.index = pd.DatetimeIndex(time, name="time", freq="h" if len(time) > 2 else None)
    unknown = set(frame["wind_dir"].dropna()) - set(_WIND_DIRECTIONS)
    if unknown:
        raise DatasetError(f"{path} has unknown wind directions {sorted(unknown)}.")
    frame["wind_dir"] = pd.Categorical(frame["wind_dir"], categories=_WIND_DIRECTIONS)
    numeric = [c for c in frame.columns if c != "wind_dir"]
    frame[numeric] = frame[numeric].astype("float64")
    return frame


def make_windows(data, targets=None, *, lookback, delay, step=1, stride=1):
    """Cut a multivariate series into (past window, future target) training examples.

    Example ``i`` starts at row ``s = i * stride``. Its input is the rows
    ``s, s + step, ..., s + lookback - step`` of ``data`` (``lookback // step`` rows, the most
    recent being row ``t = s + lookback - step``), and its target is ``targets[t + delay]``: the
    value ``delay`` rows after the last row the model sees. Every example whose target row exists
    is returned, so no window reaches past the end of the array.

    Parameters
    ----------
    data:
        Array-like of shape ``(n_rows, n_features)`` (or ``(n_rows,)``, treated as one feature),
        one row per time step, in time order.
    targets:
        Array-like of length ``n_rows`` aligned with ``data`` (for example one column of it), or
        ``None`` to return the inputs only.
    lookback:
        Number of rows the window spans (e.g. 240 for 10 days of hourly rows). A multiple of
        ``step``.
    delay:
        How many rows after the last input row the target lies (e.g. 24 for one day ahead); 0
        means the target is at the last input row.
    step:
        Keep one row in ``step`` inside the window (sub-sampling, e.g. 3 for one row every 3 h).
    stride:
        Rows between the starts of consecutive examples (1 = every possible window).

    Returns
    -------
    numpy.ndarray or tuple of numpy.ndarray
        ``x`` of shape ``(n_examples, lookback // step, n_features)`` (float32), and, if
        ``targets`` is given, ``y`` of shape ``(n_examples,)`` (float32).

    Raises
    ------
    TypeError, ValueError
        For arguments of the wrong type or value, or a series too short for one example.
    """
    import numpy as np

    for name, value, low in [("lookback", lookback, 1), ("delay", delay, 0), ("step", step, 1),
                             ("stride", stride, 1)]:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}.")
        if value < low:
            raise ValueError(f"{name} must be at least {low}, not {value}.")
    if lookback % step:
        raise ValueError(f"lookback ({lookback}) must be a multiple of step ({step}).")
    try:
        array = np.asarray(data, dtype="float32")
    except (TypeError, ValueError):
        raise TypeError("data must be a numeric array-like of shape (n_rows, n_features).") from None
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(f"data must have 1 or 2 dimensions, not {array.ndim}.")
    n_rows = len(array)
    if targets is not None:
        try:
            target_array = np.asarray(targets, dtype="float32")
        except (TypeError, ValueError):
            raise TypeError("targets must be a numeric array-like of length n_rows.") from None
        if target_array.ndim != 1 or len(target_array) != n_rows:
            raise ValueError(
                f"targets must be one-dimensional with {n_rows} values (one per row of data), "
                f"not of shape {target_array.shape}."
            )
    last_offset = lookback - step  # row of the most recent input, relative to the start
    n_examples = (n_rows - 1 - last_offset - delay) // stride + 1 if n_rows > last_offset + delay else 0
    if n_examples < 1:
        raise ValueError(
            f"data has {n_rows} rows, too few for one example: a window needs "
            f"lookback - step + delay + 1 = {last_offset + delay + 1} rows."
        )
    starts = np.arange(n_examples) * stride
    rows = starts[:, None] + np.arange(0, lookback, step)[None, :]
    x = array[rows]
    if targets is None:
        return x
    return x, target_array[starts + last_offset + delay]


# --------------------------------------------------------------------------- CTA ridership

#: Columns of the published CTA CSV -> column names used by the course (``total_rides`` is
#: the sum of the two counts and is dropped).
RIDERSHIP_COLUMNS = {"day_type": "day_type", "bus": "bus", "rail_boardings": "rail"}
#: Days from 1 January 2001 to 30 November 2021, once each duplicates are dropped.
RIDERSHIP_DAYS = 7_639
_RIDERSHIP_CSV = "CTA_-_Ridership_-_Daily_Boarding_Totals.csv"
_DAY_TYPES = ["W", "A", "U"]


def load_ridership(path: str | os.PathLike | None = None, *, expected_rows: int | None = RIDERSHIP_DAYS):
    """Load the Chicago Transit Authority daily ridership (HOML 3rd ed., ch. 15) as a DataFrame.

    Parameters
    ----------
    path:
        A tar archive (``.tgz``) holding ``ridership/CTA_-_Ridership_-_Daily_Boarding_Totals.csv``
        (the layout of ``ridership.tgz``). By default the registry's copy is used
        (``dlcourse.data.fetch("ridership", "ridership.tgz")``: mirror, cache or download). The
        archive is extracted once with :func:`dlcourse.data.extract_archive` into the course's
        cache directory (a folder named after the archive's SHA-256, so a different archive is
        never mistaken for an extracted one).
    expected_rows:
        The number of distinct days the file must hold (7,639 for the published file);
        ``None`` skips this check (for excerpts of the file).

    Returns
    -------
    pandas.DataFrame
        One row per day, sorted, indexed by a :class:`pandas.DatetimeIndex` named ``date`` with
        daily frequency, and the columns ``day_type`` (categorical: ``W`` weekday, ``A``
        Saturday, ``U`` Sunday or holiday), ``bus`` and ``rail`` (boardings that day, int64).
        Rows that the published file repeats word for word are kept once.

    Raises
    ------
    TypeError, ValueError
        For arguments of the wrong type or value.
    DatasetError
        If the archive is missing or unreadable, lacks the CSV or a column, gives two different
        counts for the same day, skips a day, has another number of days, or an unknown day type.
    """
    import hashlib

    import pandas as pd

    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a path to a .tgz archive or None, not {type(path).__name__}.")
    if expected_rows is not None:
        if isinstance(expected_rows, bool) or not isinstance(expected_rows, int):
            raise TypeError(f"expected_rows must be an int or None, not {type(expected_rows).__name__}.")
        if expected_rows < 1:
            raise ValueError(f"expected_rows must be positive, not {expected_rows}.")
    if path is None:
        path = data.fetch("ridership", "ridership.tgz")
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path} does not exist or is not a file.")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    folder = data.extract_archive(path, data.cache_dir() / "ridership" / f"extracted-{digest}")
    found = sorted(folder.rglob(_RIDERSHIP_CSV))
    if not found:
        raise DatasetError(f"{path.name} holds no file named {_RIDERSHIP_CSV}: it is not the CTA ridership archive.")

    raw = pd.read_csv(found[0])
    needed = ["service_date", *RIDERSHIP_COLUMNS]
    missing = [c for c in needed if c not in raw.columns]
    if missing:
        raise DatasetError(
            f"{_RIDERSHIP_CSV} lacks the column(s) {', '.join(missing)} "
            f"(expected columns {', '.join(needed)})."
        )
    raw = raw[needed].drop_duplicates()
    try:
        dates = pd.to_datetime(raw["service_date"], format="%m/%d/%Y")
    except (ValueError, TypeError) as err:
        raise DatasetError(f"{_RIDERSHIP_CSV} has invalid dates (expected MM/DD/YYYY): {err}") from None
    if dates.duplicated().any():
        twice = sorted(dates[dates.duplicated()].dt.strftime("%Y-%m-%d").unique())[:3]
        raise DatasetError(
            f"{_RIDERSHIP_CSV} gives different counts for the same day ({', '.join(twice)}): "
            f"the file is corrupt or a different version."
        )
    frame = raw[list(RIDERSHIP_COLUMNS)].rename(columns=RIDERSHIP_COLUMNS)
    frame.index = pd.DatetimeIndex(dates, name="date")
    frame = frame.sort_index()
    if expected_rows is not None and len(frame) != expected_rows:
        raise DatasetError(
            f"{_RIDERSHIP_CSV} has {len(frame):,} distinct days, but the CTA file has {expected_rows:,} "
            f"(2001-01-01 to 2021-11-30). The file is truncated or a different version; fetch it again."
        )
    if len(frame) > 1 and not (frame.index.to_series().diff().iloc[1:] == pd.Timedelta(days=1)).all():
        raise DatasetError(f"{_RIDERSHIP_CSV} does not hold consecutive days: some days are missing.")
    if len(frame) > 2:
        frame.index = pd.DatetimeIndex(frame.index, name="date", freq="D")
    unknown = set(frame["day_type"].dropna()) - set(_DAY_TYPES)
    if unknown or frame["day_type"].isna().any():
        raise DatasetError(f"{_RIDERSHIP_CSV} has unknown day types {sorted(map(str, unknown))}; expected W, A or U.")
    frame["day_type"] = pd.Categorical(frame["day_type"], categories=_DAY_TYPES)
    try:
        frame[["bus", "rail"]] = frame[["bus", "rail"]].astype("int64")
    except (ValueError, TypeError):
        raise DatasetError(f"{_RIDERSHIP_CSV} has missing or non-integer bus or rail counts.") from None
    return frame
