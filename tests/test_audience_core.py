"""Removing internal content from Markdown, and scanning outputs for leaks."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from jdd.core.audience import needles_from, scan_for_leaks, strip_internal

PAGE = """# Provision clinicians in bulk

## Description

When flu season starts, the team must get 5,000 clinicians working, so that no clinic opens short.

!!! internal "Pricing caveat"
    SENTINEL-ADMONITION discount only if they renew for three years.

??? internal "Account politics"
    SENTINEL-DETAILS the CIO distrusts the identity team.

!!! notes "Presenter notes"
    SENTINEL-NOTES pause here for questions.

<!-- SENTINEL-COMMENT-BLOCK ask legal first -->

Text with an inline <!-- SENTINEL-COMMENT-INLINE --> comment.

```text
<!-- this comment is code and stays -->
```

!!! note "Customer-facing"
    This note stays.
"""


def test_strip_removes_every_internal_kind() -> None:
    stripped = strip_internal(PAGE)
    for sentinel in ("SENTINEL-ADMONITION", "SENTINEL-DETAILS", "SENTINEL-NOTES",
                     "SENTINEL-COMMENT-BLOCK", "SENTINEL-COMMENT-INLINE", "Pricing caveat"):
        assert sentinel not in stripped.markdown, sentinel
        assert any(sentinel in item for item in stripped.removed), sentinel


def test_strip_keeps_customer_content_and_lines() -> None:
    stripped = strip_internal(PAGE)
    assert "This note stays." in stripped.markdown
    assert "<!-- this comment is code and stays -->" in stripped.markdown
    assert "When flu season starts" in stripped.markdown
    assert stripped.markdown.count("\n") == PAGE.count("\n")


def test_unclosed_comment_removed_to_end() -> None:
    stripped = strip_internal("# Title\n\nVisible.\n\n<!-- SENTINEL never closed\n\nMore text.\n")
    assert "SENTINEL" not in stripped.markdown
    assert "More text." not in stripped.markdown
    assert "Visible." in stripped.markdown


def test_needles_skip_customer_text() -> None:
    removed = ["    The roster arrives two weeks before the season.", "    SENTINEL-ONLY-INTERNAL budget line"]
    needles = needles_from(removed, "Assumption: the roster arrives two weeks before the season.")
    assert needles == {"sentinel-only-internal budget line"}


def test_scan_reads_every_form(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>Northwind &amp; Co</p>", encoding="utf-8")
    (tmp_path / "search.json").write_text(json.dumps({"docs": [{"text": "Zürich Sentinel"}]}), encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>https://x/Hidden-Sentinel</loc>"))
    leaks = scan_for_leaks(tmp_path, {"Northwind & Co", "zürich sentinel", "hidden-sentinel", "absent"})
    found = {(leak.path.name, leak.needle) for leak in leaks}
    assert ("page.html", "northwind & co") in found
    assert ("search.json", "zürich sentinel") in found
    assert ("sitemap.xml.gz", "hidden-sentinel") in found
    assert not any(leak.needle == "absent" for leak in leaks)
