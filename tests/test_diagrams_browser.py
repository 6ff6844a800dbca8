"""Diagrams checked by the pinned mermaid in headless Chromium: the service and `jdd check`."""

from __future__ import annotations

import html
import json
import os
import re
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
from jdd.core.diagrams.labels import _CONTENT_REMOVING_TAGS, _KEPT_TAGS
from jdd.core.diagrams.lint import DIAGRAM_TYPES, lint_diagram
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


# Drawings of the pinned mermaid, compared with the lint's findings ----------------------------

_ROW_RE = re.compile(r'<tspan class="text-outer-tspan row"[^>]*>((?:<tspan[^>]*>[^<]*</tspan>)*)</tspan>')


def drawn_svgs(service: DiagramService, sources: list[str]) -> dict[str, dict]:
    """Draw sources with the pinned mermaid in one browser run; return the drawing of each source."""
    drawings = service.drawings(sources)
    return {source: next(iter(drawings[source_key(source)].values())) for source in sources}


def text_of(fragment: str) -> str:
    """Return the text drawn in an SVG fragment, rows joined by a space and whitespace collapsed."""
    rows = [html.unescape(re.sub(r"<[^>]+>", "", row)) for row in _ROW_RE.findall(fragment)]
    return " ".join(" ".join(rows).split())


def drawn_nodes(svg: str) -> dict[str, str]:
    """Map each node id of a drawn flowchart to its text."""
    nodes = {}
    for part in re.split(r'(?=<g class="node )', svg)[1:]:
        node_id = re.match(r'<g class="node [^"]*" id="[^"]*-flowchart-(.+?)-\d+"', part).group(1)
        nodes[node_id] = text_of(part)
    return nodes


def drawn_edges(svg: str) -> dict[str, dict[str, str]]:
    """Map each edge id (L_from_to_n) to its start and end markers, stroke and label text."""
    labels = {edge_id: text_of(fragment)
              for edge_id, fragment in re.findall(r'<g class="label" data-id="(L_[^"]*)"[^>]*>(.*?)</g>', svg, re.S)}
    edges = {}
    for path in re.findall(r'<path [^>]*data-edge="true"[^>]*>', svg):
        def attribute(name: str) -> str:
            match = re.search(rf'{name}="([^"]*)"', path)
            return match.group(1) if match else ""

        def marker(name: str) -> str:
            match = re.search(r"-(\w+?)(?:-margin)?\)$", attribute(name))
            return match.group(1) if match else ""

        edge_id = attribute("data-id")
        edges[edge_id] = {
            "start": marker("marker-start"), "end": marker("marker-end"),
            "stroke": re.search(r"edge-thickness-(\w+)", attribute("class")).group(1),
            "label": labels.get(edge_id, ""),
        }
    return edges


def only_issue(source: str):
    issues = lint_diagram(source)
    assert len(issues) == 1, [issue.message for issue in issues]
    return issues[0]


#: (form, label): a label that the lint reports, in each place a flowchart draws one.
REPORTED_LABELS = [
    ("n[{}]", "Send <customer id> to CRM"),
    ('n["{}"]', "Map<K, V> of <tenant>"),
    ('n["`{}`"]', "Send <customer id> to CRM"),
    ("n{{{}}}", "amount<limit?"),
    ("n[{}]", "Draw <path> to depot"),
    ("n[{}]", "a <style>x</style> y"),
    ("n[{}]", "done</b>"),
    ("n[{}]", "Send <id> if x > 3"),
    ("n[{}]", "Total > 100?"),
    ("n(({}))", "a -> b"),
    ('n@{{ shape: rect, label: "{}" }}', "Send <customer id>"),
    ("a -->|{}| n", "<none>"),
    ("a -- {} --> n", "x>y"),
]


def drawn_label(svg: str, form: str) -> str:
    if form.startswith("a "):
        return drawn_edges(svg)["L_a_n_0"]["label"]
    return drawn_nodes(svg)["n"]


@pytest.mark.browser
def test_label_findings_match_drawings(service):
    cases = []
    for form, label in REPORTED_LABELS:
        issue = only_issue(f"flowchart LR\n  {form.format(label)}\n")
        shown = re.search(r"shows as (?:'(.*)'|nothing): mermaid", issue.message).group(1) or ""
        fix = re.search(r": '(.*)'$", issue.message).group(1)
        cases.append((form, label, shown, f"flowchart LR\n  {form.format(fix)}\n"))
    sources = [f"flowchart LR\n  {form.format(label)}\n" for form, label, _, _ in cases]
    drawings = drawn_svgs(service, sources + [fixed for *_, fixed in cases])

    for (form, label, shown, fixed), source in zip(cases, sources):
        assert drawn_label(drawings[source]["svg"], form) == shown, source
        assert lint_diagram(fixed) == [], fixed
        assert drawn_label(drawings[fixed]["svg"], form) == " ".join(label.split()), fixed


