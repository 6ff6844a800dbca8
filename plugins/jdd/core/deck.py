"""A JDD as a deck of slides: the slide list, the generated next-steps summary and the slide labels.

Site generators and the PDF printer read the deck from here, so the slide
order and the words on the slides are the same in every output. This module
never imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .model import (
    CAPABILITIES_FILE,
    COVER_FILE,
    JOBS_FILE,
    JOBS_FOLDER,
    NEXT_STEPS_FILE,
    SCENARIO_FILE,
    Jdd,
)

#: The print view of a JDD: every slide on one page, one slide per printed page.
PRINT_FILE = "print.md"
#: File names inside a JDD folder that the site generates.
GENERATED_FILES = (NEXT_STEPS_FILE, PRINT_FILE)

#: Audiences a deck is built for: the internal site shows everything, a customer build
#: leaves out internal content.
AUDIENCES = ("internal", "customer")

#: Every word the slides, the slide toolbar and the print view show, in one place so a team
#: can translate them (mkdocs.yml: `extra: {jdd_labels: {key: text}}`). Braces are
#: placeholders filled by the code that shows the label.
LABELS: dict[str, str] = {
    "slide_number": "Slide {index} of {count}",
    "mark_internal": "Internal",
    "mark_customer": "Confidential: prepared for {customer}",
    "mark_customer_unnamed": "Confidential",
    "revision": "Revision {commit}, {date}",
    "revision_modified": "Revision {commit} with uncommitted changes, {date}",
    "next_steps_title": "Next Steps",
    "next_steps_job": "Job",
    "next_steps_action": "Action",
    "next_steps_owner": "Owner",
    "next_steps_due": "Due",
    "next_steps_done": "Done",
    "step_done": "Done",
    "step_open": "Open",
    "next_steps_empty": "No next steps are recorded in the job pages yet.",
    "toolbar": "Slide navigation",
    "first": "First slide",
    "previous": "Previous slide",
    "next": "Next slide",
    "last": "Last slide",
    "present": "Present",
    "present_title": "Present full screen (P); Escape leaves",
    "notes": "Notes",
    "notes_title": "Show or hide the presenter notes (N)",
    "presenter_view": "Presenter view",
    "presenter_view_title": "Open the presenter notes in a second window that follows the slides",
    "print_view": "Print view",
    "print_view_title": "All slides of this JDD on one page, one slide per printed page",
    "notes_heading": "Presenter notes",
    "notes_empty": "No presenter notes for this slide.",
    "overflow": "This slide overflows its frame by {percent}% and is shown smaller; shorten it.",
    "overflow_slide": "Slide {index} overflows its frame by {percent}% and is shown smaller; shorten it.",
    "print_heading": "Print view",
    "print_title": "Print view: {title}",
    "print_button": "Print",
    "print_hint": "One slide per page, 16:9 landscape. Save as PDF from the print dialog, or run jdd pdf {slug}.",
    "back_to_slides": "Back to the slides",
    "pdf": "PDF",
    "pdf_title": "Download these slides as a PDF, one slide per page",
    "prepared_for": "Prepared for {customer}",
    "prepared_internal": "Internal: not for the customer",
}


@dataclass(frozen=True)
class SlideRef:
    """One slide of a deck: a page of the JDD folder and its place in the deck."""

    rel: str
    #: Position in the deck, from 1.
    index: int
    #: "cover", "scenario", "jobs", "capabilities", "job", "next-steps" or "extra".
    kind: str


@dataclass(frozen=True)
class StepRow:
    """One row of the next-steps summary."""

    job_title: str
    job_rel: str
    action: str
    owner: str
    due: str
    done: bool


_KINDS = {
    COVER_FILE: "cover",
    SCENARIO_FILE: "scenario",
    JOBS_FILE: "jobs",
    CAPABILITIES_FILE: "capabilities",
    NEXT_STEPS_FILE: "next-steps",
}


def slide_kind(rel: str) -> str:
    if rel in _KINDS:
        return _KINDS[rel]
    if rel.startswith(JOBS_FOLDER + "/") and rel.count("/") == 1:
        return "job"
    return "extra"


def deck_slides(jdd: Jdd) -> list[SlideRef]:
    """Return the slides of a JDD in deck order (see `Jdd.slide_order`)."""
    return [SlideRef(rel=rel, index=index, kind=slide_kind(rel)) for index, rel in enumerate(jdd.slide_order(), 1)]


def merged_labels(overrides: Mapping[str, object] | None) -> dict[str, str]:
    """Return the labels with a team's translations applied; unknown keys raise ValueError."""
    labels = dict(LABELS)
    for key, value in (overrides or {}).items():
        if key not in LABELS:
            raise ValueError(f"'{key}' is not a slide label; the labels are: {', '.join(sorted(LABELS))}")
        if not isinstance(value, str):
            raise ValueError(f"label '{key}' must be text, not {type(value).__name__}")
        labels[key] = value
    return labels


def confidentiality_mark(jdd: Jdd, audience: str, labels: Mapping[str, str] = LABELS) -> str:
    """Return the mark every slide's footer shows for the audience the deck is built for."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience '{audience}' is not one of {', '.join(AUDIENCES)}")
    if audience == "internal":
        return labels["mark_internal"]
    if jdd.cover.customer:
        return labels["mark_customer"].format(customer=jdd.cover.customer)
    return labels["mark_customer_unnamed"]


def next_step_rows(jdd: Jdd) -> list[StepRow]:
    """Return every next step of the JDD's job pages, jobs in priority order, steps as written."""
    rows = []
    for overview in jdd.ordered_overviews():
        for step in overview.next_steps:
            rows.append(StepRow(
                job_title=overview.title,
                job_rel=overview.rel,
                action=step.action,
                owner=step.owner,
                due=step.due.isoformat() if step.due else step.due_text,
                done=step.done,
            ))
    return rows


def next_steps_markdown(jdd: Jdd, labels: Mapping[str, str] = LABELS) -> str:
    """Return the Markdown of the generated next-steps slide: one table row per next step.

    The page sits in the JDD folder, so links to `jobs/<job>.md` resolve as the
    author's own links do. Cell text is the author's Markdown with pipes escaped.
    """
    lines = [f"# {labels['next_steps_title']}", ""]
    rows = next_step_rows(jdd)
    if not rows:
        lines.append(labels["next_steps_empty"])
        return "\n".join(lines) + "\n"

    header = [labels[key] for key in ("next_steps_job", "next_steps_action", "next_steps_owner",
                                      "next_steps_due", "next_steps_done")]
    lines.append("| " + " | ".join(_cell(text) for text in header) + " |")
    lines.append("| --- | --- | --- | --- | --- |")
    for row in rows:
        job = f"[{_link_text(row.job_title)}]({row.job_rel})"
        done = labels["step_done"] if row.done else labels["step_open"]
        cells = [job, _cell(row.action), _cell(row.owner), _cell(row.due), _cell(done)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Make text safe for one cell of a Markdown table: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _link_text(text: str) -> str:
    return _cell(text).replace("[", "\\[").replace("]", "\\]")
