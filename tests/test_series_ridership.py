"""Unit tests for dlcourse.series.load_ridership on small archives written here."""

import io
import tarfile

import pandas as pd
import pytest

from dlcourse import data, series
from dlcourse.data import DatasetError
from dlcourse.series import load_ridership

HEADER = "service_date,day_type,bus,rail_boardings,total_rides"
CSV_NAME = "ridership/CTA_-_Ridership_-_Daily_Boarding_Totals.csv"


def _rows(n_days, start="2019-02-25"):
    rows = []
    for i, day in enumerate(pd.date_range(start, periods=n_days, freq="D")):
        kind = "U" if day.day_of_week == 6 else "A" if day.day_of_week == 5 else "W"
        bus, rail = 1000 + i, 500 + 2 * i
        rows.append(f"{day:%m/%d/%Y},{kind},{bus},{rail},{bus + rail}")
    return rows


def _archive(folder, rows, name=CSV_NAME, header=HEADER, filename="ridership.tgz"):
    text = "\n".join([header, *rows]) + "\n"
    path = folder / filename
    with tarfile.open(path, "w:gz") as tar:
        payload = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    return path


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Extract into a temporary cache, never into the course's own."""
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))


@pytest.fixture
def small_archive(tmp_path):
    rows = _rows(10)
    rows = rows[5:] + rows[:5] + [rows[2]]  # out of order, and one day repeated word for word
    return _archive(tmp_path, rows)


def test_loads_a_sorted_daily_frame(small_archive):
    frame = load_ridership(small_archive, expected_rows=10)
    assert list(frame.columns) == ["day_type", "bus", "rail"]
    assert isinstance(frame.index, pd.DatetimeIndex) and frame.index.name == "date"
    assert frame.index[0] == pd.Timestamp("2019-02-25") and frame.index[-1] == pd.Timestamp("2019-03-06")
    assert frame.index.freqstr == "D"
    assert frame["bus"].tolist() == list(range(1000, 1010))
    assert frame["rail"].iloc[3] == 506
    assert str(frame["bus"].dtype) == "int64"
    assert list(frame["day_type"].cat.categories) == ["W", "A", "U"]
    assert frame.loc["2019-03-02", "day_type"] == "A" and frame.loc["2019-03-03", "day_type"] == "U"


def test_extracts_once_into_the_cache(small_archive, tmp_path):
    load_ridership(small_archive, expected_rows=None)
    load_ridership(small_archive, expected_rows=None)
    extracted = list((tmp_path / "cache" / "ridership").iterdir())
    assert len(extracted) == 1 and extracted[0].name.startswith("extracted-")


def test_another_archive_is_not_confused_with_the_first(small_archive, tmp_path):
    load_ridership(small_archive, expected_rows=None)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = _archive(other_dir, _rows(4, start="2020-01-01"))
    frame = load_ridership(other, expected_rows=None)
    assert len(frame) == 4 and frame.index[0] == pd.Timestamp("2020-01-01")


def test_default_row_count_is_checked(small_archive):
    with pytest.raises(DatasetError, match="10 distinct days, but the CTA file has 7,639"):
        load_ridership(small_archive)


def test_conflicting_duplicate_is_reported(tmp_path):
    rows = _rows(5)
    rows.append(rows[1].replace(",1001,", ",9999,"))
    with pytest.raises(DatasetError, match="different counts for the same day.*2019-02-26"):
        load_ridership(_archive(tmp_path, rows), expected_rows=None)


def test_missing_day_is_reported(tmp_path):
    rows = _rows(6)
    del rows[3]
    with pytest.raises(DatasetError, match="consecutive days"):
        load_ridership(_archive(tmp_path, rows), expected_rows=None)


def test_missing_column_is_reported(tmp_path):
    path = _archive(tmp_path, _rows(3), header=HEADER.replace("rail_boardings", "rail"))
    with pytest.raises(DatasetError, match="lacks the column.*rail_boardings"):
        load_ridership(path, expected_rows=None)


def test_unknown_day_type_is_reported(tmp_path):
    rows = _rows(3)
    rows[1] = rows[1].replace(",W,", ",X,")
    with pytest.raises(DatasetError, match="unknown day types"):
        load_ridership(_archive(tmp_path, rows), expected_rows=None)


def test_bad_date_is_reported(tmp_path):
    rows = _rows(3)
    rows[0] = "2019-02-25" + rows[0][10:]
    with pytest.raises(DatasetError, match="invalid dates"):
        load_ridership(_archive(tmp_path, rows), expected_rows=None)


def test_archive_without_the_csv_is_reported(tmp_path):
    path = _archive(tmp_path, _rows(3), name="ridership/other.csv")
    with pytest.raises(DatasetError, match="holds no file named"):
        load_ridership(path, expected_rows=None)


def test_file_that_is_not_an_archive_is_reported(tmp_path):
    path = tmp_path / "ridership.tgz"
    path.write_text("not a tar archive")
    with pytest.raises(DatasetError, match="Could not extract"):
        load_ridership(path, expected_rows=None)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        load_ridership(tmp_path / "nowhere.tgz")


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"path": 3}, TypeError),
        ({"expected_rows": "7639"}, TypeError),
        ({"expected_rows": True}, TypeError),
        ({"expected_rows": 0}, ValueError),
    ],
)
def test_bad_arguments(small_archive, kwargs, error):
    kwargs.setdefault("path", small_archive)
    with pytest.raises(error):
        load_ridership(**kwargs)


def test_default_path_comes_from_the_registry(monkeypatch, small_archive):
    calls = []

    def fake_fetch(dataset, filename, **kwargs):
        calls.append((dataset, filename))
        return small_archive

    monkeypatch.setattr(data, "fetch", fake_fetch)
    frame = load_ridership(expected_rows=10)
    assert calls == [("ridership", "ridership.tgz")]
    assert len(frame) == 10
    assert series.data is data


def test_registry_entry():
    entry = data.registry()["ridership"]["files"]["ridership.tgz"]
    assert entry["mirror"] == "timeseries/ridership.tgz"
    assert entry["size"] == 108_512


def test_the_real_archive_from_the_mirror(mirror):
    frame = load_ridership()
    assert len(frame) == 7_639
    assert frame.index[0] == pd.Timestamp("2001-01-01")
    assert frame.index[-1] == pd.Timestamp("2021-11-30")
    assert frame.loc["2001-01-02", "bus"] == 780_827
    assert frame.loc["2001-01-02", "rail"] == 501_952
    assert frame["day_type"].value_counts()["W"] > 5_000
