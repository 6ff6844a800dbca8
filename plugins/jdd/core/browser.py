"""Finding and starting headless Chromium through Playwright.

The browser is looked up the way users expect: an explicit path (an option
or the `JDD_BROWSER` environment variable), then a browser that Playwright
installed itself (`playwright install chromium`), then a system Chromium or
Chrome on the PATH or in the usual places.
"""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BROWSER_ENV = "JDD_BROWSER"

#: Flags for a headless browser on a machine with no display and a closed network.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

_SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_SYSTEM_PATHS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
)

INSTALL_HINT = (
    "install one with 'python -m playwright install chromium', or your system's package "
    "(Debian and Ubuntu: 'apt-get install chromium'), or set JDD_BROWSER to a Chromium or Chrome executable"
)


class BrowserNotFound(Exception):
    """No usable browser was found. The message names the command that installs one."""


@dataclass(frozen=True)
class BrowserChoice:
    """The browser to start. An executable of None means the one Playwright installed itself."""

    executable: str | None
    source: str


def playwright_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _playwright_browser_installed() -> bool:
    """Tell whether Playwright downloaded its own Chromium (its cache folder has one)."""
    custom = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if custom and custom != "0":
        roots = [Path(custom)]
    elif sys.platform == "darwin":
        roots = [Path.home() / "Library" / "Caches" / "ms-playwright"]
    elif sys.platform.startswith("win"):
        roots = [Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ms-playwright"]
    else:
        roots = [Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ms-playwright"]
    return any(root.is_dir() and any(root.glob("chromium*")) for root in roots)


def find_browser(explicit: str | None = None) -> BrowserChoice:
    """Choose a browser, or raise BrowserNotFound with the command that installs one."""
    if not playwright_available():
        raise BrowserNotFound("the Python package 'playwright' is not installed; run 'pip install playwright', then "
                              + INSTALL_HINT)
    for value, source in ((explicit, "the browser option"), (os.environ.get(BROWSER_ENV), BROWSER_ENV)):
        if value:
            path = shutil.which(value) or value
            if not Path(path).is_file():
                raise BrowserNotFound(f"{source} names '{value}', which is not an executable file")
            return BrowserChoice(executable=path, source=source)
    if _playwright_browser_installed():
        return BrowserChoice(executable=None, source="Playwright's Chromium")
    for name in _SYSTEM_NAMES:
        path = shutil.which(name)
        if path:
            return BrowserChoice(executable=path, source=f"system browser {path}")
    for path in _SYSTEM_PATHS:
        if Path(path).is_file():
            return BrowserChoice(executable=path, source=f"system browser {path}")
    raise BrowserNotFound("no Chromium or Chrome found; " + INSTALL_HINT)


@contextmanager
def launched_browser(choice: BrowserChoice | None = None):
    """Start headless Chromium for the duration of a `with` block and yield the Playwright Browser."""
    from playwright.sync_api import sync_playwright

    choice = choice or find_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            headless=True,
            executable_path=choice.executable,
            args=LAUNCH_ARGS,
        )
        try:
            yield browser
        finally:
            browser.close()
