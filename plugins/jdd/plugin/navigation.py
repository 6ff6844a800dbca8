"""Navigation that grows linearly with the portfolio.

Material renders the whole navigation into every page, so with one section
per JDD both build time and site size would grow with the square of the
number of pages. Each page gets a navigation of its own instead: a page of
a JDD lists the portfolio and its own JDD's slides, and every other page
lists the pages outside the JDDs (portfolio, rollups, guide), which the
portfolio's own navigation leads to. Search still indexes every page an
author writes, so the portfolio stays searchable.
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url


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


#: Theme features that change the navigation's markup in ways `slide_navigation` does not write.
#: With any of them on, or without navigation.sections, the theme's templates render it.
THEME_ONLY_FEATURES = frozenset({"navigation.tabs", "navigation.indexes", "navigation.prune",
                                 "navigation.expand", "toc.integrate"})


def writes_slide_navigation(features: list[str]) -> bool:
    """Tell whether `slide_navigation` writes the markup the theme would for these theme features."""
    return "navigation.sections" in features and not THEME_ONLY_FEATURES.intersection(features)


def slide_navigation(nav: Navigation, page: Page) -> dict[str, str] | None:
    """Return a slide's navigation entries as the theme's templates write them, split at the slide's own entry.

    The result has the entries before and after the slide's entry (`before`, `after`), which
    `overrides/partials/jdd-nav.html` puts around that entry and the slide's headings. Returns
    None when the navigation contains something only the theme's templates write: a link, a nested
    section, a page with an icon, subtitle or status, or no entry for this page.
    """
    before: list[str] = []
    after: list[str] = []
    out = before
    for index, item in enumerate(nav.items, start=1):
        if isinstance(item, Page):
            if item is page or not _plain(item):
                return None
            out.append(_page_entry(item, page))
            continue
        if not isinstance(item, Section) or not item.active or not _plain(item):
            return None
        path = f"__nav_{index}"
        out.append(
            '<li class="md-nav__item md-nav__item--active md-nav__item--section md-nav__item--nested">\n'
            f'<input class="md-nav__toggle md-toggle " type="checkbox" id="{path}" checked>\n'
            f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="">\n'
            f'<span class="md-ellipsis">\n{item.title}\n</span>\n<span class="md-nav__icon md-icon"></span>\n'
            '</label>\n'
            f'<nav class="md-nav" data-md-level="1" aria-labelledby="{path}_label" aria-expanded="true">\n'
            f'<label class="md-nav__title" for="{path}">\n<span class="md-nav__icon md-icon"></span>\n'
            f'{item.title}\n</label>\n'
            '<ul class="md-nav__list" data-md-scrollfix>\n'
        )
        for child in item.children:
            if not isinstance(child, Page) or not _plain(child):
                return None
            if child is page:
                if out is after:
                    return None
                out = after
                continue
            out.append(_page_entry(child, page))
        out.append("</ul>\n</nav>\n</li>\n")
    if out is before:
        return None
    return {"before": "".join(before), "after": "".join(after)}


def _plain(item: Page | Section) -> bool:
    """Tell whether an entry shows only its title (no icon, subtitle or status)."""
    if getattr(item, "typeset", None):
        return False
    meta = getattr(item, "meta", None) or {}
    return not (meta.get("icon") or meta.get("subtitle") or meta.get("status") or getattr(item, "encrypted", False))


def _page_entry(item: Page, page: Page) -> str:
    return (f'<li class="md-nav__item">\n<a href="{normalize_url(item.url, page=page)}" class="md-nav__link">\n'
            f'<span class="md-ellipsis">\n{item.title}\n</span>\n</a>\n</li>\n')
