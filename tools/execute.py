"""Execute chapter notebooks with papermill and write their outputs in place.

    python tools/execute.py                         # every notebook in _toc.yml (full run)
    python tools/execute.py notebooks/16_convnets.ipynb
    python tools/execute.py NB --fast --output /tmp/out.ipynb   # a FAST run, elsewhere
    python tools/execute.py NB --seed 7 --output /tmp/out.ipynb # another random draw

A reference (full) run writes the outputs into the notebook itself and stamps its metadata with
a hash of its code cells and parameters, short hashes of the helper-package definitions and
dataset files it depends on (``nbtools.helper_hashes``), the run time and the library versions,
so the test suite can tell when committed outputs are stale and say why. The notebook runs in a fresh kernel from the
``notebooks/`` folder; the original file is only replaced if the run succeeds. If the run fails,
the partly executed notebook (outputs up to the failing cell, with its traceback) is kept in
``_build/failed/`` so the failing cell can be inspected.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import nbformat
import papermill as pm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import (  # noqa: E402
    NOTEBOOKS, ROOT, STAMP_KEY, code_hash, helper_hashes, read, toc_notebooks,
)

FAILED_DIR = ROOT / "_build" / "failed"

VERSIONS = ["tensorflow", "keras", "scikit-learn", "numpy", "pandas", "matplotlib"]


def _clean(nb) -> None:
    """Drop papermill's bookkeeping (absolute paths, per-cell timings) from the notebook."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def execute(path: Path, fast: bool = False, output: Path | None = None,
            seed: int | None = None) -> float:
    path = path.resolve()
    parameters = {"FAST": True} if fast else {}
    if seed is not None:
        parameters["SEED"] = seed
    env_backup = os.environ.pop("DLCOURSE_FAST", None)  # the parameter alone decides
    target = output.resolve() if output else path
    fd, tmp = tempfile.mkstemp(suffix=".ipynb")  # outside the repository until it succeeds
    os.close(fd)
    start = time.perf_counter()
    try:
        try:
            pm.execute_notebook(
                str(path), tmp, parameters=parameters, cwd=str(NOTEBOOKS),
                kernel_name="python3", progress_bar=False, log_output=False,
            )
        except Exception:
            if os.path.getsize(tmp):  # papermill wrote the cells run so far, and the error
                FAILED_DIR.mkdir(parents=True, exist_ok=True)
                shutil.copy(tmp, FAILED_DIR / path.name)
                print(f"  failed: the partly executed notebook is in {FAILED_DIR / path.name}",
                      file=sys.stderr)
            raise
        duration = time.perf_counter() - start
        nb = read(tmp)
        _clean(nb)
        nb.metadata[STAMP_KEY] = {
            "code_sha256": code_hash(nb, parameters),
            "helpers": helper_hashes(nb),
            "parameters": parameters,
            "duration_s": round(duration, 1),
            "executed": time.strftime("%Y-%m-%d"),
            "versions": {name: version(name) for name in VERSIONS},
            "cpu_count": os.cpu_count(),
        }
        nbformat.write(nb, tmp)
        shutil.move(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
        if env_backup is not None:
            os.environ["DLCOURSE_FAST"] = env_backup
    return duration


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: all in _toc.yml")
    parser.add_argument("--fast", action="store_true", help="run with FAST = True")
    parser.add_argument("--seed", type=int, help="run with SEED = this (chapters with a SEED parameter)")
    parser.add_argument("--output", type=Path, help="write here instead of in place (one notebook)")
    args = parser.parse_args(argv)
    paths = args.notebooks or toc_notebooks()
    if args.output and len(paths) != 1:
        parser.error("--output needs exactly one notebook")
    if args.seed is not None and not args.output:
        parser.error("--seed needs --output: the committed reference run uses SEED = 42")
    for path in paths:
        if not path.is_file():
            parser.error(f"no such notebook: {path}")
    for path in paths:
        print(f"executing {path.name} ({'FAST' if args.fast else 'full'}) ...", flush=True)
        seconds = execute(path, fast=args.fast, output=args.output, seed=args.seed)
        print(f"  done in {seconds:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
