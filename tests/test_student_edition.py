"""The student edition keeps every exercise and hands out no answer (tools/student_edition.py)."""

import copy
import os
import re

import nbformat
import pytest

import student_edition as se
from directives import directives, option
from nbtools import NOTEBOOKS, code_cells, read, toc_notebooks

TOC = [p for p in toc_notebooks() if p.is_file()]
md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def _text(nb, kinds=("markdown", "code")) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type in kinds)


def _strip(cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    n = se.strip_solutions(nb)
    nbformat.validate(nb)
    return nb, n


# ----------------------------------------------------------------------------- tricky markup


def test_exercise_and_solution_start_in_one_cell_keep_the_exercise():
    nb, n = _strip([
        md("## Exercises\n\n```{exercise}\n:label: ex1\nFit a line.\n```\n\n"
           "```{solution-start} ex1\n:class: dropdown\n```\nWe fit it like this:"),
        code("model.fit(X, y)"),
        md("The slope is 3.\n\n```{solution-end}\n```"),
        md("## References"),
    ])
    text = _text(nb)
    assert n == 1 and "## Exercises" in text and "Fit a line." in text and ":label: ex1" in text
    for answer in ("We fit it like this", "model.fit", "The slope is 3", "{solution"):
        assert answer not in text
    assert se.PLACEHOLDER in text and "## References" in text
    assert [c.source for c in nb.cells if c.cell_type == "code"] == [se.WORK_CELL]


def test_prose_after_solution_end_in_the_same_cell_stays():
    nb, _ = _strip([
        md("```{solution-start} ex1\n:class: dropdown\n```"),
        code("x = 1"),
        md("Closing words of the answer.\n\n```{solution-end}\n```\n\nNext, a remark for all."),
    ])
    text = _text(nb)
    assert "Closing words" not in text and "Next, a remark for all." in text


def test_four_backtick_and_colon_fences_and_several_directives_per_cell():
    nb, n = _strip([md(
        "````{exercise}\n:label: a\nRun:\n```python\nprint(1)\n```\n````\n\n"
        "````{solution} a\n:class: dropdown\n```python\nsecret_code()\n```\n````\n\n"
        ":::{exercise}\n:label: b\nWhy?\n:::\n\n"
        ":::{solution} b\n:class: dropdown\nBecause reasons.\n:::\n\nKept tail.")])
    text = _text(nb)
    assert n == 2 and "print(1)" in text and "Why?" in text and "Kept tail." in text
    assert "secret_code" not in text and "Because reasons" not in text
    assert text.count(se.PLACEHOLDER) == 2


def test_glue_only_cells_and_outputs_and_stamp_are_dropped():
    out = nbformat.v4.new_output("stream", name="stdout", text="1\n")
    nb, _ = _strip([
        code("x = 1\nprint(x)", outputs=[out]),
        code('dlcourse.glue("ch99_x", x)\nglue("ch99_y", 2 * x, display=False)'),
        code("%timeit x + 1"),
    ])
    sources = [c.source for c in nb.cells]
    assert sources == ["x = 1\nprint(x)", "%timeit x + 1"]
    assert all(not c.outputs and c.execution_count is None for c in nb.cells)


@pytest.mark.parametrize("cells, message", [
    ([md("```{solution-start} ex1\n```"), code("x = 1")], "no {solution-end}"),
    ([md("```{solution-end}\n```")], "without {solution-start}"),
    ([md("```{solution-start} ex1\n```"), md("```{exercise}\n:label: ex2\nQ\n```")], "inside"),
])
def test_unpaired_directives_are_reported(cells, message):
    with pytest.raises(se.SolutionMarkupError, match=re.escape(message)):
        _strip(cells)


# ----------------------------------------------------------------------------- every real chapter


def _solutions(nb) -> list[str]:
    """The text of every solution in the teacher edition: directive bodies and start…end spans."""
    found, inside, span = [], False, []
    for cell in nb.cells:
        if cell.cell_type == "code":
            if inside:
                span.append(cell.source)
            continue
        lines = cell.source.splitlines()
        pos = 0
        for d in directives(cell.source):
            if inside and d.name == "solution-end":
                span.append("\n".join(lines[pos:d.start]))
                found.append("\n".join(span))
                inside, span, pos = False, [], d.end
            elif not inside and d.name == "solution":
                found.append(d.body)
            elif not inside and d.name == "solution-start":
                inside, pos = True, d.end
        if inside:
            span.append("\n".join(lines[pos:]))
    assert not inside
    return found


def _distinctive_lines(text: str) -> list[str]:
    lines = [ln.strip() for ln in text.splitlines()]
    return [ln for ln in lines if len(ln) >= 25 and not ln.startswith((":", "```", "#", "import "))]


@pytest.fixture(params=TOC, ids=[p.stem for p in TOC])
def editions(request):
    teacher = read(request.param)
    student = copy.deepcopy(teacher)
    se.strip_solutions(student, request.param.name)
    return request.param, teacher, student


def test_every_exercise_survives(editions):
    path, teacher, student = editions
    exercises = [d for c in teacher.cells if c.cell_type == "markdown"
                 for d in directives(c.source) if d.name == "exercise"]
    assert exercises, path.name
    text = _text(student, ("markdown",))
    assert re.search(r"^## Exercises\s*$", text, re.M), f"{path.name}: the Exercises heading"
    for d in exercises:
        label = option(d.body, "label")
        assert f":label: {label}" in text, f"{path.name}: exercise {label} lost"
        assert d.body.strip() in text, f"{path.name}: exercise {label} changed"


def test_no_solution_text_survives(editions):
    path, teacher, student = editions
    solutions = _solutions(teacher)
    assert solutions, path.name
    text, whole, answers = _text(student), _text(teacher), "\n".join(solutions)
    assert "{solution" not in text
    for line in _distinctive_lines(answers):
        if whole.count(line) > answers.count(line):  # the line is also said outside an answer
            continue
        assert line not in text, f"{path.name}: solution text survives: {line[:80]}"


def test_outputs_and_glue_cells_are_stripped(editions):
    path, _, student = editions
    for cell in student.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
            assert not se.is_glue_only(cell.source), f"{path.name}: glue-only cell kept"
    nbformat.validate(student)


def test_student_edition_runs_and_renders(editions, tmp_path):
    """Its code is the teacher's code before the first solution (which the FAST notebook tests
    run), plus the empty work cells; anything else is executed here in FAST mode."""
    path, teacher, student = editions
    first = next(i for i, c in enumerate(teacher.cells) if c.cell_type == "markdown"
                 and any(d.name.startswith("solution") for d in directives(c.source)))
    before = [c.source for c in teacher.cells[:first] if c.cell_type == "code"]
    kept = [c.source for c in code_cells(student) if c.source != se.WORK_CELL]
    if kept != [s for s in before if not se.is_glue_only(s)]:
        from nbclient import NotebookClient

        os.environ["DLCOURSE_FAST"] = "1"
        NotebookClient(student, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    from nbconvert import HTMLExporter

    html, _ = HTMLExporter().from_notebook_node(student)
    assert "Your solution here" in html
