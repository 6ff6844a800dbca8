"""Front matter parsed by the project itself, keeping the line of every key.

MkDocs swallows YAML errors (the page silently loses its metadata and shows
the raw block as text), so the JDD tools split and parse the block
themselves: every key keeps its line and column, and the text the author
typed, so a finding can point at the key and show how YAML read it.
Anchors and aliases are rejected from the event stream before any value is
built, so an alias bomb costs a few events, not memory.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .sources import Problem

#: Front matter larger than this is not parsed.
MAX_FRONT_MATTER_BYTES = 64 * 1024

_OPEN_RE = re.compile(r"^---[ \t]*$")
_CLOSE_RE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# MkDocs reads leading `Key: value` lines as MultiMarkdown metadata when there is no `---` block.
_META_LINE_RE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*")

Path_ = tuple  # a key path such as ("jdd", "customer") or ("jdd", "internal", "notes")


@dataclass(frozen=True)
class Location:
    """Where one key and its value were written, and how."""

    key_line: int
    key_column: int
    value_line: int
    value_column: int
    #: The value as typed, for scalars; empty for mappings and lists.
    raw: str
    #: None for a plain scalar, or the quote or block character used.
    style: str | None
    tag: str


@dataclass
class FrontMatter:
    """The front matter block of one page."""

    present: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    locations: dict[Path_, Location] = field(default_factory=dict)
    #: First line of the page body (1-based), after the closing fence.
    body_line: int = 1
    closing_line: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: False when the block could not be read as a mapping.
    valid: bool = True

    def location(self, *path: str | int) -> Location | None:
        return self.locations.get(tuple(path))

    def line_of(self, *path: str | int) -> tuple[int, int]:
        """Return the (line, column) of the deepest known key on `path`."""
        for end in range(len(path), 0, -1):
            location = self.locations.get(tuple(path[:end]))
            if location is not None:
                return location.key_line, location.key_column
        return 1, 1


class _Loader(yaml.SafeLoader):
    """The safe loader, used only for its scanner, parser and scalar constructors."""


#: libyaml parses about forty times faster; the pure-Python loader, whose error messages
#: name the character it found, re-reads only the blocks that fail.
_FAST_LOADER = getattr(yaml, "CSafeLoader", _Loader)


def split_front_matter(text: str) -> tuple[str | None, int, int, list[Problem]]:
    """Find the front matter block.

    Returns the YAML text (None when there is no block), the closing line,
    the first body line and the problems found with the fences themselves.
    """
    lines = text.split("\n")
    problems: list[Problem] = []

    if not lines or not _OPEN_RE.match(lines[0]):
        if lines and _META_LINE_RE.match(lines[0]) and not lines[0].startswith("#"):
            problems.append(Problem(
                "JDD125", 1, 1,
                f"line 1 '{lines[0].strip()[:60]}' looks like 'Key: value', so the site reads the first "
                "lines as page metadata and drops them; start the page with its '# Heading', or put "
                "metadata between '---' lines",
            ))
        return None, 0, 1, problems

    for index in range(1, len(lines)):
        if _CLOSE_RE.match(lines[index]):
            closing = index + 1
            is_last = index == len(lines) - 1
            if is_last:
                problems.append(Problem(
                    "JDD211", closing, 1,
                    f"the closing '{lines[index].strip()}' is the last line with no newline after it, so the "
                    "site does not see this front matter and shows it as text; end the file with a newline",
                ))
            return "\n".join(lines[1:index]) + "\n", closing, closing + 1, problems

    problems.append(Problem(
        "JDD202", 1, 1,
        "front matter opened with '---' at line 1 is never closed; add a '---' line after the last key",
    ))
    return None, 0, 1, problems


def parse_front_matter(text: str) -> FrontMatter:
    """Split and parse the front matter of a page's text (already `\\n` line endings)."""
    front = FrontMatter()
    yaml_text, closing, body_line, problems = split_front_matter(text)
    front.problems.extend(problems)
    front.body_line = body_line
    front.closing_line = closing
    if yaml_text is None:
        front.valid = not any(p.code == "JDD202" for p in problems)
        return front

    front.present = True
    size = len(yaml_text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        front.valid = False
        front.problems.append(Problem(
            "JDD210", 1, 1,
            f"front matter is {size} bytes, over the {MAX_FRONT_MATTER_BYTES}-byte limit; "
            "move long text into the page body",
        ))
        return front

    # The YAML text starts on line 2 of the file.
    offset = 2
    try:
        anchor = _find_anchor(yaml_text) if ("&" in yaml_text or "*" in yaml_text) else None
        if anchor is not None:
            front.valid = False
            front.problems.append(Problem(
                "JDD209", anchor.line + offset, anchor.column + 1,
                "YAML anchors and aliases ('&name', '*name') are not allowed in front matter; "
                "write each value out in full",
            ))
            return front
        node = yaml.compose(yaml_text, Loader=_FAST_LOADER)
    except yaml.MarkedYAMLError as fast_error:
        front.valid = False
        try:
            yaml.compose(yaml_text, Loader=_Loader)
            exc = fast_error
        except yaml.MarkedYAMLError as exc_python:
            exc = exc_python
        front.problems.append(_syntax_problem(exc, yaml_text, offset))
        return front
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML parse error is marked
        front.valid = False
        front.problems.append(Problem("JDD201", 1, 1, f"front matter is not valid YAML: {exc}"))
        return front

    if node is None:
        return front
    if not isinstance(node, yaml.MappingNode):
        front.valid = False
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        front.problems.append(Problem(
            "JDD202", node.start_mark.line + offset, node.start_mark.column + 1,
            f"front matter is {kind}, not 'key: value' lines; write each field as 'key: value'",
        ))
        return front

    builder = _Builder(offset, yaml_text)
    front.data = builder.mapping(node, ())
    front.locations = builder.locations
    front.problems.extend(builder.problems)
    return front


def _find_anchor(yaml_text: str) -> yaml.Mark | None:
    """Return the mark of the first anchor or alias, reading events only."""
    for event in yaml.parse(yaml_text, Loader=_FAST_LOADER):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
        if getattr(event, "anchor", None):
            return event.start_mark
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, yaml_text: str, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + offset) if mark else 1
    column = (mark.column + 1) if mark else 1
    problem = (exc.problem or "invalid YAML").strip()
    message = f"front matter is not valid YAML: {problem}"

    source_lines = yaml_text.split("\n")
    source_line = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
    if "mapping values are not allowed" in problem and ":" in source_line:
        key, _, value = source_line.partition(":")
        quoted = value.strip().replace('"', '\\"')
        message += f"; a value that contains ': ' must be quoted: {key.strip()}: \"{quoted}\""
    elif "\\t" in problem or "\t" in source_line[: max(column, 1)]:
        message += "; YAML does not allow tabs for indentation: indent with spaces"
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        message += "; check the indentation and that every line is 'key: value'"
    return Problem("JDD201", line, column, message)


