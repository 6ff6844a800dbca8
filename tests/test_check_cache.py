"""The check cache: a warm `jdd check` parses no unchanged JDD and reports exactly what a cold one does.

Most tests run `jdd check` in this process (`jdd.cli.main`), so they can
count every markdown-it parse and every JDD folder loaded. They start from a
cache folder that contains only mermaid's verdicts on the sample diagrams,
from one real check in a browser, because a JDD's result is stored only when
mermaid judged all its diagrams.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import jdd.core.check
from conftest import REPO, SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_jdd, write
from jdd import cli
from jdd.core.browser import BrowserNotFound, find_browser
from jdd.core.cachefiles import write_entry
from jdd.core.check import check_targets, find_targets, rule_config
from jdd.core.checkcache import CheckCache
from jdd.core.diagrams import DiagramOptions
from jdd.core.diagrams.engine import MermaidSession
from jdd.core.findings import Finding, Severity
from jdd.core.loader import read_jdd_sources
from test_rules_golden import CASES, apply_edits

PLACEHOLDER = "\nThe import needs TBD more rows.\n"
INVALID_DIAGRAM = "```mermaid\nflowchart LR\n  start[Export the roster] --> import[Run the import\n```\n"


def require_browser() -> None:
    """Skip the test without a browser, as the browser tests do; in CI (CI=true) fail instead."""
    try:
        find_browser()
    except BrowserNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"no browser in CI: {exc}")
        pytest.skip(f"BROWSER TESTS SKIPPED: {exc}")


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> Path:
    """A cache folder with mermaid's verdicts on the sample diagrams, from one check in a real browser."""
    require_browser()
    root = tmp_path_factory.mktemp("verdicts")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "jdds", root / "jdds")
    filled = root / "filled"
    result = subprocess.run(
        [sys.executable, "-m", "jdd.cli", "check"], cwd=root, capture_output=True, text=True, timeout=600,
        env={**os.environ, "JDD_CACHE_DIR": str(filled)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    cache = root / "cache"
    for folder in filled.glob("mermaid-*"):
        shutil.copytree(folder, cache / folder.name)
    assert list(cache.glob("mermaid-*/parse/*/*.json"))
    return cache


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str
    #: markdown-it parses during the run.
    parses: int
    #: Names of the JDD folders loaded, in order.
    loaded: list[str] = field(default_factory=list)

    @property
    def output(self) -> tuple[int, str, str]:
        return self.status, self.stdout, self.stderr


class Checker:
    """Runs `jdd check` in this process, in the project folder, counting parses and loaded JDDs."""

    def __init__(self, project: Path, cache: Path, verdicts: Path, monkeypatch, capsys) -> None:
        self.project = project
        self.cache = cache
        self.verdicts = verdicts
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        self.parses = 0
        self.loaded: list[str] = []
        self.cold_runs = 0

        original_parse = MarkdownIt.parse
        original_load = jdd.core.check.load_jdd

        def counting_parse(parser, *args, **kwargs):
            self.parses += 1
            return original_parse(parser, *args, **kwargs)

        def recording_load(folder, *args, **kwargs):
            self.loaded.append(Path(folder).name)
            return original_load(folder, *args, **kwargs)

        monkeypatch.setattr(MarkdownIt, "parse", counting_parse)
        monkeypatch.setattr(jdd.core.check, "load_jdd", recording_load)
        monkeypatch.chdir(project)
        monkeypatch.setenv("JDD_CACHE_DIR", str(cache))

    def __call__(self, *args: str) -> Run:
        self.parses = 0
        self.loaded = []
        self.capsys.readouterr()
        status = cli.main(["check", *args])
        captured = self.capsys.readouterr()
        return Run(status, captured.out, captured.err, self.parses, self.loaded)

    def cold(self, *args: str) -> Run:
        """Check with a new cache folder that contains only the mermaid verdicts, as a first run does."""
        self.cold_runs += 1
        folder = self.cache.parent / f"cold-{self.cold_runs}"
        shutil.copytree(self.verdicts, folder)
        self.monkeypatch.setenv("JDD_CACHE_DIR", str(folder))
        try:
            return self(*args)
        finally:
            self.monkeypatch.setenv("JDD_CACHE_DIR", str(self.cache))


@pytest.fixture
def check(project: Path, verdicts: Path, tmp_path: Path, monkeypatch, capsys) -> Checker:
    cache = tmp_path / "cache"
    shutil.copytree(verdicts, cache)
    return Checker(project, cache, verdicts, monkeypatch, capsys)


def page_count(folder: Path) -> int:
    return len(list(folder.rglob("*.md")))


def diagram_line(run: Run) -> str:
    return run.stderr.strip().splitlines()[-1]


# A warm run ------------------------------------------------------------------


def test_warm_check_parses_nothing(check: Checker) -> None:
    cold = check("jdds")
    launches = MermaidSession.launches

    warm = check("jdds")

    assert cold.parses > 0
    assert sorted(cold.loaded) == sorted([SAMPLE_DRAFT, SAMPLE_IN_REVIEW])
    assert warm.parses == 0
    assert warm.loaded == []
    assert warm.output == cold.output
    assert MermaidSession.launches == launches


def test_warm_summary_counts_cached_diagrams(check: Checker) -> None:
    cold = check("jdds")
    warm = check("jdds")

    count = int(diagram_line(cold).split()[0])
    assert count > 0
    assert diagram_line(warm).startswith(f"{count} diagrams checked, {count} from the cache (mermaid ")
    assert diagram_line(warm).endswith(", no browser started)")
    assert "JDD303" not in warm.stderr
    assert "in 2 JDDs" in warm.stderr


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_samples_same_cold_and_warm(check: Checker, output_format: str) -> None:
    cold = check("--format", output_format)
    warm = check("--format", output_format)

    assert warm.parses == 0
    assert warm.output == cold.output
    assert cold.status == 0


def test_broken_fixture_same_cold_and_warm(check: Checker) -> None:
    docs = check.project / "jdds"
    for number, case in enumerate(CASES):
        folder = docs / f"fault-{number:02d}"
        shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, folder)
        apply_edits(folder, case["edits"])

    cold = check("--strict")
    warm = check("--strict")

    assert cold.status == 1
    assert len(cold.stdout.splitlines()) >= len(CASES)
    assert warm.parses == 0
    assert warm.loaded == []
    assert warm.output == cold.output


# What makes a JDD's entry miss ---------------------------------------------------


def test_edited_page_reparses_only_its_jdd(check: Checker) -> None:
    sample = check.project / "jdds" / SAMPLE_IN_REVIEW
    check("jdds")
    page = sample / "business-scenario.md"
    page.write_text(page.read_text(encoding="utf-8") + PLACEHOLDER, encoding="utf-8")

    edited = check("jdds")

    assert edited.loaded == [SAMPLE_IN_REVIEW]
    assert edited.parses == page_count(sample)
    assert f"{SAMPLE_IN_REVIEW}/business-scenario.md" in edited.stdout
    assert "TBD" in edited.stdout
    assert edited.output == check.cold("jdds").output
    assert check("jdds").parses == 0


def test_rule_setting_change_reloads_every_jdd(check: Checker) -> None:
    sample = check.project / "jdds" / SAMPLE_IN_REVIEW
    page = sample / "business-scenario.md"
    page.write_text(page.read_text(encoding="utf-8") + PLACEHOLDER, encoding="utf-8")
    config = check.project / "mkdocs.yml"
    default = config.read_text(encoding="utf-8")
    assert "  - jdd\n" in default
    first = check("jdds")

    config.write_text(default.replace("  - jdd\n", "  - jdd:\n      rules:\n        JDD501: off\n"), encoding="utf-8")
    silenced = check("jdds")
    config.write_text(default, encoding="utf-8")
    restored = check("jdds")

    assert "JDD501" in first.stdout
    assert sorted(silenced.loaded) == sorted([SAMPLE_DRAFT, SAMPLE_IN_REVIEW])
    assert "JDD501" not in silenced.stdout
    assert restored.loaded == []
    assert restored.output == first.output


def test_symlink_target_edit_reparses(check: Checker) -> None:
    docs = check.project / "jdds"
    sample = docs / SAMPLE_IN_REVIEW
    shared = write(docs / "_shared" / "appendix.md", "# Appendix\n\nShared notes for every JDD.\n")
    (sample / "appendix.md").symlink_to(Path("..") / "_shared" / "appendix.md")
    check("jdds")
    unchanged = check("jdds")

    shared.write_text(shared.read_text(encoding="utf-8") + PLACEHOLDER, encoding="utf-8")
    edited = check("jdds")

    assert unchanged.loaded == []
    assert edited.loaded == [SAMPLE_IN_REVIEW]
    assert f"{SAMPLE_IN_REVIEW}/appendix.md" in edited.stdout
    assert edited.output == check.cold("jdds").output


def test_symlink_retarget_reparses(check: Checker) -> None:
    docs = check.project / "jdds"
    sample = docs / SAMPLE_IN_REVIEW
    write(docs / "_shared" / "appendix.md", "# Appendix\n\nShared notes for every JDD.\n")
    write(docs / "_shared" / "other.md", "# Appendix\n\nOther notes, still TBD.\n")
    link = sample / "appendix.md"
    link.symlink_to(Path("..") / "_shared" / "appendix.md")
    check("jdds")

    link.unlink()
    link.symlink_to(Path("..") / "_shared" / "other.md")
    retargeted = check("jdds")

    assert retargeted.loaded == [SAMPLE_IN_REVIEW]
    assert "TBD" in retargeted.stdout
    assert retargeted.output == check.cold("jdds").output


def test_symlink_out_of_docs_same_when_warm(check: Checker, tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.md", "# Secret\n\nNot for the site.\n")
    (check.project / "jdds" / SAMPLE_IN_REVIEW / "secret.md").symlink_to(outside)
    cold = check("jdds")

    outside.write_text("# Secret\n\nChanged, and still never read.\n", encoding="utf-8")
    warm = check("jdds")

    assert "JDD113" in cold.stdout
    assert cold.status == 1
    assert warm.loaded == []
    assert warm.output == cold.output


def test_added_page_reparses(check: Checker) -> None:
    sample = check.project / "jdds" / SAMPLE_IN_REVIEW
    check("jdds")
    write(sample / "notes.md", "# Notes\n\nThe rollout plan is TBD.\n")

    added = check("jdds")

    assert added.loaded == [SAMPLE_IN_REVIEW]
    assert f"{SAMPLE_IN_REVIEW}/notes.md" in added.stdout
    assert added.output == check.cold("jdds").output


def test_removed_page_reparses(check: Checker) -> None:
    sample = check.project / "jdds" / SAMPLE_IN_REVIEW
    check("jdds")
    (sample / "capabilities.md").unlink()

    removed = check("jdds")

    assert removed.loaded == [SAMPLE_IN_REVIEW]
    assert removed.status == 1
    assert "required file 'capabilities.md' is missing" in removed.stdout
    assert removed.output == check.cold("jdds").output


def test_file_the_loader_skips_keeps_entry(check: Checker) -> None:
    sample = check.project / "jdds" / SAMPLE_IN_REVIEW
    check("jdds")
    write(sample / "roster.csv", "name,end date\n")
    write(sample / ".drafts" / "old.md", "# Old draft, TBD\n")

    unchanged = check("jdds")

    assert unchanged.loaded == []
    assert unchanged.parses == 0


# Diagrams ----------------------------------------------------------------------


def test_diagram_finding_from_cache(check: Checker) -> None:
    page = check.project / "jdds" / SAMPLE_IN_REVIEW / "jobs" / "seasonal-offboarding.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("```mermaid")
    end = text.index("```\n", start + 3) + 4
    page.write_text(text[:start] + INVALID_DIAGRAM + text[end:], encoding="utf-8")
    cold = check("jdds")
    launches = MermaidSession.launches

    warm = check("jdds")

    assert cold.status == 1
    assert "JDD301" in cold.stdout
    assert ", browser started)" in cold.stderr
    assert warm.loaded == []
    assert warm.parses == 0
    assert warm.output[:2] == cold.output[:2]
    assert diagram_line(warm).endswith(", no browser started)")
    assert MermaidSession.launches == launches


@pytest.mark.parametrize("without_mermaid", [
    ["--no-browser"],
    ["--browser", "/nonexistent/chromium"],
    ["JDD_MERMAID=/nonexistent"],
], ids=["no-browser", "missing-browser", "missing-mermaid"])
def test_lint_only_result_not_stored(check: Checker, monkeypatch, without_mermaid: list[str]) -> None:
    args = list(without_mermaid)
    if args[0].startswith("JDD_MERMAID="):
        monkeypatch.setenv("JDD_MERMAID", args.pop().split("=", 1)[1])
    page = check.project / "jdds" / SAMPLE_IN_REVIEW / "jobs" / "seasonal-offboarding.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## Appendix\n\n" + INVALID_DIAGRAM, encoding="utf-8")

    first = check("jdds", *args)
    second = check("jdds", *args)

    assert "info JDD303 diagrams were not render-checked" in first.stderr
    assert "JDD301" in first.stdout
    assert SAMPLE_IN_REVIEW in second.loaded
    assert second.output == first.output


def test_browser_checks_what_lint_alone_checked(check: Checker) -> None:
    page = check.project / "jdds" / SAMPLE_IN_REVIEW / "jobs" / "seasonal-offboarding.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## Appendix\n\n" + INVALID_DIAGRAM, encoding="utf-8")
    without = check("jdds", "--browser", "/nonexistent/chromium")

    with_browser = check("jdds")
    again = check("jdds")

    assert "JDD303" in without.stderr
    assert with_browser.loaded == [SAMPLE_IN_REVIEW]
    assert ", browser started)" in with_browser.stderr
    assert "JDD303" not in with_browser.stderr
    assert again.loaded == []
    assert again.stdout == with_browser.stdout


