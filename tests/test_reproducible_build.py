"""Reproducible builds: every date on the site comes from git, never from the clock.

The site tests commit a copy of the project into a temporary git repository
with fixed author and committer dates, build it with `mkdocs build` in its
own process, and read the pages' "Last update" line and sitemap.xml. The
commit dates lie years before any day the tests run on, so a page that showed
the clock's date could not pass for one that shows its commit's date.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from jdd.core import gitinfo
from jdd.core.gitinfo import NOT_COMMITTED, DocsHistory, Revision, read_docs_history

from conftest import REPO, SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_mkdocs, write

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: The overdue next steps are counted against this date in every build of this module.
BUILD_DATE = "2026-12-09"
FIRST_COMMIT = "2021-03-04T12:00:00+00:00"
# 23:30 at UTC-5 is the next day in UTC: the date shown is the committer's, as `git log %cs` gives it.
GUIDE_COMMIT = "2021-05-06T23:30:00-05:00"
JDD_COMMIT = "2021-07-08T09:00:00+00:00"

_LAST_UPDATE_RE = re.compile(r'<span class="md-source-file__fact jdd-last-update">(.*?)</span>', re.DOTALL)


def git(*args: str, cwd: Path, date: str | None = None, check: bool = True) -> str:
    """Run git with no user or system configuration, as a fresh machine would."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    completed = subprocess.run(["git", *args], cwd=cwd, env=env, check=check, capture_output=True, text=True)
    return completed.stdout


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch) -> None:
    # The overdue date is an input of its own (JDD_BUILD_DATE or SOURCE_DATE_EPOCH, else today),
    # so it is fixed here. Every other date must come from git.
    monkeypatch.setenv("JDD_BUILD_DATE", BUILD_DATE)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def committed(project: Path) -> Path:
    """The project committed to git in three commits: everything, one guide page, one JDD page."""
    write(project / ".gitignore", "node_modules\nsite/\n.cache/\n")
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "Add the project", cwd=project, date=FIRST_COMMIT)
    append(project / "jdds" / "guide" / "presenting.md", "\nOne more line.\n")
    git("commit", "-q", "-am", "Update the presenting guide", cwd=project, date=GUIDE_COMMIT)
    append(project / "jdds" / SAMPLE_IN_REVIEW / "business-scenario.md", "\nOne more line.\n")
    git("commit", "-q", "-am", "Update the Northwind scenario", cwd=project, date=JDD_COMMIT)
    return project


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def build(project: Path, site: Path, strict: bool = True) -> Path:
    result = run_mkdocs("build", *(["--strict"] if strict else []), "-d", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    return site


def last_update(site: Path, page: str) -> str | None:
    """Return the text of the page's "Last update" line with spaces collapsed, or None without one."""
    match = _LAST_UPDATE_RE.search((site / page).read_text(encoding="utf-8"))
    if match is None:
        return None
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()).replace(" ,", ",")


def sitemap_dates(site: Path) -> dict[str, str]:
    """Return the sitemap's lastmod of each page, by its path below the site address."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<loc>https://example-org\.github\.io/jdd-portfolio/(.*?)</loc>\s*"
                         r"(?:<lastmod>(.*?)</lastmod>)?", text)
    return {path: lastmod for path, lastmod in entries}


def clock_dates() -> set[str]:
    """Return today's date in ISO format, locally and in UTC (they differ near midnight)."""
    return {dt.date.today().isoformat(), dt.datetime.now(dt.timezone.utc).date().isoformat()}


def first_difference(left: Path, right: Path) -> str | None:
    """Describe the first file, and line, in which two built sites differ; None when identical."""
    left_files = sorted(p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file())
    right_files = sorted(p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file())
    if left_files != right_files:
        only_left = sorted(set(left_files) - set(right_files))
        only_right = sorted(set(right_files) - set(left_files))
        return f"the builds have different files: only in the first {only_left}, only in the second {only_right}"
    for rel in left_files:
        a, b = (left / rel).read_bytes(), (right / rel).read_bytes()
        if a == b:
            continue
        a_lines, b_lines = a.splitlines(), b.splitlines()
        for number, (line_a, line_b) in enumerate(zip(a_lines, b_lines), start=1):
            if line_a != line_b:
                return f"{rel} line {number}:\n  first:  {line_a[:300]!r}\n  second: {line_b[:300]!r}"
        offset = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"{rel}: differs at byte {offset} ({len(a)} and {len(b)} bytes)"
    return None


# -- the site ---------------------------------------------------------------------


