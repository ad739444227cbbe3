"""Print one version's section of CHANGELOG.md (the release notes); exit 1 if it has none.

    python tools/changelog.py 0.1.0
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"


def section(version: str, text: str | None = None) -> str | None:
    """The body under ``## [version]`` up to the next ``## `` heading, or None."""
    text = CHANGELOG.read_text(encoding="utf-8") if text is None else text
    match = re.search(rf"^## \[{re.escape(version)}\][^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1).strip() if match and match.group(1).strip() else None


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    body = section(argv[0])
    if body is None:
        print(f"CHANGELOG.md has no section '## [{argv[0]}]': describe the release first.",
              file=sys.stderr)
        return 1
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
