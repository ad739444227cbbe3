"""Point every chapter's setup cell at the release tag of the current version.

    python tools/release.py            # rewrite the setup preamble of every chapter
    python tools/release.py --check    # exit 1 if a chapter installs another release (CI)

The version is ``dlcourse.__version__`` (notebooks/dlcourse/__init__.py). The setup cell of a
chapter imports the helper package and, where it is missing (Colab, or a notebook downloaded on
its own), installs it from the tag ``v<version>`` (``nbtools.SETUP_PREAMBLE``), so a class
working from release 0.1.0 gets the helpers of 0.1.0, whatever has happened on ``main`` since.
It installs the package's extras for what the chapter imports and Colab lacks
(``nbtools.EXTRAS_BY_IMPORT``: keras_tuner -> ``dlcourse[tuner]``, and so on).
The freshness hash reads the preamble as one fixed text, so this rewrite leaves the committed
outputs valid.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import (  # noqa: E402
    _PREAMBLE_BEFORE_RELEASES, PREAMBLE, ROOT, _preamble_pattern, chapter_extras, code_cells,
    package_version, read, setup_preamble, toc_notebooks,
)

OLD = _preamble_pattern(_PREAMBLE_BEFORE_RELEASES)


def repository_url() -> str:
    return yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


def pin(source: str, url: str, tag: str, extras=()) -> str:
    """The setup cell's source with its preamble in the current form, installing ``tag`` (and the
    helper package's ``extras``: the packages the chapter needs that Colab does not ship)."""
    new = setup_preamble(url, tag, extras)
    source = PREAMBLE.sub(lambda m: new, source)
    return OLD.sub(lambda m: new, source)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, change nothing")
    args = parser.parse_args(argv)
    url, tag = repository_url(), f"v{package_version()}"
    wrong = []
    for path in toc_notebooks():
        nb = read(path)
        extras = chapter_extras(nb)
        wanted = setup_preamble(url, tag, extras)
        setup = code_cells(nb)[1]
        if not (PREAMBLE.search(setup.source) or OLD.search(setup.source)):
            wrong.append(f"{path.name}: the setup cell does not start with the course preamble")
            continue
        if wanted in setup.source:
            continue
        found = PREAMBLE.search(setup.source)
        wrong.append(f"{path.name}: installs "
                     f"{'dlcourse' + found['extras'] + ' ' + found['tag'] if found else 'the newest commit'}"
                     f" (wanted: extras {extras or 'none'}, {tag})")
        if not args.check:
            setup.source = pin(setup.source, url, tag, extras)
            nbformat.write(nb, str(path))
    if args.check and wrong:
        print(f"Every setup cell must install the helpers of release {tag}:", *wrong, sep="\n  ")
        print("Run: python tools/release.py")
        return 1
    if not args.check:
        print(f"{len(wrong)} notebooks changed; every chapter installs {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
