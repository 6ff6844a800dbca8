"""4xx rules: the jobs list, the job pages and the capability table agree."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..loader import closest
from ..markdown import section_key
from ..model import CAPABILITIES_FILE, CAPABILITY_STATUSES, JOBS_FILE, JOBS_FOLDER
from . import RuleContext, rule


@rule
def jobs_list(context: RuleContext) -> Iterator[Finding]:
    jdd = context.jdd
    page = jdd.page(JOBS_FILE)
    if page is None or not page.readable or not page.source.text.strip():
        return
    if not jdd.jobs:
        has_bullets = any(token.type == "bullet_list_open" for token in page.markdown.tokens)
        hint = " (it has a bulleted list: number the items, since the order is the priority)" if has_bullets else ""
        yield context.finding(
            "JDD401", JOBS_FILE, page.title.line if page.title else 1, 1,
            f"jobs.md has no ordered list of jobs{hint}; list them as "
            "'1. [Job title](jobs/job.md): when ..., so that ...', most important first",
        )
        return

    job_pages = sorted(rel for rel in jdd.pages if rel.startswith(JOBS_FOLDER + "/") and rel.count("/") == 1)
    first_line: dict[str, int] = {}
    for job in jdd.jobs:
        if job.problem == "none":
            yield context.finding(
                "JDD402", JOBS_FILE, job.line, job.column,
                f"job '{job.title[:60]}' has no link; write it as '[{job.title[:40]}](jobs/<page>.md)'",
            )
        elif job.problem == "missing":
            target = job.href.split("#")[0]
            guess = closest(target.lstrip("./"), job_pages)
            hint = f"; did you mean '{guess}'?" if guess else "; create the page or correct the link"
            yield context.finding("JDD402", JOBS_FILE, job.line, job.column,
                                  f"link '{job.href}' leads to no file{hint}")
        elif job.problem in ("outside", "external"):
            yield context.finding(
                "JDD411", JOBS_FILE, job.line, job.column,
                f"link '{job.href}' leads outside this JDD's jobs/ folder; link to a page in jobs/",
            )
        elif job.target in first_line:
            yield context.finding(
                "JDD404", JOBS_FILE, job.line, job.column,
                f"'{job.target}' is listed twice (first at line {first_line[job.target]}); keep one entry, "
                "whose position is the job's priority",
            )
        else:
            first_line[job.target] = job.line
            overview = jdd.overviews.get(job.target)
            if overview and overview.page.title and section_key(overview.page.title.text) != section_key(job.title):
                yield context.finding(
                    "JDD412", JOBS_FILE, job.line, job.column,
                    f"'{job.title}' differs from the title of {job.target}, '{overview.page.title.text}'; "
                    "use the same title in both places",
                )

    for rel in job_pages:
        if rel not in first_line:
            yield context.finding(
                "JDD403", rel, 1, 1,
                f"job page '{rel}' is not listed in jobs.md; add it to the ordered list there, or delete the page",
            )


@rule
def capability_table(context: RuleContext) -> Iterator[Finding]:
    jdd = context.jdd
    page = jdd.page(CAPABILITIES_FILE)
    if page is None or not page.readable or not page.source.text.strip():
        return
    columns = jdd.capability_columns
    if columns is None or "job" not in columns or "status" not in columns:
        detail = "no table" if columns is None else "a table without 'Job' and 'Status' columns"
        yield context.finding(
            "JDD407", CAPABILITIES_FILE, page.title.line if page.title else 1, 1,
            f"capabilities.md has {detail}; add '| Job | Capability | Status | Notes |' with a row per capability",
        )
        return

    listed = {job.target: job for job in jdd.jobs if job.target}
    for row in jdd.capabilities:
        if row.status not in CAPABILITY_STATUSES:
            guess = closest(row.status.capitalize(), CAPABILITY_STATUSES, cutoff=0.5)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            shown = row.status or "(empty)"
            yield context.finding(
                "JDD406", CAPABILITIES_FILE, row.line, _cell_column(page, row.line, columns["status"]),
                f"capability status '{shown}' is not valid{hint}; use one of: {', '.join(CAPABILITY_STATUSES)}",
            )
        if row.job_target is None or row.job_target not in listed:
            what = f"'{row.job_href}'" if row.job_href else f"'{row.job_title}'"
            yield context.finding(
                "JDD408", CAPABILITIES_FILE, row.line, 1,
                f"row names job {what}, which jobs.md does not list; link the row to a listed job page, "
                "as '[Job title](jobs/job.md)'",
            )
        if not row.capability:
            yield context.finding(
                "JDD407", CAPABILITIES_FILE, row.line, 1,
                "row has no capability name; name the product capability the row is about",
            )

    covered = {row.job_target for row in jdd.capabilities}
    table_line = min((row.line for row in jdd.capabilities), default=page.title.line if page.title else 1)
    for target, job in listed.items():
        if target not in covered:
            yield context.finding(
                "JDD405", CAPABILITIES_FILE, table_line, 1,
                f"job '{job.title}' ({target}) has no capability row; add at least one row for it",
            )


@rule
def next_steps(context: RuleContext) -> Iterator[Finding]:
    past_draft = not context.is_draft
    for overview in context.jdd.overviews.values():
        for step in overview.next_steps:
            missing = []
            if not step.is_task:
                yield context.finding(
                    "JDD409", overview.rel, step.line, 1,
                    f"next step '{step.text[:50]}' is not a task list item; write it as "
                    "'- [ ] action — owner — YYYY-MM-DD'",
                )
                continue
            if not step.action:
                missing.append("an action")
            if not step.owner:
                missing.append("an owner")
            if not step.due_text:
                missing.append("a due date")
            if step.due_text and step.due is None:
                yield context.finding(
                    "JDD410", overview.rel, step.line, 1,
                    f"due date '{step.due_text}' is not an ISO date; write it as YYYY-MM-DD",
                )
            if missing:
                when = "" if past_draft else " (required once the JDD is past draft)"
                yield context.finding(
                    "JDD409", overview.rel, step.line, 1,
                    f"next step '{step.action[:50]}' has no {' and no '.join(m.split(' ', 1)[1] for m in missing)}"
                    f"{when}; write it as '- [ ] action — owner — YYYY-MM-DD'",
                )


def _cell_column(page, line: int, cell: int) -> int:
    """Return the 1-based column where table cell number `cell` starts its text on `line`."""
    text = page.markdown.lines[line - 1]
    pipes = [index for index, char in enumerate(text) if char == "|" and (index == 0 or text[index - 1] != "\\")]
    if text.lstrip().startswith("|"):
        pipes = pipes[1:]
    if cell == 0:
        start = text.find("|") + 1
    elif cell - 1 < len(pipes):
        start = pipes[cell - 1] + 1
    else:
        start = 0
    while start < len(text) and text[start] == " ":
        start += 1
    return start + 1
