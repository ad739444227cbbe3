"""Graded labs with otter-grader: build the student and autograder versions, grade submissions.

    python tools/labs.py build [NN ...]           # every lab (or these) into _build/labs/NN/
    python tools/labs.py grade NN FILE.ipynb ...  # score submissions; CSV on stdout and in
                                                  # _build/labs/NN/grades.csv

A lab's source is ``labs/NN_lab.ipynb``: an otter-assign notebook with questions, solutions and
public and hidden tests. ``build`` runs ``otter assign``, which checks that the solutions pass
every test, and writes ``student/NN_lab.ipynb`` (to hand out: solutions replaced by ``...``,
public checks inside) and ``autograder/`` (the solution notebook and the autograder zip with
the hidden tests). ``grade`` runs each submission with ``otter run`` in this environment (no
Docker), one fresh kernel per submission.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABS = ROOT / "labs"
OUT = ROOT / "_build" / "labs"


def _otter() -> str:
    exe = Path(sys.executable).with_name("otter")
    if not exe.exists():
        raise SystemExit("otter-grader is not installed in this environment (it is in requirements.txt: run make)")
    return str(exe)


def labs() -> dict[str, Path]:
    """``{"04": labs/04_lab.ipynb, ...}``"""
    return {p.name[:2]: p for p in sorted(LABS.glob("[0-9][0-9]_lab.ipynb"))}


def build(number: str) -> Path:
    """Run otter assign on one lab; return its output folder."""
    source = labs()[number]
    out = OUT / number
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([_otter(), "assign", "--no-pdfs", str(source), str(out)],
                            capture_output=True, text=True)
    if result.returncode != 0 or "Test case failed" in result.stdout:
        raise RuntimeError(f"otter assign failed on {source.name}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return out


def questions(number: str) -> dict[str, float]:
    """``{question name: points}`` from the lab's ``# BEGIN QUESTION`` cells."""
    import nbformat
    import yaml

    found = {}
    for cell in nbformat.read(labs()[number], as_version=4).cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(cell.source.split("\n", 1)[1]) or {}
            found[config["name"]] = float(config.get("points", 1))
    return found


def autograder(number: str) -> Path:
    zips = sorted((OUT / number / "autograder").glob("*-autograder_*.zip"))
    if not zips:
        raise SystemExit(f"lab {number} is not built: python tools/labs.py build {number}")
    return zips[-1]


def grade(number: str, submission: Path) -> dict[str, tuple[float, float]]:
    """``{question: (score, max_score)}`` for one submitted notebook."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [_otter(), "run", "--no-logo", "-a", str(autograder(number)), "-o", tmp, str(submission)],
            capture_output=True, text=True,
        )
        results = Path(tmp) / "results.json"
        if not results.is_file():
            raise RuntimeError(f"otter run produced no results for {submission}:\n{result.stderr[-3000:]}")
        tests = json.loads(results.read_text())["tests"]
    return {t["name"]: (float(t["score"]), float(t["max_score"])) for t in tests if "max_score" in t}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build student and autograder versions")
    b.add_argument("labs", nargs="*", help="lab numbers, e.g. 04 (default: all)")
    g = sub.add_parser("grade", help="grade submitted notebooks")
    g.add_argument("lab", help="lab number, e.g. 04")
    g.add_argument("submissions", nargs="+", type=Path)
    args = parser.parse_args(argv)
    available = labs()
    wanted = args.labs if args.command == "build" else [args.lab]
    unknown = [n for n in wanted if n not in available]
    if unknown:
        parser.error(f"no lab {unknown}; labs: {', '.join(available) or 'none'}")
    if args.command == "build":
        for number in wanted or list(available):
            out = build(number)
            print(f"lab {number}: {out.relative_to(ROOT)}/student (hand out), "
                  f"{autograder(number).relative_to(ROOT)} (keep)")
        return 0
    rows = []
    for submission in args.submissions:
        scores = grade(args.lab, submission)
        total = sum(s for s, _ in scores.values()), sum(m for _, m in scores.values())
        rows.append({"submission": submission.name, **{q: s for q, (s, _) in scores.items()},
                     "total": total[0], "max": total[1]})
    fields = list(dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    (OUT / args.lab).mkdir(parents=True, exist_ok=True)
    (OUT / args.lab / "grades.csv").write_text(buffer.getvalue())
    print(buffer.getvalue(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
