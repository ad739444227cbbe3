"""Unit tests for the course tooling in tools/."""

import tomllib

import nbformat
import pytest

import nbtools
import student_edition


def _nb():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md("# 99 · Test"),
        code("x = 1", outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")]),
        md("```{exercise}\n:label: ex1\nDo it.\n```"),
        md("```{solution} ex1\n:class: dropdown\nThe answer is 2.\n```"),
        md("```{exercise}\n:label: ex2\nCode it.\n```"),
        md("```{solution-start} ex2\n:class: dropdown\n```\nLike this:"),
        code("y = 2"),
        md("```{solution-end}\n```"),
        md("## References"),
    ]
    return nbformat.v4.new_notebook(cells=cells)


def test_student_edition_removes_solutions_and_outputs():
    nb = _nb()
    assert student_edition.strip_solutions(nb) == 2
    text = "\n".join(c.source for c in nb.cells)
    assert "The answer is 2" not in text and "y = 2" not in text and "{solution" not in text
    assert text.count(student_edition.PLACEHOLDER) == 2
    assert "Do it." in text and "Code it." in text and "## References" in text
    assert all(not c.outputs for c in nb.cells if c.cell_type == "code")


def test_code_hash_tracks_code_and_parameters_not_outputs():
    nb = _nb()
    h = nbtools.code_hash(nb)
    nb.cells[1].outputs = []
    nb.cells[0].source += "\nmore prose"
    assert nbtools.code_hash(nb) == h
    assert nbtools.code_hash(nb, {"FAST": True}) != h
    nb.cells[1].source = "x = 2"
    assert nbtools.code_hash(nb) != h


def test_injected_parameters_are_not_part_of_the_code():
    nb = _nb()
    h = nbtools.code_hash(nb)
    injected = nbformat.v4.new_code_cell("FAST = True")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(1, injected)
    assert nbtools.code_hash(nb) == h


@pytest.mark.parametrize(
    "prefix, text, expected",
    [("", "np.float64(0.9912)", 0.9912),  # glue(..., display=True)
     ("application/papermill.record/", "3", 3)],  # glue(..., display=False)
)
def test_glued_values_are_read_from_outputs(prefix, text, expected):
    nb = _nb()
    out = nbformat.v4.new_output(
        "display_data", data={prefix + "text/plain": text},
        metadata={"scrapbook": {"name": "v", "mime_prefix": prefix}},
    )
    nb.cells[1].outputs.append(out)
    assert nbtools.glued(nb) == {"v": expected}


def _pins(path):
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_lock_agrees_with_the_direct_pins():
    """requirements.lock holds every pin of requirements.txt at the same version, and more."""
    import re

    def norm(pins):
        return {re.sub(r"[-_.]+", "-", name): version for name, version in pins.items()}

    direct, lock = norm(_pins(nbtools.ROOT / "requirements.txt")), norm(_pins(nbtools.ROOT / "requirements.lock"))
    assert {n: (v, lock.get(n)) for n, v in direct.items() if lock.get(n) != v} == {}, "run make lock"
    for name in ("pyyaml", "joblib", "ipython", "pillow", "protobuf"):  # imported, not pinned directly
        assert name in lock, name
    assert len(lock) > 2 * len(direct)


def test_binder_runtime_uses_the_same_pins():
    """binder/requirements.txt is the lean runtime: a subset of requirements.txt, same versions."""
    full, lean = _pins(nbtools.ROOT / "requirements.txt"), _pins(nbtools.ROOT / "binder" / "requirements.txt")
    assert lean and all(full.get(name) == version for name, version in lean.items()), (
        {n: (v, full.get(n)) for n, v in lean.items() if full.get(n) != v})
    assert "jupyter-book" not in lean and "pytest" not in lean
    for name in ("tensorflow", "keras", "scikit-learn", "pooch"):
        assert name in lean


