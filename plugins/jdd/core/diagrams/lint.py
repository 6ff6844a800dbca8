"""A structural lint for Mermaid diagrams that needs no browser.

It finds the faults that most often stop a diagram from rendering, each at
its own line, with the fix. With a browser, the pinned mermaid's own parser
has the last word: the faults marked `parser_decides` are dropped when
mermaid accepts the diagram. The other faults (size, comments, angle brackets
in labels, arrow heads) stay, because mermaid accepts those diagrams but
draws them wrong. Without a browser the lint is all there is.

The checks follow mermaid 11.17.2. The flowchart checks run on flowcharts
(`flowchart`, `graph`) only, because other diagram types give brackets,
quotes and `end` other meanings. Two of them find text that mermaid accepts
but draws differently: angle brackets in a label (its HTML sanitiser removes
a `<...>` tag, and its SVG text drops a `>` from a label without `<`), and
an `o`, `x` or `<` that its lexer joins to an arrow as a head.
"""

from __future__ import annotations

import difflib
import re

from .flowchart import (
    KEYWORD_LINE_RE,
    SUBGRAPH_RE,
    arrow_head_issues,
    flowchart_links,
    is_id_character,
    line_links,
)
from .issues import LintIssue, shorten
from .labels import angle_bracket_issues
from .source import FRONT_MATTER_RE, PreparedSource, normalise

#: Mermaid's default `maxTextSize`: a longer diagram is drawn as the text
#: "Maximum text size in diagram exceeded" instead of failing.
MAX_TEXT_SIZE = 50_000
#: Mermaid's default `maxEdges`: a flowchart with more edges does not parse.
MAX_EDGES = 500

#: The diagram types of mermaid 11.17.2, as its detectors match the first statement.
DIAGRAM_TYPES: list[tuple[str, re.Pattern]] = [
    (name, re.compile(pattern, flags))
    for name, pattern, flags in [
        ("flowchart", r"^\s*flowchart", 0),
        ("graph", r"^\s*graph", 0),
        ("sequenceDiagram", r"^\s*sequenceDiagram", 0),
        ("classDiagram", r"^\s*classDiagram", 0),
        ("stateDiagram-v2", r"^\s*stateDiagram", 0),
        ("erDiagram", r"^\s*erDiagram", 0),
        ("journey", r"^\s*journey", 0),
        ("gantt", r"^\s*gantt", 0),
        ("pie", r"^\s*pie", 0),
        ("quadrantChart", r"^\s*quadrantChart", 0),
        ("requirementDiagram", r"^\s*requirement(Diagram)?", 0),
        ("gitGraph", r"^\s*gitGraph", 0),
        ("C4Context", r"^\s*(C4Context|C4Container|C4Component|C4Dynamic|C4Deployment)", 0),
        ("mindmap", r"^\s*mindmap", 0),
        ("timeline", r"^\s*timeline", 0),
        ("sankey-beta", r"^\s*sankey(-beta)?", 0),
        ("xychart-beta", r"^\s*xychart(-beta)?", 0),
        ("block-beta", r"^\s*block(-beta)?", 0),
        ("packet-beta", r"^\s*packet(-beta)?", 0),
        ("kanban", r"^\s*kanban", 0),
        ("architecture-beta", r"^\s*architecture", 0),
        ("radar-beta", r"^\s*radar-beta", 0),
        ("treemap-beta", r"^\s*treemap", 0),
        ("info", r"^\s*info", 0),
        ("venn-beta", r"^\s*venn-beta", 0),
        ("ishikawa", r"^\s*ishikawa(-beta)?\b", re.IGNORECASE),
        ("eventmodeling", r"^\s*eventmodeling", 0),
        ("swimlane-beta", r"^\s*swimlane-beta\b", 0),
        ("treeView-beta", r"^\s*treeView-beta", 0),
        ("railroad-beta", r"^\s*railroad(-ebnf|-abnf|-peg)?-beta", re.IGNORECASE),
        ("wardley-beta", r"^\s*wardley-beta", re.IGNORECASE),
        ("cynefin-beta", r"^\s*cynefin-beta(?:[\s:]|$)", 0),
    ]
]
_FLOWCHART_RE = re.compile(r"^\s*(flowchart|graph)")