def sanitiser_tag_names(install) -> set[str]:
    """Read the HTML, SVG and MathML element names listed by the DOMPurify in the mermaid bundle."""
    bundle = (install.folder / "dist" / "mermaid.js").read_text(encoding="utf-8")
    names: set[str] = set()
    for variable in ("html$1", "svg$1", "svgFilters", "mathMl$1"):
        found = re.search(re.escape(variable) + r" = freeze\(\[(.*?)\]\)", bundle)
        assert found, f"no list {variable} in mermaid {install.version}'s bundle"
        names |= {name.lower() for name in re.findall(r'"([^"]+)"', found.group(1))}
    return names


@pytest.mark.browser
def test_mermaid_tag_names_match_lint(service, mermaid_installed):
    known = sanitiser_tag_names(mermaid_installed)
    assert {"span", "path", "mtext"} <= known
    unknown = {"customer", "none", "tenant", "email", "iframe", "noscript", "xmp", "annotation-xml", "foreignobject"}
    names = sorted((known | unknown | _KEPT_TAGS | _CONTENT_REMOVING_TAGS) - {"br"})
    source = "flowchart TB\n" + "".join(f"  n{number}[a <{name}> b]\n" for number, name in enumerate(names))
    nodes = drawn_nodes(drawn_svgs(service, [source])[source]["svg"])

    wrong = []
    for number, name in enumerate(names):
        drawn = nodes[f"n{number}"]
        # `<image>` is kept, and drawn as `<img>`.
        drawn_as_typed = f"<{'img' if name == 'image' else name}>" in drawn
        issues = lint_diagram(f"flowchart LR\n  n[a <{name}> b]\n")
        if drawn_as_typed == bool(issues):
            wrong.append((name, drawn, [issue.message for issue in issues]))
        elif issues and f"shows as '{drawn}'" not in issues[0].message:
            wrong.append((name, drawn, issues[0].message))
    assert wrong == []


@pytest.mark.browser
def test_arrow_findings_match_drawings(service):
    cases = {
        "a---xray": ("a --- xray", "'--- xray'"),
        "a --oB": ("a --o B", "'--o B'"),
        "a --oops--> b": ("a -- oops --> b", "'-- oops -->'"),
        "Dem o--> B": ("Demo --> B", "remove the space before it"),
        "a o==> b": ("a o==o b", "same head at both ends"),
        "a -- auto--> b": ("a -- auto --> b", "'auto -->'"),
        "a -- ratio--o b": ("a -- ratio --o b", "'ratio --o'"),
    }
    sources = {line: f"flowchart LR\n  {line}\n" for line in cases}
    fixed = {line: f"flowchart LR\n  {fix}\n" for line, (fix, _) in cases.items()}
    for line, (_, fix_text) in cases.items():
        assert fix_text in only_issue(sources[line]).message
        assert lint_diagram(fixed[line]) == [], fixed[line]
    drawings = drawn_svgs(service, list(sources.values()) + list(fixed.values()))

    def drawn(source: str) -> tuple[dict, dict]:
        svg = drawings[source]["svg"]
        return drawn_nodes(svg), drawn_edges(svg)

    nodes, edges = drawn(sources["a---xray"])
    assert set(nodes) == {"a", "ray"}
    assert edges["L_a_ray_0"]["end"] == "crossEnd"
    assert set(drawn(fixed["a---xray"])[0]) == {"a", "xray"}

    nodes, edges = drawn(sources["a --oB"])
    assert set(nodes) == {"a", "B"}
    assert edges["L_a_B_0"]["end"] == "circleEnd"

    nodes, edges = drawn(sources["a --oops--> b"])
    assert set(nodes) == {"a", "ops", "b"}
    assert drawn(fixed["a --oops--> b"])[1]["L_a_b_0"]["label"] == "oops"

    nodes, edges = drawn(sources["Dem o--> B"])
    assert set(nodes) == {"Dem", "B"}
    assert (edges["L_Dem_B_0"]["start"], edges["L_Dem_B_0"]["end"]) == ("", "pointEnd")
    assert set(drawn(fixed["Dem o--> B"])[0]) == {"Demo", "B"}

    edge = drawn(sources["a o==> b"])[1]["L_a_b_0"]
    assert (edge["start"], edge["end"], edge["stroke"]) == ("", "pointEnd", "normal")
    edge = drawn(fixed["a o==> b"])[1]["L_a_b_0"]
    assert (edge["start"], edge["end"], edge["stroke"]) == ("circleStart", "circleEnd", "thick")

    assert drawn(sources["a -- auto--> b"])[1]["L_a_b_0"]["label"] == "aut"
    assert drawn(fixed["a -- auto--> b"])[1]["L_a_b_0"]["label"] == "auto"
    edge = drawn(sources["a -- ratio--o b"])[1]["L_a_b_0"]
    assert (edge["label"], edge["start"], edge["end"]) == ("rati", "circleStart", "circleEnd")


