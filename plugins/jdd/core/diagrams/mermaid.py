"""The pinned mermaid: where its files are, its version, and the settings every render uses.

The site, `jdd check` and the build all use the mermaid that `npm ci`
installs from the project's package-lock.json into `node_modules/mermaid`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .lint import MAX_EDGES, MAX_TEXT_SIZE

MERMAID_ENV = "JDD_MERMAID"
#: The browser build of mermaid (one script that defines `window.mermaid`).
SCRIPT_PATH = Path("dist") / "mermaid.min.js"

#: The mermaid theme of each variant a diagram is drawn in. One drawing in the
#: grey "neutral" theme serves every palette: under Material's slate palette
#: the stylesheet inverts its lightness on screen (jdd-diagrams.css), and print
#: shows it as drawn. A second drawing in mermaid's dark theme would double the
#: bytes of every diagram page.
THEME_VARIANTS = {"light": "neutral"}
THEMES = tuple(THEME_VARIANTS.values())

#: Mermaid settings for every render, at build time and in the browser.
#: SVG text labels (htmlLabels false) are measured by the browser's SVG text
#: engine and stay text in print and PDF; HTML labels in foreignObject are
#: what gets clipped when fonts differ. The fonts are metric-compatible
#: (Liberation Sans is Arial's metric clone), so a label measured on a Linux
#: build machine fits the same box on a reader's Windows or macOS machine.
RENDER_SETTINGS = {
    "startOnLoad": False,
    "securityLevel": "strict",
    "htmlLabels": False,
    "flowchart": {"htmlLabels": False, "useMaxWidth": True},
    "fontFamily": 'Arial, "Liberation Sans", Helvetica, sans-serif',
    "maxTextSize": MAX_TEXT_SIZE,
    "maxEdges": MAX_EDGES,
    "deterministicIds": True,
    # Failures are reported by the check or the page script, never drawn as mermaid's error picture.
    "suppressErrorRendering": True,
}


class MermaidNotInstalled(Exception):
    """Mermaid is not in node_modules; the message gives the fix (`npm ci`)."""


@dataclass(frozen=True)
class MermaidInstall:
    """One installed mermaid package."""

    folder: Path
    version: str

    @property
    def script(self) -> Path:
        return self.folder / SCRIPT_PATH


def find_mermaid(project_root: Path, explicit: str | os.PathLike | None = None) -> MermaidInstall:
    """Find mermaid: an explicit folder, `JDD_MERMAID`, then `node_modules/mermaid`.

    `node_modules` is looked for in the project and its parent folders, then
    beside the jdd source (a development install inside the repository, as
    the test suite uses it for projects it builds in temporary folders).
    """
    for value, source in ((explicit, "the mermaid option"), (os.environ.get(MERMAID_ENV), MERMAID_ENV)):
        if value:
            return _read_install(Path(value), f"{source} names '{value}', which")

    candidates: list[Path] = []
    for start in (Path(project_root).resolve(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            candidate = folder / "node_modules" / "mermaid"
            if candidate not in candidates:
                candidates.append(candidate)
    for candidate in candidates:
        if (candidate / "package.json").is_file():
            return _read_install(candidate, f"'{candidate}'")
    raise MermaidNotInstalled(
        f"mermaid is not installed: no node_modules/mermaid in '{project_root}' or its parent folders; "
        "run 'npm ci' in the project folder (it installs the version pinned in package-lock.json)"
    )


def _read_install(folder: Path, described: str) -> MermaidInstall:
    package = folder / "package.json"
    try:
        data = json.loads(package.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MermaidNotInstalled(
            f"{described} is not a mermaid package (cannot read '{package}': {exc}); run 'npm ci' in the project folder"
        ) from exc
    if not isinstance(data, dict) or data.get("name") != "mermaid" or not data.get("version"):
        raise MermaidNotInstalled(f"{described} is not a mermaid package ('{package}' names another package)")
    install = MermaidInstall(folder=folder, version=str(data["version"]))
    if not install.script.is_file():
        raise MermaidNotInstalled(
            f"'{install.script}' is missing from mermaid {install.version}; run 'npm ci' in the project folder"
        )
    return install
