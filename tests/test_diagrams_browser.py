"""Diagrams checked by the pinned mermaid in headless Chromium: the service and `jdd check`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import REPO, run_jdd
from jdd.core.browser import BrowserNotFound, find_browser
from jdd.core.diagrams import (
    Diagram,
    DiagramOptions,
    DiagramService,
    MermaidNotInstalled,
    find_mermaid,
    source_key,
)
from jdd.core.diagrams.lint import DIAGRAM_TYPES
from test_diagrams_lint import MER_01, MER_03, MER_03_QUOTED, MER_04, MER_04_FIXED, MER_08, VALID_DIAGRAMS, chain

JOB_PAGE = "jobs/bulk-provisioning.md"
PINNED_VERSION = json.loads((REPO / "package.json").read_text())["dependencies"]["mermaid"]


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test starts with an empty cache and the browser the machine has."""
    monkeypatch.setenv("JDD_CACHE_DIR", str(tmp_path / "diagram-cache"))
    if os.environ.get("JDD_BROWSER", "").lower() in ("none", "off"):
        monkeypatch.delenv("JDD_BROWSER")


@pytest.fixture(scope="session")
def mermaid_installed():
    try:
        return find_mermaid(REPO)
    except MermaidNotInstalled as exc:
        pytest.fail(f"{exc}; the diagram tests need it")


@pytest.fixture(scope="session")
def chromium(mermaid_installed):
    """The browser `jdd check` will find; skipped loudly without one, and a failure in CI."""
    try:
        return find_browser()
    except BrowserNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"no browser in CI: {exc}")
        pytest.skip(f"DIAGRAM BROWSER TESTS SKIPPED: {exc}")


@pytest.fixture
def service(chromium, tmp_path):
    diagrams = DiagramService(DiagramOptions(project_root=REPO, cache_dir=tmp_path / "service-cache"))
    yield diagrams
    diagrams.close()


def use_diagram(jdd_folder: Path, source: str, newline: str = "\n", rel: str = JOB_PAGE) -> int:
    """Replace the Mermaid block of a job page; return the line of its opening fence."""
    page = jdd_folder / rel
    lines = page.read_text(encoding="utf-8").split("\n")
    start = lines.index("```mermaid")
    end = lines.index("```", start + 1)
    lines[start + 1:end] = source.rstrip("\n").split("\n")
    page.write_bytes(newline.join(lines).encode("utf-8"))
    return start + 1


def findings_of(result, code: str | None = None) -> list[str]:
    return [line for line in result.stdout.splitlines() if code is None or f" {code} " in line]


# The service against mermaid itself ------------------------------------------------------------

@pytest.mark.browser
def test_mermaid_accepts_every_lint_valid_diagram(service):
    verdicts = service.verdicts(VALID_DIAGRAMS.values())
    rejected = [name for name, source in VALID_DIAGRAMS.items() if not verdicts[source_key(source)]["ok"]]
    assert rejected == []


@pytest.mark.browser
@pytest.mark.parametrize("source", [MER_01, MER_03, MER_04, MER_08, "flowchar LR\n  a --> b\n",
                                    "flowchart LR\n  a[Start --> b\n", chain(600)])
def test_mermaid_rejects_what_lint_rejects(service, source):
    problems = service.check([Diagram(path=Path("x.md"), fence_line=10, source=source)])
    assert problems
    assert problems[0].code in ("JDD301", "JDD304")
    assert problems[0].message.startswith("Mermaid diagram does not parse on diagram line")


@pytest.mark.browser
def test_lint_diagram_types_match_mermaid(service):
    names = [name for name, _ in DIAGRAM_TYPES]
    sources = [f"{name}\n" for name in names]
    verdicts = service.verdicts(sources)
    unknown = [name for name, source in zip(names, sources)
               if not verdicts[source_key(source)]["ok"]
               and verdicts[source_key(source)]["error"]["name"] == "UnknownDiagramError"]
    assert unknown == []


@pytest.mark.browser
def test_service_version_from_node_modules(service):
    assert service.mermaid_version == PINNED_VERSION


# `jdd check` ----------------------------------------------------------------------------------

@pytest.mark.browser
def test_check_reserved_end_path_and_line(sample, project, chromium):
    fence = use_diagram(sample, MER_01)
    result = run_jdd("check", cwd=project)
    assert result.returncode == 1
    errors = findings_of(result, "JDD301")
    assert len(errors) == 1
    assert errors[0].startswith(f"jdds/northwind-seasonal-onboarding/{JOB_PAGE}:{fence + 3}:")
    assert "diagram line 3" in errors[0]
    assert 'done["end"]' in errors[0]
    assert "Traceback" not in result.stderr


@pytest.mark.browser
def test_check_fixed_end_passes(sample, project, chromium):
    use_diagram(sample, MER_01.replace("--> end", '--> done["end"]'))
    result = run_jdd("check", cwd=project)
    assert findings_of(result, "JDD301") == []
    assert result.returncode == 0, result.stdout


@pytest.mark.browser
def test_check_unquoted_parentheses_first_at_line_2(sample, project, chromium):
    fence = use_diagram(sample, MER_03)
    result = run_jdd("check", cwd=project)
    assert result.returncode == 1
    lines = [int(finding.split(":")[1]) - fence for finding in findings_of(result, "JDD301")]
    assert lines == [2, 3, 3, 5]
    first = findings_of(result, "JDD301")[0]
    assert "does not parse on diagram line 2" in first
    assert 'ext["External systems (vendor)"]' in first


@pytest.mark.browser
def test_check_quoted_parentheses_pass(sample, project, chromium):
    use_diagram(sample, MER_03_QUOTED)
    assert run_jdd("check", cwd=project).returncode == 0


