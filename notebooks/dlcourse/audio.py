"""Audio data: reading WAV files and loading the Free Spoken Digit Dataset (FSDD).

:func:`load_fsdd` returns the 3,000 FSDD recordings as float waveforms with their labels; the
files come through :func:`dlcourse.data.fetch` (offline mirror, cache or download, always
checked against the hashes in the registry's manifest). Feature extraction (spectrograms, MFCCs)
is taught in the chapter itself and does not live here.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from . import data
from .data import DatasetError

__all__ = ["FSDD_RATE", "FSDD_SPEAKERS", "read_wav", "parse_fsdd_name", "load_fsdd"]

#: Sampling rate of every FSDD recording, in hertz.
FSDD_RATE = 8_000
#: The six speakers of FSDD (commit 26eb9aa), in alphabetical order.
FSDD_SPEAKERS = ["george", "jackson", "lucas", "nicolas", "theo", "yweweler"]
_DIGITS, _TAKES = 10, 50


def read_wav(path: str | os.PathLike) -> tuple[int, np.ndarray]:
    """Read a PCM WAV file as ``(rate, samples)``: mono float32 samples in [-1, 1].

    Integer samples are divided by their full scale (32,768 for 16-bit); 8-bit WAVs, which are
    unsigned, are centred first; several channels are averaged into one.
    """
    from scipy.io import wavfile

    path = Path(path)
    try:
        rate, samples = wavfile.read(path)
    except (ValueError, OSError) as err:
        raise DatasetError(f"Could not read {path} as a WAV file: {err}") from None
    if samples.dtype == np.uint8:
        samples = (samples.astype(np.float32) - 128.0) / 128.0
    elif np.issubdtype(samples.dtype, np.integer):
        samples = samples.astype(np.float32) / float(-np.iinfo(samples.dtype).min)
    else:
        samples = np.clip(samples.astype(np.float32), -1.0, 1.0)
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    return int(rate), samples


def parse_fsdd_name(filename: str) -> tuple[int, str, int]:
    """Split an FSDD file name ``<digit>_<speaker>_<index>.wav`` into ``(digit, speaker, index)``."""
    if not isinstance(filename, str):
        raise TypeError(f"filename must be a string, not {type(filename).__name__}.")
    stem, ext = os.path.splitext(os.path.basename(filename))
    parts = stem.split("_")
    if ext != ".wav" or len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        raise ValueError(f"{filename!r} is not an FSDD name like '7_theo_12.wav'.")
    return int(parts[0]), parts[1], int(parts[2])


def _fsdd_names() -> list[str]:
    """Every FSDD file name, from the manifest the registry points to."""
    ds = data.registry()["fsdd"]
    return list(data._manifest(ds["manifest"]))


def load_fsdd(max_workers: int = 8):
    """Load the Free Spoken Digit Dataset: 6 speakers × 10 digits × 50 takes at 8 kHz.

    Returns ``(waves, meta)``: a list of 3,000 one-dimensional float32 arrays in [-1, 1]
    (recordings differ in length) and a pandas DataFrame with one row per recording, in the same
    order, with columns ``digit`` (0–9), ``speaker``, ``index`` (the take, 0–49), ``file`` and
    ``length`` (in samples). Rows are sorted by speaker, digit and take. Files are fetched with
    ``max_workers`` threads (quick from a mirror or the cache; the first download takes a while).
    Raises :class:`~dlcourse.data.DatasetError` if the recordings are not the expected set.
    """
    import pandas as pd

    if not isinstance(max_workers, int) or isinstance(max_workers, bool) or max_workers < 1:
        raise ValueError(f"max_workers must be a positive integer, not {max_workers!r}.")
    names = _fsdd_names()
    meta = pd.DataFrame([parse_fsdd_name(n) for n in names], columns=["digit", "speaker", "index"])
    meta["file"] = names
    meta = meta.sort_values(["speaker", "digit", "index"], ignore_index=True)

    expected = len(FSDD_SPEAKERS) * _DIGITS * _TAKES
    counts = meta.groupby(["speaker", "digit"]).size()
    if (
        len(meta) != expected
        or sorted(meta["speaker"].unique()) != FSDD_SPEAKERS
        or sorted(meta["digit"].unique()) != list(range(_DIGITS))
        or (counts != _TAKES).any()
    ):
        raise DatasetError(
            f"The FSDD manifest lists {len(meta):,} recordings; expected {expected:,} "
            f"({len(FSDD_SPEAKERS)} speakers × {_DIGITS} digits × {_TAKES} takes). The manifest "
            f"does not match the dataset version the course uses."
        )

    def read(name):
        rate, samples = read_wav(data.fetch("fsdd", name, progressbar=False))
        if rate != FSDD_RATE:
            raise DatasetError(f"fsdd/{name} is sampled at {rate} Hz; expected {FSDD_RATE} Hz.")
        return samples

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        waves = list(pool.map(read, meta["file"]))
    meta["length"] = [len(w) for w in waves]
    if (meta["length"] == 0).any():
        raise DatasetError(f"Empty recordings: {', '.join(meta.loc[meta['length'] == 0, 'file'])}.")
    return waves, meta
