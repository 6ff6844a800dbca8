"""Slides without a browser: the deck, notes, the print view's HTML, and what a real build writes."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_mkdocs, write
from jdd.core.deck import (
    LABELS,
    confidentiality_mark,
    deck_slides,
    merged_labels,
    next_step_rows,
    next_steps_markdown,
)
from jdd.core.loader import job_section_name, load_jdd
from jdd.core.notes import split_notes
from jdd.core.printview import print_slide_html
from jdd.core.slidehtml import group_sections
from jdd.plugin.slides import _yaml_flow
from slides_support import DRAFT_SLIDES, DRAFT_TABS, IN_REVIEW_TITLES, NOTES_SENTINEL, make_project


# -- the deck ------------------------------------------------------------------


def test_deck_order_follows_the_format(sample: Path) -> None:
    write(sample / "appendix.md", "# Appendix\n\nMore detail.\n")
    jdd = load_jdd(sample)

    slides = deck_slides(jdd)

    assert [slide.rel for slide in slides] == [
        "index.md", "business-scenario.md", "jobs.md", "capabilities.md",
        "jobs/bulk-provisioning.md", "jobs/access-review.md", "jobs/seasonal-offboarding.md",
        "next-steps.md", "appendix.md",
    ]
    assert [slide.index for slide in slides] == list(range(1, 10))
    assert [slide.kind for slide in slides] == [
        "cover", "scenario", "jobs", "capabilities", "job", "job", "job", "next-steps", "extra",
    ]


def test_deck_own_next_steps_page_takes_the_slot(sample: Path) -> None:
    write(sample / "next-steps.md", "# Next Steps\n\nAgreed in the meeting.\n")
    write(sample / "appendix.md", "# Appendix\n\nMore detail.\n")

    order = [slide.rel for slide in deck_slides(load_jdd(sample))]

    assert order[-2:] == ["next-steps.md", "appendix.md"]
    assert order.count("next-steps.md") == 1


def test_next_step_rows_in_priority_order(sample: Path) -> None:
    rows = next_step_rows(load_jdd(sample))

    assert [(row.job_rel, row.owner, row.due, row.done) for row in rows] == [
        ("jobs/bulk-provisioning.md", "Tom Okafor", "2026-12-10", False),
        ("jobs/bulk-provisioning.md", "Priya Raman", "2026-11-20", True),
        ("jobs/bulk-provisioning.md", "Dana Whitfield", "2027-01-15", False),
        ("jobs/access-review.md", "Tom Okafor", "2026-12-05", False),
        ("jobs/access-review.md", "Priya Raman", "2026-12-17", False),
        ("jobs/seasonal-offboarding.md", "Priya Raman", "2026-12-12", False),
    ]
    assert rows[0].action == "Share the SCIM batching guide with the identity team"


def test_next_steps_markdown_table(sample: Path) -> None:
    job = sample / "jobs" / "seasonal-offboarding.md"
    job.write_text(job.read_text(encoding="utf-8").replace(
        "Add end dates to the roster template", "Add end dates | start dates to the [roster] template"),
        encoding="utf-8")

    text = next_steps_markdown(load_jdd(sample))
    lines = text.splitlines()

    assert lines[0] == "# Next Steps"
    assert lines[2] == "| Job | Action | Owner | Due | Done |"
    assert lines[4] == ("| [Provision seasonal clinicians in bulk](jobs/bulk-provisioning.md) | Share the SCIM "
                        "batching guide with the identity team | Tom Okafor | 2026-12-10 | Open |")
    assert "| Confirm the roster format with Northwind HR | Priya Raman | 2026-11-20 | Done |" in lines[5]
    # A pipe in a step would end the cell; it is escaped instead.
    assert "Add end dates \\| start dates to the [roster] template" in text
    assert len(lines) == 4 + 6


def test_next_steps_markdown_without_steps(tmp_path: Path) -> None:
    folder = tmp_path / "acme-empty"
    write(folder / "index.md", "---\njdd:\n  customer: Acme\n  title: T\n  status: draft\n---\n\n# T\n")

    text = next_steps_markdown(load_jdd(folder))

    assert text == "# Next Steps\n\n" + LABELS["next_steps_empty"] + "\n"


def test_confidentiality_mark_per_audience(sample: Path) -> None:
    jdd = load_jdd(sample)

    assert confidentiality_mark(jdd, "internal") == "Internal"
    assert confidentiality_mark(jdd, "customer") == "Confidential: prepared for Northwind Health"
    jdd.cover.customer = None
    assert confidentiality_mark(jdd, "customer") == "Confidential"
    with pytest.raises(ValueError, match="audience 'partner'"):
        confidentiality_mark(jdd, "partner")


def test_labels_override_and_reject() -> None:
    labels = merged_labels({"mark_internal": "Intern"})

    assert labels["mark_internal"] == "Intern"
    assert labels["slide_number"] == LABELS["slide_number"]
    with pytest.raises(ValueError, match="'slide_numbr' is not a slide label"):
        merged_labels({"slide_numbr": "x"})
    with pytest.raises(ValueError, match="must be text"):
        merged_labels({"mark_internal": 3})


# -- presenter notes -----------------------------------------------------------


NOTES_PAGE = '''# Title

Text.

??? notes "Presenter notes"
    Say **this**.

    - and that

More text.

```markdown
!!! notes
    A fenced example, not notes.
```

=== "Tab"

    !!! Notes
        Inside a tab.

    Tab text.
'''


def test_split_notes_removes_every_block() -> None:
    markdown, notes = split_notes(NOTES_PAGE)

    assert [block.markdown for block in notes] == ["Say **this**.\n\n- and that", "Inside a tab."]
    assert [block.line for block in notes] == [5, 19]
    assert "Say" not in markdown
    assert "Inside a tab" not in markdown
    assert "More text." in markdown
    assert "Tab text." in markdown


def test_split_notes_keeps_line_numbers() -> None:
    markdown, _ = split_notes(NOTES_PAGE)

    assert len(markdown.split("\n")) == len(NOTES_PAGE.split("\n"))
    assert markdown.split("\n")[9] == "More text."


def test_split_notes_ignores_fences_and_other_types() -> None:
    text = "# T\n\n!!! note\n    A note admonition is content.\n\n```\n??? notes\n    code\n```\n"

    markdown, notes = split_notes(text)

    assert notes == []
    assert markdown == text


# -- the print view's HTML -----------------------------------------------------


SLIDE_HTML = (
    '<h1 id="title">Title<a class="headerlink" href="#title">¶</a></h1>\n'
    '<p><a href="../../capabilities/#notes">capabilities</a> <a href="../../../guide/">guide</a> '
    '<img alt="x" src="../flow.png" /> <a href="https://example.com/a">web</a> <a href="#title">top</a></p>\n'
    '<div class="tabbed-set"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio" />'
    '<label for="__tabbed_1_1">Batch</label></div>\n'
    '<details class="warning"><summary>Failure</summary><p>dead-letter</p></details>\n'
    '<svg id="mermaid-1"><style>#mermaid-1 .node{fill:red}</style><g id="node-a"></g></svg>\n'
)


def test_print_html_rebases_links() -> None:
    html = print_slide_html(SLIDE_HTML, index=5, source_url="acme/jobs/x/", target_url="acme/print/",
                            slide_indexes={"acme/capabilities/": 4, "acme/": 1})

    assert '<a href="#jdd-s4-notes">capabilities</a>' in html
    assert '<a href="../../guide/">guide</a>' in html
    assert 'src="../jobs/flow.png"' in html
    assert 'href="https://example.com/a"' in html


def test_print_html_prefixes_ids_not_svg() -> None:
    html = print_slide_html(SLIDE_HTML, index=5, source_url="acme/jobs/x/", target_url="acme/print/",
                            slide_indexes={})

    assert '<h1 id="jdd-s5-title">Title</h1>' in html
    assert 'href="#jdd-s5-title">top' in html
    assert 'id="jdd-s5-__tabbed_1_1" name="jdd-s5-__tabbed_1"' in html
    assert 'for="jdd-s5-__tabbed_1_1"' in html
    assert '<svg id="mermaid-1"><style>#mermaid-1 .node{fill:red}</style><g id="node-a"></g></svg>' in html


def test_print_html_opens_details() -> None:
    html = print_slide_html(SLIDE_HTML + '<details open class="x"></details>', index=1, source_url="a/",
                            target_url="a/print/", slide_indexes={})

    assert '<details open class="warning">' in html
    assert '<details open class="x">' in html
    assert "open open" not in html


@pytest.mark.parametrize("title", ["Acme: renewal", 'Say "yes" #1', "Line\u2028break\x85and\u2029more",
                                   "Émile 😀 \\ ---", "tab\there"])
def test_generated_front_matter_reads_back(title: str) -> None:
    front = {"title": title, "hide": ["navigation", "toc"], "search": {"exclude": True}}

    assert "\n" not in _yaml_flow(front)
    assert yaml.safe_load(_yaml_flow(front)) == front


def test_group_sections_wraps_top_level_headings() -> None:
    html = ('<h1>T</h1>\n<h2 id="d">Description</h2>\n<p>a</p>\n<div class="admonition"><h2>Inner</h2></div>\n'
            '<h2 id="n">Next Steps<a class="headerlink" href="#n">¶</a></h2>\n<ul>\n<li>x</li>\n</ul>\n'
            '<h2>Open questions</h2><p>q</p>')

    grouped = group_sections(html, job_section_name)

    assert grouped.startswith('<h1>T</h1>\n<div class="jdd-sections"><section class="jdd-section '
                              'jdd-section--description"><h2 id="d">')
    assert grouped.count("<section") == 3
    assert '<section class="jdd-section jdd-section--next-steps">' in grouped
    assert '<section class="jdd-section jdd-section--other"><h2>Open questions' in grouped
    assert '<div class="admonition"><h2>Inner</h2></div></section>' in grouped


def test_group_sections_leaves_broken_html() -> None:
    broken = "<h2>Description</h2><div><p>never closed</p>\n<h2>Diagram</h2>"

    assert group_sections(broken, job_section_name) == broken
    assert group_sections("<p>no headings</p>", job_section_name) == "<p>no headings</p>"


def test_group_sections_reads_attributes_scripts_and_comments() -> None:
    html = ('<h2 title="a > b">Description</h2>\n<p>a <a href=/x/>link</a> <br/><span data-x/></p>\n'
            '<!-- <div> -->\n<script>if (a < b) { s = "</div>"; }</script>\n<h2>Diagram</h2><p>d</p>')

    grouped = group_sections(html, job_section_name)

    assert grouped.count("<section") == 2
    assert '<section class="jdd-section jdd-section--diagram"><h2>Diagram</h2><p>d</p></section>' in grouped


@pytest.mark.parametrize("broken", [
    "<h2>Description</h2><p title='never closed><h2>Diagram</h2><p>d</p>",
    "<h2>Description</h2><!-- <h2>Diagram</h2>",
    "<h2>Description</h2><script>var x = 1;<h2>Diagram</h2>",
    "<h2>Description</h2><p>a</p></div><h2>Diagram</h2>",
    "<h2>Description</h2><p class=\"x\"",
])
def test_group_sections_leaves_html_it_cannot_follow(broken: str) -> None:
    assert group_sections(broken, job_section_name) == broken


# -- a real build --------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with notes, tabs and an overlong appendix, built once with --strict."""
    root = make_project(tmp_path_factory.mktemp("slides") / "project")
    result = run_mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def page(root: Path, path: str) -> str:
    return (root / "site" / path / "index.html").read_text(encoding="utf-8")


