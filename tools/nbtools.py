"""Shared notebook utilities for the course tooling (execution, tests, page generation)."""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import re
import tomllib
from pathlib import Path

import nbformat

#: Thread-pool variables set to 1 when kernels run side by side, one per core (``make test``'s
#: pytest-xdist workers, ``make test-colab``): BLAS and OpenMP pools of two kernels fighting for
#: two cores slow both down several-fold.
ONE_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS")

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


# The first lines of every setup cell: import the helper package, and install it first where it
# is missing (Colab, or a notebook downloaded on its own), from the release tag of the notebooks.
# `tools/release.py` writes the tag. These lines do not change what a run computes, and the tag
# changes at every release, so the freshness hash sees them as one placeholder (as it does the
# form used before releases existed): a release does not make the committed outputs stale.
SETUP_PREAMBLE = (
    "try:\n"
    "    import dlcourse\n"
    "except ModuleNotFoundError:  # in Colab, or a notebook downloaded on its own\n"
    '    %pip install -q "dlcourse{extras} @ git+{url}@{tag}"\n'
    "    import dlcourse\n"
    '    print("Installed the course helpers, release", dlcourse.__version__)'
)
_PREAMBLE_BEFORE_RELEASES = (
    "import sys\n"
    'if "google.colab" in sys.modules:  # in Colab, install the course helpers first\n'
    '    %pip install -q "dlcourse @ git+{url}"\n'
    "import dlcourse"
)

# The packages a chapter needs beyond what Colab ships are extras of the helper package
# (pyproject.toml, [project.optional-dependencies]); the preamble installs the extras of the
# modules the chapter imports, e.g. "dlcourse[tuner] @ git+...". One mapping, import -> extra:
EXTRAS_BY_IMPORT = {
    "keras_tuner": "tuner",
    "gymnasium": "rl",
    "ai_edge_litert": "litert",
    "cv2": "vision",
}


def chapter_extras(nb) -> list[str]:
    """The helper package's extras a chapter needs, from the modules its code cells import."""
    modules = set()
    for cell in code_cells(nb):
        modules.update(re.findall(r"^\s*(?:import|from)\s+(\w+)", cell.source, re.M))
    return sorted({EXTRAS_BY_IMPORT[m] for m in modules if m in EXTRAS_BY_IMPORT})


def format_extras(extras) -> str:
    return f"[{','.join(extras)}]" if extras else ""


def setup_preamble(url: str, tag: str, extras=()) -> str:
    """The preamble installing release ``tag`` of the helpers with ``extras``."""
    return SETUP_PREAMBLE.format(url=url, tag=tag, extras=format_extras(extras))


def _preamble_pattern(template: str) -> re.Pattern:
    text = re.escape(template).replace(re.escape("{url}"), r"(?P<url>https://[^\"\s@]+)")
    text = text.replace(re.escape("{extras}"), r"(?P<extras>(?:\[[\w,\-]+\])?)")
    return re.compile(text.replace(re.escape("{tag}"), r"(?P<tag>[\w.\-/]+)"))


PREAMBLE = _preamble_pattern(SETUP_PREAMBLE)


def _without_preamble(source: str) -> str:
    """The source with the setup preamble written in its pre-release form, whatever the tag (so
    the hashes of reference runs made before releases existed stay valid)."""
    return PREAMBLE.sub(lambda m: _PREAMBLE_BEFORE_RELEASES.format(url=m["url"]), source)


def code_hash(nb, parameters: dict | None = None) -> str:
    """SHA-256 of the notebook's code cells (setup preamble aside) and its run parameters."""
    payload = json.dumps(
        {"code": [_without_preamble(c.source) for c in code_cells(nb)],
         "parameters": parameters or {}},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def book_url() -> str:
    """Where the book is published (GitHub Pages of the repository in _config.yml)."""
    import yaml

    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")
    owner, repo = url.split("/")[-2:]
    return f"https://{owner}.github.io/{repo}"


def package_version() -> str:
    """``dlcourse.__version__``, read from the package source without importing it."""
    text = (NOTEBOOKS / "dlcourse" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if match is None:
        raise RuntimeError("notebooks/dlcourse/__init__.py does not set __version__")
    return match.group(1)


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


# --------------------------------------------------------------------------- helper dependencies

PACKAGE = NOTEBOOKS / "dlcourse"


def _module_graph(package: Path) -> tuple[dict[str, str], dict[str, set[str]], dict[str, str]]:
    """:func:`_read_package`, cached while the package's files are unchanged."""
    key = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(package.glob("*.py")))
    return _read_package(package, key)


@functools.cache
def _read_package(package: Path, _key: tuple) -> tuple[dict[str, str], dict[str, set[str]], dict[str, str]]:
    """Read the helper package statically (no import): for every top-level definition
    ``module.name`` its source text and the package definitions it refers to, plus the names
    the package's ``__init__`` re-exports (``{"set_seed": "runtime.set_seed", ...}``)."""
    sources, refs, exports = {}, {}, {}
    for path in sorted(package.glob("*.py")):
        module = path.stem
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        aliases: dict[str, str] = {}  # local name -> "module" or "module.name"
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                for alias in node.names:
                    local = alias.asname or alias.name
                    aliases[local] = f"{node.module}.{alias.name}" if node.module else alias.name
        if module == "__init__":
            exports = {k: v for k, v in aliases.items() if "." in v}
            continue
        top = {}
        for node in tree.body:
            names = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
            for name in names:
                top[name] = node
        for name, node in top.items():
            key = f"{module}.{name}"
            source = ast.get_source_segment(text, node) or ""
            decorators = getattr(node, "decorator_list", [])
            sources[key] = "\n".join(ast.get_source_segment(text, d) or "" for d in decorators) + source
            found = set()
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name):
                    if sub.id in top and sub.id != name:
                        found.add(f"{module}.{sub.id}")
                    elif sub.id in aliases and "." in aliases[sub.id]:
                        found.add(aliases[sub.id])
                elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
                    target = aliases.get(sub.value.id)
                    if target and "." not in target:  # `from . import data` then data.fetch
                        found.add(f"{target}.{sub.attr}")
            refs[key] = found
    return sources, refs, exports


