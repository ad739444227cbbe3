"""Write the Colab editions of the chapters: MyST markup turned into Markdown that Colab renders.

    python tools/colab_edition.py [--output _build/colab]

Colab (and plain Jupyter) does not render MyST. For every chapter this writes two notebooks:

- ``<output>/self-study/NN_name.ipynb``: exercises as "**Exercise NN.k**" blocks, each solution in
  a collapsed Colab form cell (``#@title … { display-mode: "form" }``: double-click to open it);
- ``<output>/student/NN_name.ipynb``: the same without solutions and outputs (the student
  edition of ``student_edition.py``, converted the same way).

In both, glued numbers are replaced by their values, citations by "(Author, year)" linked to the
online references page, ``{doc}``/``{numref}``/``{ref}`` cross-references by links into the online
book ("Figure 16.4", "Exercise 12.3"), ``{term}`` by its text, admonitions by block quotes;
math is kept. Directives are found with the MyST parser (``directives.py``), as for the student
edition. The ``.ipynb`` files in ``notebooks/`` stay the single source.
"""

from __future__ import annotations

import argparse
import copy
import functools
import re
import sys
import textwrap
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import student_edition  # noqa: E402
from directives import directives, option  # noqa: E402
from nbtools import ROOT, book_url, code_cells, glued, read, toc_notebooks  # noqa: E402

ROLE = re.compile(r"\{([a-z]+(?::[a-z]+)?)\}`([^`]*)`")
FORM_TITLE = '#@title Solution (double-click to show) { display-mode: "form" }'


@functools.cache
def citations() -> dict[str, str]:
    """BibTeX key -> "Author, year" (author-year style, as the book renders it)."""
    import codecs

    import latexcodec  # noqa: F401  (registers the "latex" codec; installed with pybtex)
    from pybtex.database import parse_file

    labels = {}
    for key, entry in parse_file(str(ROOT / "book" / "references.bib")).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names) or " ".join(p.first_names) for p in people]
        names = [codecs.decode(n.encode(), "latex").replace("{", "").replace("}", "") for n in names]
        who = (names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2
               else f"{names[0]} et al." if names else key)
        labels[key] = f"{who}, {entry.fields.get('year', 'n.d.')}"
    return labels


@functools.cache
def _titles() -> dict[str, str]:
    """Chapter file stem -> its title line (read once for the whole run)."""
    return {p.stem: read(p).cells[0].source.splitlines()[0].lstrip("# ").strip()
            for p in toc_notebooks() if p.is_file()}


def _numbers(nb, chapter: int) -> dict[str, str]:
    """Figure names and exercise labels of a chapter -> "Figure N.k" / "Exercise N.k"."""
    numbers, k = {}, 0
    for cell in code_cells(nb):
        name = cell.metadata.get("mystnb", {}).get("figure", {}).get("name")
        if name:
            k += 1
            numbers[name] = f"Figure {chapter}.{k}"
    k = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for d in directives(cell.source):
                if d.name == "exercise":
                    k += 1
                    numbers[option(d.body, "label") or f"_ex{k}"] = f"Exercise {chapter}.{k}"
    return numbers