@pytest.mark.browser
def test_mermaid_cannot_draw_mismatched_heads(service):
    for line in ("a o-- text --> b", "a == go==> b"):
        source = f"flowchart LR\n  {line}\n"
        assert "fails to draw it" in only_issue(source).message
        assert service.verdicts([source])[source_key(source)]["ok"]
        assert not drawn_svgs(service, [source])[source]["ok"]


@pytest.mark.browser
def test_valid_labels_and_heads_drawn_as_written(service):
    names = ["HTML that mermaid keeps", "angle brackets as text", "greater-than in a label", "circle and cross edges",
             "ids with o and x next to arrows", "edge text ending in o or x"]
    drawings = drawn_svgs(service, [VALID_DIAGRAMS[name] for name in names])

    def drawn(name: str) -> tuple[dict, dict]:
        svg = drawings[VALID_DIAGRAMS[name]]["svg"]
        return drawn_nodes(svg), drawn_edges(svg)

    nodes, _ = drawn("HTML that mermaid keeps")
    assert nodes["a"] == "one two three four"
    assert nodes["b"] == "<b> bold </b> <i> it </i> <em> em </em> <strong> st </strong>"
    assert nodes["c"] == "x <sub> 2 </sub> y <sup> 3 </sup> <u> u </u> <small> s </small>"

    nodes, edges = drawn("angle brackets as text")
    assert [nodes[key] for key in "abcd"] == ["x <= y", "a < b > c", "<1> and < id >", "Send <customer id>"]
    assert edges["L_c_d_0"]["label"] == "<none>"
    assert edges["L_d_e_0"]["label"] == "a <- b"

    nodes, _ = drawn("greater-than in a label")
    assert [nodes[key] for key in "acd"] == ["x > y", "x>y", "5 > 3 < 4"]

    nodes, edges = drawn("circle and cross edges")
    heads = {edge_id: (edge["start"], edge["end"], edge["label"]) for edge_id, edge in edges.items()}
    assert heads == {
        "L_a_b_0": ("", "circleEnd", ""), "L_a_c_0": ("", "crossEnd", ""),
        "L_a_d_0": ("circleStart", "circleEnd", ""), "L_a_e_0": ("crossStart", "crossEnd", ""),
        "L_a_f_0": ("pointStart", "pointEnd", ""), "L_a_g_0": ("", "circleEnd", "yes"),
        "L_a_h_0": ("", "crossEnd", ""), "L_a_i_0": ("", "circleEnd", ""),
        "L_a_j_0": ("", "circleEnd", "sent"), "L_a_k_0": ("circleStart", "circleEnd", "both"),
    }

    nodes, _ = drawn("ids with o and x next to arrows")
    assert set(nodes) == {"Demo", "taxo", "box", "xbox", "inbox", "outbox", "A", "xray", "oracle", "x1", "o2", "o",
                          "x", "xB"}

    _, edges = drawn("edge text ending in o or x")
    assert [edge["label"] for edge in edges.values()] == ["go", "auto", "fax"]


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


@pytest.mark.browser
def test_check_labels_and_arrow_heads(sample, project, chromium):
    source = (
        "flowchart LR\n  roster[Send <customer id> to CRM] --> transform\n  transform ---ximport[Bulk import]\n"
        "  import --> check{Total > 100?}\n  check -- auto--> fix\n"
    )
    fence = use_diagram(sample, source)
    result = run_jdd("check", cwd=project)
    assert result.returncode == 1
    assert findings_of(result, "JDD301") == []
    errors = findings_of(result, "JDD306")
    where = [tuple(int(part) for part in error.split(":")[1:3]) for error in errors]
    assert where == [(fence + 2, 15), (fence + 3, 16), (fence + 4, 26), (fence + 5, 15)]
    assert "shows as 'Send to CRM'" in errors[0]
    assert "'Send #lt;customer id#gt; to CRM'" in errors[0]
    assert "a node 'import'" in errors[1]
    assert "'Total #gt; 100?'" in errors[2]
    assert "shows as 'aut'" in errors[3]

    use_diagram(sample, (
        "flowchart LR\n  roster[Send #lt;customer id#gt; to CRM] --> transform\n  transform --- ximport[Bulk import]\n"
        "  ximport --> check{Total #gt; 100?}\n  check -- auto --> fix\n"
    ))
    fixed = run_jdd("check", cwd=project)
    assert fixed.returncode == 0, fixed.stdout


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
