"""Diagram sources: where each Mermaid block sits, and its text as mermaid parses it.

Mermaid (11.17.2, `preprocessDiagram` in its `mermaidAPI`) changes the text
before its parser sees it: line endings become `\\n`, YAML front matter and
`%%{...}%%` directives are cut out, lines holding only a `%%` comment are
dropped and leading whitespace is trimmed. Its parse errors count lines in
that shorter text. `PreparedSource` repeats those steps and keeps, for every
character left, its position in the author's text, so a line mermaid reports
can be turned back into the line the author sees.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

# The same patterns as mermaid 11.17.2 (src/diagram-api/regexes.ts and comments.ts).
FRONT_MATTER_RE = re.compile(r"^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+", re.DOTALL)
DIRECTIVE_RE = re.compile(
    r"%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?",
    re.IGNORECASE | re.ASCII,
)
COMMENT_LINE_RE = re.compile(r"^\s*%%(?!{)[^\n]+\n?", re.MULTILINE)


def normalise(text: str) -> str:
    """Turn `\\r\\n` and `\\r` into `\\n`, as mermaid and markdown-it do before anything else."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def source_key(text: str) -> str:
    """Return the SHA-256 of a normalised diagram source, the identity used by caches."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Diagram:
    """One fenced Mermaid block in one file.

    `fence_line` is the file line of the opening fence, so diagram line `n`
    is file line `fence_line + n`. `indent` is how many columns the diagram
    lines are indented in the file (inside a content tab or admonition).
    """

    path: Path
    fence_line: int
    source: str
    indent: int = 0

    @property
    def text(self) -> str:
        return normalise(self.source)

    @property
    def key(self) -> str:
        return source_key(self.source)

    def file_line(self, diagram_line: int) -> int:
        return self.fence_line + max(diagram_line, 1)


@dataclass
class PreparedSource:
    """A diagram's text after mermaid's preprocessing, with a map back to the original."""

    original: str
    text: str
    #: For each character of `text`, its index in `original`.
    origin: list[int] = field(default_factory=list)
    has_front_matter: bool = False

    @classmethod
    def of(cls, source: str) -> "PreparedSource":
        original = normalise(source)
        text, origin = original, list(range(len(original)))
        has_front_matter = False

        match = FRONT_MATTER_RE.match(text)
        if match:
            has_front_matter = True
            text, origin = text[match.end():], origin[match.end():]

        text, origin = _remove_matches(text, origin, DIRECTIVE_RE)
        text, origin = _remove_matches(text, origin, COMMENT_LINE_RE)
        stripped = len(text) - len(text.lstrip())
        text, origin = text[stripped:], origin[stripped:]
        return cls(original=original, text=text, origin=origin, has_front_matter=has_front_matter)

    def original_position(self, line: int, column: int = 0) -> tuple[int, int]:
        """Map a 1-based line and 0-based column of `text` to the original's (line, column), both 1-based."""
        if not self.text:
            return self._line_column(0)
        lines = self.text.split("\n")
        line = min(max(line, 1), len(lines))
        # A position past the last character (an error at the end) maps to the last one that is not blank.
        while line > 1 and not lines[line - 1].strip():
            line -= 1
        offset = sum(len(previous) + 1 for previous in lines[: line - 1])
        column = min(max(column, 0), max(len(lines[line - 1]) - 1, 0))
        index = min(offset + column, len(self.origin) - 1)
        return self._line_column(self.origin[index])

    def first_statement_line(self) -> int:
        """Return the original line of the first statement (the diagram type), 1 when there is none."""
        return self.original_position(1, 0)[0] if self.text.strip() else 1

    def _line_column(self, index: int) -> tuple[int, int]:
        line = self.original.count("\n", 0, index) + 1
        line_start = self.original.rfind("\n", 0, index) + 1
        return line, index - line_start + 1


def _remove_matches(text: str, origin: list[int], pattern: re.Pattern) -> tuple[str, list[int]]:
    kept_text: list[str] = []
    kept_origin: list[int] = []
    position = 0
    for match in pattern.finditer(text):
        kept_text.append(text[position:match.start()])
        kept_origin.extend(origin[position:match.start()])
        position = match.end()
    kept_text.append(text[position:])
    kept_origin.extend(origin[position:])
    return "".join(kept_text), kept_origin
