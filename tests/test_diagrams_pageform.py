"""The form a drawing takes in a page: smaller, and drawn the same."""

from __future__ import annotations

import re

import pytest

from jdd.core.diagrams import source_key
from jdd.core.diagrams.mermaid import THEMES
from jdd.core.diagrams.pageform import page_form
from slides_support import changed_pixels
from test_diagrams_browser import chromium, mermaid_installed, own_cache, service  # noqa: F401 (fixtures)

SVG = (
    '<svg id="jdd-abc-neutral" class="flowchart jdd-m-1" viewBox="0 0 904.1640625 63" width="905">'
    '<g><marker id="jdd-abc-neutral_pointEnd" refX="5"><path d="M 0 0 L 10 5 z"></path></marker>'
    '<g class="root"><g class="clusters"></g><g class="edgePaths">'
    '<path d="M188.938,31.5L193.104,-0.04" id="jdd-abc-neutral-L_a_b_0" class="edge a edge a flowchart-link" '
    'data-edge="true" data-id="L_a_b_0" data-look="classic" marker-end="url(#jdd-abc-neutral_pointEnd)"></path>'
    '</g><g class="edgeLabels"><g class="edgeLabel"><g></g></g></g>'
    '<g class="node" id="jdd-abc-neutral-flowchart-a-0" transform="translate(98.46875, 31.5)">'
    '<rect x="-90.46875" y="-23.5" width="180.9375" height="47"></rect>'
    '<foreignObject width="120.34375" height="24.5"><div>Costs 12.345 each</div></foreignObject>'
    '<text y="-10.15">Version 1.25 rollout</text></g>'
    '<linearGradient id="jdd-m-1-gradient"></linearGradient></g></g></svg>'
)
CSS = ".jdd-m-1 [data-look=neo]{fill:url(#jdd-m-1-gradient)}"


def test_page_form_keeps_what_is_pointed_at() -> None:
    form = page_form(SVG, CSS)

    assert form.startswith('<svg id="jdd-abc-neutral" class="flowchart jdd-m-1" viewBox="0 0 904.1640625 63" '
                           'width="905">')
    assert '<marker id="jdd-abc-neutral_pointEnd"' in form
    assert '<linearGradient id="jdd-m-1-gradient">' in form
    assert 'marker-end="url(#jdd-abc-neutral_pointEnd)"' in form
    # Ids nothing points at go; data-look, which a style rule names, stays.
    assert "jdd-abc-neutral-L_a_b_0" not in form
    assert "flowchart-a-0" not in form
    assert "data-edge" not in form
    assert "data-id" not in form
    assert 'data-look="classic"' in form


def test_page_form_writes_each_class_once() -> None:
    assert 'class="edge a flowchart-link"' in page_form(SVG, CSS)


def test_page_form_rounds_coordinates_only() -> None:
    form = page_form(SVG, CSS)

    assert 'd="M188.9,31.5L193.1,0"' in form
    assert '<rect x="-90.5" y="-23.5" width="180.9" height="47">' in form
    # Text and what places it, the root's view box and the box HTML text is laid out in keep
    # every digit.
    assert 'transform="translate(98.46875, 31.5)"' in form
    assert '<text y="-10.15">' in form
    assert "Costs 12.345 each" in form
    assert "Version 1.25 rollout" in form
    assert '<foreignObject width="120.34375" height="24.5">' in form


def test_page_form_drops_empty_groups() -> None:
    form = page_form(SVG, CSS)

    assert '<g class="clusters">' not in form
    assert '<g class="edgeLabels">' not in form
    assert '<g class="edgePaths">' in form


def test_page_form_without_style_rules_keeps_no_data() -> None:
    assert "data-look" not in page_form(SVG)


#: Flowcharts with what a JDD diagram uses: labels on edges, a subgraph, class styles,
#: link styles, a decision and a loop back.
DRAWN = [
    """flowchart LR
  export[Export the roster] --> map[Map the fields]
  map -- rejected rows --> fix[Fix the rows]
  fix --> map
  map --o done[Import done]
""",
    """flowchart TD
  subgraph crm [CRM side]
    a[Receive the order] --> b{Credit ok?}
  end
  b -- yes --> c[Ship]
  b -- no --> d[Hold the order]
  d -.-> a
  classDef warn fill:#fde,stroke:#c33
  class d warn
  linkStyle 3 stroke:#36c,stroke-width:3px
""",
]

PAGE = """<!doctype html><html><head><style>body{{margin:0;background:#fff}} {css}</style></head>
<body><div id="drawing" style="display:inline-block">{svg}</div></body></html>"""


def _screenshot(browser, svg: str, css: str) -> bytes:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.route("**/*", lambda route: route.abort())
        page.set_content(PAGE.format(svg=svg, css=css))
        return page.locator("#drawing").screenshot()
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("source", DRAWN, ids=["edge-labels", "subgraph-styles"])
def test_page_form_is_drawn_the_same(service, chromium, source) -> None:
    from jdd.core.browser import launched_browser

    (theme,) = THEMES
    drawing = service.drawings([source])[source_key(source)][theme]
    assert drawing["ok"], drawing
    css = "\n".join(drawing["rules"].values())
    form = page_form(drawing["svg"], css)
    assert len(form) < 0.85 * len(drawing["svg"])
    assert re.sub(r"<[^>]+>", "", form) == re.sub(r"<[^>]+>", "", drawing["svg"])

    # One Playwright per thread: the service's browser is closed before the comparison's starts.
    service.close()
    with launched_browser(chromium) as browser:
        result = changed_pixels(browser, _screenshot(browser, drawing["svg"], css), _screenshot(browser, form, css))
    assert result["size"], "the two forms are drawn at different sizes"
    # Rounding to a tenth of a pixel moves anti-aliased edges by a shade at most.
    # Without the arrow heads, some 150 to 220 pixels of these drawings differ.
    assert result["changed"] <= result["total"] * 0.0005, result
