"""`jdd new`: the template, slug and name validation, and never touching what exists."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from jdd.core import scaffold
from jdd.core.frontmatter import parse_front_matter
from jdd.core.scaffold import ScaffoldError, TargetExistsError, create_jdd, yaml_string

from conftest import run_jdd, run_mkdocs, write

SLUG = "acme-renewal-review"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Return every path below `folder` with its bytes (files) and modification time."""
    state = {}
    for path in sorted(folder.rglob("*")):
        data = path.read_bytes() if path.is_file() else b""
        state[path.relative_to(folder).as_posix()] = (data, path.stat().st_mtime_ns)
    return state


def check_json(project: Path, *paths: str) -> dict:
    result = run_jdd("check", "--format", "json", *paths, cwd=project)
    return json.loads(result.stdout)


def customer_of(folder: Path) -> str:
    front = parse_front_matter((folder / "index.md").read_text(encoding="utf-8"))
    assert front.valid
    return front.data["jdd"]["customer"]


def test_new_checks_clean_as_draft(project: Path) -> None:
    before = dt.date.today()
    result = run_jdd("new", SLUG, "--customer", "Acme Logistics", "--jobs", "3", cwd=project)
    after = dt.date.today()
    assert result.returncode == 0, result.stderr

    folder = project / "jdds" / SLUG
    expected = ["index.md", "business-scenario.md", "jobs.md", "capabilities.md",
                "jobs/job-1.md", "jobs/job-2.md", "jobs/job-3.md"]
    for rel in expected:
        assert (folder / rel).is_file(), rel
        assert f"jdds/{SLUG}/{rel}" in result.stdout
    assert f"jdd check jdds/{SLUG}" in result.stdout
    assert "mkdocs serve" in result.stdout

    document = check_json(project, f"jdds/{SLUG}")
    assert document["summary"]["errors"] == 0
    assert document["summary"]["warnings"] > 0
    assert {finding["code"] for finding in document["findings"]} == {"JDD501"}

    front = parse_front_matter((folder / "index.md").read_text(encoding="utf-8")).data["jdd"]
    assert front["status"] == "draft"
    assert front["customer"] == "Acme Logistics"
    assert before <= front["opened"] <= after


def test_new_default_two_jobs(project: Path) -> None:
    result = run_jdd("new", SLUG, "--customer", "Acme", cwd=project)
    assert result.returncode == 0, result.stderr
    jobs = sorted(path.name for path in (project / "jdds" / SLUG / "jobs").iterdir())
    assert jobs == ["job-1.md", "job-2.md"]


def test_new_jdd_builds_on_site(project: Path) -> None:
    assert run_jdd("new", SLUG, "--customer", "Acme", "--jobs", "1", cwd=project).returncode == 0
    result = run_mkdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / SLUG / "index.html").is_file()
    assert (project / "site" / SLUG / "jobs" / "job-1" / "index.html").is_file()
    assert "Traceback" not in result.stderr


def test_new_twice_changes_nothing(project: Path) -> None:
    docs = project / "jdds"
    assert run_jdd("new", SLUG, "--customer", "Acme", cwd=project).returncode == 0
    (docs / SLUG / "business-scenario.md").write_text("# Business Scenario\n\nWritten by the PM.\n", encoding="utf-8")
    before = snapshot(docs)

    result = run_jdd("new", SLUG, "--customer", "Someone Else", "--jobs", "5", cwd=project)

    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "nothing was created or changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(docs) == before


def test_new_refuses_empty_existing_folder(project: Path) -> None:
    target = project / "jdds" / SLUG
    target.mkdir()
    result = run_jdd("new", SLUG, "--customer", "Acme", cwd=project)
    assert result.returncode == 1
    assert list(target.iterdir()) == []


def test_new_refuses_existing_file(project: Path) -> None:
    write(project / "jdds" / SLUG, "notes\n")
    result = run_jdd("new", SLUG, "--customer", "Acme", cwd=project)
    assert result.returncode == 1
    assert "as a file" in result.stderr
    assert (project / "jdds" / SLUG).read_text(encoding="utf-8") == "notes\n"


@pytest.mark.parametrize("slug", [
    "Acme", "acme_renewal", "-acme", "acme-", "acme--renewal", "acme renewal", "", "../acme", "acme/x",
    "ünicode", "capabilities", "next-steps",
])
def test_new_bad_slug_exit_2(project: Path, slug: str) -> None:
    before = snapshot(project / "jdds")
    # "--" ends the options, so a slug that starts with "-" reaches the slug check.
    result = run_jdd("new", "--customer", "Acme", "--", slug, cwd=project)
    assert result.returncode == 2
    assert "invalid slug" in result.stderr
    assert repr(slug)[1:-1] in result.stderr or slug in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "jdds") == before


def test_new_bad_slug_suggests_one(project: Path) -> None:
    result = run_jdd("new", "Acme_Renewal", "--customer", "Acme", cwd=project)
    assert "for example 'acme-renewal'" in result.stderr


@pytest.mark.parametrize("jobs", ["0", "11", "-1", "two"])
def test_new_bad_job_count_exit_2(project: Path, jobs: str) -> None:
    result = run_jdd("new", SLUG, "--customer", "Acme", "--jobs", jobs, cwd=project)
    assert result.returncode == 2
    assert "--jobs" in result.stderr or "job count" in result.stderr
    assert not (project / "jdds" / SLUG).exists()


