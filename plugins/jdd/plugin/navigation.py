"""Navigation that grows linearly with the portfolio.

Material renders the whole navigation into every page, so with one section
per JDD both build time and site size would grow with the square of the
number of pages. Each page gets a navigation of its own instead: a page of
a JDD lists the portfolio and its own JDD's slides, and every other page
lists the pages outside the JDDs (portfolio, rollups, guide), which the
portfolio's own navigation leads to. Search still indexes every page, so
the portfolio stays searchable.
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


class PerJddNavigation:
    """Build one navigation per JDD from the site's full navigation, once per build."""

    def __init__(self, nav: Navigation, slugs: set[str]) -> None:
        self.full = nav
        jdd_sections = {
            id(item): slug for item in nav.items if isinstance(item, Section)
            for slug in [_section_slug(item)] if slug in slugs
        }
        common = [item for item in nav.items if id(item) not in jdd_sections]
        self.common = Navigation(common, nav.pages)
        home = [item for item in common if isinstance(item, Page) and item.is_homepage]
        # Each slide repeats its navigation, so it contains what a reader of the deck needs: the
        # portfolio, then the JDD's slides.
        self.by_section: dict[int, Navigation] = {
            id(item): Navigation(home + [item], nav.pages) for item in nav.items if id(item) in jdd_sections
        }

    def for_page(self, page: Page) -> Navigation:
        top = page.ancestors[-1] if page.ancestors else None
        if top is not None and id(top) in self.by_section:
            return self.by_section[id(top)]
        return self.common


def _section_slug(section: Section) -> str | None:
    """Return the JDD folder all of a section's pages sit in, or None."""
    folders = {
        child.file.src_uri.split("/", 1)[0]
        for child in section.children
        if isinstance(child, Page) and "/" in child.file.src_uri
    }
    return folders.pop() if len(folders) == 1 else None
