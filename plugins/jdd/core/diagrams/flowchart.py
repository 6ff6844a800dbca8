"""Links and arrow heads of flowcharts, as the lexer of mermaid 11.17.2 reads them.

The lexer joins an `o`, `x` or `<` to an arrow as its head. Written next to
a node id or edge text (`A---xray`, `-- auto-->`), that letter silently
becomes a circle or a cross, or a start head that mermaid does not draw.
`arrow_head_issues` reports each such link with what mermaid will draw and
the fixed text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .issues import LintIssue, shorten

#: Statements whose arguments are styles, links or text, not nodes and labels.
KEYWORD_LINE_RE = re.compile(
    r"^\s*(style|classDef|class|linkStyle|click|accTitle|accDescr|direction|callback|link)\b"
)
SUBGRAPH_RE = re.compile(r"^[ \t]*subgraph\b[ \t]*(?P<rest>.*)$")


def is_id_character(char: str) -> bool:
    return char.isalnum() or char == "_" or (ord(char) > 127 and not char.isspace())


# The link tokens of mermaid 11.17.2's flowchart lexer, in its order. Each pattern is either a whole
# link, or the start of a link with text (`-- text -->`), given with the index of the pattern that
# closes the text. The lexer tries them before a node id at every token boundary, so an `o`, `x` or
# `<` next to the dashes becomes a head of the arrow.
_LINK_PATTERNS: list[tuple[re.Pattern, int | None]] = [
    (re.compile(r"\s*[xo<]?--+[-xo>]\s*"), None),
    (re.compile(r"\s*[xo<]?--\s*"), 0),
    (re.compile(r"\s*[xo<]?==+[=xo>]\s*"), None),
    (re.compile(r"\s*[xo<]?==\s*"), 2),
    (re.compile(r"\s*[xo<]?-?\.+-[xo>]?\s*"), None),
    (re.compile(r"\s*[xo<]?-\.\s*"), 4),
    (re.compile(r"\s*~~~+\s*"), None),
]
#: The lexer's node id token (NODE_STRING).
_NODE_STRING_RE = re.compile(r"(?:[A-Za-z0-9!\"#$%&'*+.`?\\_/]|-(?=[^>\-.]))+")
_NUMBER_RE = re.compile(r"[0-9]+")
#: A node id right after an arrow. It has letters, digits, '_' and non-ASCII characters other than
#: spaces, with '.' or '-' inside. A leading '-' before a letter counts too, as in mermaid's lexer.
_NODE_ID_RE = re.compile(r"-?(?:\w|[^\x00-\x7f\s])(?:[\w.]|-(?![->.])|[^\x00-\x7f\s])*")
_NEXT_LINK_RE = re.compile(r"[ \t]*([xo<]?(?:--+[-xo>]|==+[=xo>]|-?\.+-[xo>]?))")
#: The lexer reads a whole line that contains `direction TB` (or another direction) as one statement.
_DIRECTION_LINE_RE = re.compile(r".*direction\s+(TB|BT|RL|LR|TD)")
_HEAD_NAMES = {"o": "circle", "x": "cross", "<": "arrow head", ">": "arrow head"}
#: The start character that, with this end head, gives a link heads at both ends.
_MATCHING_START = {"o": "o", "x": "x", ">": "<"}


@dataclass(frozen=True)
class Link:
    """A link token of one flowchart line; `start` and `end` exclude its surrounding whitespace."""

    line: int
    start: int
    end: int
    #: True when a node (or its label) comes right before the link in its statement.
    after_node: bool
    #: For a link that closes `-- text -->`: the (start, end) of the opening token and of the text.
    opening: tuple[int, int] | None = None
    label: tuple[int, int] | None = None


def _token_span(match: re.Match) -> tuple[int, int]:
    text = match.group(0)
    return match.start() + len(text) - len(text.lstrip()), match.end() - (len(text) - len(text.rstrip()))


def flowchart_links(lines: list[str], masked_lines: list[str], skipped: set[int]) -> list[Link]:
    """Find the links of a flowchart as mermaid's lexer splits each statement line.

    Labels are blanked in `masked_lines`, so only ids, shapes and links are left. Keyword and
    subgraph lines hold no links.
    """
    links: list[Link] = []
    for index, (line, masked) in enumerate(zip(lines, masked_lines)):
        if (index in skipped or KEYWORD_LINE_RE.match(line) or SUBGRAPH_RE.match(masked)
                or _DIRECTION_LINE_RE.match(masked)):
            continue
        links += line_links(index, masked)[0]
    return links


def line_links(index: int, masked: str) -> tuple[list[Link], int | None]:
    """Return the links of one masked line, and where a `-- text` left open at its end starts (or None)."""
    links: list[Link] = []
    edge_id_ends = _edge_id_ends(masked)
    position = 0
    after_node = False
    length = len(masked)
    while position < length:
        char = masked[position]
        if position in edge_id_ends:
            position = edge_id_ends[position]
            continue
        if char.isdigit():
            position = _NUMBER_RE.match(masked, position).end()
            after_node = True
            continue
        if char in "&;,":
            after_node = False
            position += 1
            continue

        link = next(((match, closer) for pattern, closer in _LINK_PATTERNS
                     if (match := pattern.match(masked, position))), None)
        if link is not None:
            match, closer = link
            if closer is None:
                links.append(Link(index, *_token_span(match), after_node=after_node))
                position = match.end()
            else:
                # Text follows until the first closing link, tried at every character as the lexer does.
                closing = None
                for scan in range(match.end(), length):
                    closing = _LINK_PATTERNS[closer][0].match(masked, scan)
                    if closing:
                        break
                if closing is None:
                    return links, match.start()
                links.append(Link(index, *_token_span(closing), after_node=after_node,
                                   opening=_token_span(match), label=(match.end(), closing.start())))
                position = closing.end()
            after_node = False
            continue

        node = _NODE_STRING_RE.match(masked, position)
        if node:
            position = node.end()
            after_node = True
            continue
        if char == "|":
            close = masked.find("|", position + 1)
            position = length if close == -1 else close + 1
            continue
        if not char.isspace():
            after_node = True
        position += 1
    return links, None


def _edge_id_ends(masked: str) -> dict[int, int]:
    """Map each position where the lexer reads an edge id (`e1@-->`) to the position after its '@'.

    The token is `[^\\s"]+@` followed by a character other than '{' or '"', so from any position of
    a run without spaces it reaches the last such '@' of the run. The end of the line counts as a
    newline, which qualifies.
    """
    ends: dict[int, int] = {}
    for run in re.finditer(r'[^\s"]+', masked):
        for at in range(run.end() - 1, run.start(), -1):
            if masked[at] == "@" and (at + 1 == len(masked) or masked[at + 1] not in '{"'):
                ends.update(dict.fromkeys(range(run.start(), at), at + 1))
                break
    return ends


def _stroke(text: str) -> str:
    """Return the stroke mermaid 11.17.2 draws for a link without its end head (`destructEndLink`)."""
    if text.startswith("="):
        return "thick"
    if text.startswith("~"):
        return "invisible"
    return "dotted" if "." in text else "normal"


def _drawn_link(token: str, opening: str | None = None) -> tuple[bool, str, str] | None:
    """Return how mermaid 11.17.2 draws a link: (start head drawn, end head, stroke), or None when it cannot.

    `token` is a whole link, or the link that closes the text opened by `opening`. Mermaid reads
    the end head from the last character, and draws the first character as a start head only when
    it matches the end ('o--o', 'x--x', '<-->'). Otherwise it drops that character, and a thick '=='
    after it is drawn as a normal line.
    """
    end = token[-1]
    end_head = end if end in _MATCHING_START else ""
    both = bool(end_head) and token[0] == _MATCHING_START[end]
    stroke = _stroke(token[1:-1] if both else token[:-1])
    if opening is None:
        return both, end_head, stroke

    start_head = opening[0] if opening[0] in "xo<" else ""
    if _intended_stroke(opening) != stroke:
        return None
    if not start_head:
        return both, end_head, stroke
    if both or _MATCHING_START.get(end) != start_head:
        return None
    return True, end_head, stroke


def _intended_stroke(token: str) -> str:
    """Return the stroke that a link's characters ask for, whatever its heads."""
    body = token.strip("xo<>")
    if "=" in body:
        return "thick"
    return "dotted" if "." in body else "normal"


