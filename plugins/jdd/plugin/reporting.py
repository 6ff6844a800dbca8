"""Logging of findings in the site build: warnings and notes go to the log, errors back to the caller."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..core.findings import Finding, Severity


def log_findings(findings: Iterable[Finding], base: Path, log) -> list[str]:
    """Log each warning and note on `log`; return the error lines for one PluginError."""
    errors = []
    for finding in findings:
        line = finding.format(base)
        if finding.severity is Severity.ERROR:
            errors.append(line)
        elif finding.severity is Severity.WARNING:
            log.warning(line)
        else:
            log.info(line)
    return errors
