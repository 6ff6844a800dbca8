"""Reading and writing one entry of an on-disk cache: a small JSON file, written atomically.

Several builds and checks may share a cache folder, so an entry is written to a
temporary file beside it and moved into place, and a reader sees either the old
entry or the new one. An entry that cannot be read counts as missing.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Returned by `read_entry` for an entry that is missing or unreadable.
MISSING = object()


def read_entry(path: Path) -> Any:
    """Return the JSON value stored at `path`, or MISSING."""
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return MISSING
    except (OSError, ValueError) as exc:
        log.debug("ignoring unreadable cache entry %s: %s", path, exc)
        return MISSING


def write_entry(path: Path, value: Any) -> None:
    """Store `value` as JSON at `path`, creating its folder; raise OSError when that fails."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(value, stream, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise
