"""Text data sets: the Large Movie Review Dataset (IMDB) as raw review strings, and the
Tatoeba English–French sentence pairs (:func:`load_fra_eng`).

:func:`load_imdb` reads the 50,000 labelled reviews straight out of ``aclImdb_v1.tar.gz`` in one
pass (no extraction to disk), in a fixed order, and checks that nothing is missing. It accepts
both the canonical archive (which also holds 50,000 unlabelled reviews under ``train/unsup``,
skipped here) and the course mirror's repack without them.
"""

from __future__ import annotations

import os
import re
import tarfile
from pathlib import Path

import numpy as np

from .data import DatasetError, fetch

__all__ = ["load_imdb", "load_fra_eng", "IMDB_SPLIT_SIZE"]

IMDB_SPLIT_SIZE = 25_000  # labelled reviews in each of train/ and test/, half of them positive

# aclImdb/<split>/<pos|neg>/<id>_<rating>.txt ; the leading "aclImdb/" may be absent or "./"
_MEMBER = re.compile(r"^(?:\./)?(?:aclImdb/)?(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def load_imdb(
    archive: str | os.PathLike | None = None,
    *,
    strip_html: bool = True,
    expected_size: int | None = IMDB_SPLIT_SIZE,
):
    """Load the labelled IMDB reviews as Python strings.

    Parameters
    ----------
    archive:
        Path of ``aclImdb_v1.tar.gz`` (or a tar with the same layout). By default the verified
        copy from ``dlcourse.data.fetch("imdb", "aclImdb_v1.tar.gz")``.
    strip_html:
        Replace the ``<br />`` line breaks that the reviews contain by a space (default).
    expected_size:
        Number of reviews each split must hold (25,000); ``None`` skips the count check.
        Either way each split must contain as many positive as negative reviews.

    Returns
    -------
    ``(train_texts, train_labels), (test_texts, test_labels)``: lists of ``str`` and ``int8``
    arrays with 1 for a positive review and 0 for a negative one. Within a split the negative
    reviews come first, then the positive ones, each sorted by their numeric file id, so the
    order does not depend on how the archive was packed. Shuffle before training.
    """
    if not isinstance(strip_html, bool):
        raise TypeError(f"strip_html must be True or False, not {strip_html!r}.")
    if expected_size is not None and (
        isinstance(expected_size, bool) or not isinstance(expected_size, int) or expected_size < 2
    ):
        raise ValueError(f"expected_size must be an even integer ≥ 2 or None, not {expected_size!r}.")
    if expected_size is not None and expected_size % 2:
        raise ValueError(f"expected_size must be even (half positive, half negative), not {expected_size}.")
    if archive is None:
        archive = fetch("imdb", "aclImdb_v1.tar.gz")
    elif not isinstance(archive, (str, os.PathLike)):
        raise TypeError(f"archive must be a path, not {type(archive).__name__}.")
    archive = Path(archive)
    if not archive.is_file():
        raise DatasetError(f"{archive} does not exist or is not a file.")

    found: dict[str, list[tuple[int, int, str]]] = {"train": [], "test": []}
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:  # one sequential pass over the (compressed) archive
                match = _MEMBER.match(member.name)
                if match is None or not member.isfile():
                    continue  # README, vocabulary files, train/unsup/, folders
                split, polarity, file_id, _rating = match.groups()
                raw = tar.extractfile(member).read()
                text = raw.decode("utf-8", errors="replace")
                if strip_html:
                    text = _BREAK.sub(" ", text)
                found[split].append((int(polarity == "pos"), int(file_id), text))
    except (tarfile.TarError, OSError, EOFError) as err:
        raise DatasetError(
            f"Could not read {archive} as a tar archive ({type(err).__name__}: {err}). If it is "
            f"corrupt, delete it and fetch it again."
        ) from None

    result = []
    for split in ("train", "test"):
        items = sorted(found[split], key=lambda item: (item[0], item[1]))
        labels = np.array([label for label, _, _ in items], dtype=np.int8)
        n_pos = int(labels.sum())
        n_neg = len(labels) - n_pos
        if expected_size is not None and len(items) != expected_size:
            raise DatasetError(
                f"{archive}: {split}/ holds {len(items):,} labelled reviews "
                f"({n_pos:,} positive, {n_neg:,} negative), expected {expected_size:,}. The "
                f"archive is incomplete or not the IMDB archive; delete it and fetch it again."
            )
        if n_pos != n_neg or not items:
            raise DatasetError(
                f"{archive}: {split}/ holds {n_pos:,} positive and {n_neg:,} negative reviews; "
                f"the IMDB splits are balanced, so the archive is incomplete or corrupt."
            )
        result.append(([text for _, _, text in items], labels))
    return tuple(result)


# --------------------------------------------------------------------------- English–French pairs


def load_fra_eng(max_pairs: int | None = None, *, path: str | os.PathLike | None = None):
    """Load English–French sentence pairs from the Tatoeba/Anki ``fra.txt`` file.

    Parameters
    ----------
    max_pairs:
        Keep only the first ``max_pairs`` pairs (the file runs from the shortest sentences to
        the longest); ``None`` (default) keeps them all.
    path:
        Path of ``fra.txt`` (or of a zip archive holding it, as ``fra-eng.zip`` does). By default
        the verified copy from ``dlcourse.data.fetch("fra", "fra.txt")``.

    Returns
    -------
    A list of ``(english, french)`` string pairs, in file order. Each line holds the English
    sentence, a tab and the French one; a third column (the attribution in newer releases) is
    ignored. Lines without a tab are skipped, and so is a last line that does not end with a
    newline (the course's extract is cut in the middle of its last line).
    """
    if max_pairs is not None and (
        isinstance(max_pairs, bool) or not isinstance(max_pairs, int) or max_pairs < 1
    ):
        raise ValueError(f"max_pairs must be a positive integer or None, not {max_pairs!r}.")
    if path is None:
        path = fetch("fra", "fra.txt")
    elif not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a path, not {type(path).__name__}.")
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path} does not exist or is not a file.")

    import zipfile

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "fra.txt"]
                if not names:
                    raise DatasetError(f"{path} is a zip archive without a fra.txt inside.")
                raw = archive.read(names[0])
        else:
            raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DatasetError(f"{path} is not UTF-8 text ({err}); is it the fra.txt file?") from None
    except (zipfile.BadZipFile, OSError) as err:
        raise DatasetError(f"Could not read {path} ({type(err).__name__}: {err}).") from None

    lines = text.split("\n")
    lines.pop()  # "" after a final newline, or the truncated last line of an extract
    pairs = []
    for line in lines:
        fields = line.rstrip("\r").split("\t")
        if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
            continue
        pairs.append((fields[0].strip(), fields[1].strip()))
        if max_pairs is not None and len(pairs) == max_pairs:
            break
    if not pairs:
        raise DatasetError(
            f"{path} holds no 'English<TAB>French' lines; it is not the fra.txt sentence file."
        )
    return pairs
