"""Markdown that GitHub and the site read differently.

Each case is checked against Python-Markdown with the site's own extensions,
so the claim "the site shows a heading here" is verified, not assumed.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown as python_markdown
import pytest

from jdd.core.check import load_targets, run_check
from jdd.core.markdown import parse_markdown

from conftest import REPO, SAMPLE_IN_REVIEW, write

SITE_EXTENSIONS = [
    "admonition", "attr_list", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist",
]


def site_headings(text: str) -> list[tuple[int, str]]:
    """Return the headings Python-Markdown renders with the site's extensions."""
    html = python_markdown.markdown(text, extensions=SITE_EXTENSIONS)
    return [
        (int(level), re.sub(r"<[^>]+>", "", body).replace("¶", "").strip())
        for level, body in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.DOTALL)
    ]


def top_level(text: str) -> list[tuple[int, str]]:
    parsed = parse_markdown(text)
    return [
        (heading.level, heading.text) for heading in parsed.headings
        if heading.source == "markdown" and heading.container is None and not heading.in_html_block
    ]


def codes_at(text: str) -> list[tuple[str, int]]:
    return [(problem.code, problem.line) for problem in parse_markdown(text).problems]


FENCE_COMMENTS = "## Purpose\nRotate application logs.\n\n## Runbook\n```bash\n# Inputs\nexport LOG_DIR=/var/log/app\n```\n"
UNCLOSED_FENCE = "## Purpose\nRotate application logs.\n\n```bash\n# forgot to close this fence\n\n## Inputs\n- LOG_DIR\n"
SETEXT = "Purpose\n=======\nRotate application logs.\n\nInputs\n------\n- LOG_DIR\n"
NO_BLANK_LINE = (
    "## Inputs\nFiles consumed:\n- ledger.csv\n- rates.json\n\n"
    "## Outputs\nProduced:\n| file | format |\n|------|--------|\n| report.pdf | PDF |\n"
)
CONTAINERS = (
    '## Inputs\n\n!!! note "Sources"\n    ### Ledger\n    Exported nightly.\n\n'
    '=== "Batch"\n    ## Outputs\n    Parquet files.\n'
)
HTML_HEADINGS = (
    "<h2>Purpose</h2>\nRotate application logs.\n\n<!--\n## Outputs\nTODO\n-->\n\n"
    "## Inputs <!-- confirm with ops -->\n- LOG_DIR\n"
)


def test_fence_comments_are_not_sections() -> None:
    assert top_level(FENCE_COMMENTS) == [(2, "Purpose"), (2, "Runbook")]
    assert site_headings(FENCE_COMMENTS) == [(2, "Purpose"), (2, "Runbook")]
    assert codes_at(FENCE_COMMENTS) == []


def test_unclosed_fence_reported_and_sections_kept() -> None:
    assert codes_at(UNCLOSED_FENCE) == [("JDD107", 4)]
    # The site view keeps the headings after the fence, as Python-Markdown renders them.
    assert top_level(UNCLOSED_FENCE) == site_headings(UNCLOSED_FENCE)
    assert (2, "Inputs") in top_level(UNCLOSED_FENCE)


def test_setext_headings_found() -> None:
    assert top_level(SETEXT) == [(1, "Purpose"), (2, "Inputs")]
    assert site_headings(SETEXT) == [(1, "Purpose"), (2, "Inputs")]
    assert codes_at(SETEXT) == []


def test_list_and_table_after_paragraph() -> None:
    assert codes_at(NO_BLANK_LINE) == [("JDD121", 3), ("JDD122", 8)]
    html = python_markdown.markdown(NO_BLANK_LINE, extensions=SITE_EXTENSIONS)
    assert "<li>" not in html
    assert "<table>" not in html


def test_blank_line_before_list_is_clean() -> None:
    fixed = NO_BLANK_LINE.replace("consumed:\n", "consumed:\n\n").replace("Produced:\n", "Produced:\n\n")
    assert codes_at(fixed) == []
    html = python_markdown.markdown(fixed, extensions=SITE_EXTENSIONS)
    assert "<li>" in html
    assert "<table>" in html


def test_headings_inside_containers() -> None:
    parsed = parse_markdown(CONTAINERS)
    nested = {heading.text: heading.container.kind for heading in parsed.headings if heading.container}
    assert nested == {"Ledger": "admonition", "Outputs": "content tab"}
    assert (2, "Outputs") in site_headings(CONTAINERS)
    assert top_level(CONTAINERS) == [(2, "Inputs")]


def test_html_headings_and_comments() -> None:
    parsed = parse_markdown(HTML_HEADINGS)
    assert top_level(HTML_HEADINGS) == [(2, "Inputs")]
    assert [(h.text, h.line) for h in parsed.headings if h.source == "html"] == [("Purpose", 1)]
    assert "Outputs" not in [heading.text for heading in parsed.headings]


