"""Property-based tests: whatever the files hold, the result is findings, never an exception."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdd.core.findings import Finding
from jdd.core.frontmatter import parse_front_matter
from jdd.core.loader import load_jdd
from jdd.core.markdown import parse_markdown
from jdd.core.rules import check_jdd

from conftest import REPO, SAMPLE_IN_REVIEW

FRAGMENTS = [
    "---\n", "...\n", "jdd:\n", "  customer: x\n", "  status: draft\n", "  opened: 2026-13-45\n", "  a: &a [1]\n",
    "  b: *a\n", "\t", "\r\n", "\r", "\ufeff", "# ", "## ", "#", "Description\n", "## Next Steps\n",
    "## Diagram\n", "```mermaid\n", "```\n", "~~~\n", "- [ ] ", "- [x] ", " — ", "1. ", "[job](jobs/a.md)",
    "| Job | Capability | Status | Notes |\n", "| --- | --- | --- | --- |\n", "|", "!!! internal \"x\"\n",
    "=== \"Tab\"\n", "    ", "<!--", "-->", "<h2>", "</h2>", "<div>\n", "{#id}", "TODO", "\n", "\n\n", "x",
    "é", "😀", "\x00", "\\", "`", "*", "_", "[", "]", "(", ")", "<", ">", "&", ": ", "'", '"',
]

text_strategy = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=80).map("".join)
FILES = ["index.md", "business-scenario.md", "jobs.md", "capabilities.md", "jobs/a.md", "jobs/b.md"]

FUZZ_SETTINGS = settings(
    # JDD_FUZZ_EXAMPLES raises the count for a longer local run.
    max_examples=int(os.environ.get("JDD_FUZZ_EXAMPLES", "150")),
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def assert_findings(findings: list) -> None:
    assert all(isinstance(finding, Finding) for finding in findings)
    assert all(finding.line >= 1 and finding.column >= 1 for finding in findings)


@FUZZ_SETTINGS
@given(text=text_strategy)
def test_front_matter_never_raises(text: str) -> None:
    front = parse_front_matter(text)
    assert all(problem.line >= 1 for problem in front.problems)


@FUZZ_SETTINGS
@given(text=text_strategy)
def test_markdown_never_raises(text: str) -> None:
    parsed = parse_markdown(text.replace("\r\n", "\n").replace("\r", "\n"))
    assert all(problem.line >= 1 for problem in parsed.problems)


@FUZZ_SETTINGS
@given(files=st.dictionaries(st.sampled_from(FILES), text_strategy | st.binary(max_size=200), min_size=1))
def test_generated_jdd_gives_findings(files: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "fuzzed"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", errors="surrogatepass")
        assert_findings(check_jdd(load_jdd(root)))


@FUZZ_SETTINGS
@given(
    name=st.sampled_from(["index.md", "jobs.md", "capabilities.md", "jobs/bulk-provisioning.md"]),
    position=st.floats(min_value=0, max_value=1),
    insertion=text_strategy,
    cut=st.integers(min_value=0, max_value=40),
)
def test_mutated_sample_gives_findings(name: str, position: float, insertion: str, cut: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "nw"
        shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, root)
        path = root / name
        text = path.read_text(encoding="utf-8")
        at = int(len(text) * position)
        path.write_text(text[:at] + insertion + text[at + cut:], encoding="utf-8", errors="surrogatepass")
        assert_findings(check_jdd(load_jdd(root)))
