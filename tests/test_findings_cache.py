"""The findings cache: unchanged JDDs reuse their findings, and any change runs the rules again."""

from __future__ import annotations

import logging
from pathlib import Path

from conftest import SAMPLE_IN_REVIEW, run_jdd
from jdd.core.check import rule_config, run_check
from jdd.core.findingscache import FindingsCache
from jdd.core.loader import load_portfolio
from jdd.core.rules import check_portfolio

PLACEHOLDER = "\nThe import needs TBD more rows.\n"


def check(project: Path, cache: FindingsCache):
    return check_portfolio(load_portfolio(project / "jdds"), rule_config({}), cache)


def test_unchanged_portfolio_reuses_findings(project: Path, sample: Path, tmp_path: Path) -> None:
    (sample / "business-scenario.md").write_text(
        (sample / "business-scenario.md").read_text(encoding="utf-8") + PLACEHOLDER, encoding="utf-8")
    first_cache = FindingsCache(tmp_path / "cache", rule_config({}))
    fresh = check(project, first_cache)
    second_cache = FindingsCache(tmp_path / "cache", rule_config({}))

    cached = check(project, second_cache)

    assert fresh
    assert cached == fresh
    assert first_cache.hits == 0
    assert second_cache.hits == len(load_portfolio(project / "jdds").jdds)


def test_edited_page_runs_rules_again(project: Path, sample: Path, tmp_path: Path) -> None:
    check(project, FindingsCache(tmp_path / "cache", rule_config({})))
    page = sample / "business-scenario.md"
    page.write_text(page.read_text(encoding="utf-8") + PLACEHOLDER, encoding="utf-8")
    cache = FindingsCache(tmp_path / "cache", rule_config({}))

    findings = check(project, cache)

    assert cache.hits == len(load_portfolio(project / "jdds").jdds) - 1
    assert any(finding.path.endswith("business-scenario.md") and "TBD" in finding.message for finding in findings)


def test_other_settings_miss(project: Path, tmp_path: Path) -> None:
    check(project, FindingsCache(tmp_path / "cache", rule_config({})))
    settings = rule_config({"rules": {"JDD412": "off"}})
    cache = FindingsCache(tmp_path / "cache", settings)

    check_portfolio(load_portfolio(project / "jdds"), settings, cache)

    assert cache.hits == 0


def test_corrupt_entry_counts_as_missing(project: Path, sample: Path, tmp_path: Path) -> None:
    check(project, FindingsCache(tmp_path / "cache", rule_config({})))
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("[[1, 2", encoding="utf-8")
    cache = FindingsCache(tmp_path / "cache", rule_config({}))

    findings = check(project, cache)

    assert cache.hits == 0
    assert findings == check(project, FindingsCache(tmp_path / "fresh", rule_config({})))


def test_unwritable_folder_still_checks(project: Path, tmp_path: Path, caplog) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    cache = FindingsCache(blocked, rule_config({}))

    with caplog.at_level(logging.WARNING):
        findings = check(project, cache)

    assert findings == check(project, FindingsCache(tmp_path / "fresh", rule_config({})))
    assert cache.write_error is not None
    assert f"cannot write the cache in '{blocked}'" in caplog.text


def test_check_command_output_same_when_cached(project: Path, sample: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("JDD_CACHE_DIR", str(tmp_path / "cache"))
    (sample / "business-scenario.md").write_text(
        (sample / "business-scenario.md").read_text(encoding="utf-8") + PLACEHOLDER, encoding="utf-8")
    first = run_jdd("check", "jdds", cwd=project)
    second = run_jdd("check", "jdds", cwd=project)

    assert first.returncode == second.returncode
    assert first.stdout == second.stdout
    assert f"{SAMPLE_IN_REVIEW}/business-scenario.md" in second.stdout
    assert list((tmp_path / "cache").glob("findings-*/*/*.json"))


def test_run_check_without_cache_dir_writes_nothing(project: Path, tmp_path: Path) -> None:
    result = run_check(load_portfolio(project / "jdds"), rule_config({}))
    assert result.portfolio.jdds
    assert not list(project.rglob("findings-*"))
