"""The structural diagram lint and the line map, without a browser (golden cases)."""

from __future__ import annotations

import pytest

from jdd.core.diagrams import PreparedSource, lint_diagram
from jdd.core.diagrams.messages import explain_error

MER_01 = "flowchart LR\n  start --> validate\n  validate --> end\n"
MER_03 = (
    "flowchart TD\n"
    "  subgraph ext[External systems (vendor)]\n"
    "    bank[Bank API (SFTP)] --> parse[parse_file()]\n"
    "  end\n"
    "  parse -->|retry (3x)| parse\n"
)
MER_03_QUOTED = (
    "flowchart TD\n"
    '  subgraph ext["External systems (vendor)"]\n'
    '    bank["Bank API (SFTP)"] --> parse["parse_file()"]\n'
    "  end\n"
    '  parse -->|"retry (3x)"| parse\n'
)
MER_04 = 'flowchart LR\n  a["Export \\"daily\\" totals"] --> b["Send report"]\n'
MER_04_FIXED = 'flowchart LR\n  a["Export #quot;daily#quot; totals"] --> b["Send report"]\n'
MER_08 = (
    "graph TD\n"
    "  %% owner: data platform\n"
    "  extract --> load;  %% nightly only\n"
    "  %%{ TODO: split this step }\n"
    "  load --> report\n"
)
MER_11_CRLF = "graph LR\r\nsubgraph batch\r\nA --> B\r\nend\r\nB --> C\r\n"
MER_11_LF = "graph LR\nsubgraph batch\nA --> B\nend\nB --> C\n"
MER_11_TABS = "graph TB\n\tc1-->a2\n\tsubgraph one\n\ta1-->a2\n\tend\n"
MER_11_SPACES = "graph TB\n    c1-->a2\n    subgraph one\n    a1-->a2\n    end\n"


def chain(edges: int) -> str:
    """Generate a linear flowchart of `edges` edges with long labels, to test the size limits."""
    return "flowchart TD\n" + "".join(
        f'  s{i}["Step {i}: reconcile ledger batch {i} against bank statement"] --> s{i + 1}\n'
        for i in range(edges)
    )


