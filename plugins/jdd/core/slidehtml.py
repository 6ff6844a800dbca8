"""Grouping a rendered job slide into its sections, so the slide can lay them out side by side.

Rendered Markdown is flat: a heading, then the blocks under it. A job slide
reads best with the description and the diagram across the slide and the
assumptions and next steps next to each other, which CSS can only do when
each section is one element. `group_sections` wraps each top-level `<h2>` and
what follows it, up to the next top-level `<h2>`, in a `<section>`.
"""

from __future__ import annotations

import html as html_module
import re
from typing import Callable

#: Elements that have no end tag, so they never open a level of nesting.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}


# One token of HTML that changes or hides the nesting: a comment, a script or style element
# with its raw text, a declaration or processing instruction, or a start or end tag (attribute
# values may hold ">"). The last alternative is a tag that does not end. Text between tokens,
# a "<" that starts no tag included, is skipped.
_TOKEN_RE = re.compile(
    r"""(?P<comment><!--.*?-->)
      | <(?P<raw>script|style)\b(?:[^>"']|"[^"]*"|'[^']*')*>.*?</(?P=raw)\s*>
      | <(?P<end>/)?(?P<tag>[a-zA-Z][^\t\n\r\f />\x00]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>
      | <[!?][^>]*>
      | (?P<broken></?[a-zA-Z])""",
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)
_RAW_START_RE = re.compile(r"<(?:script|style)\b", re.IGNORECASE)


def _top_level_h2(html: str) -> list[int] | None:
    """Return the offsets of the `<h2>` start tags that are inside no other element.

    Returns None when the scan cannot follow the nesting: an end tag with no element
    open, an element left open at the end, a tag or a quoted value that does not end,
    or a comment or raw-text element never closed.
    """
    depth = 0
    starts: list[int] = []
    comments = raw = 0
    for match in _TOKEN_RE.finditer(html):
        tag = match.group("tag")
        if tag is None:
            if match.group("broken"):
                return None  # a tag without its ">", or with a quote never closed
            comments += match.group("comment") is not None
            raw += match.group("raw") is not None
            continue
        if "<" in match.group("attrs"):
            return None  # most likely a quote never closed, which swallowed the tags after it
        tag = tag.lower()
        if tag in _VOID:
            continue
        if match.group("end"):
            depth -= 1
            if depth < 0:
                return None
        elif not _closes_itself(match.group("attrs")):
            if tag == "h2" and depth == 0:
                starts.append(match.start())
            depth += 1
    # A comment or raw-text element without its end hides the rest of the page from the scan.
    if depth != 0 or html.count("<!--") != comments or len(_RAW_START_RE.findall(html)) != raw:
        return None
    return starts


# One attribute of a start tag, or a "/" between attributes. An unquoted value may contain "/".
_ATTRIBUTE_PART_RE = re.compile(r"""\s*(?:(?P<slash>/)|[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?)""")


def _closes_itself(attrs: str) -> bool:
    """Tell whether a start tag with these attributes ends with "/>", as `<br/>` or `<div class="a" />` do.

    The attributes are read in turn, so a "/" that ends an unquoted value (`<a href=/x/>`) is not taken for one.
    """
    position, slash_end = 0, -1
    while position < len(attrs):
        match = _ATTRIBUTE_PART_RE.match(attrs, position)
        if match is None or match.end() == position:
            return False
        if match.group("slash"):
            slash_end = match.end()
        position = match.end()
    return slash_end == len(attrs)


def group_sections(html: str, section_name: Callable[[str], str]) -> str:
    """Return the HTML with each top-level `<h2>` section wrapped in `<section class="jdd-section ...">`.

    `section_name` maps a heading's text to a name for its class ("diagram",
    or "" for a heading of no known section). HTML whose elements do not nest
    cleanly (raw HTML with a missing end tag) is returned unchanged, because a
    wrapper could then end inside another element.
    """
    starts = _top_level_h2(html)
    if not starts:
        return html

    parts = [html[:starts[0]]]
    bounds = starts + [len(html)]
    for start, end in zip(bounds, bounds[1:]):
        chunk = html[start:end]
        name = section_name(_heading_text(chunk)) or "other"
        parts.append(f'<section class="jdd-section jdd-section--{name}">{chunk.rstrip()}</section>\n')
    head = parts[0]
    return head + '<div class="jdd-sections">' + "".join(parts[1:]) + "</div>\n"


# The permalink anchor Python-Markdown adds to a heading is not part of its title.
_PERMALINK_RE = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a\s*>', re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_HEADING_END_RE = re.compile(r"</h2\s*>", re.IGNORECASE)


def _heading_text(chunk: str) -> str:
    end = _HEADING_END_RE.search(chunk)
    heading = _PERMALINK_RE.sub("", chunk[: end.start() if end else len(chunk)])
    return html_module.unescape(_TAG_RE.sub("", heading)).strip()
