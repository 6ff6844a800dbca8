"""1xx rules: files, titles and sections."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..loader import JOB_SECTION_TITLES, JOB_SECTIONS, PAGE_TITLES, job_section_name
from ..markdown import section_key
from ..model import COVER_FILE, JOBS_FOLDER, REQUIRED_FILES, Page
from . import RuleContext, rule

_FILE_PURPOSE = {
    "index.md": "the cover: front matter under 'jdd:' and a '# Title' with a short summary",
    "business-scenario.md": "'# Business Scenario' and prose about the customer's situation",
    "jobs.md": "'# Customer Jobs-to-be-Done' and an ordered list of links to job pages",
    "capabilities.md": "'# Status of Capabilities' and the capability table",
}


@rule
def reading_problems(context: RuleContext) -> Iterator[Finding]:
    """Report what went wrong reading and parsing each file."""
    jdd = context.jdd
    for rel, problem in jdd.problems:
        yield context.finding(problem.code, rel, problem.line, problem.column, problem.message)
    for rel, page in jdd.pages.items():
        for problem in page.problems:
            yield context.finding(problem.code, rel, problem.line, problem.column, problem.message)
        if page.readable and not page.source.text.strip():
            yield context.finding("JDD105", rel, 1, 1, "the file is empty; write the page or delete the file")


@rule
def required_files(context: RuleContext) -> Iterator[Finding]:
    jdd = context.jdd
    for name in REQUIRED_FILES:
        if name not in jdd.pages:
            yield context.finding(
                "JDD101", COVER_FILE if name != COVER_FILE else name, 1, 1,
                f"required file '{name}' is missing from '{jdd.slug}/'; create it with {_FILE_PURPOSE[name]}",
            )
    if not any(rel.startswith(JOBS_FOLDER + "/") for rel in jdd.pages):
        yield context.finding(
            "JDD101", COVER_FILE, 1, 1,
            f"'{jdd.slug}/jobs/' holds no job page; add one overview per job, for example 'jobs/bulk-import.md'",
        )


@rule
def page_titles(context: RuleContext) -> Iterator[Finding]:
    """Check that every page starts with a level-1 heading, and fixed pages with their fixed one."""
    for rel, page in context.jdd.pages.items():
        if not _has_body(page):
            continue
        if page.title is None:
            yield context.finding(
                "JDD111", rel, page.front.body_line, 1,
                "the page has no level-1 heading, which is its slide title; start the page with '# Title'",
            )
            continue
        expected = PAGE_TITLES.get(rel)
        if expected and section_key(page.title.text) not in expected[1]:
            yield context.finding(
                "JDD102", rel, page.title.line, page.title.column,
                f"the page's heading is '{page.title.text}'; this page must start with '# {expected[0]}'",
            )


@rule
def page_content(context: RuleContext) -> Iterator[Finding]:
    """Check that the cover and the scenario have prose under their title."""
    for rel in (COVER_FILE, "business-scenario.md"):
        page = context.jdd.page(rel)
        if page is None or not _has_body(page) or page.title is None:
            continue
        end = len(page.markdown.tokens)
        if not page.body_has_content(page.title.token_index + 3, end):
            what = "a two- or three-sentence summary" if rel == COVER_FILE else "the customer's situation"
            yield context.finding(
                "JDD103", rel, page.title.line, 1,
                f"'{page.title.text}' has no content under its heading; write {what}",
            )


@rule
def job_sections(context: RuleContext) -> Iterator[Finding]:
    """Job overviews have each required section once, at the top level, with content."""
    for rel, page in context.jdd.pages.items():
        if not (rel.startswith(JOBS_FOLDER + "/") and rel.count("/") == 1) or not _has_body(page):
            continue
        yield from _job_page_sections(context, rel, page)


def _job_page_sections(context: RuleContext, rel: str, page: Page) -> Iterator[Finding]:
    found: dict[str, int] = {}
    for section in page.sections:
        if not section.name:
            continue
        if section.name in found:
            yield context.finding(
                "JDD110", rel, section.line, 1,
                f"section '{section.title}' appears twice (first at line {found[section.name]}); merge the two",
            )
            continue
        found[section.name] = section.line
        if section.name != "diagram" and not page.body_has_content(section.first_token, section.end_token):
            yield context.finding(
                "JDD103", rel, section.line, 1,
                f"section '{section.title}' is empty; write its content under the heading",
            )

    # A required heading that is not a top-level section: nested in a container, or raw HTML.
    elsewhere: dict[str, tuple] = {}
    for heading in page.markdown.headings:
        name = job_section_name(heading.text)
        if not name or name in found or name in elsewhere:
            continue
        if heading.source == "html":
            elsewhere[name] = ("JDD109", heading, f"heading '{heading.text}' is raw HTML, so the site and the "
                               f"checker do not see a section; write it as '## {heading.text}'")
        elif heading.container is not None:
            container = heading.container
            label = f" '{container.title}'" if container.title else ""
            elsewhere[name] = ("JDD108", heading, f"section '{heading.text}' is inside the {container.kind}{label} "
                               f"opened at line {container.line}; move the heading to the top level of the page")
        elif heading.in_html_block:
            elsewhere[name] = ("JDD108", heading, f"section '{heading.text}' is inside an HTML block, where it "
                               "is text; leave a blank line between the HTML and the heading")
    for code, heading, message in elsewhere.values():
        yield context.finding(code, rel, heading.line, heading.column, message)

    for name in JOB_SECTIONS:
        if name not in found and name not in elsewhere:
            yield context.finding(
                "JDD102", rel, page.title.line if page.title else 1, 1,
                f"required section '{JOB_SECTION_TITLES[name]}' is missing; add '## {JOB_SECTION_TITLES[name]}' "
                "with its content",
            )


@rule
def unknown_files(context: RuleContext) -> Iterator[Finding]:
    for rel in context.jdd.pages:
        if rel.startswith(JOBS_FOLDER + "/") and rel.count("/") > 1:
            yield context.finding(
                "JDD112", rel, 1, 1,
                f"'{rel}' is nested below jobs/; job overviews sit directly in jobs/, so move it there",
            )


_SCRIPT_RE = re.compile(r"<script\b|<iframe\b|<object\b|<embed\b|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


_SCRIPT_LINK_RE = re.compile(r"\]\(\s*<?\s*javascript:", re.IGNORECASE)


@rule
def script_in_content(context: RuleContext) -> Iterator[Finding]:
    """Raw HTML that would run script in the site or a PDF."""
    for rel, page in context.jdd.pages.items():
        if not page.readable:
            continue
        for token in page.markdown.tokens:
            if not token.map:
                continue
            sources = [token.content] if token.type == "html_block" else []
            if token.type == "inline":
                # markdown-it does not make a link of `javascript:`, but Python-Markdown does.
                sources += _SCRIPT_LINK_RE.findall(token.content)
            for child in token.children or []:
                if child.type == "html_inline":
                    sources.append(child.content)
                elif child.type == "link_open":
                    sources.append(child.attrGet("href") or "")
            for source in sources:
                match = _SCRIPT_RE.search(source)
                if match:
                    line = token.map[0] + 1 + source.count("\n", 0, match.start()) * (token.type == "html_block")
                    yield context.finding(
                        "JDD128", rel, line, 1,
                        f"raw HTML runs script: '{match.group(0).strip()}'; remove it, since the site and "
                        "PDFs must not run code from a JDD",
                    )
                    break


def _has_body(page: Page) -> bool:
    return page.readable and bool(page.source.text.strip())
