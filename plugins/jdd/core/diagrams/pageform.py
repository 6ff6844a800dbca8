"""The form of a cached drawing in a page: without what no reader or style rule uses.

The diagram cache keeps each drawing as mermaid wrote it (less its unused
markers and debug data), because the checks and their tests read the node
and edge ids and mermaid's `data-*` attributes. A page needs none of that:

- element ids that nothing points at (`url(#id)`, `href="#id"` or a style
  rule's `#id`); the root `<svg>` keeps its id;
- `data-*` attributes that no style rule names;
- a class written twice on one element (mermaid repeats the edge classes);
- groups with nothing in them (mermaid writes one for clusters and edge
  labels whether or not the diagram has any);
- decimals beyond the first in the coordinates of shapes (paths, boxes,
  circles): a point moves by 0.05 units at most, a twentieth of a pixel at
  the drawing's own size. Text and the groups that place it keep their
  positions, and a `<foreignObject>`, which HTML text is laid out in, keeps
  its size, so no label moves or wraps.

A flowchart of four or five steps loses about a fifth of its bytes (4.2 KB
to 3.5 KB, measured on the benchmark's drawings), and each drawing is on its
slide and again in the print view.
"""

from __future__ import annotations

import re

_TAG_RE = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:=\"[^\"]*\")?)*)\s*(/?)>")
_ATTRIBUTE_RE = re.compile(r'\s+([^\s=>/]+)(?:="([^"]*)")?')
_REFERENCE_RE = re.compile(r"""url\(\s*["']?#([^)"'\s]+)|href="#([^"]+)"|#([A-Za-z_][\w-]*)""")
_EMPTY_GROUP_RE = re.compile(r'<g(?: class="[^"]*")?></g>')
_NUMBER_RE = re.compile(r"-?\d+\.\d{2,}")
#: Attributes whose numbers are coordinates or lengths of a shape, in the drawing's own units.
_GEOMETRY = frozenset({"d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height"})
#: The shapes whose coordinates are rounded. Text and groups keep their positions, because
#: text moved by a fraction of a pixel is drawn with different anti-aliasing.
_SHAPES = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon"})


def page_form(svg: str, css: str = "") -> str:
    """Return `svg` (one drawing, root element first) without what no reader or rule of `css` uses."""
    referenced = _referenced_ids(svg, css)
    styled_data = set(re.findall(r"data-[\w-]+", css))
    first = True

    def tag(match: re.Match) -> str:
        nonlocal first
        name, attributes, closing = match.group(1), match.group(2), match.group(3)
        is_root, first = first, False
        written = []
        for attribute in _ATTRIBUTE_RE.finditer(attributes):
            key, value = attribute.group(1), attribute.group(2)
            if value is None:
                written.append(f" {key}")
                continue
            if key == "id" and not is_root and value not in referenced:
                continue
            if key.startswith("data-") and key not in styled_data:
                continue
            if key == "class":
                value = " ".join(dict.fromkeys(value.split()))
            elif key in _GEOMETRY and name in _SHAPES:
                value = _NUMBER_RE.sub(_one_decimal, value)
            written.append(f' {key}="{value}"')
        return f"<{name}{''.join(written)}{' /' if closing else ''}>"

    svg = _TAG_RE.sub(tag, svg)
    while True:
        emptied = _EMPTY_GROUP_RE.sub("", svg)
        if emptied == svg:
            return svg
        svg = emptied


def _referenced_ids(svg: str, css: str) -> set[str]:
    found = set()
    for text in (svg, css):
        for match in _REFERENCE_RE.finditer(text):
            found.add(match.group(1) or match.group(2) or match.group(3))
    return found


def _one_decimal(match: re.Match) -> str:
    text = f"{float(match.group(0)):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text
