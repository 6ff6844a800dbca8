"""Audiences: what a customer may see, and the scan that proves it.

Internal-only content is removed from the Markdown *before* it is rendered,
so it reaches no HTML, search index or PDF: `!!! internal` and
`??? internal` blocks, presenter notes (`!!! notes`), HTML comments, and
whole pages with `jdd_internal: true`. The cover's `jdd.internal` front
matter is never rendered for a customer.

`scan_for_leaks` is the last line of defence, not the mechanism: it reads
every byte of a customer output (HTML, scripts, JSON, XML, gzip contents,
PDF text and metadata) and looks for the removed text and for other
customers' names.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .frontmatter import split_front_matter
from .markdown import parse_markdown
from .model import COVER_FILE, Jdd
from .sources import is_outside, read_source

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


class AudienceError(Exception):
    """A JDD cannot be prepared for the customer. The message names the file and the fix."""


@dataclass
class CustomerCopy:
    """The result of `write_customer_copy`: the customer-facing text and the internal text it left out."""

    #: Internal text taken out, block by block, for `needles_from`.
    removed: list[str] = field(default_factory=list)
    #: Every page's Markdown as written to the copy.
    kept_text: str = ""
    #: Pages with `jdd_internal: true`, as paths inside the JDD folder; they are not in the copy.
    dropped_pages: list[str] = field(default_factory=list)


def is_internal_page(text: str) -> bool:
    """Tell whether a page's front matter sets `jdd_internal: true`."""
    data = _front_matter_data(text)
    return isinstance(data, dict) and data.get("jdd_internal") is True


def write_customer_copy(source: Path, target: Path) -> CustomerCopy:
    """Copy a JDD folder to `target` with everything internal removed from its Markdown.

    Pages with `jdd_internal: true` are left out, every other page goes through
    `strip_internal`, and the cover's front matter is written again without
    `jdd.internal`. Other files (images) are copied as they are. Hidden files
    and symbolic links that lead out of the folder are skipped, as the site
    build skips them.
    """
    copy = CustomerCopy()
    kept: list[str] = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source).as_posix()
        if any(part.startswith(".") for part in path.relative_to(source).parts):
            continue
        if path.is_symlink() and is_outside(path, source):
            continue
        if not path.is_file():
            continue
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() != ".md":
            shutil.copyfile(path, destination)
            continue

        text = _read_page(path)
        if is_internal_page(text):
            copy.dropped_pages.append(rel)
            copy.removed.append(text)
            continue
        if rel == COVER_FILE:
            text, internal_values = without_cover_internal(text, path)
            copy.removed.extend(internal_values)
        stripped = strip_internal(text)
        copy.removed.extend(stripped.removed)
        kept.append(stripped.markdown)
        destination.write_text(stripped.markdown, encoding="utf-8")
    copy.kept_text = "\n".join(kept)
    return copy


def internal_needles(folder: Path) -> set[str]:
    """Return the internal text of a JDD folder's pages as needles for `scan_for_leaks`.

    This reads the source pages again and finds the internal blocks, the HTML
    comments, the pages with `jdd_internal: true` and the cover's
    `jdd.internal` values without calling `strip_internal`, so a fault in the
    sanitised copy is still caught by the scan.
    """
    removed: list[str] = []
    kept: list[str] = []
    for path in sorted(folder.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or not path.is_file():
            continue
        if path.is_symlink() and is_outside(path, folder):
            continue
        text = _read_page(path)
        if is_internal_page(text):
            removed.append(text)
            continue
        pieces = internal_text(text)
        if path.relative_to(folder).as_posix() == COVER_FILE:
            data = _front_matter_data(text)
            cover = data.get("jdd") if isinstance(data, dict) else None
            if isinstance(cover, dict) and "internal" in cover:
                pieces += _scalar_texts(cover["internal"])
        removed += pieces
        for piece in pieces:
            text = text.replace(piece, "")
        kept.append(text)
    return needles_from(removed, "\n".join(kept))


def internal_text(markdown: str) -> list[str]:
    """Return the internal blocks (with their titles) and the HTML comments of a page, code fences aside."""
    parsed = parse_markdown(markdown)
    lines = markdown.split("\n")
    found = []
    for container in parsed.containers:
        kind_type = container.type.split()[0].lower() if container.type else ""
        if container.kind in ("admonition", "details") and kind_type in INTERNAL_CONTAINER_TYPES:
            found.append("\n".join(lines[container.line - 1:container.end_line]))
    fenced = "\n".join("\n".join(lines[first - 1:last]) for first, last in _fenced_ranges(parsed))
    for match in _COMMENT_RE.finditer(markdown):
        if match.group(0) not in fenced:
            found.append(match.group(0))
    return found


def without_cover_internal(text: str, path: Path) -> tuple[str, list[str]]:
    """Return the cover's text with `jdd.internal` removed from its front matter, and the removed values.

    The front matter is written again with PyYAML, so YAML comments in it go
    too. Blank lines keep the body at its source line numbers when the new
    front matter is shorter.
    """
    yaml_text, closing_line, _, _ = split_front_matter(text)
    if yaml_text is None:
        return text, []
    data = _front_matter_data(text)
    if not isinstance(data, dict):
        raise AudienceError(f"{path}: the front matter cannot be read as a YAML mapping, so its internal fields "
                            "cannot be removed for the customer; run jdd check on the JDD and fix it")
    cover = data.get("jdd")
    comments = [line for line in yaml_text.split("\n") if line.lstrip().startswith("#")]
    if not isinstance(cover, dict) or "internal" not in cover:
        internal = None
    else:
        internal = cover.pop("internal")

    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    old_lines = closing_line - 2
    new_lines = dumped.count("\n")
    padding = "\n" * max(0, old_lines - new_lines)
    body = text.split("\n")[closing_line:]
    rewritten = "---\n" + dumped + padding + "---\n" + "\n".join(body)
    removed = [line.lstrip().lstrip("#") for line in comments]
    if internal is not None:
        removed.extend(_scalar_texts(internal))
    return rewritten, removed


def remove_internal_pages(jdd: Jdd) -> list[str]:
    """Remove the pages with `jdd_internal: true` and the cover's internal fields from the JDD's model.

    Returns the removed pages' paths inside the JDD folder.
    """
    dropped = [rel for rel, page in jdd.pages.items() if page.is_internal]
    for rel in dropped:
        del jdd.pages[rel]
        jdd.overviews.pop(rel, None)
    jdd.extra_pages = [rel for rel in jdd.extra_pages if rel not in dropped]
    jdd.cover.internal = {}
    return dropped


def _read_page(path: Path) -> str:
    source = read_source(path)
    if not source.readable:
        reason = source.problems[0].message if source.problems else "it cannot be read"
        raise AudienceError(f"{path}: {reason}; fix the file, because a customer build must read every page "
                            "to remove its internal content")
    return source.text


def _front_matter_data(text: str):
    yaml_text, _, _, _ = split_front_matter(text)
    if yaml_text is None:
        return None
    try:
        return yaml.safe_load(yaml_text)
    except yaml.YAMLError:
        return None


def _scalar_texts(value) -> list[str]:
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [str(key), *_scalar_texts(item)]]
    if isinstance(value, list):
        return [text for item in value for text in _scalar_texts(item)]
    return [str(value)]
