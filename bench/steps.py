"""Step timings of the site build: one timed build with the jdd plugin and one of the floor, part by part.

`scale.py` measures how the plugin's build compares with the floor, and this
script shows where the difference comes from. It generates N JDDs (as
`scale.py` does), fills the check and diagram caches, then times one build
of each site, each in a fresh interpreter, and prints the seconds spent in
each part:

- per kind of page (a JDD's own pages, its generated next-steps slide, its
  print view, the other pages): reading and converting the Markdown, and
  building the HTML page (hooks, the theme's template, writing the file);
- per plugin hook, summed over every page, for the jdd and search plugins.

It wraps MkDocs' page-building functions and each plugin's hooks to time
them, so the total is a little above an unwrapped build's. The numbers are
for reading side by side, within one run.

Usage:
    .venv/bin/python bench/steps.py            # N = 200
    .venv/bin/python bench/steps.py --n 1000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_portfolio  # noqa: E402
from scale import REPO, write_config  # noqa: E402

# Runs in a fresh interpreter, so each site's build starts from the same state.
TIMED_BUILD = r'''
import collections, functools, json, sys, time
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

totals = collections.Counter()
current = {"kind": "other"}

def page_kind(page):
    path = page.file.src_uri
    folder, _, name = path.partition("/")
    if name == "next-steps.md":
        return "next-steps slide"
    if name == "print.md":
        return "print view"
    if name and folder not in ("capabilities", "next-steps", "guide"):
        return "JDD page"
    return "other page"

def timed(label, function, sets_kind=False):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if sets_kind:
            current["kind"] = page_kind(args[0])
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[(label, current["kind"] if "{kind}" in label else "")] += time.perf_counter() - started
    return wrapper

mkdocs_build._populate_page = timed("read and convert ({kind})", mkdocs_build._populate_page, sets_kind=True)
mkdocs_build._build_page = timed("build the HTML page ({kind})", mkdocs_build._build_page, sets_kind=True)

config = load_config(sys.argv[1])
for event, methods in config.plugins.events.items():
    for position, method in enumerate(methods):
        owner = type(getattr(method, "__self__", method)).__name__
        methods[position] = timed(f"hook {owner}.on_{event}", method)

started = time.perf_counter()
mkdocs_build.build(config)
totals[("whole build", "")] = time.perf_counter() - started
print(json.dumps([[label.replace("{kind}", kind), seconds] for (label, kind), seconds in totals.items()]))
'''


def timed_build(config: Path, site: Path) -> dict[str, float]:
    """Build `config` into `site` once with every step timed, and return the seconds of each step."""
    if site.exists():
        shutil.rmtree(site)
    config.write_text(config.read_text(encoding="utf-8") + f"site_dir: {site}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", TIMED_BUILD, str(config)], cwd=config.parent,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        raise SystemExit(f"build with {config.name} failed:\n{result.stderr[-3000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def prepare(count: int, project: Path) -> tuple[Path, Path]:
    """Generate the portfolio and fill the caches, then return the plugin's and the floor's mkdocs.yml."""
    shutil.copytree(REPO / "overrides", project / "overrides")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(REPO / name, project / name)
    (project / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    generate_portfolio(project / "jdds", count)
    plugin = write_config(project, plugin=True, one_entry_nav=False)
    floor = write_config(project, plugin=False, one_entry_nav=True)
    print(f"N={count}: filling the check and diagram caches (a check and a first build)", flush=True)
    subprocess.run([sys.executable, "-m", "jdd.cli", "check", "jdds"], cwd=project, capture_output=True)
    timed_build(plugin, project / "site-warm")
    return plugin, floor


def table(plugin: dict[str, float], floor: dict[str, float]) -> str:
    rows = ["| step | plugin s | floor s |", "| --- | --- | --- |"]
    for label in sorted(set(plugin) | set(floor), key=lambda label: -plugin.get(label, floor.get(label, 0))):
        rows.append(f"| {label} | {_seconds(plugin.get(label))} | {_seconds(floor.get(label))} |")
    return "\n".join(rows)


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, metavar="N", help="number of JDDs to generate (default 200)")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be 1 or more")

    with tempfile.TemporaryDirectory(prefix="jdd-steps-") as folder:
        plugin_config, floor_config = prepare(args.n, Path(folder))
        print(f"N={args.n}: timed builds", flush=True)
        floor = timed_build(floor_config, Path(folder) / "site-floor")
        plugin = timed_build(plugin_config, Path(folder) / "site-plugin")
    print()
    print(table(plugin, floor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
