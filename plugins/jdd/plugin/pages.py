"""The portfolio-wide pages of the site and the date of every page.

The plugin's hooks call these functions. The content comes from
`jdd.core.rollup` and `jdd.core.rollup_pages`, the dates from
`jdd.core.gitinfo`. This module deals only with MkDocs: generated files,
URLs between pages, the navigation and each page's last update.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.gitinfo import DocsHistory, Revision, read_docs_history
from ..core.model import COVER_FILE, Portfolio
from ..core.render import portfolio_table
from ..core.rollup import BuildDateError, build_date, capability_rollup, open_next_steps, portfolio_rows
from ..core.rollup_pages import CAPABILITIES_TITLE, NEXT_STEPS_TITLE, capabilities_markdown, next_steps_markdown

log = get_plugin_logger("jdd")

CAPABILITIES_PAGE = "capabilities/index.md"
NEXT_STEPS_PAGE = "next-steps/index.md"
#: The generated pages' tables need the room of Material's table of contents, which they do not use.
GENERATED_FRONT_MATTER = "---\nhide:\n  - toc\n---\n\n"


class SiteFacts:
    """Facts the pages of one build share: the build date, and the revisions git records."""

    def __init__(self, docs_dir: Path, read_git: bool) -> None:
        self.history: DocsHistory = read_docs_history(docs_dir) if read_git else DocsHistory()
        latest = self.history.latest
        # A clean work tree dates the build by its last commit, so two builds of one commit match;
        # uncommitted changes are previewed against today.
        commit_date = latest.date if self.history.in_git and latest.commit and not latest.uncommitted else None
        try:
            self.build_date: dt.date = build_date(commit_date=commit_date)
        except BuildDateError as exc:
            raise PluginError(f"jdd: {exc}") from exc
        #: Revision of each JDD folder (and any other folder of the docs folder), by name.
        self.revisions: dict[str, Revision] = dict(self.history.folders)
        if self.history.shallow:
            log.info("the git repository is a shallow clone, so pages last changed before its oldest "
                     "commit show that commit's date; clone the whole history for the right dates")

    def revision_text(self, slug: str) -> str | None:
        revision = self.revisions.get(slug)
        return revision.describe() if revision else None


class HtmlBlocks:
    """The generated pages' HTML blocks, kept out of Python-Markdown, which only copies them.

    The rollups and the portfolio table are HTML built here. Python-Markdown parses
    every tag of such a block to copy it through unchanged, which took about half of
    the capability rollup's build time at 200 JDDs. So each block becomes a comment
    before the page is converted, and is put back in its place after.
    """

    _BLOCK_RE = re.compile(r"^<(?:div|section|table)\b.*$", re.MULTILINE)

    def __init__(self) -> None:
        self._nonce = secrets.token_hex(8)
        self._marker = re.compile(rf"<!--jdd-html {self._nonce} (\d+)-->")
        self._blocks: dict[str, list[str]] = {}

    def set_aside(self, markdown: str, src_uri: str) -> str:
        """Return a generated page's `markdown` with each line that is an HTML block replaced by a marker."""
        self._blocks[src_uri] = []
        return self._BLOCK_RE.sub(lambda match: self.add(match.group(0), src_uri), markdown)

    def add(self, html: str, src_uri: str) -> str:
        """Set one block of generated HTML aside for a page; return the marker that stands for it."""
        blocks = self._blocks.setdefault(src_uri, [])
        blocks.append(html)
        return f"<!--jdd-html {self._nonce} {len(blocks) - 1}-->"

    def restore(self, html: str, src_uri: str) -> str:
        """Put the blocks set aside for a page back into its HTML."""
        blocks = self._blocks.pop(src_uri, None)
        if not blocks:
            return html
        return self._marker.sub(lambda match: blocks[int(match.group(1))], html)


def navigation_entries(capabilities: bool, next_steps: bool) -> list[dict[str, str]]:
    """Return the navigation entries of the generated pages, to follow the portfolio."""
    entries = []
    if capabilities:
        entries.append({CAPABILITIES_TITLE: CAPABILITIES_PAGE})
    if next_steps:
        entries.append({NEXT_STEPS_TITLE: NEXT_STEPS_PAGE})
    return entries