#: Diagrams mermaid 11.17.2 accepts (each is also parsed by mermaid in test_diagrams_browser.py):
#: the lint must report nothing for any of them.
VALID_DIAGRAMS = {
    "keyword-like ids": "flowchart LR\n  endpoint --> ending\n  frontend --> endpoint\n  a --> End\n  a --> end_x\n  a --> end2\n",
    "non-Latin and emoji": "flowchart LR\n  ä[Überprüfung 🚀] --> 日本[処理]\n  日本 --> ok[✅ fertig]\n",
    "multi-line init directive": "%%{init: {\n  'theme': 'forest',\n  'flowchart': {'curve': 'basis'}\n}}%%\nflowchart LR\n  a --> b\n",
    "init directive opened on its own line": (
        '%%{\n  init: {\n    "flowchart": {"curve": "linear"}\n  }\n}%%\nflowchart LR\n  A --> B\n'
    ),
    "YAML front matter": "---\ntitle: Payroll (monthly)\nconfig:\n  theme: neutral\n---\nflowchart LR\n  a --> b\n",
    "shapes": "flowchart TD\n  a[(Database)] --> b([Stadium]) --> c[[Sub]] --> d[/Trap/] --> e[\\Trap\\]\n  e --> f>Flag] --> g((Circle)) --> h{{Hex}} --> i{Decide?}\n",
    "quoted parentheses": MER_03_QUOTED,
    "entity quote": MER_04_FIXED,
    "sequence with brackets": "sequenceDiagram\n  Alice->>Bob: hello (world]\n  Bob-)Alice: async reply\n",
    "styles and links": "flowchart TD\n  a:::hot --> b\n  classDef hot fill:#f96,stroke:#333\n  style b fill:#bbf,stroke:#f66,stroke-width:2px\n  linkStyle 0 stroke:#ff3\n  click a href \"https://example.invalid/x(1)\"\n",
    "text on a dashed edge": "flowchart LR\n  a -- retry (3x) --> b\n  b -- end --> c\n",
    "greater-than in a label": 'flowchart LR\n  a[x #gt; y] --> b[50%% done] --> c["`x>y`"] --> d[5 > 3 < 4]\n',
    "greater-than in edge text": "flowchart LR\n  a -- x #gt; y --> b\n",
    "shape syntax": 'flowchart TD\n  a@{ shape: rect, label: "Hello (x)" } --> b\n',
    "markdown string": 'flowchart TD\n  a["`**bold** (x)`"] --> b\n',
    "own-line comments": "flowchart LR\n  %% a comment (with parentheses)\n  a --> b\n  %% end\n",
    "subgraph": "flowchart LR\n  subgraph batch [Nightly batch]\n    direction TB\n    a --> b\n  end\n  b --> c\n",
    "semicolons": "graph TD; a-->b; b-->c;\n",
    "CRLF": MER_11_CRLF,
    "tabs": MER_11_TABS,
    "state diagram": "stateDiagram-v2\n  [*] --> Still\n  Still --> [*]\n",
    "pie": 'pie title Pets\n  "Dogs" : 386\n  "Cats" : 85\n',
    "300-edge chain": chain(300),
    "HTML that mermaid keeps": (
        "flowchart LR\n  a[one<br>two<br/>three<br />four] --> b[<b>bold</b> <i>it</i> <em>em</em> <strong>st</strong>]\n"
        "  b --> c[x<sub>2</sub> y<sup>3</sup> <u>u</u> <small>s</small>]\n"
    ),
    "angle brackets as text": (
        'flowchart LR\n  a[x <= y] --> b[a < b > c] --> c["<1> and < id >"]\n'
        "  c -->|#lt;none#gt;| d[Send #lt;customer id#gt;]\n  d -- a <- b --> e\n"
    ),
    "circle and cross edges": (
        "flowchart LR\n  a --o b\n  a --x c\n  a o--o d\n  a x--x e\n  a <--> f\n  a --o|yes| g\n  a -.-x h\n"
        "  a ==o i\n  a -- sent --o j\n  a o-- both --o k\n"
    ),
    "ids with o and x next to arrows": (
        "flowchart LR\n  Demo-->taxo\n  taxo-->box\n  box --> xbox\n  inbox --> outbox\n  A-->xray\n"
        "  A --> oracle\n  A==>oracle\n  x1 --> o2\n  A --> o & x\n  A ~~~ xB\n"
    ),
    "edge text ending in o or x": "flowchart LR\n  a -- go --> b\n  b == auto ==> c\n  c -. fax .-> d\n",
    "front matter, directive, brackets and heads": (
        "---\ntitle: Monthly ledger\n---\n%%{init: {\n  'theme': 'forest'\n}}%%\nflowchart LR\n"
        "  a[x <= y] --o b\n  b -->|#lt;id#gt;| 日本o[処理 🚀]\n"
    ),
}


def issues_of(source: str) -> list[tuple[str, int]]:
    return [(issue.kind, issue.line) for issue in lint_diagram(source)]


@pytest.mark.parametrize("name", sorted(VALID_DIAGRAMS))
def test_lint_accepts_valid_diagram(name):
    assert lint_diagram(VALID_DIAGRAMS[name]) == []


def test_lint_reserved_end_at_line_3():
    issues = lint_diagram(MER_01)
    assert [(issue.kind, issue.line) for issue in issues] == [("syntax", 3)]
    assert "'end'" in issues[0].message
    assert 'done["end"]' in issues[0].message
    assert "End" in issues[0].message
    assert issues[0].parser_decides


def test_lint_reserved_end_every_position():
    source = "flowchart LR\n  end --> b\n  a --> end;\n  a --> end & b\n  a & end --> b\n  a --> end-user\n"
    assert issues_of(source) == [("syntax", 2), ("syntax", 3), ("syntax", 4), ("syntax", 5), ("syntax", 6)]


