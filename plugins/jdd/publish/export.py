"""`jdd export`: one JDD as a static site for one audience, with its slides, print view and PDF.

The export contains that JDD alone and opens from any static host or from disk
(file://): page URLs end in `.html`, instant navigation is off, there is no
`site_url`, and search is off, because Material's search loads its index in
a web worker, which browsers do not start for pages opened from disk.

For the customer, internal content is removed from the Markdown before
MkDocs reads it: the JDD's pages are copied into a temporary docs folder
through `write_customer_copy`, and the plugin builds with `audience:
customer`. Then every file of the output, the PDF included, is searched
for the removed text and for every other JDD's customer name and title
(`scan_for_leaks`); one hit fails the export and nothing is written.

The site is built into a temporary folder beside the target and renamed
into place only when it is complete, so an interrupted or failed export
leaves no half-written folder.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..core.audience import (
    CUSTOMER,
    INTERNAL,
    AudienceError,
    Leak,
    internal_needles,
    normalise,
    scan_for_leaks,
    write_customer_copy,
)
from ..core.browser import BrowserChoice, launched_browser
from ..core.deck import merged_labels
from ..core.findings import relative_path
from ..core.loader import load_portfolio
from ..core.model import Jdd
from ..core.project import Project
from ..core.sources import is_outside
from .errors import PublishError
from .pdf import DEFAULT_TIMEOUT, PrintedDeck, print_deck, serve_folder, with_metadata
from .site import BuiltSite, build_site

#: Material features that need a web server or link to the project's repository.
_FEATURES_OFF = {"navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress"}
_REPOSITORY_FEATURES = {"content.action.edit", "content.action.view"}


class LeakError(PublishError):
    """A customer output contains internal text or another JDD's customer name or title."""


@dataclass
class PreparedDocs:
    """A temporary docs folder holding one JDD as the audience may see it."""

    docs_dir: Path
    jdd: Jdd
    audience: str
    #: Text that must not appear in a customer output (empty for the internal audience).
    needles: set[str] = field(default_factory=set)
    #: Pages left out because they have `jdd_internal: true`, as paths inside the JDD folder.
    dropped_pages: list[str] = field(default_factory=list)


@dataclass
class Export:
    """A finished export: where it went and the PDF printed into it."""

    output: Path
    pdf: Path
    printed: PrintedDeck
    warnings: list[str]


def prepare_docs(project: Project, slug: str, audience: str, workdir: Path) -> PreparedDocs:
    """Copy the JDD `slug` into `workdir/docs` for `audience`; return the folder and what to scan for."""
    portfolio = load_portfolio(project.docs_dir)
    jdd = portfolio.get(slug)
    if jdd is None:
        raise PublishError(f"no JDD '{slug}' in {project.docs_dir}; give a JDD folder or the slug of one")

    docs_dir = workdir / "docs"
    target = docs_dir / slug
    prepared = PreparedDocs(docs_dir=docs_dir, jdd=jdd, audience=audience)
    if audience == CUSTOMER:
        try:
            copy = write_customer_copy(jdd.folder, target)
            # Found in the sources independently of the copy, so a fault in the copy is caught.
            needles = internal_needles(jdd.folder)
        except AudienceError as exc:
            raise PublishError(str(exc)) from exc
        prepared.dropped_pages = copy.dropped_pages
        prepared.needles = needles | other_jdd_needles(portfolio.jdds, jdd, copy.kept_text)
    else:
        _copy_folder(jdd.folder, target)
    _write_root_redirect(docs_dir, jdd)
    return prepared


def other_jdd_needles(jdds: list[Jdd], jdd: Jdd, kept_text: str) -> set[str]:
    """Return every other JDD's customer name, and its title and slug where `kept_text` lacks them.

    A customer name is searched for even when the JDD's own text contains it:
    another customer named in this customer's deck is a leak to remove. A
    customer with several JDDs is not a leak in its own export, so its own
    name is left out.
    """
    own = normalise(jdd.cover.customer or "")
    kept = normalise(kept_text)
    needles: set[str] = set()
    for other in jdds:
        if other is jdd:
            continue
        customer = normalise(other.cover.customer or "")
        if customer and customer != own:
            needles.add(customer)
        for text in (other.cover.title or "", other.slug):
            if normalise(text) and normalise(text) not in kept:
                needles.add(normalise(text))
    return needles


