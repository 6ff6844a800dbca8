"""Build the model from JDD folders on disk, reading each file once."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from .frontmatter import parse_front_matter
from .markdown import inline_text, parse_markdown, section_key
from .model import (
    CAPABILITIES_FILE,
    COVER_FILE,
    JOBS_FILE,
    JOBS_FOLDER,
    SCENARIO_FILE,
    CapabilityRow,
    Cover,
    Jdd,
    JobOverview,
    JobRef,
    NextStep,
    Page,
    Portfolio,
    Section,
)
from .sources import Problem, SourceText, is_utf8_name, name_problem, read_source, shown_name

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_ARL_WORDS = ("assumptions", "risks", "limitations")
_ARL_KEYS = {
    " ".join(words)
    for size in (3,)
    for words in itertools.permutations(_ARL_WORDS, size)
} | {
    " ".join(words)
    for words in itertools.permutations(("assumption", "risk", "limitation"), 3)
}

#: Headings that name each job overview section, as normalised by `section_key`.
JOB_SECTIONS = {
    "description": {"description", "job description"},
    "diagram": {"diagram", "job diagram", "process diagram", "workflow diagram", "job steps"},
    "arl": _ARL_KEYS,
    "next-steps": {"next steps", "next step", "action items", "actions"},
}
JOB_SECTION_TITLES = {
    "description": "Description",
    "diagram": "Diagram",
    "arl": "Assumptions, Risks, and Limitations",
    "next-steps": "Next Steps",
}
#: Level-1 headings that name the other pages.
PAGE_TITLES = {
    SCENARIO_FILE: ("Business Scenario", {"business scenario"}),
    JOBS_FILE: ("Customer Jobs-to-be-Done", {"customer jobs to be done", "customer jobs", "jobs to be done"}),
    CAPABILITIES_FILE: ("Status of Capabilities", {"status capabilities", "capabilities", "capability status", "status capability"}),
}
FORMAT_FILES = (COVER_FILE, SCENARIO_FILE, JOBS_FILE, CAPABILITIES_FILE)

_TASK_RE = re.compile(r"^\[(?P<mark>[ xX])\]\s+(?P<text>.*)$", re.DOTALL)
_STEP_SEPARATOR_RE = re.compile(r"\s+(?:—|–|--|-)\s+")


def job_section_name(heading_text: str) -> str:
    key = section_key(heading_text)
    for name, keys in JOB_SECTIONS.items():
        if key in keys:
            return name
    return ""


def is_jdd_folder(folder: Path) -> bool:
    """Tell whether a folder of the docs folder is a JDD.

    A JDD is a folder holding any of the format's files, or whose `index.md`
    has a `jdd:` key. Other folders (a guide, images) are ordinary docs.
    """
    if not folder.is_dir():
        return False
    if any((folder / name).exists() for name in (SCENARIO_FILE, JOBS_FILE, CAPABILITIES_FILE)):
        return True
    if (folder / JOBS_FOLDER).is_dir():
        return True
    cover = folder / COVER_FILE
    if cover.is_file() and not cover.is_symlink():
        try:
            head = cover.read_bytes()[:65536].decode("utf-8", errors="replace")
        except OSError:
            return False
        return bool(re.search(r"^jdd:", head, re.MULTILINE))
    return False


def load_portfolio(docs_dir: Path, only: set[str] | None = None) -> Portfolio:
    """Load every JDD folder directly under `docs_dir` (or only the slugs in `only`)."""
    docs_dir = docs_dir.resolve()
    folders, problems = find_jdd_folders(docs_dir)
    portfolio = Portfolio(docs_dir=docs_dir, problems=problems)
    for folder in folders:
        portfolio.all_slugs.add(folder.name)
        if only is not None and folder.name not in only:
            continue
        portfolio.jdds.append(load_jdd(folder, docs_dir))
    return portfolio


def find_jdd_folders(docs_dir: Path) -> tuple[list[Path], list[tuple[Path, Problem]]]:
    """List the JDD folders directly under `docs_dir` in name order, without reading their pages.

    Also returns a JDD115 problem for each folder whose name differs from an
    earlier one only by letter case.
    """
    if not docs_dir.is_dir():
        return [], []
    folders = sorted(
        (child for child in docs_dir.iterdir() if not child.name.startswith((".", "_")) and is_jdd_folder(child)),
        key=lambda child: child.name,
    )
    problems: list[tuple[Path, Problem]] = []
    for folder in [folder for folder in folders if not is_utf8_name(folder.name)]:
        problems.append(folder_name_problem(folder))
        folders.remove(folder)
    seen_lower: dict[str, str] = {}
    for folder in folders:
        lower = folder.name.lower()
        if lower in seen_lower:
            problems.append((folder / COVER_FILE, Problem(
                "JDD115", 1, 1,
                f"folder '{folder.name}' differs from '{seen_lower[lower]}' only by letter case; the two collide "
                "on macOS, Windows and in URLs, so rename one",
            )))
        else:
            seen_lower[lower] = folder.name
    return folders, problems


def folder_name_problem(folder: Path) -> tuple[Path, Problem]:
    """Return the JDD117 problem of a JDD folder whose name is not UTF-8, at its cover's printable path.

    Such a folder is reported and left out, because every finding of it would carry its name.
    """
    return folder.parent / shown_name(folder.name) / COVER_FILE, name_problem(folder.name)


def read_jdd_sources(folder: Path, docs_dir: Path | None = None) -> dict[str, SourceText]:
    """Read every Markdown file of a JDD folder without parsing it, keyed by its path inside the folder.

    These are all the bytes `load_jdd` reads; links out of `docs_dir`
    (default: the folder's parent) are not followed.
    """
    folder = folder.absolute()
    root = (docs_dir or folder.parent).absolute()
    return {
        path.relative_to(folder).as_posix(): read_source(path, root)
        for path in sorted(_markdown_files(folder))
    }


def load_jdd(folder: Path, docs_dir: Path | None = None, sources: dict[str, SourceText] | None = None) -> Jdd:
    """Load one JDD folder into the model.

    `sources` are its files as `read_jdd_sources(folder, docs_dir)` returned
    them; without it, the files are read here.
    """
    folder = folder.absolute()
    if sources is None:
        sources = read_jdd_sources(folder, docs_dir)
    jdd = Jdd(slug=folder.name, folder=folder)

    if not SLUG_RE.match(folder.name):
        suggestion = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-") or "customer-topic"
        jdd.problems.append((COVER_FILE, Problem(
            "JDD116", 1, 1,
            f"folder name '{folder.name}' is not a slug (lowercase letters, digits and hyphens); "
            f"rename it, for example to '{suggestion}'",
        )))

    for rel, source in sources.items():
        if not is_utf8_name(rel):
            # Not parsed, so that no other finding carries a name no output can print.
            jdd.problems.append((shown_name(rel), name_problem(rel)))
            continue
        jdd.pages[rel] = parse_page(source, rel)

    _read_cover(jdd)
    _read_jobs(jdd)
    _read_capabilities(jdd)
    _read_overviews(jdd)
    jdd.extra_pages = sorted(
        rel for rel in jdd.pages
        if rel not in FORMAT_FILES and not (rel.startswith(JOBS_FOLDER + "/") and rel.count("/") == 1)
    )
    return jdd


def _markdown_files(folder: Path):
    for path in folder.rglob("*"):
        if path.suffix.lower() == ".md" and (path.is_file() or path.is_symlink()):
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            yield path


def load_page(path: Path, rel: str, root: Path) -> Page:
    """Read and parse one page; unreadable files become problems, never exceptions."""
    return parse_page(read_source(path, root), rel)


def parse_page(source: SourceText, rel: str) -> Page:
    """Parse one page read by `read_source`; an unreadable one gets no Markdown."""
    front = parse_front_matter(source.text) if source.readable else parse_front_matter("")
    markdown = parse_markdown(source.text, front.body_line) if source.readable else None
    page = Page(path=source.path, rel=rel, source=source, front=front, markdown=markdown)
    if markdown is not None:
        _find_sections(page)
    return page


def _find_sections(page: Page) -> None:
    markdown = page.markdown
    top_level = [
        heading for heading in markdown.headings
        if heading.source == "markdown" and heading.container is None and not heading.in_html_block
    ]
    for heading in top_level:
        if heading.level == 1:
            page.title = heading
            break

    is_job = page.rel.startswith(JOBS_FOLDER + "/")
    for position, heading in enumerate(top_level):
        if heading.level < 2:
            continue
        end_token = len(markdown.tokens)
        end_line = len(markdown.lines)
        for later in top_level[position + 1:]:
            if later.level <= heading.level:
                end_token = later.token_index
                end_line = later.line - 1
                break
        page.sections.append(Section(
            heading=heading,
            name=job_section_name(heading.text) if is_job else section_key(heading.text),
            first_token=heading.token_index + 3,
            end_token=end_token,
            end_line=end_line,
        ))


def _read_cover(jdd: Jdd) -> None:
    page = jdd.page(COVER_FILE)
    if page is None:
        return
    meta = page.front.data.get("jdd")
    if not isinstance(meta, dict):
        return
    cover = Cover()
    for name in ("customer", "title", "status", "product_manager", "customer_success_manager",
                 "account_executive", "reference"):
        value = meta.get(name)
        if isinstance(value, str) and value.strip():
            setattr(cover, name, value.strip())
    cover.opened = as_date(meta.get("opened"))
    cover.renewal = as_date(meta.get("renewal"))
    if isinstance(meta.get("internal"), dict):
        cover.internal = meta["internal"]
    jdd.cover = cover


def as_date(value) -> dt.date | None:
    """Read a YAML date, or an ISO date string, as a date."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def resolve_job_link(jdd: Jdd, from_rel: str, href: str) -> tuple[str | None, str]:
    """Resolve a link written in `from_rel` to a job page of the JDD.

    Returns the job page path and "" when it resolves, or None and why not.
    """
    target = href.split("#", 1)[0].split("?", 1)[0].strip()
    if not target:
        return None, "none"
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("/"):
        return None, "external"
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), unquote(target)))
    if resolved.startswith("../") or resolved == "..":
        return None, "outside"
    if not (resolved.startswith(JOBS_FOLDER + "/") and resolved.count("/") == 1):
        return None, "outside"
    if resolved not in jdd.pages:
        return None, "missing"
    return resolved, ""


