"""Printing a JDD's print view to PDF in headless Chromium.

The built site is served on 127.0.0.1 for the length of the print; the
browser may load nothing from any other host. Each PDF is printed once the
page's fonts are loaded and every diagram is drawn (the page's
`window.jddDiagramsReady` promise, where the diagram script provides it),
and each slide has been fitted into its frame. The page size comes from the
print view's CSS: one 16:9 landscape page per slide.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import tempfile
import threading
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .. import __version__
from .errors import PublishError

#: Seconds a print view may take to load and draw its diagrams, unless the command sets another limit.
DEFAULT_TIMEOUT = 120

#: The viewport the print view is loaded in; the PDF's page size comes from the CSS, not from this.
VIEWPORT = {"width": 1280, "height": 720}

_WAIT_FOR_RENDER = """
async (limit) => {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), limit);
  });
  try {
    return await Promise.race([window.jddSlides.whenRendered(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
"""


@dataclass
class SlideFit:
    """The fit of one slide in its frame, as the print view measured it."""

    index: int
    #: Source file relative to the docs folder; "" for a generated slide.
    source: str
    #: "next-steps" for the generated next-steps summary, else "".
    generated: str
    #: How much more room the content needs, in percent of the room it has; 0 when it fits.
    overflow: int
    #: The scale the content is printed at to fit (1 when it fits).
    zoom: float
    #: True when the content does not fit even at the smallest scale and is cut off.
    clipped: bool


@dataclass
class PrintedDeck:
    pdf: bytes
    pages: int
    slides: int
    fits: list[SlideFit] = field(default_factory=list)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the name the base class uses
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1 at a free port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="jdd-pdf-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def print_deck(browser, base_url: str, print_url: str, slug: str, timeout: float = DEFAULT_TIMEOUT) -> PrintedDeck:
    """Load one print view, wait until it is drawn, fit its slides and print it to PDF bytes."""
    from playwright.sync_api import Error as PlaywrightError

    limit_ms = timeout * 1000
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light", service_workers="block")
    try:
        context.route("**/*", functools.partial(_local_only, base_url))
        page = context.new_page()
        try:
            page.goto(base_url + print_url, wait_until="load", timeout=limit_ms)
        except PlaywrightError as exc:
            raise PublishError(f"{slug}: loading the print view {print_url} failed: {_first_line(exc)}") from exc

        if not page.evaluate("() => Boolean(window.jddSlides)"):
            raise PublishError(
                f"{slug}: the print view has no slide script (window.jddSlides is missing); check that "
                "mkdocs.yml sets theme.custom_dir to the overrides folder with jdd-slides.js"
            )
        try:
            diagrams = page.evaluate(_WAIT_FOR_RENDER, limit_ms)
        except PlaywrightError as exc:
            reason = _first_line(exc)
            if "timed out" in reason:
                raise PublishError(
                    f"{slug}: fonts and diagrams were not drawn within {timeout:g} s; a diagram may be too "
                    "large or failing, so open the print view in a browser to see it, or raise --timeout"
                ) from exc
            raise PublishError(f"{slug}: drawing the print view failed: {reason}") from exc
        failed = diagrams.get("failed", 0) if isinstance(diagrams, dict) else 0
        if failed:
            raise PublishError(
                f"{slug}: {failed} diagram{'s' if failed != 1 else ''} could not be drawn, so the PDF would show "
                "a notice in their place; run jdd check to find the diagram, or open the print view in a browser"
            )

        # Slides are fitted under print styles, so what is measured is what is printed.
        page.emulate_media(media="print")
        fits = [SlideFit(**fit) for fit in page.evaluate("() => window.jddSlides.fitAll()")]
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    return PrintedDeck(pdf=pdf, pages=count_pages(pdf), slides=len(fits), fits=fits)


def _local_only(base_url: str, route) -> None:
    """Let the page load files of the served site only: every other request is aborted."""
    if route.request.url.startswith(base_url):
        route.continue_()
    else:
        route.abort()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def count_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def with_metadata(pdf: bytes, *, title: str, author: str | None, subject: str | None) -> bytes:
    """Return the PDF with its document title, author and subject set."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    metadata = {"/Title": title, "/Creator": f"jdd {__version__}"}
    if author:
        metadata["/Author"] = author
    if subject:
        metadata["/Subject"] = subject
    writer.add_metadata(metadata)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise PublishError(f"{path}: cannot write the PDF there: {exc.strerror or exc}; choose another "
                           "file with -o") from exc
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file readable by its owner only; a PDF gets the usual permissions.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temporary)
        raise PublishError(f"{path}: cannot write the PDF there: {exc.strerror or exc}; choose another "
                           "file with -o") from exc
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
