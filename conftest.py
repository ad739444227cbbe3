"""Shared test set-up (at the repository root, so it applies to tests/ and to the notebooks).

Notebook kernels started by nbval inherit this process's environment, so setting
DLCOURSE_FAST here runs every notebook in FAST mode. The data mirror, if any, comes from
DLCOURSE_MIRROR (CI points it at ../shared/datasets).
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT / "notebooks"), str(ROOT / "tools")]

from nbtools import ONE_THREAD_ENV  # noqa: E402

os.environ["DLCOURSE_FAST"] = "1"
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# pytest-xdist runs one notebook per core: one thread each avoids oversubscribing the CPU.
for var in ONE_THREAD_ENV:
    os.environ.setdefault(var, "1")


@pytest.fixture
def mirror():
    """The offline data mirror named by DLCOURSE_MIRROR (tests using it are skipped without)."""
    value = os.environ.get("DLCOURSE_MIRROR")
    if not value or not Path(value, "SHA256SUMS").is_file():
        pytest.skip("DLCOURSE_MIRROR is not set to a mirror with SHA256SUMS")
    return Path(value)