def test_toc_notebooks_reads_the_yaml_structure(tmp_path, monkeypatch):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: book/preface\nparts:\n"
                   "  - caption: A  # file: notebooks/99_commented_out\n"
                   "    chapters:\n      - file: notebooks/01_a\n"
                   "        sections:\n          - file: notebooks/02_b.ipynb\n"
                   "      - file: book/page\n")
    monkeypatch.setattr(nbtools, "ROOT", tmp_path)
    assert nbtools.toc_notebooks() == [tmp_path / "notebooks/01_a.ipynb",
                                       tmp_path / "notebooks/02_b.ipynb"]


def test_datasets_used_reads_loaders_and_fetch_calls():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        md('load_imdb() in prose does not count'),
        code('(x, y), _ = load_mnist("fashion")\nX, y = load_california(as_frame=False)'),
        code('path = fetch("lifesat", "oecd_bli_2015.csv")\nweather = load_beijing()'),
    ])
    assert nbtools.datasets_used(nb) == {"fashion-mnist", "california", "lifesat", "beijing"}


def test_every_dataset_a_chapter_loads_is_registered():
    import tomllib

    with open(nbtools.ROOT / "datasets" / "registry.toml", "rb") as f:
        registry = tomllib.load(f)
    used = set().union(*(nbtools.datasets_used(nbtools.read(p)) for p in nbtools.toc_notebooks()))
    assert used <= set(registry), f"loaded but not registered: {used - set(registry)}"


def test_helper_hashes_follow_the_calls_and_stop_at_verified_data(tmp_path, monkeypatch):
    package = tmp_path / "notebooks" / "dlcourse"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from .core import shout\n")
    (package / "data.py").write_text(
        "def fetch(name):\n    return _download(name)\n\n"
        "def _download(name):\n    return name\n\n"
        "def load_toy():\n    return fetch('toy')\n")
    (package / "core.py").write_text(
        "from . import data\nfrom .data import load_toy\nLOUD = 2\n\n"
        "def shout(x):\n    return _twice(x) * LOUD\n\n"
        "def _twice(x):\n    return load_toy() + x\n\n"
        "def unused():\n    return data.fetch('other')\n")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "registry.toml").write_text(
        '[toy]\ntitle = "Toy"\n[toy.files."t.bin"]\nsha256 = "' + "a" * 64 + '"\n')
    monkeypatch.setattr(nbtools, "PACKAGE", package)
    monkeypatch.setattr(nbtools, "ROOT", tmp_path)
    monkeypatch.setitem(nbtools.DATASET_LOADERS, r"\bload_toy\(", "toy")
    code = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[code("import dlcourse\ny = dlcourse.shout(1)\n"
                                              "z = dlcourse.data.load_toy()")])
    hashes = nbtools.helper_hashes(nb)
    assert set(hashes) == {"core.shout", "core._twice", "core.LOUD", "data.load_toy", "registry.toy"}
    assert nbtools.stale_helpers(nb, hashes) == []
    (package / "data.py").write_text((package / "data.py").read_text().replace("return name", "return 0"))
    assert nbtools.stale_helpers(nb, hashes) == [], "changes behind fetch are covered by the data hash"
    (package / "core.py").write_text((package / "core.py").read_text().replace("LOUD = 2", "LOUD = 3"))
    assert nbtools.stale_helpers(nb, hashes) == ["core.LOUD"]
    other = nbformat.v4.new_notebook(cells=[code("from dlcourse.core import (\n    unused,  # x\n)")])
    assert set(nbtools.helper_hashes(other)) == {"core.unused"}