def test_heading_without_space() -> None:
    text = "#Description\n\nText.\n"
    assert codes_at(text) == [("JDD120", 1)]
    assert site_headings(text) == [(1, "Description")]


def test_trailing_hash_dropped_by_site() -> None:
    text = "## Support for C#\n\nText.\n"
    assert codes_at(text) == [("JDD127", 1)]
    assert site_headings(text) == [(2, "Support for C")]


def test_nested_list_two_spaces() -> None:
    text = "- outer\n  - inner\n"
    assert codes_at(text) == [("JDD123", 2)]
    assert "<ul>\n<li>inner" not in python_markdown.markdown(text, extensions=SITE_EXTENSIONS)
    assert codes_at("- outer\n    - inner\n") == []


def test_paragraph_then_dashes() -> None:
    text = "Summary of the call.\n---\n\nMore.\n"
    assert codes_at(text) == [("JDD124", 2)]


def test_attribute_list_keeps_section() -> None:
    parsed = parse_markdown("## Description {#desc}\n\nText.\n")
    assert [heading.text for heading in parsed.headings] == ["Description"]


@pytest.fixture
def job_page(tmp_path: Path):
    """Write a job overview of a copy of the sample and return its findings."""
    import shutil

    docs = tmp_path / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, docs / "nw")

    def check(body: str) -> list[str]:
        write(docs / "nw" / "jobs" / "seasonal-offboarding.md", body)
        result = run_check(load_targets(docs))
        return [f"{f.line} {f.code}" for f in result.findings if f.path.endswith("seasonal-offboarding.md")]

    return check


JOB_HEAD = "# Remove access when the season ends\n\n"
DIAGRAM = "## Diagram\n\n```mermaid\nflowchart LR\n  a[Roster] --> b[Expire]\n```\n\n"
STEPS = "## Next Steps\n\n- [ ] Add end dates — Priya Raman — 2026-12-12\n"


def test_job_section_in_tab_not_missing(job_page) -> None:
    body = (JOB_HEAD + "## Description\n\nWhen a season ends, so that access stops.\n\n" + DIAGRAM
            + '=== "Risks"\n\n    ## Assumptions, Risks, and Limitations\n\n    - Risk: late extensions.\n\n' + STEPS)
    assert job_page(body) == ["16 JDD108"]


def test_job_section_as_html_heading(job_page) -> None:
    body = (JOB_HEAD + "<h2>Description</h2>\n\nWhen a season ends, so that access stops.\n\n" + DIAGRAM
            + "## Assumptions, Risks, and Limitations\n\n- Risk: late extensions.\n\n" + STEPS)
    assert job_page(body) == ["3 JDD109"]


def test_fake_section_in_fence_not_counted(job_page) -> None:
    body = (JOB_HEAD + "## Description\n\nWhen a season ends, so that access stops.\n\n" + DIAGRAM
            + "```text\n## Assumptions, Risks, and Limitations\n```\n\n" + STEPS)
    assert job_page(body) == ["1 JDD102"]


def test_commented_section_is_missing(job_page) -> None:
    body = (JOB_HEAD + "## Description\n\nWhen a season ends, so that access stops.\n\n" + DIAGRAM
            + "<!--\n## Assumptions, Risks, and Limitations\n-->\n\n" + STEPS)
    assert job_page(body) == ["1 JDD102"]


def test_setext_sections_accepted(job_page) -> None:
    body = (
        "Remove access when the season ends\n==================================\n\n"
        "Description\n-----------\n\nWhen a season ends, so that access stops.\n\n" + DIAGRAM
        + "Assumptions, risks and limitations\n----------------------------------\n\n- Risk: late extensions.\n\n"
        + STEPS
    )
    assert job_page(body) == []


def test_attribute_list_section_accepted(job_page) -> None:
    body = (JOB_HEAD + "## Description {#what}\n\nWhen a season ends, so that access stops.\n\n" + DIAGRAM
            + "## Assumptions, Risks, and Limitations {: .risks }\n\n- Risk: late extensions.\n\n" + STEPS)
    assert job_page(body) == []


def test_diagram_inside_tab_found(job_page) -> None:
    body = (JOB_HEAD + "## Description\n\nWhen a season ends, so that access stops.\n\n## Diagram\n\n"
            + '=== "Batch"\n\n    ```mermaid\n    flowchart LR\n      a[Extract] --> b[Load]\n    ```\n\n'
            + "## Assumptions, Risks, and Limitations\n\n- Risk: late extensions.\n\n" + STEPS)
    assert job_page(body) == []
