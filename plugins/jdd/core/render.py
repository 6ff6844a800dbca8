"""HTML fragments the site shows, made from the model; every value is escaped.

The fragments take the URLs they link to as arguments, so they work with
any site generator.
"""

from __future__ import annotations

from html import escape

from .model import Jdd

STATUS_LABELS = {"draft": "Draft", "in-review": "In review", "shared": "Shared", "closed": "Closed"}


def _text(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def portfolio_table(jdds: list[Jdd], urls: dict[str, str]) -> str:
    """Return the portfolio table: one row per JDD, linking to its cover at `urls[slug]`."""
    header = ("Customer", "Title", "Status", "Product manager", "Opened", "Jobs", "Gaps")
    rows = []
    for jdd in sorted(jdds, key=lambda item: ((item.cover.customer or item.slug).lower(), item.slug)):
        cover = jdd.cover
        status = cover.status or ""
        cells = [
            _text(cover.customer or jdd.slug),
            f'<a href="{_text(urls.get(jdd.slug, ""))}">{_text(cover.title or jdd.slug)}</a>',
            f'<span class="jdd-status jdd-status--{_text(status)}">{_text(STATUS_LABELS.get(status, status))}</span>',
            _text(cover.product_manager or ""),
            _text(cover.opened.isoformat() if cover.opened else ""),
            str(len([job for job in jdd.jobs if job.target])),
            str(jdd.gap_count()),
        ]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{_text(title)}</th>" for title in header)
    if not rows:
        rows.append(f'<tr><td colspan="{len(header)}">No JDD yet: run <code>jdd new SLUG --customer NAME</code>.</td></tr>')
    return (
        '<div class="jdd-portfolio md-typeset__scrollwrap"><div class="md-typeset__table">'
        f'<table class="jdd-portfolio__table"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div></div>'
    )


def cover_details(jdd: Jdd, internal: bool) -> str:
    """Return the cover's metadata list; internal fields only when `internal` is true."""
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
