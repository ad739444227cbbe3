"""Write a student edition of the notebooks: exercise solutions and outputs removed.

    python tools/student_edition.py [--output _build/student]

Every solution (a ``{solution}`` markdown cell, or the cells from ``{solution-start}`` to
``{solution-end}``) is replaced by one markdown cell saying "Your solution here", and all
outputs are cleared, so students run the notebooks themselves. The helper package is copied
beside the notebooks so they run from the output folder.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import NOTEBOOKS, ROOT, toc_notebooks  # noqa: E402

SOLUTION = re.compile(r"```\{solution\}")
START = re.compile(r"```\{solution-start\}")
END = re.compile(r"```\{solution-end\}")


def strip_solutions(nb) -> int:
    """Remove solutions from a notebook in place; return how many were removed."""
    cells, removed, inside = [], 0, False
    placeholder = "*Your solution here.*"
    for cell in nb.cells:
        src = cell.source if cell.cell_type == "markdown" else ""
        if inside:
            if END.search(src):
                inside = False
                rest = re.sub(r"```\{solution-end\}\s*```", "", src).strip()
                if rest:
                    cells.append(nbformat.v4.new_markdown_cell(rest))
            continue
        if START.search(src):
            inside, removed = True, removed + 1
            cells.append(nbformat.v4.new_markdown_cell(placeholder))
            continue
        if SOLUTION.search(src):
            removed += 1
            src = re.sub(r"```\{solution\}.*?\n```", placeholder, src, flags=re.S)
            cell.source = src
        cells.append(cell)
    nb.cells = cells
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return removed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "_build" / "student")
    args = parser.parse_args(argv)
    out = args.output
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(NOTEBOOKS / "dlcourse", out / "dlcourse", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for path in toc_notebooks():
        nb = nbformat.read(str(path), as_version=4)
        n = strip_solutions(nb)
        nbformat.write(nb, str(out / path.name))
        print(f"{path.name}: {n} solution(s) removed")
    print(f"Student edition written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
