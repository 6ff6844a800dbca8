"""Markdown parsing with line numbers, as the site will render it.

The rules parse with markdown-it-py (CommonMark, as GitHub renders a pull
request) while the site renders with Python-Markdown and its extensions. The
two disagree on real input, so parsing happens in two steps:

1. A line-preserving pass builds the *site view* of the text: admonition,
   details and content-tab containers are recognised and their bodies
   dedented (so a fenced diagram inside a tab is found), a code fence that is
   never closed stops being a fence (Python-Markdown shows it as text), and
   `#Heading` gains its space (Python-Markdown makes it a heading).
2. markdown-it-py parses the site view; every token keeps its source line.

Each difference found on the way is a `Problem` naming what GitHub shows
and what the site shows, at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .sources import Problem

_CONTAINER_RE = re.compile(
    r"^(?P<marker>!!!|\?\?\?\+?|===\+?)[ \t]*(?P<type>[\w-]+(?:[ \t]+[\w-]+)*)?[ \t]*(?:\"(?P<title>[^\"]*)\")?[ \t]*$"
)
_FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_NO_SPACE_HEADING_RE = re.compile(r"^(#{1,6})([^#\s].*)$")
_TRAILING_HASH_RE = re.compile(r"^#{1,6}[ \t]+.*\S#+[ \t]*$")
_HTML_HEADING_RE = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")
_ATTR_LIST_RE = re.compile(r"\s*\{\s*[:#.][^}]*\}\s*$")
_HEADING_LINE_RE = re.compile(r"^\s{0,3}#{1,6}\s+\S")

CONTAINER_KINDS = {"!!!": "admonition", "???": "details", "???+": "details", "===": "content tab", "===+": "content tab"}


@dataclass
class Container:
    """An admonition, details block or content tab, by source lines."""

    kind: str
    type: str
    title: str
    line: int
    end_line: int
    #: Column where the container's body starts in the source (0-based).
    body_indent: int
    parent: "Container | None" = None

    def contains(self, line: int) -> bool:
        return self.line <= line <= self.end_line

    @property
    def is_internal(self) -> bool:
        return self.type.split()[0].lower() == "internal" if self.type else False


@dataclass
class Heading:
    level: int
    text: str
    line: int
    column: int = 1
    #: "markdown", or "html" for `<h2>` written as raw HTML.
    source: str = "markdown"
    container: Container | None = None
    in_html_block: bool = False
    #: Index of the heading_open token (-1 for HTML headings).
    token_index: int = -1


@dataclass
class Fence:
    info: str
    content: str
    line: int
    end_line: int
    container: Container | None = None

    @property
    def language(self) -> str:
        return self.info.strip().split()[0].lower() if self.info.strip() else ""

    @property
    def content_line(self) -> int:
        return self.line + 1


@dataclass
class ParsedMarkdown:
    """A page body parsed into tokens, headings, fences and containers."""

    lines: list[str]
    site_lines: list[str]
    tokens: list[Token]
    headings: list[Heading] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    containers: list[Container] = field(default_factory=list)
    #: (first line, last line) of every HTML comment.
    comments: list[tuple[int, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def container_at(self, line: int) -> Container | None:
        """Return the innermost container holding `line`."""
        found = None
        for container in self.containers:
            if container.contains(line) and (found is None or container.line >= found.line):
                found = container
        return found

    def is_internal_line(self, line: int) -> bool:
        """Tell whether `line` sits in an internal admonition or an HTML comment."""
        if any(first <= line <= last for first, last in self.comments):
            return True
        container = self.container_at(line)
        while container is not None:
            if container.is_internal:
                return True
            container = container.parent
        return False


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def parse_markdown(text: str, body_line: int = 1) -> ParsedMarkdown:
    """Parse the text of a page; lines before `body_line` (front matter) are ignored."""
    lines = text.split("\n")
    visible = [""] * (body_line - 1) + lines[body_line - 1:]
    problems: list[Problem] = []

    site_lines, containers, fence_problems = _site_view(visible)
    problems += fence_problems

    tokens = markdown_parser().parse("\n".join(site_lines))
    parsed = ParsedMarkdown(lines=lines, site_lines=site_lines, tokens=tokens, containers=containers)
    parsed.problems = problems
    _collect(parsed)
    return parsed


def _indent_width(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _dedent(line: str, columns: int) -> str:
    """Remove up to `columns` columns of leading whitespace."""
    removed = 0
    index = 0
    while index < len(line) and removed < columns and line[index] in " \t":
        removed += 4 - removed % 4 if line[index] == "\t" else 1
        index += 1
    return line[index:]


def _site_view(lines: list[str]) -> tuple[list[str], list[Container], list[Problem]]:
    """Build the line-preserving site view; see the module docstring."""
    neutralised: set[int] = set()
    while True:
        site, containers, unclosed = _scan(lines, neutralised)
        if unclosed is None:
            break
        neutralised.add(unclosed)

    problems = [
        Problem(
            "JDD107", index + 1, 1,
            f"code fence '{lines[index].strip()[:40]}' opened at line {index + 1} is never closed: GitHub shows "
            "the rest of the file as code, the site shows the fence as text; add the closing fence",
        )
        for index in sorted(neutralised)
    ]
    return site, containers, problems


def _scan(lines: list[str], neutralised: set[int]) -> tuple[list[str], list[Container], int | None]:
    site = list(lines)
    containers: list[Container] = []
    stack: list[Container] = []
    fence: tuple[str, int, int] | None = None  # (fence characters, opening line index, indent)

    for index, line in enumerate(lines):
        blank = not line.strip()

        # A container ends at the first non-blank line indented less than its body.
        if not blank and fence is None:
            while stack and _indent_width(line) < stack[-1].body_indent:
                stack.pop()
        depth = stack[-1].body_indent if stack else 0
        inner = _dedent(line, depth)
        site[index] = inner

        if fence is not None:
            characters, _, _ = fence
            stripped = inner.strip()
            if stripped and set(stripped) == {characters[0]} and len(stripped) >= len(characters):
                fence = None
            continue

        match = _FENCE_OPEN_RE.match(inner)
        if match and index not in neutralised and not (match.group("fence")[0] == "`" and "`" in match.group("info")):
            fence = (match.group("fence"), index, len(match.group("indent")))
            continue
        if match and index in neutralised:
            site[index] = inner.replace(match.group("fence"), "\\" + match.group("fence")[0] * 1 + match.group("fence")[1:], 1)
            continue

        container_match = _CONTAINER_RE.match(inner)
        if container_match and _is_container_opener(container_match):
            marker = container_match.group("marker")
            container = Container(
                kind=CONTAINER_KINDS[marker],
                type=(container_match.group("type") or "").strip(),
                title=container_match.group("title") or "",
                line=index + 1,
                end_line=index + 1,
                body_indent=depth + 4,
                parent=stack[-1] if stack else None,
            )
            containers.append(container)
            stack.append(container)
            site[index] = ""
            continue

        if not blank:
            for container in stack:
                container.end_line = index + 1

        heading = _NO_SPACE_HEADING_RE.match(inner)
        if heading and not inner.startswith("#!"):
            site[index] = f"{heading.group(1)} {heading.group(2)}"

    if fence is not None:
        return site, containers, fence[1]
    return site, containers, None


def _is_container_opener(match: re.Match) -> bool:
    """Content tabs need a quoted title, admonitions and details a type."""
    if match.group("marker").startswith("==="):
        return match.group("title") is not None
    return bool(match.group("type"))


def inline_text(token: Token) -> str:
    """Return the visible text of an inline token, without HTML tags or attribute lists."""
    if not token.children:
        return token.content
    parts = []
    for child in token.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def clean_heading_text(text: str) -> str:
    return _ATTR_LIST_RE.sub("", text).strip()


def _collect(parsed: ParsedMarkdown) -> None:
    tokens = parsed.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            line = token.map[0] + 1
            text = clean_heading_text(inline_text(tokens[index + 1]))
            parsed.headings.append(Heading(
                level=int(token.tag[1]), text=text, line=line, column=1 + _indent_width(parsed.lines[line - 1]),
                container=parsed.container_at(line), token_index=index,
            ))
            _check_heading_line(parsed, token, line)
        elif token.type == "fence" and token.map:
            line = token.map[0] + 1
            parsed.fences.append(Fence(
                info=token.info, content=token.content, line=line, end_line=token.map[1],
                container=parsed.container_at(line),
            ))
        elif token.type == "html_block" and token.map:
            _collect_html_block(parsed, token)
        elif token.type == "inline" and token.map and "<!--" in token.content:
            first = token.map[0] + 1
            parsed.comments.append((first, token.map[1]))
        elif token.type in ("bullet_list_open", "ordered_list_open", "table_open") and token.map:
            _check_block_after_paragraph(parsed, index)
            if token.type != "table_open":
                _check_nested_indent(parsed, index)

    _check_unspaced_headings(parsed)


def _collect_html_block(parsed: ParsedMarkdown, token: Token) -> None:
    first, last = token.map[0] + 1, token.map[1]
    content = token.content
    if content.lstrip().startswith("<!--"):
        parsed.comments.append((first, last))
        return
    for match in _HTML_HEADING_RE.finditer(content):
        line = first + content.count("\n", 0, match.start())
        text = clean_heading_text(_TAG_RE.sub("", match.group(2)))
        parsed.headings.append(Heading(
            level=int(match.group(1)), text=" ".join(text.split()), line=line, source="html",
            container=parsed.container_at(line),
        ))
    for offset, block_line in enumerate(content.split("\n")):
        if _HEADING_LINE_RE.match(block_line):
            line = first + offset
            parsed.headings.append(Heading(
                level=len(block_line.strip().split()[0]), text=clean_heading_text(block_line.strip().lstrip("#")),
                line=line, in_html_block=True, container=parsed.container_at(line),
            ))
            parsed.problems.append(Problem(
                "JDD126", line, 1,
                f"'{block_line.strip()[:60]}' sits inside an HTML block that starts at line {first}, so it is "
                "text, not a heading; leave a blank line after the HTML before the heading",
            ))


def _check_heading_line(parsed: ParsedMarkdown, token: Token, line: int) -> None:
    source = parsed.lines[line - 1]
    if token.markup == "-" and token.map and token.map[1] - token.map[0] >= 2:
        underline = parsed.lines[token.map[1] - 1].strip()
        if underline == "---":
            parsed.problems.append(Problem(
                "JDD124", token.map[1], 1,
                "'---' directly under a paragraph makes that paragraph a heading on GitHub and on the site; "
                "leave a blank line before '---' for a horizontal rule",
            ))
    if token.markup.startswith("#") and _TRAILING_HASH_RE.match(source.strip()):
        stripped = source.strip().rstrip()
        without = stripped.rstrip("#")
        if not without.endswith((" ", "\t")):
            parsed.problems.append(Problem(
                "JDD127", line, 1,
                f"'{stripped[:60]}': GitHub keeps the trailing '#', the site drops it and shows "
                f"'{without.lstrip('#').strip()}'; escape it as '\\#'",
            ))


def _check_unspaced_headings(parsed: ParsedMarkdown) -> None:
    for index, (original, site) in enumerate(zip(parsed.lines, parsed.site_lines)):
        if site == original or not _NO_SPACE_HEADING_RE.match(_dedent(original, _indent_width(original))):
            continue
        stripped = _dedent(original, _indent_width(original))
        if not site.strip().startswith("#") or site.strip() == stripped:
            continue
        parsed.problems.append(Problem(
            "JDD120", index + 1, 1,
            f"'{stripped[:60]}' is a heading on the site but plain text on GitHub; add a space after '#'",
        ))


def _check_block_after_paragraph(parsed: ParsedMarkdown, index: int) -> None:
    token = parsed.tokens[index]
    if _inside_list_item(parsed.tokens, index):
        return
    start = token.map[0]
    if start == 0 or not parsed.site_lines[start - 1].strip():
        return
    previous = _previous_block(parsed.tokens, index)
    if previous is None or previous.type != "paragraph_open" or not previous.map or previous.map[1] != start:
        return
    line = start + 1
    if token.type == "table_open":
        parsed.problems.append(Problem(
            "JDD122", line, 1,
            "table directly after a paragraph line: GitHub shows a table, the site shows the rows as text; "
            "add a blank line before the table",
        ))
    else:
        parsed.problems.append(Problem(
            "JDD121", line, 1,
            "list directly after a paragraph line: GitHub shows a list, the site runs the items into the "
            "paragraph; add a blank line before the list",
        ))


def _check_nested_indent(parsed: ParsedMarkdown, index: int) -> None:
    """Python-Markdown nests a list only when it is indented by four spaces."""
    token = parsed.tokens[index]
    parent = _enclosing_list_item(parsed.tokens, index)
    if parent is None or not parent.map:
        return
    parent_indent = _indent_width(parsed.site_lines[parent.map[0]])
    own_indent = _indent_width(parsed.site_lines[token.map[0]])
    if own_indent - parent_indent < 4:
        parsed.problems.append(Problem(
            "JDD123", token.map[0] + 1, own_indent + 1,
            f"nested list indented by {own_indent - parent_indent} spaces: GitHub nests it, the site shows "
            "it as part of the outer list; indent nested items by four spaces",
        ))


def _previous_block(tokens: list[Token], index: int) -> Token | None:
    level = tokens[index].level
    for position in range(index - 1, -1, -1):
        candidate = tokens[position]
        if candidate.level < level:
            return None
        if candidate.level == level and candidate.nesting >= 0 and candidate.map:
            return candidate
        if candidate.level == level and candidate.nesting == -1:
            # Walk back to the opening token of this block.
            depth = 0
            for back in range(position, -1, -1):
                depth += tokens[back].nesting
                if depth == 0:
                    return tokens[back]
            return None
    return None


def _enclosing_list_item(tokens: list[Token], index: int) -> Token | None:
    depth = 0
    for position in range(index - 1, -1, -1):
        token = tokens[position]
        depth += token.nesting
        if depth > 0:
            return token if token.type == "list_item_open" else None
    return None


def _inside_list_item(tokens: list[Token], index: int) -> bool:
    return _enclosing_list_item(tokens, index) is not None


def section_key(text: str) -> str:
    """Normalise a heading for matching: case, punctuation and 'and' do not count."""
    words = re.sub(r"[^\w]+", " ", text.lower()).split()
    return " ".join(word for word in words if word not in {"and", "the", "of"})
