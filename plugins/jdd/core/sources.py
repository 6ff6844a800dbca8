"""Reading Markdown files the way MkDocs reads them, without ever raising.

MkDocs decodes pages as UTF-8 with an optional byte order mark and lets
Python-Markdown normalise line endings. This module does the same, and
turns every way a file can be unreadable into a `Problem` at a line, so a
Windows-1252 dash or a binary file is a finding instead of a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: Files larger than this are not read; several megabytes of Markdown is
#: already far beyond any slide.
MAX_FILE_BYTES = 8 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Problem:
    """A fault found while reading or parsing, before any rule runs."""

    code: str
    line: int
    column: int
    message: str


@dataclass
class SourceText:
    """The decoded text of one file, with what went wrong reading it."""

    path: Path
    text: str = ""
    has_bom: bool = False
    readable: bool = True
    problems: list[Problem] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def is_utf8_name(name: str) -> bool:
    """Tell whether a file name, as the operating system gave it to Python, is valid UTF-8.

    Python keeps each byte of a name that is not UTF-8 as a lone surrogate
    character, which no URL, JSON document or UTF-8 terminal can carry.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(name: str) -> str:
    """Return a file name with each byte that is not UTF-8 written as `\\xNN`, so it can be printed."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def name_problem(name: str) -> Problem:
    """Return the JDD117 problem of a file or folder name that is not valid UTF-8."""
    printable = shown_name(name)
    return Problem(
        "JDD117", 1, 1,
        f"the name '{printable}' is not valid UTF-8, so the site cannot link to it and its content is not checked; "
        "rename it with UTF-8 characters (\\xNN marks each invalid byte)",
    )


def is_outside(path: Path, root: Path) -> bool:
    """Tell whether `path`, with links followed, lies outside `root`.

    A link in a loop is outside only when the loop lies outside. Reading a
    link in a loop fails later, like reading any unreadable file.
    """
    return OutsideCheck(root).is_outside(path)


class OutsideCheck:
    """`is_outside` for many paths under one root, resolving each folder once.

    A path's real location is its folder's real location joined with its name. The name
    is resolved only when it is a symbolic link itself, so the folders of a large docs
    folder are not resolved again for each file in them.
    """

    def __init__(self, root: Path) -> None:
        self._root = os.path.realpath(root)
        self._folders: dict[str, str] = {}

    def is_outside(self, path: Path | str) -> bool:
        # Path.resolve raises RuntimeError on a symbolic link loop before Python 3.13; os.path.realpath stops there.
        folder, name = os.path.split(os.fspath(path))
        real_folder = self._folders.get(folder)
        if real_folder is None:
            real_folder = self._folders[folder] = os.path.realpath(folder)
        real = os.path.join(real_folder, name)
        if os.path.islink(real):
            real = os.path.realpath(real)
        return not (real == self._root or real.startswith(self._root.rstrip(os.sep) + os.sep))


def read_source(path: Path, root: Path | None = None) -> SourceText:
    """Read `path` as UTF-8 (BOM optional) with `\\r\\n` and `\\r` made `\\n`.

    A symbolic link that leads outside `root` is not read at all, so its
    content can never reach the site or a PDF.
    """
    source = SourceText(path=path)

    if root is not None and path.is_symlink() and is_outside(path, root):
        source.readable = False
        source.problems.append(Problem(
            "JDD113", 1, 1,
            f"the page is a symbolic link to '{os.readlink(path)}', outside the docs folder; "
            "it is not read or published: copy the content into the repository instead",
        ))
        return source

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            source.readable = False
            source.problems.append(Problem(
                "JDD114", 1, 1,
                f"the file is {size / 1_000_000:.1f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit; "
                "split the page",
            ))
            return source
        data = path.read_bytes()
    except OSError as exc:
        source.readable = False
        source.problems.append(Problem("JDD101", 1, 1, f"the file cannot be read: {exc.strerror or exc}"))
        return source

    return decode_source(path, data, source)


def decode_source(path: Path, data: bytes, source: SourceText | None = None) -> SourceText:
    """Decode bytes already read from `path`; see `read_source`."""
    if source is None:
        source = SourceText(path=path)

    if data.startswith(_BOM):
        source.has_bom = True
        data = data[len(_BOM):]

    nul = data.find(b"\x00")
    if nul != -1:
        source.readable = False
        source.problems.append(Problem(
            "JDD106", 1, 1,
            f"the file holds binary data (NUL byte at offset {nul}); a .md file must be Markdown text",
        ))
        return source

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        source.readable = False
        source.problems.extend(_decoding_problems(data))
        return source

    source.text = text.replace("\r\n", "\n").replace("\r", "\n")
    return source


def _decoding_problems(data: bytes, limit: int = 20) -> list[Problem]:
    """List every byte that is not UTF-8, with its line, column and a likely reading."""
    problems: list[Problem] = []
    offset = 0
    while offset < len(data) and len(problems) < limit:
        try:
            data[offset:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad = offset + exc.start
            line = data.count(b"\n", 0, bad) + 1
            line_start = data.rfind(b"\n", 0, bad) + 1
            column = len(data[line_start:bad].decode("utf-8", errors="replace")) + 1
            byte = data[bad]
            guess = bytes([byte]).decode("cp1252", errors="replace")
            hint = (
                f" (in Windows-1252 it is '{guess}')" if guess != "\ufffd" and not guess.isspace() else ""
            )
            problems.append(Problem(
                "JDD104", line, column,
                f"byte 0x{byte:02X} at offset {bad} is not valid UTF-8 ({exc.reason}){hint}; "
                "save the file as UTF-8",
            ))
            offset = bad + max(1, exc.end - exc.start)
    return problems