@pytest.mark.browser
def test_check_backslash_quote(sample, project, chromium):
    fence = use_diagram(sample, MER_04)
    result = run_jdd("check", cwd=project)
    errors = findings_of(result, "JDD301")
    assert [int(error.split(":")[1]) for error in errors] == [fence + 2]
    assert "#quot;" in errors[0]
    use_diagram(sample, MER_04_FIXED)
    assert run_jdd("check", cwd=project).returncode == 0


@pytest.mark.browser
def test_check_comments_trailing_and_brace(sample, project, chromium):
    fence = use_diagram(sample, MER_08)
    result = run_jdd("check", cwd=project)
    found = [(line.split(" ")[2], int(line.split(":")[1]) - fence) for line in findings_of(result)
             if " JDD30" in line]
    assert found == [("JDD301", 3), ("JDD305", 4)]
    assert "own line" in findings_of(result, "JDD301")[0]


@pytest.mark.browser
@pytest.mark.parametrize("diagram", [MER_01, "graph LR\nsubgraph batch\nA --> B\nend\nB --> C\n"])
def test_check_crlf_and_tabs_same_verdict(sample, project, chromium, diagram):
    use_diagram(sample, diagram)
    plain = run_jdd("check", cwd=project)
    use_diagram(sample, diagram.replace("  ", "\t"), newline="\r\n")
    windows = run_jdd("check", cwd=project)
    assert windows.returncode == plain.returncode
    # Path and line match; a tab is one column where it replaced two spaces.
    assert [":".join(line.split(":")[:2]) for line in findings_of(windows)] == \
           [":".join(line.split(":")[:2]) for line in findings_of(plain)]


@pytest.mark.browser
def test_check_size_limit(sample, project, chromium):
    fence = use_diagram(sample, chain(1200))
    result = run_jdd("check", cwd=project)
    assert result.returncode == 1
    sizes = findings_of(result, "JDD304")
    assert any("95,176 characters" in line and "maxTextSize of 50,000" in line for line in sizes)
    assert any(f":{fence + 502}:" in line and "limit of 500" in line for line in sizes)
    use_diagram(sample, chain(300))
    assert run_jdd("check", cwd=project).returncode == 0


@pytest.mark.browser
def test_check_diagram_inside_tab_and_details(sample, project, chromium):
    appendix = sample / "appendix.md"
    appendix.write_text(
        "# Appendix\n\n## Job Diagram\n\n=== \"Batch\"\n\n    ```mermaid\n    flowchart LR\n      a[Extract] --> b[Load]\n"
        "    ```\n\n=== \"Streaming\"\n\n    ```mermaid\n    flowchart LR\n      c[Consume] --> end\n    ```\n\n"
        "??? note \"Failure handling\"\n    ```mermaid\n    flowchart LR\n      e[Error] --> f[Dead-letter (DLQ)]\n    ```\n",
        encoding="utf-8",
    )
    result = run_jdd("check", cwd=project)
    errors = findings_of(result, "JDD301")
    assert [error.split(" ")[0] for error in errors] == [
        "jdds/northwind-seasonal-onboarding/appendix.md:16:22:",
        "jdds/northwind-seasonal-onboarding/appendix.md:22:22:",
    ]


@pytest.mark.browser
def test_check_second_run_starts_no_browser(sample, project, chromium, monkeypatch):
    cold = run_jdd("check", cwd=project)
    assert cold.returncode == 0, cold.stdout
    assert "browser started" in cold.stderr
    assert "0 from the cache" in cold.stderr

    # A browser that cannot exist: the warm run must not need one.
    monkeypatch.setenv("JDD_BROWSER", str(project / "no-such-browser"))
    warm = run_jdd("check", cwd=project)
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert "5 diagrams checked, 5 from the cache" in warm.stderr
    assert "no browser started" in warm.stderr
    assert "JDD303" not in warm.stderr


@pytest.mark.browser
def test_check_summary_names_pinned_version(project, chromium):
    result = run_jdd("check", cwd=project)
    summary = [line for line in result.stderr.splitlines() if "diagrams checked" in line]
    assert len(summary) == 1
    assert f"mermaid {PINNED_VERSION}" in summary[0]


def test_check_without_browser_lints_and_says_so(sample, project, mermaid_installed, monkeypatch):
    fence = use_diagram(sample, MER_01)
    monkeypatch.setenv("JDD_BROWSER", str(project / "no-such-browser"))
    result = run_jdd("check", cwd=project)
    assert result.returncode == 1
    errors = findings_of(result, "JDD301")
    assert len(errors) == 1
    assert errors[0].startswith(f"jdds/northwind-seasonal-onboarding/{JOB_PAGE}:{fence + 3}:")
    assert "Mermaid diagram line 3" in errors[0]
    assert result.stderr.count("JDD303") == 1
    assert "not render-checked" in result.stderr
    assert "no-such-browser" in result.stderr


def test_check_no_browser_option(sample, project, mermaid_installed):
    use_diagram(sample, MER_03)
    result = run_jdd("check", "--no-browser", cwd=project)
    assert result.returncode == 1
    assert len(findings_of(result, "JDD301")) == 4
    assert "turned off" in result.stderr


def test_check_without_mermaid_says_npm_ci(project, monkeypatch):
    monkeypatch.setenv("JDD_MERMAID", str(project / "not-installed" / "mermaid"))
    result = run_jdd("check", cwd=project)
    assert result.returncode == 0, result.stdout
    assert "npm ci" in result.stderr
    assert "Traceback" not in result.stderr
