"""Mermaid diagrams in the site: checked in `on_config`, drawn into each page, assets added.

Every ```` ```mermaid ```` block becomes a `<div class="jdd-diagram">`. With
a browser at build time it contains the diagram as inline SVG, which needs
no JavaScript. Otherwise it contains the source, and the page script draws
it with the site's own copy of mermaid.
No page ever contains `pre.mermaid`, the element Material for MkDocs (9.x)
looks for before loading mermaid from a CDN by itself.

Fences are swapped for a one-word placeholder paragraph in `on_page_markdown`
and the placeholder for the diagram's element in `on_page_content`, so a
diagram inside a content tab, an admonition or a list item keeps its place
without Markdown touching the SVG. The SVG itself goes into the finished
page in `on_post_page`: the search index and the slide layout never parse
it, and the print view, which copies the slides' content, numbers the
element ids of each copy apart.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..core.diagrams import (
    RENDER_SETTINGS,
    Diagram,
    DiagramOptions,
    DiagramService,
    diagrams_in_page,
    portfolio_diagrams,
    render_id,
    source_key,
)
from ..core.diagrams.mermaid import THEME_VARIANTS
from ..core.diagrams.pageform import page_form
from ..core.findings import Finding, Severity
from ..core.fingerprint import code_fingerprint
from ..core.frontmatter import parse_front_matter
from ..core.markdown import ParsedMarkdown, parse_markdown
from ..core.model import Jdd, Portfolio
from ..core.rules import RuleConfig, RuleContext
from .reporting import log_findings

log = get_plugin_logger("jdd")

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT_URI = "assets/javascripts/jdd-diagrams.js"
STYLESHEET_URI = "assets/stylesheets/jdd-diagrams.css"
#: Written after the build: the style rules the inline SVG drawings use.
DRAWING_STYLES_URI = "assets/stylesheets/jdd-diagram-styles.css"
#: Copied only when some diagram is drawn in the reader's browser.
MERMAID_URI = "assets/javascripts/mermaid.min.js"


class SiteDiagrams:
    """The diagrams of one build; `close()` ends its browser session."""

    def __init__(self, project_root: Path, docs_dir: Path, rules: RuleConfig, browser: str | None) -> None:
        use_browser = (browser or "").strip().lower() not in ("none", "off")
        self.service = DiagramService(DiagramOptions(
            project_root=project_root, browser=browser if use_browser else None, use_browser=use_browser,
        ))
        self.project_root = project_root
        self.docs_dir = docs_dir
        self.rules = rules
        self.styles: dict[str, str] = {}
        self.client_side = False
        self._verified: set[str] = set()
        self._notice_logged = False
        self._placeholders: dict[str, dict[str, tuple[str, Diagram]]] = {}
        self._nonce = secrets.token_hex(6)
        #: (SVG, render id, variant) of each drawing a page refers to, for `insert_svgs`.
        self._svgs: dict[str, tuple[str, str, str]] = {}
        self._svg_marker = re.compile(rf"<!--jdd-svg {self._nonce} ([\w-]+)-->")

    # on_config ----------------------------------------------------------------

    def check_portfolio(self, portfolio: Portfolio) -> list[Finding]:
        """Check every diagram of the portfolio and draw the valid ones; return the findings."""
        pairs = portfolio_diagrams(portfolio)
        jdd_of = {(diagram.path, diagram.fence_line): jdd for jdd, diagram in pairs}
        findings = []
        for problem in self.service.check([diagram for _, diagram in pairs]):
            jdd = jdd_of[problem.diagram.path, problem.diagram.fence_line]
            finding = RuleContext(jdd=jdd, config=self.rules).finding(
                problem.code, Path(problem.diagram.path), problem.line, problem.column, problem.message)
            if finding is not None:
                findings.append(finding)

        failed = {Path(finding.path) for finding in findings if finding.severity is Severity.ERROR}
        valid = [diagram.text for _, diagram in pairs if Path(diagram.path) not in failed]
        self._verified.update(source_key(text) for text in valid)
        if valid and not any(finding.severity is Severity.ERROR for finding in findings):
            self.service.drawings(valid)
        self._log_state()
        return findings

    def add_assets_to_config(self, config: MkDocsConfig) -> None:
        for uri in (STYLESHEET_URI, DRAWING_STYLES_URI):
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        if SCRIPT_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT_URI)

    # on_files -----------------------------------------------------------------

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        for uri in (SCRIPT_URI, STYLESHEET_URI):
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(ASSETS / Path(uri).relative_to("assets"))))

    # on_page_markdown and on_page_content -------------------------------------

    def replace_fences(self, markdown: str, page: Page, parsed: ParsedMarkdown | None = None) -> str:
        """Swap each Mermaid block for a placeholder paragraph; check diagrams not checked yet.

        `parsed` is the loader's parse of exactly this text, when the caller has it.
        """
        # A Mermaid fence's info string names the language, so a page without the word has none.
        if "mermaid" not in markdown.lower():
            return markdown
        if parsed is None:
            parsed = parse_markdown(markdown)
        fences = [fence for fence in parsed.fences if fence.language == "mermaid"]
        if not fences:
            return markdown

        unchecked = [fence.content for fence in fences if source_key(fence.content) not in self._verified]
        if unchecked:
            self._check_page(page, markdown)

        lines = markdown.split("\n")
        placeholders: dict[str, tuple[str, Diagram]] = {}
        for number, fence in reversed(list(enumerate(fences))):
            opening = lines[fence.line - 1]
            indent = opening[: len(opening) - len(opening.lstrip(" \t"))]
            token = f"JDDDIAGRAM{self._nonce}X{number}"
            placeholders[token] = (fence.content, Diagram(path=Path(page.file.src_uri), fence_line=fence.line,
                                                          source=fence.content))
            lines[fence.line - 1:fence.end_line] = ["", indent + token, ""]
        self._placeholders[page.file.src_uri] = placeholders
        return "\n".join(lines)

    def insert_drawings(self, content: str, page: Page) -> str:
        """Replace the placeholders of a page with the diagrams' HTML."""
        placeholders = self._placeholders.pop(page.file.src_uri, {})
        if not placeholders:
            return content
        drawings = self.service.drawings(source for source, _ in placeholders.values())
        for token, (source, diagram) in sorted(placeholders.items(), key=lambda item: int(item[0].rsplit("X", 1)[1])):
            key = source_key(source)
            fragment = self._fragment(key, source, drawings.get(key), page, diagram)
            paragraph = f"<p>{token}</p>"
            content = content.replace(paragraph, fragment) if paragraph in content else content.replace(token, fragment)
        return content

    def _fragment(self, key: str, source: str, themes, page: Page, diagram: Diagram) -> str:
        if themes is None:
            self._log_state()
            if self.service.install is None:
                raise PluginError(f"jdd: {page.file.src_uri} has a Mermaid diagram, but {self.service.install_error}")
            self.client_side = True
            return client_fragment(source)

        markers = []
        for variant, theme in THEME_VARIANTS.items():
            drawing = themes[theme]
            if not drawing.get("ok"):
                error = (drawing.get("error") or {}).get("message", "").split("\n", 1)[0]
                raise PluginError(
                    f"jdd: {page.file.src_uri}:{diagram.fence_line + 1}: error JDD301 mermaid parsed the diagram "
                    f"but could not draw it in the '{theme}' theme: {error}; simplify the diagram or report it "
                    "with its source"
                )
            self.styles.update(drawing["rules"])
            name = f"{key}-{theme}"
            if name not in self._svgs:
                self._svgs[name] = (self._page_form(drawing), render_id(key, theme), variant)
            markers.append(f"<!--jdd-svg {self._nonce} {name}-->")
        return f'<div class="jdd-diagram jdd-diagram--static" data-jdd-diagram="static">{"".join(markers)}</div>'

    def _page_form(self, drawing: dict) -> str:
        """Return a drawing's page form, from the diagram cache when an earlier build stored it."""
        css = "\n".join(drawing["rules"].values())
        cache = self.service.cache
        if cache is None:
            return page_form(drawing["svg"], css)
        # The page form depends on the drawing, its style rules and the code of jdd.core.
        key_text = drawing["svg"] + "\0" + css
        stored = cache.get("pageform", key_text, code_fingerprint())
        if stored is not None and isinstance(stored.get("svg"), str):
            return stored["svg"]
        svg = page_form(drawing["svg"], css)
        cache.put("pageform", key_text, {"svg": svg}, code_fingerprint())
        return svg

    # on_post_page -------------------------------------------------------------

    def insert_svgs(self, output: str) -> str:
        """Replace the SVG markers of a finished page with the drawings.

        A diagram that occurs more than once on the page (the print view contains
        every slide) gets its own element ids from the second copy on.
        """
        if self._nonce not in output:
            return output
        seen: dict[str, int] = {}

        def drawing(match: re.Match) -> str:
            name = match.group(1)
            svg, base_id, variant = self._svgs[name]
            seen[name] = seen.get(name, 0) + 1
            return static_svg(svg, base_id, variant, seen[name])

        return self._svg_marker.sub(drawing, output)

    def _check_page(self, page: Page, markdown: str) -> None:
        """Check the diagrams of a page outside the JDDs (or a generated one); raise on errors."""
        if page.file.abs_src_path:
            path = Path(page.file.abs_src_path)
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
            parsed = parse_markdown(text, parse_front_matter(text).body_line)
        else:
            path = Path(page.file.src_uri)
            parsed = parse_markdown(markdown)
        context = RuleContext(jdd=Jdd(slug="", folder=self.docs_dir), config=self.rules)
        findings = [
            context.finding(problem.code, path, problem.line, problem.column, problem.message)
            for problem in self.service.check(diagrams_in_page(path, parsed))
        ]
        errors = log_findings([finding for finding in findings if finding is not None], self.project_root, log)
        self._log_state()
        if errors:
            raise PluginError("jdd: Mermaid diagrams in a page outside the JDDs do not parse; fix them and build "
                              "again:\n" + "\n".join(errors))
        self._verified.update(diagram.key for diagram in diagrams_in_page(path, parsed))

    def _log_state(self) -> None:
        notice = self.service.notice()
        if notice and not self._notice_logged:
            self._notice_logged = True
            if RuleContext(jdd=Jdd(slug="", folder=self.docs_dir), config=self.rules).severity("JDD303") is not None:
                log.info(f"JDD303 {notice}; the site draws them in the reader's browser instead")

    # on_post_build ------------------------------------------------------------

    def write_outputs(self, config: MkDocsConfig) -> None:
        """Write the drawings' stylesheet and, when needed, the site's copy of mermaid."""
        site_dir = Path(config.site_dir)
        styles = site_dir / DRAWING_STYLES_URI
        styles.parent.mkdir(parents=True, exist_ok=True)
        header = "/* Style rules of the diagrams drawn at build time, written by the jdd plugin. */\n"
        styles.write_text(header + "\n".join(self.styles[name] for name in sorted(self.styles)) + "\n",
                          encoding="utf-8")
        if self.client_side:
            target = site_dir / MERMAID_URI
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.service.install.script, target)
        log.info(f"diagrams: {self.service.summary()}")

    def close(self) -> None:
        self.service.close()


def static_svg(svg: str, base_id: str, variant: str, occurrence: int) -> str:
    """Mark a drawing as the light or dark variant; a repeated diagram gets its own element ids."""
    if occurrence > 1:
        svg = svg.replace(base_id, f"{base_id}-{occurrence}")
    root_end = svg.index(">")
    class_at = svg.find('class="', 0, root_end)
    classes = f"jdd-diagram__svg jdd-diagram__svg--{variant}"
    if class_at == -1:
        return svg.replace("<svg", f'<svg class="{classes}"', 1)
    position = class_at + len('class="')
    return svg[:position] + classes + " " + svg[position:]


def client_fragment(source: str) -> str:
    """Return the HTML of a diagram the page script draws: its source, shown as code without JavaScript."""
    settings = {"mermaid": RENDER_SETTINGS, "variants": THEME_VARIANTS}
    return (
        '<div class="jdd-diagram jdd-diagram--client" data-jdd-diagram="client" '
        f'data-jdd-settings="{html.escape(json.dumps(settings), quote=True)}" '
        f'data-jdd-source="{html.escape(source, quote=True)}">'
        f'<pre class="jdd-diagram__source"><code>{html.escape(source, quote=False)}</code></pre></div>'
    )
