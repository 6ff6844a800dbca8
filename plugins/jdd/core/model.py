"""The JDD model: what a JDD folder says, each part with its file and line.

The model is built by `jdd.core.loader` and read by the rules, the site
adapter and the CLI. It never imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .frontmatter import FrontMatter
from .markdown import Fence, Heading, ParsedMarkdown
from .sources import Problem, SourceText

JDD_STATUSES = ("draft", "in-review", "shared", "closed")
CAPABILITY_STATUSES = ("Supported", "Partial", "Workaround", "Gap")

COVER_FILE = "index.md"
SCENARIO_FILE = "business-scenario.md"
JOBS_FILE = "jobs.md"
CAPABILITIES_FILE = "capabilities.md"
JOBS_FOLDER = "jobs"
REQUIRED_FILES = (COVER_FILE, SCENARIO_FILE, JOBS_FILE, CAPABILITIES_FILE)


@dataclass
class Section:
    """A heading at the top level of a page and the tokens under it."""

    heading: Heading
    #: Canonical name ("description", "diagram", ...) or "" for other headings.
    name: str
    first_token: int
    end_token: int
    end_line: int

    @property
    def line(self) -> int:
        return self.heading.line

    @property
    def title(self) -> str:
        return self.heading.text


@dataclass
class Page:
    """One Markdown file of a JDD."""

    path: Path
    #: Path inside the JDD folder, with forward slashes: "jobs/bulk-provisioning.md".
    rel: str
    source: SourceText
    front: FrontMatter
    markdown: ParsedMarkdown | None
    title: Heading | None = None
    sections: list[Section] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        problems = list(self.source.problems) + list(self.front.problems)
        if self.markdown is not None:
            problems += self.markdown.problems
        return problems

    @property
    def readable(self) -> bool:
        return self.source.readable and self.markdown is not None

    @property
    def is_internal(self) -> bool:
        return self.front.data.get("jdd_internal") is True

    def section(self, name: str) -> Section | None:
        for section in self.sections:
            if section.name == name:
                return section
        return None

    def body_has_content(self, first_token: int, end_token: int) -> bool:
        """Tell whether the tokens in the range hold anything but HTML comments."""
        if self.markdown is None:
            return False
        for token in self.markdown.tokens[first_token:end_token]:
            if token.type == "html_block" and token.content.lstrip().startswith("<!--"):
                continue
            if token.type in ("inline", "fence", "code_block", "html_block", "hr") and token.content.strip():
                return True
            if token.type == "hr":
                continue
        return False


@dataclass
class Cover:
    """The cover's metadata, read from `jdd:` in `index.md`.

    A field is None when it is missing or has the wrong type; the rules
    report why at the line of the key.
    """

    customer: str | None = None
    title: str | None = None
    status: str | None = None
    product_manager: str | None = None
    customer_success_manager: str | None = None
    account_executive: str | None = None
    opened: dt.date | None = None
    reference: str | None = None
    renewal: dt.date | None = None
    internal: dict[str, Any] = field(default_factory=dict)


@dataclass
class JobRef:
    """One item of the ordered jobs list in `jobs.md`."""

    title: str
    href: str
    #: The job page the link leads to ("jobs/x.md"), when it resolves inside the JDD.
    target: str | None
    line: int
    column: int
    description: str = ""
    #: Why the link does not resolve, when it does not: "missing", "outside", "external" or "none".
    problem: str = ""


@dataclass
class CapabilityRow:
    job_title: str
    job_href: str
    job_target: str | None
    capability: str
    status: str
    notes: str
    line: int


@dataclass
class NextStep:
    text: str
    action: str
    owner: str
    due: dt.date | None
    due_text: str
    done: bool
    is_task: bool
    line: int


@dataclass
class JobOverview:
    """A job page in `jobs/`."""

    rel: str
    page: Page
    diagrams: list[Fence] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.page.title.text if self.page.title else Path(self.rel).stem.replace("-", " ").capitalize()

    @property
    def slug(self) -> str:
        return Path(self.rel).stem


@dataclass
class Jdd:
    """One JDD folder."""

    slug: str
    folder: Path
    pages: dict[str, Page] = field(default_factory=dict)
    cover: Cover = field(default_factory=Cover)
    jobs: list[JobRef] = field(default_factory=list)
    capabilities: list[CapabilityRow] = field(default_factory=list)
    #: Column positions found in the capability table header ("job", "capability", "status", "notes").
    capability_columns: dict[str, int] | None = None
    overviews: dict[str, JobOverview] = field(default_factory=dict)
    #: Markdown files that are not part of the format, in name order (appendix, notes, ...).
    extra_pages: list[str] = field(default_factory=list)
    problems: list[tuple[str, Problem]] = field(default_factory=list)

    def page(self, rel: str) -> Page | None:
        return self.pages.get(rel)

    def path_of(self, rel: str) -> Path:
        return self.folder / rel

    @property
    def status(self) -> str | None:
        return self.cover.status

    @property
    def display_name(self) -> str:
        customer = self.cover.customer or self.slug
        return f"{customer}: {self.cover.title}" if self.cover.title else customer

    def ordered_overviews(self) -> list[JobOverview]:
        """Return job overviews in priority order, then unlisted ones by name."""
        ordered: list[JobOverview] = []
        seen: set[str] = set()
        for job in self.jobs:
            if job.target and job.target in self.overviews and job.target not in seen:
                ordered.append(self.overviews[job.target])
                seen.add(job.target)
        for rel in sorted(self.overviews):
            if rel not in seen:
                ordered.append(self.overviews[rel])
        return ordered

    def slide_order(self) -> list[str]:
        """Return the pages of the deck in slide order, as paths inside the folder."""
        order = [rel for rel in (COVER_FILE, SCENARIO_FILE, JOBS_FILE, CAPABILITIES_FILE) if rel in self.pages]
        order += [overview.rel for overview in self.ordered_overviews()]
        order += self.extra_pages
        return order

    def job_ref_for(self, target: str) -> JobRef | None:
        for job in self.jobs:
            if job.target == target:
                return job
        return None

    def gap_count(self) -> int:
        return sum(1 for row in self.capabilities if row.status == "Gap")


@dataclass
class Portfolio:
    """Every JDD under a docs folder."""

    docs_dir: Path
    jdds: list[Jdd] = field(default_factory=list)
    problems: list[tuple[Path, Problem]] = field(default_factory=list)

    def get(self, slug: str) -> Jdd | None:
        for jdd in self.jdds:
            if jdd.slug == slug:
                return jdd
        return None
