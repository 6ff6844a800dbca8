"""Slides on the MkDocs site: generated deck pages, presenter notes and the data slide templates read.

Each JDD page is one slide. This module adds each JDD's generated pages: the
next-steps summary and the print view. It takes presenter notes out of the
Markdown before it is rendered. It gives the templates in `overrides/` the
data of a slide (`jdd_slide`) or, on the print view, of every slide of the
deck (`jdd_print`). The work per page is one lookup, and the print view of a
JDD reads only that JDD's slides, so a build grows linearly with the portfolio.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import markdown as python_markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..core.deck import (
    GENERATED_FILES,
    PRINT_FILE,
    SlideRef,
    confidentiality_mark,
    deck_slides,
    next_steps_markdown,
)
from ..core.gitinfo import Revision
from ..core.loader import job_section_name
from ..core.model import NEXT_STEPS_FILE, Jdd, Portfolio
from ..core.notes import split_notes
from ..core.printview import print_slide_html, slide_anchor
from ..core.render import STATUS_LABELS
from ..core.slidehtml import group_sections

log = get_plugin_logger("jdd")

#: The stylesheet the plugin writes with the slide toolbar's icons as CSS masks.
ICONS_URI = "assets/stylesheets/jdd-icons.css"
#: The icons of the slide toolbar (overrides/partials/jdd-slide-toolbar.html), from the
#: Material Design icons that Material for MkDocs ships in `.icons/material/`.
TOOLBAR_ICONS = ("page-first", "chevron-left", "chevron-right", "page-last", "presentation-play",
                 "note-text-outline", "monitor-multiple", "printer-outline", "file-pdf-box")
#: The theme's icons that the templates in `overrides/` show as masks, by their name in the
#: theme's `icon` option, with the icon each has when that option names none (Material's defaults).
THEME_ICONS = {"logo": "material/library", "repo": "fontawesome/brands/git-alt",
               "edit": "material/file-edit-outline", "view": "material/file-eye-outline"}
#: The theme template of the print views (overrides/jdd-print-page.html).
PRINT_TEMPLATE = "jdd-print-page.html"
#: The script the plugin writes with the labels jdd-slides.js shows, loaded once per visit.
LABELS_URI = "assets/javascripts/jdd-labels.js"
#: The labels jdd-slides.js shows: its warnings and the buttons it adds to the slide toolbar,
#: which work only with JavaScript (presenting, the presenter notes, the presenter view).
SCRIPT_LABELS = ("overflow", "overflow_slide", "present", "present_title", "notes", "notes_title",
                 "presenter_view", "presenter_view_title")


@dataclass
class _Deck:
    jdd: Jdd
    slides: list[SlideRef]
    #: Which of GENERATED_FILES this build generates for the JDD (a file of the folder wins).
    generated: set[str] = field(default_factory=set)


class SlideDecks:
    """The slide decks of one build, with each JDD page's place in its deck."""

    def __init__(self, portfolio: Portfolio, labels: dict[str, str], revisions: dict[str, Revision],
                 audience: str = "internal", include_notes: bool = True) -> None:
        self.labels = labels
        self.script_labels = {name: labels[name] for name in SCRIPT_LABELS}
        self.revisions = revisions
        self.audience = audience
        # A customer build passes include_notes=False: notes are then dropped, never rendered.
        self.include_notes = include_notes
        self.decks = {jdd.slug: _Deck(jdd, deck_slides(jdd)) for jdd in portfolio.jdds}
        self._slides = {
            f"{slug}/{ref.rel}": (deck, ref) for slug, deck in self.decks.items() for ref in deck.slides
        }
        self._notes: dict[str, str] = {}
        self._files: Files | None = None
        self._notes_renderer: python_markdown.Markdown | None = None
        #: A PDF of the deck to link from each slide, by slug, as a URL relative to the site root.
        self.pdf_urls: dict[str, str] = {}

    # -- files ---------------------------------------------------------------

    def add_generated_files(self, files: Files, config: MkDocsConfig) -> None:
        """Add each JDD's next-steps slide and print view, unless its folder has a page of that name.

        Adds the toolbar's icon stylesheet and the script's labels as well.
        """
        if files.get_file_from_path(ICONS_URI) is None:
            content = icon_stylesheet(config.theme.dirs, config.theme.get("icon") or {})
            files.append(File.generated(config, ICONS_URI, content=content))
        if files.get_file_from_path(LABELS_URI) is None:
            files.append(File.generated(config, LABELS_URI, content=labels_script(self.script_labels)))
        for slug, deck in self.decks.items():
            for name in GENERATED_FILES:
                src_uri = f"{slug}/{name}"
                if files.get_file_from_path(src_uri) is not None:
                    log.warning(_reserved_name_message(src_uri, name))
                    continue
                if name == NEXT_STEPS_FILE:
                    # Search finds each step on its job's slide, so this summary stays out of the index.
                    content = _front_matter({"search": {"exclude": True}}) + next_steps_markdown(deck.jdd, self.labels)
                else:
                    content = self._print_markdown(deck.jdd)
                # The print view is reached from the slides' toolbar, not from the navigation.
                inclusion = InclusionLevel.NOT_IN_NAV if name == PRINT_FILE else InclusionLevel.UNDEFINED
                files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
                deck.generated.add(name)
        self._files = files

    def _print_markdown(self, jdd: Jdd) -> str:
        title = self.labels["print_title"].format(title=_deck_title(jdd))
        # Material writes page.meta.title into <title> without escaping it.
        front = {"title": html.escape(title, quote=False), "hide": ["navigation", "toc"],
                 "search": {"exclude": True}, "template": PRINT_TEMPLATE}
        return _front_matter(front) + f"# {_markdown_text(title)}\n"

    def print_url(self, slug: str) -> str | None:
        """Return the print view's URL relative to the site root, when this build has one."""
        if self._files is None or slug not in self.decks or PRINT_FILE not in self.decks[slug].generated:
            return None
        file = self._files.get_file_from_path(f"{slug}/{PRINT_FILE}")
        return file.url if file is not None else None

    # -- Markdown ------------------------------------------------------------

    def take_notes(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        """Return a slide's Markdown without its presenter notes, keeping the notes as HTML."""
        src_uri = page.file.src_uri
        if src_uri not in self._slides:
            return markdown
        markdown, notes = split_notes(markdown)
        if notes and self.include_notes:
            renderer = self._renderer(config)
            self._notes[src_uri] = "\n".join(renderer.reset().convert(block.markdown) for block in notes)
        # The slide frame is the page; its table of contents would only take width from it.
        hidden = page.meta.get("hide")
        hidden = list(hidden) if isinstance(hidden, list) else []
        if "toc" not in hidden:
            page.meta["hide"] = hidden + ["toc"]
        return markdown

    def _renderer(self, config: MkDocsConfig) -> python_markdown.Markdown:
        # NOTE: notes are rendered with the site's Markdown extensions but without MkDocs' link
        # rewriting, so a link to another page in notes keeps its `.md` target.
        if self._notes_renderer is None:
            self._notes_renderer = python_markdown.Markdown(
                extensions=config.markdown_extensions, extension_configs=config.mdx_configs,
            )
        return self._notes_renderer

    def is_slide(self, page: Page) -> bool:
        """Tell whether a page is a slide of one of the decks."""
        return page.file.src_uri in self._slides

    def lay_out(self, html: str, page: Page) -> str:
        """Return a job slide's HTML with each section wrapped, for the slide's two-column layout."""
        entry = self._slides.get(page.file.src_uri)
        if entry is None or entry[1].kind != "job":
            return html
        return group_sections(html, job_section_name)

    # -- template context ----------------------------------------------------

    def page_context(self, context: dict, page: Page) -> dict:
        """Add `jdd_slide` to a slide page's context, or `jdd_print` to a print view's."""
        src_uri = page.file.src_uri
        if src_uri in self._slides:
            deck, ref = self._slides[src_uri]
            context["jdd_slide"] = self._single_slide(deck, ref, page)
            context["jdd_labels"] = self.labels
            return context
        slug, _, name = src_uri.partition("/")
        if name == PRINT_FILE and slug in self.decks and PRINT_FILE in self.decks[slug].generated:
            context["jdd_print"] = self._print_view(self.decks[slug], page)
            context["jdd_labels"] = self.labels
        return context

    def _slide_data(self, deck: _Deck, ref: SlideRef) -> dict:
        jdd = deck.jdd
        generated = ref.rel in deck.generated
        return {
            "slug": jdd.slug,
            "index": ref.index,
            "count": len(deck.slides),
            "kind": ref.kind,
            "anchor": slide_anchor(ref.index),
            "number": self.labels["slide_number"].format(index=ref.index, count=len(deck.slides)),
            "customer": jdd.cover.customer or "",
            "title": _deck_title(jdd),
            "status": jdd.cover.status or "",
            "status_label": STATUS_LABELS.get(jdd.cover.status or "", jdd.cover.status or ""),
            "mark": confidentiality_mark(jdd, self.audience, self.labels),
            "revision": self._revision_text(jdd.slug),
            # The source file to shorten when the slide overflows, relative to the docs folder.
            "source": "" if generated else f"{jdd.slug}/{ref.rel}",
            "generated": generated,
        }

    def _single_slide(self, deck: _Deck, ref: SlideRef, page: Page) -> dict:
        data = self._slide_data(deck, ref)
        position = ref.index - 1
        data.update(
            content=page.content or "",
            page_title=page.title or "",
            first_url=self._url(deck, deck.slides[0]) if position > 0 else None,
            previous_url=self._url(deck, deck.slides[position - 1]) if position > 0 else None,
            next_url=self._url(deck, deck.slides[position + 1]) if position + 1 < len(deck.slides) else None,
            last_url=self._url(deck, deck.slides[-1]) if position + 1 < len(deck.slides) else None,
            print_url=self.print_url(deck.jdd.slug),
            pdf_url=self.pdf_urls.get(deck.jdd.slug),
            notes=self._notes.get(page.file.src_uri, ""),
            include_notes=self.include_notes,
        )
        return data

    def _print_view(self, deck: _Deck, page: Page) -> dict:
        slug = deck.jdd.slug
        pages = {ref.rel: self._page(slug, ref.rel) for ref in deck.slides}
        indexes = {slide_page.url: ref.index for ref in deck.slides
                   if (slide_page := pages[ref.rel]) is not None}
        slides = []
        for ref in deck.slides:
            slide_page = pages[ref.rel]
            if slide_page is None or slide_page.content is None:
                # Only `mkdocs build --dirty` leaves a page unrendered; the print view then lacks it.
                log.warning(f"{slug}/{PRINT_FILE}: slide {ref.index} ({slug}/{ref.rel}) was not rendered "
                            "in this build, so the print view leaves it out; build without --dirty")
                continue
            data = self._slide_data(deck, ref)
            data["page_title"] = slide_page.title or ""
            data["content"] = print_slide_html(
                slide_page.content, index=ref.index, source_url=slide_page.url, target_url=page.url,
                slide_indexes=indexes,
            )
            slides.append(data)
        return {
            "slug": slug,
            "title": _deck_title(deck.jdd),
            "customer": deck.jdd.cover.customer or "",
            "slides": slides,
            "count": len(deck.slides),
            "back_url": self._url(deck, deck.slides[0]) if deck.slides else None,
            "hint": self.labels["print_hint"].format(slug=slug),
        }

    def _page(self, slug: str, rel: str) -> Page | None:
        file = self._files.get_file_from_path(f"{slug}/{rel}") if self._files is not None else None
        return file.page if file is not None else None

    def _url(self, deck: _Deck, ref: SlideRef) -> str | None:
        file = self._files.get_file_from_path(f"{deck.jdd.slug}/{ref.rel}") if self._files is not None else None
        return file.url if file is not None else None

    def _revision_text(self, slug: str) -> str:
        revision = self.revisions.get(slug)
        if revision is None or not revision.commit or revision.date is None:
            return ""
        label = self.labels["revision_modified" if revision.uncommitted else "revision"]
        return label.format(commit=revision.commit, date=revision.date.isoformat())


def labels_script(labels: dict[str, str]) -> str:
    """Return the script that gives jdd-slides.js its labels (`window.jddLabels`)."""
    # JSON is JavaScript; "<" is escaped all the same, as a label could hold "</script>".
    text = json.dumps(labels, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f"/* The labels of jdd-slides.js, written by the jdd plugin from mkdocs.yml. */\nwindow.jddLabels = {text};\n"


def icon_stylesheet(theme_dirs: list[str], theme_icons: dict | None = None) -> str:
    """Return CSS that gives each `.jdd-icon--NAME` its drawing as a mask image.

    The names are those of TOOLBAR_ICONS and of THEME_ICONS. `theme_icons` is the theme's `icon`
    option, which may name other icons for the latter. The logo keeps its drawing's proportions.
    """
    rules = ["/* The slide toolbar's icons and the theme's logo, repository and page action icons, "
             "written by the jdd plugin from the theme's icon set. */"]
    for name in TOOLBAR_ICONS:
        svg = _theme_icon(theme_dirs, f"material/{name}.svg")
        if svg is None:
            log.warning(f"the theme has no icon material/{name}.svg; its slide toolbar button shows no icon")
            rules.append(f".jdd-icon--{name}{{visibility:hidden}}")
            continue
        rules.append(_mask_rule(name, svg))
    for name, default in THEME_ICONS.items():
        icon = (theme_icons or {}).get(name) or default
        svg = _theme_icon(theme_dirs, f"{icon}.svg") if isinstance(icon, str) else None
        if svg is None:
            log.warning(f"mkdocs.yml theme.icon.{name}: icon {icon}.svg not found in the theme, so pages show "
                        f"no {name} icon; name one of the theme's icons, such as {default}")
            # Without a mask, the element would show as a square of the text colour.
            rules.append(f".jdd-icon--{name}{{visibility:hidden}}")
            continue
        rules.append(_mask_rule(name, svg, ratio=name == "logo"))
    return "\n".join(rules) + "\n"


_VIEW_BOX_RE = re.compile(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')


def _mask_rule(name: str, svg: str, ratio: bool = False) -> str:
    rule = f'--jdd-icon:url("data:image/svg+xml;charset=utf-8,{quote(svg)}")'
    box = _VIEW_BOX_RE.search(svg) if ratio else None
    if box is not None and float(box.group(2)) > 0:
        rule += f";--jdd-icon-ratio:{box.group(1)} / {box.group(2)}"
    return f".jdd-icon--{name}{{{rule}}}"


def _theme_icon(theme_dirs: list[str], name: str) -> str | None:
    """Return the drawing of an icon of the theme's icon sets, or None when there is no such readable icon."""
    parts = name.split("/")
    if name.startswith("/") or ".." in parts or "" in parts:
        return None
    for folder in theme_dirs:
        path = Path(folder) / ".icons" / name
        if path.is_file():
            try:
                return " ".join(path.read_text(encoding="utf-8").split())
            except (OSError, UnicodeDecodeError) as exc:
                log.warning(f"{path}: failed to read the icon as UTF-8 ({exc}), so it is not shown; "
                            "save the file as UTF-8")
                return None
    return None


def _front_matter(data: dict) -> str:
    """Return the front matter block of a generated page, followed by the blank line before its body."""
    return "---\n" + _yaml_flow(data) + "\n---\n\n"


def _yaml_flow(data: dict) -> str:
    """Return `data` as one line of YAML: JSON, which is YAML's flow style, and far quicker to write.

    YAML reads U+0085, U+2028 and U+2029 as line breaks even inside quotes, so they are escaped.
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _deck_title(jdd: Jdd) -> str:
    return jdd.cover.title or jdd.slug


def _markdown_text(text: str) -> str:
    """Escape text for a Markdown heading line, so it renders as written."""
    return html.escape(" ".join(text.split()), quote=False).replace("*", "\\*").replace("_", "\\_") \
        .replace("`", "\\`").replace("[", "\\[")


def _reserved_name_message(src_uri: str, name: str) -> str:
    if name == NEXT_STEPS_FILE:
        return (f"{src_uri}: the site generates the next-steps slide from the job pages' Next Steps at this "
                "path, so this page replaces that summary; delete it to get the generated summary back, "
                "or rename it to keep both")
    return (f"{src_uri}: the site generates the JDD's print view at this path, so there is no print view "
            "and jdd pdf cannot print this JDD; rename the page")
