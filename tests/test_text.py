"""Unit tests for dlcourse.text.load_imdb on small synthetic archives (plus one mirror test)."""

import io
import tarfile

import numpy as np
import pytest

from dlcourse.data import DatasetError
from dlcourse.text import load_imdb


def _add(tar, name, text):
    data = text.encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _make_archive(path, n_per_class=3, prefix="aclImdb/", unsup=True, drop=None, reverse=False):
    """Write an IMDB-shaped tar.gz: train/test × pos/neg with n_per_class reviews each."""
    members = []
    for split in ("train", "test"):
        for polarity in ("pos", "neg"):
            for i in range(n_per_class):
                rating = 8 if polarity == "pos" else 2
                name = f"{prefix}{split}/{polarity}/{i * 10}_{rating}.txt"
                members.append((name, f"{split} {polarity} review {i * 10}.<br /><br />The end."))
        if unsup and split == "train":
            members.append((f"{prefix}train/unsup/0_0.txt", "an unlabelled review"))
    members.append((f"{prefix}README", "not a review"))
    members.append((f"{prefix}train/labeledBow.feat", "0:1 1:2"))
    if drop is not None:
        members = [m for m in members if m[0] != drop]
    if reverse:
        members.reverse()
    with tarfile.open(path, "w:gz") as tar:
        for name, text in members:
            _add(tar, name, text)
    return path


def test_loads_both_splits_in_a_fixed_order(tmp_path):
    archive = _make_archive(tmp_path / "imdb.tar.gz", n_per_class=3)
    (x_train, y_train), (x_test, y_test) = load_imdb(archive, expected_size=6)
    assert len(x_train) == len(y_train) == 6 and len(x_test) == len(y_test) == 6
    assert y_train.dtype == np.int8 and list(y_train) == [0, 0, 0, 1, 1, 1]
    assert x_train[0].startswith("train neg review 0.") and x_test[-1].startswith("test pos review 20.")
    assert all("unlabelled" not in t for t in x_train), "train/unsup is ignored"


def test_order_does_not_depend_on_packing(tmp_path):
    a = load_imdb(_make_archive(tmp_path / "a.tar.gz"), expected_size=6)
    b = load_imdb(_make_archive(tmp_path / "b.tar.gz", reverse=True, unsup=False, prefix=""), expected_size=6)
    assert a[0][0] == b[0][0] and a[1][0] == b[1][0]
    assert np.array_equal(a[0][1], b[0][1])


def test_numeric_sort_of_file_ids(tmp_path):
    archive = _make_archive(tmp_path / "imdb.tar.gz", n_per_class=12)
    (x_train, _), _ = load_imdb(archive, expected_size=24)
    ids = [int(t.split()[3].rstrip(".<br")) for t in x_train[:12]]
    assert ids == sorted(ids) and ids[:3] == [0, 10, 20]


def test_html_breaks_stripped_only_on_request(tmp_path):
    archive = _make_archive(tmp_path / "imdb.tar.gz")
    (stripped, _), _ = load_imdb(archive, expected_size=6)
    (raw, _), _ = load_imdb(archive, strip_html=False, expected_size=6)
    assert "<br" not in stripped[0] and stripped[0].endswith("The end.")
    assert "<br /><br />" in raw[0]


def test_wrong_count_raises(tmp_path):
    archive = _make_archive(tmp_path / "imdb.tar.gz")
    with pytest.raises(DatasetError, match="expected 25,000"):
        load_imdb(archive)  # the default expects the real 25,000 per split


def test_unbalanced_split_raises(tmp_path):
    archive = _make_archive(tmp_path / "imdb.tar.gz", drop="aclImdb/test/pos/0_8.txt")
    with pytest.raises(DatasetError, match="2 positive and 3 negative"):
        load_imdb(archive, expected_size=None)


def test_not_an_archive_raises(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"this is not a tar file")
    with pytest.raises(DatasetError, match="Could not read"):
        load_imdb(bogus, expected_size=None)
    with pytest.raises(DatasetError, match="does not exist"):
        load_imdb(tmp_path / "missing.tar.gz")


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"expected_size": 7}, ValueError),
        ({"expected_size": 0}, ValueError),
        ({"expected_size": "25000"}, ValueError),
        ({"expected_size": True}, ValueError),
        ({"strip_html": "yes"}, TypeError),
    ],
)
def test_bad_arguments(tmp_path, kwargs, error):
    archive = _make_archive(tmp_path / "imdb.tar.gz")
    with pytest.raises(error):
        load_imdb(archive, **kwargs)


def test_bad_archive_type():
    with pytest.raises(TypeError):
        load_imdb(12345)


def test_mirror_copy(mirror):
    (x_train, y_train), (x_test, y_test) = load_imdb()
    assert len(x_train) == len(x_test) == 25_000
    assert y_train.sum() == y_test.sum() == 12_500
    assert all("<br" not in t.lower() for t in x_train[:500])