def arrow_head_issues(lines: list[str], links: list[Link]) -> list[LintIssue]:
    issues: list[LintIssue] = []
    for link in links:
        line = lines[link.line]
        token = line[link.start:link.end]
        if link.opening is None:
            issue = _start_head_issue(line, link, token)
        else:
            issue = _closing_link_issue(line, link, token)
        if issue is None:
            issue = _glued_head_issue(line, link, token)
        if issue is not None:
            issues.append(issue)
    return issues


def _glued_head_issue(line: str, link: Link, token: str) -> LintIssue | None:
    """Report an arrow that ends in `o` or `x` right before an id, because the letter becomes its head."""
    if token[-1] not in "ox":
        return None
    node_id = _id_at(line, link.end)
    if not node_id:
        return None
    head = _HEAD_NAMES[token[-1]]
    rest = token[:-1]
    written = token[-1] + node_id
    read = (f"mermaid reads '{token}{node_id}' as the arrow '{token}', with a {head} at its end, and a node "
            f"'{node_id}'")
    next_link = _NEXT_LINK_RE.match(line, link.end + len(node_id))
    if any(pattern.fullmatch(rest) for pattern, closer in _LINK_PATTERNS if closer is None):
        fix = f"write '{rest} {written}' for an edge to '{written}', or '{token} {node_id}' for the {head}"
    elif next_link:
        fix = (f"if '{written}' is the text of the edge, put spaces around it: "
               f"'{rest} {written} {next_link.group(1)}'")
    else:
        whole = rest.lstrip("xo<")
        fix = (f"write '{token} {node_id}' for the {head}, or '{whole}{whole[-1]} {written}' for an edge to "
               f"'{written}'")
    # The head is the last character of the link, so its 1-based column is the link's 0-based end.
    return LintIssue("changed", link.line + 1, link.end, f"{read}; {fix}", parser_decides=False)


