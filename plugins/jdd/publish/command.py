"""The `jdd pdf` command: print one JDD, or every JDD, to PDF.

Output goes to `build/pdf/<slug>.pdf` under the project (the folder of
mkdocs.yml) unless `-o` names a file, or with `--all` a folder. Standard
output gets one line per PDF written; standard error gets warnings (slides
that overflow their frame, MkDocs' warnings) and errors.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from ..core.browser import INSTALL_HINT, BrowserNotFound, find_browser, launched_browser
from ..core.findings import relative_path
from ..core.loader import closest, is_jdd_folder
from ..core.model import JOBS_FOLDER, Jdd
from ..core.project import Project, ProjectError, load_project
from .pdf import DEFAULT_TIMEOUT, PrintedDeck, SlideFit, print_deck, serve_folder, with_metadata, write_atomically
from .errors import PublishError

EXIT_OK = 0
EXIT_FAILED = 1

#: Default folder for the PDFs, relative to the project folder.
DEFAULT_OUTPUT_DIR = Path("build") / "pdf"


class PdfUsageError(Exception):
    """Invalid arguments (exit status 2). The message names the argument and the expected form."""


@dataclass
class _Target:
    project: Project
    #: Slugs to print, in order.
    slugs: list[str]
    output_dir: Path | None
    output_file: Path | None


def run_pdf(args) -> int:
    """Run `jdd pdf` with parsed arguments; return the exit status."""
    target = _resolve_target(args)
    try:
        browser_choice = find_browser(args.browser)
    except BrowserNotFound as exc:
        message = str(exc)
        if INSTALL_HINT not in message:
            message += "; correct the path, or " + INSTALL_HINT
        _error(f"jdd pdf needs a Chromium or Chrome browser: {message}")
        return EXIT_FAILED
    try:
        return _print_all(target, browser_choice, args)
    except PublishError as exc:
        _error(str(exc))
        return EXIT_FAILED


def _resolve_target(args) -> _Target:
    if args.all and args.target:
        raise PdfUsageError("give either a JDD (TARGET) or --all, not both")
    if not args.all and not args.target:
        raise PdfUsageError("give the JDD to print, as its folder or its slug, or --all for every JDD")

    folder: Path | None = None
    if args.target and Path(args.target).exists():
        folder = _jdd_folder_of(Path(args.target))
    try:
        project = load_project(start=folder.parent if folder else None, config_file=args.config_file)
    except ProjectError as exc:
        raise PdfUsageError(str(exc)) from exc
    if project.config_file is None:
        raise PdfUsageError("no mkdocs.yml found here or in a parent folder; jdd pdf builds the site with it, "
                            "so run it inside the project or give -f")
    docs_dir = project.docs_dir.resolve()

    if args.all:
        slugs = sorted(child.name for child in docs_dir.iterdir()
                       if not child.name.startswith((".", "_")) and is_jdd_folder(child)) if docs_dir.is_dir() else []
        if not slugs:
            raise PdfUsageError(f"no JDD folder in {docs_dir}; create one with jdd new")
        if args.output and args.output.suffix.lower() == ".pdf":
            raise PdfUsageError(f"with --all, -o names a folder for the PDFs, not a file: '{args.output}'")
        return _Target(project, slugs, args.output or project.root / DEFAULT_OUTPUT_DIR, None)

    if folder is not None:
        if folder.parent.resolve() != docs_dir:
            raise PdfUsageError(f"'{args.target}' is not a JDD folder of the docs folder {docs_dir} that "
                                f"{project.config_file} builds; give a JDD folder inside it")
        slug = folder.name
    else:
        slug = str(args.target).strip("/")
        if not (docs_dir / slug).is_dir() or not is_jdd_folder(docs_dir / slug):
            known = [child.name for child in docs_dir.iterdir() if is_jdd_folder(child)] if docs_dir.is_dir() else []
            guess = closest(slug, known)
            hint = f"; did you mean '{guess}'?" if guess else "; give a JDD folder or the slug of one"
            raise PdfUsageError(f"no JDD '{slug}' in {docs_dir}{hint}")

    if args.output and args.output.is_dir():
        return _Target(project, [slug], args.output, None)
    return _Target(project, [slug], None, args.output or project.root / DEFAULT_OUTPUT_DIR / f"{slug}.pdf")


def _jdd_folder_of(path: Path) -> Path:
    """Return the JDD folder that `path` (the folder itself or a file in it) belongs to."""
    path = path.resolve()
    for candidate in (path, *path.parents):
        if candidate.is_dir() and is_jdd_folder(candidate) and candidate.name != JOBS_FOLDER:
            return candidate
    raise PdfUsageError(f"'{path}' is not a JDD folder or a file in one; give a JDD folder or its slug")


def resolve_jdd(target: str, config_file: Path | None) -> tuple[Project, str]:
    """Return the project and the slug of one JDD given as its folder, a file in it, or its slug."""
    resolved = _resolve_target(SimpleNamespace(all=False, target=target, config_file=config_file, output=None))
    return resolved.project, resolved.slugs[0]


def _print_all(target: _Target, browser_choice, args) -> int:
    if getattr(args, "audience", "internal") == "customer":
        return _print_for_customer(target, browser_choice, args)
    # MkDocs is imported only here, so the other commands start without it.
    from .site import build_site

    only = None if args.all else set(target.slugs)
    problems = False
    with tempfile.TemporaryDirectory(prefix="jdd-pdf-") as site_dir:
        built = build_site(target.project.config_file, Path(site_dir), only=only)
        for message in built.warnings:
            _warn(message)

        missing = [slug for slug in target.slugs if slug not in built.print_urls]
        for slug in missing:
            _warn(f"{slug}: the build has no print view for this JDD (is '{slug}/print.md' a page of the "
                  "folder?), so it is not printed")
        if missing and not args.all:
            raise PublishError(f"{target.slugs[0]}: no print view was built, so there is nothing to print")

        printable = [slug for slug in target.slugs if slug in built.print_urls]
        with serve_folder(Path(site_dir)) as base_url, launched_browser(browser_choice) as browser:
            for position, slug in enumerate(printable, 1):
                printed = print_deck(browser, base_url, built.print_urls[slug], slug, args.timeout)
                path = _output_path(target, slug)
                write_atomically(path, _with_jdd_metadata(printed, built.jdds[slug]))
                problems |= _report(printed, slug, target.project, position, len(printable), path, args.all)
    if problems and args.strict:
        _error("a slide does not fit its frame or a PDF has not one page per slide (see the warnings "
               "above), which --strict makes an error")
        return EXIT_FAILED
    return EXIT_OK


def _print_for_customer(target: _Target, browser_choice, args) -> int:
    """Print each JDD from a build of that JDD alone, with internal content removed before rendering."""
    from .export import build_for_audience, check_for_leaks, prepare_docs, print_pdf

    problems = False
    for position, slug in enumerate(target.slugs, 1):
        path = _output_path(target, slug)
        with tempfile.TemporaryDirectory(prefix="jdd-pdf-") as workdir:
            prepared = prepare_docs(target.project, slug, "customer", Path(workdir))
            site_dir = Path(workdir) / "site"
            built = build_for_audience(target.project, prepared, site_dir)
            for message in built.warnings:
                _warn(message)
            check_for_leaks(prepared, site_dir, site_dir)
            printed = print_pdf(built, prepared, browser_choice, args.timeout)
            # The PDF is scanned where it was printed, before anything reaches the output file.
            scanned = Path(workdir) / "pdf"
            scanned.mkdir()
            (scanned / path.name).write_bytes(printed.pdf)
            check_for_leaks(prepared, scanned, path.parent)
            write_atomically(path, printed.pdf)
        problems |= _report(printed, slug, target.project, position, len(target.slugs), path, args.all)
    if problems and args.strict:
        _error("a slide does not fit its frame or a PDF has not one page per slide (see the warnings "
               "above), which --strict makes an error")
        return EXIT_FAILED
    return EXIT_OK


def _output_path(target: _Target, slug: str) -> Path:
    if target.output_file is not None:
        return target.output_file
    return target.output_dir / f"{slug}.pdf"


def _with_jdd_metadata(printed: PrintedDeck, jdd: Jdd) -> bytes:
    return with_metadata(
        printed.pdf,
        title=jdd.display_name,
        author=jdd.cover.product_manager,
        subject=jdd.cover.customer,
    )


def _report(printed: PrintedDeck, slug: str, project: Project, position: int, total: int, path: Path,
            numbered: bool) -> bool:
    """Print where the PDF went and warn about slides that do not fit; return whether there was a warning."""
    display_path = relative_path(str(path.resolve()))
    prefix = f"[{position}/{total}] " if numbered else ""
    pages = f"{printed.pages} page{'s' if printed.pages != 1 else ''}"
    print(f"{prefix}{slug} → {display_path} ({pages})", flush=True)

    if printed.pages != printed.slides:
        _warn(f"{slug}: the PDF has {printed.pages} pages for {printed.slides} slides, so a slide was split "
              "or a page left blank; open the print view in a browser to see which")
    overflowed = False
    for fit in printed.fits:
        if fit.overflow > 0:
            overflowed = True
            _warn(_overflow_message(fit, slug, project))
    return overflowed or printed.pages != printed.slides


def _overflow_message(fit: SlideFit, slug: str, project: Project) -> str:
    if fit.generated == "next-steps":
        where = relative_path(str(project.docs_dir / slug / JOBS_FOLDER)) + "/"
        subject = f"{where}: slide {fit.index} (the next-steps summary made from these job pages)"
        fix = "shorten the Next Steps of the job pages"
    else:
        subject = f"{relative_path(str(project.docs_dir / fit.source))}: slide {fit.index}"
        fix = "shorten it"
    if fit.clipped:
        return f"{subject} overflows its frame by {fit.overflow}% and is cut off in the PDF; {fix}"
    return f"{subject} overflows its frame by {fit.overflow}%, so it is printed at {round(fit.zoom * 100)}% size; {fix}"


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def _error(message: str) -> None:
    print(f"jdd pdf: error: {message}", file=sys.stderr, flush=True)


def add_arguments(parser) -> None:
    """Add the options of `jdd pdf` to its argument parser."""
    parser.add_argument("target", nargs="?", metavar="TARGET",
                        help="the JDD to print: its folder, a file in it, or its slug in the docs folder")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="the PDF to write (default: build/pdf/SLUG.pdf in the project folder); "
                             "with --all, the folder for the PDFs")
    parser.add_argument("--all", action="store_true", help="print every JDD of the docs folder, one PDF each")
    parser.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"how long one JDD may take to load and draw its diagrams (default: {DEFAULT_TIMEOUT})")
    parser.add_argument("--browser", metavar="PATH",
                        help="the Chromium or Chrome executable to print with (default: JDD_BROWSER, then "
                             "Playwright's Chromium, then a system one)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a slide overflows its frame or a PDF's page count differs from its "
                             "slide count")
    parser.add_argument("--audience", choices=("internal", "customer"), default="internal",
                        help="internal (default): everything, every slide marked Internal; customer: a build "
                             "of the JDD alone without internal content, checked for leaks before it is written")
    parser.add_argument("-f", "--config-file", type=Path, help="the mkdocs.yml to read (default: the nearest one)")


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"the timeout must be more than 0 seconds, not {text}")
    return value
