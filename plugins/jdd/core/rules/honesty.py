"""5xx rules that keep a JDD honest: jobs read as outcomes, gaps are stated plainly, slides stay short.

Every rule reads only customer-facing text (`customer_text`), so what sits
in an internal admonition, an HTML comment or an internal page neither
triggers a finding nor counts as saying something to the customer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..markdown import section_key
from ..model import COVER_FILE, JOBS_FILE, SCENARIO_FILE, CapabilityRow, JobOverview, Page
from . import RuleContext, rule
from .customer_text import customer_text
from .vocabulary import (
    BUILD_VERBS,
    DEFAULT_WORD_BUDGETS,
    FEATURE_WORDS,
    GAP_PHRASES,
    OUTCOME_PHRASES,
    SUPPORTED_PHRASES,
    merged,
    phrase_regex,
)

_TITLE_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# ", so no clinic opens short-staffed": a comma, "so" and a word start a result clause.
_SO_CLAUSE_RE = re.compile(r",\s*so\s+(?!far\b|on\b|much\b|many\b|long\b)[^\W\d_]", re.IGNORECASE)
_NEGATIONS = {"not", "no", "never", "without", "nor", "cannot", "neither"}
_OUTCOME_EXAMPLE = "'Settle a disputed invoice with the carrier', not 'Add a dispute thread'"


@rule
def jobs_read_as_outcomes(context: RuleContext) -> Iterator[Finding]:
    """JDD502: a job title names a result, not a build verb or a product feature."""
    jdd = context.jdd
    verbs = {word.lower() for word in merged(context.config.vocabulary, "build_verbs", BUILD_VERBS)}
    features = {word.lower() for word in merged(context.config.vocabulary, "feature_words", FEATURE_WORDS)}
    capabilities = {section_key(row.capability): row for row in jdd.capabilities if row.capability}

    jobs_page = jdd.page(JOBS_FILE)
    if jobs_page is not None and jobs_page.readable and not jobs_page.is_internal:
        # Job items are top-level list items, so none of them sits in an internal admonition.
        for job in jdd.jobs:
            if not job.title:
                continue
            reason = _feature_reason(job.title, verbs, features, capabilities)
            if reason is not None:
                column = _column_of(jobs_page, job.line, reason[0], job.column)
                yield context.finding("JDD502", JOBS_FILE, job.line, column, _feature_message(job.title, *reason))

    for overview in jdd.ordered_overviews():
        page = overview.page
        if page.title is None or page.is_internal:
            continue
        reason = _feature_reason(page.title.text, verbs, features, capabilities)
        if reason is not None:
            column = _column_of(page, page.title.line, reason[0], page.title.column)
            yield context.finding(
                "JDD502", overview.rel, page.title.line, column, _feature_message(page.title.text, *reason),
            )


def _feature_reason(title: str, verbs: set[str], features: set[str],
                    capabilities: dict[str, CapabilityRow]) -> tuple[str, str, CapabilityRow | None] | None:
    """Return (word found, kind, capability row) when a title reads as a feature, else None."""
    words = _TITLE_WORD_RE.findall(title)
    if not words:
        return None
    if words[0].lower() in verbs:
        return words[0], "verb", None
    if words[-1].lower() in features:
        return words[-1], "feature", None
    row = capabilities.get(section_key(title))
    if row is not None:
        return words[0], "capability", row
    return None


def _feature_message(title: str, word: str, kind: str, row: CapabilityRow | None) -> str:
    if kind == "verb":
        what = f"starts with the build verb '{word}', so it reads as a feature request"
    elif kind == "feature":
        what = f"names the product feature '{word}' instead of a result"
    else:
        what = f"is the name of a capability in capabilities.md (line {row.line}), not a result"
    return (
        f"job '{title}' {what}; name what the customer gets done ({_OUTCOME_EXAMPLE}) and describe it "
        "as 'When <situation>, <who> must <motivation>, so that <outcome>'"
    )


def _column_of(page: Page, line: int, word: str, default: int) -> int:
    source = page.markdown.lines[line - 1]
    found = source.find(word, max(default - 1, 0))
    return found + 1 if found >= 0 else default


@rule
def descriptions_state_outcome(context: RuleContext) -> Iterator[Finding]:
    """JDD503: a job overview's Description states what the customer gains."""
    outcomes = phrase_regex(merged(context.config.vocabulary, "outcome_phrases", OUTCOME_PHRASES))
    for overview in context.jdd.ordered_overviews():
        section = overview.page.section("description")
        view = customer_text(overview.page) if section is not None else None
        if view is None:
            continue
        text, start = view.lines(section.line + 1, section.end_line)
        if not text.strip() or outcomes.search(text) or _SO_CLAUSE_RE.search(text):
            continue
        line, column = view.position(start + len(text) - len(text.lstrip()))
        yield context.finding(
            "JDD503", overview.rel, line, column,
            "the Description has no outcome clause such as 'so that …' or 'in order to …'; end it with what "
            "the customer gains, as in 'When <situation>, <who> must <motivation>, so that <outcome>'",
        )


