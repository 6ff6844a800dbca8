"""Customer and internal exports and PDFs: no internal text and no other customer in any output byte.

The in-review sample gets a sentinel in every internal place, and the draft
sample's customer is renamed to a sentinel. Exports and PDFs run as a user
runs them (`jdd` in its own process), then every file is searched.
"""

from __future__ import annotations

import gzip
import io
import json
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_jdd, run_mkdocs, write
from jdd.core.audience import scan_for_leaks
from slides_support import DIAGRAM_LABELS, IN_REVIEW_TITLES

HAS_CHROMIUM = Path("/usr/bin/chromium").exists()
needs_chromium = pytest.mark.skipif(not HAS_CHROMIUM, reason="/usr/bin/chromium is not installed")

OTHER_CUSTOMER = "Quorvex Sentinel Logistics"

#: One unique string per internal place of the in-review sample.
SENTINELS = {
    "cover": "SENTINEL-COVER-INTERNAL-4b1e",
    "admonition": "SENTINEL-ADMONITION-91c2",
    "details": "SENTINEL-DETAILS-5d07",
    "tab": "SENTINEL-TAB-ADMONITION-e3a8",
    "page": "SENTINEL-INTERNAL-PAGE-77f0",
    "page_title": "SENTINEL-PAGE-TITLE-2c9d",
    "notes": "SENTINEL-NOTES-0a6b",
    "block_comment": "SENTINEL-BLOCK-COMMENT-c41f",
    "inline_comment": "SENTINEL-INLINE-COMMENT-8e53",
    "step_comment": "SENTINEL-NEXT-STEP-COMMENT-f219",
}

CAPABILITIES = ["SCIM bulk endpoint", "CSV import", "Import result report", "Access review report",
                "Audit log export", "Account end dates"]
APPENDIX_TEXT = "Rollouts run clinic by clinic in the first week"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_sentinels(project: Path) -> Path:
    """Put a sentinel in every internal place of the in-review sample and rename the draft's customer."""
    folder = project / "jdds" / SAMPLE_IN_REVIEW
    cover = folder / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace(
        "  internal:\n", f"  internal:\n    account_note: {SENTINELS['cover']} renewal discount ceiling\n", 1),
        encoding="utf-8")
    _append(folder / "business-scenario.md",
            f'\n!!! internal "Pricing caveat"\n    {SENTINELS["admonition"]} discount only with a three-year renewal.\n'
            f"\n<!-- {SENTINELS['block_comment']} ask legal before sharing -->\n")
    _append(folder / "capabilities.md",
            f'\n??? internal "Account politics"\n    {SENTINELS["details"]} the CIO distrusts the identity team.\n')
    _append(folder / "jobs.md", f'\n??? notes "Presenter notes"\n    {SENTINELS["notes"]} pause here for questions.\n')
    steps = folder / "jobs" / "bulk-provisioning.md"
    steps.write_text(steps.read_text(encoding="utf-8").replace(
        "— Tom Okafor — 2026-12-10",
        f"— Tom Okafor — 2026-12-10 <!-- {SENTINELS['step_comment']} only if legal agrees -->", 1),
        encoding="utf-8")
    write(folder / "appendix.md", f"""
        # Appendix: rollout options

        {APPENDIX_TEXT}, with an inline <!-- {SENTINELS['inline_comment']} --> remark.

        === "By clinic"

            Each clinic signs in on its own day.

            !!! internal "Staffing risk"
                {SENTINELS['tab']} the identity team has one engineer in December.

        === "By region"

            All clinics of a region sign in together.
        """)
    write(folder / "internal-pricing.md", f"""
        ---
        jdd_internal: true
        ---

        # {SENTINELS['page_title']} pricing

        {SENTINELS['page']} the floor price is 38 per seat.
        """)
    other = project / "jdds" / SAMPLE_DRAFT / "index.md"
    other.write_text(other.read_text(encoding="utf-8").replace("customer: Halvorsen Freight",
                                                               f"customer: {OTHER_CUSTOMER}", 1), encoding="utf-8")
    return project


