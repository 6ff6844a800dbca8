"""The portfolio table, the capability rollup and the next-steps page, on fixture JDDs.

The site tests run a real `mkdocs build` of a temporary project whose docs
folder holds only the JDDs written here, with the build date fixed through
JDD_BUILD_DATE.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jdd.core.gitinfo import Revision, folder_revisions
from jdd.core.loader import load_portfolio
from jdd.core.model import Jdd, Portfolio
from jdd.core.rollup import (
    BuildDateError,
    build_date,
    capability_key,
    capability_rollup,
    open_next_steps,
    portfolio_rows,
)

from conftest import SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_mkdocs, write

BUILD_DATE = "2026-12-09"
CONTOSO = 'Contoso <Labs> & "Partners"'


def make_jdd(docs: Path, slug: str, customer: str, jobs: list[dict], status: str = "draft",
             renewal: str | None = None) -> Path:
    """Write a JDD folder; each job is a dict with slug, title, capabilities and steps."""
    folder = docs / slug
    renewal_line = f"  renewal: {renewal}\n" if renewal else ""
    quoted = customer.replace("\\", "\\\\").replace('"', '\\"')
    write(folder / "index.md", (
        "---\njdd:\n"
        f'  customer: "{quoted}"\n'
        f"  title: Keeping {slug} running\n"
        f"  status: {status}\n"
        "  product_manager: Priya Raman\n"
        "  customer_success_manager: Tom Okafor\n"
        "  opened: 2026-11-02\n"
        f"{renewal_line}"
        "---\n\n"
        f"# Keeping {slug} running\n\nThe customer escalated an outage of their quarterly process.\n"
    ))
    write(folder / "business-scenario.md",
          "# Business Scenario\n\nThe customer runs a quarterly audit of who can open records.\n")
    items = "\n".join(
        f"{number}. [{job['title']}](jobs/{job['slug']}.md):\n   when the audit starts, pass it on time."
        for number, job in enumerate(jobs, start=1)
    )
    write(folder / "jobs.md", f"# Customer Jobs-to-be-Done\n\n{items}\n")
    rows = "\n".join(
        f"| [{job['title']}](jobs/{job['slug']}.md) | {name} | {state} | {notes} |"
        for job in jobs for name, state, notes in job["capabilities"]
    )
    write(folder / "capabilities.md",
          f"# Status of Capabilities\n\n| Job | Capability | Status | Notes |\n| --- | --- | --- | --- |\n{rows}\n")
    for job in jobs:
        steps = "\n".join(f"- {step}" for step in job["steps"])
        write(folder / "jobs" / f"{job['slug']}.md", (
            f"# {job['title']}\n\n"
            "## Description\n\n"
            "When the regulator asks, the compliance officer must show who could open records, "
            "so that the audit closes without findings.\n\n"
            "## Diagram\n\n"
            "```mermaid\nflowchart LR\n  ask[Regulator asks] --> show[Officer shows evidence]\n```\n\n"
            "## Assumptions, Risks, and Limitations\n\n"
            "- Limitation: the product has no report for this today (a gap).\n\n"
            f"## Next Steps\n\n{steps}\n"
        ))
    return folder


def portfolio_project(project: Path) -> Path:
    """Replace the samples with three fixture JDDs that share capabilities under different spellings."""
    docs = project / "jdds"
    shutil.rmtree(docs / SAMPLE_IN_REVIEW)
    shutil.rmtree(docs / SAMPLE_DRAFT)
    make_jdd(docs, "contoso-audit", CONTOSO, renewal="2027-06-30", jobs=[{
        "slug": "access-audit", "title": "Prove access compliance to auditors",
        "capabilities": [("access  review REPORT", "Gap", "Not in the product today"),
                         ("Audit log export", "Supported", "JSON export")],
        "steps": ["[ ] Send the evidence checklist — Ana Ruiz — 2026-12-01",
                  "[x] Collect the last audit report — Ana Ruiz — 2026-11-01",
                  "[ ] Review the export fields — Ben Ode — 2027-02-01"],
    }])
    make_jdd(docs, "northwind-access", "Northwind Health", jobs=[{
        "slug": "quarterly-audit", "title": "Pass the quarterly access audit",
        "capabilities": [("Access review report", "Gap", "Evidence is assembled by hand"),
                         ("SCIM bulk endpoint", "Partial", "1,000 users per request")],
        "steps": ["[ ] Share the audit log guide — Tom Okafor — 2026-12-05",
                  "[ ] Rehearse the audit with the identity team — Priya Raman — 2026-12-20"],
    }])
    make_jdd(docs, "fabrikam-billing", "Fabrikam", status="draft", jobs=[{
        "slug": "provisioning", "title": "Provision contractors before each project",
        "capabilities": [("SCIM Bulk Endpoint", "Gap", "Not in the product today"),
                         ("Access review report", "Workaround", "Export and filter by hand")],
        "steps": ["[ ] Agree the contractor roster format — Kim Lee"],
    }])
    return project


class Tables(HTMLParser):
    """Collect every `table[data-jdd-table]`: its rows, each row's attributes, cell texts and links."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[dict]] = {}
        self._table: str | None = None
        self._row: dict | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag == "table" and "data-jdd-table" in attributes:
            self._table = attributes["data-jdd-table"]
            self.tables.setdefault(self._table, [])
        elif self._table and tag == "tr":
            self._row = {"attrs": attributes, "cells": [], "links": []}
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []
        elif self._row is not None and tag == "a":
            self._row["links"].append(attributes.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table:
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(site: Path, page: str) -> dict[str, list[dict]]:
    parser = Tables()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser.tables


@pytest.fixture
def built(project: Path, monkeypatch) -> Path:
    """The fixture portfolio, built by `mkdocs build` with the build date fixed."""
    portfolio_project(project)
    monkeypatch.setenv("JDD_BUILD_DATE", BUILD_DATE)
    result = run_mkdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project / "site"


def test_portfolio_finds_jdds_as_the_list_changes(tmp_path: Path) -> None:
    first, second, same_slug = Jdd("acme", tmp_path / "acme"), Jdd("nw", tmp_path / "nw"), Jdd("acme", tmp_path / "x")
    portfolio = Portfolio(docs_dir=tmp_path, jdds=[first])
    assert portfolio.get("acme") is first
    assert portfolio.get("nw") is None

    portfolio.jdds.append(second)
    assert portfolio.get("nw") is second
    portfolio.jdds.remove(first)
    assert portfolio.get("acme") is None
    portfolio.jdds = [same_slug, first]
    assert portfolio.get("acme") is same_slug
    assert portfolio.get("nw") is None
    # A removal and an append keep the list and its length, and the lookup must still find the new entry.
    portfolio.jdds.remove(first)
    portfolio.jdds.append(second)
    assert portfolio.get("nw") is second
    assert portfolio.get("acme") is same_slug


def test_portfolio_lists_every_jdd(built: Path) -> None:
    rows = tables_of(built, "index.html")["portfolio"]
    assert rows[0]["cells"] == [
        "Customer", "Title", "Status", "Product manager", "Customer success manager", "Opened", "Renewal",
        "Jobs", "Gaps", "Overdue next steps", "Last updated",
    ]
    body = [row["cells"] for row in rows[1:]]
    assert body == [
        [CONTOSO, "Keeping contoso-audit running", "Draft", "Priya Raman", "Tom Okafor", "2026-11-02",
         "2027-06-30", "1", "1", "1", ""],
        ["Fabrikam", "Keeping fabrikam-billing running", "Draft", "Priya Raman", "Tom Okafor", "2026-11-02",
         "", "1", "1", "0", ""],
        ["Northwind Health", "Keeping northwind-access running", "Draft", "Priya Raman", "Tom Okafor",
         "2026-11-02", "", "1", "1", "1", ""],
    ]
    assert rows[1]["attrs"]["data-jdd-status"] == "draft"
    assert rows[1]["links"] == ["contoso-audit/"]


def test_portfolio_escapes_values(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "<Labs>" not in html
    assert "Contoso &lt;Labs&gt; &amp; &quot;Partners&quot;" in html


def test_portfolio_is_sortable_markup(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert '<th data-jdd-sort="date">Opened</th>' in html
    assert '<th data-jdd-sort="number">Overdue next steps</th>' in html
    assert "assets/javascripts/jdd-portfolio.js" in html


def test_capability_rollup_gaps_first(built: Path) -> None:
    tables = tables_of(built, "capabilities/index.html")
    summary = [row["cells"] for row in tables["capabilities"][1:]]
    assert summary == [
        ["Access review report", "2", "1", "0", "0", "3"],
        ["SCIM Bulk Endpoint", "1", "0", "1", "0", "2"],
        ["Audit log export", "0", "0", "0", "1", "1"],
    ]
    details = [row for row in tables["capability"] if row["cells"][0] != "Customer"]
    access = [row["cells"][:4] for row in details[:3]]
    assert access == [
        [CONTOSO, "Keeping contoso-audit running", "Prove access compliance to auditors", "Gap"],
        ["Northwind Health", "Keeping northwind-access running", "Pass the quarterly access audit", "Gap"],
        ["Fabrikam", "Keeping fabrikam-billing running", "Provision contractors before each project", "Workaround"],
    ]
    assert details[0]["links"] == ["../contoso-audit/", "../contoso-audit/jobs/access-audit/"]


def test_capability_rollup_anchors(built: Path) -> None:
    html = (built / "capabilities" / "index.html").read_text(encoding="utf-8")
    assert 'href="#capability-access-review-report"' in html
    assert '<h2 id="capability-access-review-report">Access review report</h2>' in html


def test_next_steps_by_due_date(built: Path) -> None:
    rows = tables_of(built, "next-steps/index.html")["next-steps"][1:]
    assert [(row["cells"][0], row["cells"][2], row["cells"][3]) for row in rows] == [
        ("2026-12-01 overdue by 8 days", "Ana Ruiz", CONTOSO),
        ("2026-12-05 overdue by 4 days", "Tom Okafor", "Northwind Health"),
        ("2026-12-20", "Priya Raman", "Northwind Health"),
        ("2027-02-01", "Ben Ode", CONTOSO),
        ("no due date", "Kim Lee", "Fabrikam"),
    ]
    assert [row["attrs"].get("class") for row in rows] == [
        "jdd-next-step--overdue", "jdd-next-step--overdue", None, None, None,
    ]
    assert "Collect the last audit report" not in str(rows)


def test_next_steps_link_to_job_slides(built: Path) -> None:
    rows = tables_of(built, "next-steps/index.html")["next-steps"][1:]
    assert rows[0]["links"] == ["../contoso-audit/", "../contoso-audit/jobs/access-audit/"]
    for row in rows:
        for link in row["links"]:
            assert (built / "next-steps" / link / "index.html").resolve().is_file(), link


def test_next_steps_page_states_build_date(built: Path) -> None:
    html = (built / "next-steps" / "index.html").read_text(encoding="utf-8")
    assert f"before the build date, {BUILD_DATE}: 2 of 5 are." in html


def test_generated_pages_in_navigation(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="capabilities/"[^>]*>\s*<span[^>]*>\s*Capability rollup', html)
    assert re.search(r'href="next-steps/"[^>]*>\s*<span[^>]*>\s*Next steps', html)


def test_slides_list_the_portfolio_and_their_deck_only(built: Path) -> None:
    slide = (built / "contoso-audit" / "jobs" / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', slide, re.DOTALL).group(0)
    titles = [" ".join(title.split()) for title in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav, re.DOTALL)]

    # The portfolio, then the deck under its customer's name; the rollups are one click away, on
    # the portfolio's own navigation.
    assert titles[0] == "Portfolio"
    # The name comes from front matter and is written escaped.
    assert titles[1] == 'Contoso &lt;Labs&gt; &amp; "Partners"'
    assert "Capability rollup" not in titles
    assert "Next steps" not in titles
    assert re.search(r'href="\.\./\.\./?"[^>]*>\s*<span class="md-ellipsis">\s*Portfolio', nav)


def test_home_page_html_written_by_hand_stays_markdown(project: Path, monkeypatch) -> None:
    # The portfolio table skips Python-Markdown; the author's own HTML blocks on the home page
    # do not, so Markdown inside them is still converted.
    portfolio_project(project)
    home = project / "jdds" / "index.md"
    home.write_text(home.read_text(encoding="utf-8")
                    + '\n<div class="intro" markdown>\nEscalations are **triaged** weekly.\n</div>\n\n'
                      "<section>Raw <em>section</em></section>\n", encoding="utf-8")
    monkeypatch.setenv("JDD_BUILD_DATE", BUILD_DATE)

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="intro">\s*<p>Escalations are <strong>triaged</strong> weekly.</p>\s*</div>', html)
    assert "<section>Raw <em>section</em></section>" in html
    assert "jdd-html" not in html
    assert len(tables_of(project / "site", "index.html")["portfolio"]) == 1 + 3  # the header row and a row per JDD
    for rollup in ("capabilities", "next-steps"):
        assert "jdd-html" not in (project / "site" / rollup / "index.html").read_text(encoding="utf-8")


def test_edit_link_on_source_pages(built: Path) -> None:
    cover = (built / "contoso-audit" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example-org/jdd-portfolio/edit/main/jdds/contoso-audit/index.md"' in cover
    generated = (built / "capabilities" / "index.html").read_text(encoding="utf-8")
    assert "/edit/main/" not in generated


def test_generated_page_path_taken_warns(project: Path, monkeypatch) -> None:
    portfolio_project(project)
    write(project / "jdds" / "capabilities" / "index.md", "# Our own capabilities page\n\nHand-written.\n")
    monkeypatch.setenv("JDD_BUILD_DATE", BUILD_DATE)

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "'capabilities/index.md' exists in the docs folder" in result.stderr
    assert "capability_rollup: false" in result.stderr
    assert "Hand-written." in (project / "site" / "capabilities" / "index.html").read_text(encoding="utf-8")
    assert run_mkdocs("build", "--strict", cwd=project).returncode != 0


def test_generated_pages_can_be_turned_off(project: Path) -> None:
    portfolio_project(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - jdd\n", "  - jdd:\n      capability_rollup: false\n      next_steps_page: false\n"), encoding="utf-8")
    result = run_mkdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "capabilities").exists()
    assert not (project / "site" / "next-steps").exists()


@pytest.mark.parametrize("name, value, message", [
    ("JDD_BUILD_DATE", "9 December 2026", "JDD_BUILD_DATE is '9 December 2026', which is not a date"),
    ("SOURCE_DATE_EPOCH", "yesterday", "SOURCE_DATE_EPOCH is 'yesterday'"),
])
def test_invalid_build_date_fails_build(project: Path, monkeypatch, name: str, value: str, message: str) -> None:
    monkeypatch.delenv("JDD_BUILD_DATE", raising=False)
    monkeypatch.setenv(name, value)
    result = run_mkdocs("build", cwd=project)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def git(*args: str, cwd: Path, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_last_updated_and_revision_from_git(project: Path, monkeypatch) -> None:
    portfolio_project(project)
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "Add the JDDs", cwd=project, date="2026-10-01T12:00:00+00:00")
    scenario = project / "jdds" / "northwind-access" / "business-scenario.md"
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\nThe audit runs every quarter.\n",
                        encoding="utf-8")
    git("commit", "-q", "-am", "Update Northwind", cwd=project, date="2026-11-15T09:30:00+00:00")
    cover = project / "jdds" / "fabrikam-billing" / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8") + "\nNot committed yet.\n", encoding="utf-8")
    monkeypatch.setenv("JDD_BUILD_DATE", BUILD_DATE)

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    rows = tables_of(project / "site", "index.html")["portfolio"][1:]
    assert [(row["cells"][1], row["cells"][-1]) for row in rows] == [
        ("Keeping contoso-audit running", "2026-10-01"),
        ("Keeping fabrikam-billing running", "2026-10-01"),
        ("Keeping northwind-access running", "2026-11-15"),
    ]
    northwind = (project / "site" / "northwind-access" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<dt>Revision</dt><dd>[0-9a-f]{7,} \(2026-11-15\)</dd>", northwind)
    fabrikam = (project / "site" / "fabrikam-billing" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<dt>Revision</dt><dd>[0-9a-f]{7,} \(2026-10-01\) with uncommitted changes</dd>", fabrikam)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_folder_revisions_in_git_repository(tmp_path: Path) -> None:
    docs = tmp_path / "jdds"
    write(docs / "alpha" / "index.md", "alpha\n")
    write(docs / "beta gamma" / "index.md", "beta\n")
    write(tmp_path / "README.md", "outside the docs folder\n")
    git("init", "-q", cwd=tmp_path)
    git("add", "-A", cwd=tmp_path)
    git("commit", "-q", "-m", "one", cwd=tmp_path, date="2026-01-02T10:00:00+00:00")
    write(docs / "beta gamma" / "index.md", "beta, changed\n")
    git("commit", "-q", "-am", "two", cwd=tmp_path, date="2026-02-03T23:30:00-05:00")
    write(docs / "alpha" / "index.md", "alpha, not committed\n")
    write(docs / "delta" / "index.md", "new\n")

    revisions = folder_revisions(docs)

    assert set(revisions) == {"alpha", "beta gamma", "delta"}
    assert revisions["alpha"].date == dt.date(2026, 1, 2)
    assert revisions["alpha"].uncommitted is True
    assert revisions["beta gamma"].date == dt.date(2026, 2, 3)
    assert revisions["beta gamma"].uncommitted is False
    assert revisions["delta"] == Revision(commit="", date=None, uncommitted=True)
    assert revisions["delta"].describe() == "not committed yet"
    assert revisions["alpha"].describe().endswith("(2026-01-02) with uncommitted changes")


def test_folder_revisions_outside_git(tmp_path: Path) -> None:
    write(tmp_path / "jdds" / "alpha" / "index.md", "alpha\n")
    assert folder_revisions(tmp_path / "jdds") == {}


def test_folder_revisions_without_git(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "jdds" / "alpha" / "index.md", "alpha\n")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert folder_revisions(tmp_path / "jdds") == {}


def test_folder_revisions_missing_folder(tmp_path: Path) -> None:
    assert folder_revisions(tmp_path / "missing") == {}


@pytest.mark.parametrize("environ, expected", [
    ({"JDD_BUILD_DATE": "2026-12-09"}, dt.date(2026, 12, 9)),
    ({"JDD_BUILD_DATE": " 2026-12-09 ", "SOURCE_DATE_EPOCH": "0"}, dt.date(2026, 12, 9)),
    ({"SOURCE_DATE_EPOCH": "1796774400"}, dt.date(2026, 12, 9)),
    ({"SOURCE_DATE_EPOCH": "0"}, dt.date(1970, 1, 1)),
    ({"JDD_BUILD_DATE": "", "SOURCE_DATE_EPOCH": ""}, dt.date(2000, 1, 1)),
    ({}, dt.date(2000, 1, 1)),
])
def test_build_date_sources(environ: dict, expected: dt.date) -> None:
    assert build_date(environ, today=dt.date(2000, 1, 1)) == expected


@pytest.mark.parametrize("environ, expected", [
    ({}, dt.date(2021, 7, 8)),
    ({"SOURCE_DATE_EPOCH": "1796774400"}, dt.date(2026, 12, 9)),
    ({"JDD_BUILD_DATE": "2026-12-01"}, dt.date(2026, 12, 1)),
])
def test_build_date_commit_after_environment(environ: dict, expected: dt.date) -> None:
    assert build_date(environ, today=dt.date(2000, 1, 1), commit_date=dt.date(2021, 7, 8)) == expected


@pytest.mark.parametrize("environ", [
    {"JDD_BUILD_DATE": "2026-13-01"},
    {"JDD_BUILD_DATE": "12/09/2026"},
    {"SOURCE_DATE_EPOCH": "1.5"},
    {"SOURCE_DATE_EPOCH": "99999999999999999999"},
])
def test_build_date_rejects_invalid(environ: dict) -> None:
    with pytest.raises(BuildDateError):
        build_date(environ)


@pytest.mark.parametrize("left, right", [
    ("Access review report", "access  review REPORT"),
    ("SCIM bulk endpoint", " SCIM\tbulk\u00a0endpoint "),
    ("Straße export", "STRASSE EXPORT"),
])
def test_capability_key_matches(left: str, right: str) -> None:
    assert capability_key(left) == capability_key(right)


def test_capability_key_keeps_words_apart() -> None:
    assert capability_key("Access review report") != capability_key("Access-review report")
    assert capability_key("CSV import") != capability_key("CSV imports")


def test_rollup_skips_placeholder_names(tmp_path: Path) -> None:
    docs = tmp_path / "jdds"
    make_jdd(docs, "draft-one", "One", jobs=[{
        "slug": "job-1", "title": "Do the job",
        "capabilities": [("TODO: capability name", "Gap", ""), ("Real export", "Gap", "")],
        "steps": ["[ ] Act — Owner — 2026-12-01"],
    }])
    rollup = capability_rollup(load_portfolio(docs))
    assert [capability.name for capability in rollup.capabilities] == ["Real export"]
    assert rollup.skipped == [("draft-one", 5)]


def test_rollup_functions_on_fixture(project: Path) -> None:
    portfolio = load_portfolio(portfolio_project(project) / "jdds")
    today = dt.date(2026, 12, 9)

    steps = open_next_steps(portfolio, today)
    assert [step.due for step in steps] == [
        dt.date(2026, 12, 1), dt.date(2026, 12, 5), dt.date(2026, 12, 20), dt.date(2027, 2, 1), None,
    ]
    assert [step.days_overdue for step in steps] == [8, 4, 0, 0, 0]

    rows = portfolio_rows(portfolio, today, {"fabrikam-billing": Revision("abc1234", dt.date(2026, 11, 1))})
    assert [(row.slug, row.overdue, row.gaps, row.last_updated) for row in rows] == [
        ("contoso-audit", 1, 1, None),
        ("fabrikam-billing", 0, 1, dt.date(2026, 11, 1)),
        ("northwind-access", 1, 1, None),
    ]


@pytest.mark.browser
def test_portfolio_sorts_and_filters_in_browser(built: Path, browser) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    outside: list[str] = []

    def local_only(route) -> None:
        # The test serves the site itself; nothing else may be reached.
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    try:
        page = browser.new_page()
        page.route("**/*", local_only)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base)
        page.wait_for_selector(".jdd-portfolio__controls")
        customers = 'table[data-jdd-table="portfolio"] tbody tr:not([hidden]) td:first-child'

        page.click('th:has-text("Overdue next steps") .jdd-sort')
        page.click('th:has-text("Overdue next steps") .jdd-sort')
        assert page.get_attribute('th:has-text("Overdue next steps")', "aria-sort") == "descending"
        assert page.eval_on_selector_all(customers, "cells => cells.map(c => c.textContent)")[-1] == "Fabrikam"

        page.fill(".jdd-portfolio__search", "northwind")
        assert page.eval_on_selector_all(customers, "cells => cells.map(c => c.textContent)") == ["Northwind Health"]
        assert page.text_content(".jdd-portfolio__count") == "Showing 1 of 3 JDDs"

        page.fill(".jdd-portfolio__search", "")
        page.select_option(".jdd-portfolio__status", "draft")
        assert len(page.query_selector_all(customers)) == 3

        # Material's instant navigation replaces the page content; the script must set it up again.
        # Material's instant navigation rewrites the links to absolute URLs.
        page.locator('a.md-nav__link[href$="/next-steps/"]:visible').first.click()
        page.wait_for_selector('table[data-jdd-table="next-steps"][data-jdd-enhanced]')
        page.go_back()
        page.wait_for_selector(".jdd-portfolio__controls")
        assert len(page.query_selector_all(".jdd-portfolio__controls")) == 1
        assert errors == []
        assert all("fonts.googleapis.com" in url for url in outside), outside
    finally:
        server.shutdown()
        server.server_close()