# Data delivery stops the dependency walk: what fetch returns is checked against the sha256 in
# the registry, so the bytes a chapter reads are covered by ``registry.<name>`` below, and a
# change to how files are downloaded or cached does not make every chapter's outputs stale.
VERIFIED_BOUNDARY = {"data.fetch", "data.fetch_many"}


def _dataset_fingerprint(entry: dict) -> str:
    """The hashes of a registry entry's bytes (not its prose): files or manifest."""
    if "manifest" in entry:
        return hashlib.sha256((PACKAGE / entry["manifest"]).read_bytes()).hexdigest()
    files = {name: [f.get("sha256"), f.get("mirror_sha256")] for name, f in entry.get("files", {}).items()}
    return json.dumps(files, sort_keys=True)


def helper_hashes(nb) -> dict[str, str]:
    """Short hashes of every helper-package definition a notebook depends on.

    The roots are the ``dlcourse`` names its code cells mention (``dlcourse.data.load_mnist``,
    ``from dlcourse.series import make_windows``, ``dlcourse.set_seed``); the closure follows
    references between package definitions. The registry tables of the datasets the notebook
    loads are represented by the hashes of their files, as ``registry.<name>``. A reference run records these, and the freshness
    test names the ones that changed since.
    """
    sources, refs, exports = _module_graph(PACKAGE)
    modules = {key.split(".")[0] for key in sources}
    code = "\n".join(c.source for c in code_cells(nb))
    roots = set()
    for module, name in re.findall(r"\bdlcourse\.(\w+)\.(\w+)", code):
        roots.add(f"{module}.{name}")
    for name in re.findall(r"\bdlcourse\.(\w+)\b(?!\.)", code):
        if name in exports:
            roots.add(exports[name])
    imported = r"\s+import\s+(\([^)]*\)|[^\n]+)"

    def names_in(clause: str) -> list[str]:
        clause = re.sub(r"#[^\n]*", "", clause).strip("()")
        return [part.split()[0] for part in clause.split(",") if part.split()]

    for module, clause in re.findall(r"from\s+dlcourse\.(\w+)" + imported, code):
        roots |= {f"{module}.{n}" for n in names_in(clause)}
    for clause in re.findall(r"from\s+dlcourse" + imported, code):
        for n in names_in(clause):
            if n in exports:
                roots.add(exports[n])
            elif n in modules:  # `from dlcourse import series` then series.load_beijing
                roots |= {f"{n}.{m}" for m in re.findall(rf"\b{n}\.(\w+)", code)}
    seen, todo = set(), [r for r in roots if r in sources]
    while todo:
        key = todo.pop()
        if key not in seen and key not in VERIFIED_BOUNDARY:
            seen.add(key)
            todo.extend(r for r in refs.get(key, ()) if r in sources)
    hashes = {key: hashlib.sha256(sources[key].encode()).hexdigest()[:12] for key in sorted(seen)}
    with open(ROOT / "datasets" / "registry.toml", "rb") as f:
        registry = tomllib.load(f)
    for name in sorted(datasets_used(nb)):
        if name in registry:
            text = _dataset_fingerprint(registry[name])
            hashes[f"registry.{name}"] = hashlib.sha256(text.encode()).hexdigest()[:12]
    return hashes


def stale_helpers(nb, recorded: dict[str, str]) -> list[str]:
    """Names whose hash differs from (or is missing in) the ``recorded`` reference-run hashes."""
    now = helper_hashes(nb)
    return sorted(k for k in set(now) | set(recorded) if now.get(k) != recorded.get(k))