def test_lint_unquoted_parentheses_each_label():
    issues = lint_diagram(MER_03)
    assert [(issue.line, issue.column) for issue in issues] == [(2, 16), (3, 10), (3, 37), (5, 13)]
    assert 'ext["External systems (vendor)"]' in issues[0].message
    assert 'bank["Bank API (SFTP)"]' in issues[1].message
    assert 'parse["parse_file()"]' in issues[2].message
    assert '|"retry (3x)"|' in issues[3].message


def test_lint_quoted_parentheses_pass():
    assert lint_diagram(MER_03_QUOTED) == []


def test_lint_backslash_quote_suggests_entity():
    issues = lint_diagram(MER_04)
    assert [(issue.kind, issue.line) for issue in issues] == [("syntax", 2)]
    assert '"Export #quot;daily#quot; totals"' in issues[0].message


def test_lint_comments_trailing_and_brace():
    issues = lint_diagram(MER_08)
    assert [(issue.kind, issue.line) for issue in issues] == [("comment", 3), ("comment", 4)]
    assert "own line" in issues[0].message
    assert "directive" in issues[1].message


def test_lint_crlf_same_verdict_as_lf():
    assert lint_diagram(MER_11_CRLF) == lint_diagram(MER_11_LF) == []
    assert PreparedSource.of(MER_11_CRLF).text == PreparedSource.of(MER_11_LF).text


def test_lint_tabs_same_verdict_as_spaces():
    assert lint_diagram(MER_11_TABS) == lint_diagram(MER_11_SPACES) == []


def test_lint_crlf_fault_same_line_as_lf():
    broken_lf = "flowchart LR\n  a --> b\n  b --> end\n"
    assert issues_of(broken_lf.replace("\n", "\r\n")) == issues_of(broken_lf) == [("syntax", 3)]


def test_lint_size_over_max_text_size():
    source = chain(1200)
    assert len(source) == 95_176
    issues = lint_diagram(source)
    size = [issue for issue in issues if issue.kind == "size"]
    assert len(size) == 1
    assert "95,176 characters" in size[0].message
    assert "maxTextSize of 50,000" in size[0].message
    assert not size[0].parser_decides


def test_lint_edge_limit_names_line_of_edge_501():
    issues = [issue for issue in lint_diagram(chain(1200)) if issue.kind == "edges"]
    assert len(issues) == 1
    assert issues[0].line == 502
    assert "limit of 500" in issues[0].message


def test_lint_edge_limit_counts_fan_out():
    source = "flowchart LR\n" + "".join(f"  a{i} & b{i} --> c{i}\n" for i in range(251))
    issues = [issue for issue in lint_diagram(source) if issue.kind == "edges"]
    assert [issue.line for issue in issues] == [252]


@pytest.mark.parametrize("source, guess", [
    ("flowchar LR\n  a --> b\n", "flowchart"),
    ("Flowchart LR\n  a --> b\n", "flowchart"),
    ("sequencediagram\n  A->>B: hi\n", "sequenceDiagram"),
])
def test_lint_unknown_type_suggests_closest(source, guess):
    issues = lint_diagram(source)
    assert [(issue.kind, issue.line) for issue in issues] == [("syntax", 1)]
    assert f"did you mean '{guess}'" in issues[0].message


def test_lint_empty_diagram():
    assert issues_of("\n\n") == [("syntax", 1)]


def test_lint_unclosed_label():
    issues = lint_diagram("flowchart LR\n  a[Start --> b\n")
    assert [(issue.kind, issue.line, issue.column) for issue in issues] == [("syntax", 2, 4)]


def test_lint_unclosed_directive():
    issues = lint_diagram("%%{init: {'theme': 'dark'}\nflowchart LR\n  a --> b\n")
    assert [(issue.kind, issue.line) for issue in issues] == [("syntax", 1)]


def test_lint_trailing_comment_in_sequence_diagram():
    assert issues_of("sequenceDiagram\n  Alice->>Bob: hi %% note\n") == [("comment", 2)]


