"""Revision facts from git for each JDD folder: last commit, its date, uncommitted changes.

Dates are the committer dates git stores, never the clock, so two builds of
the same commit show the same dates. Outside a git work tree, without git,
or when git fails, the functions return no facts instead of raising: the
site is still built, only without revision dates.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

#: Seconds one git command may take; `git log` over a large history stays far below it.
GIT_TIMEOUT = 120

_COMMIT_SEPARATOR = "\x1e"
_FIELD_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Revision:
    """The last commit that changed a folder, and whether the work tree differs from it."""

    #: Abbreviated commit hash, "" when no commit touched the folder yet.
    commit: str = ""
    date: dt.date | None = None
    uncommitted: bool = False

    def describe(self) -> str:
        """Return the revision as the cover shows it, e.g. "3f2a9c1 (2026-11-20)"."""
        text = f"{self.commit} ({self.date.isoformat()})" if self.commit and self.date else "not committed yet"
        if self.commit and self.uncommitted:
            text += " with uncommitted changes"
        return text


def run_git(args: list[str], cwd: Path) -> str | None:
    """Run git in `cwd` and return its standard output, or None when git is missing or fails."""
    try:
        completed = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
            errors="surrogateescape", timeout=GIT_TIMEOUT, check=False,
        )
    except FileNotFoundError:
        log.debug("git is not installed, so no revision dates are read")
        return None
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.debug("git %s failed in %s: %s", " ".join(args), cwd, exc)
        return None
    if completed.returncode != 0:
        log.debug("git %s exited with %s in %s: %s", " ".join(args), completed.returncode, cwd,
                  completed.stderr.strip())
        return None
    return completed.stdout


def work_tree_root(path: Path) -> Path | None:
    """Return the root of the git work tree that contains `path`, or None."""
    output = run_git(["rev-parse", "--show-toplevel"], path)
    return Path(output.strip()) if output and output.strip() else None


def folder_revisions(docs_dir: Path) -> dict[str, Revision]:
    """Return the revision of every folder directly under `docs_dir`, by folder name.

    One `git log` reads the history of the whole docs folder, newest commit
    first, so the cost grows with the history, not with one process per JDD.
    Folders that no commit touched appear only when they hold uncommitted files.
    """
    docs_dir = docs_dir.resolve()
    root = work_tree_root(docs_dir) if docs_dir.is_dir() else None
    if root is None:
        return {}
    prefix = docs_dir.relative_to(root.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"

    revisions: dict[str, Revision] = {}
    log_output = run_git(
        ["-c", "core.quotepath=off", "log", "-z", "--name-only",
         f"--format={_COMMIT_SEPARATOR}%h{_FIELD_SEPARATOR}%cs", "--", "."],
        docs_dir,
    )
    for commit, date, paths in _parse_log(log_output or ""):
        for path in paths:
            folder = _top_folder(path, prefix)
            if folder and folder not in revisions:
                revisions[folder] = Revision(commit=commit, date=date)

    for folder in _uncommitted_folders(docs_dir, prefix):
        previous = revisions.get(folder, Revision())
        revisions[folder] = Revision(commit=previous.commit, date=previous.date, uncommitted=True)
    return revisions


def _parse_log(output: str):
    """Yield (commit, date, paths) from `git log -z --name-only` in the format above."""
    for record in output.split(_COMMIT_SEPARATOR):
        if not record.strip("\0\n"):
            continue
        header, _, names = record.partition("\0")
        commit, _, date_text = header.partition(_FIELD_SEPARATOR)
        try:
            date = dt.date.fromisoformat(date_text.strip())
        except ValueError:
            continue
        paths = [name.strip("\n") for name in names.split("\0") if name.strip("\n")]
        yield commit.strip(), date, paths


def _uncommitted_folders(docs_dir: Path, prefix: str) -> set[str]:
    output = run_git(["-c", "core.quotepath=off", "status", "--porcelain", "-z", "--", "."], docs_dir)
    folders: set[str] = set()
    entries = (output or "").split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:]
        if "R" in status or "C" in status:
            # A rename or copy is followed by its source path, which also changed.
            if index < len(entries):
                source = _top_folder(entries[index], prefix)
                if source:
                    folders.add(source)
            index += 1
        folder = _top_folder(path, prefix)
        if folder:
            folders.add(folder)
    return folders


def _top_folder(path: str, prefix: str) -> str:
    """Return the first folder of a repository path below the docs folder, or ""."""
    if not path.startswith(prefix):
        return ""
    rest = path[len(prefix):]
    return rest.split("/", 1)[0] if "/" in rest else ""