def test_build_slide_frame_per_page(built: Path) -> None:
    for index, path in enumerate(["", "business-scenario", "jobs", "capabilities", "jobs/bulk-provisioning",
                                  "jobs/access-review", "jobs/seasonal-offboarding", "next-steps"], 1):
        html = page(built, f"{SAMPLE_IN_REVIEW}/{path}")
        assert html.count('class="jdd-slide-viewport"') == 1, path
        assert f'data-jdd-deck="{SAMPLE_IN_REVIEW}" data-jdd-index="{index}" data-jdd-count="8"' in html, path
        assert f'<span class="jdd-slide__number">Slide {index} of 8</span>' in html, path
        assert '<span class="jdd-slide__mark">Internal</span>' in html, path
        assert '<span class="jdd-slide__customer">Northwind Health</span>' in html, path
        assert ('<span class="jdd-slide__deck-title">Onboarding seasonal clinicians before flu season</span>'
                in html), path


def test_build_status_only_on_cover(built: Path) -> None:
    cover = page(built, SAMPLE_IN_REVIEW)
    scenario = page(built, f"{SAMPLE_IN_REVIEW}/business-scenario")

    assert 'class="jdd-slide__status jdd-status jdd-status--in-review">In review</span>' in cover
    assert "jdd-slide__status" not in scenario


