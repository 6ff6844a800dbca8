"""Building the MkDocs site into a folder, in this process, for printing.

The build runs the project's own mkdocs.yml, so the PDF shows what the site
shows. MkDocs' warnings are collected and returned instead of being logged,
and a failed build raises `PublishError` with MkDocs' message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..core.model import Jdd
from .errors import PublishError


@dataclass
class BuiltSite:
    """A site built into `site_dir`, with each printable JDD and its print view."""

    site_dir: Path
    #: The JDDs of the build, by slug.
    jdds: dict[str, Jdd] = field(default_factory=dict)
    #: The print view of each JDD, as a URL relative to the site root.
    print_urls: dict[str, str] = field(default_factory=dict)
    #: MkDocs' warnings, as it would have logged them.
    warnings: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_file: Path, site_dir: Path, only: set[str] | None = None,
               adjust: Callable[[MkDocsConfig], None] | None = None) -> BuiltSite:
    """Build the site of `config_file` into `site_dir`; with `only`, just those JDDs and the other pages.

    `adjust`, when given, changes the loaded configuration before the build starts.
    """
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers = [collector]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        plugin = config.plugins.get("jdd")
        if plugin is None:
            raise PublishError(f"{config_file}: the jdd plugin is not in 'plugins'; add '- jdd' there, "
                               "because the print view comes from it")
        if only:
            plugin.config["only"] = sorted(set(plugin.config.get("only") or []) | only)
        if adjust is not None:
            adjust(config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        details = "\n".join(collector.messages)
        raise PublishError(f"building the site failed: {exc.format_message()}"
                           + (f"\n{details}" if details else "")) from exc
    except jinja2.TemplateError as exc:
        raise PublishError(f"a theme template of the site failed: {exc}; check the files in the theme's "
                           "custom_dir") from exc
    finally:
        logger.handlers, logger.propagate, _ = saved
        logger.setLevel(saved[2])

    built = BuiltSite(site_dir=site_dir, warnings=collector.messages)
    for jdd in plugin.portfolio.jdds if plugin.portfolio else []:
        built.jdds[jdd.slug] = jdd
        url = plugin.slides.print_url(jdd.slug) if plugin.slides else None
        if url is not None:
            built.print_urls[jdd.slug] = url
    return built