def test_line_map_skips_front_matter_comments():
    source = "---\ntitle: x\n---\n%% note\n\nflowchart LR\n  a --> b\n  %% another\n  b --> end\n"
    prepared = PreparedSource.of(source)
    assert prepared.text.split("\n")[0] == "flowchart LR"
    assert prepared.original_position(1, 0) == (6, 1)
    assert prepared.original_position(3, 2) == (9, 3)


def test_line_map_skips_multi_line_directive():
    source = "%%{init: {\n  'theme': 'forest'\n}}%%\nflowchart LR\n  a --> b\n  b --> end\n"
    assert PreparedSource.of(source).original_position(3, 2) == (6, 3)


def test_explain_jison_end_token():
    error = {
        "name": "Error",
        "message": "Parse error on line 3:\n...\nExpecting 'AMP', 'NODE_STRING', got 'end'",
        "hash": {"token": "end", "text": "end\n", "expected": ["'AMP'", "'NODE_STRING'"],
                 "loc": {"first_line": 3, "first_column": 10}},
    }
    failure = explain_error(error, lambda line: "  validate --> end")
    assert failure.line == 3
    assert failure.code == "JDD301"
    assert "'end' is used as a node id" in failure.explanation


def test_explain_jison_node_expected_after_arrow():
    error = {
        "name": "Error",
        "message": "Parse error on line 5:\n...\nExpecting 'NODE_STRING', got 'EOF'",
        "hash": {"token": "EOF", "text": "", "expected": ["'NODE_STRING'", "'MINUS'"],
                 "loc": {"first_line": 3, "first_column": 3}},
    }
    failure = explain_error(error, lambda line: "  b -->")
    assert failure.explanation == "expected a node after '-->'"


def test_explain_langium_error():
    error = {"name": "Error", "message": "Parsing failed:  Parse error on line 3, column 10: Expecting token of "
                                         "type ':' but found `85`."}
    failure = explain_error(error, lambda line: "")
    assert (failure.line, failure.column) == (3, 9)
    assert failure.explanation == "expected ':' but found '85'"


def test_explain_edge_limit_is_size_code():
    failure = explain_error({"name": "Error", "message": "Edge limit exceeded. 500 edges found, but the limit is 500."},
                            lambda line: "")
    assert failure.code == "JDD304"
    assert failure.line is None


# Text that mermaid accepts but draws differently ---------------------------------------------

def only_issue(source: str):
    issues = lint_diagram(source)
    assert len(issues) == 1, [issue.message for issue in issues]
    return issues[0]


def test_lint_html_tag_in_node_label():
    issue = only_issue("flowchart LR\n  a[Start] --> crm[Send <customer id> to CRM]\n")
    assert (issue.kind, issue.line, issue.column) == ("changed", 2, 25)
    assert "shows as 'Send to CRM'" in issue.message
    assert "'<customer id>' as an HTML tag" in issue.message
    assert "'Send #lt;customer id#gt; to CRM'" in issue.message
    assert not issue.parser_decides


def test_lint_html_tag_in_pipe_label():
    issue = only_issue("flowchart LR\n  a --> b\n  b -->|<none>| c\n")
    assert (issue.line, issue.column) == (3, 9)
    assert "shows as nothing" in issue.message
    assert "'#lt;none#gt;'" in issue.message


def test_lint_html_tag_in_edge_text():
    issue = only_issue("flowchart LR\n  a -- send <id> --> b\n")
    assert (issue.line, issue.column) == (2, 13)
    assert "shows as 'send'" in issue.message
    assert "'send #lt;id#gt;'" in issue.message


@pytest.mark.parametrize("line, column", [
    ('a["Send <customer id> to CRM"]', 11),
    ('a["`Send <customer id> to CRM`"]', 12),
    ('a@{ shape: rect, label: "Send <customer id> to CRM" }', 33),
    ("subgraph s1 [Send <customer id> to CRM]", 21),
    ("a(Send <customer id> to CRM)", 10),
])
def test_lint_html_tag_in_every_label_form(line, column):
    source = f"flowchart LR\n  {line}\n" + ("  end\n" if line.startswith("subgraph") else "")
    issue = only_issue(source)
    assert (issue.line, issue.column) == (2, column)
    assert "shows as 'Send to CRM'" in issue.message
    assert "'Send #lt;customer id#gt; to CRM'" in issue.message