@needs_git
def test_rebuild_is_byte_identical(committed: Path, tmp_path: Path, monkeypatch) -> None:
    # A diagram cache of its own: cold in the first build, warm in the second.
    monkeypatch.setenv("JDD_CACHE_DIR", str(tmp_path / "diagram-cache"))
    first = build(committed, tmp_path / "first")
    time.sleep(2.1)
    # MkDocs reads the clock through SOURCE_DATE_EPOCH when it is set: the second build runs
    # as if 400 days later. The jdd plugin's overdue date stays JDD_BUILD_DATE.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 400 * 86400))
    second = build(committed, tmp_path / "second")

    assert (first / "sitemap.xml.gz").is_file()
    assert (first / "404.html").is_file()
    assert (first / "search" / "search_index.json").is_file()
    assert first_difference(first, second) is None


@needs_git
def test_page_date_is_last_commit_date(committed: Path, tmp_path: Path) -> None:
    site = build(committed, tmp_path / "site")

    assert last_update(site, "guide/authoring/index.html") == "Last update: 2021-03-04"
    assert last_update(site, "guide/presenting/index.html") == "Last update: 2021-05-06"
    # The pages built from every JDD have the date of the newest JDD commit.
    assert last_update(site, "index.html") == "Last update: 2021-07-08"
    assert last_update(site, "capabilities/index.html") == "Last update: 2021-07-08"
    assert last_update(site, "next-steps/index.html") == "Last update: 2021-07-08"

    dates = sitemap_dates(site)
    assert dates["guide/authoring/"] == "2021-03-04"
    assert dates["guide/presenting/"] == "2021-05-06"
    assert dates[f"{SAMPLE_IN_REVIEW}/business-scenario/"] == "2021-07-08"
    assert dates[f"{SAMPLE_IN_REVIEW}/"] == "2021-03-04"
    # Generated pages of a JDD have the date of the JDD's folder.
    assert dates[f"{SAMPLE_IN_REVIEW}/print/"] == "2021-07-08"
    assert dates[f"{SAMPLE_IN_REVIEW}/next-steps/"] == "2021-07-08"
    assert dates[f"{SAMPLE_DRAFT}/print/"] == "2021-03-04"
    assert dates["capabilities/"] == "2021-07-08"
    # MkDocs dates sitemap.xml.gz with the newest page date, at midnight UTC.
    with gzip.open(site / "sitemap.xml.gz") as archive:
        archive.read()
        assert archive.mtime == int(dt.datetime(2021, 7, 8, tzinfo=dt.timezone.utc).timestamp())


@needs_git
def test_slide_footer_shows_folder_revision(committed: Path, tmp_path: Path) -> None:
    site = build(committed, tmp_path / "site")
    head = git("log", "-1", "--format=%H", cwd=committed).strip()

    slide = (site / SAMPLE_IN_REVIEW / "jobs" / "index.html").read_text(encoding="utf-8")

    assert f"Revision {head[:7]}, 2021-07-08" in slide


@needs_git
def test_uncommitted_page_shows_no_clock_date(committed: Path, tmp_path: Path) -> None:
    append(committed / "jdds" / "guide" / "presenting.md", "\nNot committed.\n")
    write(committed / "jdds" / "guide" / "draft-notes.md", "# Draft notes\n\nNot in git.\n")
    append(committed / "jdds" / SAMPLE_DRAFT / "business-scenario.md", "\nNot committed.\n")

    site = build(committed, tmp_path / "site", strict=False)

    presenting = last_update(site, "guide/presenting/index.html")
    notes = last_update(site, "guide/draft-notes/index.html")
    assert presenting == "Last update: 2021-05-06, with uncommitted changes"
    assert notes == "Last update: not committed yet"
    assert last_update(site, "guide/authoring/index.html") == "Last update: 2021-03-04"
    assert last_update(site, "capabilities/index.html") == "Last update: 2021-07-08, with uncommitted changes"
    dates = sitemap_dates(site)
    # A page no commit contains gets the date of the docs folder's newest commit.
    assert dates["guide/draft-notes/"] == "2021-07-08"
    assert dates["guide/presenting/"] == "2021-05-06"
    for shown in (presenting, notes, dates["guide/draft-notes/"], dates["guide/presenting/"]):
        assert not any(today in shown for today in clock_dates())


@needs_git
def test_repository_without_commits_builds(project: Path, tmp_path: Path) -> None:
    git("init", "-q", cwd=project)

    site = build(project, tmp_path / "site")

    assert last_update(site, "guide/authoring/index.html") == "Last update: not committed yet"


def test_build_outside_git_shows_no_date(project: Path, tmp_path: Path) -> None:
    if shutil.which("git") and subprocess.run(["git", "rev-parse"], cwd=project, capture_output=True).returncode == 0:
        pytest.skip(f"{project} is inside a git work tree")

    site = build(project, tmp_path / "site")

    assert (site / "index.html").is_file()
    assert last_update(site, "index.html") is None
    assert last_update(site, "guide/authoring/index.html") is None
    assert "Last update" not in (site / "guide" / "authoring" / "index.html").read_text(encoding="utf-8")


