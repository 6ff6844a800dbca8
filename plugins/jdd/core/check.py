"""One entry point for checking JDDs, shared by `jdd check` and the site plugin."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checkcache import CachedCheck, CheckCache, check_settings
from .codes import CODES
from .diagrams import DiagramOptions, DiagramReport, check_diagrams
from .findings import Finding, Severity, count_by_severity, sort_findings
from .findingscache import FindingsCache
from .loader import (
    closest,
    find_jdd_folders,
    folder_name_problem,
    is_jdd_folder,
    load_jdd,
    load_portfolio,
    read_jdd_sources,
)
from .model import JOBS_FOLDER, Portfolio
from .rules import RuleConfig, check_jdd_cached, check_portfolio, problem_findings
from .rules.vocabulary import DEFAULT_WORD_BUDGETS, VOCABULARY_LISTS
from .sources import Problem, is_utf8_name

_SEVERITY_WORDS = {"off", "warning", "error", "info"}


class ConfigError(Exception):
    """The rule configuration is invalid; the message names the setting."""


@dataclass
class CheckResult:
    #: The JDDs loaded in this run; those whose result came from the check cache are not in it.
    portfolio: Portfolio
    findings: list[Finding] = field(default_factory=list)
    #: The diagram check's counts and notice, when diagrams were checked with mermaid.
    diagrams: DiagramReport | None = None
    #: The number of JDDs whose findings came from the check cache, without loading them.
    cached_jdds: int = 0

    @property
    def jdd_count(self) -> int:
        """Return the number of JDDs checked, those taken from the check cache included."""
        return len(self.portfolio.jdds) + self.cached_jdds

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
    """Read the `rules:`, `vocabulary:` and `word_budgets:` options of the `jdd` plugin."""
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
    return RuleConfig(
        severities=severities,
        vocabulary=_vocabulary(options.get("vocabulary")),
        word_budgets=_word_budgets(options.get("word_budgets")),
    )


def _vocabulary(value: Any) -> dict[str, tuple[str, ...]]:
    """Read `vocabulary:`, a mapping of list names to words added to the defaults."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(
            f"vocabulary: must map list names to lists of words, not {_describe(value)}; for example "
            "'vocabulary: {build_verbs: [Migrate]}'"
        )
    vocabulary: dict[str, tuple[str, ...]] = {}
    for name, words in value.items():
        if name not in VOCABULARY_LISTS:
            guess = closest(str(name), VOCABULARY_LISTS)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            raise ConfigError(
                f"vocabulary: '{name}' is not a vocabulary list{hint}; use one of: {', '.join(VOCABULARY_LISTS)}"
            )
        if words is None:
            continue
        if isinstance(words, str) or not isinstance(words, list):
            raise ConfigError(f"vocabulary: {name}: must be a list of words or phrases, as in '{name}: [word]', "
                              f"not {_describe(words)}")
        for word in words:
            if not isinstance(word, str) or not word.strip():
                raise ConfigError(f"vocabulary: {name}: '{word}' is not a word or phrase; write text, quoted if "
                                  "YAML would read it as a number or a boolean")
        vocabulary[name] = tuple(word.strip() for word in words)
    return vocabulary


def _word_budgets(value: Any) -> dict[str, int]:
    """Read `word_budgets:`, a mapping of slide kinds to a maximum number of words."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"word_budgets: must map slide kinds to numbers of words, not {_describe(value)}; "
                          "for example 'word_budgets: {scenario: 300}'")
    budgets: dict[str, int] = {}
    for kind, budget in value.items():
        if kind not in DEFAULT_WORD_BUDGETS:
            guess = closest(str(kind), DEFAULT_WORD_BUDGETS)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            raise ConfigError(f"word_budgets: '{kind}' is not a slide kind{hint}; use one of: "
                              f"{', '.join(DEFAULT_WORD_BUDGETS)}")
        if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
            raise ConfigError(f"word_budgets: {kind}: '{budget}' is not a positive whole number of words; to "
                              "turn the check off, set 'rules: {slide-word-budget: off}'")
        budgets[kind] = budget
    return budgets


def _describe(value: Any) -> str:
    """Name a configuration value in a message: text as written, anything else by its YAML type."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


@dataclass
class CheckTargets:
    """The JDD folders a check covers, listed without reading their pages."""

    docs_dir: Path
    #: Each JDD folder once, with the docs folder it is read against (links out of it are not followed).
    folders: list[tuple[Path, Path]] = field(default_factory=list)
    #: Problems of the portfolio as a whole, found while listing: JDD115 for names that differ only by case.
    problems: list[tuple[Path, Problem]] = field(default_factory=list)