def build_for_audience(project: Project, prepared: PreparedDocs, site_dir: Path,
                       pdf_url: str | None = None) -> BuiltSite:
    """Build the prepared docs folder into `site_dir` with the project's theme and plugins."""
    jdd = prepared.jdd
    audience = prepared.audience

    def adjust(config: MkDocsConfig) -> None:
        config.docs_dir = str(prepared.docs_dir)
        # Pages open from disk only with `.html` URLs, and instant navigation needs a server.
        config.use_directory_urls = False
        config.site_url = None
        # mkdocs.yml may list every JDD's pages; the plugin builds this JDD's navigation itself.
        config.nav = None
        config.site_name = jdd.display_name
        config.site_description = jdd.cover.title or jdd.display_name
        labels = merged_labels(config.extra.get("jdd_labels"))
        footer = labels["prepared_for"].format(customer=jdd.cover.customer or jdd.slug) \
            if audience == CUSTOMER else labels["prepared_internal"]
        # Material writes `copyright` into the footer as HTML.
        config.copyright = html.escape(footer)
        # Analytics, consent banners and social links are the portfolio site's, not this export's.
        for key in [key for key in config.extra if key != "jdd_labels"]:
            del config.extra[key]
        features_off = set(_FEATURES_OFF)
        if audience == CUSTOMER:
            config.repo_url = None
            config.repo_name = None
            config.edit_uri = None
            features_off |= _REPOSITORY_FEATURES
        config.theme["features"] = [feature for feature in config.theme.get("features") or []
                                    if feature not in features_off]
        _disable_search(config)

        plugin = config.plugins["jdd"]
        plugin.config["audience"] = audience
        plugin.config["only"] = []
        plugin.config["portfolio"] = False
        plugin.config["capability_rollup"] = False
        plugin.config["next_steps_page"] = False
        # The temporary docs folder is outside git, so there is no revision to read.
        plugin.config["git_revisions"] = False
        plugin.pdf_urls = {jdd.slug: pdf_url} if pdf_url else {}

    saved = os.environ.pop("JDD_AUDIENCE", None)
    try:
        return build_site(project.config_file, site_dir, adjust=adjust)
    except PublishError as exc:
        raise PublishError(_source_paths(str(exc), prepared, project)) from exc
    finally:
        if saved is not None:
            os.environ["JDD_AUDIENCE"] = saved


def check_for_leaks(prepared: PreparedDocs, folder: Path, shown_as: Path) -> None:
    """Raise LeakError when any file under `folder` contains a needle; `shown_as` names the folder in the message."""
    if prepared.audience != CUSTOMER:
        return
    leaks = scan_for_leaks(folder, prepared.needles)
    if leaks:
        raise LeakError(_leak_message(leaks, folder, shown_as))


def print_pdf(built: BuiltSite, prepared: PreparedDocs, browser_choice: BrowserChoice | None,
              timeout: float = DEFAULT_TIMEOUT) -> PrintedDeck:
    """Print the prepared JDD's print view from the built site, with its customer-facing metadata."""
    slug = prepared.jdd.slug
    print_url = built.print_urls.get(slug)
    if print_url is None:
        raise PublishError(f"{slug}: the build has no print view for this JDD (is '{slug}/print.md' a page of "
                           "the folder?), so there is nothing to print; rename that page")
    with serve_folder(built.site_dir) as base_url, launched_browser(browser_choice) as browser:
        printed = print_deck(browser, base_url, print_url, slug, timeout)
    printed.pdf = pdf_with_metadata(printed.pdf, prepared.jdd)
    return printed


def pdf_with_metadata(pdf: bytes, jdd: Jdd) -> bytes:
    """Set the PDF's title, author and subject from cover fields that every audience is shown."""
    return with_metadata(pdf, title=jdd.display_name, author=jdd.cover.product_manager, subject=jdd.cover.customer)


