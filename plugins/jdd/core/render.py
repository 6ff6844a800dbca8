"""HTML fragments the site shows, made from the model; every value is escaped.

The fragments take the URLs they link to as arguments, so they work with
any site generator.
"""

from __future__ import annotations

from html import escape

from .model import Jdd
from .rollup import PortfolioRow

STATUS_LABELS = {"draft": "Draft", "in-review": "In review", "shared": "Shared", "closed": "Closed"}


def _text(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


#: Portfolio columns: heading and how jdd-portfolio.js sorts them (text, date or number).
PORTFOLIO_COLUMNS = (
    ("Customer", "text"), ("Title", "text"), ("Status", "text"), ("Product manager", "text"),
    ("Customer success manager", "text"), ("Opened", "date"), ("Renewal", "date"), ("Jobs", "number"),
    ("Gaps", "number"), ("Overdue next steps", "number"), ("Last updated", "date"),
)


def portfolio_table(rows: list[PortfolioRow], urls: dict[str, str]) -> str:
    """Return the portfolio table: one row per JDD, linking to its cover at `urls[slug]`.

    It is a plain table; jdd-portfolio.js adds sorting and filtering in the browser.
    """
    body = []
    for row in rows:
        status = row.status
        cells = [
            _text(row.customer),
            f'<a href="{_text(urls.get(row.slug, ""))}">{_text(row.title)}</a>',
            f'<span class="jdd-status jdd-status--{_text(status)}">{_text(STATUS_LABELS.get(status, status))}</span>',
            _text(row.product_manager),
            _text(row.customer_success_manager),
            _date(row.opened),
            _date(row.renewal),
            str(row.jobs),
            str(row.gaps),
            f'<span class="jdd-overdue">{row.overdue}</span>' if row.overdue else "0",
            _date(row.last_updated),
        ]
        body.append(f'<tr data-jdd-status="{_text(status)}">' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f'<th data-jdd-sort="{kind}">{_text(title)}</th>' for title, kind in PORTFOLIO_COLUMNS)
    if not body:
        body.append(f'<tr><td colspan="{len(PORTFOLIO_COLUMNS)}">No JDD yet: run '
                    '<code>jdd new SLUG --customer NAME</code>.</td></tr>')
    return (
        '<div class="jdd-portfolio md-typeset__scrollwrap"><div class="md-typeset__table">'
        # No class on the table: Material styles only tables without one.
        f'<table data-jdd-table="portfolio"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div></div>'
    )


def _date(value) -> str:
    return value.isoformat() if value else ""


def cover_details(jdd: Jdd, internal: bool, revision: str | None = None) -> str:
    """Return the cover's metadata list; internal fields only when `internal` is true.

    `revision` is the source's revision as `Revision.describe` writes it, shown when given.
    """
    cover = jdd.cover
    fields = [
        ("Customer", cover.customer),
        ("Status", STATUS_LABELS.get(cover.status or "", cover.status)),
        ("Product manager", cover.product_manager),
        ("Customer success manager", cover.customer_success_manager),
        ("Account executive", cover.account_executive),
        ("Opened", cover.opened.isoformat() if cover.opened else None),
        ("Renewal", cover.renewal.isoformat() if cover.renewal else None),
        ("Reference", cover.reference),
        ("Revision", revision),
    ]
    items = "".join(
        f"<dt>{_text(label)}</dt><dd>{_text(value)}</dd>" for label, value in fields if value
    )
    html = f'<dl class="jdd-cover__details">{items}</dl>'
    if internal and cover.internal:
        notes = "".join(
            f"<dt>{_text(key.replace('_', ' ').capitalize())}</dt><dd>{_text(value)}</dd>"
            for key, value in cover.internal.items()
        )
        html += (
            '<div class="jdd-internal" data-jdd-internal>'
            '<p class="jdd-internal__label">Internal</p>'
            f'<dl class="jdd-cover__details">{notes}</dl></div>'
        )
    return html


def internal_page_notice() -> str:
    """Return the mark a page with `jdd_internal: true` shows on the internal site."""
    return (
        '<div class="jdd-internal" data-jdd-internal>'
        '<p class="jdd-internal__label">Internal</p>'
        "<p>This page is internal: customer exports and customer PDFs leave it out.</p></div>"
    )
