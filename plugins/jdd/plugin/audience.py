"""The audience of a site build: which one it is, and what a customer build leaves out.

A customer build removes internal content from the Markdown before it is
rendered (`jdd.core.audience.strip_internal`) and leaves pages with
`jdd_internal: true` out of the build's files, so none of it reaches HTML,
the search index, the sitemap or a PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..core.audience import AUDIENCES, CUSTOMER, INTERNAL, is_internal_page, remove_internal_pages, strip_internal
from ..core.model import Portfolio
from ..core.sources import read_source

log = get_plugin_logger("jdd")

#: Environment variable that replaces the plugin's `audience` option, as in `JDD_AUDIENCE=customer mkdocs build`.
AUDIENCE_ENV = "JDD_AUDIENCE"


def resolve_audience(option: str) -> str:
    """Return the build's audience: JDD_AUDIENCE when set, else the plugin option."""
    value = os.environ.get(AUDIENCE_ENV, "").strip()
    if not value:
        return option
    if value not in AUDIENCES:
        raise PluginError(f"jdd: the environment variable {AUDIENCE_ENV} is '{value}', an invalid audience; "
                          f"set it to {' or '.join(AUDIENCES)}, or unset it to use the plugin option")
    return value


class CustomerFilter:
    """The removal of internal content from a customer build: pages from the files, blocks from the Markdown."""

    def __init__(self, portfolio: Portfolio) -> None:
        self.dropped: list[str] = []
        for jdd in portfolio.jdds:
            self.dropped += [f"{jdd.slug}/{rel}" for rel in remove_internal_pages(jdd)]

    def remove_internal_files(self, files: Files) -> None:
        """Remove every page with `jdd_internal: true` from the build, inside JDDs or not."""
        dropped = set(self.dropped)
        for file in list(files):
            if not file.is_documentation_page():
                continue
            if file.src_uri in dropped or (file.abs_src_path and _is_internal_file(Path(file.abs_src_path))):
                files.remove(file)
                log.info(f"{file.src_uri}: an internal page (jdd_internal: true); left out of this customer build")

    @staticmethod
    def strip(markdown: str) -> str:
        return strip_internal(markdown).markdown


def _is_internal_file(path: Path) -> bool:
    source = read_source(path)
    return source.readable and is_internal_page(source.text)


__all__ = ["AUDIENCE_ENV", "CUSTOMER", "CustomerFilter", "INTERNAL", "resolve_audience"]
