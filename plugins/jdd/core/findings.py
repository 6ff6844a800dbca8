"""Findings: what the rules report, and how a finding is written out."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path


class Severity(str, enum.Enum):
    """How bad a finding is. Errors stop `jdd check` and the site build."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one source file.

    `path` is absolute; writers make it relative to whatever base their
    reader expects (the current folder for the CLI, the project for the site).
    """

    code: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.severity.rank, self.code, self.message)

    def display_path(self, base: str | os.PathLike | None = None) -> str:
        return relative_path(self.path, base)

    def format(self, base: str | os.PathLike | None = None) -> str:
        """Write the finding as `path:line:col: severity CODE message`."""
        return (
            f"{self.display_path(base)}:{self.line}:{self.column}: "
            f"{self.severity.value} {self.code} {self.message}"
        )

    def as_dict(self, base: str | os.PathLike | None = None) -> dict:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.display_path(base),
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def relative_path(path: str, base: str | os.PathLike | None = None) -> str:
    """Return `path` relative to `base` with forward slashes, when it lies below it."""
    if base is None:
        base = os.getcwd()
    try:
        relative = os.path.relpath(path, base)
    except ValueError:  # pragma: no cover - another drive on Windows
        return Path(path).as_posix()
    if relative.startswith(".."):
        return Path(path).as_posix()
    return Path(relative).as_posix()


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(set(findings), key=Finding.sort_key)


def count_by_severity(findings: list[Finding]) -> dict[Severity, int]:
    counts = {severity: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity] += 1
    return counts
