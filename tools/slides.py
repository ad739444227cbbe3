"""Lecture slides (reveal.js) from the chapters: figures and key equations, not code.

    python tools/slides.py                  # every chapter -> _build/slides/NN_name.slides.html
    python tools/slides.py notebooks/16_convnets.ipynb
    python tools/slides.py --mark           # write the chosen slide types into the notebooks

The notebook stays the single source. A cell is on a slide if its metadata says so
(``slideshow.slide_type``: ``slide``, ``subslide`` or ``fragment``; ``skip`` leaves it out,
Jupyter's own slideshow metadata, editable in JupyterLab's property inspector). Cells without
that metadata follow the course's rules: the title cell (title and learning objectives), one
slide per section (its heading and first paragraph), every figure (the picture alone, no code),
every paragraph with a displayed equation, and the summary. ``--mark`` writes what the rules
chose into the notebooks, for an author who wants to adjust it (metadata only: the committed
outputs stay valid). The MyST of the book (glued numbers, references, exercises) is rewritten as
in the Colab edition.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from colab_edition import Converter  # noqa: E402
from directives import directives  # noqa: E402
from nbtools import ROOT, read, toc_notebooks  # noqa: E402

OUT = ROOT / "_build" / "slides"
SKIPPED_SECTIONS = ("## Exercises", "## References")
IMAGE = ("image/png", "image/jpeg", "image/svg+xml")


def rule(cell, index: int) -> str:
    """The slide type the course's rules give a cell that has none in its metadata."""
    if index == 0:
        return "slide"
    if cell.cell_type == "markdown":
        text = cell.source.lstrip()
        if text.startswith("## ") and not text.startswith(SKIPPED_SECTIONS):
            return "slide"
        if "$$" in text or "\\begin{" in text:
            return "subslide"
        return "skip"
    if cell.cell_type == "code" and cell.metadata.get("mystnb", {}).get("figure"):
        return "subslide"                                        # the picture, then its caption
    return "skip"


def slide_type(cell, index: int) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type") or rule(cell, index)


def _first_paragraphs(text: str, n: int) -> str:
    return "\n\n".join(text.strip().split("\n\n")[:n])


def _display_math(text: str) -> str:
    """The displayed equations of a paragraph, without the prose around them."""
    found = re.findall(r"(\$\$.*?\$\$|\\begin\{(\w+\*?)\}.*?\\end\{\2\})", text, re.S)
    return "\n\n".join(block for block, _ in found) or text


def deck(nb, stem: str):
    """The notebook reduced to its slides, MyST rewritten, ready for nbconvert's SlidesExporter."""
    convert = Converter(nb, stem)
    cells = []
    for index, cell in enumerate(nb.cells):
        kind = slide_type(cell, index)
        if kind == "skip" or cell.cell_type == "raw":
            continue
        cell = copy.deepcopy(cell)
        cell.metadata["slideshow"] = {"slide_type": kind}
        if cell.cell_type == "markdown":
            text = cell.source
            authored = "slideshow" in nb.cells[index].metadata   # an author's choice: whole cell
            if index == 0:                                       # title and objectives
                title = text.splitlines()[0]
                objectives = re.search(r"\*\*Learning objectives\*\*.*?(?=\n\n\*\*|\Z)", text, re.S)
                text = title + "\n\n" + (objectives.group(0) if objectives else "")
            elif authored or text.lstrip().startswith("## Summary"):
                pass
            elif text.lstrip().startswith("## "):
                text = _first_paragraphs(text, 2)
            else:
                text = _display_math(text)
            cell.source = convert.markdown(_without_directives(text))
            cells.append(cell)
            continue
        cell.outputs = [o for o in cell.get("outputs", []) if set(o.get("data", {})) & set(IMAGE)]
        cell.execution_count = None
        cells.append(cell)
        figure = cell.metadata.get("mystnb", {}).get("figure")
        if figure:                                               # its caption, under the picture
            number = convert.numbers.get(figure.get("name"), "Figure")
            caption = nbformat.v4.new_markdown_cell(
                f"*{number}.* {convert.inline(figure.get('caption', ''))}")
            caption.metadata["slideshow"] = {"slide_type": "-"}
            cells.append(caption)
    out = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(nb.metadata))
    return out


def _without_directives(text: str) -> str:
    """Drop exercise and solution blocks (a slide never shows them), found as the book finds them."""
    lines = text.splitlines(keepends=True)
    for d in reversed(directives(text)):
        if d.name in ("exercise", "solution", "solution-start", "solution-end"):
            del lines[d.start:d.end]
    return "".join(lines)


def build(path: Path) -> Path:
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(exclude_input=True, exclude_input_prompt=True,
                              exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(deck(read(path), path.stem))
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def mark(path: Path) -> int:
    nb = read(path)
    changed = 0
    for index, cell in enumerate(nb.cells):
        if "slideshow" not in cell.metadata:
            cell.metadata["slideshow"] = {"slide_type": rule(cell, index)}
            changed += 1
    if changed:
        nbformat.write(nb, str(path))
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter")
    parser.add_argument("--mark", action="store_true", help="write the slide types into the notebooks")
    args = parser.parse_args(argv)
    paths = args.notebooks or [p for p in toc_notebooks() if p.is_file()]
    for path in paths:
        if args.mark:
            print(f"{path.name}: {mark(path)} cells marked")
        else:
            print(f"{build(path).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
