"""The `jdd` MkDocs plugin: checks every JDD during the build and lays out the site.

Severity policy: a finding the site can still be built with is logged as a
warning on `mkdocs.plugins.jdd` (so `mkdocs build --strict` fails on it);
errors stop the build with one `PluginError` that lists every one of them,
without a traceback.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.check import ConfigError, rule_config, run_check
from ..core.diagrams.cache import default_cache_dir
from ..core.deck import merged_labels
from ..core.findings import sort_findings
from ..core.htmlcompact import collapse_whitespace
from ..core.loader import load_portfolio
from ..core.markdown import ParsedMarkdown
from ..core.model import COVER_FILE, Jdd, Portfolio
from ..core.render import cover_details, internal_page_notice
from ..core.sources import OutsideCheck, is_utf8_name, shown_name
from . import pages as site_pages
from . import diagrams as site_diagrams
from . import slides as site_slides
from .audience import CUSTOMER, INTERNAL, CustomerFilter, resolve_audience
from .config import JddConfig
from .navigation import PerJddNavigation, slide_navigation, writes_slide_navigation
from .reporting import log_findings

log = get_plugin_logger("jdd")

#: Comma-separated slugs of the JDDs to build alone, as set by `jdd serve SLUG`.
ONLY_ENV = "JDD_ONLY"

_H1_RE = re.compile(r"^(#[ \t]+.*|.+\n=+[ \t]*)$", re.MULTILINE)


class JddPlugin(BasePlugin[JddConfig]):
    def __init__(self) -> None:
        self.portfolio: Portfolio | None = None
        self.navigation: PerJddNavigation | None = None
        #: Whether slides get the navigation the plugin writes (`jdd_nav`) instead of the theme's.
        self.slide_navigation = False
        self.only: set[str] = set()
        self.project_root: Path = Path.cwd()
        self.facts: site_pages.SiteFacts | None = None
        self.html_blocks = site_pages.HtmlBlocks()
        self.slides: site_slides.SlideDecks | None = None
        self.diagrams: site_diagrams.SiteDiagrams | None = None
        self.audience: str = INTERNAL
        self.customer_filter: CustomerFilter | None = None
        #: PDF of each JDD (by slug) that the slides link to, as a URL relative to the site root;
        #: `jdd export` sets it before the build, because it prints the PDF after it.
        self.pdf_urls: dict[str, str] = {}

    # Runs first among the plugin's hooks: the model decides the navigation, and a JDD
    # with errors must stop the build before any page is rendered.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.project_root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.audience = resolve_audience(self.config.audience)
        try:
            rules = rule_config({
                "rules": self.config.rules,
                "vocabulary": self.config.vocabulary,
                "word_budgets": self.config.word_budgets,
            })
        except ConfigError as exc:
            raise PluginError(f"jdd: invalid plugin option: {exc}") from exc

        self.only = set(self.config.only) | {slug for slug in os.environ.get(ONLY_ENV, "").split(",") if slug}
        self.portfolio = load_portfolio(Path(config.docs_dir), only=self.only or None)
        if self.only:
            missing = self.only - {jdd.slug for jdd in self.portfolio.jdds}
            if missing:
                raise PluginError(f"jdd: no JDD folder named {', '.join(sorted(missing))} in {config.docs_dir}")
            log.info(f"previewing only {', '.join(sorted(self.only))}; other JDDs are left out of this build")
        # Diagrams are checked (and drawn, with a browser) in the same pass, so a broken one stops
        # the build here with its file and line.
        self.diagrams = site_diagrams.SiteDiagrams(self.project_root, Path(config.docs_dir), rules,
                                                   self.config.diagram_browser)
        self.diagrams.add_assets_to_config(config)
        if site_slides.ICONS_URI not in config.extra_css:
            config.extra_css.append(site_slides.ICONS_URI)
        if site_slides.LABELS_URI not in config.extra_javascript:
            config.extra_javascript.append(site_slides.LABELS_URI)
        checked = run_check(self.portfolio, rules, cache_dir=default_cache_dir(self.project_root))
        findings = checked.findings + self.diagrams.check_portfolio(self.portfolio)
        self._report(sort_findings(findings))
        if self.audience == CUSTOMER:
            # After the check, which reads every page; from here on the model has no internal page.
            self.customer_filter = CustomerFilter(self.portfolio)
            log.info("building for the customer audience: internal content is left out")

        if self.config.navigation and not config.nav:
            config.nav = self._navigation(Path(config.docs_dir))
        self.slide_navigation = self.config.slide_navigation and \
            writes_slide_navigation(list(config.theme.get("features") or []))
        return config

    def _report(self, findings) -> None:
        errors = log_findings(findings, self.project_root, log)
        if errors:
            count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
            raise PluginError(f"jdd: {count} in the JDDs; fix them and build again:\n" + "\n".join(errors))

    def _navigation(self, docs_dir: Path) -> list:
        """List the portfolio, each JDD's pages in slide order, then the other pages."""
        nav: list = []
        if (docs_dir / "index.md").is_file():
            nav.append({"Portfolio": "index.md"})
        nav.extend(site_pages.navigation_entries(self.config.capability_rollup, self.config.next_steps_page))
        in_jdds: set[str] = set()
        for jdd in self.portfolio.jdds:
            pages = [f"{jdd.slug}/{rel}" for rel in jdd.slide_order()]
            in_jdds.update(f"{jdd.slug}/{rel}" for rel in jdd.pages)
            nav.append({_nav_title(jdd): pages})

        others: dict[str, list[str]] = {}
        for rel in _pages_outside_jdds(docs_dir, self.portfolio.all_slugs):
            if rel == "index.md" or rel in in_jdds:
                continue
            folder = rel.split("/", 1)[0] if "/" in rel else ""
            others.setdefault(folder, []).append(rel)
        for folder, pages in others.items():
            pages.sort(key=lambda rel: (not rel.endswith("/index.md"), rel))
            if folder:
                nav.append({folder.replace("-", " ").capitalize(): pages})
            else:
                nav.extend(pages)
        return nav

    # With this global set, the templates in overrides/ show the theme's icons as masks from the
    # icon stylesheet (site_slides.ICONS_URI), which on_config adds to every page.
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.config.enabled:
            env.globals["jdd_icon_masks"] = True
        return env

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.config.enabled and self.portfolio is not None:
            self.navigation = PerJddNavigation(nav, {jdd.slug for jdd in self.portfolio.jdds})
        return nav

    # Every page-context feature of the plugin is applied here, one call per feature.
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict | None:
        if not self.config.enabled or self.navigation is None:
            return context
        context["nav"] = self.navigation.for_page(page)
        if self.slide_navigation and self.slides is not None and self.slides.is_slide(page):
            context["jdd_nav"] = slide_navigation(context["nav"], page)
        if self.facts is not None:
            context["jdd_last_update"] = site_pages.last_update_context(page, self.facts, self.portfolio,
                                                                           self.config.portfolio)
        if self.slides is not None:
            context = self.slides.page_context(context, page)
        return context

    # Runs before any page is read: a page that is a symbolic link out of the docs folder
    # must never be read into the site, whatever the rules' settings.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        docs_dir = os.path.abspath(config.docs_dir)
        outside = OutsideCheck(Path(docs_dir))
        if self.only:
            # A preview of some JDDs leaves every other JDD's files out, so rebuilds stay small.
            others = self.portfolio.all_slugs - self.only
            for file in list(files):
                if file.src_uri.split("/", 1)[0] in others:
                    files.remove(file)
        for file in list(files):
            if not is_utf8_name(file.src_uri):
                # MkDocs cannot make a URL of such a name; a JDD's own files are JDD117 errors already.
                files.remove(file)
                log.warning(f"{shown_name(file.src_uri)}: the file name is not valid UTF-8, so it is not published; "
                            "rename it with UTF-8 characters (\\xNN marks each invalid byte)")
                continue
            # Theme files live outside the docs folder by design: only pages found in it count.
            source = os.path.abspath(file.abs_src_path or "")
            if source.startswith(docs_dir + os.sep) and outside.is_outside(source):
                files.remove(file)
                log.warning(f"{file.src_uri}: a symbolic link to a file outside the docs folder; not published")
        if self.customer_filter is not None:
            self.customer_filter.remove_internal_files(files)

        self.facts = site_pages.SiteFacts(Path(config.docs_dir), self.config.git_revisions)
        site_pages.add_generated_pages(files, config, self.portfolio, self.facts,
                                       self.config.capability_rollup, self.config.next_steps_page, self.html_blocks)
        try:
            labels = merged_labels(config.extra.get("jdd_labels"))
        except ValueError as exc:
            raise PluginError(f"jdd: mkdocs.yml extra.jdd_labels: {exc}") from exc
        self.slides = site_slides.SlideDecks(self.portfolio, labels, self.facts.revisions,
                                             audience=self.audience, include_notes=self.audience == INTERNAL)
        self.slides.pdf_urls = dict(self.pdf_urls)
        self.slides.add_generated_files(files, config)
        self.diagrams.add_files(files, config)
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return html
        html = self.html_blocks.restore(html, page.file.src_uri)
        # The slide layout scans the HTML while each diagram is still a one-word placeholder
        # paragraph, so the scan never reads the inline SVG drawings.
        if self.slides is not None:
            html = self.slides.lay_out(html, page)
        if self.diagrams is not None:
            html = self.diagrams.insert_drawings(html, page)
        return html

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.portfolio is None:
            return markdown
        # Here, because MkDocs writes sitemap.xml after reading every page and before rendering any.
        if self.facts is not None:
            site_pages.set_update_date(page, self.facts, self.portfolio, self.config.portfolio)
        src = page.file.src_uri
        if self.customer_filter is not None:
            # First, so no later step (notes, diagrams, the cover) is given internal content.
            markdown = self.customer_filter.strip(markdown)
        elif page.meta.get("jdd_internal") is True:
            markdown = _insert_after_title(markdown, internal_page_notice())
        if self.slides is not None:
            markdown = self.slides.take_notes(markdown, page, config)
        if self.diagrams is not None:
            markdown = self.diagrams.replace_fences(markdown, page, self._loaded_parse(src, markdown))
        if src == "index.md" and self.config.portfolio:
            return site_pages.portfolio_markdown(markdown, page, files, self.portfolio, self.facts,
                                                 self.html_blocks)

        jdd = self._jdd_of(src)
        if jdd is not None and src == f"{jdd.slug}/{COVER_FILE}":
            revision = self.facts.revision_text(jdd.slug) if self.facts else None
            details = cover_details(jdd, internal=self.audience == INTERNAL, revision=revision)
            return _insert_after_title(markdown, details)
        return markdown

    # After the search plugin has indexed the page (in on_page_context), so it never parses an SVG.
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        if self.diagrams is not None:
            output = self.diagrams.insert_svgs(output)
        return collapse_whitespace(output) if self.config.compact_html else output

    # The 404 page and other theme templates get the navigation of the pages outside the JDDs.
    # The full navigation would make the 404 page grow with the portfolio.
    def on_template_context(self, context: dict, template_name: str, config: MkDocsConfig) -> dict | None:
        if self.config.enabled and self.navigation is not None and "nav" in context:
            context["nav"] = self.navigation.common
        return context

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str | None:
        if self.config.enabled and self.config.compact_html and template_name.endswith(".html"):
            return collapse_whitespace(output_content)
        return output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.diagrams is not None:
            self.diagrams.write_outputs(config)
            self.diagrams.close()

    # Closes the diagram browser when a build stops with an error (a failed check included).
    def on_build_error(self, error: Exception) -> None:
        if self.diagrams is not None:
            self.diagrams.close()

    def _loaded_parse(self, src: str, markdown: str) -> ParsedMarkdown | None:
        """Return the loader's parse of a JDD page when `markdown` is still the text it parsed."""
        jdd = self._jdd_of(src)
        loaded = jdd.pages.get(src.split("/", 1)[1]) if jdd is not None else None
        if loaded is None or loaded.markdown is None or loaded.source.text != markdown:
            return None
        return loaded.markdown

    def _jdd_of(self, src: str) -> Jdd | None:
        if "/" not in src:
            return None
        return self.portfolio.get(src.split("/", 1)[0])


