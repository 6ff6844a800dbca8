"""The benchmark scripts run end to end on a tiny portfolio, so they keep working as the plugin changes."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import REPO


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_steps_script_times_each_kind_of_page() -> None:
    result = run_script("bench/steps.py", "--n", "2")

    assert result.returncode == 0, result.stderr[-3000:]
    rows = {line.split(" | ")[0].lstrip("| ") for line in result.stdout.splitlines() if line.startswith("| ")}
    assert "whole build" in rows
    assert "build the HTML page (print view)" in rows
    assert "read and convert (next-steps slide)" in rows
    assert "hook JddPlugin.on_config" in rows


def test_steps_script_rejects_empty_portfolio() -> None:
    result = run_script("bench/steps.py", "--n", "0")

    assert result.returncode == 2
    assert "--n must be 1 or more" in result.stderr


def test_scale_script_reports_ratios() -> None:
    result = run_script("bench/scale.py", "--sizes", "2")

    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"^\| 2 \| \d+ \| [\d.]+ \| [\d.]+ \| [\d.]+× \| [\d.]+× \| [\d.]+× \|", result.stdout, re.MULTILINE)
    measured = json.loads(result.stdout[result.stdout.index("\n[") + 1:])[0]
    # Each JDD gets a next-steps slide and a print view, and the plugin adds the two rollups.
    assert measured["plugin"]["html_pages"] == measured["floor"]["html_pages"] + 2 * 2 + 2
    assert measured["plugin"]["bytes_per_page"] > 0
