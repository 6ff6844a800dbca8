"""Helpers for the slide and PDF tests: a sample project with presenter notes, tabs and an
overlong slide, a static server on 127.0.0.1, and the browser (or a loud skip without one)."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jdd.publish.pdf import serve_folder

from conftest import REPO, SAMPLE_DRAFT, SAMPLE_IN_REVIEW, SAMPLES, write

#: Text that exists only in presenter notes: it must never reach a slide, the print view or a PDF.
NOTES_SENTINEL = "NOTES-SENTINEL-7f3a Ask who owns late roster additions"

#: Slide titles of the in-review sample, in deck order.
IN_REVIEW_TITLES = [
    "Onboarding seasonal clinicians before flu season",
    "Business Scenario",
    "Customer Jobs-to-be-Done",
    "Status of Capabilities",
    "Provision seasonal clinicians in bulk",
    "Prove access compliance to auditors",
    "Remove access when the season ends",
    "Next Steps",
]

#: Node labels of the in-review sample's diagrams, one per job slide.
DIAGRAM_LABELS = {
    5: ["HR exports roster", "Clinicians sign in on day one"],
    6: ["Regulator requests evidence", "Submit to the regulator"],
    7: ["Accounts expire at midnight"],
}

#: Extra pages of the draft sample. They follow its next-steps slide in name order: an overlong
#: call log is slide 8, and a page of content tabs and a collapsed details block is slide 9, the
#: last. Print must show every part of that page, with the tab labels.
DRAFT_OVERLONG = "call-log"
DRAFT_TABS = "outputs"
DRAFT_SLIDES = 9

TABS_AND_DETAILS = """# Outputs

Where the reconciled invoices go.

## Formats

=== "Batch"

    Parquet files in the lake.

=== "Streaming"

    Upserts into the serving table.

??? warning "Failure handling"
    Messages go to the dead-letter queue.
"""

OVERLONG_PAGE = "# Call log\n\n" + "".join(
    f"- Call {number}: the carrier asked again about invoice {1000 + number} and its disputed surcharge.\n"
    for number in range(1, 61)
)


def make_project(root: Path, site_url: str | None = None) -> Path:
    """Copy mkdocs.yml, the overrides and both samples into `root`, with the test content added."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if site_url:
        # Material's instant navigation follows only links whose path is under site_url, so the
        # test site's own address replaces the published one.
        config = re.sub(r"(?m)^site_url:.*\n", "", config)
        config = f"site_url: {site_url}\n" + config
    write(root / "mkdocs.yml", config)
    shutil.copytree(REPO / "overrides", root / "overrides")
    docs = root / "jdds"
    docs.mkdir()
    shutil.copy(SAMPLES / "index.md", docs / "index.md")
    # The home page links to the guide, so the guide comes along for a strict build.
    for folder in (SAMPLE_IN_REVIEW, SAMPLE_DRAFT, "guide"):
        shutil.copytree(SAMPLES / folder, docs / folder)

    job = docs / SAMPLE_IN_REVIEW / "jobs" / "bulk-provisioning.md"
    job.write_text(job.read_text(encoding="utf-8")
                   + f'\n??? notes "Presenter notes"\n    {NOTES_SENTINEL}.\n', encoding="utf-8")
    write(docs / SAMPLE_DRAFT / f"{DRAFT_OVERLONG}.md", OVERLONG_PAGE)
    write(docs / SAMPLE_DRAFT / f"{DRAFT_TABS}.md", TABS_AND_DETAILS)
    return root


def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 at a free port and yield the base URL, as `jdd pdf` does."""
    return serve_folder(folder)


def browser_or_skip():
    """Return the browser to test with, or skip the test saying why; in CI (CI set) fail instead."""
    from jdd.core.browser import BrowserNotFound, find_browser

    try:
        return find_browser()
    except BrowserNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"no browser in CI for the slide and PDF tests: {exc}")
        pytest.skip(f"SLIDE AND PDF BROWSER TESTS SKIPPED: {exc}")


def new_page(browser, base_url: str, **options):
    """Open a 1280 x 720 page that may load files of the test server only."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, **options)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
                  else route.abort())
    return context.new_page()


def pdf_pages_text(pdf: bytes | Path) -> list[str]:
    from pypdf import PdfReader

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_page_sizes(pdf: bytes | Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(io.BytesIO(data)).pages]


def rasterize(pdf: Path, page: int, out: Path) -> list[tuple[int, int, int]]:
    """Render one PDF page at 50 dpi with pdftoppm and return its pixels as RGB tuples."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed, so PDF pages cannot be looked at")
    subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(out)], check=True, timeout=60)
    data = out.with_suffix(".ppm").read_bytes()
    # Binary PPM: "P6\n<width> <height>\n<max>\n" then RGB bytes.
    header = data.split(b"\n", 3)
    width, height = (int(value) for value in header[1].split())
    pixels = header[3]
    return [tuple(pixels[index:index + 3]) for index in range(0, width * height * 3, 3)]


#: Counts the pixels of two PNG screenshots (data URLs) that differ by more than `limit` in a channel.
COMPARE = """async ([first, second, limit]) => {
  const load = (url) => new Promise((done, fail) => {
    const image = new Image(); image.onload = () => done(image); image.onerror = fail; image.src = url;
  });
  const pixels = (image) => {
    const canvas = document.createElement('canvas');
    canvas.width = image.width; canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, image.width, image.height).data;
  };
  const [a, b] = [await load(first), await load(second)];
  if (a.width !== b.width || a.height !== b.height) return {size: false};
  const [x, y] = [pixels(a), pixels(b)];
  let changed = 0;
  for (let index = 0; index < x.length; index += 4) {
    if (Math.max(Math.abs(x[index] - y[index]), Math.abs(x[index + 1] - y[index + 1]),
                 Math.abs(x[index + 2] - y[index + 2])) > limit) changed++;
  }
  return {size: true, changed, total: x.length / 4};
}"""


def changed_pixels(browser, first: bytes, second: bytes, limit: int = 48) -> dict:
    """Compare two PNG screenshots in the browser: `size` (same size or not), `changed` and `total` pixels."""
    page = browser.new_page()
    try:
        page.route("**/*", lambda route: route.abort())
        urls = ["data:image/png;base64," + base64.b64encode(png).decode("ascii") for png in (first, second)]
        return page.evaluate(COMPARE, [*urls, limit])
    finally:
        page.close()
