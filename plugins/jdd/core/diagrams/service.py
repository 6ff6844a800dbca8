"""Checking and drawing diagrams with the pinned mermaid: the part `jdd check` and the plugin share.

A `DiagramService` lives for one run. It answers from the disk cache first
and starts one browser only for diagrams the cache does not know. Without a
browser (none installed, `JDD_BROWSER=none`, or mermaid not installed) it
records why, once, and the structural lint alone decides.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..browser import BROWSER_ENV
from ..fingerprint import code_fingerprint
from .cache import DiagramCache, default_cache_dir
from .engine import BrowserUnavailable, MermaidSession
from .lint import LintIssue, lint_diagram
from .mermaid import RENDER_SETTINGS, THEMES, MermaidInstall, MermaidNotInstalled, find_mermaid
from .messages import explain_error
from .source import Diagram, PreparedSource, normalise, source_key

#: Values of JDD_BROWSER that turn the browser off.
BROWSER_OFF_VALUES = ("none", "off")

_LINT_CODES = {"syntax": "JDD301", "changed": "JDD306", "edges": "JDD304", "size": "JDD304", "comment": "JDD305"}


@dataclass
class DiagramOptions:
    """How diagrams are checked in one run."""

    project_root: Path
    #: The Chromium or Chrome to start (default: JDD_BROWSER, then the usual places).
    browser: str | None = None
    #: False: never start a browser; the structural lint alone checks.
    use_browser: bool = True
    #: The cache folder (default: JDD_CACHE_DIR, then .cache/jdd in the project).
    cache_dir: Path | None = None
    #: The mermaid package folder (default: JDD_MERMAID, then node_modules/mermaid).
    mermaid: str | None = None


def browser_allowed(options: DiagramOptions) -> bool:
    """Tell whether a run with `options` may start a browser: not with `use_browser` off or JDD_BROWSER=none."""
    return options.use_browser and os.environ.get(BROWSER_ENV, "").strip().lower() not in BROWSER_OFF_VALUES


@dataclass(frozen=True)
class DiagramProblem:
    """A finding about one diagram, before the rule configuration gives it a severity."""

    code: str
    diagram: Diagram
    line: int
    column: int
    message: str


@dataclass
class DiagramStats:
    checked: int = 0
    from_cache: int = 0
    parsed_in_browser: int = 0
    drawn_in_browser: int = 0


class DiagramService:
    """Verdicts and drawings for the diagrams of one run; call `close()` at the end."""

    def __init__(self, options: DiagramOptions) -> None:
        self.options = options
        self.stats = DiagramStats()
        #: Why diagrams were not render-checked, once that happened.
        self.not_checked_reason: str | None = None
        self.install: MermaidInstall | None = None
        self.install_error: str | None = None
        self.cache: DiagramCache | None = None
        self.session: MermaidSession | None = None
        self._verdicts: dict[str, dict[str, Any]] = {}
        self._drawings: dict[tuple[str, str], dict[str, Any]] = {}

        try:
            self.install = find_mermaid(options.project_root, options.mermaid)
        except MermaidNotInstalled as exc:
            self.install_error = str(exc)
            return
        cache_dir = options.cache_dir or default_cache_dir(options.project_root)
        self.cache = DiagramCache(cache_dir, self.install.version, RENDER_SETTINGS)
        if browser_allowed(options):
            self.session = MermaidSession(self.install, options.browser)

    @property
    def mermaid_version(self) -> str | None:
        return self.install.version if self.install else None

    @property
    def browser_started(self) -> bool:
        return self.session is not None and self.session.started

    def close(self) -> None:
        if self.session is not None:
            self.session.close()

    # Verdicts ---------------------------------------------------------------

    def verdicts(self, sources: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        """Return mermaid's verdict per source key: from memory, the disk cache or the browser; None without one."""
        wanted = {source_key(source): normalise(source) for source in sources}
        missing = {key: text for key, text in wanted.items() if key not in self._verdicts}
        for key, text in list(missing.items()):
            cached = self.cache.get("parse", text) if self.cache else None
            if cached is not None:
                self._verdicts[key] = {**cached, "cached": True}
                del missing[key]

        if missing and self._browser_ready():
            results = self.session.parse(list(missing.values()), RENDER_SETTINGS)
            for (key, text), result in zip(missing.items(), results):
                verdict = {"ok": bool(result.get("ok")), "error": result.get("error")}
                self._verdicts[key] = {**verdict, "cached": False}
                self.cache.put("parse", text, verdict)
            self.stats.parsed_in_browser += len(missing)
        return {key: self._verdicts.get(key) for key in wanted}

    def has_verdict(self, diagram: Diagram) -> bool:
        """Tell whether mermaid judged `diagram` in this run, in the browser or from its cached verdict."""
        return diagram.key in self._verdicts

    def _browser_ready(self) -> bool:
        """Start the browser if needed; on failure record why, once, and return False."""
        if self.install is None:
            self.not_checked_reason = self.not_checked_reason or self.install_error
            return False
        if self.session is None:
            if not self.not_checked_reason:
                self.not_checked_reason = (
                    f"{BROWSER_ENV} is set to '{os.environ.get(BROWSER_ENV)}'"
                    if self.options.use_browser else "the browser is turned off for this run"
                )
            return False
        try:
            self.session.start()
        except BrowserUnavailable as exc:
            self.not_checked_reason = self.not_checked_reason or str(exc)
            return False
        return True

    # Checking ---------------------------------------------------------------

    def check(self, diagrams: list[Diagram]) -> list[DiagramProblem]:
        """Check diagrams with the cache, the browser or the lint; return the problems found."""
        verdicts = self.verdicts(diagram.text for diagram in diagrams)
        problems: list[DiagramProblem] = []
        for diagram in diagrams:
            verdict = verdicts.get(diagram.key)
            self.stats.checked += 1
            if verdict is not None and verdict.get("cached"):
                self.stats.from_cache += 1
            problems += self._problems(diagram, verdict)
        return problems

    def _lint(self, diagram: Diagram) -> list[LintIssue]:
        """Lint a diagram, or take the issues from the cache: the lint costs more than a cached verdict."""
        if self.cache is None:
            return lint_diagram(diagram.text)
        # The lint's code is part of the key, so a changed lint never reuses old issues.
        cached = self.cache.get("lint", diagram.text, code_fingerprint())
        if cached is not None:
            try:
                return [LintIssue(**issue) for issue in cached["issues"]]
            except (KeyError, TypeError):
                pass
        issues = lint_diagram(diagram.text)
        self.cache.put("lint", diagram.text, {"issues": [dataclasses.asdict(issue) for issue in issues]},
                       code_fingerprint())
        return issues

    def _problems(self, diagram: Diagram, verdict: dict[str, Any] | None) -> list[DiagramProblem]:
        issues = self._lint(diagram)
        if verdict is None:
            return [self._lint_problem(diagram, issue) for issue in issues]
        if verdict.get("ok"):
            return [self._lint_problem(diagram, issue) for issue in issues if not issue.parser_decides]

        prepared = PreparedSource.of(diagram.text)
        failure = explain_error(verdict.get("error") or {}, lambda line: _processed_line(prepared, line))
        if failure.line is not None:
            line, column = prepared.original_position(failure.line, failure.column)
        else:
            edges = next((issue for issue in issues if issue.kind == "edges"), None)
            line, column = (edges.line, 1) if edges else (prepared.first_statement_line(), 1)

        at_line = [issue for issue in issues if issue.line == line and issue.kind != "size"]
        explanation = failure.explanation
        if at_line:
            best = sorted(at_line, key=lambda issue: (not issue.parser_decides, issue.column))[0]
            explanation, column = best.message, best.column
        problems = [DiagramProblem(
            failure.code, diagram, diagram.file_line(line), diagram.indent + column,
            f"Mermaid diagram does not parse on diagram line {line}: {explanation}",
        )]
        for issue in issues:
            if issue in at_line or (failure.code == "JDD304" and issue.kind == "edges"):
                continue
            problems.append(self._lint_problem(diagram, issue))
        return problems

    def _lint_problem(self, diagram: Diagram, issue: LintIssue) -> DiagramProblem:
        return DiagramProblem(
            _LINT_CODES[issue.kind], diagram, diagram.file_line(issue.line), diagram.indent + issue.column,
            f"Mermaid diagram line {issue.line}: {issue.message}",
        )

    # Drawing ----------------------------------------------------------------

    def drawings(self, sources: Iterable[str]) -> dict[str, dict[str, dict[str, Any]] | None]:
        """Draw each source in every theme; return, per source key, {theme: drawing} or None without a browser.

        A drawing is {"ok": True, "svg", "rules"} or {"ok": False, "error"}.
        """
        wanted = {source_key(source): normalise(source) for source in sources}
        missing: list[tuple[str, str, str]] = []
        for key, text in wanted.items():
            for theme in THEMES:
                if (key, theme) in self._drawings:
                    continue
                cached = self.cache.get("render", text, theme) if self.cache else None
                if cached is not None:
                    self._drawings[key, theme] = cached
                else:
                    missing.append((key, text, theme))

        if missing and self._browser_ready():
            items = [(render_id(key, theme), text, theme) for key, text, theme in missing]
            for (key, text, theme), drawing in zip(missing, self.session.render(items, RENDER_SETTINGS)):
                self._drawings[key, theme] = drawing
                self.cache.put("render", text, drawing, theme)
            self.stats.drawn_in_browser += len(missing)

        result: dict[str, dict[str, dict[str, Any]] | None] = {}
        for key in wanted:
            themes = {theme: self._drawings.get((key, theme)) for theme in THEMES}
            result[key] = themes if all(value is not None for value in themes.values()) else None
        return result

    # Reporting --------------------------------------------------------------

    def summary(self) -> str:
        """Describe the run in one line: diagrams checked, from the cache, mermaid version, browser use."""
        stats = self.stats
        count = f"{stats.checked} diagram{'s' if stats.checked != 1 else ''}"
        if self.install is None:
            return f"{count} checked by the structural lint only: mermaid is not installed (run 'npm ci')"
        how = f"mermaid {self.install.version}"
        if self.not_checked_reason and stats.parsed_in_browser == 0 and stats.from_cache < stats.checked:
            uncached = stats.checked - stats.from_cache
            return (f"{count} checked, {stats.from_cache} from the cache ({how}); {uncached} by the structural "
                    "lint only, without a browser")
        browser = "browser started" if self.browser_started else "no browser started"
        return f"{count} checked, {stats.from_cache} from the cache ({how}, {browser})"

    def notice(self) -> str | None:
        """Return the sentence saying diagrams were not render-checked, when that happened."""
        if not self.not_checked_reason:
            return None
        return (f"diagrams were not render-checked with mermaid: {self.not_checked_reason}. Only the structural "
                "lint ran; it finds common faults but not every one")


