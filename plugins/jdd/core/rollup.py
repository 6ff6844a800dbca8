"""Portfolio-wide views of the model: the portfolio rows, the capability rollup, open next steps.

These read the model only; `jdd.core.rollup_pages` and `jdd.core.render`
turn them into HTML. The build date that decides what is overdue comes from
`build_date`, which honours JDD_BUILD_DATE and SOURCE_DATE_EPOCH so that a
build can be reproduced.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .gitinfo import Revision
from .model import Jdd, Portfolio
from .rules.content import find_placeholders

BUILD_DATE_ENV = "JDD_BUILD_DATE"
SOURCE_DATE_EPOCH_ENV = "SOURCE_DATE_EPOCH"

#: Order of capability statuses on the rollup page: what blocks the customer first.
STATUS_ORDER = {"Gap": 0, "Workaround": 1, "Partial": 2, "Supported": 3}


class BuildDateError(ValueError):
    """JDD_BUILD_DATE or SOURCE_DATE_EPOCH contains a value that is not a date."""


def build_date(environ: Mapping[str, str] | None = None, today: dt.date | None = None,
               commit_date: dt.date | None = None) -> dt.date:
    """Return the date next steps are compared with to find the overdue ones.

    JDD_BUILD_DATE (YYYY-MM-DD) wins, then SOURCE_DATE_EPOCH (seconds since
    1970, read as a UTC date), then `commit_date` (the last commit of a docs
    folder without uncommitted changes, so two builds of one commit match),
    then today's local date.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(BUILD_DATE_ENV, "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise BuildDateError(
                f"{BUILD_DATE_ENV} is '{value}', which is not a date; set it as YYYY-MM-DD, for example 2026-12-01"
            ) from None
    epoch = environ.get(SOURCE_DATE_EPOCH_ENV, "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise BuildDateError(
                f"{SOURCE_DATE_EPOCH_ENV} is '{epoch}', which is not a whole number of seconds since "
                "1970-01-01; set it as, for example, $(git log -1 --format=%ct)"
            ) from None
    if commit_date is not None:
        return commit_date
    return today or dt.date.today()


@dataclass(frozen=True)
class PortfolioRow:
    """One JDD as the portfolio table lists it."""

    slug: str
    customer: str
    title: str
    status: str
    product_manager: str
    customer_success_manager: str
    opened: dt.date | None
    renewal: dt.date | None
    jobs: int
    gaps: int
    overdue: int
    #: Date of the last commit that changed the JDD's folder, None when unknown.
    last_updated: dt.date | None


def portfolio_rows(portfolio: Portfolio, today: dt.date,
                   revisions: Mapping[str, Revision] | None = None) -> list[PortfolioRow]:
    """Return one row per JDD, by customer name and then slug."""
    revisions = revisions or {}
    rows = []
    for jdd in portfolio.jdds:
        cover = jdd.cover
        revision = revisions.get(jdd.slug)
        rows.append(PortfolioRow(
            slug=jdd.slug,
            customer=cover.customer or jdd.slug,
            title=cover.title or jdd.slug,
            status=cover.status or "",
            product_manager=cover.product_manager or "",
            customer_success_manager=cover.customer_success_manager or "",
            opened=cover.opened,
            renewal=cover.renewal,
            jobs=len([job for job in jdd.jobs if job.target]),
            gaps=jdd.gap_count(),
            overdue=sum(1 for step in open_next_steps_of(jdd, today) if step.overdue),
            last_updated=revision.date if revision else None,
        ))
    return sorted(rows, key=lambda row: (row.customer.casefold(), row.slug))


