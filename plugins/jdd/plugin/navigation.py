"""Navigation that grows linearly with the portfolio.

Material renders the whole navigation into every page, so with one section
per JDD both build time and site size would grow with the square of the
number of pages. Each page gets a navigation of its own instead: the pages
outside JDDs (portfolio, guide) and its own JDD's slides. Search still
indexes every page, so the portfolio stays searchable.
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
        self.by_section: dict[int, Navigation] = {}
        for position, item in enumerate(nav.items):
            if id(item) in jdd_sections:
                # Keep the section where the full navigation has it, after the portfolio.
                before = [other for other in nav.items[:position] if id(other) not in jdd_sections]
                after = [other for other in nav.items[position + 1:] if id(other) not in jdd_sections]
                self.by_section[id(item)] = Navigation(before + [item] + after, nav.pages)

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