class Converter:
    """Rewrites the MyST of one chapter into Colab Markdown."""

    def __init__(self, nb, stem: str):
        self.stem, self.chapter = stem, int(stem[:2])
        self.values, self.numbers, self.url = glued(nb), _numbers(nb, int(stem[:2])), book_url()
        self.titles = _titles()

    def role(self, match) -> str:
        name, text = match.group(1), match.group(2)
        if name == "glue:text":
            key, _, spec = text.partition(":")
            value = self.values.get(key)
            if value is None:
                raise KeyError(f"{self.stem}: no glued value {key!r}")
            return format(value, spec) if spec else str(value)
        if name.startswith("cite"):
            labels = [citations().get(k.strip(), k.strip()) for k in text.split(",")]
            return f"[{'; '.join(labels)}]({self.url}/book/references.html)"
        label, target = _split(text)
        if name == "doc":
            target = target.split("/")[-1]
            page = f"{self.url}/notebooks/{target}.html"
            return f"[{label or self.titles.get(target, target)}]({page})"
        if name in ("numref", "ref"):
            shown = label or self.numbers.get(target, target)
            return f"[{shown}]({self.url}/notebooks/{self.stem}.html#{target})"
        return label or target          # {term}, {math} and any other role: its text

    def inline(self, text: str) -> str:
        return ROLE.sub(self.role, text)

    def markdown(self, text: str) -> str:
        """A markdown cell without solutions: exercises and admonitions rewritten."""
        lines, out, pos = text.splitlines(keepends=True), [], 0
        for d in directives(text):
            out.append("".join(lines[pos:d.start]))
            body = d.content
            if d.name == "exercise":
                label = option(d.body, "label")
                out.append(f"**{self.numbers.get(label, 'Exercise')}.** {body.strip()}\n")
            elif d.name in ("solution", "solution-start", "solution-end"):
                raise ValueError(f"{self.stem}: solution left in a markdown cell")
            else:                                               # note, tip, warning, admonition…
                title = d.argument or d.name.capitalize()
                quoted = "\n".join(f"> {ln}" if ln else ">" for ln in body.strip().splitlines())
                out.append(f"> **{title}.**\n>\n{quoted}\n")
            pos = d.end
        out.append("".join(lines[pos:]))
        return self.inline("".join(out))


def _split(text: str) -> tuple[str, str]:
    m = re.fullmatch(r"\s*(.*?)\s*<([^>]+)>\s*", text, re.S)
    return (m.group(1), m.group(2).strip()) if m else ("", text.strip())


def _comment(text: str) -> str:
    out = []
    for para in text.strip().split("\n\n"):
        out += textwrap.wrap(" ".join(para.split()), 96) or [""]
        out.append("")
    return "\n".join(f"# {ln}".rstrip() for ln in out[:-1])


def self_study(nb, stem: str):
    """The chapter with every solution folded into a Colab form cell."""
    nb = copy.deepcopy(nb)
    conv, cells, region = Converter(nb, stem), [], None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if region is not None:
                region.append(cell.source)
            elif not (cell.cell_type == "code" and student_edition.is_glue_only(cell.source)):
                cells.append(cell)
            continue
        lines, pieces, pos = cell.source.splitlines(keepends=True), [], 0
        for d in directives(cell.source):
            if region is not None:
                if d.name == "solution-end":
                    region.append(_comment(conv.inline("".join(lines[pos:d.start]))))
                    cells.append(_form("\n\n".join(s for s in region if s.strip())))
                    region, pos = None, d.end
                continue
            if d.name == "solution":
                pieces.append("".join(lines[pos:d.start]))
                _flush(conv, pieces, cells)
                cells.append(_form(_comment(conv.inline(d.content))))
                pos = d.end
            elif d.name == "solution-start":
                pieces.append("".join(lines[pos:d.start]))
                _flush(conv, pieces, cells)
                region, pos = [], d.end
        if region is not None:
            region.append(_comment(conv.inline("".join(lines[pos:]))))
        else:
            pieces.append("".join(lines[pos:]))
            _flush(conv, pieces, cells)
    nb.cells = cells
    return nb


def _flush(conv, pieces, cells):
    text = "".join(pieces).strip()
    pieces.clear()
    if text:
        cells.append(nbformat.v4.new_markdown_cell(conv.markdown(text)))


def _form(source: str):
    cell = nbformat.v4.new_code_cell(f"{FORM_TITLE}\n{source.strip()}\n")
    cell.metadata["cellView"] = "form"          # Colab shows only the title until opened
    return cell


def student(nb, stem: str):
    """The student edition (no solutions, no outputs), converted for Colab."""
    nb = copy.deepcopy(nb)
    conv = Converter(nb, stem)                 # glued values come from the teacher edition
    student_edition.strip_solutions(nb, stem)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = conv.markdown(cell.source)
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter in _toc.yml")
    parser.add_argument("--output", type=Path, default=ROOT / "_build" / "colab")
    args = parser.parse_args(argv)
    paths = args.notebooks or [p for p in toc_notebooks() if p.is_file()]
    for kind, make in (("self-study", self_study), ("student", student)):
        folder = args.output / kind
        folder.mkdir(parents=True, exist_ok=True)
        for path in paths:
            nb = make(read(path), path.stem)
            nbformat.validate(nb)
            nbformat.write(nb, str(folder / path.name))
        print(f"{kind} edition written to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