_KNOWN_DIRECTIVE_RE = re.compile(r"^%%\{\s*(init|initialize|wrap)\b", re.IGNORECASE)
_LINK = r"(?:<?-{2,}>|<?-{3,}|<?={2,}>|={3,}|<?-\.+->|-\.+-|~{3,}|-{2,}[ox]|={2,}[ox])"
_LINK_RE = re.compile(_LINK)
_PIPE_LABEL_RE = re.compile(_LINK + r"[ \t]*\|([^|\n]*)\|")
_END_AFTER_LINK_RE = re.compile(_LINK + r"(?:[ \t]*\|[^|\n]*\|)?[ \t]*(end)(?!\w)")
_END_AFTER_AMP_RE = re.compile(r"&[ \t]*(end)(?!\w)")
_END_AT_START_RE = re.compile(r"^[ \t]*(end)(?!\w)(?![ \t]*;?[ \t]*$)")

# Label openers after a node id, longest first, with the text that closes each.
_OPENERS = [
    ("(((", (")))",)), ("((", ("))",)), ("([", ("])",)), ("[(", (")]",)), ("[[", ("]]",)),
    ("{{", ("}}",)), ("[/", ("/]", "\\]")), ("[\\", ("\\]", "/]")),
    ("(", (")",)), ("[", ("]",)), ("{", ("}",)),
]


def diagram_type(source: str) -> str | None:
    """Return the diagram type of a source as mermaid detects it, or None."""
    first = PreparedSource.of(source).text
    for name, pattern in DIAGRAM_TYPES:
        if pattern.match(first):
            return name
    return None


def lint_diagram(source: str, max_text_size: int = MAX_TEXT_SIZE, max_edges: int = MAX_EDGES) -> list[LintIssue]:
    """Check one diagram source; return the issues in line order."""
    prepared = PreparedSource.of(source)
    lines = prepared.original.split("\n")
    skipped = _preprocessed_lines(prepared)
    issues: list[LintIssue] = []

    size = len(prepared.text)
    if size > max_text_size:
        issues.append(LintIssue(
            "size", prepared.first_statement_line(), 1,
            f"the diagram has {size:,} characters, over mermaid's maxTextSize of {max_text_size:,}, so the page "
            "would show 'Maximum text size in diagram exceeded' instead of the diagram; split it into smaller "
            "diagrams",
            parser_decides=False,
        ))

    directive_issues = _directive_issues(prepared, lines, skipped)
    issues += directive_issues

    if not prepared.text.strip():
        if any(issue.kind == "syntax" for issue in directive_issues):
            # An unclosed directive took the rest of the diagram with it, and its issue explains that.
            return _sorted(issues)
        issues.append(LintIssue(
            "syntax", 1, 1,
            "the diagram is empty; start it with a diagram type and its steps, for example 'flowchart LR'",
            parser_decides=True,
        ))
        return _sorted(issues)

    if diagram_type(source) is None:
        issues.append(_unknown_type(prepared))
        return _sorted(issues)

    is_flowchart = bool(_FLOWCHART_RE.match(prepared.text))
    if is_flowchart:
        masked, mask_issues = _mask_flowchart(prepared.original, skipped)
        issues += mask_issues
        masked_lines = masked.split("\n")
        issues += _reserved_end_issues(masked_lines, skipped)
        issues += _edge_limit_issues(masked_lines, skipped, max_edges)
        links = flowchart_links(lines, masked_lines, skipped)
        issues += angle_bracket_issues(lines, masked_lines, skipped, links)
        issues += arrow_head_issues(lines, links)
    else:
        masked_lines = _mask_quoted(prepared.original).split("\n")
    issues += _trailing_comment_issues(lines, masked_lines, skipped)
    return _sorted(issues)


def _sorted(issues: list[LintIssue]) -> list[LintIssue]:
    return sorted(issues, key=lambda issue: (issue.line, issue.column, issue.kind))