def _first_link(inline) -> tuple[str, str, str, int]:
    """Return the href, link text, text after the link, and the link's column offset."""
    href = ""
    title_parts: list[str] = []
    after_parts: list[str] = []
    state = "before"
    for child in inline.children or []:
        if state == "before" and child.type == "link_open":
            href = child.attrGet("href") or ""
            state = "inside"
        elif state == "inside" and child.type == "link_close":
            state = "after"
        elif state == "inside" and child.type in ("text", "code_inline"):
            title_parts.append(child.content)
        elif state == "after" and child.type in ("text", "code_inline"):
            after_parts.append(child.content)
        elif state == "after" and child.type in ("softbreak", "hardbreak"):
            after_parts.append(" ")
    column = inline.content.find("[") + 1 if "[" in inline.content else 1
    return href, "".join(title_parts).strip(), "".join(after_parts), column


def _read_jobs(jdd: Jdd) -> None:
    page = jdd.page(JOBS_FILE)
    if page is None or page.markdown is None:
        return
    tokens = page.markdown.tokens
    start = _first_top_level(page, "ordered_list_open")
    if start is None:
        return
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if token.type == "ordered_list_close" and token.level == tokens[start].level:
            break
        if token.type != "list_item_open" or token.level != tokens[start].level + 1:
            continue
        inline = next((t for t in tokens[index:] if t.type == "inline"), None)
        if inline is None or not inline.map:
            continue
        href, title, after, column = _first_link(inline)
        line = token.map[0] + 1 if token.map else inline.map[0] + 1
        indent = len(page.markdown.lines[line - 1]) - len(page.markdown.lines[line - 1].lstrip())
        marker = len(token.info or "") + len(token.markup or ".") + 1
        description = after.strip().lstrip(":").strip()
        if not href:
            jdd.jobs.append(JobRef(
                title=inline_text(inline).strip(), href="", target=None, line=line,
                column=indent + marker + 1, description="", problem="none",
            ))
            continue
        target, problem = resolve_job_link(jdd, JOBS_FILE, href)
        jdd.jobs.append(JobRef(
            title=title, href=href, target=target, line=line, column=indent + marker + column,
            description=description, problem=problem,
        ))


