"""The result of checking one JDD, cached on disk by what decides it, so a warm `jdd check` parses nothing.

`jdd check` reads each JDD folder's Markdown files (`read_jdd_sources`)
and computes the entry's key before parsing anything. The key is a SHA-256 of:

- the code fingerprint (`jdd.core.fingerprint`), the rule settings, the
  version of the pinned mermaid and whether a browser may start;
- the folder's absolute path, the docs folder it is read against, and its
  name (the slug, which JDD116 checks);
- for each Markdown file, in the loader's order, its path inside the
  folder, the text of a symbolic link and where it resolves;
- and what `read_source` returned for that file: the text, the byte order
  mark, whether it was readable, and the problems reading it (a link out of
  the docs folder, the size limit, bytes that are not UTF-8).

The loader reads nothing else, and the rules and the diagram check read
only the loaded JDD, so an entry contains the JDD's findings (rules and
diagrams) and its number of diagrams. An entry is stored only when mermaid
judged every diagram of the JDD, in a browser or from its cached verdicts:
the findings of the structural lint alone are not, so that a later run
with a browser checks those diagrams again.

Entries are small JSON files written atomically in `checks-N/` of the cache
folder (`JDD_CACHE_DIR`); an unreadable entry, or one of another shape,
counts as missing.

NOTE: entries are never deleted. Removing the folder is always safe.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cachefiles import MISSING, finding_rows, findings_from_rows, read_entry, report_write_error, write_entry
from .diagrams import DiagramOptions, MermaidNotInstalled, browser_allowed, find_mermaid
from .findings import Finding
from .fingerprint import code_fingerprint
from .rules import RuleConfig
from .sources import SourceText

log = logging.getLogger(__name__)

#: Bump when the meaning of an entry changes, so old entries are ignored.
FORMAT = 1


@dataclass(frozen=True)
class CachedCheck:
    """One JDD's stored result: every finding of the rules and the diagram check, and its diagram count."""

    findings: list[Finding]
    diagrams: int


def check_settings(config: RuleConfig, options: DiagramOptions) -> str:
    """Describe what decides findings besides a JDD's files: the code, the rules, mermaid and the browser."""
    try:
        mermaid = find_mermaid(options.project_root, options.mermaid).version
    except MermaidNotInstalled:
        mermaid = "not installed"
    # The repr of RuleConfig is stable: a dataclass of dicts, tuples and strings.
    return repr((code_fingerprint(), repr(config), mermaid, browser_allowed(options)))


class CheckCache:
    """A folder of stored check results, one entry per JDD folder, file contents and settings."""

    def __init__(self, folder: Path, settings: str) -> None:
        self.cache_dir = Path(folder)
        self.folder = self.cache_dir / f"checks-{FORMAT}"
        self.settings = settings
        #: Why writing failed, once it has; the cache then stops writing.
        self.write_error: str | None = None
        self.hits = 0

    def key(self, folder: Path, docs_dir: Path, sources: dict[str, SourceText]) -> str:
        """Return the key of a JDD folder read by `read_jdd_sources(folder, docs_dir)` into `sources`."""
        folder = folder.absolute()
        digest = hashlib.sha256()
        for part in (self.settings, str(folder), str(docs_dir.absolute()), folder.name):
            digest.update(_encode(part) + b"\0")
        for rel, source in sources.items():
            link, target = _link(source.path)
            digest.update(_encode(f"{rel}\0{link}\0{target}\0{source.readable}\0{source.has_bom}\0"
                                  f"{source.problems!r}\0"))
            digest.update(_encode(source.text) + b"\0")
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedCheck | None:
        """Return the result stored under `key`, or None when there is none or it cannot be read."""
        path = self._path(key)
        value = read_entry(path)
        if value is MISSING:
            return None
        entry = _entry_of(value)
        if entry is None:
            log.debug("ignoring check cache entry %s of another shape", path)
            return None
        self.hits += 1
        return entry

    def put(self, key: str, findings: list[Finding], diagrams: int) -> None:
        if self.write_error is not None:
            return
        try:
            write_entry(self._path(key), {"findings": finding_rows(findings), "diagrams": diagrams})
        except OSError as exc:
            self.write_error = report_write_error(self.cache_dir, exc)


def _encode(text: str) -> bytes:
    # A file name's bytes need not be UTF-8; Python keeps those bytes as lone surrogates.
    return text.encode("utf-8", "surrogateescape")


def _link(path: Path) -> tuple[str, str]:
    """Return a symbolic link's text and the path it resolves to, or two empty strings for any other file."""
    if not path.is_symlink():
        return "", ""
    try:
        text = os.readlink(path)
    except OSError:
        text = ""
    return text, os.path.realpath(path)


def _entry_of(value: Any) -> CachedCheck | None:
    """Read a stored entry, or return None when it has another shape."""
    if not isinstance(value, dict):
        return None
    findings, diagrams = findings_from_rows(value.get("findings")), value.get("diagrams")
    if findings is None or type(diagrams) is not int or diagrams < 0:
        return None
    return CachedCheck(findings=findings, diagrams=diagrams)
