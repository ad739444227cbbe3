"""Sphinx extension for the course book: figures and exercises as a book numbers them.

1. **Numbers per chapter.** Sphinx numbers figures (and sphinx-exercise's exercises) through the
   whole book when the table of contents is not numbered ("Figure 79" in chapter 7). After Sphinx
   has assigned its numbers, every chapter notebook ``notebooks/NN_*`` gets its own sequence
   prefixed by the chapter number: "Figure 7.3", "Exercise 12.2", matching the "NN ·" titles.
   Cross-references (``{numref}``) read the same numbers.
2. **Only a code cell's image output becomes its figure.** myst-nb turns the ``mystnb.figure``
   metadata of a code cell (name and caption) into a figure around *every* display output of the
   cell, so a cell that also shows a value (a ``glue`` record, a returned number) would define its
   figure name twice and the book would not build. Here each output is rendered first; only an
   output that contains an image is wrapped in the figure, the others are placed as they are.
3. **Glued values are not shown twice.** A number recorded with ``glue`` is quoted in the prose;
   its bare output box under the cell is hidden (pictures and HTML that were glued stay).
4. **The Colab button opens the Colab edition** of a chapter (branch ``colab``), not its source.
5. **Accessibility and script fixes** found by the browser checks (tests/test_book.py): each script
   is emitted once; ``book/_static/course.js`` gives the theme's search and colour-mode buttons
   accessible names that contain their visible text and drops the bibliography's wrong list role;
   ``book/_static/course.css`` lets long inline code wrap on a phone.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

from docutils import nodes

CHAPTER = re.compile(r"^notebooks/(\d\d)_")


def number_per_chapter(app, env):
    """Renumber figures, tables, code blocks and exercises of each chapter as (NN, k), and those
    of the other pages (results, calendar, ...) from 1 on each page."""
    changed = []
    for docname, by_type in env.toc_fignumbers.items():
        match = CHAPTER.match(docname)
        prefix = (int(match.group(1)),) if match else ()  # other pages: Figure 1, 2, ...
        for figtype, numbers in by_type.items():
            in_order = sorted(numbers, key=lambda node_id: numbers[node_id])
            renumbered = {node_id: (*prefix, k) for k, node_id in enumerate(in_order, start=1)}
            if renumbered != numbers:
                by_type[figtype] = renumbered
                changed.append(docname)
    return sorted(set(changed))


def _has_image(node: nodes.Element) -> bool:
    return any(str(c.get("mime_type", "")).startswith("image/") for c in node.findall(nodes.container))


def hide_glued_value_boxes(extract_cell):
    """Wrap myst-nb's glue extraction so that a value glued with ``display=True`` is recorded but
    not shown: its output would be a bare box holding e.g. ``2.3025851249694824`` under the cell
    (the prose quotes the value where it belongs). Glued outputs with a picture or HTML stay."""

    def extract(cell):
        data = extract_cell(cell)
        if data:
            glued = {id(output) for _, output in data}
            cell.outputs = [o for o in cell.get("outputs", [])
                            if id(o) not in glued or set(o.get("data", {})) - {"text/plain"}]
        return data

    extract._hides_values = True
    return extract


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """Emit each script once. sphinx-thebe registers its inline configuration
    (``const THEBE_JS_URL = ...``) twice under Jupyter Book, and the second copy is a JavaScript
    error on every page ("Identifier 'THEBE_JS_URL' has already been declared")."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})  # an inline script has filename None or ""
        key = (getattr(script, "filename", script) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    if "script_files" in context:
        context["script_files"] = unique


COLAB_EDITION = "colab"  # the branch the deploy workflow publishes `make colab` on


def colab_edition_button(app, pagename, templatename, context, doctree):
    """Point a chapter's Colab button at its Colab edition instead of the source notebook.

    The theme links ``.../blob/<branch>/notebooks/NN_name.ipynb``, where Colab shows the book's
    MyST markup raw. The deploy workflow publishes the Colab editions (the markup turned into
    Markdown that Colab renders, solutions in collapsed form cells) on the branch ``colab``,
    under ``self-study/``; the button opens that file.
    """
    match = re.fullmatch(r"notebooks/(\d\d_[a-z0-9_]+)", pagename)
    if not match:
        return
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if group.get("label") == "launch-buttons" else []:
            if button.get("text") == "Colab":
                button["url"] = re.sub(
                    r"/blob/[^/]+/notebooks/[^/]+\.ipynb$",
                    f"/blob/{COLAB_EDITION}/self-study/{match.group(1)}.ipynb", button["url"])
                button["tooltip"] = "Open the Colab edition"


def add_static_folder(app, config):
    """Serve book/_static (course.js) with the theme's static files."""
    folder = str(Path(__file__).resolve().parent.parent / "_static")
    if folder not in config.html_static_path:
        config.html_static_path.append(folder)


def _image_only(original):
    """myst-nb's figure context, wrapping a cell's image output only (see point 2 above)."""

    @contextmanager
    def image_only_figure_context(self, figure_options, line):
        if not isinstance(figure_options, dict):
            with original(self, figure_options, line):
                yield
            return
        scratch = nodes.container()
        with self.current_node_context(scratch):
            yield
        if _has_image(scratch):
            with original(self, figure_options, line):
                self.current_node.extend(scratch.children)
        else:
            self.current_node.extend(scratch.children)

    image_only_figure_context._image_only = True
    return image_only_figure_context


def setup(app):
    """Patch myst-nb (once per process) and register the course's event handlers."""
    import myst_nb.ext.glue as nb_glue
    import myst_nb.sphinx_ as nb_sphinx

    if not getattr(nb_glue.extract_glue_data_cell, "_hides_values", False):
        nb_glue.extract_glue_data_cell = hide_glued_value_boxes(nb_glue.extract_glue_data_cell)
    if not getattr(nb_sphinx.create_figure_context, "_image_only", False):
        nb_sphinx.create_figure_context = _image_only(nb_sphinx.create_figure_context)
    app.connect("env-get-updated", number_per_chapter, priority=900)  # after Sphinx's numbering
    app.connect("html-page-context", colab_edition_button, priority=502)  # after the theme's (501)
    app.connect("html-page-context", drop_duplicate_scripts, priority=503)  # before a handler ends the event
    app.connect("config-inited", add_static_folder)
    app.add_js_file("course.js")
    app.add_css_file("course.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