def _pages_outside_jdds(docs_dir: Path, slugs: set[str]) -> list[str]:
    """List the Markdown pages of the docs folder outside every JDD folder, relative and sorted.

    The JDD folders are not walked at all (their pages come from the model), so a preview of one
    JDD does not read the file names of the whole portfolio. Hidden files and folders are skipped.
    """
    pages = []
    # Symbolic links to folders are followed, as MkDocs follows them when it collects the files.
    for folder, subfolders, names in os.walk(docs_dir, followlinks=True):
        relative = Path(folder).relative_to(docs_dir)
        subfolders[:] = [name for name in subfolders if not name.startswith(".")
                         and not (relative == Path(".") and name in slugs)]
        # A name that is not UTF-8 is left out of the site by on_files, so it gets no entry.
        pages += [(relative / name).as_posix() for name in names
                  if name.endswith(".md") and not name.startswith(".") and is_utf8_name(str(relative / name))]
    return sorted(pages, key=lambda rel: rel.split("/"))


def _nav_title(jdd: Jdd) -> str:
    # The section is named after the customer: its first entry, the cover, carries the JDD's
    # title. Material writes navigation titles into the HTML without escaping them, and these
    # come from front matter, so they are escaped here.
    title = jdd.cover.customer or jdd.cover.title or jdd.slug
    return html.escape(title, quote=False)


def _insert_after_title(markdown: str, html: str) -> str:
    match = _H1_RE.search(markdown)
    if match is None:
        return html + "\n\n" + markdown
    return markdown[: match.end()] + "\n\n" + html + "\n" + markdown[match.end():]
