"""The rules of the JDD format, as pure functions from the model to findings.

A rule is a function `(RuleContext) -> Iterable[Finding]` registered with
`@rule`. Rules never log, raise on user input or exit: the site plugin and
the CLI decide what a finding does.

Severity policy: a rule names a code, and the code's strictness decides the
severity (`jdd.core.codes.Strictness`): structural faults are errors at every
status, missing or unfinished content is a warning at `draft` and an error
after it, and the configuration can turn a code off or change its severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..codes import CODES, Strictness
from ..findings import Finding, Severity, sort_findings
from ..model import Jdd, Portfolio
from ..sources import Problem

Rule = Callable[["RuleContext"], Iterable[Finding]]
_RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    """Register a rule; rules run in registration order."""
    _RULES.append(function)
    return function


@dataclass
class RuleConfig:
    """Rule settings from mkdocs.yml: severities per code, extra vocabulary and slide word budgets."""

    severities: dict[str, str] = field(default_factory=dict)
    #: Words added to each list of `jdd.core.rules.vocabulary` ("build_verbs", "roadmap_phrases", ...).
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Word budgets per slide kind ("cover", "scenario", "job") that replace the defaults.
    word_budgets: dict[str, int] = field(default_factory=dict)


@dataclass
class RuleContext:
    jdd: Jdd
    config: RuleConfig = field(default_factory=RuleConfig)

    @property
    def is_draft(self) -> bool:
        return self.jdd.status == "draft"

    def severity(self, code: str) -> Severity | None:
        """Return the severity of `code` for this JDD, or None when it is turned off."""
        override = self.config.severities.get(code)
        if override == "off":
            return None
        if override in ("error", "warning", "info"):
            return Severity(override)
        strictness = CODES[code].strictness
        if strictness is Strictness.ALWAYS:
            return Severity.ERROR
        if strictness is Strictness.BY_STATUS:
            return Severity.WARNING if self.is_draft else Severity.ERROR
        if strictness is Strictness.INFO:
            return Severity.INFO
        return Severity.WARNING

    def finding(self, code: str, rel: str | Path, line: int, column: int, message: str) -> Finding | None:
        severity = self.severity(code)
        if severity is None:
            return None
        path = rel if isinstance(rel, Path) else self.jdd.path_of(rel)
        return Finding(code, severity, str(path), max(line, 1), max(column, 1), message)


def check_jdd(jdd: Jdd, config: RuleConfig | None = None) -> list[Finding]:
    """Run every rule on one JDD."""
    _load_rule_modules()
    context = RuleContext(jdd=jdd, config=config or RuleConfig())
    findings: list[Finding] = []
    for function in _RULES:
        findings.extend(finding for finding in function(context) if finding is not None)
    # An `<!-- jdd: allow CODE -->` marker exempts its own line from that code, whatever rule reported it.
    from .markers import drop_allowed
    return sort_findings(drop_allowed(jdd, findings))


def check_portfolio(portfolio: Portfolio, config: RuleConfig | None = None, cache=None) -> list[Finding]:
    """Run every rule on every JDD of a portfolio, plus the portfolio-wide checks.

    `cache` (a `jdd.core.findingscache.FindingsCache`) gives the findings of each JDD that
    has not changed since it was last checked with the same settings and code.
    """
    config = config or RuleConfig()
    findings = problem_findings(portfolio.problems, config)
    for jdd in portfolio.jdds:
        findings.extend(check_jdd_cached(jdd, config, cache))
    return sort_findings(findings)


def problem_findings(problems: list[tuple[Path, Problem]], config: RuleConfig) -> list[Finding]:
    """Turn the portfolio's own problems (JDD115) into findings, with the configured severities."""
    findings: list[Finding] = []
    for path, problem in problems:
        severity = RuleContext(jdd=Jdd(slug="", folder=path.parent), config=config).severity(problem.code)
        if severity is not None:
            findings.append(Finding(problem.code, severity, str(path), problem.line, problem.column, problem.message))
    return findings


def check_jdd_cached(jdd: Jdd, config: RuleConfig, cache=None) -> list[Finding]:
    """Run every rule on one JDD, or take its findings from `cache` (a `FindingsCache`) when it has them."""
    if cache is None:
        return check_jdd(jdd, config)
    key = cache.key(jdd)
    cached = cache.get(key)
    if cached is None:
        cached = check_jdd(jdd, config)
        cache.put(key, cached)
    return cached


def _load_rule_modules() -> None:
    # The modules register their rules on import, in this order.
    from . import consistency, content, diagrams, frontmatter, honesty, markers, promises, structure  # noqa: F401