@needs_git
def test_git_revisions_option_off_shows_no_date(committed: Path, tmp_path: Path) -> None:
    config = committed / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - jdd\n", "  - jdd:\n      git_revisions: false\n", 1), encoding="utf-8")

    site = build(committed, tmp_path / "site", strict=False)

    assert last_update(site, "guide/authoring/index.html") is None


# -- reading the history ------------------------------------------------------------


def docs_repository(tmp_path: Path) -> Path:
    """A repository whose docs folder `docs` contains two JDD folders and a top page."""
    docs = tmp_path / "docs"
    write(docs / "alpha" / "index.md", "alpha\n")
    write(docs / "alpha" / "jobs" / "first job.md", "first\n")
    write(docs / "beta" / "index.md", "beta\n")
    write(docs / "index.md", "home\n")
    write(tmp_path / "README.md", "outside the docs folder\n")
    git("init", "-q", cwd=tmp_path)
    git("add", "-A", cwd=tmp_path)
    git("commit", "-q", "-m", "one", cwd=tmp_path, date="2021-01-02T10:00:00+00:00")
    return docs


@needs_git
def test_history_dates_each_file(tmp_path: Path) -> None:
    docs = docs_repository(tmp_path)
    append(docs / "alpha" / "jobs" / "first job.md", "changed\n")
    append(tmp_path / "README.md", "changed\n")
    git("commit", "-q", "-am", "two", cwd=tmp_path, date="2021-02-03T23:30:00-05:00")
    append(tmp_path / "README.md", "changed again\n")
    git("commit", "-q", "-am", "three", cwd=tmp_path, date="2021-04-05T08:00:00+00:00")

    history = read_docs_history(docs)

    assert history.in_git is True
    assert history.file_revision("alpha/jobs/first job.md").date == dt.date(2021, 2, 3)
    assert history.file_revision("alpha/index.md").date == dt.date(2021, 1, 2)
    assert history.file_revision("index.md").date == dt.date(2021, 1, 2)
    assert history.folder_revision("alpha").date == dt.date(2021, 2, 3)
    assert history.folder_revision("beta").date == dt.date(2021, 1, 2)
    # A commit outside the docs folder changes no date in it.
    assert history.latest.date == dt.date(2021, 2, 3)
    assert history.latest.uncommitted is False
    assert "README.md" not in history.files


@needs_git
def test_history_marks_uncommitted_files(tmp_path: Path) -> None:
    docs = docs_repository(tmp_path)
    append(docs / "alpha" / "index.md", "changed\n")
    write(docs / "gamma" / "index.md", "new folder\n")
    write(docs / "beta" / "new.md", "new file\n")

    history = read_docs_history(docs)

    assert history.file_revision("alpha/index.md") == Revision(
        commit=history.files["alpha/index.md"].commit, date=dt.date(2021, 1, 2), uncommitted=True)
    assert history.file_revision("beta/index.md").uncommitted is False
    assert history.file_revision("beta/new.md") == NOT_COMMITTED
    assert history.file_revision("gamma/index.md") == NOT_COMMITTED
    assert history.folder_revision("gamma") == NOT_COMMITTED
    assert history.folder_revision("beta").uncommitted is True
    assert history.latest.uncommitted is True


@needs_git
def test_history_counts_merge_changes(tmp_path: Path) -> None:
    docs = docs_repository(tmp_path)
    git("checkout", "-q", "-b", "side", cwd=tmp_path)
    append(docs / "alpha" / "index.md", "side\n")
    git("commit", "-q", "-am", "side", cwd=tmp_path, date="2021-01-05T10:00:00+00:00")
    git("checkout", "-q", "-", cwd=tmp_path)
    append(docs / "alpha" / "index.md", "main\n")
    append(docs / "beta" / "index.md", "main\n")
    git("commit", "-q", "-am", "main", cwd=tmp_path, date="2021-01-03T10:00:00+00:00")
    git("merge", "-q", "side", cwd=tmp_path, date="2021-01-09T10:00:00+00:00", check=False)
    assert "alpha/index.md" in git("diff", "--name-only", "--diff-filter=U", cwd=tmp_path)
    write(docs / "alpha" / "index.md", "resolved\n")
    git("commit", "-q", "-am", "merge", cwd=tmp_path, date="2021-01-09T10:00:00+00:00")

    history = read_docs_history(docs)

    # The conflict was resolved in the merge commit, so the file last changed there.
    assert history.file_revision("alpha/index.md").date == dt.date(2021, 1, 9)
    assert history.file_revision("beta/index.md").date == dt.date(2021, 1, 3)