def test_release_pins_the_setup_preamble_without_staling_outputs():
    import release

    url = "https://github.com/example/course"
    before = nbtools._PREAMBLE_BEFORE_RELEASES.format(url=url) + "\nimport keras\nFAST = 1"
    cell = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[cell("FAST = False"), cell(before)])
    old_hash = nbtools.code_hash(nb)
    pinned = release.pin(before, url, "v1.2.3")
    assert pinned.startswith(nbtools.setup_preamble(url, "v1.2.3"))
    assert pinned.endswith("\nimport keras\nFAST = 1")
    assert release.pin(pinned, url, "v2.0.0").count("@v2.0.0") == 1  # a later release
    nb.cells[1].source = pinned
    assert nbtools.code_hash(nb) == old_hash, "the tag and the preamble's form do not count"
    nb.cells[1].source = pinned.replace("FAST = 1", "FAST = 2")
    assert nbtools.code_hash(nb) != old_hash, "any other change does"
    with_extras = release.pin(pinned, url, "v2.0.0", ["rl", "tuner"])
    assert '%pip install -q "dlcourse[rl,tuner] @ git+' in with_extras
    assert release.pin(with_extras, url, "v2.0.0") == release.pin(pinned, url, "v2.0.0")
    nb.cells[1].source = with_extras
    assert nbtools.code_hash(nb) == old_hash, "nor do the extras"


def test_chapter_extras_follow_the_imports():
    cell = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[cell("import numpy as np\nimport keras_tuner"),
                                         cell("x = 1\n    from gymnasium import spaces\nimport cv2")])
    assert nbtools.chapter_extras(nb) == ["rl", "tuner", "vision"]
    assert nbtools.format_extras([]) == "" and nbtools.format_extras(["rl"]) == "[rl]"


def test_every_extra_is_declared_in_pyproject():
    with open(nbtools.ROOT / "pyproject.toml", "rb") as f:
        declared = tomllib.load(f)["project"]["optional-dependencies"]
    assert set(nbtools.EXTRAS_BY_IMPORT.values()) <= set(declared)


def test_changelog_section():
    import changelog

    text = "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2027-01-01\n\n- b\n\n## [0.1.0]\n\n- a\n"
    assert changelog.section("0.2.0", text) == "- b"
    assert changelog.section("0.1.0", text) == "- a"
    assert changelog.section("Unreleased", text) is None and changelog.section("9.9", text) is None


def test_calendar_covers_every_chapter_and_names_only_real_or_planned_ones():
    import tomllib

    with open(nbtools.ROOT / "book" / "calendar.toml", "rb") as f:
        plan = tomllib.load(f)
    present = {p.name[:2] for p in nbtools.toc_notebooks()}
    for track in ("semester", "module"):
        weeks = plan[track]
        assert [w["week"] for w in weeks] == list(range(1, len(weeks) + 1)), track
        for week in weeks:
            for number in week["chapters"]:
                assert number in present or number in plan["planned"], (track, week["week"], number)
    semester = {n for w in plan["semester"] for n in w["chapters"]}
    assert present <= semester, f"chapters missing from the semester: {sorted(present - semester)}"
    assert not present & set(plan["planned"]), "a chapter that exists is still listed as planned"


def test_results_verdicts_follow_the_accepted_range():
    import make_pages

    assert make_pages._verdict({"source_value": 0.90, "min": 0.85}, 0.95) == "beat"
    assert make_pages._verdict({"source_value": 0.90, "min": 0.85}, 0.86) == "miss"
    assert make_pages._verdict({"source_value": 0.30, "max": 0.35}, 0.20) == "beat"  # lower is better
    assert make_pages._verdict({"source_value": 100, "min": 90, "max": 110}, 101) == "match"
    assert make_pages._verdict({"source_value": 100, "min": 50, "max": 150}, 130) == "differs"
    assert make_pages._verdict({"min": 1}, 2) is None and make_pages._verdict({"source_value": 1}, None) is None


