"""The rules' findings for each JDD, cached on disk by what decides them.

The rules read nothing but the loaded JDD, and the loader reads nothing but
the Markdown files of the JDD's folder. An entry's key is therefore a
SHA-256 of the folder's path, each page's path, text and reading problems,
the folder's own problems, the rule settings and the source code of
`jdd.core`: any edit, a new setting or a new version of the rules makes a
new key. A second `jdd check` or build of an unchanged portfolio then skips
the rules for every JDD that did not change.

Entries are small JSON files written atomically in the diagram cache's
folder (`JDD_CACHE_DIR`); an unreadable entry counts as missing.

NOTE: entries are never deleted. Removing the folder is always safe.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from .cachefiles import MISSING, finding_rows, findings_from_rows, read_entry, report_write_error, write_entry
from .findings import Finding
from .fingerprint import code_fingerprint
from .model import Jdd

log = logging.getLogger(__name__)

#: Bump when the meaning of an entry changes, so old entries are ignored.
FORMAT = 1


class FindingsCache:
    """A folder of cached findings, one entry per JDD and rule settings."""

    def __init__(self, folder: Path, settings: object) -> None:
        self.cache_dir = Path(folder)
        self.folder = self.cache_dir / f"findings-{FORMAT}"
        # The settings' repr is stable: RuleConfig is a dataclass of dicts, tuples and strings.
        self.settings = repr(settings)
        #: Why writing failed, once it has; the cache then stops writing.
        self.write_error: str | None = None
        self.hits = 0

    def key(self, jdd: Jdd) -> str:
        """Return the key of a JDD's findings: a hash of everything the rules read."""
        digest = hashlib.sha256()
        # Paths are encoded with surrogateescape: a file name's bytes need not be UTF-8.
        for part in (code_fingerprint(), self.settings, str(jdd.folder), jdd.slug, repr(jdd.problems)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        for rel in sorted(jdd.pages):
            source = jdd.pages[rel].source
            digest.update(f"{rel}\0{source.readable}\0{source.has_bom}\0{source.problems!r}\0"
                          .encode("utf-8", "surrogateescape"))
            digest.update(source.text.encode("utf-8", "surrogatepass") + b"\0")
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> list[Finding] | None:
        """Return the findings stored under `key` (from `key(jdd)`), or None."""
        path = self._path(key)
        rows = read_entry(path)
        if rows is MISSING:
            return None
        findings = findings_from_rows(rows)
        if findings is None:
            log.debug("ignoring findings cache entry %s of another shape", path)
            return None
        self.hits += 1
        return findings

    def put(self, key: str, findings: list[Finding]) -> None:
        if self.write_error is not None:
            return
        try:
            write_entry(self._path(key), finding_rows(findings))
        except OSError as exc:
            self.write_error = report_write_error(self.cache_dir, exc)