def forbidden() -> list[str]:
    return [*SENTINELS.values(), OTHER_CUSTOMER]


def readable_texts(folder: Path) -> dict[str, str]:
    """Return every file's text by path: bytes as text, gzip decompressed, JSON strings, PDF text and metadata."""
    from pypdf import PdfReader

    texts = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        if path.suffix == ".json":
            text += json.dumps(json.loads(text), ensure_ascii=False)
        if path.suffix == ".pdf":
            reader = PdfReader(io.BytesIO(data))
            text += " ".join(str(value) for value in (reader.metadata or {}).values())
            text += "\n".join(page.extract_text() or "" for page in reader.pages)
        texts[rel] = text
    return texts


def assert_no_forbidden_text(folder: Path) -> None:
    texts = readable_texts(folder)
    assert texts, f"{folder} is empty"
    for rel, text in texts.items():
        for needle in forbidden():
            assert needle.casefold() not in text.casefold(), f"{needle} found in {rel}"


@pytest.fixture
def sentinel_project(project: Path) -> Path:
    return add_sentinels(project)


# -- without a browser ---------------------------------------------------------------


def test_internal_site_marks_each_sentinel(sentinel_project: Path) -> None:
    result = run_mkdocs("build", "--strict", cwd=sentinel_project)
    assert result.returncode == 0, result.stderr
    site = sentinel_project / "site" / SAMPLE_IN_REVIEW

    cover = (site / "index.html").read_text(encoding="utf-8")
    assert SENTINELS["cover"] in cover
    assert 'class="jdd-internal" data-jdd-internal><p class="jdd-internal__label">Internal</p>' in cover
    scenario = (site / "business-scenario" / "index.html").read_text(encoding="utf-8")
    assert SENTINELS["admonition"] in scenario
    assert 'class="admonition internal"' in scenario
    capabilities = (site / "capabilities" / "index.html").read_text(encoding="utf-8")
    assert SENTINELS["details"] in capabilities
    assert '<details class="internal"' in capabilities
    appendix = (site / "appendix" / "index.html").read_text(encoding="utf-8")
    assert SENTINELS["tab"] in appendix
    internal_page = (site / "internal-pricing" / "index.html").read_text(encoding="utf-8")
    assert SENTINELS["page"] in internal_page
    assert '<p class="jdd-internal__label">Internal</p><p>This page is internal' in internal_page
    jobs = (site / "jobs" / "index.html").read_text(encoding="utf-8")
    assert SENTINELS["notes"] in jobs
    assert "data-jdd-notes data-jdd-internal" in jobs


def test_customer_site_option_strips(sentinel_project: Path) -> None:
    config = sentinel_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - jdd\n", "  - jdd:\n      audience: customer\n"),
                      encoding="utf-8")
    result = run_mkdocs("build", "--strict", cwd=sentinel_project)
    assert result.returncode == 0, result.stderr

    site = sentinel_project / "site"
    assert not (site / SAMPLE_IN_REVIEW / "internal-pricing").exists()
    texts = readable_texts(site / SAMPLE_IN_REVIEW)
    texts["search/search_index.json"] = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    for rel, text in texts.items():
        for sentinel in SENTINELS.values():
            assert sentinel not in text, f"{sentinel} found in {rel}"
    assert APPENDIX_TEXT in (site / SAMPLE_IN_REVIEW / "appendix" / "index.html").read_text(encoding="utf-8")


def test_audience_environment_variable(sentinel_project: Path) -> None:
    env_result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=sentinel_project,
                                capture_output=True, text=True, env={**os.environ, "JDD_AUDIENCE": "customer"},
                                timeout=900)
    assert env_result.returncode == 0, env_result.stderr
    cover = (sentinel_project / "site" / SAMPLE_IN_REVIEW / "index.html").read_text(encoding="utf-8")
    assert SENTINELS["cover"] not in cover
    assert "Confidential: prepared for Northwind Health" in cover