def _preprocessed_lines(prepared: PreparedSource) -> set[int]:
    """Return the 0-based indexes of original lines that mermaid's preprocessing removes entirely."""
    kept = {prepared.original.count("\n", 0, index) for index in prepared.origin if not prepared.original[index].isspace()}
    total = prepared.original.count("\n") + 1
    return {index for index in range(total) if index not in kept}


def _unknown_type(prepared: PreparedSource) -> LintIssue:
    first_line = prepared.text.split("\n", 1)[0].strip()
    word = first_line.split()[0] if first_line.split() else first_line
    names = [name for name, _ in DIAGRAM_TYPES]
    guess = difflib.get_close_matches(word, names, n=1, cutoff=0.6) or difflib.get_close_matches(
        word.lower(), [name.lower() for name in names], n=1, cutoff=0.6)
    if guess:
        guess_name = next(name for name in names if name.lower() == guess[0].lower())
        hint = f"did you mean '{guess_name}'?"
    else:
        hint = "start the diagram with a type such as 'flowchart LR' or 'sequenceDiagram'"
    line, column = prepared.original_position(1, 0)
    return LintIssue(
        "syntax", line, column,
        f"'{word[:40]}' is not a Mermaid diagram type (types are case-sensitive); {hint}",
        parser_decides=True,
    )


def _directive_issues(prepared: PreparedSource, lines: list[str], skipped: set[int]) -> list[LintIssue]:
    issues: list[LintIssue] = []
    front_matter = FRONT_MATTER_RE.match(prepared.original)
    first_body_line = prepared.original.count("\n", 0, front_matter.end()) if front_matter else 0
    for index, line in enumerate(lines):
        if index < first_body_line:
            continue
        stripped = line.strip()
        if not stripped.startswith("%%{"):
            continue
        column = line.index("%%{") + 1
        # The directive's name may follow on the next lines: `%%{` alone on a line opens one too.
        if not _KNOWN_DIRECTIVE_RE.match("\n".join([stripped] + lines[index + 1:])):
            issues.append(LintIssue(
                "comment", index + 1, column,
                f"mermaid reads '{stripped[:40]}' as a directive, because it starts with '%%{{', but knows "
                "only the init and wrap directives, so this is not a comment; write a comment as '%% ' "
                "followed by text that does not start with '{'",
                parser_decides=False,
            ))
        elif "}%%" not in "\n".join(lines[index:]):
            issues.append(LintIssue(
                "syntax", index + 1, column,
                "the directive opened here is never closed; end it with '}%%'",
                parser_decides=True,
            ))
    return issues


def _mask_quoted(text: str) -> str:
    """Replace the characters inside double quotes with '_', keeping quotes and line breaks."""
    masked = list(text)
    inside = False
    for index, char in enumerate(text):
        if char == '"':
            inside = not inside
        elif inside and char != "\n":
            masked[index] = "_"
    return "".join(masked)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _mask_flowchart(text: str, skipped: set[int]) -> tuple[str, list[LintIssue]]:
    """Mask quoted text, edge labels and node labels of a flowchart; report the faults met on the way."""
    issues: list[LintIssue] = []
    masked = list(text)
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def blank(begin: int, end: int) -> None:
        for position in range(begin, end):
            if masked[position] != "\n":
                masked[position] = "_"

    # Blank out lines mermaid removes (front matter, directives, comments), so no check reads them.
    for index in skipped:
        blank(starts[index], starts[index] + len(lines[index]))

    issues += _mask_strings(text, masked, skipped, blank)
    current = "".join(masked)

    for match in _PIPE_LABEL_RE.finditer(current):
        content = match.group(1)
        original = text[match.start(1):match.end(1)]
        if not content.strip().startswith('"') and re.search(r"[()]", content):
            line, column = _position(text, match.start(1))
            issues.append(LintIssue(
                "syntax", line, column,
                f"the edge label '|{original.strip()}|' has unquoted parentheses, which mermaid reads as a "
                f"node shape; quote the label: |\"{original.strip()}\"|",
                parser_decides=True,
            ))
        blank(match.start(1), match.end(1))

    current = "".join(masked)
    issues += _mask_labels(text, current, masked, lines, starts, blank)
    return "".join(masked), issues


