"""The portfolio-wide pages of the site: the portfolio table, the capability rollup, next steps.

The plugin's hooks call these functions. The content comes from
`jdd.core.rollup` and `jdd.core.rollup_pages`. This module deals only with
MkDocs: generated files, URLs between pages, and the navigation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.gitinfo import Revision, folder_revisions
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
    """Facts the portfolio pages of one build share: the build date and each JDD's revision."""

    def __init__(self, docs_dir: Path, read_git: bool) -> None:
        try:
            self.build_date: dt.date = build_date()
        except BuildDateError as exc:
            raise PluginError(f"jdd: {exc}") from exc
        self.revisions: dict[str, Revision] = folder_revisions(docs_dir) if read_git else {}

    def revision_text(self, slug: str) -> str | None:
        revision = self.revisions.get(slug)
        return revision.describe() if revision else None


def navigation_entries(capabilities: bool, next_steps: bool) -> list[dict[str, str]]:
    """Return the navigation entries of the generated pages, to follow the portfolio."""
    entries = []
    if capabilities:
        entries.append({CAPABILITIES_TITLE: CAPABILITIES_PAGE})
    if next_steps:
        entries.append({NEXT_STEPS_TITLE: NEXT_STEPS_PAGE})
    return entries


def add_generated_pages(files: Files, config: MkDocsConfig, portfolio: Portfolio, facts: SiteFacts,
                        capabilities: bool, next_steps: bool) -> None:
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
        file.content_string = GENERATED_FRONT_MATTER + render(_linker(files, file.url))
        files.append(file)


def _linker(files: Files, from_url: str):
    def link(slug: str, rel: str) -> str | None:
        target = files.get_file_from_path(f"{slug}/{rel}")
        return get_relative_url(target.url, from_url) if target is not None else None
    return link


def portfolio_markdown(markdown: str, page: Page, files: Files, portfolio: Portfolio, facts: SiteFacts) -> str:
    """Return the home page's Markdown with the portfolio table after it."""
    _hide_toc(page)
    urls = {}
    for jdd in portfolio.jdds:
        file = files.get_file_from_path(f"{jdd.slug}/{COVER_FILE}")
        if file is not None:
            urls[jdd.slug] = get_relative_url(file.url, page.url)
    rows = portfolio_rows(portfolio, facts.build_date, facts.revisions)
    return markdown.rstrip() + "\n\n" + portfolio_table(rows, urls) + "\n"


def _hide_toc(page: Page) -> None:
    # The wide tables need the room of Material's table of contents, which these pages do not use.
    hidden = page.meta.get("hide")
    if not isinstance(hidden, list):
        hidden = []
    if "toc" not in hidden:
        page.meta["hide"] = [*hidden, "toc"]