def export_jdd(project: Project, slug: str, audience: str, output: Path, *, force: bool,
               browser_choice: BrowserChoice | None, timeout: float = DEFAULT_TIMEOUT) -> Export:
    """Build, print, scan and write the export of one JDD into `output`."""
    output = output.absolute()
    check_output(output, project, force)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part"))
    except OSError as exc:
        raise PublishError(f"{output}: cannot write the export there: {exc.strerror or exc}; choose another "
                           "folder with -o") from exc
    try:
        with tempfile.TemporaryDirectory(prefix="jdd-export-") as workdir:
            prepared = prepare_docs(project, slug, audience, Path(workdir))
            pdf_name = f"{slug}.pdf"
            built = build_for_audience(project, prepared, staging, pdf_url=pdf_name)
            # Scanned before printing too, so a leak stops the export before the browser starts.
            check_for_leaks(prepared, staging, output)
            printed = print_pdf(built, prepared, browser_choice, timeout)
            (staging / pdf_name).write_bytes(printed.pdf)
            check_for_leaks(prepared, staging, output)
        os.chmod(staging, 0o777 & ~_umask())
        _move_into_place(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    warnings = [_source_paths(message, prepared, project) for message in built.warnings]
    return Export(output=output, pdf=output / pdf_name, printed=printed, warnings=warnings)


def check_output(output: Path, project: Project, force: bool) -> None:
    """Reject a target that is a file, contains the project, or is a non-empty folder without --force."""
    if output.exists() and not output.is_dir():
        raise PublishError(f"{output} is a file; give a folder for the export with -o")
    resolved = output.resolve()
    docs_dir = project.docs_dir.resolve()
    if resolved == docs_dir or docs_dir in resolved.parents:
        raise PublishError(f"{output} is inside the docs folder {docs_dir}, so the next site build would publish "
                           "the export; give a folder outside it with -o")
    for kept in (docs_dir, project.root.resolve()):
        if resolved == kept or resolved in kept.parents:
            raise PublishError(f"{output} contains the project at {project.root}, and the export replaces the "
                               "whole folder; give a folder of its own with -o")
    if output.is_dir() and any(output.iterdir()) and not force:
        raise PublishError(f"{output} is not empty; give an empty or new folder with -o, or add --force to "
                           "replace it with the export")


def _move_into_place(staging: Path, output: Path) -> None:
    """Rename the finished export to `output`, replacing an old export only once the new one is complete."""
    if not output.exists():
        os.replace(staging, output)
        return
    if not any(output.iterdir()):
        output.rmdir()
        os.replace(staging, output)
        return
    old = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.", suffix=".old"))
    old.rmdir()
    os.replace(output, old)
    try:
        os.replace(staging, output)
    except OSError:
        os.replace(old, output)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _disable_search(config: MkDocsConfig) -> None:
    search = config.plugins.get("material/search")
    if search is not None:
        search.config["enabled"] = False
    elif "search" in config.plugins:
        raise PublishError(f"{config.config_file_path}: jdd export turns search off, which only Material's "
                           "search plugin allows; use the Material theme")


def _copy_folder(source: Path, target: Path) -> None:
    """Copy a JDD folder without hidden files and without links that lead out of it, as the build skips them."""
    for path in sorted(source.rglob("*")):
        parts = path.relative_to(source).parts
        if any(part.startswith(".") for part in parts) or not path.is_file():
            continue
        if path.is_symlink() and is_outside(path, source):
            continue
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def _write_root_redirect(docs_dir: Path, jdd: Jdd) -> None:
    """Write an `index.html` at the site root that opens the JDD's cover, on a web server and from disk."""
    cover = f"{jdd.slug}/index.html"
    title = html.escape(jdd.display_name)
    docs_dir.mkdir(parents=True, exist_ok=True)
    (docs_dir / "index.html").write_text(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={cover}\">\n</head>\n"
        f"<body><p><a href=\"{cover}\">{title}</a></p></body>\n</html>\n",
        encoding="utf-8",
    )


def _source_paths(message: str, prepared: PreparedDocs, project: Project) -> str:
    """Name the project's files in a message about the temporary docs folder's copies."""
    return message.replace(str(prepared.docs_dir), relative_path(str(project.docs_dir)))


def _leak_message(leaks: list[Leak], folder: Path, shown_as: Path) -> str:
    lines = []
    for leak in leaks[:50]:
        rel = leak.path.relative_to(folder).as_posix()
        lines.append(f"  {shown_as / rel}: '{leak.needle}' ({leak.where})")
    more = f"\n  ... and {len(leaks) - 50} more" if len(leaks) > 50 else ""
    return ("the customer output contains text that must not reach the customer (internal content, or another "
            "JDD's customer name or title), so nothing was written:\n" + "\n".join(lines) + more
            + "\nremove that text from the JDD's customer-facing pages, or mark it internal, and export again")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["CUSTOMER", "INTERNAL", "Export", "LeakError", "PreparedDocs", "build_for_audience", "check_for_leaks",
           "export_jdd", "prepare_docs", "print_pdf"]
