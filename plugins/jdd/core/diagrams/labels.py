"""Angle brackets in flowchart labels, which mermaid 11.17.2 does not draw as written.

Its HTML sanitiser removes a `<...>` that reads as a tag (and, for some tags,
the text after it), and its SVG text drops a `>` from a label without `<`.
`angle_bracket_issues` reports each such label with what mermaid will show
and the text written with mermaid's entities `#lt;` and `#gt;`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .flowchart import KEYWORD_LINE_RE, Link
from .issues import LintIssue, shorten

#: Tag names that stay in a flowchart label of mermaid 11.17.2 with the site's settings (securityLevel
#: strict, htmlLabels off). Its DOMPurify keeps them, and the SVG text shows them as typed, so
#: `<b>bold</b>` shows the tags. The list comes from drawing `a <name> b` in headless Chromium for
#: every element name that DOMPurify lists. `image` is drawn as `<img>`. `br` is missing because
#: `<br>`, `<br/>` and `<br />` are line breaks.
_KEPT_TAGS = frozenset("""
    a abbr acronym address area article aside audio b bdi bdo big blink blockquote button canvas center
    cite code content data datalist dd decorator del details dfn dialog dir div dl dt element em fieldset
    figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hgroup hr i image img input ins kbd label
    legend li main map mark marquee math menu menuitem meter nav nobr ol optgroup option output p picture
    pre progress q rp rt ruby s samp search section select shadow slot small source spacer span strike
    strong sub summary sup svg table template textarea time title track tt u ul var video wbr
""".split())
#: Removed tags that also remove the text after them, up to their end tag or the end of the label.
#: They are raw-text elements, and SVG and MathML elements outside an `<svg>` or `<math>` (found the
#: same way).
_CONTENT_REMOVING_TAGS = frozenset("""
    style script iframe noscript noembed noframes plaintext xmp annotation-xml foreignobject
    altglyph altglyphdef altglyphitem animatecolor animatemotion animatetransform circle clippath defs desc
    ellipse enterkeyhint exportparts filter g glyph glyphref hkern inputmode line lineargradient marker mask
    metadata mpath part path pattern polygon polyline radialgradient rect stop switch symbol text textpath
    tref tspan view vkern
    feblend fecolormatrix fecomponenttransfer fecomposite feconvolvematrix fediffuselighting
    fedisplacementmap fedistantlight fedropshadow feflood fefunca fefuncb fefuncg fefuncr fegaussianblur
    feimage femerge femergenode femorphology feoffset fepointlight fespecularlighting fespotlight fetile
    feturbulence
    menclose merror mfenced mfrac mglyph mi mlabeledtr mmultiscripts mn mo mover mpadded mphantom mroot
    mrow ms mspace msqrt mstyle msub msup msubsup mtable mtd mtext mtr munder munderover mprescripts
""".split())
#: An HTML parser reads `<` followed by a letter (or by `/` and a letter) as a tag. `</`, `<!` and `<?`
#: followed by anything else start a bogus comment, and `<` before a space, a digit, `=` or `-` is text.
_TAG_NAME_RE = re.compile(r"[A-Za-z][^\s/>]*")
_LINE_BREAK_TAG_RE = re.compile(r"</?br\s*/?>", re.IGNORECASE)
_SHAPE_DATA_RE = re.compile(r"@\{[^}\n]*\}")
_SUBGRAPH_TITLE_RE = re.compile(r"^[ \t]*subgraph[ \t]+[^\s\[]+[ \t]+\[(?P<title>[^\]\n]*)\]")


@dataclass(frozen=True)
class _DrawnLabel:
    """A label as mermaid draws it, with the tags its sanitiser removes."""

    shown: str
    #: (start, end) of each removed tag in the label text, in order.
    removed: list[tuple[int, int]]
    #: What else a removed tag took with it: "", "the text between them" or "the text that follows".
    took_text: str


def _drawn_label(label: str) -> _DrawnLabel:
    """Repeat what mermaid 11.17.2 does to the `<...>` in a label: keep, break a line or remove.

    NOTE: attribute values are not parsed, so a quoted `>` inside a tag ends it early here, and
    an unclosed kept tag (`<b>` without `</b>`) is shown without the end tag mermaid adds.
    """
    shown: list[str] = []
    removed: list[tuple[int, int]] = []
    took_text = ""
    open_kept: set[str] = set()
    position = 0
    while True:
        start = label.find("<", position)
        if start == -1:
            shown.append(label[position:])
            break
        shown.append(label[position:start])
        if label.startswith("<!--", start):
            # An HTML comment disappears, as its author expects; it is not reported.
            close = label.find("-->", start + 4)
            position = len(label) if close == -1 else close + 3
            continue

        is_end_tag = label.startswith("</", start)
        name_match = _TAG_NAME_RE.match(label, start + 1 + is_end_tag)
        starts_markup = name_match is not None or is_end_tag or label.startswith(("<!", "<?"), start)
        if not starts_markup:
            shown.append("<")
            position = start + 1
            continue

        close = label.find(">", start)
        end = len(label) if close == -1 else close + 1
        name = name_match.group(0).lower() if name_match else ""
        if _LINE_BREAK_TAG_RE.fullmatch(label, start, end):
            shown.append(" ")
            position = end
            continue
        if close != -1 and name in _KEPT_TAGS and (not is_end_tag or name in open_kept):
            if not is_end_tag:
                open_kept.add(name)
            shown.append(label[start:end])
            position = end
            continue

        removed.append((start, end))
        if close != -1 and not is_end_tag and name in _CONTENT_REMOVING_TAGS:
            end_tag = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(label, end)
            if end_tag:
                removed.append((end_tag.start(), end_tag.end()))
            if label[end:end_tag.start() if end_tag else len(label)].strip():
                took_text = took_text or ("the text between them" if end_tag else "the text that follows")
            end = end_tag.end() if end_tag else len(label)
        position = end
    return _DrawnLabel(" ".join("".join(shown).split()), removed, took_text)


def _escape_tags(label: str, removed: list[tuple[int, int]]) -> str:
    """Write the angle brackets of the removed tags as mermaid's entities #lt; and #gt;."""
    parts: list[str] = []
    position = 0
    for start, end in removed:
        parts.append(label[position:start])
        tag = label[start:end]
        if tag.endswith(">"):
            parts.append("#lt;" + tag[1:-1] + "#gt;")
        else:
            parts.append("#lt;" + tag[1:])
        position = end
    parts.append(label[position:])
    return "".join(parts)


