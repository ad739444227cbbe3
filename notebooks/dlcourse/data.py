"""Datasets: one registry, verified downloads, an optional offline mirror, ready-to-use loaders.

Every file a chapter reads is listed in ``datasets/registry.toml`` with its public URL and
SHA-256 hash. :func:`fetch` returns a local, verified copy of one file:

1. If the environment variable ``DLCOURSE_MIRROR`` names a directory holding the file (at the
   registry's ``mirror`` path) and a ``SHA256SUMS`` list, the mirror copy is checked against that
   list and used in place.
2. Otherwise the file is looked up in the cache directory (``DLCOURSE_DATA``; by default
   ``datasets/cache`` in a checkout of the course, or the user cache directory elsewhere), checked
   against the registry hash, and downloaded with :mod:`pooch` if it is missing or corrupt.

Anything that goes wrong raises :class:`DatasetError` with one message saying what happened and
what to do. A download is written to a temporary file and only moved into place once its hash
matches, so no partial or corrupt file is ever left in the cache.
"""

from __future__ import annotations

import functools
import gzip
import os
import re
import shutil
import tarfile
import tempfile
import tomllib
import warnings
from pathlib import Path

import numpy as np

__all__ = [
    "DatasetError",
    "DatasetUnavailable",
    "registry",
    "cache_dir",
    "mirror_dir",
    "fetch",
    "fetch_many",
    "extract_archive",
    "read_idx",
    "load_mnist",
    "load_housing",
    "load_california",
    "load_olivetti",
    "load_boston",
    "load_phishing",
    "to_tf_dataset",
    "to_dataset",
]

CACHE_ENV = "DLCOURSE_DATA"
MIRROR_ENV = "DLCOURSE_MIRROR"
_HERE = Path(__file__).resolve().parent
_REPO_DATASETS = _HERE.parent.parent / "datasets"


class DatasetError(RuntimeError):
    """A dataset file could not be provided (missing offline, corrupt, or a bad argument)."""


class DatasetUnavailable(DatasetError):
    """A file is neither in the mirror nor in the cache, and downloading it failed (offline?).

    The message names the URL, the expected sha256 and size (so a copy downloaded elsewhere can
    be checked by hand) and where to save it.
    """

    def __init__(self, dataset, filename, entry, target, err):
        self.files = [(filename, entry, target)]
        self.dataset = dataset
        mirror_note = ""
        if os.environ.get(MIRROR_ENV) and mirror_dir() is None:
            mirror_note = f" (it is set to {os.environ[MIRROR_ENV]!r}, which is not a folder)"
        super().__init__(
            f"Could not download {dataset}/{filename} from {entry['url']} "
            f"({type(err).__name__}). If this machine is offline, download that URL elsewhere "
            f"({_size_text(entry)}sha256 {entry['sha256']}) and save it as {target}, or set "
            f"${MIRROR_ENV}{mirror_note} to a mirror folder holding "
            f"{entry.get('mirror', filename)} and a SHA256SUMS list."
        )

    @classmethod
    def combined(cls, dataset, errors):
        self = cls.__new__(cls)
        self.dataset = dataset
        self.files = [f for e in errors for f in e.files]
        lines = "\n".join(
            f"  - {entry['url']} ({_size_text(entry)}sha256 {entry['sha256']}) -> {target}"
            for _, entry, target in self.files
        )
        DatasetError.__init__(
            self,
            f"Could not download {len(self.files)} files of {dataset} (is this machine "
            f"offline?). Download them elsewhere and save each one where the arrow points, or "
            f"set ${MIRROR_ENV} to a mirror folder holding them and a SHA256SUMS list:\n{lines}",
        )
        return self


# --------------------------------------------------------------------------- registry


