"""Unusual and hostile input: every kind gets a finding, valid input gets none."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jdd.core.check import load_targets, run_check
from jdd.core.sources import OutsideCheck, is_outside
from jdd.publish.pdf import serve_folder

from conftest import REPO, SAMPLE_IN_REVIEW, run_jdd, run_mkdocs, write


def findings_of(docs: Path) -> list[str]:
    return [f"{f.display_path(docs)}:{f.line} {f.code}" for f in run_check(load_targets(docs)).findings]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, folder / "nw")
    return folder


def test_empty_page(docs: Path) -> None:
    (docs / "nw" / "business-scenario.md").write_text("", encoding="utf-8")
    assert findings_of(docs) == ["nw/business-scenario.md:1 JDD105"]


def test_binary_page(docs: Path) -> None:
    (docs / "nw" / "appendix.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert findings_of(docs) == ["nw/appendix.md:1 JDD106"]


def test_large_page_is_read(docs: Path) -> None:
    scenario = docs / "nw" / "business-scenario.md"
    filler = ("Clinics in three states staff up every October with agency clinicians. " * 15 + "\n\n") * 5000
    scenario.write_text(scenario.read_text(encoding="utf-8") + filler, encoding="utf-8")
    assert scenario.stat().st_size > 5_000_000
    result = run_jdd("check", "nw", cwd=docs)
    assert result.returncode == 0, result.stdout + result.stderr


def test_oversized_page_reported(docs: Path) -> None:
    (docs / "nw" / "appendix.md").write_bytes(b"# Appendix\n\n" + b"x" * (9 * 1024 * 1024))
    assert findings_of(docs) == ["nw/appendix.md:1 JDD114"]


def test_deep_nesting_and_many_rows(docs: Path) -> None:
    rows = "".join(
        f"| [Provision seasonal clinicians in bulk](jobs/bulk-provisioning.md) | Capability {i} | Supported | |\n"
        for i in range(3000)
    )
    capabilities = docs / "nw" / "capabilities.md"
    capabilities.write_text(capabilities.read_text(encoding="utf-8") + rows, encoding="utf-8")
    nested = "".join("    " * depth + "- level\n" for depth in range(300))
    write(docs / "nw" / "appendix.md", "# Appendix\n\n" + nested + "\n" + "> " * 300 + "quote\n\n" + "[" * 3000 + "\n")
    assert findings_of(docs) == []


def test_odd_file_names(docs: Path) -> None:
    jobs = docs / "nw" / "jobs"
    (jobs / "seasonal-offboarding.md").rename(jobs / "fin de saison café.md")
    for name in ("jobs.md", "capabilities.md"):
        path = docs / "nw" / name
        path.write_text(path.read_text(encoding="utf-8").replace(
            "(jobs/seasonal-offboarding.md)", "(jobs/fin%20de%20saison%20caf%C3%A9.md)"), encoding="utf-8")
    assert findings_of(docs) == []


def _non_utf8(folder: Path, name: bytes) -> Path:
    """Return the path of `name` in `folder`, for a name whose bytes are not UTF-8."""
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))


def test_page_name_not_utf8(docs: Path) -> None:
    _non_utf8(docs / "nw" / "jobs", b"caf\xe9.md").write_text("# Caf\u00e9\n\nText.\n", encoding="utf-8")
    assert findings_of(docs) == ["nw/jobs/caf\\xe9.md:1 JDD117"]


def test_folder_name_not_utf8(docs: Path) -> None:
    shutil.copytree(docs / "nw", _non_utf8(docs, b"nw-\xff"))
    assert findings_of(docs) == ["nw-\\xff/index.md:1 JDD117"]


def test_name_not_utf8_in_cli_output(project: Path) -> None:
    _non_utf8(project / "jdds" / SAMPLE_IN_REVIEW, b"appendix-\xe9.md").write_text("# Appendix\n\nText.\n",
                                                                                     encoding="utf-8")

    text = run_jdd("check", cwd=project)
    as_json = subprocess.run([sys.executable, "-m", "jdd.cli", "check", "--format", "json"], cwd=project,
                             capture_output=True, timeout=600)

    assert text.returncode == 1, text.stderr
    assert "Traceback" not in text.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/appendix-\\xe9.md:1:1: error JDD117 the name 'appendix-\\xe9.md' is not " \
           "valid UTF-8" in text.stdout
    assert as_json.returncode == 1
    document = json.loads(as_json.stdout.decode("utf-8"))
    assert [finding["code"] for finding in document["findings"]] == ["JDD117"]


def test_check_target_folder_not_utf8(project: Path) -> None:
    folder = _non_utf8(project / "jdds", b"north\xe9")
    shutil.copytree(project / "jdds" / SAMPLE_IN_REVIEW, folder)

    result = subprocess.run([sys.executable, "-m", "jdd.cli", "check", "--format", "json", os.fsencode(folder)],
                            cwd=project, capture_output=True, timeout=600)

    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout.decode("utf-8"))
    assert [(finding["code"], finding["path"]) for finding in document["findings"]] == \
        [("JDD117", "jdds/north\\xe9/index.md")]


def test_name_not_utf8_stops_build(project: Path) -> None:
    jdd = project / "jdds" / SAMPLE_IN_REVIEW
    _non_utf8(jdd, b"appendix-\xe9.md").write_text("# Appendix\n\nText.\n", encoding="utf-8")

    failed = run_mkdocs("build", cwd=project)

    assert failed.returncode != 0
    assert "Traceback" not in failed.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/appendix-\\xe9.md:1:1: error JDD117" in failed.stderr

    # Outside the JDDs, such a page is left out of the site with a warning.
    _non_utf8(jdd, b"appendix-\xe9.md").rename(_non_utf8(project / "jdds" / "guide", b"notes-\xe9.md"))
    built = run_mkdocs("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert "guide/notes-\\xe9.md: the file name is not valid UTF-8, so it is not published" in built.stderr
    assert not list((project / "site" / "guide").glob("notes-*"))


def test_symlink_outside_docs_not_read(tmp_path: Path, docs: Path) -> None:
    secret = write(tmp_path / "outside" / "secret.md", "# Appendix\n\nSENTINEL-OUTSIDE-7731\n")
    (docs / "nw" / "appendix.md").symlink_to(secret)
    assert findings_of(docs) == ["nw/appendix.md:1 JDD113"]


def test_outside_check_cache_keeps_verdicts(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    outside = write(tmp_path / "outside" / "secret.md", "secret\n")
    write(root / "a" / "page.md", "page\n")
    (root / "a" / "out.md").symlink_to(outside)
    (root / "a" / "in.md").symlink_to(root / "a" / "page.md")
    (root / "linked-out").symlink_to(outside.parent, target_is_directory=True)
    (root / "linked-in").symlink_to(root / "a", target_is_directory=True)
    (root / "a" / "loop.md").symlink_to(root / "a" / "loop.md")
    paths = [root / "a" / name for name in ("page.md", "out.md", "in.md", "loop.md", "missing.md")]
    paths += [root / "linked-out" / "secret.md", root / "linked-in" / "page.md", root / "linked-in" / "out.md"]

    # One check for every path resolves each folder once, and is_outside resolves them afresh.
    check = OutsideCheck(root)

    verdicts = {path.relative_to(root).as_posix(): check.is_outside(path) for path in paths}
    assert verdicts == {path.relative_to(root).as_posix(): is_outside(path, root) for path in paths}
    assert [name for name, out in verdicts.items() if out] == ["a/out.md", "linked-out/secret.md", "linked-in/out.md"]


def test_symlink_never_published(project: Path) -> None:
    secret = write(project.parent / "outside" / "secret.md", "# Appendix\n\nSENTINEL-OUTSIDE-7731\n")
    (project / "jdds" / SAMPLE_IN_REVIEW / "appendix.md").symlink_to(secret)

    failed = run_mkdocs("build", cwd=project)
    assert failed.returncode != 0
    assert f"jdds/{SAMPLE_IN_REVIEW}/appendix.md:1:1: error JDD113" in failed.stderr

    # Even with the finding turned off, the file is left out of the site.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - jdd\n", "  - jdd:\n      rules:\n        JDD113: off\n"), encoding="utf-8")
    built = run_mkdocs("build", cwd=project)
    assert built.returncode == 0, built.stderr
    for path in (project / "site").rglob("*"):
        if path.is_file():
            assert b"SENTINEL-OUTSIDE-7731" not in path.read_bytes(), path


def test_slugs_differ_only_by_case(docs: Path) -> None:
    shutil.copytree(docs / "nw", docs / "NW")
    found = findings_of(docs)
    assert "NW/index.md:1 JDD115" in found or "nw/index.md:1 JDD115" in found
    assert "NW/index.md:1 JDD116" in found


def test_script_in_markdown_reported(docs: Path) -> None:
    scenario = docs / "nw" / "business-scenario.md"
    scenario.write_text(scenario.read_text(encoding="utf-8")
                        + "\n<script>alert(1)</script>\n\n[Report](javascript:alert(1))\n", encoding="utf-8")
    assert findings_of(docs) == ["nw/business-scenario.md:23 JDD128", "nw/business-scenario.md:25 JDD128"]


HOSTILE_CUSTOMER = '"<script>window.jddPwned=1</script> Northwind & \\"Co\\" <img src=x onerror=window.jddPwned=2>"'


def hostile_project(project: Path) -> Path:
    cover = project / "jdds" / SAMPLE_IN_REVIEW / "index.md"
    text = cover.read_text(encoding="utf-8")
    text = text.replace("  customer: Northwind Health", f"  customer: {HOSTILE_CUSTOMER}")
    text = text.replace("  product_manager: Priya Raman", '  product_manager: "Priya <b onmouseover=x>Raman</b>"')
    cover.write_text(text, encoding="utf-8")
    return project


def test_script_in_metadata_escaped(project: Path) -> None:
    hostile_project(project)
    result = run_mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    for path in (project / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>window.jddPwned" not in html, path
        assert "<img src=x" not in html, path
        assert "<b onmouseover" not in html, path
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.jddPwned=1&lt;/script&gt; Northwind &amp; &quot;Co&quot;" in home


def test_script_in_metadata_json_output(project: Path) -> None:
    hostile_project(project)
    cover = project / "jdds" / SAMPLE_IN_REVIEW / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace("status: in-review", "status: <script>"),
                     encoding="utf-8")
    import json

    result = run_jdd("check", "--format", "json", cwd=project)
    document = json.loads(result.stdout)
    assert document["findings"][0]["code"] == "JDD206"
    assert "<script>" in document["findings"][0]["message"]


@pytest.mark.browser
def test_no_script_runs_in_browser(project: Path, browser) -> None:
    hostile_project(project)
    result = run_mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr

    with serve_folder(project / "site") as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in ("", f"{SAMPLE_IN_REVIEW}/", f"{SAMPLE_IN_REVIEW}/jobs/access-review/"):
            page.goto(base + url)
            page.wait_for_load_state("load")
            assert page.evaluate("window.jddPwned") is None, url
            assert "Northwind & \"Co\"" in page.inner_text("body")
        assert dialogs == []
