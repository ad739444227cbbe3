"""The Colab editions contain no MyST markup and keep every exercise (tools/colab_edition.py)."""

import re

import nbformat
import pytest

import colab_edition as ce
import student_edition as se
from directives import directives
from nbtools import read, toc_notebooks

TOC = [p for p in toc_notebooks() if p.is_file()]
MYST = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`|```\{|:::\{|^:(label|class):", re.M)


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _count(nb, name) -> int:
    return sum(d.name == name for c in nb.cells if c.cell_type == "markdown"
               for d in directives(c.source))


@pytest.fixture(params=TOC, ids=[p.stem for p in TOC])
def chapter(request):
    return request.param.stem, read(request.param)


def test_self_study_edition(chapter):
    stem, teacher = chapter
    nb = ce.self_study(teacher, stem)
    nbformat.validate(nb)
    text = _markdown(nb)
    assert not MYST.search(text), MYST.search(text)
    n_ex = _count(teacher, "exercise")
    assert len(re.findall(rf"\*\*Exercise {int(stem[:2])}\.\d+\.\*\*", text)) == n_ex
    forms = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("#@title Solution")]
    assert len(forms) == _count(teacher, "solution") + _count(teacher, "solution-start")
    assert all(c.metadata.get("cellView") == "form" for c in forms)


def test_student_edition_for_colab(chapter):
    stem, teacher = chapter
    nb = ce.student(teacher, stem)
    nbformat.validate(nb)
    assert not MYST.search(_markdown(nb))
    assert not any(c.source.startswith("#@title Solution") for c in nb.cells if c.cell_type == "code")
    assert _markdown(nb).count(se.PLACEHOLDER) == _count(teacher, "solution") + _count(teacher, "solution-start")


def test_roles_become_values_and_links():
    md = nbformat.v4.new_markdown_cell
    nb = nbformat.v4.new_notebook(cells=[
        md("# 99 · Test"),
        md("Accuracy {glue:text}`ch99_acc:.3f` ({cite}`homl2`); see {numref}`fig-ch99-a` and "
           "{doc}`chapter 16 <16_convnets>`, and the {term}`feature map <Feature map>`."),
        md("```{note}\nMind the gap.\n```"),
    ])
    nb.cells.insert(1, nbformat.v4.new_code_cell("x = 1", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/plain": "0.98765"},
        metadata={"scrapbook": {"name": "ch99_acc", "mime_prefix": ""}})]))
    fig = nbformat.v4.new_code_cell("plt.show()")
    fig.metadata["mystnb"] = {"figure": {"name": "fig-ch99-a", "caption": "c"}}
    nb.cells.insert(2, fig)
    text = _markdown(ce.self_study(nb, "99_test"))
    assert "Accuracy 0.988 ([Géron, 2019](" in text
    assert "[Figure 99.1](" in text and "/notebooks/99_test.html#fig-ch99-a)" in text
    assert "[chapter 16](" in text and "/notebooks/16_convnets.html)" in text
    assert "the feature map" in text and "> **Note.**" in text and "> Mind the gap." in text