def _registry_path() -> Path:
    """``dlcourse/registry.toml`` in an installed package (the build copies it there), else the
    one home of the registry in a checkout of the course, ``datasets/registry.toml``."""
    for path in (_HERE / "registry.toml", _REPO_DATASETS / "registry.toml"):
        if path.is_file():
            return path
    raise DatasetError(
        f"The dataset registry is missing: neither {_HERE / 'registry.toml'} (an installed "
        f"package) nor {_REPO_DATASETS / 'registry.toml'} (a checkout) exists. Reinstall the "
        f"course package, or restore datasets/registry.toml in your checkout."
    )


@functools.cache
def registry() -> dict:
    """Return the dataset registry as a dict: ``{dataset: {title, ..., files: {name: {...}}}}``."""
    with open(_registry_path(), "rb") as f:
        return tomllib.load(f)


@functools.cache
def _manifest(name: str) -> dict[str, tuple[str, int]]:
    """Read a manifest shipped in the package: lines ``sha256<TAB>size<TAB>filename``."""
    entries = {}
    for line in (_HERE / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, size, filename = line.split("\t")
            entries[filename] = (digest.lower(), int(size))
    return entries


def _entry(dataset: str, filename: str) -> dict:
    reg = registry()
    if dataset not in reg:
        raise DatasetError(
            f"Unknown dataset {dataset!r}. Known datasets: {', '.join(sorted(reg))}."
        )
    ds = reg[dataset]
    if "manifest" in ds:  # many files: hashes in a manifest, URL and mirror path from templates
        files = _manifest(ds["manifest"])
        if filename not in files:
            listed = ", ".join(list(files)[:3])
            raise DatasetError(
                f"Dataset {dataset!r} has no file {filename!r}. Its {len(files):,} files are "
                f"listed in {ds['manifest']} (e.g. {listed})."
            )
        digest, size = files[filename]
        entry = {"url": ds["url_template"].format(name=filename), "sha256": digest, "size": size}
        if "mirror_template" in ds:
            entry["mirror"] = ds["mirror_template"].format(name=filename)
        return entry
    files = ds["files"]
    if filename not in files:
        raise DatasetError(
            f"Dataset {dataset!r} has no file {filename!r}. Its files: {', '.join(files)}."
        )
    return files[filename]


def _pooch():
    """Import pooch quietly: in a kernel without ipywidgets, tqdm.auto (which pooch imports)
    warns that widgets are missing and falls back to a text progress bar, which is fine."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*IProgress not found.*")
        warnings.filterwarnings("ignore", category=UserWarning, module="tqdm.*")
        import pooch
    return pooch


# --------------------------------------------------------------------------- locations


def cache_dir() -> Path:
    """Directory where downloaded files are kept (``$DLCOURSE_DATA`` overrides the default)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    if _registry_path() == _REPO_DATASETS / "registry.toml":  # a checkout: keep data beside it
        return _REPO_DATASETS / "cache"
    return Path(_pooch().os_cache("dlcourse"))


def mirror_dir() -> Path | None:
    """The offline mirror directory named by ``$DLCOURSE_MIRROR``, or ``None``.

    An empty value counts as unset. A value that is not a folder is ignored with a warning
    (once per value), so a typo does not go unnoticed.
    """
    value = os.environ.get(MIRROR_ENV)
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_dir():
        _warn_not_a_folder(value)
        return None
    return path


@functools.cache
def _warn_not_a_folder(value: str) -> None:
    warnings.warn(
        f"${MIRROR_ENV} is set to {value!r}, which is not a folder, so it is ignored and files "
        f"are looked up in the cache and downloaded instead. Point it at the mirror folder "
        f"(the one holding SHA256SUMS) or unset it.",
        stacklevel=3,
    )


# --------------------------------------------------------------------------- hashing


def _sha256(path: Path) -> str:
    return _pooch().file_hash(str(path), alg="sha256")


_verified: set[tuple[str, int, int, str]] = set()


def _matches(path: Path, expected: str) -> bool:
    """True if ``path`` hashes to ``expected`` (remembered per size and mtime in this process)."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, expected)
    if key in _verified:
        return True
    ok = _sha256(path) == expected.lower()
    if ok:
        _verified.add(key)
    return ok


_SUM_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")


@functools.cache
def _read_mirror_sums(mirror: Path) -> tuple[dict[str, str], tuple[int, ...]]:
    """Parse the mirror's SHA256SUMS: ``({path: sha256}, numbers of malformed lines)``.

    Lines are read one by one, so one malformed line only affects the file it was meant to
    list (that file is then reported as unlisted, with the line numbers); every other dataset
    keeps working.
    """
    sums_file = mirror / "SHA256SUMS"
    if not sums_file.is_file():
        raise DatasetError(
            f"The data mirror {mirror} (from ${MIRROR_ENV}) has no SHA256SUMS file, so its files "
            f"cannot be verified. Point ${MIRROR_ENV} at a directory with a SHA256SUMS list, "
            f"or unset it to download from the public URLs."
        )
    sums, bad = {}, []
    text = sums_file.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _SUM_LINE.fullmatch(line.rstrip())
        if match is None:
            bad.append(number)
            continue
        digest, name = match.groups()
        sums[name[2:] if name.startswith("./") else name] = digest.lower()
    return sums, tuple(bad)


def _mirror_sums(mirror: Path) -> dict[str, str]:
    """The mirror's SHA256SUMS as ``{path inside the mirror: sha256}`` (well-formed lines)."""
    return _read_mirror_sums(mirror)[0]


# --------------------------------------------------------------------------- fetching


def _from_mirror(dataset: str, filename: str, entry: dict) -> Path | None:
    mirror = mirror_dir()
    if mirror is None or "mirror" not in entry:
        return None
    path = mirror / entry["mirror"]
    if not path.is_file():
        return None
    sums_file = mirror / "SHA256SUMS"
    sums, bad_lines = _read_mirror_sums(mirror)
    expected = sums.get(entry["mirror"])
    if expected is None:
        bad = (
            f" Lines {', '.join(map(str, bad_lines))} of {sums_file} are malformed (expected "
            f"'<64 hex digits>  <path>'); one of them may be meant for this file."
            if bad_lines else ""
        )
        raise DatasetError(
            f"{path} is not listed in {sums_file}, so it cannot be verified.{bad} The mirror is "
            f"incomplete or was modified: restore it from its source, or unset ${MIRROR_ENV} "
            f"to download the file from its public URL."
        )
    # The registry records the hash of the mirror's copy too: an identical copy has the
    # canonical hash; a repack or extract has its own `mirror_sha256` (a mirror built from the
    # public files by tools/make_mirror.py holds the canonical bytes there, which is fine too).
    # Either way, every byte that reaches a model is checked against a hash in the repository.
    own = entry["sha256"] if entry.get("mirror_identical", True) else entry.get("mirror_sha256")
    if expected not in (own, entry["sha256"]):
        raise DatasetError(
            f"The mirror's SHA256SUMS lists {entry['mirror']} with sha256 {expected}, but the "
            f"course registry expects {own} for the mirror copy of {dataset}/{filename}: the "
            f"mirror holds a different file than the one the course was checked with. Restore "
            f"the mirror from its source, or unset ${MIRROR_ENV} to download the file."
        )
    if not _matches(path, expected):
        raise DatasetError(
            f"The mirror copy {path} does not match its hash in {sums_file}: it is corrupt or "
            f"incomplete. Restore it in the mirror (the mirror is read-only to the course)."
        )
    return path


def _remove_empty(directories: list[Path]) -> None:
    """Remove the given folders, deepest first, as long as they are empty."""
    for directory in directories:
        try:
            directory.rmdir()
        except OSError:
            return


def _is_valid(path: Path, expected: str) -> bool:
    """True if ``path`` exists and hashes to ``expected``; a file that vanishes meanwhile (another
    process replacing it) counts as missing rather than raising."""
    try:
        return path.is_file() and _matches(path, expected)
    except FileNotFoundError:
        return False


def _size_text(entry: dict) -> str:
    return f"{entry['size']:,} bytes, " if entry.get("size") else ""


def _cache_error(folder: Path, err: OSError) -> DatasetError:
    return DatasetError(
        f"Cannot write to the data cache folder {folder} ({type(err).__name__}: {err}). "
        f"Set ${CACHE_ENV} to a folder you can write to (it is created if needed), or fix the "
        f"permissions of this one."
    )


def _make_dirs(target_dir: Path) -> list[Path]:
    """Create ``target_dir``; return the folders that were created (deepest first)."""
    created = [d for d in (target_dir, *target_dir.parents) if not d.exists()]
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # PermissionError, NotADirectoryError, FileExistsError, ...
        _remove_empty(created)
        raise _cache_error(target_dir, err) from None
    return created


def _download(dataset: str, filename: str, entry: dict, target: Path, progressbar) -> None:
    """Download ``entry['url']`` into ``target``, verified, via a private temporary folder.

    The verified file is moved over ``target`` with one atomic rename, so a process reading the
    cache at the same moment sees either the old file or the complete new one, never a
    half-written or missing file. Nothing is left behind on failure.
    """
    import requests

    pooch = _pooch()
    if progressbar is None:
        try:
            import tqdm  # noqa: F401

            progressbar = True
        except ImportError:
            progressbar = False
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{filename}-", dir=target.parent))
    except OSError as err:
        raise _cache_error(target.parent, err) from None
    try:
        try:
            downloaded = pooch.retrieve(
                entry["url"], known_hash=f"sha256:{entry['sha256']}", fname=filename,
                path=tmp, progressbar=progressbar,
            )
        except ValueError as err:
            if "does not match the known hash" not in str(err):
                raise DatasetError(
                    f"Could not download {dataset}/{filename} from {entry['url']} "
                    f"(ValueError: {err})."
                ) from None
            raise DatasetError(
                f"Downloaded {entry['url']} but its sha256 does not match the registry, so it "
                f"was discarded (nothing was saved). The server may have changed the file or the "
                f"download was cut short; try again, or put a verified copy at {target} "
                f"(sha256 {entry['sha256']}). Details: {err}"
            ) from None
        except requests.exceptions.RequestException as err:  # network: offline, refused, cut
            raise DatasetUnavailable(dataset, filename, entry, target, err) from None
        except OSError as err:  # writing the file failed: not a network problem
            raise DatasetError(
                f"Could not save {dataset}/{filename} into {target.parent} "
                f"({type(err).__name__}: {err}). Check the free space and permissions there, or "
                f"set ${CACHE_ENV} to another folder."
            ) from None
        try:
            os.chmod(downloaded, 0o644)  # readable by everyone: a shared class cache works
            os.replace(downloaded, target)
        except OSError as err:
            raise _cache_error(target.parent, err) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def fetch(dataset: str, filename: str, *, progressbar: bool | None = None) -> Path:
    """Return the path of a verified local copy of ``filename`` from ``dataset``.

    Looks in the mirror (``$DLCOURSE_MIRROR``) first, then in the cache, and downloads from the
    registry URL as a last resort. A corrupt cached copy is replaced by a fresh download (it is
    never deleted first, so several processes can repair the same file at once). Raises
    :class:`DatasetError` with instructions if the file cannot be provided
    (:class:`DatasetUnavailable` when it is missing and cannot be downloaded).
    """
    entry = _entry(dataset, filename)
    mirrored = _from_mirror(dataset, filename, entry)
    if mirrored is not None:
        return mirrored

    target_dir = cache_dir() / dataset
    target = target_dir / filename
    corrupt = target.is_file() and not _is_valid(target, entry["sha256"])
    if not corrupt and _is_valid(target, entry["sha256"]):
        return target
    if corrupt:
        warnings.warn(
            f"The cached copy at {target} does not match the expected sha256 (corrupt or "
            f"incomplete); it will be replaced by a fresh download.",
            stacklevel=2,
        )
    created = _make_dirs(target_dir)
    try:
        _download(dataset, filename, entry, target, progressbar)
    except DatasetError as err:
        if corrupt and target.is_file() and not _is_valid(target, entry["sha256"]):
            target.unlink(missing_ok=True)  # do not keep a file known to be bad
            err.args = (err.args[0] + f" The corrupt cached copy at {target} was removed.",)
        _remove_empty(created)
        raise
    _verified.add((str(target), *_stat_key(target), entry["sha256"]))
    return target


def fetch_many(dataset: str, filenames) -> list[Path]:
    """:func:`fetch` several files of one dataset; if some cannot be downloaded, raise one
    :class:`DatasetUnavailable` listing all of them (with their URLs, hashes and sizes)."""
    paths, missing = [], []
    for filename in filenames:
        try:
            paths.append(fetch(dataset, filename))
        except DatasetUnavailable as err:
            missing.append(err)
    if len(missing) == 1:
        raise missing[0]
    if missing:
        raise DatasetUnavailable.combined(dataset, missing)
    return paths


def _stat_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


# --------------------------------------------------------------------------- archives


def extract_archive(archive: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Safely extract a tar archive (``.tar``, ``.tgz``, ``.tar.gz``) into ``dest``.

    Members that would escape ``dest`` (absolute paths, ``..``, links pointing outside) are
    refused by the tarfile ``"data"`` filter. Extraction happens in a temporary directory next
    to ``dest`` that is renamed into place at the end, so an interrupted extraction leaves no
    half-filled ``dest`` behind. If ``dest`` already exists it is returned unchanged.
    """
    archive, dest = Path(archive), Path(dest)
    if dest.is_dir():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        tmp.rename(dest)
    except (tarfile.TarError, OSError) as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise DatasetError(
            f"Could not extract {archive} safely ({type(err).__name__}: {err}). Nothing was "
            f"written to {dest}. If the archive is corrupt, delete it and fetch it again."
        ) from None
    return dest


# --------------------------------------------------------------------------- loaders


def _n_examples(x, what: str) -> int:
    """Number of examples in an array, or in every array of a tuple/list/dict (all equal)."""
    if isinstance(x, dict):
        parts = list(x.values())
    elif isinstance(x, (tuple, list)):
        parts = list(x)
    else:
        parts = [x]
    if not parts:
        raise ValueError(f"{what} is empty: give it at least one array.")
    lengths = set()
    for part in parts:
        if np.ndim(part) == 0:
            raise ValueError(f"{what} holds a scalar ({part!r}); every input needs one row per example.")
        lengths.add(len(part))
    if len(lengths) != 1:
        raise ValueError(f"The arrays in {what} have different numbers of examples: {sorted(lengths)}.")
    return lengths.pop()


def to_tf_dataset(x, y, batch_size: int = 32, shuffle: bool = False, seed: int = 42):
    """Wrap in-memory arrays in a batched ``tf.data.Dataset`` for ``model.fit``.

    ``x`` is an array, a tuple/list of arrays (a model with several inputs) or a dict of arrays
    keyed by input name, as Keras accepts; ``y`` an array (or a tuple/list/dict of arrays for
    several outputs). With ``shuffle=True`` the examples are reshuffled at every epoch
    (reproducibly, from ``seed``), as ``fit`` does with arrays. For small tables trained for many
    epochs this is several times faster than passing NumPy arrays to Keras 3, which prepares
    them afresh at every epoch.
    """
    import numbers

    import tensorflow as tf

    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, not {batch_size!r}.")
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"shuffle must be True or False, not {shuffle!r}.")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, not {type(seed).__name__} ({seed!r}).")
    n_x, n_y = _n_examples(x, "x"), _n_examples(y, "y")
    if n_x != n_y:
        raise ValueError(f"x and y must have the same number of examples ({n_x} vs {n_y}).")
    if n_x == 0:
        raise ValueError("x and y hold no examples: there is nothing to make batches of.")
    if isinstance(x, list):
        x = tuple(x)  # tf.data would stack a list into one tensor; Keras reads it as several inputs
    if isinstance(y, list):
        y = tuple(y)
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        ds = ds.shuffle(n_x, seed=int(seed), reshuffle_each_iteration=True)
    return ds.batch(int(batch_size)).prefetch(tf.data.AUTOTUNE)


#: The former name of :func:`to_tf_dataset` (kept so chapters executed before the rename still
#: run; new code uses ``to_tf_dataset``, whose name cannot be mistaken for a registry dataset).
to_dataset = to_tf_dataset


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file (the MNIST format, optionally gzipped) into a NumPy array of uint8."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DatasetError(f"{path} is not an unsigned-byte IDX file (bad magic number).")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    if len(raw) - offset != int(np.prod(dims)):
        raise DatasetError(f"{path} is truncated: expected {dims} values after the header.")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(dims)


def load_mnist(kind: str = "mnist"):
    """Load MNIST (``kind="mnist"``) or Fashion-MNIST (``kind="fashion"``) from the IDX files.

    Returns ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape (n, 28, 28) with
    values 0–255 and uint8 labels 0–9, like ``keras.datasets.mnist.load_data()``.
    """
    names = {"mnist": "mnist", "fashion": "fashion-mnist", "fashion-mnist": "fashion-mnist"}
    if kind not in names:
        raise DatasetError(f"kind must be 'mnist' or 'fashion', not {kind!r}.")
    dataset = names[kind]

    names = [f"{prefix}-{part}-idx{dims}-ubyte.gz"
             for prefix in ("train", "t10k") for part, dims in (("images", 3), ("labels", 1))]
    x_train, y_train, x_test, y_test = (read_idx(p) for p in fetch_many(dataset, names))
    for x, y, n in ((x_train, y_train, 60_000), (x_test, y_test, 10_000)):
        if x.shape != (n, 28, 28) or y.shape != (n,) or y.max() > 9:
            raise DatasetError(
                f"The {dataset} files do not hold {n:,} 28x28 images with labels 0-9 "
                f"(images {x.shape}, labels {y.shape}); the cached or mirrored copy is wrong."
            )
    return (x_train, y_train), (x_test, y_test)


FASHION_CLASSES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]


def load_housing():
    """Load the HOML 2nd-edition California housing table (``housing.csv`` in ``housing.tgz``).

    Returns a pandas DataFrame of 20,640 rows and 10 columns, read straight from the archive.
    """
    import pandas as pd

    path = fetch("housing", "housing.tgz")
    with tarfile.open(path) as tar:
        member = tar.extractfile("housing.csv")
        if member is None:
            raise DatasetError(f"{path} has no housing.csv inside.")
        return pd.read_csv(member)


CALIFORNIA_FEATURES = [
    "MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude",
    "Longitude",
]


def load_california(as_frame: bool = True):
    """Load California housing in scikit-learn's form (as ``fetch_california_housing``).

    Returns ``(X, y)``: 8 numeric features per district and the median house value in units
    of $100,000. With ``as_frame=True`` (default) X is a DataFrame and y a Series named
    ``MedHouseVal``; otherwise both are NumPy arrays.
    """
    path = fetch("california", "cal_housing.tgz")
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as tar:
            raw = np.loadtxt(tar.extractfile("CaliforniaHousing/cal_housing.data"), delimiter=",")
    else:  # the mirror keeps the extracted data file
        raw = np.loadtxt(path, delimiter=",")
    # raw columns: longitude, latitude, age, rooms, bedrooms, population, households, income, value
    if raw.shape != (20640, 9):
        raise DatasetError(f"{path} should hold 20,640 rows of 9 numbers, not {raw.shape}.")
    if not (0.14 < raw[:, 8].min() / 100_000 and raw[:, 8].max() / 100_000 < 5.01
            and -125 < raw[:, 0].min() and raw[:, 0].max() < -114):
        raise DatasetError(
            f"{path} has values outside the ranges of the California housing data (house "
            f"values $14,999-$500,001, longitudes -124.4 to -114.3): it is not the right file."
        )
    lon, lat, age, rooms, bedrooms, pop, households, income, value = raw.T
    X = np.column_stack(
        [income, age, rooms / households, bedrooms / households, pop, pop / households, lat, lon]
    )
    y = value / 100_000.0
    if not as_frame:
        return X, y
    import pandas as pd

    return pd.DataFrame(X, columns=CALIFORNIA_FEATURES), pd.Series(y, name="MedHouseVal")


def load_olivetti():
    """Load the Olivetti faces as ``fetch_olivetti_faces`` does (without shuffling).

    Returns ``(images, target)``: float32 images of shape (400, 64, 64) scaled to [0, 1], and
    the person id 0–39 of each image (10 consecutive images per person).
    """
    from scipy.io import loadmat

    path = fetch("olivetti", "olivettifaces.mat")
    faces = np.float32(loadmat(path)["faces"].T)
    if faces.shape != (400, 4096) or np.ptp(faces) == 0:
        raise DatasetError(f"{path} should hold 400 images of 64x64 pixels, not {faces.shape}.")
    faces -= faces.min()
    faces /= faces.max()
    images = faces.reshape((400, 64, 64)).transpose(0, 2, 1)
    return images, np.repeat(np.arange(40), 10)


BOSTON_COLUMNS = [
    "CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B",
    "LSTAT", "MEDV",
]


def load_boston(keep_b: bool = False):
    """Load the Boston housing data (UCI layout: 506 tracts, 13 features, MEDV in $1000s).

    Returns ``(X, y)``: a DataFrame of the features and a Series ``MEDV``. The ``B`` column is
    dropped unless ``keep_b=True``: it is a transform of the proportion of Black residents per
    tract, built into the data on the assumption that it affects house prices, and has no place
    among a model's inputs (this is why scikit-learn removed its copy of the data set).
    """
    import pandas as pd

    path = fetch("boston", "housing.data")
    raw = np.loadtxt(path)
    if raw.shape != (506, 14):
        raise DatasetError(f"{path} should hold 506 rows of 14 numbers, not {raw.shape}.")
    frame = pd.DataFrame(raw, columns=BOSTON_COLUMNS)
    for column in ("CHAS", "RAD"):
        frame[column] = frame[column].astype(int)
    y = frame.pop("MEDV")
    if not keep_b:
        frame = frame.drop(columns="B")
    return frame, y


def load_phishing():
    """Load the UCI phishing-websites data (11,055 websites, 30 features in {-1, 0, 1}).

    Returns ``(X, y)``: a DataFrame of int8 features named as in the ARFF header, and a Series
    ``phishing`` that is 1 for a phishing website (``Result == -1`` in the file) and 0 for a
    legitimate one, so that the positive class is the one we want to detect.
    """
    import pandas as pd

    path = fetch("phishing", "Training Dataset.arff")
    names, rows, in_data = [], [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("%"):
                continue
            if in_data:
                rows.append([int(v) for v in line.split(",")])
            elif line.lower().startswith("@attribute"):
                names.append(line.split()[1])
            elif line.lower().startswith("@data"):
                in_data = True
    values = np.array(rows, dtype=np.int8)
    if values.ndim != 2 or values.shape[1] != len(names) or names[-1] != "Result":
        raise DatasetError(f"{path} is not the phishing ARFF file (unexpected layout).")
    frame = pd.DataFrame(values, columns=names)
    result = frame.pop("Result")
    return frame, (result == -1).astype(int).rename("phishing")