def render_id(key: str, theme: str) -> str:
    """Return the SVG id of a drawing; each element id inside it starts with this."""
    return f"jdd-{key[:10]}-{theme}"


def _processed_line(prepared: PreparedSource, line: int | None) -> str:
    if not line:
        return ""
    lines = prepared.text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def diagrams_in_page(path: Path, parsed) -> list[Diagram]:
    """List the Mermaid blocks of a parsed page (`jdd.core.markdown.ParsedMarkdown`)."""
    diagrams = []
    for fence in parsed.fences:
        if fence.language != "mermaid":
            continue
        opening = parsed.lines[fence.line - 1] if fence.line <= len(parsed.lines) else ""
        indent = len(opening) - len(opening.lstrip(" \t"))
        diagrams.append(Diagram(path=path, fence_line=fence.line, source=fence.content, indent=indent))
    return diagrams


def portfolio_diagrams(portfolio) -> list[tuple[Any, Diagram]]:
    """List (JDD, diagram) for every Mermaid block in every readable page of a portfolio."""
    found = []
    for jdd in portfolio.jdds:
        for page in jdd.pages.values():
            if page.markdown is None:
                continue
            found += [(jdd, diagram) for diagram in diagrams_in_page(page.path, page.markdown)]
    return found


@dataclass
class JddDiagrams:
    """The diagrams of one JDD in a `check_diagrams` run."""

    count: int = 0
    findings: list = field(default_factory=list)
    #: False when the structural lint alone checked any of them, for want of mermaid or a browser.
    judged_by_mermaid: bool = True


@dataclass
class DiagramReport:
    """What `check_diagrams` found, with the counts for the summary line."""

    findings: list = field(default_factory=list)
    #: Per JDD folder of the portfolio checked, its diagrams' count and findings.
    jdds: dict[Path, JddDiagrams] = field(default_factory=dict)
    summary: str = ""
    notice: str | None = None
    mermaid_version: str | None = None
    browser_started: bool = False
    stats: DiagramStats = field(default_factory=DiagramStats)