def find_targets(docs_dir: Path, targets: list[Path] | None = None) -> CheckTargets:
    """List the JDDs named by `targets` (JDD folders, files in them, docs folders), or all of `docs_dir`."""
    if not targets:
        root = docs_dir.resolve()
        folders, problems = find_jdd_folders(root)
        return CheckTargets(docs_dir=root, folders=[(folder, root) for folder in folders], problems=problems)

    found = CheckTargets(docs_dir=docs_dir.resolve())
    seen: set[Path] = set()

    def add(folder: Path, root: Path) -> None:
        if not is_utf8_name(folder.name):
            found.problems.append(folder_name_problem(folder))
            return
        if folder.resolve() not in seen:
            seen.add(folder.resolve())
            found.folders.append((folder, root))

    for target in targets:
        folder = jdd_folder_of(target)
        if folder is not None:
            add(folder, folder.parent)
            continue
        if target.is_dir():
            root = target.resolve()
            folders, problems = find_jdd_folders(root)
            found.problems.extend(problems)
            for sub in folders:
                add(sub, root)
    return found


def load_targets(docs_dir: Path, targets: list[Path] | None = None) -> Portfolio:
    """Load the JDDs named by `targets` (JDD folders, files in them, docs folders), or all of `docs_dir`."""
    if not targets:
        return load_portfolio(docs_dir)
    found = find_targets(docs_dir, targets)
    portfolio = Portfolio(docs_dir=found.docs_dir, problems=list(found.problems))
    portfolio.jdds = [load_jdd(folder, root) for folder, root in found.folders]
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


def run_check(portfolio: Portfolio, config: RuleConfig | None = None,
              diagrams: DiagramOptions | None = None, cache_dir: Path | None = None) -> CheckResult:
    """Run the rules; with `diagrams`, also check every Mermaid block with the pinned mermaid.

    With `cache_dir`, the findings of a JDD that did not change since a run with the same
    settings come from that folder (`jdd.core.findingscache`).
    """
    cache = FindingsCache(cache_dir, config or RuleConfig()) if cache_dir is not None else None
    findings = check_portfolio(portfolio, config, cache)
    report = None
    if diagrams is not None:
        report = check_diagrams(portfolio, config, diagrams)
        findings = findings + report.findings
    return CheckResult(portfolio=portfolio, findings=sort_findings(findings), diagrams=report)


def check_targets(targets: CheckTargets, config: RuleConfig | None, diagrams: DiagramOptions,
                  cache_dir: Path | None = None) -> CheckResult:
    """Check the JDDs of `targets` with the rules and the pinned mermaid, as `run_check` does after loading them.

    With `cache_dir`, a JDD whose files and settings match those of a run that
    stored its result is not parsed: its findings and its diagram count come
    from the check cache (`jdd.core.checkcache`). The others are loaded and
    checked, and their result is stored when mermaid judged all their diagrams.
    """
    config = config or RuleConfig()
    cache = CheckCache(cache_dir, check_settings(config, diagrams)) if cache_dir is not None else None
    portfolio, keys, cached = _load_uncached(targets, cache)

    rules_cache = FindingsCache(cache_dir, config) if cache_dir is not None else None
    rule_findings = {jdd.folder: check_jdd_cached(jdd, config, rules_cache) for jdd in portfolio.jdds}
    report = check_diagrams(portfolio, config, diagrams, cached=sum(entry.diagrams for entry in cached))

    findings = problem_findings(targets.problems, config)
    for entry in cached:
        findings += entry.findings
    for jdd in portfolio.jdds:
        checked = report.jdds[jdd.folder]
        jdd_findings = rule_findings[jdd.folder] + checked.findings
        findings += jdd_findings
        if cache is not None and checked.judged_by_mermaid:
            cache.put(keys[jdd.folder], jdd_findings, checked.count)
    return CheckResult(portfolio=portfolio, findings=sort_findings(findings), diagrams=report,
                       cached_jdds=len(cached))


def _load_uncached(targets: CheckTargets,
                   cache: CheckCache | None) -> tuple[Portfolio, dict[Path, str], list[CachedCheck]]:
    """Load the JDDs of `targets` that `cache` has no result for.

    Returns them as a portfolio, the cache key of each by folder, and the
    results the cache had for the others.
    """
    portfolio = Portfolio(docs_dir=targets.docs_dir, problems=list(targets.problems))
    keys: dict[Path, str] = {}
    cached: list[CachedCheck] = []
    for folder, docs_dir in targets.folders:
        sources = read_jdd_sources(folder, docs_dir)
        key = cache.key(folder, docs_dir, sources) if cache is not None else ""
        entry = cache.get(key) if cache is not None else None
        if entry is not None:
            cached.append(entry)
            continue
        jdd = load_jdd(folder, docs_dir, sources)
        portfolio.jdds.append(jdd)
        keys[jdd.folder] = key
    return portfolio, keys, cached
