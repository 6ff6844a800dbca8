"""Revision facts from git for a docs folder: last commit and date of each file and folder.

Dates are the committer dates git stores, never the clock, so two builds of
the same commit show the same dates. Outside a git work tree, without git,
or when git fails, the functions return no facts instead of raising: the
site is still built, only without revision dates.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

#: Seconds one git command may take; `git log` over a large history stays far below it.
GIT_TIMEOUT = 120

#: Length of the commit hashes shown. A fixed length, because the length of `%h` depends on
#: how many objects a clone holds, so two clones of one commit could show different hashes.
COMMIT_LENGTH = 7

_COMMIT_SEPARATOR = "\x1e"
_FIELD_SEPARATOR = "\x1f"

# Settings that would change the output of `git log` for the parser: `log.follow` turns a
# single pathspec into `--follow`, `diff.relative` drops the paths outside the current folder.
_LOG_SETTINGS = ["-c", "core.quotepath=off", "-c", "log.follow=false", "-c", "diff.relative=false",
                 "-c", "log.showSignature=false"]


@dataclass(frozen=True)
class Revision:
    """The last commit that changed a file or folder, and whether the work tree differs from it."""

    #: Abbreviated commit hash, "" when no commit contains the file or folder yet.
    commit: str = ""
    date: dt.date | None = None
    uncommitted: bool = False

    def describe(self) -> str:
        """Return the revision as the cover shows it, e.g. "3f2a9c1 (2026-11-20)"."""
        text = f"{self.commit} ({self.date.isoformat()})" if self.commit and self.date else "not committed yet"
        if self.commit and self.uncommitted:
            text += " with uncommitted changes"
        return text


#: The revision of a file or folder of a git work tree that no commit contains: new, untracked or ignored.
NOT_COMMITTED = Revision(uncommitted=True)


@dataclass(frozen=True)
class DocsHistory:
    """The git history of one docs folder, read with one `git log` and one `git status`."""

    #: False outside a git work tree, without git, or when git failed; nothing else is then known.
    in_git: bool = False
    #: Revision of each file that a commit changed, by its path relative to the docs folder.
    files: Mapping[str, Revision] = field(default_factory=dict)
    #: Revision of each folder directly under the docs folder, by folder name.
    folders: Mapping[str, Revision] = field(default_factory=dict)
    #: The newest commit that changed the docs folder; uncommitted when any of its files differs.
    latest: Revision = Revision()
    #: True in a shallow clone, where files last changed before its oldest commit get that commit's date.
    shallow: bool = False
    #: Place of each commit (abbreviated hash) in the log of the docs folder, 0 for the newest.
    positions: Mapping[str, int] = field(default_factory=dict)

    def file_revision(self, rel_path: str) -> Revision | None:
        """Return the revision of a file given by its path relative to the docs folder.

        Returns None outside git, and NOT_COMMITTED for a file that no commit contains.
        """
        if not self.in_git:
            return None
        return self.files.get(rel_path, NOT_COMMITTED)

    def folder_revision(self, name: str) -> Revision | None:
        """Return the revision of a folder directly under the docs folder; None outside git."""
        if not self.in_git:
            return None
        return self.folders.get(name, NOT_COMMITTED)

    def newest(self, revisions: Iterable[Revision]) -> Revision:
        """Return the newest of these revisions, by their order in the log.

        The result is uncommitted when any of them is, and has no commit when none of
        them has one. It is for a page built from several files or folders.
        """
        revisions = list(revisions)
        uncommitted = any(revision.uncommitted for revision in revisions)
        committed = [revision for revision in revisions if revision.commit]
        if not committed:
            return Revision(uncommitted=uncommitted)
        newest = min(committed, key=lambda revision: self.positions.get(revision.commit, len(self.positions)))
        return Revision(commit=newest.commit, date=newest.date, uncommitted=uncommitted)


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


def folder_revisions(docs_dir: Path) -> dict[str, Revision]:
    """Return the revision of every folder directly under `docs_dir`, by folder name.

    Folders that no commit touched appear only when they hold uncommitted files.
    """
    return dict(read_docs_history(docs_dir).folders)


def read_docs_history(docs_dir: Path) -> DocsHistory:
    """Read the revision of every file and folder of `docs_dir` from git.

    One `git log` reads the history of the whole docs folder, newest commit
    first, and one `git status` lists the uncommitted changes, so the cost
    grows with the history, not with the number of pages. A file's revision
    is the first commit of that log that changed it. A merge commit counts for
    the files it changed compared with every one of its parents (a conflict
    resolved in the merge, for example).
    """
    docs_dir = docs_dir.resolve()
    top = run_git(["rev-parse", "--show-toplevel", "--is-shallow-repository"], docs_dir) \
        if docs_dir.is_dir() else None
    lines = (top or "").splitlines()
    if not lines or not lines[0]:
        return DocsHistory()
    shallow = len(lines) > 1 and lines[1] == "true"
    try:
        prefix = docs_dir.relative_to(Path(lines[0]).resolve()).as_posix()
    except ValueError:
        log.debug("%s is not below the git work tree root %s, so no revision dates are read", docs_dir, lines[0])
        return DocsHistory()
    prefix = "" if prefix == "." else prefix + "/"

    files: dict[str, Revision] = {}
    folders: dict[str, Revision] = {}
    latest = Revision()
    positions: dict[str, int] = {}
    # A repository without commits makes `git log` fail; every file is then uncommitted.
    log_output = run_git(
        [*_LOG_SETTINGS, "log", "-z", "--no-color", "--name-only", "-c",
         f"--format={_COMMIT_SEPARATOR}%H{_FIELD_SEPARATOR}%cs", "--", "."],
        docs_dir,
    )
    for commit, date, paths in _parse_log(log_output or ""):
        revision = Revision(commit=commit[:COMMIT_LENGTH], date=date)
        positions.setdefault(revision.commit, len(positions))
        if latest.date is None:
            latest = revision
        for path in paths:
            rel = _below(path, prefix)
            if not rel:
                continue
            files.setdefault(rel, revision)
            folder = _top_folder(rel)
            if folder:
                folders.setdefault(folder, revision)

    changed = _uncommitted_paths(docs_dir, prefix)
    for rel in changed:
        if rel in files:
            files[rel] = _with_changes(files[rel])
        folder = _top_folder(rel)
        if folder:
            folders[folder] = _with_changes(folders.get(folder, Revision()))
    if changed:
        latest = _with_changes(latest)
    return DocsHistory(in_git=True, files=files, folders=folders, latest=latest, shallow=shallow,
                       positions=positions)


def _with_changes(revision: Revision) -> Revision:
    return Revision(commit=revision.commit, date=revision.date, uncommitted=True)


def _parse_log(output: str) -> Iterator[tuple[str, dt.date, list[str]]]:
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


def _uncommitted_paths(docs_dir: Path, prefix: str) -> set[str]:
    """Return the paths below the docs folder, relative to it, that differ from HEAD.

    An untracked folder is listed once, as its path with a trailing slash.
    """
    # --no-optional-locks: a build only reads, so it must not take the index lock that a
    # `git commit` running at the same time needs.
    output = run_git(["--no-optional-locks", "-c", "core.quotepath=off", "status", "--porcelain", "-z",
                      "--", "."], docs_dir)
    paths: set[str] = set()
    entries = (output or "").split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:]
        names = [path]
        if "R" in status or "C" in status:
            # A rename or copy is followed by its source path, which also changed.
            if index < len(entries):
                names.append(entries[index])
            index += 1
        for name in names:
            rel = _below(name, prefix)
            if rel:
                paths.add(rel)
    return paths


def _below(path: str, prefix: str) -> str:
    """Return a repository path relative to the docs folder, or "" when it is outside it."""
    return path[len(prefix):] if path.startswith(prefix) else ""


def _top_folder(rel: str) -> str:
    """Return the first folder of a path relative to the docs folder, or "" for a file at its top."""
    return rel.split("/", 1)[0] if "/" in rel else ""
