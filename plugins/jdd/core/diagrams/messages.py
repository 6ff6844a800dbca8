"""Mermaid's parse errors, rewritten in plain words with the line they point at.

Mermaid 11.17.2 reports errors in two forms. Most diagram types use Jison
parsers, which throw "Parse error on line N: ... Expecting 'SQE', ..., got
'PS'" with a `hash` naming the token found, the tokens expected and the
location. Newer types (pie, packet, gitGraph, ...) use Langium and throw
"Parse error on line N, column M: Expecting token of type ':' but found
`85`." Line numbers count lines of the preprocessed text (see `source.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .lint import MAX_EDGES

_LABEL_CLOSERS = {
    "SQE", "PE", "DOUBLECIRCLEEND", "STADIUMEND", "SUBROUTINEEND", "CYLINDEREND", "DIAMOND_STOP",
    "TAGEND", "TRAPEND", "INVTRAPEND", "-)", "ELLIPSE_END",
}
_NODE_TOKENS = {"NODE_STRING", "UNICODE_TEXT", "NUM", "DOWN", "DEFAULT", "MINUS", "MULT", "BRKT", "TESTSTR"}
_LINK_TOKENS = {"START_LINK", "LINK", "LINK_ID", "ARROW_POINT", "ARROW_CIRCLE", "ARROW_CROSS", "ARROW_OPEN"}
_STATEMENT_END = {"SEMI", "NEWLINE", "EOF", "SPACE"}
_TOKEN_WORDS = {
    "STR": "a quoted text",
    "MD_STR": "a Markdown string",
    "TXT": "a text",
    "TEXT": "a text",
    "PIPE": "'|'",
    "AMP": "'&'",
    "COLON": "':'",
    "COMMA": "','",
    "SQS": "'['",
    "PS": "'('",
    "DIAMOND_START": "'{'",
    "subgraph": "'subgraph'",
    "end": "'end'",
    "ACTOR": "a participant name",
    "SOLID_ARROW": "an arrow such as '->>'",
    "DOTTED_ARROW": "an arrow such as '-->>'",
}
_ARROW_AT_END_RE = re.compile(r"(<?(?:-{2,}>|-{3,}|={2,}>|={3,}|-\.+->|-\.+-|~{3,}|-{2,}[ox]|={2,}[ox]))\s*(?:\|[^|]*\|)?\s*$")
_JISON_LINE_RE = re.compile(r"Parse error on line (\d+):")
_LANGIUM_RE = re.compile(r"(?:Parse|Lexer) error on line (\d+), column (\d+): (.*)", re.DOTALL)
_LANGIUM_EXPECTED_RE = re.compile(r"Expecting (?:token of type )?'?(.+?)'? but found `(.*?)`")


@dataclass(frozen=True)
class ParseFailure:
    """Where mermaid stopped (line of the preprocessed text, 1-based; column 0-based) and why."""

    line: int | None
    column: int
    explanation: str
    #: "JDD301" for a syntax error, "JDD304" when the diagram is over a size limit.
    code: str = "JDD301"


def explain_error(error: dict[str, Any], line_text_of) -> ParseFailure:
    """Turn an error reported by mermaid.parse into a ParseFailure.

    `error` contains `name`, `message` and, for Jison parsers, `hash`.
    `line_text_of(line)` returns the author's text of a preprocessed line,
    used to say what came before the error.
    """
    message = str(error.get("message") or "")
    name = str(error.get("name") or "")
    hash_ = error.get("hash") or None

    if message.startswith("Edge limit exceeded"):
        return ParseFailure(None, 0, f"the diagram has more than {MAX_EDGES} edges, mermaid's limit; split it into "
                                     "smaller diagrams", code="JDD304")
    if name == "UnknownDiagramError" or message.startswith("No diagram type detected"):
        return ParseFailure(1, 0, "mermaid does not recognise the diagram type on the first line; start the diagram "
                                  "with a type such as 'flowchart LR'")
    if hash_:
        return _explain_jison(message, hash_, line_text_of)
    langium = _LANGIUM_RE.search(message)
    if langium:
        return _explain_langium(langium)
    first_line = message.strip().split("\n", 1)[0][:200] or name or "an unknown error"
    line = _JISON_LINE_RE.search(message)
    return ParseFailure(int(line.group(1)) if line else None, 0, f"mermaid reports: {first_line}")


def _explain_jison(message: str, hash_: dict[str, Any], line_text_of) -> ParseFailure:
    token = str(hash_.get("token"))
    text = str(hash_.get("text") or "").strip()
    expected = [str(item).strip("'") for item in hash_.get("expected") or []]
    location = hash_.get("loc") or {}
    line = location.get("first_line")
    if line is None:
        match = _JISON_LINE_RE.search(message)
        line = int(match.group(1)) if match else None
    column = int(location.get("first_column") or 0)
    line_text = line_text_of(line) if line else ""
    in_label = bool(_LABEL_CLOSERS & set(expected))

    if token == "end" or (text == "end" and token not in ("NEWLINE", "EOF")):
        explanation = ("'end' is used as a node id, but in a flowchart 'end' closes a subgraph; give the node "
                       "another id and keep the word in its label, for example done[\"end\"], or write End")
    elif token in ("PS", "PE") and in_label:
        explanation = (f"a '{'(' if token == 'PS' else ')'}' inside a label is read as a node shape; put the "
                       "label in double quotes, for example [\"Bank API (SFTP)\"] or |\"retry (3x)\"|")
    elif token == "STR" and in_label:
        explanation = ("a double quote ends the quoted label early, because a backslash does not escape it; "
                       "write a quote inside a label as #quot;")
    elif token == "MD_STR":
        explanation = ("a double quote followed by a backtick starts a Markdown string; write a quote inside a "
                       "label as #quot;")
    elif "%%" in line_text and token == "NODE_STRING":
        explanation = ("the '%%' comment is read as part of the statement, because mermaid accepts comments only "
                       "on a line of their own; move the comment to its own line")
    elif token in ("EOF", "1"):
        explanation = _explain_end_of_text(line_text, expected, "the diagram ends")
    elif token == "NEWLINE":
        explanation = _explain_end_of_text(line_text, expected, "the line ends")
    else:
        found = _TOKEN_WORDS.get(token) or (f"'{text}'" if text else f"'{token}'")
        explanation = f"unexpected {found}; expected {_describe_expected(expected)}"
    return ParseFailure(line, column, explanation)


def _explain_end_of_text(line_text: str, expected: list[str], what: str) -> str:
    arrow = _ARROW_AT_END_RE.search(line_text or "")
    if arrow and _NODE_TOKENS & set(expected):
        return f"expected a node after '{arrow.group(1)}'"
    return f"{what} where {_describe_expected(expected)} was expected"


def _describe_expected(expected: list[str]) -> str:
    words: list[str] = []

    def add(word: str) -> None:
        if word not in words:
            words.append(word)

    for token in expected:
        if token in _LABEL_CLOSERS:
            add("the end of the label")
        elif token in _NODE_TOKENS:
            add("a node id")
        elif token in _LINK_TOKENS:
            add("an arrow such as '-->'")
        elif token in _STATEMENT_END:
            add("the end of the statement")
        elif token in _TOKEN_WORDS:
            add(_TOKEN_WORDS[token])
    if not words:
        words = [f"'{token}'" for token in expected[:4]]
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:4][:-1]) + " or " + words[:4][-1]


def _explain_langium(match: re.Match) -> ParseFailure:
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3).strip()
    expected = _LANGIUM_EXPECTED_RE.search(detail)
    if expected:
        explanation = f"expected '{expected.group(1)}' but found '{expected.group(2)}'"
    else:
        explanation = detail.split("\n", 1)[0].rstrip(".")
    return ParseFailure(line, max(column - 1, 0), explanation)