@rule
def gaps_stated_plainly(context: RuleContext) -> Iterator[Finding]:
    """JDD504 and JDD505: a job with a `Gap` row states it, and a job with only gaps does not read as supported."""
    jdd = context.jdd
    for overview in jdd.ordered_overviews():
        rows = [row for row in jdd.capabilities if row.job_target == overview.rel]
        gaps = [row for row in rows if row.status == "Gap"]
        if not gaps:
            continue
        yield from _gap_not_stated(context, overview, gaps)
        if len(gaps) == len(rows):
            yield from _gap_reads_as_supported(context, overview, gaps)


def _gap_not_stated(context: RuleContext, overview: JobOverview, gaps: list[CapabilityRow]) -> Iterator[Finding]:
    section = overview.page.section("arl")
    view = customer_text(overview.page) if section is not None else None
    if view is None:
        return
    text, _ = view.lines(section.line + 1, section.end_line)
    if phrase_regex(merged(context.config.vocabulary, "gap_phrases", GAP_PHRASES)).search(text):
        return
    said = f" {section_key(text)} "
    unnamed = [row for row in gaps if not row.capability or f" {section_key(row.capability)} " not in said]
    if not unnamed:
        return
    names = ", ".join(f"'{row.capability or '(no name)'}' (line {row.line})" for row in unnamed)
    example = (unnamed[0].capability or "this capability").lower()
    yield context.finding(
        "JDD504", overview.rel, section.line, section.heading.column,
        f"capabilities.md marks {names} as a Gap for this job, but the '{section.title}' section does not "
        f"say so; state it plainly, for example '- Limitation: the product has no {example} today (a gap).'",
    )


def _gap_reads_as_supported(context: RuleContext, overview: JobOverview,
                            gaps: list[CapabilityRow]) -> Iterator[Finding]:
    view = customer_text(overview.page)
    if view is None:
        return
    pattern = phrase_regex(merged(context.config.vocabulary, "supported_phrases", SUPPORTED_PHRASES))
    lines = ", ".join(str(row.line) for row in gaps)
    example = (gaps[0].capability or "this capability").lower()
    for match in pattern.finditer(view.text):
        if _negated(view.text, match.start()):
            continue
        line, column = view.position(match.start())
        found = " ".join(match.group(0).split())
        yield context.finding(
            "JDD505", overview.rel, line, column,
            f"'{found}' reads as if the product does this job today, but every capability row for it in "
            f"capabilities.md is a Gap (line {lines}); say plainly what the product does not do, for example "
            f"'the product has no {example} today (a gap)'",
        )


def _negated(text: str, start: int) -> bool:
    """Tell whether one of the three words before `start`, in the same sentence, is a negation."""
    before = re.split(r"[.;:!?]", text[max(0, start - 60):start])[-1]
    words = [word.lower() for word in re.findall(r"[\w'’]+", before)[-3:]]
    return any(word in _NEGATIONS or word.endswith(("n't", "n’t")) for word in words)


@rule
def slide_word_budgets(context: RuleContext) -> Iterator[Finding]:
    """JDD508: the cover body, the business scenario and each job overview fit on one slide."""
    jdd = context.jdd
    slides = [("cover", COVER_FILE, "cover"), ("scenario", SCENARIO_FILE, "business scenario")]
    slides += [("job", overview.rel, f"job overview '{overview.title}'") for overview in jdd.ordered_overviews()]
    for kind, rel, label in slides:
        page = jdd.page(rel)
        view = customer_text(page, diagrams=False, code=True) if page is not None else None
        if view is None:
            continue
        budget = context.config.word_budgets.get(kind, DEFAULT_WORD_BUDGETS[kind])
        words = view.words()
        if words <= budget:
            continue
        line, column = (page.title.line, page.title.column) if page.title else (page.front.body_line, 1)
        yield context.finding(
            "JDD508", rel, line, column,
            f"the {label} slide has {words} words, over its budget of {budget}; shorten it to fit one slide "
            "(move detail to an appendix page or an '!!! internal' admonition), or raise "
            f"'word_budgets: {kind}:' in mkdocs.yml",
        )