class _Builder:
    """Build Python values from composed nodes, recording where each key sits."""

    def __init__(self, offset: int, yaml_text: str) -> None:
        self.offset = offset
        self.lines = yaml_text.split("\n")
        self.locations: dict[Path_, Location] = {}
        self.problems: list[Problem] = []
        self.loader = _Loader("")

    def value(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self._locate(path + (index,), item, item)
                items.append(self.value(item, path + (index,)))
            return items
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            # Keys keep the text as typed: `on:` stays "on", never True.
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "<complex key>"
            line = key_node.start_mark.line + self.offset
            if key in first_seen:
                self.problems.append(Problem(
                    "JDD208", line, key_node.start_mark.column + 1,
                    f"duplicate key '{key}' (lines {first_seen[key]} and {line}); YAML keeps only the "
                    "last value, so delete one of the two lines",
                ))
                continue
            first_seen[key] = line
            self._locate(path + (key,), key_node, value_node)
            result[key] = self.value(value_node, path + (key,))
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError, OverflowError):
            # A timestamp-shaped value that is no real date (2026-13-45): keep the text;
            # the schema then reports it at its line.
            return str(node.value)

    def _locate(self, path: Path_, key_node: yaml.Node, value_node: yaml.Node) -> None:
        raw = value_node.value if isinstance(value_node, yaml.ScalarNode) else ""
        self.locations[path] = Location(
            key_line=key_node.start_mark.line + self.offset,
            key_column=key_node.start_mark.column + 1,
            value_line=value_node.start_mark.line + self.offset,
            value_column=value_node.start_mark.column + 1,
            raw=str(raw),
            style=getattr(value_node, "style", None) or None,
            tag=value_node.tag or "",
        )
        self._check_comment_cut(path, value_node)

    def _check_comment_cut(self, path: Path_, node: yaml.Node) -> None:
        """Warn when an unquoted value is cut short by ` #`, which starts a YAML comment."""
        # A plain scalar has no style: None from PyYAML's parser, "" from libyaml's.
        if not isinstance(node, yaml.ScalarNode) or node.style:
            return
        if node.end_mark.line >= len(self.lines):
            return
        rest = self.lines[node.end_mark.line][node.end_mark.column:]
        # A comment typed as a comment has spacing before it, as in `status: draft   # one of ...`;
        # one space and a word glued to `#` ("#2", "#1 customer") reads as part of the value.
        match = re.match(r"^ #(\S.*)$", rest)
        if not match or not node.value:
            return
        dotted = ".".join(str(part) for part in path)
        self.problems.append(Problem(
            "JDD212", node.start_mark.line + self.offset, node.start_mark.column + 1,
            f"'{dotted}' is cut at ' #': YAML reads '{node.value}' and drops '#{match.group(1)}' as a "
            f"comment; quote the whole value: \"{node.value} #{match.group(1)}\"",
        ))


def describe_yaml_value(value: Any) -> str:
    """Name the type YAML gave a value, in words an author understands."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text '{value}'"
