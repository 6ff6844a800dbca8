"""The portfolio-wide pages as Markdown: the capability rollup and the open next steps.

Each page is a title, a sentence on what it lists, and an HTML table in
which every value is escaped. Links come from `link(slug, page)`, which
returns the URL of a JDD page relative to the generated page, or None when
the site has no such page. So the pages work with any site generator.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import escape

from .model import COVER_FILE
from .render import STATUS_LABELS
from .rollup import Capability, CapabilityRollup, OpenStep

Link = Callable[[str, str], "str | None"]

CAPABILITIES_TITLE = "Capability rollup"
NEXT_STEPS_TITLE = "Next steps"


def _text(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _anchor(text: str, url: str | None) -> str:
    return f'<a href="{_text(url)}">{_text(text)}</a>' if url else _text(text)


def _status_badge(status: str) -> str:
    return f'<span class="jdd-capability jdd-capability--{_text(status.lower())}">{_text(status)}</span>'


def _jdd_status(status: str) -> str:
    return f'<span class="jdd-status jdd-status--{_text(status)}">{_text(STATUS_LABELS.get(status, status))}</span>'


def _table(kind: str, columns: list[tuple[str, str]], rows: list[str], empty: str) -> str:
    head = "".join(f'<th data-jdd-sort="{sort}">{_text(title)}</th>' for title, sort in columns)
    if not rows:
        rows = [f'<tr><td colspan="{len(columns)}">{empty}</td></tr>']
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        # No class on the table: Material styles only tables without one.
        f'<table data-jdd-table="{kind}"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div></div>'
    )


def capabilities_markdown(rollup: CapabilityRollup, link: Link) -> str:
    """Return the capability rollup page: a summary table, then one section per capability."""
    anchors = _capability_anchors(rollup.capabilities)
    summary_rows = []
    for capability in rollup.capabilities:
        counts = "".join(
            f"<td>{capability.customers_with(status)}</td>" for status in ("Gap", "Workaround", "Partial", "Supported")
        )
        summary_rows.append(
            f'<tr><td><a href="#{anchors[capability.key]}">{_text(capability.name)}</a></td>{counts}'
            f"<td>{capability.customers}</td></tr>"
        )
    summary = _table(
        "capabilities",
        [("Capability", "text"), ("Gap", "number"), ("Workaround", "number"), ("Partial", "number"),
         ("Supported", "number"), ("Customers", "number")],
        summary_rows,
        "No capability yet: each JDD's <code>capabilities.md</code> names them.",
    )

    parts = [
        f"# {CAPABILITIES_TITLE}",
        "",
        "Every capability named in a JDD's capability table, with its status for each customer and job. "
        "The capabilities that are a gap for the most customers come first. Two rows name the same "
        "capability when the names differ only in letter case or spacing.",
        "",
        summary,
        "",
    ]
    if rollup.skipped:
        slugs = ", ".join(sorted({slug for slug, _ in rollup.skipped}))
        parts += [
            f"{len(rollup.skipped)} capability rows are not listed because their capability name is empty "
            f"or still a placeholder, in: {_text(slugs)}.",
            "",
        ]
    for capability in rollup.capabilities:
        parts += [_capability_section(capability, anchors[capability.key], link), ""]
    return "\n".join(parts)


def _capability_section(capability: Capability, anchor: str, link: Link) -> str:
    rows = []
    for use in capability.uses:
        job_url = link(use.slug, use.job_page) if use.job_page else None
        rows.append(
            f'<tr data-jdd-capability-status="{_text(use.status)}">'
            f"<td>{_text(use.customer)}</td>"
            f"<td>{_anchor(use.jdd_title, link(use.slug, COVER_FILE))}</td>"
            f"<td>{_anchor(use.job_title, job_url)}</td>"
            f"<td>{_status_badge(use.status)}</td>"
            f"<td>{_text(use.notes)}</td></tr>"
        )
    table = _table(
        "capability",
        [("Customer", "text"), ("JDD", "text"), ("Job", "text"), ("Status", "text"), ("Notes", "text")],
        rows, "",
    )
    gaps = capability.gap_customers
    summary = f"A gap for {gaps} customer{'' if gaps == 1 else 's'}" if gaps else "No gap"
    return (
        f'<section class="jdd-rollup__capability"><h2 id="{anchor}">{_text(capability.name)}</h2>'
        f"<p>{summary}, named by {capability.customers} customer{'' if capability.customers == 1 else 's'}.</p>"
        f"{table}</section>"
    )


def _capability_anchors(capabilities: list[Capability]) -> dict[str, str]:
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for capability in capabilities:
        base = "capability-" + (re.sub(r"[^a-z0-9]+", "-", capability.key).strip("-") or "unnamed")
        anchor, number = base, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        anchors[capability.key] = anchor
    return anchors


def next_steps_markdown(steps: list[OpenStep], today: dt.date, link: Link) -> str:
    """Return the next-steps page: every open next step by due date, overdue ones marked."""
    rows = [_step_row(step, link) for step in steps]
    overdue = sum(1 for step in steps if step.overdue)
    table = _table(
        "next-steps",
        [("Due", "date"), ("Action", "text"), ("Owner", "text"), ("Customer", "text"), ("Job", "text"),
         ("JDD status", "text")],
        rows,
        "No open next step.",
    )
    return "\n".join([
        f"# {NEXT_STEPS_TITLE}",
        "",
        "Every open next step in the portfolio, by due date. A step is overdue when its due date is "
        f"before the build date, {today.isoformat()}: {overdue} of {len(steps)} are.",
        "",
        table,
        "",
    ])


def _step_row(step: OpenStep, link: Link) -> str:
    if step.due is None:
        label = f"{_text(step.due_text)} (not a date)" if step.due_text else "no due date"
        due = f'<span class="jdd-next-step__no-date">{label}</span>'
    elif step.overdue:
        days = f"{step.days_overdue} day{'' if step.days_overdue == 1 else 's'}"
        due = f'{step.due.isoformat()} <span class="jdd-overdue">overdue by {days}</span>'
    else:
        due = step.due.isoformat()
    row_class = ' class="jdd-next-step--overdue"' if step.overdue else ""
    return (
        f"<tr{row_class}>"
        f"<td>{due}</td>"
        f"<td>{_text(step.action)}</td>"
        f"<td>{_text(step.owner) if step.owner else 'no owner'}</td>"
        f"<td>{_anchor(step.customer, link(step.slug, COVER_FILE))}</td>"
        f"<td>{_anchor(step.job_title, link(step.slug, step.job_page))}</td>"
        f"<td>{_jdd_status(step.jdd_status)}</td></tr>"
    )
