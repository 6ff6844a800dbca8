"""3xx rules that need no browser: each job overview has exactly one diagram."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from . import RuleContext, rule


@rule
def diagram_count(context: RuleContext) -> Iterator[Finding]:
    for overview in context.jdd.overviews.values():
        section = overview.page.section("diagram")
        if section is None:
            continue
        count = len(overview.diagrams)
        if count == 0:
            yield context.finding(
                "JDD302", overview.rel, section.line, 1,
                f"the '{section.title}' section has no Mermaid block; add one fenced '```mermaid' block "
                "with the job's steps",
            )
        elif count > 1:
            yield context.finding(
                "JDD302", overview.rel, overview.diagrams[1].line, 1,
                f"the '{section.title}' section has {count} Mermaid blocks; a job overview has exactly one, "
                "so merge them or move the others to an appendix page",
            )
