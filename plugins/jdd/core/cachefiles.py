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

from .findings import Finding, Severity

log = logging.getLogger(__name__)

#: The environment variable that names the cache folder.
CACHE_ENV = "JDD_CACHE_DIR"

#: Returned by `read_entry` for an entry that is missing or unreadable.
MISSING = object()

#: The cache folders this process failed to write in; each gets one warning.
_unwritable_folders: set[str] = set()


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
    data = _encode(value)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise


def _encode(value: Any) -> bytes:
    """Return `value` as UTF-8 JSON.

    A file name with bytes that are not UTF-8 reaches Python as text with lone
    surrogates, which UTF-8 cannot encode. Such a value is written with `\\u`
    escapes instead, and `json.load` reads them back to the same text.
    """
    text = json.dumps(value, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value).encode("ascii")


def report_write_error(cache_dir: Path, exc: OSError) -> str:
    """Return why writing in the cache folder `cache_dir` failed, and log it as a warning once per process.

    The findings, check and diagram caches share one folder, so the first of
    them to fail warns for all, and the run goes on without storing entries.
    """
    where = f" ('{exc.filename}')" if exc.filename and str(exc.filename) != str(cache_dir) else ""
    message = (f"cannot write the cache in '{cache_dir}'{where}: {exc.strerror or exc}; this run goes on, and "
               f"what it cannot store is computed again on the next run. Set {CACHE_ENV} to a writable folder")
    if str(cache_dir) in _unwritable_folders:
        log.debug("%s", message)
    else:
        _unwritable_folders.add(str(cache_dir))
        log.warning("%s", message)
    return message


def finding_rows(findings: list[Finding]) -> list[list[Any]]:
    """Return findings as JSON rows: code, severity, path, line, column and message."""
    return [[finding.code, finding.severity.value, finding.path, finding.line, finding.column, finding.message]
            for finding in findings]


def findings_from_rows(rows: Any) -> list[Finding] | None:
    """Return the findings that `finding_rows` wrote, or None when `rows` has another shape."""
    if not isinstance(rows, list):
        return None
    findings = []
    for row in rows:
        finding = _finding_from_row(row)
        if finding is None:
            return None
        findings.append(finding)
    return findings


def _finding_from_row(row: Any) -> Finding | None:
    if not isinstance(row, list) or len(row) != 6:
        return None
    code, severity, path, line, column, message = row
    if not all(isinstance(text, str) for text in (code, severity, path, message)):
        return None
    if type(line) is not int or type(column) is not int:
        return None
    try:
        return Finding(code, Severity(severity), path, line, column, message)
    except ValueError:
        return None