def add_generated_pages(files: Files, config: MkDocsConfig, portfolio: Portfolio, facts: SiteFacts,
                        capabilities: bool, next_steps: bool, blocks: HtmlBlocks) -> None:
    """Add the capability rollup and the next-steps page to the site's files.

    A page of the docs folder at the same path wins: the generated page is
    then left out with a warning, so `--strict` fails until one is renamed.
    """
    pages_to_add = []
    if capabilities:
        pages_to_add.append((CAPABILITIES_PAGE, "capability_rollup",
                       lambda link: capabilities_markdown(capability_rollup(portfolio), link)))
    if next_steps:
        pages_to_add.append((NEXT_STEPS_PAGE, "next_steps_page",
                       lambda link: next_steps_markdown(open_next_steps(portfolio, facts.build_date),
                                                        facts.build_date, link)))
    for src_uri, option, render in pages_to_add:
        if files.get_file_from_path(src_uri) is not None:
            log.warning(
                f"'{src_uri}' exists in the docs folder, so the generated page is not added there; "
                f"rename that page, or set '{option}: false' in the jdd plugin's options"
            )
            continue
        file = File.generated(config, src_uri, content="")
        file.content_string = GENERATED_FRONT_MATTER + blocks.set_aside(render(_linker(files, file.url)), src_uri)
        files.append(file)


def _linker(files: Files, from_url: str):
    def link(slug: str, rel: str) -> str | None:
        target = files.get_file_from_path(f"{slug}/{rel}")
        return get_relative_url(target.url, from_url) if target is not None else None
    return link


def portfolio_markdown(markdown: str, page: Page, files: Files, portfolio: Portfolio, facts: SiteFacts,
                       blocks: HtmlBlocks) -> str:
    """Return the home page's Markdown with the portfolio table after it (set aside in `blocks`)."""
    _hide_toc(page)
    urls = {}
    for jdd in portfolio.jdds:
        file = files.get_file_from_path(f"{jdd.slug}/{COVER_FILE}")
        if file is not None:
            urls[jdd.slug] = get_relative_url(file.url, page.url)
    rows = portfolio_rows(portfolio, facts.build_date, facts.revisions)
    return markdown.rstrip() + "\n\n" + blocks.add(portfolio_table(rows, urls), page.file.src_uri) + "\n"


def _hide_toc(page: Page) -> None:
    # The wide tables need the room of Material's table of contents, which these pages do not use.
    hidden = page.meta.get("hide")
    if not isinstance(hidden, list):
        hidden = []
    if "toc" not in hidden:
        page.meta["hide"] = [*hidden, "toc"]


def page_revision(page: Page, facts: SiteFacts, portfolio: Portfolio, portfolio_home: bool) -> Revision | None:
    """Return the revision a page's last update comes from, or None when git is not read.

    A page of the docs folder has its file's revision. A page the site generates
    has no file: one inside a JDD (its print view, its next-steps slide) has the
    revision of the JDD's folder. The pages built from every JDD (the capability
    rollup, next steps, and the home page when `portfolio_home` adds the portfolio
    table to it) have the newest revision of the JDD folders and their own file.
    """
    history = facts.history
    if not history.in_git:
        return None
    file = page.file
    folder = file.src_uri.split("/", 1)[0] if "/" in file.src_uri else ""
    if file.generated_by is None:
        revision = history.file_revision(file.src_uri)
        if not (portfolio_home and file.src_uri == "index.md"):
            return revision
        sources = [revision]
    elif folder and portfolio.get(folder) is not None:
        return history.folder_revision(folder)
    else:
        sources = []
    sources += [history.folder_revision(jdd.slug) for jdd in portfolio.jdds]
    return history.newest(sources) if sources else history.latest


def set_update_date(page: Page, facts: SiteFacts, portfolio: Portfolio, portfolio_home: bool) -> None:
    """Set the page's `update_date`, which sitemap.xml lists, to its last commit's date.

    MkDocs sets it to the build date, which is the clock's unless SOURCE_DATE_EPOCH
    is set. A page no commit contains gets the date of the docs folder's newest
    commit, so a rebuild of the same work tree gives the same sitemap. Outside git,
    and in a repository without commits, MkDocs' date stays.
    """
    revision = page_revision(page, facts, portfolio, portfolio_home)
    if revision is None:
        return
    date = revision.date or facts.history.latest.date
    if date is not None:
        page.update_date = date.isoformat()


def last_update_context(page: Page, facts: SiteFacts, portfolio: Portfolio, portfolio_home: bool) -> dict | None:
    """Return what the page's "Last update" line shows (overrides/partials/source-file.html).

    `date` is the last commit's date as YYYY-MM-DD, or "" when no commit contains the
    page. `uncommitted` is true when the work tree differs from that commit. Outside git
    it returns None, so the page shows no date rather than the clock's.
    """
    revision = page_revision(page, facts, portfolio, portfolio_home)
    if revision is None:
        return None
    return {
        "date": revision.date.isoformat() if revision.date else "",
        "uncommitted": revision.uncommitted,
    }
