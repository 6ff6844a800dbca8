"""Grouping a rendered job slide into its sections, so the slide can lay them out side by side.

Rendered Markdown is flat: a heading, then the blocks under it. A job slide
reads best with the description and the diagram across the slide and the
assumptions and next steps next to each other, which CSS can only do when
each section is one element. `group_sections` wraps each top-level `<h2>` and
what follows it, up to the next top-level `<h2>`, in a `<section>`.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Callable

#: Elements that have no end tag, so they never open a level of nesting.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}


class _TopLevelHeadings(HTMLParser):
    """Find the offsets of `<h2>` elements that are not inside any other element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.starts: list[int] = []
        self.consistent = True
        self._line_offsets = [0]

    def feed_text(self, text: str) -> None:
        for line in text.splitlines(keepends=True):
            self._line_offsets.append(self._line_offsets[-1] + len(line))
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _VOID:
            return
        if tag == "h2" and self.depth == 0:
            self.starts.append(self._offset())
        self.depth += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self.depth -= 1
        if self.depth < 0:
            self.consistent = False
            self.depth = 0


def group_sections(html: str, section_name: Callable[[str], str]) -> str:
    """Return the HTML with each top-level `<h2>` section wrapped in `<section class="jdd-section ...">`.

    `section_name` maps a heading's text to a name for its class ("diagram",
    or "" for a heading of no known section). HTML whose elements do not nest
    cleanly (raw HTML with a missing end tag) is returned unchanged, because a
    wrapper could then end inside another element.
    """
    scanner = _TopLevelHeadings()
    try:
        scanner.feed_text(html)
    except AssertionError:  # pragma: no cover - html.parser raises it on some malformed declarations
        return html
    if not scanner.starts or not scanner.consistent or scanner.depth != 0:
        return html

    parts = [html[:scanner.starts[0]]]
    bounds = scanner.starts + [len(html)]
    for start, end in zip(bounds, bounds[1:]):
        chunk = html[start:end]
        name = section_name(_heading_text(chunk)) or "other"
        parts.append(f'<section class="jdd-section jdd-section--{name}">{chunk.rstrip()}</section>\n')
    head = parts[0]
    return head + '<div class="jdd-sections">' + "".join(parts[1:]) + "</div>\n"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        # The permalink anchor Python-Markdown adds to headings is not part of the title.
        if tag == "a" and ("class", "headerlink") in attrs:
            self.skip += 1

    def handle_endtag(self, tag) -> None:
        if tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data) -> None:
        if not self.skip:
            self.parts.append(data)


def _heading_text(chunk: str) -> str:
    end = chunk.find("</h2>")
    parser = _Text()
    parser.feed(chunk[: end if end >= 0 else len(chunk)])
    parser.close()
    return "".join(parser.parts).strip()