def test_colab_button_is_pointed_at_the_colab_edition():
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_sphinx", nbtools.ROOT / "book" / "_ext" / "course_sphinx.py")
    course_sphinx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course_sphinx)
    base = "https://colab.research.google.com/github/o/r/blob/main/notebooks/16_convnets.ipynb"

    def context():
        return {"header_buttons": [{"label": "launch-buttons", "buttons": [
            {"text": "Binder", "url": "https://mybinder.org/v2/gh/o/r/main?urlpath=x"},
            {"text": "Colab", "url": base}]}]}

    ctx = context()
    course_sphinx.colab_edition_button(None, "notebooks/16_convnets", "page.html", ctx, None)
    buttons = ctx["header_buttons"][0]["buttons"]
    assert buttons[1]["url"].endswith("/blob/colab/self-study/16_convnets.ipynb")
    assert buttons[0]["url"].startswith("https://mybinder.org/v2/gh/o/r/main")  # untouched
    other = context()
    course_sphinx.colab_edition_button(None, "book/setup", "page.html", other, None)
    assert other == context(), "pages that are not chapters keep their buttons"


def test_offline_mathjax_points_pages_at_a_local_copy(tmp_path):
    import offline_mathjax

    source = tmp_path / "es5"
    (source / "output").mkdir(parents=True)
    (source / "tex-mml-chtml.js").write_text("// mathjax")
    html = tmp_path / "html"
    (html / "notebooks").mkdir(parents=True)
    cdn = '<script async="async" src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>'
    (html / "index.html").write_text("<p>no maths</p>")
    (html / "notebooks" / "04.html").write_text(cdn)
    assert offline_mathjax.localise(html, source) == 1
    assert 'src="../_static/mathjax/tex-mml-chtml.js"' in (html / "notebooks" / "04.html").read_text()
    assert (html / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()
    with pytest.raises(SystemExit, match="npm ci --prefix tools/mathjax"):
        offline_mathjax.localise(html, tmp_path / "missing")


def test_glued_value_boxes_are_hidden_but_recorded():
    import importlib.util

    import myst_nb.ext.glue as nb_glue

    spec = importlib.util.spec_from_file_location("course_sphinx", nbtools.ROOT / "book" / "_ext" / "course_sphinx.py")
    course_sphinx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course_sphinx)
    original = getattr(nb_glue.extract_glue_data_cell, "__wrapped__", nb_glue.extract_glue_data_cell)
    extract = course_sphinx.hide_glued_value_boxes(original)
    out = nbformat.v4.new_output
    shown = out("display_data", data={"text/plain": "0.5"}, metadata={"scrapbook": {"name": "a", "mime_prefix": ""}})
    hidden = out("display_data", data={"application/papermill.record/text/plain": "1"},
                 metadata={"scrapbook": {"name": "b", "mime_prefix": "application/papermill.record/"}})
    picture = out("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"},
                  metadata={"scrapbook": {"name": "c", "mime_prefix": ""}})
    printed = out("stream", name="stdout", text="accuracy 0.5\n")
    cell = nbformat.v4.new_code_cell("glue(...)", outputs=[printed, shown, hidden, picture])
    data = dict(extract(cell))
    assert set(data) == {"a", "b", "c"}, "every glued value is still recorded for {glue} roles"
    assert [o.get("name") or sorted(o["data"]) for o in cell.outputs] == ["stdout", ["image/png", "text/plain"]]


def test_every_chapter_has_a_deck_without_empty_slides(tmp_path, monkeypatch):
    import re

    import slides

    monkeypatch.setattr(slides, "OUT", tmp_path)
    chapters = [p for p in nbtools.toc_notebooks() if p.is_file()]
    for path in chapters:
        html = slides.build(path).read_text()
        sections = re.findall(r"<section[^>]*>(.*?)</section>", html, re.S)
        assert len(sections) >= 3, f"{path.stem}: {len(sections)} slides"
        for i, section in enumerate(sections):
            text = re.sub(r"<[^>]+>|\s|¶", "", section)
            assert text or "<img" in section, f"{path.stem}: slide {i} is empty"
        assert "{glue" not in html and "{numref" not in html and "{doc}" not in html, path.stem
        code_cells = re.findall(r'class="jp-Cell jp-CodeCell[^"]*"', html)
        assert all("jp-mod-noInput" in c for c in code_cells), f"{path.stem}: code on a slide"
    assert sorted(p.name for p in tmp_path.glob("*.slides.html")) == sorted(f"{p.stem}.slides.html" for p in chapters)


