"""`jdd pdf`: arguments and errors, writing the file, and real PDFs printed by headless Chromium."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_jdd, run_mkdocs
from jdd import cli
from jdd.core.browser import INSTALL_HINT, BrowserNotFound
from jdd.publish.errors import PublishError
from jdd.publish.pdf import with_metadata, write_atomically
from slides_support import (
    DIAGRAM_LABELS,
    DRAFT_OVERLONG,
    DRAFT_SLIDES,
    DRAFT_TABS,
    IN_REVIEW_TITLES,
    NOTES_SENTINEL,
    browser_or_skip,
    make_project,
    new_page,
    pdf_page_sizes,
    pdf_pages_text,
    rasterize,
    serve,
)


# -- arguments and errors, without printing ----------------------------------------


def test_pdf_needs_a_target(project: Path) -> None:
    result = run_jdd("pdf", cwd=project)

    assert result.returncode == 2
    assert "jdd pdf: error: give the JDD to print, as its folder or its slug, or --all" in result.stderr


def test_pdf_target_or_all(project: Path) -> None:
    result = run_jdd("pdf", SAMPLE_IN_REVIEW, "--all", cwd=project)

    assert result.returncode == 2
    assert "give either a JDD (TARGET) or --all, not both" in result.stderr


def test_pdf_unknown_slug_suggests(project: Path) -> None:
    result = run_jdd("pdf", "northwind-seasonal-onboardin", cwd=project)

    assert result.returncode == 2
    assert "no JDD 'northwind-seasonal-onboardin' in" in result.stderr
    assert "did you mean 'northwind-seasonal-onboarding'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_pdf_folder_outside_docs(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / SAMPLE_IN_REVIEW
    shutil.copytree(project / "jdds" / SAMPLE_IN_REVIEW, outside)
    (tmp_path / "elsewhere" / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8"))

    result = run_jdd("pdf", str(outside), cwd=project)

    assert result.returncode == 2
    assert f"'{outside}' is not a JDD folder of the docs folder" in result.stderr


def test_pdf_not_a_jdd_folder(project: Path) -> None:
    result = run_jdd("pdf", "overrides", cwd=project)

    assert result.returncode == 2
    assert "is not a JDD folder or a file in one" in result.stderr


def test_pdf_all_needs_a_folder(project: Path) -> None:
    result = run_jdd("pdf", "--all", "-o", "decks.pdf", cwd=project)

    assert result.returncode == 2
    assert "with --all, -o names a folder for the PDFs, not a file: 'decks.pdf'" in result.stderr


def test_pdf_needs_mkdocs_yml(project: Path) -> None:
    (project / "mkdocs.yml").unlink()

    result = run_jdd("pdf", f"jdds/{SAMPLE_IN_REVIEW}", cwd=project)

    assert result.returncode == 2
    assert "no mkdocs.yml found here or in a parent folder" in result.stderr


def test_pdf_rejects_bad_timeout(project: Path) -> None:
    result = run_jdd("pdf", SAMPLE_IN_REVIEW, "--timeout", "0", cwd=project)

    assert result.returncode == 2
    assert "the timeout must be more than 0 seconds, not 0" in result.stderr


def test_pdf_without_browser_says_how_to_install(project: Path, monkeypatch, capsys) -> None:
    def no_browser(explicit=None):
        raise BrowserNotFound("no Chromium or Chrome found; " + INSTALL_HINT)

    monkeypatch.setattr("jdd.publish.command.find_browser", no_browser)
    monkeypatch.chdir(project)

    status = cli.main(["pdf", SAMPLE_IN_REVIEW])

    error = capsys.readouterr().err
    assert status == 1
    assert error.count("\n") == 1
    assert "jdd pdf: error: jdd pdf needs a Chromium or Chrome browser: no Chromium or Chrome found" in error
    assert "python -m playwright install chromium" in error
    assert not (project / "build").exists()


def test_pdf_bad_browser_path(project: Path, monkeypatch) -> None:
    monkeypatch.setenv("JDD_BROWSER", str(project / "no-such-chrome"))

    result = run_jdd("pdf", SAMPLE_IN_REVIEW, cwd=project)

    assert result.returncode == 1
    assert "JDD_BROWSER names" in result.stderr
    assert "correct the path, or install one with 'python -m playwright install chromium'" in result.stderr
    assert "Traceback" not in result.stderr


def test_write_atomically_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deck.pdf"
    write_atomically(target, b"first")
    write_atomically(target, b"second")

    assert target.read_bytes() == b"second"
    assert sorted(path.name for path in target.parent.iterdir()) == ["deck.pdf"]
    assert target.stat().st_mode & 0o777 != 0o600


def test_write_atomically_failure_leaves_nothing(tmp_path: Path) -> None:
    # A folder where the file should go: the rename fails after the data is written.
    target = tmp_path / "deck.pdf"
    target.mkdir()

    with pytest.raises(PublishError, match="deck.pdf: cannot write the PDF there"):
        write_atomically(target, b"data")

    assert sorted(path.name for path in tmp_path.iterdir()) == ["deck.pdf"]
    assert list(target.iterdir()) == []


def test_with_metadata_sets_fields() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(960, 540)
    buffer = io.BytesIO()
    writer.write(buffer)

    info = PdfReader(io.BytesIO(with_metadata(buffer.getvalue(), title="Acme: T", author="Pat",
                                               subject="Acme"))).metadata

    assert info["/Title"] == "Acme: T"
    assert info["/Author"] == "Pat"
    assert info["/Subject"] == "Acme"
    assert info["/Creator"].startswith("jdd ")


# -- real PDFs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory):
    """One project printed twice: one JDD by folder to the default place, and --all into a folder."""
    browser_or_skip()
    root = make_project(tmp_path_factory.mktemp("pdf") / "project")
    single = run_jdd("pdf", f"jdds/{SAMPLE_IN_REVIEW}", cwd=root)
    every = run_jdd("pdf", "--all", "-o", "decks", cwd=root)
    return SimpleNamespace(root=root, single=single, every=every,
                           in_review=root / "build" / "pdf" / f"{SAMPLE_IN_REVIEW}.pdf",
                           draft=root / "decks" / f"{SAMPLE_DRAFT}.pdf")


@pytest.mark.browser
def test_pdf_written_to_default_place(printed) -> None:
    assert printed.single.returncode == 0, printed.single.stderr
    assert printed.single.stdout == f"{SAMPLE_IN_REVIEW} → build/pdf/{SAMPLE_IN_REVIEW}.pdf (8 pages)\n"
    assert printed.in_review.is_file()
    assert sorted(path.name for path in printed.in_review.parent.iterdir()) == [f"{SAMPLE_IN_REVIEW}.pdf"]
    assert "Traceback" not in printed.single.stderr


@pytest.mark.browser
def test_pdf_one_landscape_page_per_slide(printed) -> None:
    sizes = pdf_page_sizes(printed.in_review)

    assert len(sizes) == len(IN_REVIEW_TITLES)
    for width, height in sizes:
        assert width > height
        assert abs(width / height - 16 / 9) < 0.001


@pytest.mark.browser
def test_pdf_each_page_one_slide(printed) -> None:
    pages = pdf_pages_text(printed.in_review)

    for number, (text, title) in enumerate(zip(pages, IN_REVIEW_TITLES), 1):
        assert title in text, number
        assert text.count("Slide ") == 1, (number, text)
        assert f"Slide {number} of 8" in text, number
        assert "Northwind Health" in text, number


@pytest.mark.browser
def test_pdf_no_blank_page(printed, tmp_path: Path) -> None:
    pages = pdf_pages_text(printed.in_review)
    last = rasterize(printed.in_review, len(pages), tmp_path / "last")

    assert all(text.strip() for text in pages)
    # The last page shows the last slide, not an empty page after a break.
    assert sum(1 for pixel in last if max(pixel) <= 90) > 0


@pytest.mark.browser
def test_pdf_diagrams_drawn_with_labels(printed) -> None:
    pages = pdf_pages_text(printed.in_review)

    for number, labels in DIAGRAM_LABELS.items():
        for label in labels:
            assert label in pages[number - 1].replace("\n", " "), (number, label)
    # The diagram's Mermaid source never reaches the PDF.
    assert not any("-->" in text or "flowchart LR" in text for text in pages)


@pytest.mark.browser
def test_pdf_without_presenter_notes(printed) -> None:
    for path in (printed.in_review, printed.root / "decks" / f"{SAMPLE_IN_REVIEW}.pdf"):
        assert NOTES_SENTINEL.split()[0] not in "".join(pdf_pages_text(path))


@pytest.mark.browser
def test_pdf_tabs_and_details_printed(printed) -> None:
    pages = pdf_pages_text(printed.draft)
    outputs = pages[DRAFT_SLIDES - 1]

    for text in ("Batch", "Parquet files in the lake.", "Streaming", "Upserts into the serving table.",
                 "Failure handling", "Messages go to the dead-letter queue."):
        assert text in outputs, text


@pytest.mark.browser
def test_pdf_details_keep_margins(printed, tmp_path: Path) -> None:
    def left_edge(page: int) -> int:
        pixels = rasterize(printed.draft, page, tmp_path / f"page-{page}")
        width = 667  # 13.33 in at 50 dpi
        columns = [index % width for index, pixel in enumerate(pixels) if max(pixel) <= 150]
        return min(columns)

    assert left_edge(DRAFT_SLIDES) == left_edge(2)


@pytest.mark.browser
def test_pdf_metadata(printed) -> None:
    from pypdf import PdfReader

    info = PdfReader(printed.in_review).metadata

    assert info["/Title"] == "Northwind Health: Onboarding seasonal clinicians before flu season"
    assert info["/Author"] == "Priya Raman"
    assert info["/Subject"] == "Northwind Health"


@pytest.mark.browser
def test_pdf_all_reports_progress(printed) -> None:
    assert printed.every.returncode == 0, printed.every.stderr
    assert printed.every.stdout.splitlines() == [
        f"[1/2] {SAMPLE_DRAFT} → decks/{SAMPLE_DRAFT}.pdf ({DRAFT_SLIDES} pages)",
        f"[2/2] {SAMPLE_IN_REVIEW} → decks/{SAMPLE_IN_REVIEW}.pdf (8 pages)",
    ]
    assert len(pdf_page_sizes(printed.draft)) == DRAFT_SLIDES


@pytest.mark.browser
def test_pdf_warns_about_overflow(printed) -> None:
    warnings = [line for line in printed.every.stderr.splitlines() if "overflows its frame" in line]

    assert len(warnings) == 1, printed.every.stderr
    assert warnings[0].startswith(f"warning: jdds/{SAMPLE_DRAFT}/{DRAFT_OVERLONG}.md: slide 8 overflows its "
                                  "frame by ")
    assert warnings[0].endswith("% and is cut off in the PDF; shorten it")
    assert "overflows" not in printed.single.stderr


@pytest.mark.browser
def test_pdf_strict_fails_on_overflow(printed, tmp_path: Path) -> None:
    output = tmp_path / "draft.pdf"

    result = run_jdd("pdf", SAMPLE_DRAFT, "--strict", "-o", str(output), cwd=printed.root)

    assert result.returncode == 1
    assert f"{DRAFT_OVERLONG}.md: slide 8 overflows its frame" in result.stderr
    assert "which --strict makes an error" in result.stderr
    assert output.is_file()


@pytest.mark.browser
def test_pdf_build_error_fails(printed, tmp_path: Path) -> None:
    root = make_project(tmp_path / "broken")
    cover = root / "jdds" / SAMPLE_IN_REVIEW / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace("status: in-review", "status: approved"),
                     encoding="utf-8")

    result = run_jdd("pdf", SAMPLE_IN_REVIEW, cwd=root)

    assert result.returncode == 1
    assert "jdd pdf: error: building the site failed:" in result.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/index.md:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "build").exists()


@pytest.mark.browser
def test_browser_print_matches_jdd_pdf(printed, tmp_path: Path) -> None:
    from jdd.core.browser import launched_browser

    build = run_mkdocs("build", "--site-dir", str(tmp_path / "site"), cwd=printed.root)
    assert build.returncode == 0, build.stderr
    with serve(tmp_path / "site") as base_url, launched_browser(browser_or_skip()) as browser:
        page = new_page(browser, base_url)
        page.goto(base_url + f"{SAMPLE_IN_REVIEW}/print/")
        page.evaluate("window.jddSlides.whenRendered()")
        # What a person gets from the browser's print dialog: print media, the page's own size.
        from_browser = page.pdf(prefer_css_page_size=True, print_background=True)
        page.context.close()

    assert pdf_page_sizes(from_browser) == pdf_page_sizes(printed.in_review)
    assert pdf_pages_text(from_browser) == pdf_pages_text(printed.in_review)
