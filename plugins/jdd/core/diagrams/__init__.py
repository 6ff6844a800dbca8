"""Mermaid job diagrams: finding them, checking them with the pinned mermaid, drawing them.

Nothing here imports MkDocs; Playwright is imported only when a browser is
started. `jdd check` calls `check_diagrams`; the site plugin uses
`DiagramService` directly, because it also draws the diagrams.
"""

from .check import check_diagrams
from .lint import MAX_EDGES, MAX_TEXT_SIZE, LintIssue, lint_diagram
from .mermaid import RENDER_SETTINGS, THEMES, MermaidInstall, MermaidNotInstalled, find_mermaid
from .service import (
    DiagramOptions,
    DiagramProblem,
    DiagramReport,
    DiagramService,
    JddDiagrams,
    browser_allowed,
    diagrams_in_page,
    portfolio_diagrams,
    render_id,
)
from .source import Diagram, PreparedSource, normalise, source_key

__all__ = [
    "MAX_EDGES",
    "MAX_TEXT_SIZE",
    "RENDER_SETTINGS",
    "THEMES",
    "Diagram",
    "DiagramOptions",
    "DiagramProblem",
    "DiagramReport",
    "DiagramService",
    "JddDiagrams",
    "LintIssue",
    "MermaidInstall",
    "MermaidNotInstalled",
    "PreparedSource",
    "browser_allowed",
    "check_diagrams",
    "diagrams_in_page",
    "find_mermaid",
    "lint_diagram",
    "normalise",
    "portfolio_diagrams",
    "render_id",
    "source_key",
]
