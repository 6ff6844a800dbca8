"""Collapsing the indentation of finished pages: what changes and what must not."""

from __future__ import annotations

from jdd.core.htmlcompact import collapse_whitespace


def test_indentation_between_tags_collapses() -> None:
    assert collapse_whitespace("<ul>\n    <li>\n      One\n    </li>\n</ul>\n") == "<ul>\n<li>\nOne\n</li>\n</ul>\n"


def test_preformatted_elements_kept() -> None:
    for element in ("pre", "textarea", "script", "style", "PRE"):
        html = f"<div>\n  <{element}>a\n    b\n\n    c</{element}>\n  </div>"
        assert f"<{element}>a\n    b\n\n    c</{element}>" in collapse_whitespace(html), element


def test_comments_kept() -> None:
    html = "<p>\n  <!-- note\n     indented -->\n</p>"
    assert "<!-- note\n     indented -->" in collapse_whitespace(html)


def test_attribute_values_kept() -> None:
    html = '<div title="first\n    second" data-source="a -->\n   b">\n   text\n</div>'
    collapsed = collapse_whitespace(html)
    assert 'title="first\n    second"' in collapsed
    assert 'data-source="a -->\n   b"' in collapsed
    assert ">\ntext\n<" in collapsed


def test_spaces_without_line_break_kept() -> None:
    html = "<p>two  spaces\u00a0and\u00a0\u00a0no-break</p>"
    assert collapse_whitespace(html) == html


def test_no_break_space_after_line_break_kept() -> None:
    assert collapse_whitespace("<p>a\n\u00a0 b</p>") == "<p>a\n\u00a0 b</p>"


def test_unescaped_angle_bracket_left_alone() -> None:
    html = "<p>a\n   > b</p>"
    assert collapse_whitespace(html) == html


def test_collapse_is_idempotent() -> None:
    html = "<body>\n  <main>\n    <pre>x\n  y</pre>\n    <p>\n      z\n    </p>\n  </main>\n</body>"
    once = collapse_whitespace(html)
    assert collapse_whitespace(once) == once
