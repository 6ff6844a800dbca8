"""The customer-facing text of a page, with every character at its source line and column.

Internal-only content is what a customer build removes
(`jdd.core.audience.strip_internal`): a page with `jdd_internal: true`,
`!!! internal` and `??? internal` admonitions, presenter notes
(`!!! notes`), and HTML comments. The content rules look only at what is left. Front matter,
code blocks, inline code, link destinations and HTML tags are left out as
well: code is quoted literally, and a URL or a tag is not prose.

`ParsedMarkdown.is_internal_line` treats a whole paragraph as internal when
it contains an inline comment; here only the comment itself is removed, so
`Ships in Q3. <!-- jdd: allow JDD506 -->` still shows "Ships in Q3" to the
rules (and the marker then exempts the line).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..audience import INTERNAL_CONTAINER_TYPES
from ..model import Page

_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_LINK_DESTINATION_RE = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_REFERENCE_DEFINITION_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S.*$")
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>|https?://\S+", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_ATTR_LIST_RE = re.compile(r"\{\s*[:#.][^}]*\}")
_TASK_BOX_RE = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[[ xX]\]")
_CONTAINER_MARKER_RE = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?|===\+?)[ \t]*[\w-]*")
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")


def _blank(match: re.Match) -> str:
    """Replace a match with spaces, keeping its line breaks."""
    return re.sub(r"[^\n]", " ", match.group(0))


@dataclass(frozen=True)
class CustomerText:
    """A page's text with everything a customer does not read replaced by spaces.

    `text` keeps the source's line breaks and the column of every visible
    character, so an offset into it converts back to a source line and column.
    """

    rel: str
    text: str
    #: Offset of the first character of each line.
    line_starts: list[int]

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of an offset into `text`."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def lines(self, first: int, last: int) -> tuple[str, int]:
        """Return the text of lines `first` to `last` (1-based, inclusive) and its start offset."""
        first = max(first, 1)
        if first > len(self.line_starts):
            return "", len(self.text)
        start = self.line_starts[first - 1]
        end = self.line_starts[last] - 1 if last < len(self.line_starts) else len(self.text)
        return self.text[start:end], start

    def words(self) -> int:
        return len(_WORD_RE.findall(self.text))


def customer_text(page: Page, *, diagrams: bool = True, code: bool = False) -> CustomerText | None:
    """Build the customer-facing view of a page, or None when the page is internal or unreadable.

    `diagrams` keeps the Mermaid source (a diagram's labels are on the slide);
    `code` keeps other code blocks and inline code, for counting words.
    """
    if not page.readable or page.is_internal:
        return None
    key = ("customer_text", diagrams, code)
    if key not in page.views:
        page.views[key] = _customer_text(page, diagrams=diagrams, code=code)
    return page.views[key]


def _customer_text(page: Page, *, diagrams: bool, code: bool) -> CustomerText:
    markdown = page.markdown
    lines = list(markdown.lines)

    # Whole lines that are not customer prose: front matter, code and internal containers.
    hidden = set(range(1, page.front.body_line))
    literal: set[int] = set()
    for token in markdown.tokens:
        if token.type not in ("fence", "code_block") or not token.map:
            continue
        first, last = token.map[0] + 1, token.map[1]
        is_mermaid = token.type == "fence" and token.info.strip().lower().startswith("mermaid")
        if is_mermaid and diagrams:
            hidden.update((first, last))
            hidden.update(line for line in range(first + 1, last) if lines[line - 1].strip().startswith("%%"))
            literal.update(range(first, last + 1))
        elif code and not is_mermaid:
            literal.update(range(first, last + 1))
        else:
            hidden.update(range(first, last + 1))
    for number in range(1, len(lines) + 1):
        if number in hidden or _in_internal_container(page, number):
            lines[number - 1] = ""

    # Inline code goes first, so a `<!--` quoted in backticks does not open a comment.
    for index, line in enumerate(lines):
        if index + 1 in literal or not line:
            continue
        if not code:
            line = _CODE_SPAN_RE.sub(_blank, line)
        lines[index] = line

    text = _COMMENT_RE.sub(_blank, "\n".join(lines))

    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index + 1 in literal or not line.strip():
            continue
        lines[index] = _strip_syntax(line)
    text = "\n".join(lines)

    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return CustomerText(rel=page.rel, text=text, line_starts=starts)


def _strip_syntax(line: str) -> str:
    """Blank the parts of a Markdown line that are not read as words."""
    if _REFERENCE_DEFINITION_RE.match(line):
        return " " * len(line)
    line = _LINK_DESTINATION_RE.sub(lambda match: "]" + " " * (len(match.group(0)) - 1), line)
    line = _AUTOLINK_RE.sub(_blank, line)
    line = _TAG_RE.sub(_blank, line)
    line = _ATTR_LIST_RE.sub(_blank, line)
    line = _TASK_BOX_RE.sub(lambda match: match.group(1) + "   ", line)
    return _CONTAINER_MARKER_RE.sub(_blank, line)


def _in_internal_container(page: Page, line: int) -> bool:
    container = page.markdown.container_at(line)
    while container is not None:
        kind = container.type.split()[0].lower() if container.type else ""
        if container.kind in ("admonition", "details") and kind in INTERNAL_CONTAINER_TYPES:
            return True
        container = container.parent
    return False