def test_slide_rules_and_author_metadata():
    import slides

    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    figure = code("plt.show()", metadata={"mystnb": {"figure": {"name": "fig-ch99-a", "caption": "c"}}})
    cells = [md("# 99 · T"), md("## A section\n\nFirst.\n\nSecond."), md("Plain prose."),
             md("The loss is\n\n$$L = x^2$$\n\nas shown."), figure, code("x = 1"), md("## Exercises")]
    assert [slides.rule(c, i) for i, c in enumerate(cells)] == [
        "slide", "slide", "skip", "subslide", "subslide", "skip", "skip"]
    cells[2].metadata["slideshow"] = {"slide_type": "fragment"}
    assert slides.slide_type(cells[2], 2) == "fragment"
    assert slides._display_math(cells[3].source) == "$$L = x^2$$"


# tools/seed_sweep.py: the checking logic on synthetic targets and runs (no notebook is executed)

def _sweep_targets():
    return [
        {"notebook": "99_toy", "name": "n_params", "kind": "exact", "min": 10, "max": 10},
        {"notebook": "99_toy", "name": "acc", "kind": "claim", "min": 0.9, "format": ".3f"},
        {"notebook": "99_toy", "name": "book_rmse", "kind": "reproduction", "min": 1.0,
         "max": 1.1},
        {"notebook": "99_toy", "name": "ratio", "kind": "claim", "max": 2.0},
    ]


def test_seed_sweep_checks_exact_and_claim_targets_only():
    import seed_sweep

    exact, claim, repro, upper = _sweep_targets()
    assert seed_sweep.check(exact, 10) == "pass"
    assert seed_sweep.check(exact, 11) == "fail"
    assert seed_sweep.check(claim, 0.95) == "pass" and seed_sweep.check(claim, 0.9) == "pass"
    assert seed_sweep.check(claim, 0.89) == "fail"
    assert seed_sweep.check(upper, 2.5) == "fail" and seed_sweep.check(upper, -1e9) == "pass"
    assert seed_sweep.check(claim, None) == "missing"
    assert seed_sweep.check(claim, "nan?") == "fail" and seed_sweep.check(claim, True) == "fail"
    assert seed_sweep.check(upper, float("nan")) == "fail"    # NaN compares False with any bound
    # a reproduction is expected to move with the seed: reported, never checked
    assert seed_sweep.check(repro, 5.0) == "reported" and seed_sweep.check(repro, None) == "reported"


def test_seed_sweep_rows_table_and_csv(tmp_path):
    import csv

    import seed_sweep

    runs = {7: {"n_params": 10, "acc": 0.93, "book_rmse": 1.5, "ratio": 1.2},
            123: {"n_params": 10, "acc": 0.88, "book_rmse": 0.7},   # acc misses, ratio not glued
            5: None}                                                # this run failed
    rows = seed_sweep.sweep_rows(_sweep_targets(), runs, committed={"acc": 0.95})
    by_name = {r["name"]: r for r in rows}
    assert by_name["n_params"]["outcomes"] == {7: "pass", 123: "pass", 5: "missing"}
    assert by_name["n_params"]["verdict"] == "FAIL"          # the failed run counts against it
    assert by_name["acc"]["outcomes"] == {7: "pass", 123: "fail", 5: "missing"}
    assert by_name["acc"]["committed"] == 0.95
    assert by_name["book_rmse"]["verdict"] == "reported"
    assert by_name["ratio"]["outcomes"][123] == "missing"

    ok = seed_sweep.sweep_rows(_sweep_targets()[:1], {7: {"n_params": 10}})
    assert ok[0]["verdict"] == "pass"

    table = seed_sweep.format_table(rows, [7, 123, 5])
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["target", "kind", "range", "committed"]
    assert "seed 7" in lines[0] and "seed 123" in lines[0] and lines[0].rstrip().endswith("verdict")
    acc_line = next(line for line in lines if line.startswith("acc "))
    assert "0.930" in acc_line and "0.880 (fail)" in acc_line and acc_line.endswith("FAIL")
    assert "≥ 0.900" in acc_line
    assert next(line for line in lines if line.startswith("book_rmse")).endswith("reported")

    path = tmp_path / "sweep" / "out.csv"
    seed_sweep.write_csv(rows, [7, 123, 5], path)
    with open(path) as f:
        written = list(csv.DictReader(f))
    assert [r["name"] for r in written] == ["n_params", "acc", "book_rmse", "ratio"]
    assert written[1]["seed_123"] == "0.88" and written[1]["outcome_123"] == "fail"
    assert written[1]["seed_5"] == "" and written[1]["outcome_5"] == "missing"
    assert written[2]["kind"] == "reproduction" and written[2]["verdict"] == "reported"


