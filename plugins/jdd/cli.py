"""The `jdd` command line: check JDDs without building the site."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from . import __version__
from .core.check import ConfigError, check_targets, find_targets, rule_config
from .core.codes import catalogue_markdown, CODES
from .core.diagrams import DiagramOptions
from .core.diagrams.cache import default_cache_dir
from .core.findings import Finding, Severity
from .core.loader import closest
from .core.project import ProjectError, load_project
from .core.scaffold import DEFAULT_JOBS, ScaffoldError, TargetExistsError, create_jdd
from .publish.command import PdfUsageError, add_arguments as add_pdf_arguments, run_pdf

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

JSON_FORMAT_VERSION = 1


class UsageError(Exception):
    """A command was called wrongly; exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jdd",
        description="Write, check and publish Jobs Definition Documents (JDDs).",
    )
    parser.add_argument("--version", action="version", version=f"jdd {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check JDDs for faults, without building the site",
        description="Check JDD folders and report every finding as path:line:col: severity CODE message. "
                    "Exit status: 0 no error, 1 errors found (or warnings with --strict), 2 usage error.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="a JDD folder, a file in one, or a docs folder of JDDs (default: the project's docs folder)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text (default), github workflow annotations, or a JSON document")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("-f", "--config-file", type=Path, help="the mkdocs.yml to read (default: the nearest one)")
    check.add_argument("--browser", metavar="PATH",
                       help="the Chromium or Chrome in which mermaid checks the diagrams (default: JDD_BROWSER, "
                            "then the Chromium Playwright installed, then the system's)")
    check.add_argument("--no-browser", action="store_true",
                       help="check diagrams with the structural lint only, without starting a browser")
    check.set_defaults(handler=command_check)

    new = commands.add_parser(
        "new",
        help="create a JDD folder from the template",
        description="Create a JDD folder SLUG in the project's docs folder from the template, at draft status. "
                    "Every TODO in it is what is left to write; jdd check lists them. "
                    "Exit status: 0 created, 1 the folder exists (nothing changed), 2 invalid value.",
    )
    new.add_argument("slug", metavar="SLUG",
                     help="the folder name: lowercase letters, digits and hyphens, e.g. northwind-onboarding")
    new.add_argument("--customer", required=True, metavar="NAME",
                     help="the customer's name as they write it, e.g. \"Northwind Health\"")
    new.add_argument("--jobs", type=int, default=DEFAULT_JOBS, metavar="N",
                     help=f"the number of job pages to create, 1 to 10 (default: {DEFAULT_JOBS})")
    new.add_argument("--root", type=Path, metavar="DIR",
                     help="the folder to create the JDD in (default: the docs folder of the nearest mkdocs.yml)")
    new.add_argument("-f", "--config-file", type=Path, help="the mkdocs.yml to read (default: the nearest one)")
    new.set_defaults(handler=command_new)

    serve = commands.add_parser(
        "serve",
        help="preview the site while editing, optionally only some JDDs",
        description="Run `mkdocs serve`. With SLUGs, only those JDDs (and the pages outside JDDs) are built, "
                    "so a rebuild after each save stays fast however large the portfolio is.",
    )
    serve.add_argument("slugs", nargs="*", metavar="SLUG", help="the JDD folders to preview (default: all)")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                       help="the address to serve on (default: 127.0.0.1:8000)")
    serve.add_argument("-f", "--config-file", type=Path, help="the mkdocs.yml to use (default: the nearest one)")
    serve.set_defaults(handler=command_serve)

    pdf = commands.add_parser(
        "pdf",
        help="print a JDD's slides to PDF, one 16:9 page per slide",
        description="Build the site into a temporary folder, open the JDD's print view in headless Chromium "
                    "and print it once every diagram is drawn. Writes build/pdf/SLUG.pdf in the project "
                    "folder unless -o says otherwise, and warns about slides that overflow their frame. "
                    "Exit status: 0 written, 1 failed (or warnings with --strict), 2 usage error.",
    )
    add_pdf_arguments(pdf)
    pdf.set_defaults(handler=command_pdf)

    export = commands.add_parser(
        "export",
        help="write one JDD as a static site for one audience: slides, print view and PDF",
        description="Build one JDD alone into a static site that opens from any web server or from disk, "
                    "with its slides, its print view and its PDF (SLUG.pdf at the top of the folder). "
                    "--audience customer removes internal content before rendering and searches every "
                    "output file for it and for other customers' names before anything is written. "
                    "The folder is written whole or not at all. "
                    "Exit status: 0 written, 1 failed (nothing written), 2 usage error.",
    )
    export.add_argument("target", metavar="TARGET",
                        help="the JDD to export: its folder, a file in it, or its slug in the docs folder")
    export.add_argument("--audience", choices=("internal", "customer"), required=True,
                        help="customer: without internal content, footer 'Prepared for CUSTOMER'; "
                             "internal: everything, every slide marked Internal")
    export.add_argument("-o", "--output", type=Path, metavar="DIR",
                        help="the folder to write (default: build/export/SLUG-AUDIENCE in the project folder)")
    export.add_argument("--force", action="store_true", help="replace DIR when it is not empty")
    export.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="how long the print view may take to load and draw its diagrams (default: 120)")
    export.add_argument("--browser", metavar="PATH",
                        help="the Chromium or Chrome to print the PDF with (default: JDD_BROWSER, then "
                             "Playwright's Chromium, then a system one)")
    export.add_argument("-f", "--config-file", type=Path, help="the mkdocs.yml to read (default: the nearest one)")
    export.set_defaults(handler=command_export)

    codes = commands.add_parser("codes", help="list every finding code with its fix")
    codes.add_argument("--format", choices=("text", "markdown"), default="text")
    codes.set_defaults(handler=command_codes)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"jdd {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("jdd: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (as in `jdd check | head`); stop writing quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def command_check(args: argparse.Namespace) -> int:
    for path in args.paths:
        if not path.exists():
            raise UsageError(f"'{path}' does not exist; give a JDD folder, a file in one, or a docs folder")
    try:
        project = load_project(config_file=args.config_file)
        config = rule_config(project.plugin_options)
    except (ProjectError, ConfigError) as exc:
        raise UsageError(str(exc)) from exc
    if not args.paths and not project.docs_dir.is_dir():
        raise UsageError(f"no docs folder at '{project.docs_dir}'; run jdd check inside the project or give a path")

    targets = find_targets(project.docs_dir, list(args.paths))
    if not targets.folders and not targets.problems:
        if args.paths and all(path.is_file() for path in args.paths):
            # The pre-commit hook passes every changed Markdown file; those outside JDDs have nothing to check.
            print("no file inside a JDD folder among the given files; nothing to check", file=sys.stderr)
            return EXIT_OK
        raise UsageError("no JDD folder found in " + (", ".join(map(str, args.paths)) or str(project.docs_dir)))
    diagrams = DiagramOptions(project_root=project.root, browser=args.browser, use_browser=not args.no_browser)
    result = check_targets(targets, config, diagrams, cache_dir=default_cache_dir(project.root))

    writer = {"text": write_text, "github": write_github, "json": write_json}[args.format]
    writer(result.findings, result.jdd_count)
    if result.diagrams is not None:
        if result.diagrams.notice:
            print(f"info JDD303 {result.diagrams.notice}", file=sys.stderr)
        print(result.diagrams.summary, file=sys.stderr)

    counts = result.counts
    if counts[Severity.ERROR] or (args.strict and counts[Severity.WARNING]):
        return EXIT_FINDINGS
    return EXIT_OK


