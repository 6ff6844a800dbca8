"""One entry point for checking JDDs, shared by `jdd check` and the site plugin."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codes import CODES
from .findings import Finding, Severity, count_by_severity, sort_findings
from .loader import is_jdd_folder, load_jdd, load_portfolio
from .model import JOBS_FOLDER, Portfolio
from .rules import RuleConfig, check_portfolio

_SEVERITY_WORDS = {"off", "warning", "error", "info"}


class ConfigError(Exception):
    """The rule configuration is invalid; the message names the setting."""


@dataclass
class CheckResult:
    portfolio: Portfolio
    findings: list[Finding] = field(default_factory=list)

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.WARNING]


def rule_config(options: dict[str, Any] | None) -> RuleConfig:
    """Read the `rules:` option (code or name to off, warning or error)."""
    options = options or {}
    rules = options.get("rules") or {}
    if not isinstance(rules, dict):
        raise ConfigError("the 'rules' option must map finding codes to off, warning or error")
    by_name = {code.name: code.code for code in CODES.values()}
    severities: dict[str, str] = {}
    for key, value in rules.items():
        code = by_name.get(str(key), str(key).upper())
        if code not in CODES:
            raise ConfigError(f"rules: '{key}' is not a finding code; see the findings reference for the list")
        word = "off" if value is False else str(value).lower()
        if word not in _SEVERITY_WORDS:
            raise ConfigError(f"rules: {key}: '{value}' is not one of off, warning, error")
        severities[code] = word
    return RuleConfig(severities=severities)


def load_targets(docs_dir: Path, targets: list[Path] | None = None) -> Portfolio:
    """Load the JDDs named by `targets` (JDD folders, files in them, docs folders), or all of `docs_dir`."""
    if not targets:
        return load_portfolio(docs_dir)
    portfolio = Portfolio(docs_dir=docs_dir.resolve())
    seen: set[Path] = set()
    for target in targets:
        folder = jdd_folder_of(target)
        if folder is not None:
            if folder.resolve() not in seen:
                seen.add(folder.resolve())
                portfolio.jdds.append(load_jdd(folder, folder.parent))
            continue
        if target.is_dir():
            sub = load_portfolio(target)
            portfolio.problems.extend(sub.problems)
            for jdd in sub.jdds:
                if jdd.folder.resolve() not in seen:
                    seen.add(jdd.folder.resolve())
                    portfolio.jdds.append(jdd)
    return portfolio


def jdd_folder_of(target: Path) -> Path | None:
    """Return the JDD folder that `target` is or lies in, or None."""
    target = target.absolute()
    candidates = [target] if target.is_dir() else []
    candidates += [target.parent, target.parent.parent] if not target.is_dir() else []
    if target.is_dir() and target.name == JOBS_FOLDER:
        candidates.append(target.parent)
    for candidate in candidates:
        if is_jdd_folder(candidate):
            return candidate
    return None


def run_check(portfolio: Portfolio, config: RuleConfig | None = None) -> CheckResult:
    return CheckResult(portfolio=portfolio, findings=sort_findings(check_portfolio(portfolio, config)))
