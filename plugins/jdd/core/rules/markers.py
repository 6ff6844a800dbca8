"""Exemption markers: `<!-- jdd: allow JDD506 -->` silences the named codes on its own line.

A marker is an HTML comment, so customer builds strip it with every other
comment. It names one or more codes or code names, separated by spaces or
commas, and exempts findings of those codes reported at the marker's line
of the same page. Markers inside code blocks, inline code or front matter
are text, not markers. A marker that names an unknown code, names no code,
or uses another verb than `allow` is reported as JDD509.

NOTE: `check_jdd` applies the markers, so findings added after it (the
mermaid render check's JDD301 and JDD304, the portfolio's JDD115) are not
exempted. Those point at a diagram, where a comment cannot stand, or at a
cover's first line, which is the front matter fence in a complete JDD.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..codes import CODES
from ..findings import Finding
from ..loader import closest
from ..model import Jdd, Page
from . import RuleContext, rule

_MARKER_RE = re.compile(r"<!--\s*jdd\s*:\s*(?P<verb>[\w-]*)(?P<rest>.*?)-->", re.IGNORECASE)
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_CODE_NAMES = {code.name: code.code for code in CODES.values()}


@dataclass(frozen=True)
class Marker:
    line: int
    column: int
    verb: str
    #: The words after the verb, as written.
    names: tuple[str, ...]


def page_markers(page: Page) -> Iterator[Marker]:
    """Yield every `<!-- jdd: ... -->` comment of a page, outside code and front matter."""
    if not page.readable:
        return
    code_lines: set[int] = set()
    for token in page.markdown.tokens:
        if token.type in ("fence", "code_block") and token.map:
            code_lines.update(range(token.map[0] + 1, token.map[1] + 1))
    for number, line in enumerate(page.markdown.lines, start=1):
        if number < page.front.body_line or number in code_lines or "jdd" not in line:
            continue
        visible = _CODE_SPAN_RE.sub(lambda match: " " * len(match.group(0)), line)
        for match in _MARKER_RE.finditer(visible):
            names = tuple(word for word in re.split(r"[\s,]+", match.group("rest")) if word)
            yield Marker(number, match.start() + 1, match.group("verb").lower(), names)


def code_of(name: str) -> str | None:
    """Return the code a marker word names (`JDD506`, `jdd506` or `roadmap-language`), or None."""
    if name.upper() in CODES:
        return name.upper()
    return _CODE_NAMES.get(name.lower())


def allowed_codes(jdd: Jdd) -> dict[tuple[str, int], set[str]]:
    """Map (absolute path, line) to the codes the markers on that line exempt."""
    allowed: dict[tuple[str, int], set[str]] = {}
    for rel, page in jdd.pages.items():
        for marker in page_markers(page):
            if marker.verb != "allow":
                continue
            codes = {code for code in map(code_of, marker.names) if code}
            if codes:
                allowed.setdefault((str(jdd.path_of(rel)), marker.line), set()).update(codes)
    return allowed


def drop_allowed(jdd: Jdd, findings: list[Finding]) -> list[Finding]:
    """Remove the findings that a marker on their line exempts. JDD509 findings about markers always stay."""
    allowed = allowed_codes(jdd)
    if not allowed:
        return findings
    return [
        finding for finding in findings
        if finding.code == "JDD509" or finding.code not in allowed.get((finding.path, finding.line), ())
    ]


@rule
def marker_names(context: RuleContext) -> Iterator[Finding]:
    for rel, page in context.jdd.pages.items():
        for marker in page_markers(page):
            yield from _check_marker(context, rel, marker)


def _check_marker(context: RuleContext, rel: str, marker: Marker) -> Iterator[Finding]:
    if marker.verb != "allow":
        yield context.finding(
            "JDD509", rel, marker.line, marker.column,
            f"'jdd: {marker.verb}' is not a marker; write '<!-- jdd: allow CODE -->' to exempt this line "
            "from the finding CODE",
        )
        return
    if not marker.names:
        yield context.finding(
            "JDD509", rel, marker.line, marker.column,
            "the marker names no code; write the code it exempts, as in '<!-- jdd: allow JDD506 -->'",
        )
        return
    for name in marker.names:
        if code_of(name):
            continue
        guess = _guess(name)
        hint = f"; did you mean '{guess}'?" if guess else "; run 'jdd codes' for the list"
        yield context.finding(
            "JDD509", rel, marker.line, marker.column,
            f"the marker names '{name}', which is not a finding code{hint}",
        )


def _guess(name: str) -> str | None:
    """Return the code or code name a misspelt marker word most likely meant."""
    # difflib rates 'JDD509' as close to 'JDD560' as 'JDD506' is, so digits in another order win first.
    swapped = [code for code in CODES if sorted(code) == sorted(name.upper())]
    if swapped:
        return swapped[0]
    return closest(name.upper(), CODES) or closest(name.lower(), _CODE_NAMES)