def test_build_links_stay_in_the_deck(built: Path) -> None:
    cover = page(built, SAMPLE_IN_REVIEW)
    last = page(built, f"{SAMPLE_DRAFT}/{DRAFT_TABS}")
    steps = page(built, f"{SAMPLE_IN_REVIEW}/next-steps")

    assert 'data-jdd-go="previous"' not in cover
    assert 'data-jdd-go="first"' not in cover
    assert 'href="business-scenario/" data-jdd-go="next"' in cover
    assert 'href="jobs/" data-jdd-go="last"' not in cover
    assert 'href="next-steps/" data-jdd-go="last"' in cover
    # The draft sample comes first in the site's navigation; its last slide leads nowhere.
    assert f'data-jdd-index="{DRAFT_SLIDES}" data-jdd-count="{DRAFT_SLIDES}"' in last
    assert 'data-jdd-go="next"' not in last
    assert 'data-jdd-go="last"' not in last
    assert 'href="../jobs/seasonal-offboarding/" data-jdd-go="previous"' in steps
    assert 'href="../print/" data-jdd-print-link' in steps


def test_build_next_steps_slide_in_navigation(built: Path) -> None:
    steps = page(built, f"{SAMPLE_IN_REVIEW}/next-steps")
    cover = page(built, SAMPLE_IN_REVIEW)

    assert "<td>Share the SCIM batching guide with the identity team</td>" in steps
    assert steps.count("<tr>") == 7
    assert re.search(r'href="next-steps/"[^>]*>\s*<span class="md-ellipsis">\s*Next Steps', cover)


