"""Golden cases: one fault in a copy of the sample JDD, the exact findings out.

The cases live in fixtures/faults.yml. Each is checked three ways: through
the core, through `jdd check` (exit status 1 for errors) and through a real
`mkdocs build`, which must fail and name the same file and line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from jdd.core.check import load_targets, run_check

from conftest import REPO, SAMPLE_IN_REVIEW, run_jdd, run_mkdocs

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "faults.yml").read_text(encoding="utf-8"))


def apply_edits(folder: Path, edits: list[dict]) -> None:
    for edit in edits:
        path = folder / edit["file"]
        if edit.get("delete"):
            path.unlink()
        elif "write" in edit:
            path.write_text(edit["write"], encoding="utf-8")
        elif "write_bytes" in edit:
            # YAML's \xNN escapes give code points below 256: latin-1 turns each into that byte.
            path.write_bytes(edit["write_bytes"].encode("latin-1"))
        else:
            old, new = edit["replace"]
            text = path.read_text(encoding="utf-8")
            assert old in text, f"case edit does not apply: {old!r} not in {edit['file']}"
            path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_case(tmp_path: Path, case: dict) -> Path:
    docs = tmp_path / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, docs / "nw")
    apply_edits(docs / "nw", case["edits"])
    return docs


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_fault_findings_exact(tmp_path: Path, case: dict) -> None:
    docs = make_case(tmp_path, case)
    result = run_check(load_targets(docs))
    assert [finding.format(docs) for finding in result.findings] == case["expected"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_fault_cli_exit_status(tmp_path: Path, case: dict) -> None:
    docs = make_case(tmp_path, case)
    result = run_jdd("check", "nw", cwd=docs)
    has_error = any(": error " in line for line in case["expected"])
    assert result.returncode == (1 if has_error else 0), result.stdout + result.stderr
    assert result.stdout.splitlines() == case["expected"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "case",
    [case for case in CASES if any(": error " in line for line in case["expected"])],
    ids=[case["name"] for case in CASES if any(": error " in line for line in case["expected"])],
)
def test_fault_fails_mkdocs_build(project: Path, case: dict) -> None:
    docs = project / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, docs / "nw")
    apply_edits(docs / "nw", case["edits"])

    result = run_mkdocs("build", cwd=project)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for line in case["expected"]:
        location = "jdds/" + line.split(": ", 1)[0]
        assert location in result.stderr, f"{location} not in build output:\n{result.stderr}"
    assert not (project / "site" / "nw" / "index.html").exists()
