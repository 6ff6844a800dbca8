"""Collapse the indentation of finished HTML pages without changing what a browser shows.

Material for MkDocs writes its templates' indentation into every page, so a
page is about a fifth whitespace. Outside `pre`, `textarea`, `script` and
`style` elements and comments, a run of whitespace that contains a line break
renders as one space, the same as a single line break. In text, the
whitespace that follows a line break is removed; nothing inside a tag
(attribute values included) changes.
"""

from __future__ import annotations

import re

# Elements whose text is shown or run as written, and comments, are copied unchanged.
_VERBATIM_RE = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
# A whitespace run with a line break, when the next angle bracket opens a tag: the run is then
# text, since inside a tag the next one would be the tag's closing `>`. An unescaped `>` in text
# or `<` in an attribute value only leaves a run as it was.
# HTML whitespace is these five characters; a no-break space and other Unicode spaces are text.
# The pattern starts at the line break, which the regex engine finds fast; spaces before it stay.
_RUN_RE = re.compile(r"\n[ \t\r\n\f]+(?=[^<>]*(?:<|\Z))")


def collapse_whitespace(html: str) -> str:
    """Return `html` with the whitespace after each line break in text removed.

    A run of whitespace that starts with a line break renders as that line break alone.
    """
    parts = []
    position = 0
    for match in _VERBATIM_RE.finditer(html):
        parts.append(_RUN_RE.sub("\n", html[position:match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_RUN_RE.sub("\n", html[position:]))
    return "".join(parts)