def test_audience_environment_variable_invalid(sentinel_project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=sentinel_project, capture_output=True,
                            text=True, env={**os.environ, "JDD_AUDIENCE": "partners"}, timeout=900)
    assert result.returncode == 1
    assert "JDD_AUDIENCE is 'partners', an invalid audience" in result.stderr
    assert "Traceback" not in result.stderr


def test_leak_scan_stops_bypassed_strip(sentinel_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With sanitising bypassed, the scan must fail the export and leave no target folder."""
    from jdd.core import audience
    from jdd.core.project import load_project
    from jdd.plugin import audience as plugin_audience
    from jdd.publish import export

    # The plugin imports the function by name, so it is replaced there as well, whatever the test order.
    def bypass(markdown: str) -> audience.Stripped:
        return audience.Stripped(markdown=markdown)

    monkeypatch.setattr(audience, "strip_internal", bypass)
    monkeypatch.setattr(plugin_audience, "strip_internal", bypass)
    monkeypatch.chdir(sentinel_project)
    project = load_project(config_file=sentinel_project / "mkdocs.yml")
    output = sentinel_project / "out" / "customer"

    with pytest.raises(export.LeakError) as caught:
        export.export_jdd(project, SAMPLE_IN_REVIEW, "customer", output, force=False, browser_choice=None)

    message = str(caught.value)
    assert "nothing was written" in message
    assert SENTINELS["admonition"].casefold() in message
    assert f"{output}/{SAMPLE_IN_REVIEW}/business-scenario.html" in message
    assert not output.exists()
    assert list((sentinel_project / "out").iterdir()) == []


@needs_chromium
def test_leak_scan_finds_other_customer(sentinel_project: Path) -> None:
    scenario = sentinel_project / "jdds" / SAMPLE_IN_REVIEW / "business-scenario.md"
    _append(scenario, f"\nLike {OTHER_CUSTOMER}, the team closes its books monthly.\n")
    output = sentinel_project / "customer-export"

    result = run_jdd("export", SAMPLE_IN_REVIEW, "--audience", "customer", "-o", str(output),
                     "--browser", "/usr/bin/chromium", cwd=sentinel_project)

    assert result.returncode == 1, result.stderr
    assert f"'{OTHER_CUSTOMER.casefold()}'" in result.stderr
    assert "business-scenario.html" in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()


def test_export_rejects_non_empty_folder(sentinel_project: Path) -> None:
    output = write(sentinel_project / "taken" / "keep.txt", "mine\n").parent

    result = run_jdd("export", SAMPLE_IN_REVIEW, "--audience", "customer", "-o", str(output), cwd=sentinel_project)

    assert result.returncode == 1
    assert "is not empty; give an empty or new folder with -o, or add --force" in result.stderr
    assert sorted(path.name for path in output.iterdir()) == ["keep.txt"]


def test_export_rejects_project_folder(sentinel_project: Path) -> None:
    result = run_jdd("export", SAMPLE_IN_REVIEW, "--audience", "customer", "-o", "jdds/out", "--force",
                     cwd=sentinel_project)
    assert result.returncode == 1
    assert "is inside the docs folder" in result.stderr

    result = run_jdd("export", SAMPLE_IN_REVIEW, "--audience", "customer", "-o", ".", "--force",
                     cwd=sentinel_project)
    assert result.returncode == 1
    assert "contains the project" in result.stderr
    assert (sentinel_project / "mkdocs.yml").is_file()


def test_export_needs_audience(sentinel_project: Path) -> None:
    result = run_jdd("export", SAMPLE_IN_REVIEW, "-o", "out", cwd=sentinel_project)
    assert result.returncode == 2
    assert "--audience" in result.stderr
    assert not (sentinel_project / "out").exists()


def test_export_unknown_slug(sentinel_project: Path) -> None:
    result = run_jdd("export", "northwind-seasonal", "--audience", "customer", "-o", "out", cwd=sentinel_project)
    assert result.returncode == 2
    assert "did you mean 'northwind-seasonal-onboarding'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_failed_export_leaves_nothing(sentinel_project: Path) -> None:
    """A build error (a broken job link in an in-review JDD) leaves neither DIR nor a staging folder."""
    jobs = sentinel_project / "jdds" / SAMPLE_IN_REVIEW / "jobs.md"
    jobs.write_text(jobs.read_text(encoding="utf-8").replace("jobs/access-review.md", "jobs/missing.md"),
                    encoding="utf-8")
    output = sentinel_project / "exports" / "customer"

    result = run_jdd("export", SAMPLE_IN_REVIEW, "--audience", "customer", "-o", str(output), cwd=sentinel_project)

    assert result.returncode == 1
    assert "jdd export: error:" in result.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/jobs.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert list((sentinel_project / "exports").iterdir()) == []


# -- with Chromium: the real export and PDF ----------------------------------------------


@pytest.fixture(scope="module")
def customer_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One customer export and one customer PDF of the sentinel project, shared by the checks below."""
    import shutil

    from conftest import REPO, SAMPLES

    if not HAS_CHROMIUM:
        pytest.skip("/usr/bin/chromium is not installed")
    root = tmp_path_factory.mktemp("customer")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(SAMPLES, root / "jdds")
    (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    add_sentinels(root)

    output = root / "export"
    result = run_jdd("export", SAMPLE_IN_REVIEW, "--audience", "customer", "-o", str(output),
                     "--browser", "/usr/bin/chromium", cwd=root)
    assert result.returncode == 0, result.stderr
    pdf = root / "customer.pdf"
    result = run_jdd("pdf", SAMPLE_IN_REVIEW, "--audience", "customer", "-o", str(pdf),
                     "--browser", "/usr/bin/chromium", cwd=root)
    assert result.returncode == 0, result.stderr
    return output, pdf


@pytest.mark.browser
@needs_chromium
def test_customer_export_has_no_sentinel(customer_export: tuple[Path, Path]) -> None:
    output, _ = customer_export
    assert_no_forbidden_text(output)
    assert scan_for_leaks(output, set(forbidden())) == []


@pytest.mark.browser
@needs_chromium
def test_customer_pdf_has_no_sentinel(customer_export: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    _, pdf = customer_export
    folder = pdf.parent / "pdf-only"
    folder.mkdir(exist_ok=True)
    (folder / pdf.name).write_bytes(pdf.read_bytes())
    assert_no_forbidden_text(folder)

    metadata = PdfReader(pdf).metadata
    assert metadata.title == "Northwind Health: Onboarding seasonal clinicians before flu season"
    assert metadata.author == "Priya Raman"
    assert metadata.subject == "Northwind Health"


@pytest.mark.browser
@needs_chromium
def test_customer_export_has_own_content(customer_export: tuple[Path, Path]) -> None:
    output, pdf = customer_export
    folder = output / SAMPLE_IN_REVIEW
    site_html = "\n".join(path.read_text(encoding="utf-8") for path in folder.rglob("*.html"))
    # Diagram labels are drawn as SVG, one text element per word: compare the text without tags.
    site_text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", site_html)).split())
    # The PDF breaks long labels over lines: compare with whitespace collapsed.
    pdf_text = " ".join(readable_texts(output)[f"{SAMPLE_IN_REVIEW}.pdf"].split())
    for text in (site_text, pdf_text):
        for title in IN_REVIEW_TITLES + ["Appendix: rollout options"]:
            assert title in text, title
        for labels in DIAGRAM_LABELS.values():
            for label in labels:
                assert label in text, label
        for capability in CAPABILITIES:
            assert capability in text, capability
        assert "Share the SCIM batching guide with the identity team" in text
    assert APPENDIX_TEXT in site_text
    assert "Prepared for Northwind Health" in (folder / "index.html").read_text(encoding="utf-8")
    assert not (folder / "internal-pricing.html").exists()


@pytest.mark.browser
@needs_chromium
def test_customer_export_layout(customer_export: tuple[Path, Path]) -> None:
    output, _ = customer_export
    folder = output / SAMPLE_IN_REVIEW
    assert (output / "index.html").is_file()
    assert (folder / "print.html").is_file()
    assert (output / f"{SAMPLE_IN_REVIEW}.pdf").read_bytes().startswith(b"%PDF")
    cover = (folder / "index.html").read_text(encoding="utf-8")
    assert f'href="../{SAMPLE_IN_REVIEW}.pdf" data-jdd-pdf-link' in cover
    assert "navigation.instant" not in cover
    assert not (output / "search").exists()
    assert "example-org" not in cover
    assert not list(output.rglob(".*.part"))


@pytest.mark.browser
@needs_chromium
def test_customer_export_opens_from_disk(customer_export: tuple[Path, Path], browser) -> None:
    output, _ = customer_export
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto((output / "index.html").as_uri())
        page.wait_for_url(f"**/{SAMPLE_IN_REVIEW}/index.html")
        page.wait_for_selector(".jdd-slide")
        assert page.url.endswith(f"{SAMPLE_IN_REVIEW}/index.html")
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**/business-scenario.html")
        assert "Business Scenario" in page.inner_text(".jdd-slide")
        assert "Prepared for Northwind Health" in page.inner_text(".md-footer")
        assert all(url.startswith("file://") for url in requests), [url for url in requests
                                                                    if not url.startswith("file://")]
    finally:
        context.close()


@pytest.mark.browser
@needs_chromium
def test_internal_export_marks_every_slide(sentinel_project: Path) -> None:
    from slides_support import pdf_pages_text

    output = sentinel_project / "internal-export"
    result = run_jdd("export", SAMPLE_IN_REVIEW, "--audience", "internal", "-o", str(output),
                     "--browser", "/usr/bin/chromium", cwd=sentinel_project)
    assert result.returncode == 0, result.stderr

    folder = output / SAMPLE_IN_REVIEW
    slides = sorted(folder.rglob("*.html"))
    assert len([path for path in slides if path.name != "print.html"]) == 10
    for path in slides:
        if path.name == "print.html":
            continue
        assert '<span class="jdd-slide__mark">Internal</span>' in path.read_text(encoding="utf-8"), path
    assert SENTINELS["tab"] in (folder / "appendix.html").read_text(encoding="utf-8")
    pages = pdf_pages_text(output / f"{SAMPLE_IN_REVIEW}.pdf")
    assert len(pages) == 10
    for number, text in enumerate(pages, 1):
        # The slide footer's CSS writes the mark in capitals, after the slide number.
        assert re.search(rf"Slide {number} of 10\s+INTERNAL", text), f"page {number}: {text[-80:]}"
    assert OTHER_CUSTOMER not in "\n".join(readable_texts(output).values())


@pytest.mark.browser
@needs_chromium
def test_export_force_replaces_atomically(sentinel_project: Path) -> None:
    output = write(sentinel_project / "replace" / "old.txt", "old export\n").parent

    result = run_jdd("export", SAMPLE_IN_REVIEW, "--audience", "customer", "-o", str(output), "--force",
                     "--browser", "/usr/bin/chromium", cwd=sentinel_project)

    assert result.returncode == 0, result.stderr
    assert not (output / "old.txt").exists()
    assert (output / f"{SAMPLE_IN_REVIEW}.pdf").is_file()
    assert sorted(path.name for path in sentinel_project.iterdir() if path.name.startswith(".replace")) == []


@pytest.mark.browser
@needs_chromium
def test_internal_pdf_is_default(sentinel_project: Path) -> None:
    from slides_support import pdf_pages_text

    pdf = sentinel_project / "internal.pdf"
    result = run_jdd("pdf", SAMPLE_IN_REVIEW, "-o", str(pdf), "--browser", "/usr/bin/chromium", cwd=sentinel_project)

    assert result.returncode == 0, result.stderr
    pages = pdf_pages_text(pdf)
    assert pages
    for number, text in enumerate(pages, 1):
        assert re.search(rf"Slide {number} of {len(pages)}\s+INTERNAL", text), f"page {number}: {text[-80:]}"
    assert SENTINELS["admonition"] in "\n".join(pages)