@pytest.mark.parametrize("customer", ["", "   ", "Acme\nInc", "Acme\tInc", "Acme\u2028Inc", "Acme\uffffInc", "A" * 201])
def test_new_bad_customer_exit_2(project: Path, customer: str) -> None:
    result = run_jdd("new", SLUG, "--customer", customer, cwd=project)
    assert result.returncode == 2
    assert "customer name" in result.stderr
    assert not (project / "jdds" / SLUG).exists()


@pytest.mark.parametrize("customer", [
    'Acme "Quoted" Holdings',
    "Acme: Holdings",
    "Acme #1 Logistics",
    "<script>alert('x')</script>",
    "& Sons",
    "*Star Corp",
    "!Bang Ltd",
    "- Dash Inc",
    "'Single",
    "? Question",
    "% Percent",
    "@Handle",
    "`Backtick`",
    "Back\\slash",
    "NO",
    "2026-11-02",
    "1e3",
    "Müller & Søn Ålesund 株式会社",
    "{Braces} [Brackets], Inc.",
    "Trailing colon:",
])
def test_new_customer_name_kept_exactly(project: Path, customer: str) -> None:
    result = run_jdd("new", SLUG, "--customer", customer, cwd=project)
    assert result.returncode == 0, result.stderr
    folder = project / "jdds" / SLUG
    assert customer_of(folder) == customer
    document = check_json(project, f"jdds/{SLUG}")
    assert document["summary"]["errors"] == 0, document["findings"]
    assert {finding["code"] for finding in document["findings"]} == {"JDD501"}


def test_new_customer_markup_escaped_on_site(project: Path) -> None:
    customer = '<script>window.jddNew=1</script> Acme & "Sons": #1'
    assert run_jdd("new", SLUG, "--customer", customer, cwd=project).returncode == 0
    result = run_mkdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr

    for page in ("index.html", f"{SLUG}/index.html", "next-steps/index.html"):
        html = (project / "site" / page).read_text(encoding="utf-8")
        assert "<script>window.jddNew" not in html, page
        assert "&lt;script&gt;window.jddNew=1&lt;/script&gt; Acme &amp; &quot;Sons&quot;: #1" in html, page


def test_new_root_option(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    result = run_jdd("new", SLUG, "--customer", "Acme", "--root", str(other), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (other / SLUG / "index.md").is_file()
    assert not (project / "jdds" / SLUG).exists()


def test_new_missing_root_exit_2(project: Path, tmp_path: Path) -> None:
    result = run_jdd("new", SLUG, "--customer", "Acme", "--root", str(tmp_path / "missing"), cwd=project)
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_new_uses_configured_docs_folder(project: Path) -> None:
    (project / "jdds").rename(project / "documents")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: jdds", "docs_dir: documents"),
                      encoding="utf-8")
    subfolder = project / "documents" / "guide"
    subfolder.mkdir(exist_ok=True)

    result = run_jdd("new", SLUG, "--customer", "Acme", cwd=subfolder)

    assert result.returncode == 0, result.stderr
    assert (project / "documents" / SLUG / "index.md").is_file()


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_interrupted_new_leaves_nothing(tmp_path: Path, monkeypatch, failure: BaseException) -> None:
    calls = []

    def failing_fsync(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 3:
            raise failure

    monkeypatch.setattr(scaffold.os, "fsync", failing_fsync)
    with pytest.raises(type(failure)):
        create_jdd(tmp_path, SLUG, "Acme", jobs=2)
    assert list(tmp_path.iterdir()) == []


def test_new_folder_appears_whole(tmp_path: Path, monkeypatch) -> None:
    # At the moment of the rename every file is written, and the target did not exist before it.
    seen = {}
    real_rename = os.rename

    def watching_rename(source, target) -> None:
        seen["files"] = sorted(path.relative_to(source).as_posix() for path in Path(source).rglob("*.md"))
        seen["target_existed"] = Path(target).exists()
        real_rename(source, target)

    monkeypatch.setattr(scaffold.os, "rename", watching_rename)
    created = create_jdd(tmp_path, SLUG, "Acme", jobs=2, today=dt.date(2026, 11, 2))
    assert seen["target_existed"] is False
    assert seen["files"] == sorted(created.files)
    assert [path.name for path in tmp_path.iterdir()] == [SLUG]


def test_template_dates(tmp_path: Path) -> None:
    files = scaffold.template_files(SLUG, "Acme", 1, dt.date(2026, 11, 2))
    assert "opened: 2026-11-02\n" in files["index.md"]
    assert "— 2026-11-16\n" in files["jobs/job-1.md"]


def test_create_jdd_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="does not exist"):
        create_jdd(tmp_path / "missing", SLUG, "Acme")
    (tmp_path / SLUG).mkdir()
    with pytest.raises(TargetExistsError):
        create_jdd(tmp_path, SLUG, "Acme")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"),
               min_size=1, max_size=80))
def test_yaml_string_round_trips(text: str) -> None:
    assert yaml.safe_load("customer: " + yaml_string(text) + "\n") == {"customer": text}