# Portfolio problems and targets ------------------------------------------------


def test_portfolio_problems_found_when_warm(check: Checker) -> None:
    docs = check.project / "jdds"
    twin = docs / SAMPLE_IN_REVIEW.title()
    if twin.exists():
        pytest.skip("the file system ignores letter case, so the two folders cannot both exist")
    shutil.copytree(docs / SAMPLE_IN_REVIEW, twin)
    cold = check("jdds")
    warm = check("jdds")

    shutil.rmtree(twin)
    without_twin = check("jdds")

    assert "JDD115" in cold.stdout
    assert "JDD116" in cold.stdout
    assert warm.loaded == []
    assert warm.output == cold.output
    assert without_twin.loaded == []
    assert "JDD115" not in without_twin.stdout
    assert "JDD116" not in without_twin.stdout
    assert without_twin.output == check.cold("jdds").output


def test_file_targets_same_cold_and_warm(check: Checker) -> None:
    sample = Path("jdds") / SAMPLE_IN_REVIEW
    targets = [str(sample / "business-scenario.md"), str(sample / "jobs" / "seasonal-offboarding.md")]
    cold = check(*targets)
    warm = check(*targets)

    assert cold.loaded == [SAMPLE_IN_REVIEW]
    assert "in 1 JDD" in cold.stderr
    assert warm.loaded == []
    assert warm.output == cold.output


