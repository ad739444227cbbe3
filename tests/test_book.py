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


# --------------------------------------------------------------------------- in a real browser
# Headless Chromium (Debian's package, installed by .ci/run) driven by Playwright, with axe-core
# (npm, tools/browser) for the accessibility audit. Skipped on a machine without them, never in CI.

AXE = ROOT / "tools" / "browser" / "node_modules" / "axe-core" / "axe.min.js"


def _chromium():
    import os
    import shutil

    path = os.environ.get("DLCOURSE_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    missing = [what for what, ok in (("chromium", path), ("axe-core (npm ci --prefix tools/browser)", AXE.is_file()))
               if not ok]
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("playwright")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the browser checks need {', '.join(missing)} (installed by .ci/run)")
        pytest.skip(f"the browser checks need {', '.join(missing)}")
    return path


@pytest.fixture(scope="module")
def browser(html):
    path = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield chromium
        chromium.close()


# Violations inside output that a library renders and the course does not write, each with the
# container it lives in and the reason it is accepted. Everything else must pass.
KNOWN_THIRD_PARTY = {
    # scikit-learn's estimator diagram: axe flags the <summary> of its collapsible "Parameters"
    # and "Fitted attributes" tables as holding focusable content; the tables stay usable by
    # keyboard and screen reader (each <details> opens with Enter).
    "nested-interactive": ".sk-top-container",
}


def _browser_pages():
    pages = ["book/preface", "book/setup", "book/teaching", "book/calendar", "book/results", "book/datasets",
             "book/glossary", "book/references"]
    return pages + [f"notebooks/{p.stem}" for p in _pages()]


def _open(browser, html, page_name, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto((html / f"{page_name}.html").as_uri(), wait_until="load")
    return page, errors


@pytest.mark.parametrize("name", _browser_pages())
def test_page_in_a_browser(browser, html, name):
    """No JavaScript error, every image loads, solutions start folded, no serious or critical
    accessibility violation (axe-core), and the page fits a 390-pixel phone screen."""
    page, errors = _open(browser, html, name)
    try:
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert broken == [], f"images that do not load: {broken[:5]}"
        unfolded = page.evaluate("""Array.from(document.querySelectorAll('.solution.dropdown')).filter(s =>
            Array.from(s.children).some(c => !c.classList.contains('admonition-title') &&
                c.tagName !== 'BUTTON' && c.getBoundingClientRect().height > 0)).map(s => s.id)""")
        assert unfolded == [], f"solutions shown unfolded: {unfolded[:5]}"
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async (known) => {
            const result = await axe.run(document, {resultTypes: ['violations'],
                                                    runOnly: ['wcag2a', 'wcag2aa', 'best-practice']});
            return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
              .flatMap(v => v.nodes.filter(n => !(known[v.id] &&
                  document.querySelector(n.target[0])?.closest(known[v.id])))
                .map(n => [v.id, v.impact, n.html.slice(0, 120)]));
        }""", KNOWN_THIRD_PARTY)
        serious = [tuple(v) for v in violations]
        assert serious == [], serious
        assert errors == [], errors
    finally:
        page.close()
    phone, _ = _open(browser, html, name, width=390)
    try:
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "wider than a phone screen"
    finally:
        phone.close()


@pytest.mark.parametrize("name", _browser_pages())
def test_internal_links_and_anchors_resolve(html, name):
    """Every relative link of a page points at a file of the built book, and its #anchor exists."""
    from urllib.parse import unquote, urlsplit

    source = html / f"{name}.html"
    text = source.read_text()
    for href in set(re.findall(r'<a [^>]*href="([^"]+)"', text)):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
            continue
        target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
        assert target.exists(), f"{name}: broken link {href}"
        if parts.fragment and target.suffix == ".html":
            ids = set(re.findall(r'\bid="([^"]+)"', target.read_text()))
            assert unquote(parts.fragment) in ids, f"{name}: no anchor #{parts.fragment} in {target.name}"
