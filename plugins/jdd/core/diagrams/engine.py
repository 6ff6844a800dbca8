"""One headless Chromium page with the pinned mermaid, for parsing and drawing diagrams.

The page is started on first use and serves the whole run, so a check or
build with every diagram in the cache never starts a browser. It loads
mermaid from the installed file and aborts every network request.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from typing import Any

from ..browser import BrowserNotFound, find_browser, launched_browser
from .mermaid import MermaidInstall

log = logging.getLogger(__name__)

#: Functions defined in the page. `jddRender` moves the SVG's <style> text and
#: its style attributes out of the SVG (to class rules the site serves as a
#: stylesheet), so the drawings display under a `default-src 'self'` Content
#: Security Policy, which ignores inline styles.
_PAGE_HELPERS = r"""
(() => {
  const describe = (error) => {
    const hash = error && error.hash ? {
      token: error.hash.token, text: error.hash.text, expected: error.hash.expected,
      loc: error.hash.loc, line: error.hash.line,
    } : null;
    return { name: (error && error.name) || "", message: String((error && error.message) || error), hash };
  };

  window.jddParse = async (sources, settings) => {
    mermaid.initialize(settings);
    const results = [];
    for (const source of sources) {
      try {
        const parsed = await mermaid.parse(source);
        results.push({ ok: true, type: (parsed && parsed.diagramType) || null });
      } catch (error) {
        results.push({ ok: false, error: describe(error) });
      }
    }
    return results;
  };

  const extract = (svgText) => {
    const holder = document.createElement("div");
    holder.innerHTML = svgText;
    const root = holder.querySelector("svg");

    const css = [];
    for (const style of Array.from(root.querySelectorAll("style"))) {
      css.push(style.textContent);
      style.remove();
    }
    const inline = [];
    const numbers = new Map();
    for (const element of Array.from(root.querySelectorAll("[style]"))) {
      const declarations = [];
      for (let index = 0; index < element.style.length; index++) {
        const name = element.style[index];
        declarations.push(name + ":" + element.style.getPropertyValue(name) + " !important");
      }
      element.removeAttribute("style");
      if (!declarations.length) continue;
      const text = declarations.join(";");
      if (!numbers.has(text)) {
        numbers.set(text, inline.length);
        inline.push(text);
      }
      element.classList.add("__jddinline" + numbers.get(text) + "__");
    }

    // Mermaid defines every arrow head and shadow filter of a diagram type in each drawing
    // (a flowchart carries twelve markers); only those an element or a style rule points at
    // are kept. data-points repeats each edge's path as base64 JSON for mermaid's own tools;
    // no style rule reads it.
    const referenced = new Set();
    const text = root.outerHTML + "\n" + css.join("\n");
    for (const match of text.matchAll(/url\(\s*["']?#([^)"'\s]+)|href="#([^"]+)"/g)) {
      referenced.add(match[1] || match[2]);
    }
    for (const element of Array.from(root.querySelectorAll("marker[id], filter[id]"))) {
      if (!referenced.has(element.id)) element.remove();
    }
    for (const defs of Array.from(root.querySelectorAll("defs"))) {
      if (!defs.children.length) defs.remove();
    }
    for (const element of Array.from(root.querySelectorAll("[data-points]"))) {
      element.removeAttribute("data-points");
    }
    // Empty edge labels, the unsized background rectangles drawn for them and bare <rect>s
    // draw nothing.
    for (const label of Array.from(root.querySelectorAll("g.edgeLabel"))) {
      if (!label.textContent.trim() && !label.querySelector("foreignObject, image, path, rect[width]")) {
        label.remove();
      }
    }
    for (const rect of Array.from(root.querySelectorAll("rect"))) {
      const bare = !rect.attributes.length;
      const unsized = rect.matches("rect.background") && !rect.hasAttribute("width");
      if (!bare && !unsized) continue;
      const parent = rect.parentElement;
      rect.remove();
      if (parent && parent.tagName === "g" && !parent.attributes.length && !parent.children.length) parent.remove();
    }
    // Mermaid wraps each word of a label in a <tspan>; neighbours with the same attributes
    // and no position of their own are merged, and the text flows as before.
    const positioned = ["x", "y", "dx", "dy", "rotate"];
    const sameAttributes = (first, second) => first.attributes.length === second.attributes.length
      && Array.from(first.attributes).every((item) => second.getAttribute(item.name) === item.value)
      && !positioned.some((name) => first.hasAttribute(name));
    for (const outer of Array.from(root.querySelectorAll("tspan"))) {
      let previous = null;
      for (const inner of Array.from(outer.children)) {
        if (previous && inner.tagName === "tspan" && !inner.children.length && sameAttributes(previous, inner)) {
          previous.textContent += inner.textContent;
          inner.remove();
        } else {
          previous = inner.tagName === "tspan" && !inner.children.length ? inner : null;
        }
      }
    }

    const box = root.viewBox && root.viewBox.baseVal;
    root.removeAttribute("style");
    if (box && box.width && box.height) {
      root.setAttribute("width", String(Math.ceil(box.width)));
      root.setAttribute("height", String(Math.ceil(box.height)));
    }
    root.classList.add("__jddstyle__");
    return { svg: root.outerHTML, css, inline, foreignObject: !!root.querySelector("foreignObject") };
  };

  window.jddRender = async (items, settings) => {
    const results = [];
    for (const item of items) {
      mermaid.initialize(Object.assign({}, settings, { theme: item.theme }));
      try {
        const { svg } = await mermaid.render(item.id, item.source);
        results.push(Object.assign({ ok: true }, extract(svg)));
      } catch (error) {
        results.push({ ok: false, error: describe(error) });
      }
      document.body.replaceChildren();
    }
    return results;
  };
})();
"""


class BrowserUnavailable(Exception):
    """No browser could be started; the message gives the reason and how to get one."""


class MermaidSession:
    """A Chromium page with mermaid loaded, started on first use and closed with `close()`."""

    #: Browsers started by all sessions of this process (tests read it).
    launches = 0

    def __init__(self, install: MermaidInstall, browser: str | None = None) -> None:
        self.install = install
        self.browser = browser
        self._stack: contextlib.ExitStack | None = None
        self._page = None
        self._failure: str | None = None
        #: True once this session has started its browser, also after `close()`.
        self.started = False

    def start(self) -> None:
        """Start the browser and load mermaid, or raise BrowserUnavailable."""
        if self._page is not None:
            return
        if self._failure is not None:
            raise BrowserUnavailable(self._failure)
        try:
            choice = find_browser(self.browser)
        except BrowserNotFound as exc:
            self._failure = str(exc)
            raise BrowserUnavailable(self._failure) from exc

        stack = contextlib.ExitStack()
        try:
            browser = stack.enter_context(launched_browser(choice))
            MermaidSession.launches += 1
            context = browser.new_context(offline=True)
            page = context.new_page()
            page.route("**/*", lambda route: route.abort())
            page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
            page.add_script_tag(path=str(self.install.script))
            page.evaluate(_PAGE_HELPERS)
        except Exception as exc:  # Playwright raises its own Error for every launch and page failure.
            stack.close()
            where = choice.executable or "Playwright's Chromium"
            self._failure = f"the browser '{where}' ({choice.source}) failed to start: {str(exc).splitlines()[0]}"
            raise BrowserUnavailable(self._failure) from exc
        self._stack = stack
        self._page = page
        self.started = True
        log.debug("started %s with mermaid %s", choice.source, self.install.version)

    def parse(self, sources: list[str], settings: dict[str, Any]) -> list[dict[str, Any]]:
        """Return mermaid's verdict for each source: {"ok": True} or {"ok": False, "error": {...}}."""
        if not sources:
            return []
        self.start()
        return self._page.evaluate("([sources, settings]) => jddParse(sources, settings)", [sources, settings])

    def render(self, items: list[tuple[str, str, str]], settings: dict[str, Any]) -> list[dict[str, Any]]:
        """Draw each (render id, source, theme); return {"ok": True, "svg", "rules"} or {"ok": False, "error"}."""
        if not items:
            return []
        self.start()
        payload = [{"id": render_id, "source": source, "theme": theme} for render_id, source, theme in items]
        raw = self._page.evaluate("([items, settings]) => jddRender(items, settings)", [payload, settings])
        return [finish_drawing(result, render_id) for result, (render_id, _, _) in zip(raw, items)]

    def close(self) -> None:
        stack, self._stack, self._page = self._stack, None, None
        if stack is not None:
            stack.close()


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def finish_drawing(result: dict[str, Any], render_id: str) -> dict[str, Any]:
    """Name the style classes of a drawing after their content, so equal styles share one rule.

    Mermaid scopes its CSS with the SVG's id, and a few rules point at
    elements inside the SVG (`url(#<id>-gradient)`). Both become names
    derived from the CSS itself, and those elements are renamed to match.
    """
    if not result.get("ok"):
        return result
    reference = re.compile(rf"#{re.escape(render_id)}([\w-]*)")
    css = "\n".join(result["css"])
    suffixes = sorted({match.group(1) for match in reference.finditer(css) if match.group(1)}, key=len, reverse=True)
    scoped = reference.sub(lambda match: "#__JDD_ID__" + match.group(1), css)
    style_class = "jdd-m-" + _short_hash(scoped)
    rules = {style_class: re.sub(
        r"#__JDD_ID__([\w-]*)",
        lambda match: f"#{style_class}{match.group(1)}" if match.group(1) else f".{style_class}",
        scoped,
    )}

    svg = result["svg"].replace("__jddstyle__", style_class)
    # NOTE: two drawings with the same styles on one page then share these element ids. The
    # elements are identical, and only mermaid's "neo" look uses them.
    for suffix in suffixes:
        svg = svg.replace(f"{render_id}{suffix}", f"{style_class}{suffix}")
    for number, declarations in enumerate(result["inline"]):
        inline_class = "jdd-s-" + _short_hash(declarations)
        rules[inline_class] = f".{inline_class}{{{declarations}}}"
        svg = svg.replace(f"__jddinline{number}__", inline_class)
    return {"ok": True, "svg": svg, "rules": rules, "foreignObject": bool(result.get("foreignObject"))}