def test_folder_target_same_cold_and_warm(check: Checker) -> None:
    target = str(Path("jdds") / SAMPLE_DRAFT)
    cold = check(target)
    warm = check(target)

    assert cold.loaded == [SAMPLE_DRAFT]
    assert warm.loaded == []
    assert warm.output == cold.output


def test_file_outside_jdds_checks_nothing(check: Checker) -> None:
    run = check("jdds/index.md")

    assert run.status == 0
    assert "nothing to check" in run.stderr
    assert run.loaded == []


# Unusual files -------------------------------------------------------------------


def test_undecodable_file_name_same_when_warm(check: Checker) -> None:
    docs = check.project / "jdds"
    with open(os.path.join(os.fsencode(docs / SAMPLE_IN_REVIEW), b"caf\xe9.md"), "wb") as page:
        page.write(b"# Notes\n\nThe rollout plan is TBD.\n")
    options = DiagramOptions(project_root=check.project)
    config = rule_config({})

    check.loaded = []
    cold = check_targets(find_targets(docs), config, options, check.cache)
    cold_loaded = check.loaded
    check.loaded = []
    warm = check_targets(find_targets(docs), config, options, check.cache)

    # The page is not parsed: its finding names it with the byte written out, so any output can print it.
    assert [finding.code for finding in cold.findings if finding.path.endswith("caf\\xe9.md")] == ["JDD117"]
    assert len(cold_loaded) == 2
    assert check.loaded == []
    assert warm.cached_jdds == 2
    assert warm.findings == cold.findings


