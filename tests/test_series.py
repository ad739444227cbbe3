"""Unit tests for dlcourse.series (the Beijing loader) on small CSV files written here."""

import math

import pandas as pd
import pytest

from dlcourse import data, series
from dlcourse.data import DatasetError
from dlcourse.series import BEIJING_COLUMNS, load_beijing

HEADER = "No,year,month,day,hour,pm2.5,DEWP,TEMP,PRES,cbwd,Iws,Is,Ir"


def _rows(n_hours, start="2010-01-01 00:00"):
    times = pd.date_range(start, periods=n_hours, freq="h")
    rows = []
    for i, t in enumerate(times):
        pm = "NA" if i < 3 else str(10 + i)
        wind = ["NW", "cv", "SE", "NE"][i % 4]
        rows.append(f"{i + 1},{t.year},{t.month},{t.day},{t.hour},{pm},-{i % 5},{i % 7},1020,{wind},{1.79 * (i + 1):.2f},0,{i % 2}")
    return rows


@pytest.fixture
def small_csv(tmp_path):
    path = tmp_path / "beijing.csv"
    path.write_text("\n".join([HEADER, *_rows(30)]) + "\n")
    return path


def test_loads_an_hourly_frame_with_clear_names(small_csv):
    frame = load_beijing(small_csv, expected_rows=30)
    assert list(frame.columns) == list(BEIJING_COLUMNS.values())
    assert isinstance(frame.index, pd.DatetimeIndex) and frame.index.name == "time"
    assert frame.index[0] == pd.Timestamp("2010-01-01 00:00")
    assert frame.index[-1] == pd.Timestamp("2010-01-02 05:00")  # 30 hours, across midnight
    assert frame.index.freq == pd.Timedelta(hours=1)
    assert frame["temperature"].iloc[8] == 1.0
    assert frame["wind_speed"].iloc[1] == pytest.approx(3.58)
    assert list(frame["wind_dir"].cat.categories) == ["NE", "NW", "SE", "cv"]


def test_missing_pm25_stays_nan(small_csv):
    frame = load_beijing(small_csv, expected_rows=None)
    assert frame["pm25"].isna().sum() == 3
    assert all(math.isnan(v) for v in frame["pm25"].iloc[:3])
    assert frame["pm25"].iloc[3] == 13.0


def test_default_row_count_is_checked(small_csv):
    with pytest.raises(DatasetError, match="30 rows, but the Beijing PM2.5 file has 43,824"):
        load_beijing(small_csv)


def test_missing_column_is_reported(tmp_path):
    path = tmp_path / "bad.csv"
    lines = [HEADER.replace(",TEMP", ",TEMPERATURE"), *_rows(5)]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DatasetError, match="lacks the column.*TEMP"):
        load_beijing(path, expected_rows=None)


def test_gap_in_the_hours_is_reported(tmp_path):
    path = tmp_path / "gap.csv"
    rows = _rows(10)
    del rows[4]
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    with pytest.raises(DatasetError, match="consecutive hours"):
        load_beijing(path, expected_rows=None)


def test_unknown_wind_direction_is_reported(tmp_path):
    path = tmp_path / "wind.csv"
    rows = _rows(4)
    rows[2] = rows[2].replace(",SE,", ",SW,")
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    with pytest.raises(DatasetError, match="unknown wind directions"):
        load_beijing(path, expected_rows=None)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        load_beijing(tmp_path / "nowhere.csv")


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"path": 3}, TypeError),
        ({"expected_rows": "43824"}, TypeError),
        ({"expected_rows": True}, TypeError),
        ({"expected_rows": 0}, ValueError),
    ],
)
def test_bad_arguments(small_csv, kwargs, error):
    kwargs.setdefault("path", small_csv)
    with pytest.raises(error):
        load_beijing(**kwargs)


def test_default_path_comes_from_the_registry(monkeypatch, small_csv):
    calls = []

    def fake_fetch(dataset, filename, **kwargs):
        calls.append((dataset, filename))
        return small_csv

    monkeypatch.setattr(data, "fetch", fake_fetch)
    frame = load_beijing(expected_rows=30)
    assert calls == [("beijing", "PRSA_data_2010.1.1-2014.12.31.csv")]
    assert len(frame) == 30
    assert series.data is data


def test_the_real_file_from_the_mirror(mirror):
    frame = load_beijing()
    assert len(frame) == 43_824
    assert frame.index[0] == pd.Timestamp("2010-01-01 00:00")
    assert frame.index[-1] == pd.Timestamp("2014-12-31 23:00")
    assert frame["pm25"].isna().sum() == 2_067
    assert frame["temperature"].between(-20, 45).all()
    assert set(frame["wind_dir"].unique()) == {"NE", "NW", "SE", "cv"}
