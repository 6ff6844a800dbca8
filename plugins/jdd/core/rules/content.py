"""5xx rules: content that is not finished."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..frontmatter import FrontMatter
from ..model import COVER_FILE, Page
from . import RuleContext, rule

_PLACEHOLDER_RE = re.compile(
    r"\b(?P<word>TODO|TBD|FIXME|XXX)\b"
    r"|(?P<lorem>[Ll]orem ipsum)"
    r"|(?P<angle><(?:[A-Za-z][A-Za-z0-9]*[ _-])+[A-Za-z0-9 _-]*>)"
    r"|(?:^|:[ \t]*)(?P<dots>\.\.\.|…)[ \t]*$",
    re.MULTILINE,
)
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def find_placeholders(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (line offset, column, placeholder) for each placeholder in `text`."""
    masked = _CODE_SPAN_RE.sub(lambda match: " " * len(match.group(0)), text)
    for match in _PLACEHOLDER_RE.finditer(masked):
        group = next(name for name in ("word", "lorem", "angle", "dots") if match.group(name))
        start = match.start(group)
        line_offset = masked.count("\n", 0, start)
        column = start - (masked.rfind("\n", 0, start) + 1) + 1
        yield line_offset, column, match.group(group)


@rule
def placeholders(context: RuleContext) -> Iterator[Finding]:
    for rel, page in context.jdd.pages.items():
        if not page.readable:
            continue
        yield from _page_placeholders(context, rel, page)
        if rel == COVER_FILE:
            yield from _front_matter_placeholders(context, rel, page.front)


def _page_placeholders(context: RuleContext, rel: str, page: Page) -> Iterator[Finding]:
    # Table cells of one row are separate inline tokens on the same source line.
    searched_from: dict[int, int] = {}
    for token in page.markdown.tokens:
        if token.type != "inline" or not token.map:
            continue
        for line_offset, _, found in find_placeholders(token.content):
            line = token.map[0] + 1 + line_offset
            # The inline text has lost its list marker, table pipes and indent, so the column
            # is found in the source line itself, after any earlier placeholder on it.
            source_line = page.markdown.lines[line - 1]
            start = source_line.find(found, searched_from.get(line, 0))
            searched_from[line] = start + len(found) if start >= 0 else searched_from.get(line, 0)
            yield context.finding(
                "JDD501", rel, line, start + 1 if start >= 0 else 1,
                f"placeholder '{found}' left in the text; replace it with real content",
            )


def _front_matter_placeholders(context: RuleContext, rel: str, front: FrontMatter) -> Iterator[Finding]:
    for path, location in front.locations.items():
        if not location.raw or (path and path[0] == "jdd" and len(path) > 1 and path[1] == "internal"):
            continue
        for _, _, found in find_placeholders(location.raw):
            dotted = ".".join(str(part) for part in path)
            yield context.finding(
                "JDD501", rel, location.value_line, location.value_column,
                f"placeholder '{found}' left in '{dotted}'; replace it with the real value",
            )
            break