def test_symlink_loop_same_when_warm(check: Checker) -> None:
    (check.project / "jdds" / SAMPLE_IN_REVIEW / "loop.md").symlink_to("loop.md")
    cold = check("jdds")
    warm = check("jdds")

    assert "loop.md:1:1: error JDD101 the file cannot be read" in cold.stdout
    assert warm.loaded == []
    assert warm.output == cold.output


# Entries that cannot be used, and a folder that cannot be written ------------


def test_damaged_entries_count_as_missing(check: Checker) -> None:
    cold = check("jdds")
    entries = sorted((check.cache / "checks-1").rglob("*.json"))
    assert len(entries) == 2
    entries[0].write_text("[[1, 2", encoding="utf-8")
    entries[1].write_text('{"findings": [["JDD101", "fatal", "p.md", 1, 1, "m"]], "diagrams": 0}', encoding="utf-8")

    rerun = check("jdds")

    assert sorted(rerun.loaded) == sorted([SAMPLE_DRAFT, SAMPLE_IN_REVIEW])
    assert rerun.output == cold.output


@pytest.mark.parametrize("value", [
    [1, 2],
    {"findings": "none", "diagrams": 0},
    {"findings": [], "diagrams": -1},
    {"findings": [], "diagrams": True},
    {"findings": [], "diagrams": "3"},
    {"findings": [["JDD101", "fatal", "p.md", 1, 1, "m"]], "diagrams": 0},
    {"findings": [["JDD101", "error", "p.md", "1", 1, "m"]], "diagrams": 0},
    {"findings": [["JDD101", "error", "p.md", 1, 1]], "diagrams": 0},
    {"findings": [[101, "error", "p.md", 1, 1, "m"]], "diagrams": 0},
])
def test_foreign_entry_shape_is_missing(tmp_path: Path, value) -> None:
    cache = CheckCache(tmp_path, "settings")
    cache.put("ab" * 32, [Finding("JDD101", Severity.ERROR, "p.md", 1, 1, "m")], 0)
    entry = next(tmp_path.rglob("*.json"))
    write_entry(entry, value)

    assert cache.get("ab" * 32) is None
    assert cache.hits == 0


