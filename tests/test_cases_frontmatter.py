"""Front matter written by people: YAML surprises, encodings and hostile blocks."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from jdd.core.check import load_targets, run_check
from jdd.core.frontmatter import parse_front_matter
from jdd.core.loader import load_page
from jdd.core.sources import decode_source

from conftest import REPO, SAMPLE_IN_REVIEW

COVER_BODY = "\n# Onboarding seasonal clinicians\n\nA short summary of the escalation.\n"


def cover(**fields: str) -> str:
    base = {
        "customer": "Northwind Health",
        "title": "Onboarding seasonal clinicians",
        "status": "in-review",
        "product_manager": "Priya Raman",
        "customer_success_manager": "Tom Okafor",
        "opened": "2026-11-02",
    }
    base.update(fields)
    lines = "".join(f"  {key}: {value}\n" for key, value in base.items())
    return f"---\njdd:\n{lines}---\n" + COVER_BODY


def cover_findings(tmp_path: Path, text: str | bytes) -> list[str]:
    docs = tmp_path / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, docs / "nw")
    target = docs / "nw" / "index.md"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    result = run_check(load_targets(docs))
    return [f"{f.line}:{f.column} {f.code}" for f in result.findings if f.path.endswith("nw/index.md")]


def test_norway_problem_three_errors(tmp_path: Path) -> None:
    text = cover(customer="NO", product_manager="off", customer_success_manager="yes")
    assert cover_findings(tmp_path, text) == ["3:13 JDD207", "6:20 JDD207", "7:29 JDD207"]


def test_norway_message_names_token(tmp_path: Path) -> None:
    docs = tmp_path / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, docs / "nw")
    (docs / "nw" / "index.md").write_text(cover(customer="NO"), encoding="utf-8")
    [finding] = run_check(load_targets(docs)).findings
    assert "'NO'" in finding.message
    assert "boolean false" in finding.message
    assert 'customer: "NO"' in finding.message


def test_implicit_typing_dates_accepted(tmp_path: Path) -> None:
    text = cover(reference="3.10", customer="0755", product_manager="1:30", title="2024-03-05 10:00")
    assert cover_findings(tmp_path, text) == ["3:13 JDD207", "6:20 JDD207", "9:14 JDD207"]


def test_version_number_message(tmp_path: Path) -> None:
    docs = tmp_path / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, docs / "nw")
    (docs / "nw" / "index.md").write_text(cover(reference="3.10"), encoding="utf-8")
    [finding] = run_check(load_targets(docs)).findings
    assert "'3.10'" in finding.message
    assert "the number 3.1" in finding.message


def test_quoted_iso_date_accepted(tmp_path: Path) -> None:
    assert cover_findings(tmp_path, cover(opened='"2026-11-02"')) == []


def test_datetime_is_not_a_date(tmp_path: Path) -> None:
    assert cover_findings(tmp_path, cover(opened="2026-11-02 10:00:00")) == ["8:11 JDD205"]


def test_colon_in_value_points_at_colon() -> None:
    front = parse_front_matter("---\ntitle: Payroll: monthly close\nowner: finance-ops\n---\n\n## Purpose\n")
    [problem] = front.problems
    assert (problem.code, problem.line, problem.column) == ("JDD201", 2, 15)
    assert 'title: "Payroll: monthly close"' in problem.message
    assert front.data == {}


def test_yaml_error_stops_required_keys(tmp_path: Path) -> None:
    text = cover().replace("  title: Onboarding seasonal clinicians", "  title: Payroll: monthly close")
    assert cover_findings(tmp_path, text) == ["4:17 JDD201"]


def test_bom_is_accepted() -> None:
    source = decode_source(Path("index.md"), b"\xef\xbb\xbf---\ntitle: Invoice sync\nowner: ar-team\n---\n\n## Purpose\nSync.\n")
    assert source.has_bom
    front = parse_front_matter(source.text)
    assert front.data == {"title": "Invoice sync", "owner": "ar-team"}


def test_bom_and_crlf_cover_checks_clean(tmp_path: Path) -> None:
    text = cover().replace("\n", "\r\n").encode("utf-8")
    assert cover_findings(tmp_path, b"\xef\xbb\xbf" + text) == []


def test_bom_gives_no_phantom_section(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: Invoice sync\nowner: ar-team\n---\n\n## Purpose\nSync invoices nightly.\n")
    page = load_page(path, "page.md", tmp_path)
    assert [heading.text for heading in page.markdown.headings] == ["Purpose"]


def test_duplicate_key_names_both_lines() -> None:
    front = parse_front_matter('---\nowner: payments-team\nschedule: "0 2 * * *"\nowner: treasury-team\n---\n')
    [problem] = front.problems
    assert problem.code == "JDD208"
    assert "lines 2 and 4" in problem.message


def test_not_utf8_lists_every_byte() -> None:
    data = b"---\ntitle: Caf\xe9 payroll \x96 monthly\n---\n\n## Purpose\nPay staff.\n"
    source = decode_source(Path("index.md"), data)
    assert not source.readable
    assert [(p.code, p.line) for p in source.problems] == [("JDD104", 2), ("JDD104", 2)]
    assert "offset 14" in source.problems[0].message
    assert "offset 24" in source.problems[1].message
    assert "Windows-1252" in source.problems[0].message


def test_alias_bomb_rejected_fast() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 10):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = "---\ntitle: Alias bomb\n" + "\n".join(levels) + "\n---\n"

    started = time.perf_counter()
    front = parse_front_matter(text)
    elapsed = time.perf_counter() - started

    assert [(p.code, p.line) for p in front.problems] == [("JDD209", 3)]
    assert front.data == {}
    assert elapsed < 1.0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("---\n- customer\n- title\n---\n", "JDD202"),
        ("---\njust a sentence\n---\n", "JDD202"),
        ("---\njdd:\n  customer: x\n", "JDD202"),
        ("---\njdd:\n\tcustomer: x\n---\n", "JDD201"),
        ("---\na: 1\n---", "JDD211"),
    ],
    ids=["list", "string", "never closed", "tab indent", "closing fence at end of file"],
)
def test_front_matter_shapes(text: str, code: str) -> None:
    assert [problem.code for problem in parse_front_matter(text).problems] == [code]


def test_empty_front_matter_is_missing_keys(tmp_path: Path) -> None:
    assert cover_findings(tmp_path, "---\n---\n" + COVER_BODY) == ["1:1 JDD203"]


def test_value_cut_by_comment(tmp_path: Path) -> None:
    text = cover(title="Fix #2 onboarding")
    assert cover_findings(tmp_path, text) == ["4:10 JDD212"]


def test_spaced_comment_is_fine(tmp_path: Path) -> None:
    text = cover(status="in-review    # draft | in-review | shared | closed")
    assert cover_findings(tmp_path, text) == []


def test_metadata_lines_without_fences(tmp_path: Path) -> None:
    docs = tmp_path / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, docs / "nw")
    scenario = docs / "nw" / "business-scenario.md"
    scenario.write_text("Customer: Northwind\n\n" + scenario.read_text(encoding="utf-8"), encoding="utf-8")
    findings = run_check(load_targets(docs)).findings
    assert [(f.line, f.code) for f in findings if f.path.endswith("business-scenario.md")] == [(1, "JDD125")]
