"""Re-run, in FAST mode, the notebooks that failed in a pytest run, keeping their partial outputs.

    python tools/rerun_failed.py _build/ci/junit.xml

Reads the JUnit report that ``make test`` writes in CI, finds the notebook tests (nbval) that
failed, and runs each failing notebook again with ``tools/execute.py --fast``; the partly
executed copies land in ``_build/failed/`` (see ``execute.py``), where the CI workflow uploads
them as an artifact. Exits 0 even if the re-runs fail (they are expected to).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import NOTEBOOKS  # noqa: E402


def failed_notebooks(junit: Path) -> list[Path]:
    names = set()
    for case in ET.parse(junit).iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        cls = case.get("classname", "")
        if failed and cls.endswith(".ipynb"):
            names.add(cls.split(".")[-2].split("/")[-1] + ".ipynb")
    return sorted(NOTEBOOKS / n for n in names if (NOTEBOOKS / n).is_file())


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    import execute

    for path in failed_notebooks(Path(argv[0])):
        print(f"re-running {path.name} (FAST) to keep its partial outputs ...", flush=True)
        out = execute.FAILED_DIR / path.name
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            execute.execute(path, fast=True, output=out)
        except Exception as err:  # noqa: BLE001 - the failure is what we are after
            print(f"  {path.name}: {type(err).__name__}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