def _mask_strings(text: str, masked: list[str], skipped: set[int], blank) -> list[LintIssue]:
    issues: list[LintIssue] = []
    index = 0
    length = len(text)
    while index < length:
        if masked[index] != '"':
            index += 1
            continue
        start = index
        escaped_at = None
        index += 1
        while index < length:
            if text[index] == '"':
                if text[index - 1] != "\\" or index - 1 == start:
                    break
                if escaped_at is None:
                    escaped_at = index - 1
            index += 1

        if index >= length:
            line, column = _position(text, start)
            issues.append(LintIssue(
                "syntax", line, column,
                "the quoted text opened here is never closed; add the closing '\"'",
                parser_decides=True,
            ))
        elif escaped_at is not None:
            line, column = _position(text, escaped_at)
            fixed = text[start + 1:index].replace('\\"', "#quot;")
            issues.append(LintIssue(
                "syntax", line, column,
                "a backslash does not escape a double quote in a mermaid label, so the quote ends the label; "
                f"write the quote as #quot;, for example \"{shorten(fixed)}\"",
                parser_decides=True,
            ))
        blank(start + 1, min(index, length))
        index += 1
    return issues


def _mask_labels(text: str, current: str, masked: list[str], lines: list[str], starts: list[int], blank) -> list[LintIssue]:
    issues: list[LintIssue] = []
    for index, line in enumerate(lines):
        begin = starts[index]
        view = current[begin:begin + len(line)]
        if KEYWORD_LINE_RE.match(view):
            blank(begin, begin + len(line))
            continue
        subgraph = SUBGRAPH_RE.match(view)
        if subgraph:
            rest = subgraph.group("rest")
            rest_start = begin + subgraph.start("rest")
            if rest and "[" not in rest and not rest.lstrip().startswith('"') and re.search(r"[()]", rest):
                line_number, column = _position(text, rest_start)
                title = text[rest_start:begin + len(line)].strip()
                issues.append(LintIssue(
                    "syntax", line_number, column,
                    f"the subgraph title '{shorten(title)}' has unquoted parentheses, which mermaid reads as a "
                    f"node shape; give the subgraph an id and quote the title: subgraph id[\"{shorten(title)}\"]",
                    parser_decides=True,
                ))
                blank(rest_start, begin + len(line))
                continue
    current = "".join(masked)

    edge_texts = _EdgeTexts()
    position = 0
    length = len(current)
    while position < length:
        char = current[position]
        previous = current[position - 1] if position else "\n"
        opener = None
        if char in "[({" and is_id_character(previous):
            opener = next((item for item in _OPENERS if current.startswith(item[0], position)), None)
        elif char == ">" and is_id_character(previous) and not edge_texts.contains(masked, current, position):
            opener = (">", ("]",))
        if opener is None:
            position += 1
            continue

        symbol, closers = opener
        content_start = position + len(symbol)
        found = [(current.find(closer, content_start), closer) for closer in closers]
        found = [(at, closer) for at, closer in found if at != -1]
        if not found:
            line_number, column = _position(text, position)
            issues.append(LintIssue(
                "syntax", line_number, column,
                f"the '{symbol}' opened here is never closed; close the label with '{closers[0]}'",
                parser_decides=True,
            ))
            break
        close_at, closer = min(found)
        content = current[content_start:close_at]
        original = text[content_start:close_at]
        if not content.strip().startswith('"') and re.search(r"[()]", content):
            line_number, column = _position(text, content_start)
            node = _node_id_before(current, position)
            issues.append(LintIssue(
                "syntax", line_number, column,
                f"the label '{shorten(original.strip())}' has unquoted parentheses, which mermaid reads as a "
                f"node shape; quote the label: {node}{symbol}\"{shorten(original.strip())}\"{closer}",
                parser_decides=True,
            ))
        blank(content_start, close_at)
        edge_texts.forget()
        position = close_at + len(closer)
    return issues