def test_build_notes_only_in_presenter_aside(built: Path) -> None:
    html = page(built, f"{SAMPLE_IN_REVIEW}/jobs/bulk-provisioning")
    slide = html[html.index('<section class="jdd-slide'):html.index("</section>\n</div>", html.index(
        '<section class="jdd-slide'))]
    aside = html[html.index('<aside class="jdd-notes"'):html.index("</aside>")]

    assert NOTES_SENTINEL in aside
    assert "data-jdd-internal" in aside
    assert " hidden " in aside
    assert NOTES_SENTINEL not in slide
    assert html.count(NOTES_SENTINEL) == 1


def test_build_notes_not_in_search_or_print(built: Path) -> None:
    search = (built / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    printed = page(built, f"{SAMPLE_IN_REVIEW}/print")

    assert NOTES_SENTINEL not in search
    assert NOTES_SENTINEL not in printed


def test_search_skips_generated_next_steps(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [entry["location"] for entry in index["docs"]]

    assert f"{SAMPLE_IN_REVIEW}/jobs/bulk-provisioning/" in locations
    assert not [location for location in locations if location.startswith(f"{SAMPLE_IN_REVIEW}/next-steps/")]
    # The step itself is found on its job's slide.
    step = "Share the SCIM batching guide with the identity team"
    assert any(step in entry["text"] for entry in index["docs"]
               if entry["location"].startswith(f"{SAMPLE_IN_REVIEW}/jobs/"))
    assert step in page(built, f"{SAMPLE_IN_REVIEW}/next-steps")


def test_build_print_view_holds_the_deck(built: Path) -> None:
    printed = page(built, f"{SAMPLE_IN_REVIEW}/print")
    slides = re.findall(r'<section class="jdd-slide jdd-slide--[\w-]+" id="jdd-slide-(\d+)"', printed)
    titles = [re.sub(r"<[^>]+>|¶|&para;", "", title).strip()
              for title in re.findall(r"<h1[^>]*>(.*?)</h1>", printed, re.DOTALL)]

    assert slides == [str(index) for index in range(1, 9)]
    assert titles == IN_REVIEW_TITLES
    # The other JDD's slides are not in this JDD's print view.
    assert "Halvorsen" not in printed
    assert "<title>Print view: Onboarding seasonal clinicians before flu season - " in printed


def test_build_print_view_ids_unique(built: Path) -> None:
    printed = page(built, f"{SAMPLE_IN_REVIEW}/print")
    article = printed[printed.index('<div class="jdd-print"'):]
    # Diagrams keep the ids their renderer gave them; every other id must be unique on the page.
    outside_svg = re.sub(r"<svg\b.*?</svg>", "", article, flags=re.DOTALL)
    ids = re.findall(r'\sid="([^"]+)"', outside_svg)

    assert len(ids) == len(set(ids))
    assert 'id="jdd-s5-description"' in article
    assert 'id="jdd-s6-description"' in article


def test_build_print_view_opens_details(built: Path) -> None:
    printed = page(built, f"{SAMPLE_DRAFT}/print")
    outputs = page(built, f"{SAMPLE_DRAFT}/{DRAFT_TABS}")

    assert re.search(r"<details open class=\"warning\">\s*<summary>Failure handling", printed)
    assert re.search(r"<details class=\"warning\">\s*<summary>Failure handling", outputs)


def test_build_print_view_links_slides(built: Path) -> None:
    printed = page(built, f"{SAMPLE_IN_REVIEW}/print")

    # The jobs slide links each job's slide; on the print view those links stay on the page.
    assert 'href="#jdd-slide-5"' in printed
    assert 'href="#jdd-slide-7"' in printed


def test_build_job_slide_sections(built: Path) -> None:
    html = page(built, f"{SAMPLE_IN_REVIEW}/jobs/access-review")

    names = re.findall(r'<section class="jdd-section jdd-section--([\w-]+)">', html)

    assert names == ["description", "diagram", "arl", "next-steps"]


def test_build_without_git_has_no_revision(built: Path) -> None:
    assert "jdd-slide__revision" not in page(built, SAMPLE_IN_REVIEW)


def test_build_revision_from_git(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    environment = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    for command in (["init", "-q"], ["add", "-A"], [*environment, "commit", "-q", "-m", "Add JDDs"]):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)
    commit = subprocess.run(["git", "log", "-1", "--format=%h %cs"], cwd=root, check=True, capture_output=True,
                            text=True).stdout.split()
    (root / "jdds" / SAMPLE_IN_REVIEW / "jobs.md").write_text(
        (root / "jdds" / SAMPLE_IN_REVIEW / "jobs.md").read_text(encoding="utf-8") + "\n", encoding="utf-8")

    result = run_mkdocs("build", "--strict", cwd=root)

    assert result.returncode == 0, result.stderr
    modified = page(root, SAMPLE_IN_REVIEW)
    clean = page(root, SAMPLE_DRAFT)
    assert (f'<span class="jdd-slide__revision">Revision {commit[0]} with uncommitted changes, {commit[1]}</span>'
            in modified)
    assert f'<span class="jdd-slide__revision">Revision {commit[0]}, {commit[1]}</span>' in clean


def test_build_leaves_script_buttons_to_the_script(built: Path) -> None:
    html = page(built, f"{SAMPLE_IN_REVIEW}/jobs")

    # Presenting and the notes need jdd-slides.js, so the script adds their buttons. A page read
    # without it offers none of them, and still links the slides and the print view.
    for action in ("present", "notes", "presenter"):
        assert f'data-jdd-action="{action}"' not in html
    assert 'data-jdd-go="next"' in html
    assert "data-jdd-print-link" in html
    assert '<aside class="jdd-notes" data-jdd-notes' in html


def test_build_labels_from_mkdocs_yml(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + (
        "\nextra:\n  jdd_labels:\n    slide_number: \"Folie {index} von {count}\"\n"
        "    mark_internal: Intern\n    next_steps_title: Nächste Schritte\n"
        "    overflow: \"Folie zu voll ({percent}%)\"\n"), encoding="utf-8")

    result = run_mkdocs("build", "--strict", cwd=root)

    assert result.returncode == 0, result.stderr
    html = page(root, f"{SAMPLE_IN_REVIEW}/next-steps")
    assert '<span class="jdd-slide__number">Folie 8 von 8</span>' in html
    assert '<span class="jdd-slide__mark">Intern</span>' in html
    assert ">Nächste Schritte<" in html
    # The script's labels come once per site, in the script the pages load, not in each page.
    assert "data-jdd-labels" not in html
    assert '<script src="../../assets/javascripts/jdd-labels.js"></script>' in html
    script = (root / "site" / "assets" / "javascripts" / "jdd-labels.js").read_text(encoding="utf-8")
    labels = json.loads(re.search(r"window\.jddLabels = (\{.*\});", script).group(1))
    assert labels["overflow"] == "Folie zu voll ({percent}%)"
    assert labels["present"] == "Present"
    assert set(labels) == {"overflow", "overflow_slide", "present", "present_title", "notes", "notes_title",
                           "presenter_view", "presenter_view_title"}


def test_build_rejects_unknown_label(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nextra:\n  jdd_labels:\n    slide_nmber: x\n",
                      encoding="utf-8")

    result = run_mkdocs("build", cwd=root)

    assert result.returncode == 1
    assert "extra.jdd_labels: 'slide_nmber' is not a slide label" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_own_next_steps_page_warns(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    write(root / "jdds" / SAMPLE_IN_REVIEW / "next-steps.md", "# Next Steps\n\nAgreed in the meeting.\n")

    strict = run_mkdocs("build", "--strict", cwd=root)
    lenient = run_mkdocs("build", cwd=root)

    assert strict.returncode == 1
    assert (f"{SAMPLE_IN_REVIEW}/next-steps.md: the site generates the next-steps slide from the job pages' "
            "Next Steps at this path, so this page replaces that summary") in strict.stderr
    assert lenient.returncode == 0, lenient.stderr
    html = page(root, f"{SAMPLE_IN_REVIEW}/next-steps")
    assert "Agreed in the meeting." in html
    assert 'data-jdd-index="8" data-jdd-count="8"' in html


def test_build_own_print_page_warns(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    write(root / "jdds" / SAMPLE_IN_REVIEW / "print.md", "# Printing notes\n\nUse the office printer.\n")

    result = run_mkdocs("build", cwd=root)

    assert result.returncode == 0, result.stderr
    assert (f"{SAMPLE_IN_REVIEW}/print.md: the site generates the JDD's print view at this path, so there is "
            "no print view") in result.stderr
    assert "data-jdd-print-link" not in page(root, SAMPLE_IN_REVIEW)
    assert "data-jdd-print-link" in page(root, SAMPLE_DRAFT)


def test_build_escapes_metadata_in_slides(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    cover = root / "jdds" / SAMPLE_IN_REVIEW / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace(
        "customer: Northwind Health", 'customer: "Northwind <b>Health</b> & Co"'), encoding="utf-8")

    result = run_mkdocs("build", cwd=root)

    assert result.returncode == 0, result.stderr
    html = page(root, f"{SAMPLE_IN_REVIEW}/jobs")
    printed = page(root, f"{SAMPLE_IN_REVIEW}/print")
    assert '<span class="jdd-slide__customer">Northwind &lt;b&gt;Health&lt;/b&gt; &amp; Co</span>' in html
    assert "<b>Health</b>" not in printed