def _label_spans(lines: list[str], masked_lines: list[str], skipped: set[int], links: list[Link]):
    """Yield (line index, start, end, in shape data) of every flowchart label that contains '<' or '>'.

    Labels are what the mask blanked (node labels, `|...|` labels, quoted text), subgraph titles
    in brackets, and the text of `-- text -->` edges. A label in shape data (`a@{ label: "..." }`)
    is drawn as Markdown.
    """
    for index, (line, masked) in enumerate(zip(lines, masked_lines)):
        if index in skipped or KEYWORD_LINE_RE.match(line):
            continue
        shape_data = [match.span() for match in _SHAPE_DATA_RE.finditer(masked)]
        for run in re.finditer(r"_+", masked):
            if _has_angle_bracket(line[run.start():run.end()]):
                in_shape_data = any(start < run.start() and run.end() < end for start, end in shape_data)
                yield index, run.start(), run.end(), in_shape_data
        title = _SUBGRAPH_TITLE_RE.match(masked)
        if title and _has_angle_bracket(title.group("title")):
            yield index, title.start("title"), title.end("title"), False
    for link in links:
        if link.label is not None:
            start, end = link.label
            # A quoted part of the text is a blanked run above; only the rest is read here.
            if _has_angle_bracket(masked_lines[link.line][start:end]):
                yield link.line, start, end, False


def _has_angle_bracket(text: str) -> bool:
    return "<" in text or ">" in text


def angle_bracket_issues(lines: list[str], masked_lines: list[str], skipped: set[int],
                          links: list[Link]) -> list[LintIssue]:
    issues: list[LintIssue] = []
    for index, start, end, markdown in _label_spans(lines, masked_lines, skipped, links):
        raw = lines[index][start:end]
        label = raw.strip()
        offset = start + (len(raw) - len(raw.lstrip()))
        # Quotes and the backticks of a Markdown string are not shown.
        for mark in ('"', "`"):
            if len(label) >= 2 and label.startswith(mark) and label.endswith(mark):
                label, offset = label[1:-1], offset + 1
                markdown = markdown or mark == "`"
        if "<" in label:
            issue = _html_tag_issue(label, markdown)
        elif ">" in label and not markdown:
            issue = _greater_than_issue(label)
        else:
            issue = None
        if issue is not None:
            column, message = issue
            issues.append(LintIssue("changed", index + 1, offset + column + 1, message, parser_decides=False))
    return issues


def _html_tag_issue(label: str, markdown: bool) -> tuple[int, str] | None:
    """Return (0-based column in the label, message) for tags mermaid removes from the label, or None."""
    drawn = _drawn_label(label)
    if not drawn.removed:
        return None
    tags = [label[tag_start:tag_end] for tag_start, tag_end in drawn.removed]
    named = " and ".join(f"'{shorten(tag, 30)}'" for tag in tags[:3]) + (" and more" if len(tags) > 3 else "")
    what = "an HTML tag" if len(tags) == 1 else "HTML tags"
    them = "it" if len(tags) == 1 else "them"
    with_text = f" together with {drawn.took_text}" if drawn.took_text else ""
    shown = f"'{shorten(drawn.shown)}'" if drawn.shown else "nothing"
    fixed = _escape_tags(label, drawn.removed)
    if "<" not in fixed and not markdown:
        # Without a '<' left, mermaid would drop every '>' of the fixed label (see _greater_than_issue).
        fixed = fixed.replace(">", "#gt;")
    brackets = "#lt; and #gt;" if "#gt;" in fixed else "#lt;"
    return drawn.removed[0][0], (
        f"the label '{shorten(label)}' shows as {shown}: mermaid reads {named} as {what} and removes "
        f"{them}{with_text}; write the angle brackets as {brackets}: '{shorten(fixed, 80)}'"
    )


def _greater_than_issue(label: str) -> tuple[int, str]:
    """Return (0-based column, message) for a label with '>' but no '<'.

    Mermaid 11.17.2's DOMPurify returns text without a '<' unchanged, so a '>' in it stays raw. The
    SVG text then splits the label into words at '<' and '>' (`nonMarkdownToLines`) and drops it:
    'Total > 100' shows as 'Total 100' and 'a->b' as 'a- b'. With a '<' in the label DOMPurify
    escapes every '>', and a Markdown string or a label in shape data is split by another function,
    so those keep their '>'.
    """
    shown = " ".join(label.replace(">", " ").split())
    shown_text = f"'{shorten(shown)}'" if shown else "nothing"
    fixed = label.replace(">", "#gt;")
    return label.index(">"), (
        f"the label '{shorten(label)}' shows as {shown_text}: mermaid drops '>' from a label that has "
        f"no '<'; write '>' as #gt;: '{shorten(fixed, 80)}'"
    )
