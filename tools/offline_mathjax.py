"""Serve MathJax from the built book itself, for a classroom without internet access.

    make book-offline        # = make book, npm ci --prefix tools/mathjax, then this script
    python tools/offline_mathjax.py [_build/html]

By default the book loads MathJax from a CDN, like every Sphinx site. This copies MathJax 3
(the npm package pinned in tools/mathjax/package.json) into ``_static/mathjax/`` of the built
book and points every page that typesets mathematics at that copy, so the site works when
served from a laptop or a school server with no connection to the internet.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "mathjax" / "node_modules" / "mathjax" / "es5"
CDN = re.compile(r"https://cdn\.jsdelivr\.net/npm/mathjax@3/es5/(tex-mml-chtml\.js)")


def localise(html: Path, source: Path = SOURCE) -> int:
    """Copy MathJax into ``html/_static/mathjax`` and rewrite the pages; return how many."""
    if not (source / "tex-mml-chtml.js").is_file():
        raise SystemExit(f"MathJax is not installed at {source}: run npm ci --prefix tools/mathjax")
    if not (html / "index.html").is_file():
        raise SystemExit(f"{html} is not a built book (no index.html): run make book first")
    target = html / "_static" / "mathjax"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    changed = 0
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        local = Path(os.path.relpath(target, page.parent)).as_posix()
        new = CDN.sub(lambda m: f"{local}/{m.group(1)}", text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", type=Path, default=ROOT / "_build" / "html")
    args = parser.parse_args(argv)
    n = localise(args.html)
    print(f"MathJax served locally: {n} pages rewritten, files in {args.html / '_static' / 'mathjax'}")
    if n == 0:
        print("warning: no page loaded MathJax from the CDN; nothing was rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
