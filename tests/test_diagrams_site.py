"""Diagrams in the built site: the build's verdict, and what a reader's browser shows.

The end-to-end tests serve the built site from a local http.server on
127.0.0.1, abort every request to any other host, and drive Chromium
through Playwright. Each runs against both ways of drawing: at build time
("static", the browser the build found) and in the reader's browser
("client", a build with JDD_BROWSER=none).
"""

from __future__ import annotations

import functools
import json
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_IN_REVIEW, SAMPLES, run_mkdocs

JOB = f"{SAMPLE_IN_REVIEW}/jobs/bulk-provisioning"
APPENDIX = f"{SAMPLE_IN_REVIEW}/appendix"
MKM_03_APPENDIX = '''# Appendix

## Job Diagram

=== "Batch"

    ```mermaid
    flowchart LR
      a[Extract] --> b[Load]
    ```

=== "Streaming"

    ```mermaid
    flowchart LR
      c[Consume] --> d[Upsert]
    ```

??? note "Failure handling"
    ```mermaid
    flowchart LR
      e[Error] --> f[Dead-letter queue]
    ```
'''


def make_project(folder: Path, port: int) -> Path:
    """A project like the `project` fixture's, with site_url, the tabs-and-details page and a link to a job page."""
    # Material's instant navigation follows only links listed in sitemap.xml, which needs site_url.
    # Material takes the protocol and host name from the page but keeps the port of site_url.
    config = re.sub(r"(?m)^site_url:.*\n", "", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (folder / "mkdocs.yml").write_text(f"site_url: http://127.0.0.1:{port}/\n" + config, encoding="utf-8")
    shutil.copytree(REPO / "overrides", folder / "overrides")
    shutil.copytree(SAMPLES, folder / "jdds")
    (folder / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    (folder / "jdds" / SAMPLE_IN_REVIEW / "appendix.md").write_text(MKM_03_APPENDIX, encoding="utf-8")
    index = folder / "jdds" / "index.md"
    index.write_text(index.read_text(encoding="utf-8")
                     + f"\n\nStart with [bulk provisioning]({SAMPLE_IN_REVIEW}/jobs/bulk-provisioning.md).\n",
                     encoding="utf-8")
    return folder


def build(folder: Path, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=folder, capture_output=True, text=True, timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "JDD_CACHE_DIR": str(folder / "cache"), **environment},
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sites(tmp_path_factory, browser):
    """Both sites, built once for the module: {"static": (site folder, port), "client": (...)}."""
    built = {}
    for mode, environment in (("static", {}), ("client", {"JDD_BROWSER": "none"})):
        port = free_port()
        folder = make_project(tmp_path_factory.mktemp(f"site-{mode}"), port)
        result = build(folder, **environment)
        assert result.returncode == 0, result.stderr[-3000:]
        built[mode] = (folder / "site", port)
    return built


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(site: Path, port: int, headers: dict[str, str] | None = None):
    """Serve a folder on 127.0.0.1 at `port` and yield its base URL."""
    handler = type("Handler", (QuietHandler,), {"extra_headers": headers or {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def offline_page(browser, base: str, **context_options):
    """A page whose requests to anything but `base` are aborted and recorded."""
    context = browser.new_context(**context_options)
    outside: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        yield page, outside
    finally:
        context.close()


ALL_DRAWN = """() => {
  const diagrams = Array.from(document.querySelectorAll('.jdd-diagram'));
  return diagrams.length > 0 && diagrams.every(d => d.querySelector('svg') || d.querySelector('.jdd-diagram__notice'));
}"""


def diagram_state(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.jdd-diagram')).map(d => {
      const visible = Array.from(d.querySelectorAll('svg')).filter(svg => svg.getClientRects().length > 0);
      const box = visible.length ? visible[0].getBoundingClientRect() : {width: 0, height: 0};
      const texts = visible.length ? Array.from(visible[0].querySelectorAll('text')) : [];
      return {
        svgs: d.querySelectorAll(':scope > svg').length,
        visible: visible.length,
        width: box.width, height: box.height,
        labels: texts.filter(t => t.textContent.trim() && t.getBBox().width > 0).length,
        text: d.textContent,
        notice: !!d.querySelector('.jdd-diagram__notice'),
      };
    })""")


# The build --------------------------------------------------------------------------------------

def test_build_fails_on_broken_diagram(sample, project):
    page = sample / "jobs" / "bulk-provisioning.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("  fix --> import\n", "  fix --> end\n"), encoding="utf-8")
    fence = text.split("\n").index("```mermaid") + 1
    line = fence + text.split("```mermaid\n", 1)[1].split("\n").index("  fix --> import") + 1

    result = run_mkdocs("build", cwd=project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/jobs/bulk-provisioning.md:{line}:" in output
    assert "JDD301" in output
    assert "Traceback" not in output


def test_build_pages_carry_svg_and_no_pre_mermaid(sites):
    site = sites["static"][0]
    pages = list(site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html, page
        assert "JDDDIAGRAM" not in html, page
    job = (site / JOB / "index.html").read_text(encoding="utf-8")
    diagrams = re.findall(r'<div class="jdd-diagram jdd-diagram--static".*?</div>', job, re.DOTALL)
    assert len(diagrams) == 1
    assert diagrams[0].count("<svg") == 1
    assert "<style" not in diagrams[0]
    assert not (site / "assets/javascripts/mermaid.min.js").exists()
    assert "jdd-m-" in (site / "assets/stylesheets/jdd-diagram-styles.css").read_text(encoding="utf-8")


def test_client_build_ships_the_pinned_mermaid(sites):
    site = sites["client"][0]
    shipped = site / "assets/javascripts/mermaid.min.js"
    assert shipped.read_bytes() == (REPO / "node_modules/mermaid/dist/mermaid.min.js").read_bytes()
    version = re.search(r'"version":\s*"([^"]+)"', (REPO / "node_modules/mermaid/package.json").read_text())
    assert version.group(1) in shipped.read_text(encoding="utf-8")
    job = (site / JOB / "index.html").read_text(encoding="utf-8")
    assert job.count('class="jdd-diagram jdd-diagram--client"') == 1
    assert 'class="mermaid"' not in job


# What a reader sees -----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("mode", ["static", "client"])
def test_instant_navigation_draws_diagrams(sites, browser, mode):
    with served(*sites[mode]) as base, offline_page(browser, base) as (page, outside):
        page.goto(base)
        # Material intercepts a click only once it has read sitemap.xml, which a busy machine may not have done yet.
        page.wait_for_load_state("networkidle")
        page.evaluate("window.jddNavigationMarker = 'still here'")
        page.click(f"a[href*='{JOB}']")
        page.wait_for_url(f"**/{JOB}/")
        page.wait_for_function(ALL_DRAWN)
        assert page.evaluate("window.jddNavigationMarker") == "still here", "the click reloaded the page"
        ready = page.evaluate("window.jddDiagramsReady")
        states = diagram_state(page)
        assert len(states) == 1
        assert ready["total"] == 1
        assert ready["failed"] == 0
        for state in states:
            assert state["visible"] == 1
            assert "-->" not in state["text"]
            assert state["labels"] >= 5
        assert outside == []


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["static", "client"])
def test_hidden_tabs_and_details_sized_on_reveal(sites, browser, mode):
    with served(*sites[mode]) as base, offline_page(browser, base) as (page, outside):
        page.goto(base + APPENDIX + "/")
        page.wait_for_function(ALL_DRAWN)
        page.evaluate("window.jddDiagramsReady")
        page.click("text=Streaming")
        page.click("summary:has-text('Failure handling')")
        page.wait_for_timeout(200)
        states = diagram_state(page)
        assert len(states) == 3
        batch, streaming, failure = states
        for state in (streaming, failure):
            assert state["visible"] == 1
            assert state["width"] > 50
            assert state["height"] > 20
            assert state["labels"] >= 2
            assert "-->" not in state["text"]
        assert "Dead-letter queue" in failure["text"]
        assert outside == []


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["static", "client"])
def test_offline_site_draws_every_diagram(sites, browser, mode):
    pages = [f"{SAMPLE_IN_REVIEW}/jobs/{name}/" for name in ("bulk-provisioning", "access-review",
                                                             "seasonal-offboarding")] + [APPENDIX + "/"]
    with served(*sites[mode]) as base, offline_page(browser, base) as (page, outside):
        for path in pages:
            page.goto(base + path)
            page.wait_for_function(ALL_DRAWN)
            ready = page.evaluate("window.jddDiagramsReady")
            assert ready["failed"] == 0, path
            for state in diagram_state(page):
                assert state["svgs"] == 1, path
                assert not state["notice"], path
                assert "Syntax error" not in state["text"], path
        assert outside == []


@pytest.mark.browser
def test_library_failure_shows_notice(sites, browser):
    with served(*sites["client"]) as base, offline_page(browser, base) as (page, outside):
        page.route("**/mermaid.min.js", lambda route: route.abort())
        page.goto(base + JOB + "/")
        page.wait_for_function(ALL_DRAWN)
        ready = page.evaluate("window.jddDiagramsReady")
        assert ready == {"total": 1, "drawnAtBuild": 0, "drawnHere": 0, "failed": 1}
        notice = page.locator(".jdd-diagram__notice")
        assert notice.is_visible()
        assert "could not be drawn" in notice.inner_text()
        assert not page.locator(".jdd-diagram code").is_visible()


@pytest.mark.browser
def test_strict_csp_keeps_diagram_styles(sites, browser):
    policy = {"Content-Security-Policy": "default-src 'self'"}
    with served(*sites["static"], policy) as base, offline_page(browser, base) as (page, outside):
        page.goto(base + JOB + "/")
        fill = page.evaluate("getComputedStyle(document.querySelector('.jdd-diagram__svg .node rect')).fill")
        assert fill not in ("rgb(0, 0, 0)", "none")
        assert page.evaluate("window.jddDiagramsReady.then(r => r.drawnAtBuild)") == 1


def svg_filter(page) -> str:
    return page.evaluate("getComputedStyle(document.querySelector('.jdd-diagram__svg')).filter")


@pytest.mark.browser
def test_dark_scheme_inverts_drawing_on_screen_only(sites, browser):
    with served(*sites["static"]) as base, offline_page(browser, base, color_scheme="dark") as (page, outside):
        page.goto(base + JOB + "/")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert page.locator(".jdd-diagram__svg").is_visible()
        assert "invert(1)" in svg_filter(page)
        page.emulate_media(media="print")
        assert page.locator(".jdd-diagram__svg").is_visible()
        assert svg_filter(page) == "none"


@pytest.mark.browser
def test_light_scheme_shows_drawing_as_drawn(sites, browser):
    with served(*sites["static"]) as base, offline_page(browser, base, color_scheme="light") as (page, outside):
        page.goto(base + JOB + "/")
        assert svg_filter(page) == "none"


def test_search_index_leaves_out_drawings(sites):
    site = sites["static"][0]
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    job = (site / JOB / "index.html").read_text(encoding="utf-8")
    assert "<svg" in job
    assert "aria-roledescription" not in index
    assert "jdd-svg" not in index
    assert "jdd-svg" not in job


def test_repeated_drawing_gets_own_ids(sample, project):
    page = sample / "jobs" / "bulk-provisioning.md"
    text = page.read_text(encoding="utf-8")
    fence = "```mermaid\n" + text.split("```mermaid\n", 1)[1].split("```\n", 1)[0] + "```\n"
    page.write_text(text + "\nThe same flow once more:\n\n" + fence, encoding="utf-8")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    for built in (site / JOB / "index.html", site / SAMPLE_IN_REVIEW / "print" / "index.html"):
        html = built.read_text(encoding="utf-8")
        svg_ids = re.findall(r'<svg id="([^"]+)"', html)
        element_ids = re.findall(r'\sid="(jdd-[0-9a-f]{10}-[^"]+)"', html)
        assert len(svg_ids) >= 2, built
        assert len(element_ids) == len(set(element_ids)), built


@pytest.mark.browser
def test_ready_resolves_on_page_without_diagrams(sites, browser):
    with served(*sites["client"]) as base, offline_page(browser, base) as (page, outside):
        page.goto(base + f"{SAMPLE_IN_REVIEW}/business-scenario/")
        assert page.evaluate("window.jddDiagramsReady") == {"total": 0, "drawnAtBuild": 0, "drawnHere": 0, "failed": 0}
        assert not any(url.endswith("mermaid.min.js") for url in outside)


@pytest.mark.browser
def test_page_form_taken_from_cache(project, tmp_path, monkeypatch):
    from slides_support import browser_or_skip

    browser_or_skip()
    cache = tmp_path / "cache"
    monkeypatch.setenv("JDD_CACHE_DIR", str(cache))
    result = run_mkdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    first = (project / "site" / JOB / "index.html").read_text(encoding="utf-8")
    entries = sorted(cache.glob("mermaid-*/pageform/*/*.json"))
    assert entries
    # A mark in every stored page form shows that the next build reads them instead of computing them.
    for entry in entries:
        value = json.loads(entry.read_text(encoding="utf-8"))
        value["svg"] = value["svg"].replace("<svg ", '<svg data-stored="yes" ', 1)
        entry.write_text(json.dumps(value), encoding="utf-8")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr[-3000:]
    second = (project / "site" / JOB / "index.html").read_text(encoding="utf-8")
    assert 'data-stored="yes"' in second
    assert second.replace(' data-stored="yes"', "") == first
