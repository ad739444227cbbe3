"""Run the chapters on Colab's package versions: the constraints, the environment, the test.

    python tools/colab_env.py constraints [--download]  # refresh colab/constraints.txt
    python tools/colab_env.py venv                      # build .venv-colab at Colab's versions
    python tools/colab_env.py test [NN ...]             # every chapter's Colab edition, FAST

``make test-colab`` runs ``venv`` and ``test``.

**Constraints.** ``colab/constraints.txt`` holds ``name==version`` for every package of Colab's
published runtime list (the ``googlecolab/backend-info`` repository's ``pip-freeze.txt``). The
``constraints`` command rewrites it from ``../shared/colab/pip-freeze.txt`` (the copy beside the
repository) or, with ``--download``, from the repository itself.

**Environment.** ``.venv-colab`` is a virtual environment on Python 3.13 (Colab's Python; the
newest Python on the machine if it has no 3.13, and the command says which). Into it go, at
Colab's versions, the packages the chapters import that Colab ships (:data:`COLAB_PACKAGES`);
then the helper package is installed the way a chapter's setup cell installs it in Colab (a
plain ``pip install "dlcourse[extras]"``, here from this checkout instead of the release tag, with
every extra that some chapter asks for). The command then lists each package whose version
differs from Colab's (an extra may need another version: ``vision`` asks for OpenCV 4).

**Test.** Builds the Colab editions (``tools/colab_edition.py``) and runs every chapter's
self-study edition in FAST mode in a fresh kernel of ``.venv-colab``, in a scratch folder (as in
Colab's ``/content``), two chapters at a time. Data come through the course's loader (from
``DLCOURSE_MIRROR`` where it is set); a file a chapter downloads from the course repository
itself is served from this checkout (:data:`REPOSITORY_FILES`). A failed chapter's partly executed notebook is kept
in ``_build/colab-test/failed/``; times and results go to ``_build/colab-test/report.csv``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute import VERSIONS  # noqa: E402  (the versions a reference run records)
from nbtools import ONE_THREAD_ENV, ROOT, toc_notebooks  # noqa: E402

CONSTRAINTS = ROOT / "colab" / "constraints.txt"
SHARED_FREEZE = ROOT.parent / "shared" / "colab" / "pip-freeze.txt"
FREEZE_URL = "https://raw.githubusercontent.com/googlecolab/backend-info/main/pip-freeze.txt"
VENV = ROOT / ".venv-colab"
KERNEL = "dlcourse-colab"
OUT = ROOT / "_build" / "colab-test"
EDITION = ROOT / "_build" / "colab" / "self-study"

#: What the chapters import that Colab ships (their versions come from the constraints), plus
#: ipykernel to run them. keras-tuner and ai-edge-litert are not in Colab: the helper package's
#: extras bring them, as in Colab.
COLAB_PACKAGES = [
    "numpy", "scipy", "pandas", "matplotlib", "scikit-learn", "joblib", "threadpoolctl",
    "tensorflow", "keras", "tensorboard", "gymnasium", "nltk", "fastapi", "uvicorn",
    "opencv-python-headless", "pooch", "requests", "tqdm", "pytest", "ipykernel", "ipywidgets",
]
EXTRAS = "tuner,rl,litert,vision"
#: Colab's Python and the date of its package list (googlecolab/backend-info, 2026-08-19).
COLAB_PYTHON = "3.13"
COLAB_RUNTIME = "August 2026"
#: Files a chapter downloads from the course repository itself, with pooch (chapter 31's table
#: of results). The test has no internet, so they are put in pooch's cache from this checkout,
#: which is what a Colab runtime would download.
REPOSITORY_FILES = {
    "https://raw.githubusercontent.com/dl-tf-keras-course/course/main/book/results.csv":
        ROOT / "book" / "results.csv",
}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_freeze(text: str) -> dict[str, str]:
    """``{normalised name: version}`` for the ``name==version`` lines of a pip freeze."""
    pins = {}
    for line in text.splitlines():
        match = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*", line)
        if match:
            pins[_normalise(match[1])] = match[2]
    return pins


def write_constraints(download: bool = False) -> Path:
    if download:
        with urllib.request.urlopen(FREEZE_URL, timeout=30) as response:
            text, source = response.read().decode(), FREEZE_URL
    else:
        if not SHARED_FREEZE.is_file():
            raise SystemExit(f"no copy of Colab's package list at {SHARED_FREEZE}: "
                             "run with --download where the internet is reachable")
        text, source = SHARED_FREEZE.read_text(), "../shared/colab/pip-freeze.txt"
    pins = parse_freeze(text)
    missing = [p for p in COLAB_PACKAGES if _normalise(p) not in pins]
    if missing:
        raise SystemExit(f"Colab's list has no {', '.join(missing)}: update COLAB_PACKAGES")
    CONSTRAINTS.parent.mkdir(exist_ok=True)
    header = (f"# Colab's runtime package versions, from {source}\n"
              f"# (googlecolab/backend-info). Regenerate: python tools/colab_env.py constraints\n")
    CONSTRAINTS.write_text(header + "".join(f"{n}=={v}\n" for n, v in sorted(pins.items())))
    return CONSTRAINTS


def colab_pins() -> dict[str, str]:
    if not CONSTRAINTS.is_file():
        raise SystemExit(f"{CONSTRAINTS.relative_to(ROOT)} is missing: python tools/colab_env.py constraints")
    return parse_freeze(CONSTRAINTS.read_text())


def find_python() -> tuple[str, str]:
    """(path, version) of Python 3.13, or of the newest Python 3 found if there is no 3.13."""
    candidates = [shutil.which(f"python3.{minor}") for minor in range(20, 10, -1)]
    candidates += sorted(map(str, Path.home().glob(".pyenv/versions/3.*/bin/python3")), reverse=True)
    found = {}
    for exe in filter(None, candidates):
        try:
            out = subprocess.run([exe, "-c", "import sys, venv; print(*sys.version_info[:3])"],
                                 capture_output=True, text=True, timeout=30)
        except OSError:
            continue
        if out.returncode == 0:
            found.setdefault(tuple(map(int, out.stdout.split())), exe)
    if not found:
        raise SystemExit("no Python 3 with the venv module found")
    colab = [v for v in found if v[:2] == (3, 13)]
    best = max(colab or found)
    return found[best], ".".join(map(str, best))


def _pip(*args: str) -> None:
    result = subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "--disable-pip-version-check",
                             *args], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"pip {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


def build_venv() -> None:
    python, version = find_python()
    note = "" if version.startswith("3.13.") else " (no Python 3.13 on this machine: the newest instead)"
    print(f"Colab environment: Python {version} from {python}{note}", flush=True)
    pins = colab_pins()
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    _pip("install", "-q", "-c", str(CONSTRAINTS), *COLAB_PACKAGES)
    # As a chapter's setup cell does in Colab: a plain install of the helpers with extras.
    _pip("install", "-q", f"dlcourse[{EXTRAS}] @ {ROOT.as_uri()}")
    subprocess.run([str(VENV / "bin" / "python"), "-m", "ipykernel", "install", "--prefix",
                    str(VENV), "--name", KERNEL, "--display-name", "Python 3 (Colab versions)"],
                   check=True, capture_output=True)
    installed = parse_freeze(subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "freeze"],
                                            capture_output=True, text=True, check=True).stdout)
    differ = {n: (pins.get(n), v) for n, v in installed.items() if pins.get(n) not in (None, v)}
    extra = sorted(n for n in installed if n not in pins and n != "dlcourse")
    print("versions that differ from Colab's:",
          ", ".join(f"{n} {c} -> {v}" for n, (c, v) in sorted(differ.items())) or "none")
    print("not in Colab, added by the extras:", ", ".join(extra) or "none")
    (VENV / "colab-python.txt").write_text(f"{version}\n")


def _serve_repository_files(cache: Path) -> None:
    """Put REPOSITORY_FILES where ``pooch.retrieve(url, known_hash=None)`` finds them."""
    from pooch.utils import unique_file_name

    (cache / "pooch").mkdir(parents=True, exist_ok=True)
    for url, path in REPOSITORY_FILES.items():
        shutil.copy(path, cache / "pooch" / unique_file_name(url))
    os.environ["XDG_CACHE_HOME"] = str(cache)   # pooch.os_cache("pooch") lives under it


def _run_chapter(path: Path) -> dict:
    """Run one chapter's Colab edition, FAST, in a fresh kernel of the Colab environment."""
    import papermill as pm

    started = time.perf_counter()
    row = {"chapter": path.stem, "status": "passed", "seconds": 0.0, "error": ""}
    with tempfile.TemporaryDirectory(prefix="colab-content-") as content:
        out = Path(content) / path.name
        try:
            pm.execute_notebook(str(path), str(out), parameters={"FAST": True}, cwd=content,
                                kernel_name=KERNEL, progress_bar=False, log_output=False)
        except Exception as error:  # noqa: BLE001  (any failure of the chapter is reported)
            row["status"] = "failed"
            row["error"] = str(error).strip().splitlines()[-1][:300] if str(error).strip() else type(error).__name__
            if out.is_file():
                (OUT / "failed").mkdir(parents=True, exist_ok=True)
                shutil.copy(out, OUT / "failed" / path.name)
    row["seconds"] = round(time.perf_counter() - started, 1)
    return row


