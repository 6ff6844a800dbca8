"""Audiences: what a customer may see, and the scan that proves it.

Internal-only content is removed from the Markdown *before* it is rendered,
so it reaches no HTML, search index or PDF: `!!! internal` and
`??? internal` blocks, presenter notes (`!!! notes`), HTML comments, and
whole pages with `jdd_internal: true`. The cover's `jdd.internal` front
matter is never rendered for a customer.

`scan_for_leaks` is the last line of defence, not the mechanism: it reads
every byte a customer output holds (HTML, scripts, JSON, XML, gzip contents,
PDF text and metadata) and looks for the removed text and for other
customers' names.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .markdown import parse_markdown

INTERNAL = "internal"
CUSTOMER = "customer"
AUDIENCES = (INTERNAL, CUSTOMER)

#: Container types whose content is internal: internal notes and presenter notes.
INTERNAL_CONTAINER_TYPES = ("internal", "notes")

_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_MARKUP_RE = re.compile(r"[*_`>#\[\]()|!~]+|^\s*[-+]\s+(\[[ xX]\]\s+)?|^\s*\d+\.\s+", re.MULTILINE)
#: Removed lines shorter than this are too generic to search for ("Risk:", "- Notes").
MIN_NEEDLE_LENGTH = 16


@dataclass
class Stripped:
    """A page's Markdown for the customer, and the internal text taken out of it."""

    markdown: str
    removed: list[str] = field(default_factory=list)


def strip_internal(markdown: str) -> Stripped:
    """Remove internal blocks and HTML comments; every other line keeps its number."""
    lines = markdown.split("\n")
    removed: list[str] = []

    parsed = parse_markdown(markdown)
    for container in parsed.containers:
        kind_type = container.type.split()[0].lower() if container.type else ""
        if container.kind in ("admonition", "details") and kind_type in INTERNAL_CONTAINER_TYPES:
            removed.append(container.title)
            for index in range(container.line - 1, min(container.end_line, len(lines))):
                removed.append(lines[index])
                lines[index] = ""

    text = "\n".join(lines)
    fenced = _fenced_ranges(parsed)

    def drop_comment(match: re.Match) -> str:
        line = text.count("\n", 0, match.start()) + 1
        if any(first <= line <= last for first, last in fenced):
            return match.group(0)
        removed.append(match.group(0)[4:].removesuffix("-->"))
        # Keep the line count, so findings on the stripped text still point at the source.
        return "\n" * match.group(0).count("\n")

    text = _COMMENT_RE.sub(drop_comment, text)
    return Stripped(markdown=text, removed=[item for item in removed if item.strip()])


def _fenced_ranges(parsed) -> list[tuple[int, int]]:
    return [(fence.line, fence.end_line) for fence in parsed.fences]


def needles_from(removed: list[str], kept_text: str) -> set[str]:
    """Turn removed internal text into lines to search outputs for.

    A line that the customer-facing text also contains is not a leak by
    definition, so it is left out.
    """
    kept = normalise(kept_text)
    needles = set()
    for block in removed:
        for line in block.split("\n"):
            needle = normalise(_MARKUP_RE.sub(" ", line))
            if len(needle) >= MIN_NEEDLE_LENGTH and needle not in kept:
                needles.add(needle)
    return needles


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).split()).casefold()


@dataclass(frozen=True)
class Leak:
    path: Path
    needle: str
    where: str


def scan_for_leaks(folder: Path, needles: set[str]) -> list[Leak]:
    """Search every file under `folder` for each needle (compared case- and space-insensitively)."""
    needles = {normalise(needle) for needle in needles if needle.strip()}
    leaks: list[Leak] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        for where, text in _readable_texts(path):
            haystack = normalise(text)
            for needle in sorted(needles):
                if needle in haystack:
                    leaks.append(Leak(path, needle, where))
    return leaks


def _readable_texts(path: Path):
    """Yield (where, text) for every readable form of a file's content."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            pass
        yield "gzip content", data.decode("utf-8", errors="replace")
        return
    if path.suffix.lower() == ".pdf":
        yield from _pdf_texts(path, data)
        return
    text = data.decode("utf-8", errors="replace")
    yield "bytes", text
    if path.suffix == ".json":
        try:
            yield "JSON strings", " ".join(_json_strings(json.loads(text)))
        except ValueError:
            pass
    if "\\u" in text:
        # Scripts and JSON may escape non-ASCII letters; read them decoded too.
        yield "escaped text", re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), text)


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in list(value.keys()) + list(value.values()) for text in _json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _json_strings(item)]
    return []


def _pdf_texts(path: Path, data: bytes):
    yield "bytes", data.decode("latin-1")
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a dependency of the PDF commands
        return
    reader = PdfReader(path)
    metadata = reader.metadata or {}
    yield "PDF metadata", " ".join(str(value) for value in metadata.values())
    yield "PDF text", "\n".join(page.extract_text() or "" for page in reader.pages)