@needs_git
def test_history_commit_length_is_fixed(tmp_path: Path) -> None:
    docs = docs_repository(tmp_path)
    git("config", "core.abbrev", "12", cwd=tmp_path)
    git("config", "log.follow", "true", cwd=tmp_path)

    history = read_docs_history(docs)

    head = git("rev-parse", "HEAD", cwd=tmp_path).strip()
    assert history.file_revision("index.md").commit == head[:7]


@needs_git
def test_history_of_repository_root(tmp_path: Path) -> None:
    docs_repository(tmp_path)

    history = read_docs_history(tmp_path)

    assert history.file_revision("docs/index.md").date == dt.date(2021, 1, 2)
    assert history.file_revision("README.md").date == dt.date(2021, 1, 2)
    assert history.folder_revision("docs").date == dt.date(2021, 1, 2)


@needs_git
def test_history_runs_git_three_times(tmp_path: Path, monkeypatch) -> None:
    docs = docs_repository(tmp_path)
    for number in range(200):
        write(docs / "alpha" / "pages" / f"page-{number}.md", f"page {number}\n")
    git("add", "-A", cwd=tmp_path)
    git("commit", "-q", "-m", "pages", cwd=tmp_path, date="2021-06-07T10:00:00+00:00")
    commands: list[str] = []
    real_run = subprocess.run

    def counting_run(args, *rest, **options):
        commands.append(next(arg for arg in args[1:] if arg in ("rev-parse", "log", "status")))
        return real_run(args, *rest, **options)

    monkeypatch.setattr(gitinfo.subprocess, "run", counting_run)

    history = read_docs_history(docs)

    assert len(history.files) == 204
    assert history.file_revision("alpha/pages/page-199.md").date == dt.date(2021, 6, 7)
    # One log for the whole folder and one status, whatever the number of pages.
    assert commands == ["rev-parse", "log", "status"]


def test_history_outside_git(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "index.md", "home\n")
    if shutil.which("git") and subprocess.run(["git", "rev-parse"], cwd=tmp_path, capture_output=True).returncode == 0:
        pytest.skip(f"{tmp_path} is inside a git work tree")

    history = read_docs_history(tmp_path / "docs")

    assert history == DocsHistory()
    assert history.file_revision("index.md") is None
    assert history.folder_revision("alpha") is None


def test_history_without_git(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "docs" / "index.md", "home\n")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))

    assert read_docs_history(tmp_path / "docs") == DocsHistory()


def test_history_of_missing_folder(tmp_path: Path) -> None:
    assert read_docs_history(tmp_path / "missing") == DocsHistory()


def test_newest_follows_log_order() -> None:
    newer = Revision(commit="bbbbbbb", date=dt.date(2021, 1, 1))
    older = Revision(commit="aaaaaaa", date=dt.date(2021, 1, 1), uncommitted=True)
    history = DocsHistory(in_git=True, positions={"bbbbbbb": 0, "aaaaaaa": 1})

    assert history.newest([older, newer]) == Revision(commit="bbbbbbb", date=dt.date(2021, 1, 1), uncommitted=True)
    assert history.newest([NOT_COMMITTED]) == NOT_COMMITTED
    assert history.newest([]) == Revision()


@needs_git
def test_clean_tree_counts_overdue_at_commit_date(committed: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("JDD_BUILD_DATE")
    site = build(committed, tmp_path / "clean")
    next_steps = (site / "next-steps" / "index.html").read_text(encoding="utf-8")
    assert "before the build date, 2021-07-08:" in next_steps

    append(committed / "jdds" / SAMPLE_IN_REVIEW / "business-scenario.md", "\nUnsaved work.\n")
    site = build(committed, tmp_path / "modified")
    next_steps = (site / "next-steps" / "index.html").read_text(encoding="utf-8")
    assert f"before the build date, {dt.date.today().isoformat()}:" in next_steps


@needs_git
def test_editor_and_system_files_leave_revision_clean(committed: Path) -> None:
    (committed / ".gitignore").write_text((REPO / ".gitignore").read_text(encoding="utf-8"), encoding="utf-8")
    git("add", ".gitignore", cwd=committed)
    git("commit", "-q", "-m", "Use the template's ignore list", cwd=committed, date=JDD_COMMIT)
    folder = committed / "jdds" / SAMPLE_IN_REVIEW
    for name in (".DS_Store", "Thumbs.db", ".business-scenario.md.swp", "business-scenario.md~"):
        (folder / name).write_text("editor state", encoding="utf-8")

    history = read_docs_history(committed / "jdds")

    assert history.folders[SAMPLE_IN_REVIEW].uncommitted is False
    assert history.latest.uncommitted is False
