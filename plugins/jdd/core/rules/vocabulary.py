"""The words and phrases the content rules look for, and the slide word budgets.

Teams add to each list with the `vocabulary` option of the `jdd` plugin in
mkdocs.yml, and replace budgets with `word_budgets`; `jdd.core.check`
validates both. Every phrase matches case-insensitively as whole words, and
a space in a phrase matches any run of whitespace, line breaks included.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: First words of a job title that ask for a product change instead of naming a job (JDD502).
BUILD_VERBS = (
    "add", "allow", "build", "create", "develop", "enable", "expose", "implement", "integrate",
    "introduce", "provide", "support",
)

#: Last words of a job title that name a part of the product instead of a result (JDD502).
FEATURE_WORDS = (
    "api", "apis", "button", "connector", "connectors", "dashboard", "dashboards", "endpoint",
    "endpoints", "feature", "features", "integration", "integrations", "module", "plugin", "plug-in",
    "toggle", "widget",
)

#: Phrases that make a job Description state what the customer gains (JDD503). A comma
#: followed by "so" and a word (", so no clinic opens short-staffed") counts as well.
OUTCOME_PHRASES = (
    "so that", "so as to", "in order to", "in order that", "with the result that", "resulting in",
    "which means", "to avoid", "to achieve", "to close", "to comply", "to cut", "to ensure", "to finish",
    "to keep", "to make sure", "to meet", "to pass", "to prevent", "to protect", "to reduce", "to remain",
    "to save", "to stay", "to stop",
)

#: Phrases that state a gap in the Assumptions, Risks, and Limitations section (JDD504).
#: The name of the capability marked `Gap` counts as well.
GAP_PHRASES = (
    "gap", "gaps", "not in the product", "not supported", "unsupported", "not available",
    "does not support", "doesn't support", "no support for",
)

#: Phrases that read as if the product does the job (JDD505). A phrase right after a
#: negation ("not", "no", "never", "without", "n't") does not count.
SUPPORTED_PHRASES = (
    "supported", "fully supported", "works today", "out of the box", "out-of-the-box",
    "available today", "already available", "already supports", "the product supports",
    "we support",
)

#: Phrases that promise future product work (JDD506). Quarters, half-years, "next quarter",
#: "later this year" and delivery dates are found by patterns in `jdd.core.rules.promises`.
ROADMAP_PHRASES = (
    "roadmap", "on the roadmap", "coming soon", "next release", "next version",
    "upcoming release", "future release", "future version", "planned for",
    "is planned", "are planned", "planned release", "in development", "under development",
    "in the pipeline", "will ship", "will be shipped", "will release", "will be released",
    "will launch", "will be launched", "will deliver", "will be delivered", "will be available",
    "will support", "will be supported", "will add", "will be added", "will be built",
    "will be fixed", "ETA",
)

#: Contract and legal terms (JDD507), each with the rewrite its message suggests.
CONTRACT_TERMS = {
    "guarantee": "state as a fact what the product does today ('the import accepts 50,000 rows per file')",
    "guarantees": "state as a fact what the product does today ('the import accepts 50,000 rows per file')",
    "guaranteed": "state as a fact what the product does today ('the import accepts 50,000 rows per file')",
    "we commit to": "write what was agreed as a next step with an owner and a due date",
    "we are committed to": "write what was agreed as a next step with an owner and a due date",
    "we promise": "write what was agreed as a next step with an owner and a due date",
    "SLA": "describe the measured behaviour ('imports of 5,000 users finished within 20 minutes') "
           "and leave service levels to the contract",
    "SLAs": "describe the measured behaviour ('imports of 5,000 users finished within 20 minutes') "
            "and leave service levels to the contract",
    "service level agreement": "describe the measured behaviour and leave service levels to the contract",
    "service-level agreement": "describe the measured behaviour and leave service levels to the contract",
    "service credits": "describe the measured behaviour and leave service levels to the contract",
    "warranty": "leave legal terms to the contract and remove them from the JDD",
    "warranties": "leave legal terms to the contract and remove them from the JDD",
    "penalty": "leave legal terms to the contract and remove them from the JDD",
    "penalties": "leave legal terms to the contract and remove them from the JDD",
    "liable": "leave legal terms to the contract and remove them from the JDD",
    "liability": "leave legal terms to the contract and remove them from the JDD",
    "indemnify": "leave legal terms to the contract and remove them from the JDD",
    "indemnification": "leave legal terms to the contract and remove them from the JDD",
    "legally binding": "leave legal terms to the contract and remove them from the JDD",
    "binding agreement": "leave legal terms to the contract and remove them from the JDD",
    "binding commitment": "leave legal terms to the contract and remove them from the JDD",
    "binding obligation": "leave legal terms to the contract and remove them from the JDD",
    "contractually": "leave legal terms to the contract and remove them from the JDD",
    "contractual obligation": "leave legal terms to the contract and remove them from the JDD",
}
#: The rewrite suggested for a term a team added in `vocabulary.contract_terms`.
CONTRACT_REWRITE = "state what the product does today, and write what was agreed as a next step"

#: The `vocabulary` lists a team can extend, with the rule each one feeds.
VOCABULARY_LISTS = {
    "build_verbs": "JDD502 job-reads-as-feature",
    "feature_words": "JDD502 job-reads-as-feature",
    "outcome_phrases": "JDD503 description-without-outcome",
    "gap_phrases": "JDD504 gap-not-stated",
    "supported_phrases": "JDD505 gap-reads-as-supported",
    "roadmap_phrases": "JDD506 roadmap-language",
    "contract_terms": "JDD507 contract-language",
}

#: Words per slide kind (JDD508). Estimates of what one 16:9 slide holds, not measured
#: against the slide layout. The Mermaid source of a job overview does not count.
DEFAULT_WORD_BUDGETS = {
    "cover": 120,
    "scenario": 250,
    "job": 220,
}


@lru_cache(maxsize=64)
def phrase_regex(phrases: tuple[str, ...]) -> re.Pattern:
    """Compile phrases into one case-insensitive pattern of whole words, longest phrase first."""
    alternatives = sorted({phrase.strip() for phrase in phrases if phrase.strip()}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!)")
    body = "|".join(_phrase_body(phrase) for phrase in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _phrase_body(phrase: str) -> str:
    # A typed apostrophe also matches the typographic one that editors insert.
    words = [re.escape(word).replace("'", "['’]") for word in phrase.split()]
    return r"\s+".join(words)


def merged(vocabulary: dict[str, tuple[str, ...]], name: str, defaults) -> tuple[str, ...]:
    """Return a default list with the words a team added under `vocabulary.<name>`."""
    return tuple(defaults) + tuple(vocabulary.get(name, ()))
