"""Presenter notes: `!!! notes` and `??? notes` blocks, taken out of a slide's Markdown.

Notes are internal content. They are removed from the Markdown before it is
rendered, so they never reach the slide, the print view, the search index or
a PDF. The site shows them only in the presenter view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown import _dedent, parse_markdown

NOTES_TYPE = "notes"
#: Text that every notes marker line contains; a page without it has no notes and is not parsed.
_NOTES_MARKER_RE = re.compile(r"(?:!!!|\?\?\?)\+?[ \t]*" + NOTES_TYPE, re.IGNORECASE)


@dataclass(frozen=True)
class Notes:
    """One notes block: its body as Markdown, dedented, and where it was."""

    markdown: str
    #: Line of the `!!! notes` marker, from 1, in the text given to `split_notes`.
    line: int
    end_line: int


def split_notes(markdown: str) -> tuple[str, list[Notes]]:
    """Return the Markdown without its notes blocks, and the blocks in source order.

    A notes block is an admonition or a details block whose type is `notes`, at
    any depth (inside a tab too). Its lines become blank lines, so every other
    line keeps its number. Markers inside code fences are text, not notes.
    """
    if _NOTES_MARKER_RE.search(markdown) is None:
        return markdown, []
    parsed = parse_markdown(markdown)
    blocks = [
        container for container in parsed.containers
        if container.kind in ("admonition", "details")
        and container.type and container.type.split()[0].lower() == NOTES_TYPE
    ]
    # A notes block inside another notes block goes out with its parent.
    outermost = [block for block in blocks if not _inside_any(block, blocks)]
    if not outermost:
        return markdown, []

    lines = markdown.split("\n")
    notes: list[Notes] = []
    for block in outermost:
        body = [_dedent(line, block.body_indent) for line in lines[block.line:block.end_line]]
        notes.append(Notes(markdown="\n".join(body).strip("\n"), line=block.line, end_line=block.end_line))
        for index in range(block.line - 1, block.end_line):
            lines[index] = ""
    return "\n".join(lines), notes


def _inside_any(block, blocks) -> bool:
    parent = block.parent
    while parent is not None:
        if any(parent is other for other in blocks):
            return True
        parent = parent.parent
    return False
