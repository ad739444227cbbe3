"""Repository hygiene: the table of contents, committed outputs and chapter structure."""

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from nbtools import (
    NOTEBOOKS, ROOT, STAMP_KEY, chapter_extras, code_cells, code_hash, package_version, prose, read,
    setup_preamble, stale_helpers, toc_notebooks,
)

TOC = toc_notebooks()
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"]


# Reference runs made before the stamp recorded the helper definitions and dataset files a
# chapter depends on (tools/execute.py, nbtools.helper_hashes). Each leaves this set when it is
# re-executed; test_helpers_stamp_pending_is_current keeps the set honest.
HELPERS_STAMP_PENDING = {
    "15_loading_and_preprocessing_data.ipynb",
    "17_transfer_learning_and_detection.ipynb",
    "19_spoken_digits.ipynb",
    "20_workflow_and_overfitting.ipynb",
    "22_deep_learning_for_text.ipynb",
    "24_generating_text.ipynb",
}


def _ids(paths):
    return [p.stem for p in paths]


def test_toc_lists_exactly_the_notebooks():
    on_disk = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert sorted(TOC) == on_disk, "every notebook must be in _toc.yml and vice versa"
    for path in TOC:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name


def test_toc_pages_exist():
    for page in re.findall(r"file:\s*(book/\S+)", (ROOT / "_toc.yml").read_text()):
        assert (ROOT / f"{page}.md").is_file(), page


@pytest.fixture(params=TOC, ids=_ids(TOC))
def nb(request):
    return request.param, read(request.param)


def test_outputs_are_fresh(nb):
    path, notebook = nb
    stamp = notebook.metadata.get(STAMP_KEY)
    assert stamp, f"{path.name} has no reference run: make execute NB=notebooks/{path.name}"
    assert stamp["parameters"] == {}, "reference outputs must come from a full run (FAST off)"
    assert stamp["code_sha256"] == code_hash(notebook, stamp["parameters"]), (
        f"{path.name}: code changed since its reference run; re-run make execute NB=notebooks/{path.name}"
    )
    assert all(c.get("execution_count") for c in code_cells(notebook)), "a cell was not executed"
    if "helpers" in stamp:
        changed = stale_helpers(notebook, stamp["helpers"])
        assert not changed, (
            f"{path.name}: helper code or data it depends on changed since its reference run "
            f"({', '.join(changed)}); re-run make execute NB=notebooks/{path.name}"
        )
    else:
        assert path.name in HELPERS_STAMP_PENDING, (
            f"{path.name}: its reference run predates helper tracking; re-run make execute "
            f"NB=notebooks/{path.name}"
        )


def test_helpers_stamp_pending_is_current():
    """The chapters excused from helper tracking are exactly those not re-executed since."""
    lacking = {p.name for p in TOC if p.exists() and "helpers" not in read(p).metadata.get(STAMP_KEY, {})}
    assert HELPERS_STAMP_PENDING == lacking, (
        f"update HELPERS_STAMP_PENDING: {sorted(HELPERS_STAMP_PENDING ^ lacking)}")


def test_no_error_outputs(nb):
    path, notebook = nb
    for i, cell in enumerate(code_cells(notebook)):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}, code cell {i}: {out.get('ename')}"
            text = "".join(out.get("text", "")) if out["output_type"] == "stream" else ""
            assert "Traceback (most recent call last)" not in text, f"{path.name}, code cell {i}"


def test_no_absolute_paths(nb):
    path, _ = nb
    text = path.read_text()
    for pattern in (r"/work/", r"/home/\w+", r"/Users/\w+", r"/root/", r"[A-Z]:\\\\Users", r"/tmp/\w+"):
        assert not re.search(pattern, text), f"{path.name} contains an absolute path ({pattern})"


def test_parameters_and_setup_cells(nb):
    path, notebook = nb
    cells = code_cells(notebook)
    assert "parameters" in cells[0].metadata.get("tags", []), "first code cell must be tagged parameters"
    assert re.search(r"^FAST = False\b", cells[0].source, re.M), "parameters cell sets FAST = False"
    setup = cells[1].source
    preamble = setup_preamble(REPO_URL, f"v{package_version()}", chapter_extras(notebook))
    assert setup.startswith(preamble), (
        "the setup cell starts with the course preamble, installing this release's helpers from "
        "_config.yml's repository URL: run python tools/release.py")
    assert "dlcourse.resolve_fast(FAST)" in setup
    assert "dlcourse.set_seed(" in setup


def test_chapter_structure(nb):
    path, notebook = nb
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]} · ")
    assert "**Learning objectives**" in first.source
    text = prose(notebook)
    for heading in ("## Summary", "## Exercises", "## References"):
        assert re.search(rf"^{heading}\s*$", text, re.M), f"{path.name} lacks '{heading}'"
    exercises = re.findall(r"```\{exercise\}", text)
    solutions = re.findall(r"```\{solution(?:-start)?\} ", text)
    assert len(exercises) >= 3, f"{path.name}: at least three exercises"
    assert len(solutions) >= len(exercises), f"{path.name}: every exercise needs a solution"
    assert text.count(":class: dropdown") >= len(solutions), "solutions are folded by default"


def test_generated_pages_are_fresh():
    import make_pages

    assert make_pages.main(["--check"]) == 0


def test_repository_url_in_one_place():
    with open(ROOT / "pyproject.toml", "rb") as f:
        assert tomllib.load(f)["project"]["urls"]["Homepage"] == REPO_URL
    assert REPO_URL in (ROOT / "README.md").read_text()


