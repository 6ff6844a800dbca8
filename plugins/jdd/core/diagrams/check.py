"""`check_diagrams`: every Mermaid block of a portfolio, checked with the pinned mermaid."""

from __future__ import annotations

from pathlib import Path

from ..model import Jdd, Portfolio
from ..rules import RuleConfig, RuleContext
from .service import DiagramOptions, DiagramReport, DiagramService, JddDiagrams, portfolio_diagrams


def check_diagrams(portfolio: Portfolio, config: RuleConfig | None, options: DiagramOptions,
                   cached: int = 0) -> DiagramReport:
    """Check every diagram of every JDD in one browser session, or in none when all are in the cache.

    `cached` is the number of diagrams in JDDs whose findings came from the
    check cache, so they are not in `portfolio`. The summary counts them as
    checked and as taken from the cache.
    """
    config = config or RuleConfig()
    service = DiagramService(options)
    pairs = portfolio_diagrams(portfolio)
    try:
        problems = service.check([diagram for _, diagram in pairs])
    finally:
        service.close()

    jdds = {jdd.folder: JddDiagrams() for jdd in portfolio.jdds}
    for jdd, diagram in pairs:
        jdds[jdd.folder].count += 1
        if not service.has_verdict(diagram):
            jdds[jdd.folder].judged_by_mermaid = False

    jdd_of = {(diagram.path, diagram.fence_line): jdd for jdd, diagram in pairs}
    findings = []
    for problem in problems:
        jdd = jdd_of[problem.diagram.path, problem.diagram.fence_line]
        finding = RuleContext(jdd=jdd, config=config).finding(problem.code, Path(problem.diagram.path), problem.line,
                                                              problem.column, problem.message)
        if finding is not None:
            findings.append(finding)
            jdds[jdd.folder].findings.append(finding)

    service.stats.checked += cached
    service.stats.from_cache += cached
    notice = service.notice()
    if notice and RuleContext(jdd=Jdd(slug="", folder=portfolio.docs_dir), config=config).severity("JDD303") is None:
        notice = None
    return DiagramReport(
        findings=findings, jdds=jdds, summary=service.summary(), notice=notice,
        mermaid_version=service.mermaid_version, browser_started=service.browser_started, stats=service.stats,
    )