def test_entry_round_trip(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path, "settings")
    findings = [Finding("JDD501", Severity.WARNING, "/docs/caf\udce9.md", 3, 6, "placeholder 'TBD' — left")]

    cache.put("cd" * 32, findings, 4)
    entry = cache.get("cd" * 32)

    assert entry is not None
    assert entry.findings == findings
    assert entry.diagrams == 4


@pytest.mark.parametrize("browser", [["--no-browser"], []], ids=["no-browser", "browser"])
def test_unwritable_cache_warns_once(project: Path, tmp_path: Path, monkeypatch, browser: list[str]) -> None:
    if not browser:
        require_browser()
    blocked = write(tmp_path / "blocked", "a file where the cache folder would be")
    monkeypatch.setenv("JDD_CACHE_DIR", str(tmp_path / "writable"))
    expected = run_jdd("check", *browser, cwd=project)
    monkeypatch.setenv("JDD_CACHE_DIR", str(blocked))

    result = run_jdd("check", *browser, cwd=project)

    assert result.returncode == expected.returncode
    assert result.stdout == expected.stdout
    assert result.stderr.count("cannot write the cache in") == 1
    assert f"cannot write the cache in '{blocked}'" in result.stderr
    assert "Traceback" not in result.stderr
    assert blocked.read_text(encoding="utf-8") == "a file where the cache folder would be"