def test_lint_unclosed_tag_takes_rest_of_label():
    issue = only_issue("flowchart LR\n  check{amount<limit?}\n")
    assert (issue.line, issue.column) == (2, 15)
    assert "shows as 'amount'" in issue.message
    assert "write the angle brackets as #lt;: 'amount#lt;limit?'" in issue.message


def test_lint_tag_that_removes_following_text():
    issue = only_issue("flowchart LR\n  a[Draw <path> to depot]\n")
    assert "shows as 'Draw'" in issue.message
    assert "together with the text that follows" in issue.message
    assert "'Draw #lt;path#gt; to depot'" in issue.message


def test_lint_several_tags_one_finding():
    issue = only_issue("flowchart LR\n  a[Map<K, V> of <tenant>]\n")
    assert issue.column == 8
    assert "'<K, V>' and '<tenant>' as HTML tags" in issue.message
    assert "'Map#lt;K, V#gt; of #lt;tenant#gt;'" in issue.message


def test_lint_stray_end_tag():
    issue = only_issue("flowchart LR\n  a[done</b>]\n")
    assert "shows as 'done'" in issue.message


@pytest.mark.parametrize("line, column, shown, fix", [
    ("a[x>y]", 6, "'x y'", "'x#gt;y'"),
    ("a{Total > 100?}", 11, "'Total 100?'", "'Total #gt; 100?'"),
    ("a -->|x > 3| b", 11, "'x 3'", "'x #gt; 3'"),
    ('a["a -> b"]', 9, "'a - b'", "'a -#gt; b'"),
    ("a -- x>y --> b", 9, "'x y'", "'x#gt;y'"),
    ("a[>]", 5, "nothing", "'#gt;'"),
])
def test_lint_greater_than_without_less_than(line, column, shown, fix):
    issue = only_issue(f"flowchart LR\n  {line}\n")
    assert (issue.line, issue.column) == (2, column)
    assert f"shows as {shown}: mermaid drops '>' from a label that has no '<'" in issue.message
    assert f"write '>' as #gt;: {fix}" in issue.message


def test_lint_tag_fix_escapes_remaining_greater_than():
    issue = only_issue("flowchart LR\n  a[Send <id> if x > 3]\n")
    assert "shows as 'Send if x > 3'" in issue.message
    assert "'Send #lt;id#gt; if x #gt; 3'" in issue.message


def test_lint_html_comment_in_label_passes():
    assert lint_diagram("flowchart LR\n  a[Send <!-- for now --> report]\n") == []


def test_lint_html_only_in_flowcharts():
    assert lint_diagram("sequenceDiagram\n  Alice->>Bob: send <customer id>\n") == []


@pytest.mark.parametrize("line, column, read, fixes", [
    ("a---xray", 7, "'---x', with a cross at its end, and a node 'ray'", ["'--- xray'", "'---x ray'"]),
    ("a---oracle", 7, "'---o', with a circle at its end, and a node 'racle'", ["'--- oracle'", "'---o racle'"]),
    ("a --oB", 7, "'--o', with a circle at its end, and a node 'B'", ["'--o B'", "'--- oB'"]),
    ("a==xray", 6, "'==x', with a cross at its end, and a node 'ray'", ["'==x ray'", "'=== xray'"]),
    ("a-.-oB", 7, "'-.-o', with a circle at its end, and a node 'B'", ["'-.- oB'", "'-.-o B'"]),
    ("a --oops--> b", 7, "'--o', with a circle at its end, and a node 'ops'", ["'-- oops -->'"]),
    ("a --> b---x1", 13, "'---x', with a cross at its end, and a node '1'", ["'--- x1'"]),
])
def test_lint_head_glued_to_node_id(line, column, read, fixes):
    issue = only_issue(f"flowchart LR\n  {line}\n")
    assert (issue.kind, issue.line, issue.column) == ("changed", 2, column)
    assert read in issue.message
    for fix in fixes:
        assert fix in issue.message
    assert not issue.parser_decides