def test(chapters: list[str], workers: int = 2) -> int:
    if not (VENV / "bin" / "python").is_file():
        raise SystemExit("no Colab environment: python tools/colab_env.py venv (or make test-colab)")
    sources = [p for p in toc_notebooks() if not chapters or p.name[:2] in chapters]
    if not sources:
        raise SystemExit(f"no chapter matches {chapters}")
    subprocess.run([sys.executable, str(ROOT / "tools" / "colab_edition.py"), *map(str, sources)],
                   check=True, stdout=subprocess.DEVNULL)
    paths = [EDITION / p.name for p in sources]
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(VENV / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")]))
    os.environ["DLCOURSE_FAST"] = "1"
    _serve_repository_files(OUT / "cache")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's debugger note on 3.13
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("MPLBACKEND", "Agg")
    if workers > 1:  # as in `make test` (conftest.py): one thread per kernel, no oversubscription
        for var in ONE_THREAD_ENV:
            os.environ.setdefault(var, "1")
    versions = subprocess.run(
        [str(VENV / "bin" / "python"), "-c",
         "import sys; from importlib.metadata import version as v; "
         f"print('Python ' + sys.version.split()[0], *[n + ' ' + v(n) for n in {VERSIONS!r}], sep=', ')"],
        capture_output=True, text=True, check=True).stdout.strip()
    print(f"Colab versions: {versions}", flush=True)
    started = time.perf_counter()
    rows = []
    with ProcessPoolExecutor(max_workers=workers) as pool:  # papermill's cwd is per process
        for row in pool.map(_run_chapter, paths):
            rows.append(row)
            print(f"  {row['chapter']:<40s} {row['status']:<7s} {row['seconds']:6.1f} s"
                  + (f"  {row['error']}" if row["error"] else ""), flush=True)
    wall = time.perf_counter() - started
    with open(OUT / "report.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    failed = [r["chapter"] for r in rows if r["status"] != "passed"]
    print(f"{len(rows) - len(failed)} of {len(rows)} chapters passed on Colab's versions "
          f"in {wall:.0f} s wall ({versions})")
    if failed:
        print(f"failed: {', '.join(failed)} (partly executed notebooks in {OUT / 'failed'})")
    return 1 if failed else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("constraints", help="refresh colab/constraints.txt")
    c.add_argument("--download", action="store_true", help="from GitHub instead of ../shared")
    sub.add_parser("venv", help="build .venv-colab at Colab's versions")
    t = sub.add_parser("test", help="run the chapters' Colab editions in FAST mode")
    t.add_argument("chapters", nargs="*", help="chapter numbers, e.g. 12 27 (default: all)")
    t.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.command == "constraints":
        print(write_constraints(args.download).relative_to(ROOT))
        return 0
    if args.command == "venv":
        build_venv()
        return 0
    return test(args.chapters, args.workers)


if __name__ == "__main__":
    sys.exit(main())
