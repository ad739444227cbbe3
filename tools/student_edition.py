"""Write a student edition of the notebooks: exercises kept, solutions and outputs removed.

    python tools/student_edition.py [--output _build/student]

Directives are found with the MyST parser (``directives.py``), so a solution is removed
exactly as far as the book renders it:

- a ``{solution}`` directive is replaced by "*Your solution here.*";
- everything from a ``{solution-start}`` directive to its ``{solution-end}`` (the rest of that
  markdown cell, the code and markdown cells in between, the end fence) is replaced by the same
  line and an empty code cell to work in; prose after ``{solution-end}`` in the same cell stays;
- exercise statements, headings and any other markdown in a cell that also holds a solution stay.

Code cells that only record numbers for the book (``glue`` calls) are dropped, all outputs and
execution counts are cleared, and the reference-run stamp is removed, so students run the
notebooks themselves. The helper package is copied beside the notebooks so they run from the
output folder.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directives import directives  # noqa: E402
from nbtools import NOTEBOOKS, ROOT, STAMP_KEY, toc_notebooks  # noqa: E402

PLACEHOLDER = "*Your solution here.*"
WORK_CELL = "# Your solution here\n"


class SolutionMarkupError(ValueError):
    """The solution directives of a notebook do not pair up (the book would not build either)."""


def is_glue_only(source: str) -> bool:
    """True for a code cell whose every statement is a ``glue(...)`` call."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: not a glue-only cell
        return False
    calls = [s.value for s in tree.body if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)]
    if not tree.body or len(calls) != len(tree.body):
        return False
    names = [c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", "")
             for c in calls]
    return all(name == "glue" for name in names)


def _markdown(text: str, like=None):
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    if like is not None:  # the first piece of a split cell keeps the cell's id and metadata
        cell.metadata = like.metadata
        if "id" in like:
            cell.id = like.id
    return cell


def strip_solutions(nb, name: str = "notebook") -> int:
    """Remove solutions, glue-only cells and outputs from ``nb`` in place; return how many
    solutions were removed. Raises :class:`SolutionMarkupError` on unpaired directives."""
    cells, removed, inside, start_label = [], 0, False, None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if not inside and not (cell.cell_type == "code" and is_glue_only(cell.source)):
                cells.append(cell)
            continue
        lines = cell.source.splitlines(keepends=True)
        pieces: list[str] = []   # markdown of the current output cell
        pos, first = 0, True
        for d in directives(cell.source):
            if inside:
                if d.name == "solution-end":
                    inside, pos = False, d.end
                elif d.name in ("exercise", "solution", "solution-start"):
                    raise SolutionMarkupError(
                        f"{name}: {{{d.name}}} inside the solution to {start_label} "
                        f"(missing {{solution-end}}?)")
                continue
            if d.name == "solution":
                pieces += [*lines[pos:d.start], PLACEHOLDER + "\n"]
                pos, removed = d.end, removed + 1
            elif d.name == "solution-start":
                pieces += [*lines[pos:d.start], PLACEHOLDER + "\n"]
                cells.append(_markdown("".join(pieces), cell if first else None))
                cells.append(nbformat.v4.new_code_cell(WORK_CELL))
                pieces, first, pos = [], False, d.end
                inside, start_label, removed = True, d.argument, removed + 1
            elif d.name == "solution-end":
                raise SolutionMarkupError(f"{name}: {{solution-end}} without {{solution-start}}")
        if not inside:
            pieces += lines[pos:]
        text = "".join(pieces)
        if text.strip():
            cells.append(_markdown(text, cell if first else None))
    if inside:
        raise SolutionMarkupError(f"{name}: the solution to {start_label} has no {{solution-end}}")
    nb.cells = cells
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop(STAMP_KEY, None)
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
        n = strip_solutions(nb, path.name)
        nbformat.validate(nb)
        nbformat.write(nb, str(out / path.name))
        print(f"{path.name}: {n} solution(s) removed")
    print(f"Student edition written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