class _EdgeTexts:
    """The `-- text -->` spans of each line of a flowchart being masked, where '>' is text, not a shape.

    A line is read once and read again only after a label was blanked, because blanking can
    remove a `--` that looked like the start of an edge text.
    """

    def __init__(self) -> None:
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def forget(self) -> None:
        self._spans.clear()

    def contains(self, masked: list[str], text: str, position: int) -> bool:
        """Tell whether `position` is inside an edge text; `text` gives the line breaks of `masked`."""
        line_start = text.rfind("\n", 0, position) + 1
        if line_start not in self._spans:
            line_end = text.find("\n", position)
            line_end = len(text) if line_end == -1 else line_end
            links, open_at = line_links(0, "".join(masked[line_start:line_end]))
            spans = [(link.opening[0], link.start) for link in links if link.opening is not None]
            if open_at is not None:
                spans.append((open_at, line_end - line_start))
            self._spans[line_start] = spans
        offset = position - line_start
        return any(start < offset < end for start, end in self._spans[line_start])


def _node_id_before(text: str, position: int) -> str:
    start = position
    while start > 0 and is_id_character(text[start - 1]):
        start -= 1
    return text[start:position]


def _reserved_end_issues(masked_lines: list[str], skipped: set[int]) -> list[LintIssue]:
    issues: list[LintIssue] = []
    for index, line in enumerate(masked_lines):
        if index in skipped:
            continue
        columns = set()
        for pattern in (_END_AFTER_LINK_RE, _END_AFTER_AMP_RE, _END_AT_START_RE):
            for match in pattern.finditer(line):
                columns.add(match.start(1) + 1)
        subgraph = re.match(r"^[ \t]*subgraph[ \t]+(end)(?!\w)", line)
        if subgraph:
            columns.add(subgraph.start(1) + 1)
        for column in sorted(columns):
            issues.append(LintIssue(
                "syntax", index + 1, column,
                "'end' is used as a node id, but in a flowchart 'end' closes a subgraph, so mermaid rejects "
                "the diagram; give the node another id and keep the word in its label, for example "
                "done[\"end\"], or write End",
                parser_decides=True,
            ))
    return issues


def _edge_limit_issues(masked_lines: list[str], skipped: set[int], max_edges: int) -> list[LintIssue]:
    total = 0
    over_at = None
    for index, line in enumerate(masked_lines):
        if index in skipped or KEYWORD_LINE_RE.match(line):
            continue
        for statement in line.split(";"):
            groups = _LINK_RE.split(statement)
            if len(groups) < 2:
                continue
            sizes = [group.count("&") + 1 for group in groups]
            total += sum(left * right for left, right in zip(sizes, sizes[1:]))
            if over_at is None and total > max_edges:
                over_at = index + 1
    if over_at is None:
        return []
    return [LintIssue(
        "edges", over_at, 1,
        f"the diagram has about {total:,} edges, over mermaid's limit of {max_edges:,} (edge {max_edges + 1:,} "
        "is on this line), so mermaid rejects it; split it into smaller diagrams",
        parser_decides=True,
    )]


def _trailing_comment_issues(lines: list[str], masked_lines: list[str], skipped: set[int]) -> list[LintIssue]:
    issues: list[LintIssue] = []
    for index, (line, masked) in enumerate(zip(lines, masked_lines)):
        if index in skipped:
            continue
        at = masked.find("%%")
        if at <= 0 or not masked[:at].strip() or masked.startswith("%%{", at):
            continue
        comment = line[at:].strip()
        code = line[:at].rstrip()
        issues.append(LintIssue(
            "comment", index + 1, at + 1,
            f"'{shorten(comment, 40)}' is a comment at the end of a statement, but mermaid accepts comments only "
            f"on a line of their own and reads it as part of '{shorten(code.strip(), 40)}'; move the comment "
            "to its own line",
            parser_decides=False,
        ))
    return issues


def normalised_lines(source: str) -> list[str]:
    """Return the lines of a diagram with line endings normalised."""
    return normalise(source).split("\n")
