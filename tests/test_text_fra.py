"""Unit tests for dlcourse.text.load_fra_eng on small files written by the tests (plus one mirror test)."""

import zipfile

import pytest

from dlcourse import data, text
from dlcourse.data import DatasetError
from dlcourse.text import load_fra_eng

LINES = ["Go.\tVa !", "Run!\tCours !", "Run!\tCourez !", "no tab on this line", "Wow!\tÇa alors !"]


def _write(path, lines, final_newline=True, tail=""):
    path.write_text("\n".join(lines) + ("\n" if final_newline else "") + tail, encoding="utf-8")
    return path


def test_reads_pairs_in_order(tmp_path):
    pairs = load_fra_eng(path=_write(tmp_path / "fra.txt", LINES))
    assert pairs == [("Go.", "Va !"), ("Run!", "Cours !"), ("Run!", "Courez !"), ("Wow!", "Ça alors !")]


def test_truncated_last_line_is_skipped(tmp_path):
    path = _write(tmp_path / "fra.txt", LINES, tail="Fire!\tAu f")  # cut mid-line, no newline
    assert load_fra_eng(path=path)[-1] == ("Wow!", "Ça alors !")
    no_newline = _write(tmp_path / "b.txt", LINES, final_newline=False)
    assert load_fra_eng(path=no_newline)[-1] == ("Run!", "Courez !")  # "Wow!" line is unfinished


def test_third_column_and_crlf_are_ignored(tmp_path):
    lines = ["Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272\r", "Hi.\tSalut !\t#1\r"]
    assert load_fra_eng(path=_write(tmp_path / "fra.txt", lines)) == [("Go.", "Va !"), ("Hi.", "Salut !")]


def test_max_pairs(tmp_path):
    path = _write(tmp_path / "fra.txt", LINES)
    assert load_fra_eng(2, path=path) == [("Go.", "Va !"), ("Run!", "Cours !")]
    assert len(load_fra_eng(100, path=path)) == 4


def test_reads_from_a_zip_archive(tmp_path):
    archive = tmp_path / "fra-eng.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("_about.txt", "about")
        z.writestr("fra.txt", "\n".join(LINES) + "\n")
    assert len(load_fra_eng(path=archive)) == 4
    empty = tmp_path / "other.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("deu.txt", "Go.\tGeh.\n")
    with pytest.raises(DatasetError, match="without a fra.txt"):
        load_fra_eng(path=empty)


def test_default_path_comes_from_fetch(tmp_path, monkeypatch):
    path = _write(tmp_path / "fra.txt", LINES)
    calls = []
    monkeypatch.setattr(text, "fetch", lambda *args: calls.append(args) or path)
    assert load_fra_eng(1) == [("Go.", "Va !")]
    assert calls == [("fra", "fra.txt")]
    assert data.fetch is not text.fetch  # only the module's reference was patched


def test_files_that_are_not_fra_txt(tmp_path):
    with pytest.raises(DatasetError, match="no 'English<TAB>French' lines"):
        load_fra_eng(path=_write(tmp_path / "a.txt", ["just some text", "more text"]))
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00bad\n")
    with pytest.raises(DatasetError, match="not UTF-8"):
        load_fra_eng(path=binary)
    with pytest.raises(DatasetError, match="does not exist"):
        load_fra_eng(path=tmp_path / "missing.txt")


@pytest.mark.parametrize("max_pairs", [0, -3, 2.5, "10", True])
def test_bad_max_pairs(tmp_path, max_pairs):
    with pytest.raises(ValueError, match="max_pairs"):
        load_fra_eng(max_pairs, path=_write(tmp_path / "fra.txt", LINES))


def test_bad_path_type():
    with pytest.raises(TypeError, match="path must be a path"):
        load_fra_eng(path=12345)


def test_mirror_copy(mirror):
    pairs = load_fra_eng()
    assert len(pairs) == 76_037
    assert pairs[0] == ("Go.", "Va !")
    assert all(en and fr for en, fr in pairs)
