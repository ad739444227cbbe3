"""Build an offline data mirror: every registry file, verified, plus a SHA256SUMS list.

    python tools/make_mirror.py /srv/dlcourse-data            # every dataset
    python tools/make_mirror.py /srv/dlcourse-data mnist imdb # only these

Each file is obtained with ``dlcourse.data.fetch`` (from an existing mirror, the cache, or its
public URL, always checked against the registry's sha256) and copied to the registry's
``mirror`` path under the target folder. Point ``DLCOURSE_MIRROR`` at the folder on machines
without internet access, or on a JupyterHub so that a class shares one read-only copy.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "notebooks"))
from dlcourse import data  # noqa: E402


def files(dataset: str) -> list[str]:
    entry = data.registry()[dataset]
    if "manifest" in entry:
        return sorted(data._manifest(entry["manifest"]))
    return list(entry["files"])


def build(target: Path, datasets: list[str]) -> int:
    target = target.resolve()
    if data.mirror_dir() is not None and data.mirror_dir().resolve() == target:
        raise SystemExit("The target is the mirror DLCOURSE_MIRROR already points at.")
    sums, count = {}, 0
    for dataset in datasets:
        for filename in files(dataset):
            entry = data._entry(dataset, filename)
            source = data.fetch(dataset, filename, progressbar=False)
            relative = entry.get("mirror", f"{dataset}/{filename}")
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            sums[relative] = hashlib.sha256(destination.read_bytes()).hexdigest()
            count += 1
    listing = target / "SHA256SUMS"
    old = {}
    if listing.is_file():  # keep the lines of datasets not rebuilt this time
        old = {line.split(maxsplit=1)[1].removeprefix("./"): line.split()[0]
               for line in listing.read_text().splitlines() if line.strip()}
    old.update(sums)
    listing.write_text("".join(f"{digest}  ./{path}\n" for path, digest in sorted(old.items())))
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="the mirror folder to fill")
    parser.add_argument("datasets", nargs="*", help="registry names (default: all)")
    args = parser.parse_args(argv)
    known = list(data.registry())
    unknown = [d for d in args.datasets if d not in known]
    if unknown:
        parser.error(f"unknown datasets {unknown}; known: {', '.join(known)}")
    count = build(args.target, args.datasets or known)
    print(f"{count} files verified and copied to {args.target}, listed in SHA256SUMS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
