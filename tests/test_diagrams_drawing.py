"""What a drawing made at build time contains: one SVG per diagram, without mermaid's unused parts."""

from __future__ import annotations

import re

import pytest

from jdd.core.diagrams import source_key
from jdd.core.diagrams.mermaid import THEMES
from test_diagrams_browser import chromium, mermaid_installed, own_cache, service  # noqa: F401 (fixtures)

FLOW = """flowchart LR
  export[Export the roster] --> map[Map the fields]
  map -- rejected rows --> fix[Fix the rows]
  fix --> map
  map --o done[Import done]
"""


@pytest.fixture
def drawing(service):
    drawings = service.drawings([FLOW])[source_key(FLOW)]
    assert drawings is not None
    (theme,) = THEMES
    result = drawings[theme]
    assert result["ok"], result
    return result["svg"]


@pytest.mark.browser
def test_drawing_keeps_only_referenced_markers(drawing):
    markers = re.findall(r'<marker id="([^"]+)"', drawing)
    referenced = set(re.findall(r'url\(#([^)]+)\)', drawing))
    assert markers
    assert set(markers) <= referenced
    assert any(name.endswith("pointEnd") for name in markers)
    assert any(name.endswith("circleEnd") for name in markers)
    assert not any("cross" in name for name in markers)


@pytest.mark.browser
def test_drawing_drops_debug_data(drawing):
    assert "data-points" not in drawing
    assert "<rect></rect>" not in drawing


@pytest.mark.browser
def test_drawing_keeps_every_label(drawing):
    text = re.sub(r"<[^>]+>", "", drawing)
    for label in ("Export the roster", "Map the fields", "rejected rows", "Fix the rows", "Import done"):
        assert label in text, label


@pytest.mark.browser
def test_drawing_keeps_labelled_edge_only(drawing):
    assert drawing.count('<g class="edgeLabel"') == 1
    label = drawing.split('<g class="edgeLabel"', 1)[1].split('<g class="nodes"', 1)[0]
    assert "rejected rows" in label


def test_lint_issues_come_from_cache(tmp_path, monkeypatch):
    from pathlib import Path

    from jdd.core.diagrams import Diagram, DiagramOptions, DiagramService
    from jdd.core.diagrams import service as service_module

    from conftest import REPO

    broken = "flowchart LR\n  a[Send <id> to CRM] --> b\n"
    diagram = Diagram(path=Path("jobs/x.md"), fence_line=3, source=broken)
    options = DiagramOptions(project_root=REPO, use_browser=False, cache_dir=tmp_path / "cache")
    first = DiagramService(options).check([diagram])
    calls = []
    monkeypatch.setattr(service_module, "lint_diagram", lambda source: calls.append(source) or [])

    second = DiagramService(options).check([diagram])

    assert calls == []
    assert [problem.message for problem in second] == [problem.message for problem in first]
    assert any("#lt;" in problem.message for problem in second)
