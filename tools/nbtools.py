"""Shared notebook utilities for the course tooling (execution, tests, page generation)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
STAMP_KEY = "dlcourse"


def code_cells(nb):
    """The code cells a reader sees (papermill's injected-parameters cell excluded)."""
    return [
        c for c in nb.cells
        if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])
    ]


def prose(nb) -> str:
    """All markdown of a notebook, joined: what the reader reads."""
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def code_hash(nb, parameters: dict | None = None) -> str:
    """SHA-256 of the notebook's code cells and the parameters it was run with."""
    payload = json.dumps(
        {"code": [c.source for c in code_cells(nb)], "parameters": parameters or {}},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def read(path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def _toc_files(node) -> list[str]:
    """Every ``file:`` entry of a parsed _toc.yml, depth first, in order."""
    if isinstance(node, dict):
        found = [node["file"]] if "file" in node else []
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []) or []:
                found += _toc_files(child)
        return found
    return []


def toc_notebooks() -> list[Path]:
    """Notebook paths listed in _toc.yml, in order (read with a YAML parser)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [f for f in _toc_files(toc) if f.startswith("notebooks/")]
    return [ROOT / (f if f.endswith(".ipynb") else f + ".ipynb") for f in files]


def glued(nb) -> dict:
    """Values recorded with ``glue`` in a notebook's outputs: ``{name: python value}``."""
    values = {}
    for cell in code_cells(nb):
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            prefix = meta.get("mime_prefix", "")  # set when glued with display=False
            text = out.get("data", {}).get(prefix + "text/plain")
            if text is None:
                continue
            values[meta["name"]] = _literal(text)
    return values


def _literal(text: str):
    import ast

    text = text.strip()
    m = re.fullmatch(r"np\.(?:float|int)\d+\((.*)\)", text)
    if m:
        text = m.group(1)
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


# How a chapter's code reads each registry dataset: a course loader, or fetch("name", ...).
DATASET_LOADERS = {
    r"load_mnist\(\s*\)|load_mnist\(\s*[\"']mnist[\"']": "mnist",
    r"load_mnist\(\s*[\"']fashion": "fashion-mnist",
    r"load_housing\(": "housing",
    r"load_california\(": "california",
    r"load_olivetti\(": "olivetti",
    r"load_boston\(": "boston",
    r"load_phishing\(": "phishing",
    r"load_imdb\(": "imdb",
    r"load_beijing\(": "beijing",
    r"load_fsdd\(": "fsdd",
}


def datasets_used(nb) -> set[str]:
    """Registry datasets that a notebook's code loads (through a loader or ``fetch``)."""
    code = "\n".join(c.source for c in code_cells(nb))
    used = {name for pattern, name in DATASET_LOADERS.items() if re.search(pattern, code)}
    used |= set(re.findall(r"fetch\(\s*[\"']([\w-]+)[\"']", code))
    return used
