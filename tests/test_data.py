"""Unit tests for dlcourse.data: registry, mirror, cache, downloads, archives, loaders."""

import gzip
import hashlib
import http.server
import io
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
    data._mirror_sums.cache_clear()
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
    with pytest.warns(UserWarning, match="was removed"):
        path = data.fetch("toy", "good.bin", progressbar=False)
    assert path.read_bytes() == PAYLOAD


def test_corrupt_cached_file_offline_is_removed_and_reported(fake_registry):
    fake_registry.mkdir(parents=True)
    (fake_registry / "offline.bin").write_bytes(PAYLOAD[:100])
    with pytest.warns(UserWarning), pytest.raises(DatasetError, match="was removed"):
        data.fetch("toy", "offline.bin", progressbar=False)
    assert _cache_files(fake_registry) == []


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


def test_mirror_with_other_bytes_needs_mirror_identical_false(fake_registry, tmp_path, monkeypatch):
    mirror = _make_mirror(tmp_path / "mirror", content=b"a repack")
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    with pytest.raises(DatasetError, match="mirror_identical = false"):
        data.fetch("toy", "offline.bin")
    data.registry()["toy"]["files"]["offline.bin"]["mirror_identical"] = False
    assert data.fetch("toy", "offline.bin").read_bytes() == b"a repack"


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


def test_packaged_registry_is_the_same_file():
    packaged = data._HERE / "registry.toml"
    with open(packaged, "rb") as f:
        assert tomllib.load(f) == data.registry()


def test_registry_agrees_with_the_mirror(mirror):
    sums = data._mirror_sums(mirror)
    for name, ds in data.registry().items():
        for fname, f in ds.get("files", {}).items():  # manifest datasets: tests/test_audio.py
            assert f["mirror"] in sums, f"{name}/{fname}: {f['mirror']} not in the mirror"
            if f.get("mirror_identical", True):
                assert sums[f["mirror"]] == f["sha256"], f"{name}/{fname}"


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


def test_to_dataset_batches_and_reshuffles():
    x = np.arange(10, dtype="float32").reshape(5, 2)
    y = np.arange(5)
    plain = [b[1].numpy().tolist() for b in data.to_dataset(x, y, batch_size=2)]
    assert plain == [[0, 1], [2, 3], [4]]
    ds = data.to_dataset(x, y, batch_size=5, shuffle=True, seed=1)
    epochs = [next(iter(ds))[1].numpy().tolist() for _ in range(3)]
    assert all(sorted(e) == [0, 1, 2, 3, 4] for e in epochs) and len({tuple(e) for e in epochs}) > 1
    xs, ys = next(iter(ds))
    np.testing.assert_array_equal(xs.numpy(), x[ys.numpy()])  # pairs stay together


def test_to_dataset_bad_arguments():
    with pytest.raises(ValueError, match="same number"):
        data.to_dataset(np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="batch_size"):
        data.to_dataset(np.zeros((4, 2)), np.zeros(4), batch_size=0)
