"""5xx rules against promises in customer-facing text: roadmap timing and contract language.

A JDD is shown to the customer, and it is neither a roadmap nor a contract.
These rules read every page's customer-facing text (`customer_text`,
Mermaid labels included) and the cover's `jdd.title`.

Roadmap language (JDD506) is found three ways:

- phrases that promise product work ("will ship", "coming soon", "roadmap",
  and the team's `vocabulary.roadmap_phrases`), together with a release
  time that follows them ("will ship in Q3 2027" is one finding);
- a delivery verb with a time ("ships in March 2027", "available in H2");
- release timing on its own: quarters ("Q3", "Q3 2027", "FY27 Q3"),
  half-years with a year or a preposition ("H2 2027", "in H2"), "the third
  quarter of 2027", "next quarter", "later this year", and delivery dates
  after "by", "before", "until" or "no later than" ("by March 2027", "by
  the end of 2027").

Dates in a job overview's Next Steps section are due dates, so release
timing on its own is not reported there. A promise such as "will ship in
Q3" written inside a next step action is still reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..findings import Finding
from ..model import COVER_FILE, Jdd, Page
from . import RuleContext, rule
from .customer_text import customer_text
from .vocabulary import CONTRACT_REWRITE, CONTRACT_TERMS, ROADMAP_PHRASES, merged, phrase_regex

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:20\d\d|['’]\d\d)(?!\d)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = rf"(?:{_DAY}\s+)?{_MONTH}(?:\s+{_DAY})?,?\s+{_YEAR}"
# Quarter and half-year names are upper case ("Q3", "H2"), so "h2" in a sentence about HTML is not one.
_QUARTER = (
    r"(?-i:(?:FY\s?\d{2,4}|20\d\d)\s*[-/ ]?\s*Q[1-4]"
    r"|Q[1-4](?:\s*(?:[-/'’]\s*|\s+FY\s?)(?:20)?\d\d(?!\d)|\s+20\d\d(?!\d))?)"
)
_HALF_WITH_YEAR = (
    r"(?-i:(?:FY\s?\d{2,4}|20\d\d)\s*[-/ ]?\s*H[12]"
    r"|H[12](?:\s*(?:[-/'’]\s*|\s+FY\s?)(?:20)?\d\d(?!\d)|\s+20\d\d(?!\d)))"
)
_ORDINAL_PERIOD = (
    r"(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+(?:20\d\d|next\s+year|this\s+year)"
    r"|(?:first|second|1st|2nd)\s+half\s+of\s+(?:20\d\d|next\s+year|this\s+year)"
)
_RELATIVE = r"(?:next|this)\s+(?:quarter|year|month|release|version)|later\s+this\s+year"
#: A release time after a promise or a delivery verb.
_TIMING = rf"(?:{_QUARTER}|{_HALF_WITH_YEAR}|(?-i:H[12])|{_ORDINAL_PERIOD}|{_DATE}|{_MONTH}\s+{_YEAR}|20\d\d(?!\d)|{_RELATIVE})"
_TIMING_SUFFIX = (
    rf"(?:\s+(?:(?:in|by|for|during|before|until|from|around|at|early|late|mid)\s+)?"
    rf"(?:the\s+)?(?:end\s+of\s+|start\s+of\s+)?{_TIMING}(?![\w-]))?"
)
_DELIVERY_VERB = (
    r"(?:ships?|shipping|releases?|releasing|launch(?:es)?|launching|available|availability|GA|beta"
    r"|rolls?\s+out|rolling\s+out)"
)

_TIMING_PATTERNS = [
    re.compile(
        rf"(?<![\w-])(?:{_QUARTER}|{_HALF_WITH_YEAR}|{_ORDINAL_PERIOD}|next\s+quarter|later\s+this\s+year)(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![\w-])(?:in|by|during|for|until|before|from|early|late)\s+(?:the\s+)?(?P<found>(?-i:H[12]))(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<![\w-])(?:by|before|until|till|no\s+later\s+than)"
        rf"(?:\s+(?:the\s+)?(?:end|start|beginning|middle)\s+of)?\s+(?:{_DATE}|20\d\d(?!\d))",
        re.IGNORECASE,
    ),
]
_DELIVERY_PATTERN = re.compile(
    rf"(?<![\w-]){_DELIVERY_VERB}\s+(?:in|by|for|during|from|starting|early|late|mid|around)\s+(?:the\s+)?"
    rf"(?:end\s+of\s+)?{_TIMING}(?![\w-])",
    re.IGNORECASE,
)
_ROADMAP_REWRITE = (
    "say what the product does today, put any follow-up in Next Steps with an owner and a due date, "
    "and keep release plans in an '!!! internal' admonition"
)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    text: str
    #: "promise" for a phrase or a delivery verb, "timing" for a release time on its own.
    kind: str


@rule
def roadmap_language(context: RuleContext) -> Iterator[Finding]:
    """JDD506: no release timing or roadmap promise in customer-facing text."""
    phrases = merged(context.config.vocabulary, "roadmap_phrases", ROADMAP_PHRASES)
    promise = _promise_pattern(phrases)
    for page, view, due_lines in _customer_views(context.jdd):
        for match in _roadmap_matches(view.text, promise):
            line, column = view.position(match.start)
            if match.kind == "timing" and line in due_lines:
                continue
            yield context.finding("JDD506", page.rel, line, column, _roadmap_message(match))
    for line, column, text in _cover_title(context.jdd):
        for match in _roadmap_matches(text, promise):
            yield context.finding("JDD506", COVER_FILE, line, column + match.start, _roadmap_message(match))


def find_roadmap_language(text: str, phrases: tuple[str, ...] = ROADMAP_PHRASES) -> list[tuple[int, str, str]]:
    """Return (offset, phrase, kind) for each promise or release time in `text`, kind "promise" or "timing"."""
    return [(match.start, match.text, match.kind) for match in _roadmap_matches(text, _promise_pattern(phrases))]


@lru_cache(maxsize=16)
def _promise_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    words = phrase_regex(phrases).pattern
    return re.compile(rf"{words}{_TIMING_SUFFIX}", re.IGNORECASE)


def _roadmap_matches(text: str, promise: re.Pattern) -> list[_Match]:
    """Find promises and release times, keeping the longest of overlapping matches."""
    found: list[_Match] = []
    for pattern, kind in ((promise, "promise"), (_DELIVERY_PATTERN, "promise")):
        found += [_Match(m.start(), m.end(), m.group(0), kind) for m in pattern.finditer(text)]
    for pattern in _TIMING_PATTERNS:
        for m in pattern.finditer(text):
            group = "found" if "found" in pattern.groupindex else 0
            found.append(_Match(m.start(group), m.end(group), m.group(group), "timing"))

    kept: list[_Match] = []
    for match in sorted(found, key=lambda m: (m.start, -(m.end - m.start), m.kind != "promise")):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def _roadmap_message(match: _Match) -> str:
    phrase = " ".join(match.text.split())
    what = "promises future product work" if match.kind == "promise" else "is release timing"
    return f"'{phrase}' {what} in customer-facing text, and a JDD is not a roadmap; {_ROADMAP_REWRITE}"


@rule
def contract_language(context: RuleContext) -> Iterator[Finding]:
    """JDD507: no contract or legal terms in customer-facing text."""
    terms = merged(context.config.vocabulary, "contract_terms", CONTRACT_TERMS)
    pattern = phrase_regex(terms)
    for page, view, _ in _customer_views(context.jdd):
        for match in pattern.finditer(view.text):
            line, column = view.position(match.start())
            yield context.finding("JDD507", page.rel, line, column, _contract_message(match.group(0)))
    for line, column, text in _cover_title(context.jdd):
        for match in pattern.finditer(text):
            yield context.finding("JDD507", COVER_FILE, line, column + match.start(), _contract_message(match.group(0)))


def _contract_message(found: str) -> str:
    term = " ".join(found.split())
    rewrites = {key.lower(): value for key, value in CONTRACT_TERMS.items()}
    rewrite = rewrites.get(term.lower().replace("’", "'"), CONTRACT_REWRITE)
    return (
        f"'{term}' is contract language, and a JDD is a discussion document, not a contract or a "
        f"statement of work; {rewrite}"
    )


def _customer_views(jdd: Jdd):
    """Yield (page, customer text, lines of its Next Steps section) for every page of the JDD."""
    for rel, page in jdd.pages.items():
        view = customer_text(page)
        if view is None:
            continue
        due_lines: set[int] = set()
        if rel in jdd.overviews:
            section = page.section("next-steps")
            if section is not None:
                due_lines = set(range(section.line + 1, section.end_line + 1))
        yield page, view, due_lines


def _cover_title(jdd: Jdd) -> Iterator[tuple[int, int, str]]:
    """Yield the line, column and text of the cover's `jdd.title`, which the cover slide shows."""
    page: Page | None = jdd.page(COVER_FILE)
    if page is None or not page.readable:
        return
    location = page.front.locations.get(("jdd", "title"))
    if location is None or not location.raw or "\n" in location.raw:
        return
    quote = 1 if location.style in ('"', "'") else 0
    yield location.value_line, location.value_column + quote, location.raw
