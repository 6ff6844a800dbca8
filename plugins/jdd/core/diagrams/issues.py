"""The fault a diagram lint reports, shared by the lint's modules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LintIssue:
    """One fault the lint found, at a line and column of the diagram (both 1-based)."""

    #: "syntax", "changed" (mermaid draws something else than is written), "comment", "size" or "edges".
    kind: str
    line: int
    column: int
    message: str
    #: True when the fault makes mermaid's parser reject the diagram, so mermaid's verdict decides.
    parser_decides: bool


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