def test_notebooks_are_valid_json_with_kernel():
    for path in TOC:
        meta = json.loads(path.read_text())["metadata"]
        assert meta["kernelspec"]["name"] == "python3", path.name


def test_keras_chapters_seed_tensorflow(nb):
    """dlcourse.set_seed seeds TensorFlow only if Keras is already imported (see AUTHORING.md)."""
    path, notebook = nb
    cells = code_cells(notebook)
    if not any(re.search(r"^\s*(import keras|from keras|import tensorflow)", c.source, re.M) for c in cells):
        pytest.skip(f"{path.name} does not use Keras or TensorFlow")
    setup = cells[1].source
    assert "import keras" in setup, f"{path.name}: import keras in the setup cell"
    assert setup.index("import keras") < setup.index("dlcourse.set_seed("), (
        f"{path.name}: import keras before dlcourse.set_seed so TensorFlow is seeded"
    )


# Chapters written before the SEED convention below (see book/AUTHORING.md). This set only
# shrinks: a chapter leaves it when it is brought up to the convention and re-run.
SEED_PENDING: set[str] = set()  # every chapter has its SEED parameter now
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
NUMREF = re.compile(r"\{numref\}`(?:[^`<]*<)?([^`<>]+)>?`")


def _n_images(cell) -> int:
    return sum(any(t in out.get("data", {}) for t in IMAGE_TYPES) for out in cell.get("outputs", []))


def test_pending_set_names_real_chapters():
    assert SEED_PENDING <= {p.stem for p in TOC}


def test_figures_are_numbered_captioned_and_described(nb):
    """Every image output is a named figure with a caption and alt text, referenced by number."""
    path, notebook = nb
    prefix = f"fig-ch{path.name[:2]}-"
    names = []
    for i, cell in enumerate(code_cells(notebook)):
        n = _n_images(cell)
        if not n:
            continue
        where = f"{path.name}, code cell {i}"
        assert n == 1, f"{where}: {n} images in one cell; draw one figure per cell"
        meta = cell.metadata.get("mystnb", {})
        figure, alt = meta.get("figure", {}), meta.get("image", {}).get("alt", "")
        assert str(figure.get("name", "")).startswith(prefix), f"{where}: figure name {prefix}…"
        assert len(str(figure.get("caption", ""))) >= 30, f"{where}: the caption says what to see"
        assert len(alt) >= 40, f"{where}: alt text describes the picture"
        assert not re.search(r"\.(png|jpe?g|svg)\b|_images/", alt + figure["caption"]), where
        names.append(figure["name"])
    assert len(names) == len(set(names)), f"{path.name}: duplicate figure names"
    referenced = set(NUMREF.findall(prose(notebook)))
    assert referenced <= set(names), f"{path.name}: undefined figures {referenced - set(names)}"
    assert set(names) <= referenced, f"{path.name}: never referenced {set(names) - referenced}"


def test_seed_is_a_parameter(nb):
    """SEED sits beside FAST in the parameters cell and seeds the whole chapter."""
    path, notebook = nb
    if path.stem in SEED_PENDING:
        pytest.skip(f"{path.name} predates the SEED parameter")
    cells = code_cells(notebook)
    assert re.search(r"^SEED = 42\b", cells[0].source, re.M), "parameters cell sets SEED = 42"
    assert "dlcourse.set_seed(SEED)" in cells[1].source
    assert "dlcourse.plots.use_style()" in cells[1].source, "the setup cell applies the course style"
    code = "\n".join(c.source for c in cells[2:])
    assert not re.search(r"(random_state|seed)\s*=\s*42\b|set_seed\(42\)", code), (
        f"{path.name}: derive every seed from SEED (e.g. seed=SEED + 1), never a literal 42"
    )


COURSE_CHAPTER = re.compile(r"\b[Cc]hapters? \d{1,2}\b(?![.\d])")


def _course_chapter_mentions(text: str) -> list[str]:
    """Mentions of a course chapter ("chapter 13") that are not links. A book's chapter is cited
    with its key or name just before it ("{cite}`homl2`, chapter 11", "TFTA chapter 3") or after
    it ("chapter 14 of HOML"); the References section lists book chapters only."""
    text = text.split("## References")[0]
    text = re.sub(r"\{doc\}`[^`]*`", "", text)
    found = []
    for m in COURSE_CHAPTER.finditer(text):
        before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 12]
        if ("{cite}`" in before or re.search(r"(HOML|DLJS|TFTA)('s)?\s*$", before)
                or re.match(r"\s+of\s+(HOML|DLJS|TFTA)", after)):
            continue
        found.append(text[max(0, m.start() - 30):m.end() + 20].replace("\n", " "))
    return found


def test_course_chapters_are_linked(nb):
    """A chapter that mentions another chapter links to it with {doc}, so the book build catches
    a reference to a chapter that does not exist."""
    path, notebook = nb
    assert _course_chapter_mentions(prose(notebook)) == [], f"{path.name}: use {{doc}} links"


def test_doc_links_name_the_chapter_they_point_to(nb):
    path, notebook = nb
    stems = {p.stem for p in TOC}
    for label, target in re.findall(r"\{doc\}`([^`<]*)<([^`>]+)>`", prose(notebook)):
        assert target.strip() in stems, f"{path.name}: {{doc}} link to {target}"
        number = re.search(r"\b(\d\d)\b", label)
        assert number is None or target.strip().startswith(number.group(1)), (
            f"{path.name}: link text '{label}' points to {target}")