def _summary(findings: list[Finding], jdd_count: int) -> str:
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    warnings = sum(1 for finding in findings if finding.severity is Severity.WARNING)
    plural = lambda count, word: f"{count} {word}{'' if count == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(jdd_count, 'JDD')}"


def write_text(findings: list[Finding], jdd_count: int) -> None:
    for finding in findings:
        print(finding.format())
    print(_summary(findings, jdd_count), file=sys.stderr)


def write_github(findings: list[Finding], jdd_count: int) -> None:
    """Print workflow commands, which GitHub shows as annotations on the pull request diff."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for finding in findings:
        properties = ",".join([
            f"file={_escape_property(finding.display_path())}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"title={_escape_property(finding.code)}",
        ])
        print(f"::{level[finding.severity]} {properties}::{_escape_data(finding.message)}")
    print(_summary(findings, jdd_count), file=sys.stderr)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_json(findings: list[Finding], jdd_count: int) -> None:
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    warnings = sum(1 for finding in findings if finding.severity is Severity.WARNING)
    document = {
        "version": JSON_FORMAT_VERSION,
        "summary": {"jdds": jdd_count, "errors": errors, "warnings": warnings},
        "findings": [finding.as_dict() for finding in findings],
    }
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    print()


def command_new(args: argparse.Namespace) -> int:
    if args.root is not None:
        docs_dir = args.root
    else:
        try:
            docs_dir = load_project(config_file=args.config_file).docs_dir
        except ProjectError as exc:
            raise UsageError(str(exc)) from exc
    try:
        created = create_jdd(docs_dir, args.slug, args.customer, args.jobs)
    except TargetExistsError as exc:
        print(f"jdd new: error: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        print(f"jdd new: error: cannot write the JDD into '{docs_dir}': {exc.strerror or exc}; "
              "nothing was created", file=sys.stderr)
        return EXIT_FINDINGS

    folder = Path(os.path.relpath(created.folder))
    print(f"Created the JDD '{args.slug}' at draft status:")
    for rel in created.files:
        print(f"  {(folder / rel).as_posix()}")
    print("Next:")
    print(f"  jdd check {folder.as_posix()}    # lists every TODO that is left to write")
    print("  mkdocs serve    # previews the site while you write")
    return EXIT_OK


def command_serve(args: argparse.Namespace) -> int:
    try:
        project = load_project(config_file=args.config_file)
    except ProjectError as exc:
        raise UsageError(str(exc)) from exc
    if project.config_file is None:
        raise UsageError("no mkdocs.yml found here or in a parent folder; run jdd serve inside the project")
    for slug in args.slugs:
        if not (project.docs_dir / slug).is_dir():
            known = sorted(child.name for child in project.docs_dir.iterdir() if child.is_dir())
            guess = closest(slug, known)
            hint = f"; did you mean '{guess}'?" if guess else ""
            raise UsageError(f"no JDD folder '{slug}' in {project.docs_dir}{hint}")

    environment = {**os.environ, "JDD_ONLY": ",".join(args.slugs)}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr,
               "--config-file", str(project.config_file)]
    return subprocess.call(command, env=environment)


def command_pdf(args: argparse.Namespace) -> int:
    try:
        return run_pdf(args)
    except PdfUsageError as exc:
        raise UsageError(str(exc)) from exc


def command_export(args: argparse.Namespace) -> int:
    from .core.browser import INSTALL_HINT, BrowserNotFound, find_browser
    from .core.findings import relative_path
    from .publish.command import resolve_jdd
    from .publish.errors import PublishError

    if args.timeout is not None and args.timeout <= 0:
        raise UsageError(f"the timeout must be more than 0 seconds, not {args.timeout:g}")
    try:
        project, slug = resolve_jdd(args.target, args.config_file)
    except PdfUsageError as exc:
        raise UsageError(str(exc)) from exc
    output = args.output or project.root / "build" / "export" / f"{slug}-{args.audience}"
    from .publish.export import check_output, export_jdd
    from .publish.pdf import DEFAULT_TIMEOUT

    try:
        # Checked before the browser is looked for, so a wrong -o is reported first.
        check_output(output.absolute(), project, args.force)
    except PublishError as exc:
        print(f"jdd export: error: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    try:
        browser_choice = find_browser(args.browser)
    except BrowserNotFound as exc:
        message = str(exc) if INSTALL_HINT in str(exc) else f"{exc}; correct the path, or {INSTALL_HINT}"
        print(f"jdd export: error: jdd export prints the PDF with a Chromium or Chrome browser: {message}",
              file=sys.stderr)
        return EXIT_FINDINGS

    try:
        result = export_jdd(project, slug, args.audience, output, force=args.force, browser_choice=browser_choice,
                            timeout=args.timeout or DEFAULT_TIMEOUT)
    except PublishError as exc:
        print(f"jdd export: error: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    for message in result.warnings:
        print(f"warning: {message}", file=sys.stderr)
    overflowing = sum(1 for fit in result.printed.fits if fit.overflow > 0)
    if overflowing:
        print(f"warning: {slug}: {overflowing} slide{'s' if overflowing != 1 else ''} overflow their frame; "
              f"run jdd pdf {slug} to see which", file=sys.stderr)
    pages = f"{result.printed.pages} page{'s' if result.printed.pages != 1 else ''}"
    print(f"{slug} ({args.audience}) → {relative_path(str(result.output))}/ "
          f"(open {relative_path(str(result.output / 'index.html'))}; PDF {result.pdf.name}, {pages})")
    return EXIT_OK


def command_codes(args: argparse.Namespace) -> int:
    if args.format == "markdown":
        sys.stdout.write(catalogue_markdown())
        return EXIT_OK
    for code in sorted(CODES.values(), key=lambda code: code.code):
        print(f"{code.code}  {code.name:<28} {code.summary}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
