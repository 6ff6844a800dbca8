"""Measure `jdd check` with a cold and a warm diagram cache.

Builds a temporary project with COPIES copies of the in-review sample JDD.
Each job diagram is made unique, so a cold run parses every one. Then runs
`jdd check` in its own process, first with an empty cache (mermaid starts in
Chromium), then again with the filled cache (no browser should start).
Prints the median wall time of each over RUNS rounds and the warm/cold ratio.

Usage: .venv/bin/python bench/diagrams_check.py [COPIES] [RUNS]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "northwind-seasonal-onboarding"


def make_project(folder: Path, copies: int) -> int:
    """Write the project; return the number of diagrams in it."""
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    docs = folder / "jdds"
    docs.mkdir()
    shutil.copy(REPO / "jdds" / "index.md", docs / "index.md")
    diagrams = 0
    for number in range(copies):
        target = docs / f"{SAMPLE}-{number}"
        shutil.copytree(REPO / "jdds" / SAMPLE, target)
        for page in (target / "jobs").glob("*.md"):
            text = page.read_text(encoding="utf-8")
            # A node unique to this copy, so no two diagrams share a cache entry.
            page.write_text(text.replace("```mermaid\nflowchart LR\n",
                                         f"```mermaid\nflowchart LR\n  copy{number}[Copy {number}]\n"),
                            encoding="utf-8")
            diagrams += text.count("```mermaid")
    return diagrams


def run_check(project: Path, cache: Path) -> tuple[float, str]:
    environment = {**os.environ, "JDD_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "jdd.cli", "check"], cwd=project, env=environment,
                            capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"jdd check failed:\n{result.stdout}\n{result.stderr}")
    summary = next(line for line in result.stderr.splitlines() if "diagrams checked" in line)
    return elapsed, summary


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    cold_times, warm_times = [], []
    with tempfile.TemporaryDirectory() as temporary:
        project = Path(temporary) / "project"
        project.mkdir()
        diagrams = make_project(project, copies)
        for round_number in range(runs):
            cache = Path(temporary) / f"cache-{round_number}"
            cold, cold_summary = run_check(project, cache)
            warm, warm_summary = run_check(project, cache)
            cold_times.append(cold)
            warm_times.append(warm)
    cold_median, warm_median = statistics.median(cold_times), statistics.median(warm_times)
    print(f"{copies} JDDs, {diagrams} diagrams, {runs} rounds, {os.cpu_count()} CPUs")
    print(f"cold: median {cold_median:.2f} s  ({cold_summary})")
    print(f"warm: median {warm_median:.2f} s  ({warm_summary})")
    print(f"warm/cold: {warm_median / cold_median:.2f}")


if __name__ == "__main__":
    main()
