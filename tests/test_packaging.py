"""The helper package as a reader installs it: a wheel with the registry inside, importable at
the lower bounds pyproject.toml declares."""

import os
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from nbtools import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
MODULES = sorted(p.stem for p in (ROOT / "notebooks" / "dlcourse").glob("*.py"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (path,) = out.glob("dlcourse-*.whl")
    return path


def test_wheel_ships_the_registry_and_every_module(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert {f"dlcourse/{m}.py" for m in MODULES} <= names
        assert "dlcourse/fsdd_manifest.tsv" in names
        assert zf.read("dlcourse/registry.toml") == (ROOT / "datasets" / "registry.toml").read_bytes()
        metadata = zf.read(next(n for n in names if n.endswith("METADATA"))).decode()
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert f"Requires-Dist: {requirement}" in metadata, requirement
    assert not (ROOT / "notebooks" / "dlcourse" / "registry.toml").exists(), "one home, no copy or link"


def _lower_bounds():
    pins = []
    for requirement in PYPROJECT["project"]["dependencies"]:
        name, bound = requirement.split(">=")
        pins.append(f"{name}=={bound}.*")
    return pins


@pytest.mark.skipif(not os.environ.get("CI"), reason="installs packages from PyPI: runs in CI")
@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the oldest bounds have wheels up to 3.11")
def test_wheel_imports_at_the_declared_lower_bounds(wheel, tmp_path):
    """pyproject.toml's lower bounds are real: the package imports and reads its registry."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # no checkout on the path
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel), *_lower_bounds()],
                   check=True, capture_output=True, text=True, timeout=900, cwd=tmp_path, env=clean)
    script = (
        "import importlib, numpy, dlcourse, dlcourse.data as d\n"
        f"for m in {MODULES!r}:\n"
        "    if m != '__init__': importlib.import_module('dlcourse.' + m)\n"
        "assert 'mnist' in d.registry() and d._registry_path().parent.name == 'dlcourse'\n"
        "print(numpy.__version__)\n"
    )
    result = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path, env=clean)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().startswith(_lower_bounds()[0].split("==")[1].rstrip(".*"))