def capability_key(name: str) -> str:
    """Return the key two capability names are matched by.

    Letter case, runs of white space and Unicode compatibility forms (such
    as a non-breaking space) do not count: "SCIM  bulk endpoint" and
    "scim bulk endpoint" are one capability.
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class CapabilityUse:
    """One capability table row: a capability's status for one customer's job."""

    slug: str
    customer: str
    jdd_title: str
    job_title: str
    #: The job page inside the JDD ("jobs/bulk-provisioning.md"), None when the row's link does not resolve.
    job_page: str | None
    status: str
    notes: str


@dataclass
class Capability:
    """Every row that names one capability, across the portfolio."""

    key: str
    uses: list[CapabilityUse] = field(default_factory=list)
    spellings: Counter = field(default_factory=Counter)

    @property
    def name(self) -> str:
        """The spelling most rows use; ties go to the one that sorts first."""
        return min(self.spellings.items(), key=lambda item: (-item[1], item[0]))[0]

    def customers_with(self, *statuses: str) -> int:
        return len({use.slug for use in self.uses if use.status in statuses})

    @property
    def gap_customers(self) -> int:
        return self.customers_with("Gap")

    @property
    def customers(self) -> int:
        return len({use.slug for use in self.uses})


@dataclass
class CapabilityRollup:
    capabilities: list[Capability]
    #: Rows left out because their capability name is empty or still a placeholder, as (slug, line).
    skipped: list[tuple[str, int]]


def capability_rollup(portfolio: Portfolio) -> CapabilityRollup:
    """Group every capability row of the portfolio by capability.

    Capabilities come in this order: the most customers with a gap first,
    then the most customers with a workaround or partial support, then the
    most customers in all, then by name.
    """
    by_key: dict[str, Capability] = {}
    skipped: list[tuple[str, int]] = []
    for jdd in portfolio.jdds:
        for row in jdd.capabilities:
            name = " ".join(row.capability.split())
            if not name or any(find_placeholders(name)):
                skipped.append((jdd.slug, row.line))
                continue
            capability = by_key.setdefault(capability_key(name), Capability(key=capability_key(name)))
            capability.spellings[name] += 1
            capability.uses.append(_use(jdd, row))

    for capability in by_key.values():
        capability.uses.sort(key=lambda use: (
            STATUS_ORDER.get(use.status, len(STATUS_ORDER)), use.customer.casefold(), use.slug, use.job_title,
        ))
    ordered = sorted(by_key.values(), key=lambda capability: (
        -capability.gap_customers,
        -capability.customers_with("Workaround", "Partial"),
        -capability.customers,
        capability.name.casefold(),
    ))
    return CapabilityRollup(capabilities=ordered, skipped=skipped)


def _use(jdd: Jdd, row) -> CapabilityUse:
    job = jdd.job_ref_for(row.job_target) if row.job_target else None
    return CapabilityUse(
        slug=jdd.slug,
        customer=jdd.cover.customer or jdd.slug,
        jdd_title=jdd.cover.title or jdd.slug,
        job_title=job.title if job else row.job_title,
        job_page=row.job_target,
        status=row.status,
        notes=row.notes,
    )


@dataclass(frozen=True)
class OpenStep:
    """A next step that is not ticked off yet."""

    slug: str
    customer: str
    jdd_status: str
    job_title: str
    #: The job overview page inside the JDD ("jobs/access-review.md").
    job_page: str
    action: str
    owner: str
    due: dt.date | None
    due_text: str
    overdue: bool
    #: Days past the due date on the build date; 0 when not overdue.
    days_overdue: int


def open_next_steps_of(jdd: Jdd, today: dt.date) -> list[OpenStep]:
    """Return the JDD's task-list next steps that are not done, in slide order."""
    steps = []
    for overview in jdd.ordered_overviews():
        for step in overview.next_steps:
            if step.done or not step.is_task:
                continue
            overdue = step.due is not None and step.due < today
            steps.append(OpenStep(
                slug=jdd.slug,
                customer=jdd.cover.customer or jdd.slug,
                jdd_status=jdd.cover.status or "",
                job_title=overview.title,
                job_page=overview.rel,
                action=step.action,
                owner=step.owner,
                due=step.due,
                due_text=step.due_text,
                overdue=overdue,
                days_overdue=(today - step.due).days if overdue else 0,
            ))
    return steps


def open_next_steps(portfolio: Portfolio, today: dt.date) -> list[OpenStep]:
    """Return every open next step of the portfolio by due date; steps without a valid date come last."""
    steps = [step for jdd in portfolio.jdds for step in open_next_steps_of(jdd, today)]
    return sorted(steps, key=lambda step: (
        step.due is None, step.due or dt.date.max, step.customer.casefold(), step.slug, step.job_page,
    ))
