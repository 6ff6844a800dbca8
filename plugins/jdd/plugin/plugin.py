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

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.check import ConfigError, rule_config, run_check
from ..core.findings import Severity
from ..core.loader import load_portfolio
from ..core.model import COVER_FILE, Jdd, Portfolio
from ..core.render import cover_details, portfolio_table
from ..core.sources import is_outside
from .config import JddConfig

log = get_plugin_logger("jdd")

_H1_RE = re.compile(r"^(#[ \t]+.*|.+\n=+[ \t]*)$", re.MULTILINE)


class JddPlugin(BasePlugin[JddConfig]):
    def __init__(self) -> None:
        self.portfolio: Portfolio | None = None
        self.project_root: Path = Path.cwd()

    # Runs first among the plugin's hooks: the model decides the navigation, and a JDD
    # with errors must stop the build before any page is rendered.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.project_root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        try:
            rules = rule_config({"rules": self.config.rules})
        except ConfigError as exc:
            raise PluginError(f"jdd: invalid plugin option: {exc}") from exc

        self.portfolio = load_portfolio(Path(config.docs_dir))
        self._report(run_check(self.portfolio, rules).findings)

        if self.config.navigation and not config.nav:
            config.nav = self._navigation(Path(config.docs_dir))
        return config

    def _report(self, findings) -> None:
        errors = []
        for finding in findings:
            line = finding.format(self.project_root)
            if finding.severity is Severity.ERROR:
                errors.append(line)
            elif finding.severity is Severity.WARNING:
                log.warning(line)
            else:
                log.info(line)
        if errors:
            count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
            raise PluginError(f"jdd: {count} in the JDDs; fix them and build again:\n" + "\n".join(errors))

    def _navigation(self, docs_dir: Path) -> list:
        """List the portfolio, each JDD's pages in slide order, then the other pages."""
        nav: list = []
        if (docs_dir / "index.md").is_file():
            nav.append({"Portfolio": "index.md"})
        in_jdds: set[str] = set()
        for jdd in self.portfolio.jdds:
            pages = [f"{jdd.slug}/{rel}" for rel in jdd.slide_order()]
            in_jdds.update(f"{jdd.slug}/{rel}" for rel in jdd.pages)
            nav.append({_nav_title(jdd): pages})

        others: dict[str, list[str]] = {}
        for path in sorted(docs_dir.rglob("*.md")):
            rel = path.relative_to(docs_dir).as_posix()
            if rel == "index.md" or rel in in_jdds or any(part.startswith(".") for part in path.parts):
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

    # Runs before any page is read: a page that is a symbolic link out of the docs folder
    # must never be read into the site, whatever the rules' settings.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        docs_dir = os.path.abspath(config.docs_dir)
        for file in list(files):
            # Theme files live outside the docs folder by design: only pages found in it count.
            source = os.path.abspath(file.abs_src_path or "")
            if source.startswith(docs_dir + os.sep) and is_outside(Path(source), Path(docs_dir)):
                files.remove(file)
                log.warning(f"{file.src_uri}: a symbolic link to a file outside the docs folder; not published")
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.portfolio is None:
            return markdown
        src = page.file.src_uri
        if src == "index.md" and self.config.portfolio:
            urls = {}
            for jdd in self.portfolio.jdds:
                file = files.get_file_from_path(f"{jdd.slug}/{COVER_FILE}")
                if file is not None:
                    urls[jdd.slug] = get_relative_url(file.url, page.url)
            return markdown.rstrip() + "\n\n" + portfolio_table(self.portfolio.jdds, urls) + "\n"

        jdd = self._jdd_of(src)
        if jdd is not None and src == f"{jdd.slug}/{COVER_FILE}":
            return _insert_after_title(markdown, cover_details(jdd, internal=True))
        return markdown

    def _jdd_of(self, src: str) -> Jdd | None:
        if "/" not in src:
            return None
        return self.portfolio.get(src.split("/", 1)[0])


def _nav_title(jdd: Jdd) -> str:
    # Material writes navigation titles into the HTML without escaping them, and these come
    # from front matter, so they are escaped here.
    title = f"{jdd.cover.customer}: {jdd.cover.title}" if jdd.cover.customer and jdd.cover.title else jdd.slug
    return html.escape(title, quote=False)


def _insert_after_title(markdown: str, html: str) -> str:
    match = _H1_RE.search(markdown)
    if match is None:
        return html + "\n\n" + markdown
    return markdown[: match.end()] + "\n\n" + html + "\n" + markdown[match.end():]