def test_seed_sweep_main_exit_status(tmp_path, monkeypatch, capsys):
    import seed_sweep

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    monkeypatch.setattr(seed_sweep, "toc_notebooks", lambda: [notebooks / "99_toy.ipynb",
                                                              notebooks / "98_other.ipynb"])
    monkeypatch.setattr(seed_sweep, "NOTEBOOKS", notebooks)   # no committed notebook: no values
    monkeypatch.setattr(seed_sweep, "OUT_DIR", tmp_path / "out")
    monkeypatch.setattr(seed_sweep, "load_targets", _sweep_targets)
    calls = []

    def good(path, seed, fast, out_dir):
        calls.append((path.name, seed, fast))
        return {"n_params": 10, "acc": 0.91, "book_rmse": 9.9, "ratio": 1.0}

    assert seed_sweep.main(["99", "--seeds", "7", "123", "--fast"], runner=good) == 0
    assert calls == [("99_toy.ipynb", 7, True), ("99_toy.ipynb", 123, True)]
    assert (tmp_path / "out" / "ch99-seeds7_123-fast.csv").is_file()
    out = capsys.readouterr().out
    assert ("3 exact/claim targets checked at seeds 7, 123 (FAST): 3 pass, 0 fail; "
            "1 reproduction targets reported") in out
    assert seed_sweep.chapter_notebook("99") == seed_sweep.chapter_notebook("99_toy")
    assert seed_sweep.main(["99", "--seeds", "7"],
                           runner=lambda *a: {"n_params": 10, "acc": 0.5, "ratio": 1.0}) == 1
    assert seed_sweep.main(["99", "--seeds", "7"], runner=lambda *a: None) == 1
    with pytest.raises(SystemExit):
        seed_sweep.main(["97", "--seeds", "7"], runner=good)        # no such chapter
    with pytest.raises(SystemExit):
        seed_sweep.main(["99", "--seeds", "42"], runner=good)       # the committed seed


def test_seed_sweep_refuses_a_chapter_without_a_seed_parameter(tmp_path, monkeypatch):
    import seed_sweep

    def chapter(params):
        cell = nbformat.v4.new_code_cell(params)
        cell.metadata["tags"] = ["parameters"]
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 99 · Toy"), cell])

    assert seed_sweep.has_seed_parameter(chapter("FAST = False\nSEED = 42  # draws"))
    assert not seed_sweep.has_seed_parameter(chapter("FAST = False"))
    assert not seed_sweep.has_seed_parameter(_nb())           # no parameters cell at all
    path = tmp_path / "99_toy.ipynb"
    nbformat.write(chapter("FAST = False"), path)
    monkeypatch.setattr(seed_sweep, "toc_notebooks", lambda: [path])
    monkeypatch.setattr(seed_sweep, "load_targets", _sweep_targets)
    with pytest.raises(SystemExit):
        seed_sweep.main(["99", "--seeds", "7"], runner=lambda *a: pytest.fail("must not run"))
