"""Shared fixtures: sample JDDs copied into temporary projects, and real site builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "jdds"
SAMPLE_IN_REVIEW = "northwind-seasonal-onboarding"
SAMPLE_DRAFT = "halvorsen-freight-invoice-disputes"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# One diagram cache for the whole run: each temporary project would otherwise start cold and
# launch Chromium for every build. Tests about the cache itself set JDD_CACHE_DIR of their own.
os.environ.setdefault("JDD_CACHE_DIR", tempfile.mkdtemp(prefix="jdd-test-cache-"))


def write(path: Path, text: str | bytes) -> Path:
    """Write a file, creating its folders; str text is dedented and written as UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A temporary project: the repository's mkdocs.yml, overrides and docs folder (both samples and the guide)."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    shutil.copytree(SAMPLES, tmp_path / "jdds")
    for name in ("package.json", "package-lock.json"):
        if (REPO / name).is_file():
            shutil.copy(REPO / name, tmp_path / name)
    if (REPO / "node_modules").is_dir():
        (tmp_path / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return tmp_path


@pytest.fixture
def sample(project: Path) -> Path:
    """The in-review sample JDD folder inside a temporary project."""
    return project / "jdds" / SAMPLE_IN_REVIEW


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for one test module, found as `jdd` finds it.

    Module scope, because Playwright's sync API allows one running instance per
    thread: modules that drive the browser themselves must not overlap with this one.

    On a developer laptop without a browser the test is skipped with the reason;
    in CI (CI=true) a missing browser fails the run, since these tests are the
    real check of what a person sees.
    """
    from jdd.core.browser import BrowserNotFound, find_browser, launched_browser

    try:
        choice = find_browser()
    except BrowserNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"no browser in CI: {exc}")
        pytest.skip(f"BROWSER TESTS SKIPPED: {exc}")
    with launched_browser(choice) as launched:
        yield launched


def run_jdd(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the `jdd` command as a user would, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "jdd.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )


def run_mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs` in its own process, so its exit status and output are the user's."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd, capture_output=True, text=True, timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
