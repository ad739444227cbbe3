"""Find the MyST directives in a notebook's markdown with the MyST parser itself.

The student edition (``student_edition.py``) and any other edition that rewrites the
chapters' markup use this module, so they agree with the book on where a directive starts
and ends: backtick fences of any length (```` ```` ```` around a directive that holds a code
block), ``:::`` colon fences, and several directives in one cell are all handled by
markdown-it-py with the same extensions as ``_config.yml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

EXTENSIONS = {"amsmath", "colon_fence", "deflist", "dollarmath", "substitution"}
_NAME = re.compile(r"^\{([A-Za-z][\w:-]*)\}\s*(.*)$")
_OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")


@dataclass(frozen=True)
class Directive:
    """One top-level directive of a markdown text: its name, argument and line span."""

    name: str        # e.g. "exercise", "solution", "solution-start"
    argument: str    # e.g. the label a solution refers to
    start: int       # first line (0-based)
    end: int         # one past the last line
    body: str        # the directive's content (options included), as written

    @property
    def content(self) -> str:
        """The body without its leading ``:option: value`` lines."""
        lines = self.body.splitlines()
        while lines and _OPTION.match(lines[0].strip()):
            lines.pop(0)
        return "\n".join(lines)


@functools.cache
def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=EXTENSIONS), RendererHTML)


def directives(text: str) -> list[Directive]:
    """The top-level directives in ``text``, in order (nested ones are part of their parent)."""
    found = []
    for token in _parser().parse(text):
        if token.level != 0 or token.type not in ("fence", "colon_fence") or not token.map:
            continue
        match = _NAME.match(token.info.strip())
        if match:
            found.append(Directive(match.group(1), match.group(2).strip(),
                                   token.map[0], token.map[1], token.content))
    return found


def option(body: str, name: str) -> str | None:
    """The value of a ``:name: value`` option at the top of a directive body, if present."""
    for line in body.splitlines():
        m = _OPTION.match(line.strip())
        if not m:
            break
        if m.group(1) == name:
            return m.group(2).strip()
    return None