@pytest.mark.parametrize("line, column, lost", [
    ("Dem o--> B", 7, "'o-->' without the circle at its start"),
    ("a x--o b", 5, "'x--o' without the cross at its start"),
    ("a <--- b", 5, "'<---' without the arrow head at its start"),
    ("a o==> b", 5, "'o==>' without the circle at its start and with a normal line, not a thick one"),
    ("a[Label]o-->b", 11, "'o-->' without the circle at its start"),
])
def test_lint_start_head_dropped(line, column, lost):
    issue = only_issue(f"flowchart LR\n  {line}\n")
    assert (issue.line, issue.column) == (2, column)
    assert lost in issue.message
    assert "same head at both ends" in issue.message


def test_lint_start_head_suggests_joining_id():
    issue = only_issue("flowchart LR\n  Dem o--> B\n")
    assert "if the 'o' belongs to the node id, remove the space before it" in issue.message
    issue = only_issue("flowchart LR\n  a[Label] o-->b\n")
    assert "belongs to the node id" not in issue.message


@pytest.mark.parametrize("line, column, written, shown, fix", [
    ("check -- auto--> fix", 15, "auto", "aut", "'auto -->'"),
    ("a -- to x--> b", 11, "to x", "to", "'to x -->'"),
    ("a --go--> b", 8, "go", "g", "'go -->'"),
    ("a -- ratio--o b", 12, "ratio", "rati", "'ratio --o'"),
    ("a -. info.-> b", 11, "info", "inf", "'info .->'"),
])
def test_lint_edge_text_loses_last_letter(line, column, written, shown, fix):
    issue = only_issue(f"flowchart LR\n  {line}\n")
    assert (issue.line, issue.column) == (2, column)
    assert f"the edge text '{written}' shows as '{shown}'" in issue.message
    assert fix in issue.message


@pytest.mark.parametrize("line, reason", [
    ("a o-- text --> b", "the head at its start ('o--') does not match the head at its end ('-->')"),
    ("a <-- text --o b", "the head at its start ('<--') does not match the head at its end ('--o')"),
    ("a == go==> b", "it reads 'o==>' as the arrow after the text"),
])
def test_lint_edge_mermaid_cannot_draw(line, reason):
    issue = only_issue(f"flowchart LR\n  {line}\n")
    assert (issue.line, issue.column) == (2, 5)
    assert "fails to draw it" in issue.message
    assert reason in issue.message


def test_lint_arrow_findings_each_at_own_line():
    source = (
        "---\ntitle: Intake\n---\nflowchart LR\n  %% intake\n  a[Start] --> b\n  b---xray\n  ray --> c\n"
        "  c -- auto--> d\n  d o--> e\n"
    )
    assert [(issue.line, issue.column) for issue in lint_diagram(source)] == [(7, 7), (9, 11), (10, 5)]


def test_lint_arrow_checks_skip_keyword_and_comment_lines():
    source = (
        "flowchart LR\n  %% a---xray in a comment\n  a --> b\n  click a \"https://example.invalid/a---xb\"\n"
        "  classDef box--x fill:#fff\n  linkStyle 0 stroke:#f00\n"
    )
    assert lint_diagram(source) == []


def test_lint_statement_start_head_left_to_mermaid():
    # Mermaid rejects a link with no node before it, so the lint leaves that verdict to the parser.
    assert lint_diagram("flowchart LR\n  x-->B\n") == []
    assert lint_diagram("flowchart LR\n  A-->x-->B\n") == []


def test_lint_unknown_directive_on_its_own_line():
    issues = lint_diagram("%%{\n  note: remember the roster\n}%%\nflowchart LR\n  a --> b\n")
    (issue,) = [issue for issue in issues if issue.kind == "comment"]
    assert (issue.line, issue.column) == (1, 1)
    assert "only the init and wrap directives" in issue.message