def _id_at(line: str, position: int) -> str:
    """Return the node id that starts at `position`, or '' when none does."""
    match = _NODE_ID_RE.match(line, position)
    return match.group(0) if match else ""


def _start_head_issue(line: str, link: Link, token: str) -> LintIssue | None:
    """Report a whole link that starts with `o`, `x` or `<`, a head mermaid drops unless the end matches."""
    if not link.after_node or token[0] not in "xo<":
        return None
    drawn = _drawn_link(token)
    lost_stroke = drawn[2] != _intended_stroke(token)
    if drawn[0] and not lost_stroke:
        return None
    head = token[0]
    lost = f"without the {_HEAD_NAMES[head]} at its start"
    if lost_stroke:
        lost += f" and with a {drawn[2]} line, not a {_intended_stroke(token)} one"
    fix = "use the same head at both ends, or swap the two nodes to put the head at the end"
    before = line[:link.start]
    if head in "ox" and before.endswith((" ", "\t")) and before.rstrip() and is_id_character(before.rstrip()[-1]):
        fix += f"; if the '{head}' belongs to the node id, remove the space before it"
    return LintIssue(
        "changed", link.line + 1, link.start + 1,
        f"mermaid draws '{token}' {lost}, because it draws a start head only when the end head is the same "
        f"('o--o', 'x--x', '<-->'); {fix}",
        parser_decides=False,
    )


def _closing_link_issue(line: str, link: Link, token: str) -> LintIssue | None:
    """Report the link that closes `-- text -->` when it takes a letter of the text or mermaid cannot draw it."""
    opening_start, opening_end = link.opening
    opening = line[opening_start:opening_end]
    label_start = link.label[0]
    edge = shorten(line[opening_start:link.end], 50)
    if _drawn_link(token, opening) is None:
        if token[0] in "xo<" and opening[0] not in "xo<":
            reason = (f"it reads '{token}' as the arrow after the text, and its stroke does not match "
                      f"the '{opening}' before the text; put a space before '{token[1:]}'")
        else:
            reason = (f"the head at its start ('{opening}') does not match the head at its end ('{token}'); "
                      "write the same head at both ends, as in 'o-- text --o', or drop the start head")
        return LintIssue(
            "syntax", link.line + 1, opening_start + 1,
            f"mermaid accepts the edge '{edge}' but fails to draw it, because {reason}",
            parser_decides=False,
        )
    if token[0] not in "xo<":
        return None
    written = line[label_start:link.start + 1].strip()
    shown = line[label_start:link.start].strip()
    return LintIssue(
        "changed", link.line + 1, link.start + 1,
        f"the edge text '{shorten(written)}' shows as '{shorten(shown)}', because mermaid reads "
        f"'{token}' as the arrow after the text; put a space before '{token[1:]}': "
        f"'{shorten(written)} {token[1:]}'",
        parser_decides=False,
    )
