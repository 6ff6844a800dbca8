"""Verdicts and drawings of diagrams, cached on disk by content.

An entry's key is a SHA-256 of what decides its value: the mermaid version,
the settings mermaid ran with, the theme (for drawings) and the diagram
source. A changed diagram, a new mermaid or new settings therefore never
reuse an old entry. Entries are small JSON files written atomically, so
several builds may share the folder; an unreadable entry counts as missing.

NOTE: entries are never deleted. Removing the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..cachefiles import CACHE_ENV, read_entry, report_write_error, write_entry

#: Bump when the meaning of a cached value changes, so old entries are ignored.
CACHE_FORMAT = 3


def default_cache_dir(project_root: Path) -> Path:
    """Return `JDD_CACHE_DIR` when set, else `.cache/jdd` in the project."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(project_root) / ".cache" / "jdd"


def settings_fingerprint(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode("utf-8")).hexdigest()[:16]


class DiagramCache:
    """A folder of cached verdicts (`parse`) and drawings (`render`)."""

    def __init__(self, folder: Path, mermaid_version: str, settings: dict[str, Any]) -> None:
        self.folder = Path(folder)
        self.mermaid_version = mermaid_version
        self.settings = settings_fingerprint(settings)
        #: Why writing failed, once it has; the cache then stops writing.
        self.write_error: str | None = None

    def key(self, kind: str, source: str, theme: str = "") -> str:
        material = "\0".join((str(CACHE_FORMAT), kind, self.mermaid_version, self.settings, theme, source))
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / f"mermaid-{self.mermaid_version}" / kind / key[:2] / f"{key}.json"

    def get(self, kind: str, source: str, theme: str = "") -> dict[str, Any] | None:
        value = read_entry(self._path(kind, self.key(kind, source, theme)))
        return value if isinstance(value, dict) else None

    def put(self, kind: str, source: str, value: dict[str, Any], theme: str = "") -> None:
        if self.write_error is not None:
            return
        try:
            write_entry(self._path(kind, self.key(kind, source, theme)), value)
        except OSError as exc:
            self.write_error = report_write_error(self.folder, exc)
