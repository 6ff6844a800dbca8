"""Finding the project (mkdocs.yml, the docs folder) without importing MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DEFAULT_DOCS_DIR = "jdds"


class ProjectError(Exception):
    """The project configuration cannot be read; the message says why and what to do."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving MkDocs' own tags (`!ENV`, `!!python/name:`) unresolved."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("!", _unknown_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


@dataclass
class Project:
    root: Path
    config_file: Path | None
    docs_dir: Path
    plugin_options: dict[str, Any] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """Return the nearest mkdocs.yml in `start` or a parent folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def load_project(start: Path | None = None, config_file: Path | None = None) -> Project:
    """Read the project around `start` (the current folder by default)."""
    start = start or Path.cwd()
    config_file = config_file or find_config(start)
    if config_file is None:
        return Project(root=start.resolve(), config_file=None, docs_dir=(start / DEFAULT_DOCS_DIR).resolve())

    try:
        config = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(f"{config_file}: cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ProjectError(f"{config_file}: is not valid YAML: {exc}") from exc
    if not isinstance(config, dict):
        raise ProjectError(f"{config_file}: is not a mapping of settings")

    root = config_file.parent.resolve()
    docs_dir = root / str(config.get("docs_dir") or "docs")
    return Project(root=root, config_file=config_file, docs_dir=docs_dir,
                   plugin_options=_plugin_options(config.get("plugins")))


def _plugin_options(plugins: Any) -> dict[str, Any]:
    """Return the options of the `jdd` plugin, in either list or mapping form."""
    if isinstance(plugins, dict):
        options = plugins.get("jdd")
        return options if isinstance(options, dict) else {}
    if isinstance(plugins, list):
        for entry in plugins:
            if isinstance(entry, dict) and "jdd" in entry:
                return entry["jdd"] if isinstance(entry["jdd"], dict) else {}
    return {}
