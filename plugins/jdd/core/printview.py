"""The print view's HTML: the rendered slides of one JDD moved onto one page.

Each slide's HTML was rendered for its own page. Before it goes on the print
page, its relative links are rebased and links to other slides of the deck
become links inside the page. Its element ids get a per-slide prefix, because
every job slide has a "description" heading. Collapsed details are opened so
that print shows their content, and headings lose their permalink anchors,
which paper cannot follow. SVG elements are left as they are, because a
diagram carries its own ids and styles that refer to them.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

_SVG_RE = re.compile(r"<svg\b.*?</svg\s*>", re.IGNORECASE | re.DOTALL)
# The literal comes first and the check that no name character precedes it second, which lets
# the regex engine look for `id="` quickly instead of testing the lookbehind at every offset.
_ID_RE = re.compile(r'id="(?<![\w-]id=")([^"]+)"')
#: Every attribute this module rewrites, found in one pass. The rewrite skips a match that ends a longer
#: name, such as data-id.
_ATTRIBUTE_RE = re.compile(r'(id|for|aria-controls|aria-labelledby|aria-describedby|name|href|src)="([^"]*)"')
_REFERENCES = {"for", "aria-controls", "aria-labelledby", "aria-describedby"}
_DETAILS_RE = re.compile(r"<details\b(?![^>]*\sopen\b)", re.IGNORECASE)
_PERMALINK_RE = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>[^<]*</a>')
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def slide_anchor(index: int) -> str:
    """Return the id of slide `index` (from 1) on the print page."""
    return f"jdd-slide-{index}"


def id_prefix(index: int) -> str:
    return f"jdd-s{index}-"


def print_slide_html(html: str, *, index: int, source_url: str, target_url: str,
                     slide_indexes: dict[str, int]) -> str:
    """Return a slide's HTML ready for the print page.

    `source_url` is the slide page's URL and `target_url` the print page's, both
    relative to the site root as MkDocs writes them ("acme/jobs/x/"), and
    `slide_indexes` maps the URL of every slide of the deck to its index.
    """
    prefix = id_prefix(index)
    parts = _split_svg(html)
    ids: set[str] = set()
    for text, is_svg in parts:
        if not is_svg:
            ids.update(_ID_RE.findall(text))

    out = []
    for text, is_svg in parts:
        if is_svg:
            out.append(text)
            continue
        text = _PERMALINK_RE.sub("", text)

        def rewrite(match: re.Match, text: str = text) -> str:
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                return match.group(0)
            name, value = match.group(1), match.group(2)
            if name == "id":
                value = prefix + value if value else value
            elif name in _REFERENCES:
                value = _prefix_each(value, prefix, ids) if value else value
            elif name == "name":
                value = prefix + value if value.startswith("__tabbed_") else value
            else:
                value = _rebase(value, prefix, ids, source_url, target_url, slide_indexes)
            return f'{name}="{value}"'

        text = _ATTRIBUTE_RE.sub(rewrite, text)
        text = _DETAILS_RE.sub("<details open", text)
        out.append(text)
    return "".join(out)


def _split_svg(html: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _SVG_RE.finditer(html):
        parts.append((html[position:match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    parts.append((html[position:], False))
    return parts


def _prefix_each(value: str, prefix: str, ids: set[str]) -> str:
    return " ".join(prefix + token if token in ids else token for token in value.split())


def _rebase(url: str, prefix: str, ids: set[str], source_url: str, target_url: str,
            slide_indexes: dict[str, int]) -> str:
    if not url:
        return url
    if url.startswith("#"):
        fragment = url[1:]
        return f"#{prefix}{fragment}" if fragment in ids else url
    if _SCHEME_RE.match(url) or url.startswith(("/", "\\")):
        return url

    parts = urlsplit(url)
    resolved = _join(source_url, parts.path)
    if resolved in slide_indexes:
        # A link to another slide of the deck leads to that slide on the print page.
        index = slide_indexes[resolved]
        return f"#{id_prefix(index)}{parts.fragment}" if parts.fragment else f"#{slide_anchor(index)}"

    relative = _relative(resolved, target_url)
    if parts.query:
        relative += "?" + parts.query
    if parts.fragment:
        relative += "#" + parts.fragment
    return relative


def _folder(url: str) -> str:
    """Return the folder a relative link in a page at `url` starts from, as "a/b/" or ""."""
    if url.endswith("/") or not url:
        return url
    folder = posixpath.dirname(url)
    return folder + "/" if folder else ""


def _join(page_url: str, path: str) -> str:
    """Resolve `path`, written in the page at `page_url`, to a URL relative to the site root."""
    if not path:
        return page_url
    joined = posixpath.normpath(posixpath.join(_folder(page_url) or ".", path))
    if joined == ".":
        joined = ""
    if path.endswith("/") and joined:
        joined += "/"
    return joined.lstrip("/")


def _relative(url: str, page_url: str) -> str:
    """Return the link from the page at `page_url` to `url`, both relative to the site root."""
    start = _folder(page_url).rstrip("/") or "."
    target = url.rstrip("/") or "."
    relative = posixpath.relpath(target, start)
    if url.endswith("/") or not url:
        relative = "./" if relative == "." else relative + "/"
    return relative
