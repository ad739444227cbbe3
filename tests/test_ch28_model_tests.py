"""Chapter 28's model tests run here too: the `%%writefile` cells of the committed notebook that
write `digit_model.py` and `test_digit_model.py` are extracted into a temporary directory and
pytest runs on them in a separate process, with the chapter's SEED."""

import os
import re
import subprocess
import sys

import nbformat
import pytest

from nbtools import NOTEBOOKS

NOTEBOOK = NOTEBOOKS / "28_testing_and_deploying.ipynb"
FILES = ("digit_model.py", "test_digit_model.py")


def writefile_cells(notebook):
    """{file name: text} for every code cell that starts with `%%writefile NAME`."""
    files = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        first, _, body = cell.source.partition("\n")
        match = re.fullmatch(r"%%writefile\s+(\S+)\s*", first)
        if match:
            files[match.group(1)] = body + "\n"
    return files


def notebook_seed(notebook):
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    return int(re.search(r"^SEED = (\d+)", parameters.source, re.M).group(1))


@pytest.fixture(scope="module")
def notebook():
    if not NOTEBOOK.is_file():
        pytest.skip(f"{NOTEBOOK.name} is missing")
    return nbformat.read(NOTEBOOK, as_version=4)


def test_notebook_writes_the_model_and_its_tests(notebook):
    files = writefile_cells(notebook)
    assert set(FILES) <= set(files), f"expected %%writefile cells for {FILES}, found {sorted(files)}"
    assert "def build_model(seed)" in files["digit_model.py"]
    assert "def test_golden_values" in files["test_digit_model.py"]


def test_chapter_model_tests_pass(notebook, tmp_path):
    files = writefile_cells(notebook)
    for name in FILES:
        (tmp_path / name).write_text(files[name])
    env = {**os.environ, "DIGIT_SEED": str(notebook_seed(notebook)), "DIGIT_MODELS": "digit_model",
           "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--color=no", "-p", "no:cacheprovider",
         "-o", "addopts=", "test_digit_model.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert result.returncode == 0, f"the chapter's model tests failed:\n{result.stdout[-3000:]}"
    assert re.search(r"\b6 passed\b", summary), summary
