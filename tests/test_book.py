"""The book builds from the committed outputs with zero Sphinx warnings."""

import subprocess
import sys
from pathlib import Path

from nbtools import ROOT


def test_book_builds_without_warnings(tmp_path):
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(ROOT), "--builder", "html", "-W", "-n", "--keep-going",
         "--path-output", str(tmp_path)],
        capture_output=True, text=True, timeout=900,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    assert "WARNING" not in log, log[-6000:]
    html = tmp_path / "_build" / "html"
    assert (html / "index.html").is_file()
    for page in ("book/datasets", "book/results", "book/teaching", "book/glossary", "book/references"):
        assert (html / f"{page}.html").is_file(), page