def _first_top_level(page: Page, token_type: str) -> int | None:
    for index, token in enumerate(page.markdown.tokens):
        if token.type == token_type and token.level == 0 and token.map:
            line = token.map[0] + 1
            if page.markdown.container_at(line) is None:
                return index
    return None


def _read_capabilities(jdd: Jdd) -> None:
    page = jdd.page(CAPABILITIES_FILE)
    if page is None or page.markdown is None:
        return
    tokens = page.markdown.tokens
    start = _first_top_level(page, "table_open")
    if start is None:
        return

    rows: list[tuple[int, list]] = []
    current: list | None = None
    line = 0
    for token in tokens[start + 1:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            current = []
            line = token.map[0] + 1 if token.map else line
        elif token.type == "inline" and current is not None:
            current.append(token)
        elif token.type == "tr_close" and current is not None:
            rows.append((line, current))
            current = None
    if not rows:
        return

    header = [section_key(inline_text(cell)) for cell in rows[0][1]]
    columns = {}
    for name, keys in (("job", {"job", "jobs", "customer job"}), ("capability", {"capability", "capabilities"}),
                       ("status", {"status"}), ("notes", {"notes", "note", "comments"})):
        for position, key in enumerate(header):
            if key in keys:
                columns[name] = position
                break
    jdd.capability_columns = columns
    if "job" not in columns or "status" not in columns:
        return

    for line, cells in rows[1:]:
        def cell(name: str, cells=cells) -> str:
            position = columns.get(name)
            if position is None or position >= len(cells):
                return ""
            return inline_text(cells[position]).strip()

        job_cell = cells[columns["job"]] if columns["job"] < len(cells) else None
        href, title, _, _ = _first_link(job_cell) if job_cell is not None else ("", "", "", 1)
        target = None
        if href:
            target, _ = resolve_job_link(jdd, CAPABILITIES_FILE, href)
        else:
            title = cell("job")
            for job in jdd.jobs:
                if job.target and section_key(job.title) == section_key(title):
                    target = job.target
        jdd.capabilities.append(CapabilityRow(
            job_title=title or cell("job"), job_href=href, job_target=target,
            capability=cell("capability"), status=cell("status"), notes=cell("notes"), line=line,
        ))


def _read_overviews(jdd: Jdd) -> None:
    for rel, page in jdd.pages.items():
        if not (rel.startswith(JOBS_FOLDER + "/") and rel.count("/") == 1):
            continue
        overview = JobOverview(rel=rel, page=page)
        if page.markdown is not None:
            diagram = page.section("diagram")
            if diagram is not None:
                overview.diagrams = [
                    fence for fence in page.markdown.fences
                    if fence.language == "mermaid" and diagram.line < fence.line <= diagram.end_line
                ]
            steps = page.section("next-steps")
            if steps is not None:
                overview.next_steps = _read_next_steps(page, steps)
        jdd.overviews[rel] = overview


def _read_next_steps(page: Page, section: Section) -> list[NextStep]:
    tokens = page.markdown.tokens
    steps: list[NextStep] = []
    list_level = None
    for index in range(section.first_token, section.end_token):
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open") and list_level is None:
            list_level = token.level
        if token.type != "list_item_open" or list_level is None or token.level != list_level + 1:
            continue
        inline = next((t for t in tokens[index:section.end_token] if t.type == "inline"), None)
        if inline is None:
            continue
        line = token.map[0] + 1 if token.map else inline.map[0] + 1
        if page.markdown.is_internal_line(line):
            continue
        steps.append(parse_next_step(inline.content, line))
    return steps


def parse_next_step(content: str, line: int) -> NextStep:
    """Read `[ ] action — owner — YYYY-MM-DD` from a list item's text."""
    text = " ".join(content.split())
    task = _TASK_RE.match(text)
    body = task.group("text") if task else text
    done = bool(task and task.group("mark") in "xX")

    separators = list(_STEP_SEPARATOR_RE.finditer(body))
    parts: list[str]
    if len(separators) >= 2:
        second_last, last = separators[-2], separators[-1]
        parts = [body[:second_last.start()], body[second_last.end():last.start()], body[last.end():]]
    elif len(separators) == 1:
        parts = [body[:separators[0].start()], body[separators[0].end():]]
    else:
        parts = [body]

    action, owner, due_text = parts[0].strip(), "", ""
    if len(parts) == 3:
        owner, due_text = parts[1].strip(), parts[2].strip()
    elif len(parts) == 2:
        if re.match(r"^\d", parts[1].strip()):
            due_text = parts[1].strip()
        else:
            owner = parts[1].strip()
    return NextStep(
        text=body, action=action, owner=owner, due=as_date(due_text), due_text=due_text,
        done=done, is_task=task is not None, line=line,
    )


def closest(word: str, candidates, cutoff: float = 0.6) -> str | None:
    """Return the candidate closest to `word`, for "did you mean" hints."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None