# The key ---------------------------------------------------------------------------


def sample_key(cache: CheckCache, folder: Path, docs: Path) -> str:
    return cache.key(folder, docs, read_jdd_sources(folder, docs))


def test_key_follows_what_the_loader_reads(tmp_path: Path) -> None:
    docs = tmp_path / "jdds"
    folder = docs / SAMPLE_IN_REVIEW
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, folder)
    cache = CheckCache(tmp_path / "cache", "settings")
    page = folder / "business-scenario.md"
    original = page.read_bytes()
    base = sample_key(cache, folder, docs)

    keys = {"unchanged": sample_key(cache, folder, docs)}
    keys["other settings"] = sample_key(CheckCache(tmp_path / "cache", "other settings"), folder, docs)
    keys["other docs folder"] = sample_key(cache, folder, tmp_path)
    page.write_bytes(original + b"\nOne more sentence.\n")
    keys["edited"] = sample_key(cache, folder, docs)
    page.write_bytes(b"\xef\xbb\xbf" + original)
    keys["byte order mark"] = sample_key(cache, folder, docs)
    page.write_bytes(original + b"A Windows-1252 dash: \x97\n")
    keys["not UTF-8"] = sample_key(cache, folder, docs)
    page.write_bytes(original)
    page.rename(folder / "scenario.md")
    keys["renamed"] = sample_key(cache, folder, docs)
    (folder / "scenario.md").rename(page)
    (folder / "roster.csv").write_text("name\n", encoding="utf-8")
    keys["file that is not Markdown"] = sample_key(cache, folder, docs)

    assert keys["unchanged"] == base
    assert keys["file that is not Markdown"] == base
    for name in ("other settings", "other docs folder", "edited", "byte order mark", "not UTF-8", "renamed"):
        assert keys[name] != base, name


def test_key_follows_folder_and_link(tmp_path: Path) -> None:
    docs = tmp_path / "jdds"
    folder = docs / SAMPLE_IN_REVIEW
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, folder)
    cache = CheckCache(tmp_path / "cache", "settings")
    first = write(docs / "_shared" / "first.md", "# Appendix\n\nSame text.\n")
    write(docs / "_shared" / "second.md", "# Appendix\n\nSame text.\n")
    link = folder / "appendix.md"
    link.symlink_to(first)
    linked = sample_key(cache, folder, docs)

    link.unlink()
    link.symlink_to(docs / "_shared" / "second.md")
    retargeted = sample_key(cache, folder, docs)
    link.unlink()
    shutil.copy(first, link)
    copied = sample_key(cache, folder, docs)
    moved = docs / "northwind-renamed"
    folder.rename(moved)
    renamed = sample_key(cache, moved, docs)

    assert len({linked, retargeted, copied, renamed}) == 4
