"""Unit tests for dlcourse.data: registry, mirror, cache, downloads, archives, loaders."""

import gzip
import hashlib
import http.server
import io
import os
import tarfile
import threading
import re
import tomllib

import numpy as np
import pytest

from dlcourse import data
from dlcourse.data import DatasetError

PAYLOAD = b"course test payload\n" * 500
PAYLOAD_SHA = hashlib.sha256(PAYLOAD).hexdigest()


# --------------------------------------------------------------------------- fixtures


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/good.bin":
            body, length = PAYLOAD, len(PAYLOAD)
        elif self.path == "/changed.bin":  # full download, but different bytes
            body = PAYLOAD.replace(b"payload", b"PAYLOAD")
            length = len(body)
        elif self.path == "/partial.bin":  # connection closes half-way
            body, length = PAYLOAD[: len(PAYLOAD) // 2], len(PAYLOAD)
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def fake_registry(monkeypatch, tmp_path, server):
    """A registry with one file per server route, an empty cache and no mirror."""
    closed = "http://127.0.0.1:9/nothing-listens-here.bin"  # port 9 (discard): refused
    files = {
        "good.bin": {"url": f"{server}/good.bin", "sha256": PAYLOAD_SHA, "mirror": "t/good.bin"},
        "changed.bin": {"url": f"{server}/changed.bin", "sha256": PAYLOAD_SHA},
        "partial.bin": {"url": f"{server}/partial.bin", "sha256": PAYLOAD_SHA},
        "offline.bin": {"url": closed, "sha256": PAYLOAD_SHA, "mirror": "t/offline.bin"},
    }
    reg = {"toy": {"title": "Toy", "files": files}}
    monkeypatch.setattr(data, "registry", lambda: reg)
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(data.MIRROR_ENV, raising=False)
    data._verified.clear()
    data._read_mirror_sums.cache_clear()
    return tmp_path / "cache" / "toy"


def _cache_files(cache):
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


# --------------------------------------------------------------------------- downloads


def test_download_verifies_and_caches(fake_registry):
    path = data.fetch("toy", "good.bin", progressbar=False)
    assert path == fake_registry / "good.bin"
    assert path.read_bytes() == PAYLOAD
    # a second call is served from the cache, even with the server unreachable
    assert data.fetch("toy", "good.bin") == path


def test_changed_file_on_server_is_rejected_and_not_kept(fake_registry):
    with pytest.raises(DatasetError, match="does not match the registry, so it was discarded"):
        data.fetch("toy", "changed.bin", progressbar=False)
    assert _cache_files(fake_registry) == []


def test_partial_download_leaves_nothing_behind(fake_registry):
    with pytest.raises(DatasetError) as err:
        data.fetch("toy", "partial.bin", progressbar=False)
    assert "partial.bin" in str(err.value)
    assert _cache_files(fake_registry) == []
    assert not fake_registry.exists()


def test_offline_and_not_cached_says_what_to_do(fake_registry):
    with pytest.raises(DatasetError) as err:
        data.fetch("toy", "offline.bin", progressbar=False)
    message = str(err.value)
    assert "nothing-listens-here.bin" in message  # the URL
    assert str(fake_registry / "offline.bin") in message  # where to put it
    assert "DLCOURSE_MIRROR" in message
    assert not fake_registry.parent.exists(), "no empty cache folders are left behind"


def test_corrupt_cached_file_is_removed_and_downloaded_again(fake_registry):
    fake_registry.mkdir(parents=True)
    (fake_registry / "good.bin").write_bytes(b"garbage")
    with pytest.warns(UserWarning, match="will be replaced by a fresh download"):
        path = data.fetch("toy", "good.bin", progressbar=False)
    assert path.read_bytes() == PAYLOAD
    assert path.stat().st_mode & 0o777 == 0o644, "cache files are readable by everyone"
    assert _cache_files(fake_registry) == ["good.bin"], "no temporary files are left"


def test_corrupt_cached_file_offline_is_removed_and_reported(fake_registry):
    fake_registry.mkdir(parents=True)
    (fake_registry / "offline.bin").write_bytes(PAYLOAD[:100])
    with pytest.warns(UserWarning), pytest.raises(DatasetError, match="was removed"):
        data.fetch("toy", "offline.bin", progressbar=False)
    assert _cache_files(fake_registry) == []


def test_offline_error_names_hash_and_size(fake_registry):
    data.registry()["toy"]["files"]["offline.bin"]["size"] = len(PAYLOAD)
    with pytest.raises(data.DatasetUnavailable) as err:
        data.fetch("toy", "offline.bin", progressbar=False)
    assert PAYLOAD_SHA in str(err.value) and f"{len(PAYLOAD):,} bytes" in str(err.value)


def test_fetch_many_reports_every_missing_file_at_once(fake_registry):
    files = data.registry()["toy"]["files"]
    files["offline2.bin"] = dict(files["offline.bin"], url="http://127.0.0.1:9/second.bin")
    with pytest.raises(data.DatasetUnavailable, match="Could not download 2 files of toy") as err:
        data.fetch_many("toy", ["good.bin", "offline.bin", "offline2.bin"])
    assert "nothing-listens-here.bin" in str(err.value) and "second.bin" in str(err.value)
    assert [name for name, _, _ in err.value.files] == ["offline.bin", "offline2.bin"]
    assert data.fetch_many("toy", ["good.bin"]) == [fake_registry / "good.bin"]


def test_cache_that_cannot_be_written_is_not_called_offline(fake_registry, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(data.CACHE_ENV, str(blocker / "cache"))  # parent is a file
    with pytest.raises(DatasetError, match="Cannot write to the data cache folder") as err:
        data.fetch("toy", "good.bin", progressbar=False)
    assert "DLCOURSE_DATA" in str(err.value) and "offline" not in str(err.value)


def test_failed_move_into_the_cache_is_a_cache_error(fake_registry, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(data.os, "replace", refuse)
    with pytest.raises(DatasetError, match="Cannot write to the data cache folder"):
        data.fetch("toy", "good.bin", progressbar=False)
    assert _cache_files(fake_registry) == []


def test_other_pooch_value_errors_are_not_called_hash_mismatches(fake_registry, monkeypatch):
    pooch = data._pooch()

    def broken(*args, **kwargs):
        raise ValueError("Unrecognized URL protocol")

    monkeypatch.setattr(pooch, "retrieve", broken)
    with pytest.raises(DatasetError, match="Unrecognized URL protocol") as err:
        data.fetch("toy", "good.bin", progressbar=False)
    assert "does not match" not in str(err.value)


def test_concurrent_repairs_of_one_corrupt_file(fake_registry, monkeypatch):
    """Several threads repairing the same truncated cached file all get the good file."""
    import time

    fake_registry.mkdir(parents=True)
    (fake_registry / "good.bin").write_bytes(PAYLOAD[:100])
    real_sha = data._sha256

    def slow_sha(path):  # widen the window between "exists" and "hash it"
        time.sleep(0.05)
        return real_sha(path)

    monkeypatch.setattr(data, "_sha256", slow_sha)
    results, errors = [], []

    def worker():
        try:
            results.append(data.fetch("toy", "good.bin", progressbar=False).read_bytes())
        except Exception as err:  # noqa: BLE001 - the test reports any failure
            errors.append(err)

    with pytest.warns(UserWarning):
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == [] and results == [PAYLOAD] * 4
    assert _cache_files(fake_registry) == ["good.bin"]


def test_unknown_dataset_and_file(fake_registry):
    with pytest.raises(DatasetError, match="Unknown dataset 'nope'.*toy"):
        data.fetch("nope", "x")
    with pytest.raises(DatasetError, match="no file 'x'.*good.bin"):
        data.fetch("toy", "x")


# --------------------------------------------------------------------------- mirror


def _make_mirror(root, content=PAYLOAD, listed=True):
    (root / "t").mkdir(parents=True)
    (root / "t" / "offline.bin").write_bytes(content)
    if listed:
        (root / "SHA256SUMS").write_text(f"{hashlib.sha256(content).hexdigest()}  ./t/offline.bin\n")
    else:
        (root / "SHA256SUMS").write_text("")
    return root


def test_mirror_is_used_before_any_download(fake_registry, tmp_path, monkeypatch):
    mirror = _make_mirror(tmp_path / "mirror")
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    assert data.fetch("toy", "offline.bin") == mirror / "t" / "offline.bin"
    assert _cache_files(fake_registry) == []


def test_mirror_missing_file_falls_back_to_download(fake_registry, tmp_path, monkeypatch):
    monkeypatch.setenv(data.MIRROR_ENV, str(_make_mirror(tmp_path / "mirror")))
    assert data.fetch("toy", "good.bin", progressbar=False) == fake_registry / "good.bin"


def test_corrupt_mirror_copy_is_an_error(fake_registry, tmp_path, monkeypatch):
    mirror = _make_mirror(tmp_path / "mirror")
    (mirror / "t" / "offline.bin").write_bytes(b"bit rot")
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    with pytest.raises(DatasetError, match="does not match its hash"):
        data.fetch("toy", "offline.bin")


def test_unlisted_mirror_file_is_an_error(fake_registry, tmp_path, monkeypatch):
    monkeypatch.setenv(data.MIRROR_ENV, str(_make_mirror(tmp_path / "mirror", listed=False)))
    with pytest.raises(DatasetError, match="not listed"):
        data.fetch("toy", "offline.bin")


def test_mirror_with_other_bytes_is_checked_against_the_registry(fake_registry, tmp_path, monkeypatch):
    mirror = _make_mirror(tmp_path / "mirror", content=b"a repack")
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    entry = data.registry()["toy"]["files"]["offline.bin"]
    with pytest.raises(DatasetError, match="holds a different file") as err:
        data.fetch("toy", "offline.bin")
    assert "mirror_identical" not in str(err.value), "never suggest switching a check off"
    entry["mirror_identical"] = False  # a repack, but its own hash is not in the registry
    with pytest.raises(DatasetError, match="holds a different file"):
        data.fetch("toy", "offline.bin")
    entry["mirror_sha256"] = hashlib.sha256(b"a repack").hexdigest()
    assert data.fetch("toy", "offline.bin").read_bytes() == b"a repack"


def test_repacked_mirror_file_with_regenerated_sums_is_rejected(fake_registry, tmp_path, monkeypatch):
    """Editing a repacked mirror file and its SHA256SUMS line is caught by the registry hash."""
    entry = data.registry()["toy"]["files"]["offline.bin"]
    entry.update(mirror_identical=False, mirror_sha256=hashlib.sha256(b"a repack").hexdigest())
    mirror = _make_mirror(tmp_path / "mirror", content=b"a repack, edited")  # sums regenerated
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    with pytest.raises(DatasetError, match="holds a different file"):
        data.fetch("toy", "offline.bin")


def test_malformed_sums_line_breaks_only_its_own_file(fake_registry, tmp_path, monkeypatch):
    mirror = _make_mirror(tmp_path / "mirror")
    (mirror / "t" / "other.bin").write_bytes(b"x")
    sums = (mirror / "SHA256SUMS").read_text()
    (mirror / "SHA256SUMS").write_text(f"# comment\nnot-a-hash\n{sums}deadbeef  ./t/other.bin\n")
    files = data.registry()["toy"]["files"]
    files["other.bin"] = {"url": "https://example.invalid/o", "sha256": "0" * 64, "mirror": "t/other.bin"}
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    assert data.fetch("toy", "offline.bin") == mirror / "t" / "offline.bin"  # still works
    with pytest.raises(DatasetError, match=r"Lines 2, 4 of .*SHA256SUMS are malformed"):
        data.fetch("toy", "other.bin")


def test_mirror_that_is_not_a_folder_is_reported(fake_registry, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "mirror.txt"
    not_a_folder.write_text("")
    monkeypatch.setenv(data.MIRROR_ENV, str(not_a_folder))
    data._warn_not_a_folder.cache_clear()
    with pytest.warns(UserWarning, match="mirror.txt.*not a folder"):
        assert data.mirror_dir() is None
    with pytest.raises(DatasetError, match="which is not a folder"):  # warned once already
        data.fetch("toy", "offline.bin", progressbar=False)
    monkeypatch.setenv(data.MIRROR_ENV, "")
    assert data.mirror_dir() is None  # empty counts as unset, without a warning


# --------------------------------------------------------------------------- archives


def _tar_with(tmp_path, members):
    path = tmp_path / "a.tgz"
    with tarfile.open(path, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


def test_extract_archive(tmp_path):
    archive = _tar_with(tmp_path, {"d/x.txt": b"hello"})
    out = data.extract_archive(archive, tmp_path / "out")
    assert (out / "d" / "x.txt").read_bytes() == b"hello"


def test_extract_archive_refuses_path_traversal(tmp_path):
    archive = _tar_with(tmp_path, {"ok.txt": b"fine", "../evil.txt": b"boo"})
    with pytest.raises(DatasetError, match="safely"):
        data.extract_archive(archive, tmp_path / "out")
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.tgz"]  # no half-written temp dir


def test_extract_corrupt_archive(tmp_path):
    bad = tmp_path / "bad.tgz"
    bad.write_bytes(b"not a tar file")
    with pytest.raises(DatasetError, match="corrupt"):
        data.extract_archive(bad, tmp_path / "out")


# --------------------------------------------------------------------------- IDX


def _idx(array):
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(d).to_bytes(4, "big") for d in array.shape
    )
    return header + array.astype(np.uint8).tobytes()


def test_read_idx_roundtrip(tmp_path):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / "x-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(_idx(array)))
    np.testing.assert_array_equal(data.read_idx(path), array)


def test_read_idx_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x00\x00\x0d\x01" + (3).to_bytes(4, "big") + b"abc")
    with pytest.raises(DatasetError, match="magic"):
        data.read_idx(bad)
    short = tmp_path / "short"
    short.write_bytes(_idx(np.zeros((5, 2)))[:-3])
    with pytest.raises(DatasetError, match="truncated"):
        data.read_idx(short)


# --------------------------------------------------------------------------- real registry


def test_registry_entries_are_complete():
    reg = data.registry()
    assert {"mnist", "fashion-mnist", "housing", "california"} <= set(reg)
    for name, ds in reg.items():
        for key in ("title", "description", "license", "citation", "homepage"):
            assert ds.get(key), f"{name} lacks {key}"
        if "manifest" in ds:  # many files: checked in tests/test_audio.py (FSDD)
            assert ds["url_template"].startswith("https://") and "{name}" in ds["url_template"]
            continue
        assert ds.get("files"), f"{name} lacks files"
        for fname, f in ds["files"].items():
            assert f["url"].startswith("https://"), (name, fname)
            assert re.fullmatch(r"[0-9a-f]{64}", f["sha256"]), (name, fname)
            if f.get("mirror_identical", True):
                assert f.get("size", 0) > 0, (name, fname)
            else:  # a repack: the mirror copy's own hash is in the registry too
                assert re.fullmatch(r"[0-9a-f]{64}", f.get("mirror_sha256", "")), (name, fname)


def test_registry_is_found_in_a_package_or_a_checkout(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "_HERE", tmp_path / "pkg")
    monkeypatch.setattr(data, "_REPO_DATASETS", tmp_path / "datasets")
    with pytest.raises(DatasetError, match="registry is missing"):
        data._registry_path()
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "registry.toml").write_text("")
    assert data._registry_path() == tmp_path / "datasets" / "registry.toml"
    assert data.cache_dir() == tmp_path / "datasets" / "cache" or os.environ.get(data.CACHE_ENV)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "registry.toml").write_text("")  # an installed package wins
    assert data._registry_path() == tmp_path / "pkg" / "registry.toml"


def test_registry_agrees_with_the_mirror(mirror):
    sums = data._mirror_sums(mirror)
    for name, ds in data.registry().items():
        for fname, f in ds.get("files", {}).items():  # manifest datasets: tests/test_audio.py
            assert f["mirror"] in sums, f"{name}/{fname}: {f['mirror']} not in the mirror"
            own = f["sha256"] if f.get("mirror_identical", True) else f["mirror_sha256"]
            assert sums[f["mirror"]] == own, f"{name}/{fname}"


# --------------------------------------------------------------------------- loaders (mirror)


@pytest.fixture
def use_mirror(mirror, monkeypatch, tmp_path):
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    return mirror


@pytest.mark.parametrize("kind", ["mnist", "fashion"])
def test_load_mnist(use_mirror, kind):
    (x_train, y_train), (x_test, y_test) = data.load_mnist(kind)
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and x_train.max() == 255
    assert sorted(np.unique(y_train)) == list(range(10)) and len(y_test) == 10000
    assert np.bincount(y_test).min() >= 800


def test_load_mnist_bad_kind():
    with pytest.raises(DatasetError, match="kind"):
        data.load_mnist("cifar")


def test_load_housing(use_mirror):
    df = data.load_housing()
    assert df.shape == (20640, 10)
    assert df["total_bedrooms"].isna().sum() == 207  # HOML 2
    assert df["ocean_proximity"].value_counts()["ISLAND"] == 5


def test_load_california_matches_scikit_learn_cache(use_mirror):
    import joblib

    X, y = data.load_california()
    assert X.shape == (20640, 8) and list(X.columns) == data.CALIFORNIA_FEATURES
    # scikit-learn's own cache of the same data (columns: value, then its raw features)
    raw = joblib.load(use_mirror / "california-housing/sklearn-cache/cal_housing_py3.pkz")
    np.testing.assert_allclose(y.to_numpy(), raw[:, 0] / 100_000)
    np.testing.assert_allclose(X["MedInc"], raw[:, 1])
    np.testing.assert_allclose(X["AveOccup"], raw[:, 5] / raw[:, 6])


def test_load_olivetti_matches_scikit_learn_cache(use_mirror):
    import joblib

    images, target = data.load_olivetti()
    assert images.shape == (400, 64, 64) and images.dtype == np.float32
    assert images.min() == 0 and images.max() == 1
    assert list(np.bincount(target)) == [10] * 40
    raw = np.float32(joblib.load(use_mirror / "olivetti-faces/sklearn-cache/olivetti_py3.pkz"))
    raw = (raw - raw.min()) / (raw - raw.min()).max()
    np.testing.assert_allclose(images, raw.reshape(400, 64, 64).transpose(0, 2, 1), atol=1e-6)


def test_load_boston(use_mirror):
    X, y = data.load_boston()
    assert X.shape == (506, 12) and "B" not in X.columns and y.name == "MEDV"
    assert y.iloc[0] == 24.0 and y.max() == 50.0 and X["CHAS"].sum() == 35
    X13, _ = data.load_boston(keep_b=True)
    assert list(X13.columns) == data.BOSTON_COLUMNS[:-1]


def test_load_phishing(use_mirror):
    X, y = data.load_phishing()
    assert X.shape == (11055, 30) and X.dtypes.eq(np.int8).all()
    assert set(np.unique(X.to_numpy())) == {-1, 0, 1}
    assert int(y.sum()) == 4898 and y.name == "phishing"  # about 44 % phishing (DLJS 3.2: ≈ 45 %)


def test_to_tf_dataset_batches_and_reshuffles():
    x = np.arange(10, dtype="float32").reshape(5, 2)
    y = np.arange(5)
    plain = [b[1].numpy().tolist() for b in data.to_tf_dataset(x, y, batch_size=2)]
    assert plain == [[0, 1], [2, 3], [4]]
    ds = data.to_tf_dataset(x, y, batch_size=5, shuffle=True, seed=np.int64(1))
    epochs = [next(iter(ds))[1].numpy().tolist() for _ in range(3)]
    assert all(sorted(e) == [0, 1, 2, 3, 4] for e in epochs) and len({tuple(e) for e in epochs}) > 1
    xs, ys = next(iter(ds))
    np.testing.assert_array_equal(xs.numpy(), x[ys.numpy()])  # pairs stay together


def test_to_tf_dataset_accepts_what_keras_accepts():
    a, b, y = np.zeros((4, 2)), np.ones((4, 3)), np.arange(4)
    xs, _ = next(iter(data.to_tf_dataset({"a": a, "b": b}, y, batch_size=4)))
    assert set(xs) == {"a", "b"} and xs["b"].shape == (4, 3)
    xs, _ = next(iter(data.to_tf_dataset([a, b], y, batch_size=4)))
    assert isinstance(xs, tuple) and [t.shape[1] for t in xs] == [2, 3]
    assert data.to_dataset is data.to_tf_dataset  # the former name still works


def test_to_tf_dataset_bad_arguments():
    x, y = np.zeros((4, 2)), np.zeros(4)
    with pytest.raises(ValueError, match="same number"):
        data.to_tf_dataset(x, np.zeros(3))
    with pytest.raises(ValueError, match="different numbers of examples"):
        data.to_tf_dataset({"a": x, "b": np.zeros((3, 2))}, y)
    with pytest.raises(ValueError, match="x is empty"):
        data.to_tf_dataset({}, y)
    with pytest.raises(ValueError, match="no examples"):
        data.to_tf_dataset(np.zeros((0, 2)), np.zeros(0), shuffle=True)
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="batch_size"):
            data.to_tf_dataset(x, y, batch_size=bad)
    with pytest.raises(TypeError, match="seed must be an integer"):
        data.to_tf_dataset(x, y, shuffle=True, seed="abc")
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        data.to_tf_dataset(x, y, shuffle="yes")


# --------------------------------------------------------------------------- loaders (synthetic)


def _california_rows(n=20640, value=200_000.0):
    rng = np.random.default_rng(0)
    rows = np.column_stack([
        rng.uniform(-124, -115, n), rng.uniform(33, 41, n), rng.integers(1, 52, n),
        rng.integers(500, 3000, n), rng.integers(100, 600, n), rng.integers(300, 3000, n),
        rng.integers(100, 600, n), rng.uniform(0.5, 15, n), np.full(n, value),
    ])
    return rows


def test_load_california_checks_what_it_returns(tmp_path, monkeypatch):
    path = tmp_path / "cal_housing.data"
    monkeypatch.setattr(data, "fetch", lambda *args, **kwargs: path)
    np.savetxt(path, _california_rows(), delimiter=",")
    X, y = data.load_california()
    assert X.shape == (20640, 8) and np.allclose(y, 2.0)
    doubled = _california_rows()
    doubled[:, 8] *= 3  # values up to $600,000: not the census data
    np.savetxt(path, doubled, delimiter=",")
    with pytest.raises(DatasetError, match="outside the ranges"):
        data.load_california()
    np.savetxt(path, _california_rows(n=100), delimiter=",")
    with pytest.raises(DatasetError, match="20,640 rows"):
        data.load_california()


def test_load_mnist_checks_shapes(tmp_path, monkeypatch):
    paths = []
    for name, array in [("xtr", np.zeros((5, 28, 28))), ("ytr", np.zeros(5)),
                        ("xte", np.zeros((5, 28, 28))), ("yte", np.zeros(5))]:
        paths.append(tmp_path / name)
        paths[-1].write_bytes(_idx(array))
    monkeypatch.setattr(data, "fetch_many", lambda dataset, names: paths)
    with pytest.raises(DatasetError, match="do not hold 60,000 28x28 images"):
        data.load_mnist("fashion")


def test_make_mirror_builds_a_mirror_the_loader_accepts(fake_registry, tmp_path, monkeypatch):
    import make_mirror

    monkeypatch.setattr(make_mirror, "files", lambda dataset: ["good.bin"])
    target = tmp_path / "hub-mirror"
    assert make_mirror.build(target, ["toy"]) == 1
    assert (target / "SHA256SUMS").read_text() == f"{PAYLOAD_SHA}  ./t/good.bin\n"
    monkeypatch.setenv(data.MIRROR_ENV, str(target))
    data._read_mirror_sums.cache_clear()
    assert data.fetch("toy", "good.bin") == target / "t" / "good.bin"
    # a repacked entry still accepts a mirror holding the canonical bytes
    data.registry()["toy"]["files"]["good.bin"].update(mirror_identical=False, mirror_sha256="0" * 64)
    assert data.fetch("toy", "good.bin") == target / "t" / "good.bin"
