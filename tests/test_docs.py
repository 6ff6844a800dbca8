"""The docs that are generated or promised stay true."""

from __future__ import annotations

import re

from jdd.core.codes import CODES, catalogue_markdown

from conftest import REPO


def test_findings_reference_in_sync() -> None:
    page = (REPO / "jdds" / "guide" / "findings.md").read_text(encoding="utf-8")
    assert page == catalogue_markdown(), "run: jdd codes --format markdown > jdds/guide/findings.md"


def test_every_code_documented_once() -> None:
    page = catalogue_markdown()
    for code in CODES:
        assert page.count(f"### {code} ") == 1


def test_codes_grouped_by_hundreds() -> None:
    for code in CODES.values():
        assert re.fullmatch(r"JDD[1-6]\d\d", code.code)
        assert code.example
        assert code.fix
        assert code.summary


def test_readme_commands_exist() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for script in re.findall(r"^(scripts/\w+)", readme, re.MULTILINE):
        assert (REPO / script).is_file(), script
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci
    assert "scripts/test" in readme


def test_every_code_used_is_registered() -> None:
    used = set()
    for path in (REPO / "plugins" / "jdd").rglob("*.py"):
        if path.name != "codes.py":
            used.update(re.findall(r"\"(JDD\d{3})\"", path.read_text(encoding="utf-8")))
    assert used <= set(CODES), sorted(used - set(CODES))
