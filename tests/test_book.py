"""The book builds from the committed outputs with zero Sphinx warnings, and reads like a book."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nbtools import ROOT, read, toc_notebooks


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(ROOT), "--builder", "html", "-W", "-n", "--keep-going",
         "--path-output", str(out)],
        capture_output=True, text=True, timeout=900,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    assert "WARNING" not in log, log[-6000:]
    return out / "_build" / "html"


def test_book_builds_without_warnings(html):
    assert (html / "index.html").is_file()
    for page in ("book/datasets", "book/results", "book/teaching", "book/calendar", "book/jupyterhub",
                 "book/errata", "book/changelog", "book/glossary", "book/references"):
        assert (html / f"{page}.html").is_file(), page


def _pages():
    return [p for p in toc_notebooks() if p.is_file()]


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.stem)
def test_figures_and_exercises_are_numbered_per_chapter(html, path):
    """Figure N.k and Exercise N.k, numbered from 1 in every chapter (book/_ext/course_sphinx.py)."""
    page = (html / "notebooks" / f"{path.stem}.html").read_text()
    chapter = int(path.name[:2])
    for kind in ("Figure", "Exercise"):
        numbers = re.findall(rf'<span class="caption-number">{kind} (\d+)\.(\d+)', page)
        assert all(int(c) == chapter for c, _ in numbers), (kind, numbers[:3])
        assert [int(k) for _, k in numbers] == list(range(1, len(numbers) + 1)), (kind, numbers)
    assert re.findall(r'<span class="caption-number">Exercise ', page), "exercises are numbered"


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.stem)
def test_colab_button_opens_the_colab_edition(html, path):
    page = (html / "notebooks" / f"{path.stem}.html").read_text()
    links = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', page)
    assert links and all(link.endswith(f"/blob/colab/self-study/{path.stem}.ipynb") for link in links), links


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.stem)
def test_no_image_alt_text_is_a_file_name(html, path):
    page = (html / "notebooks" / f"{path.stem}.html").read_text()
    for alt in re.findall(r'<img [^>]*alt="([^"]*)"', page):
        assert not re.search(r"\.(png|jpe?g|svg)$|_images/", alt), f"{path.stem}: alt text {alt!r}"


def test_book_pages_number_their_figures_from_one(html):
    page = (html / "book" / "results.html").read_text()
    numbers = re.findall(r'<span class="caption-number">Figure (\d+) ', page)
    assert numbers and numbers == [str(k) for k in range(1, len(numbers) + 1)], numbers


def test_one_figure_per_image_output(html):
    """A cell's figure wraps its image only, not its other outputs (glue records, values)."""
    path = ROOT / "notebooks" / "01_ml_landscape.ipynb"
    n_images = sum(any(k.startswith("image/") for k in o.get("data", {}))
                   for c in read(path).cells if c.cell_type == "code" for o in c.get("outputs", []))
    page = (html / "notebooks" / "01_ml_landscape.html").read_text()
    assert page.count('<span class="caption-number">Figure ') == n_images
