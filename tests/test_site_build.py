"""Real `mkdocs build` runs: the site, its navigation and how findings reach the build."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import material
import pytest

from conftest import REPO, SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_mkdocs, write


def nav_links(html: str, slug: str) -> list[str]:
    """Return the JDD's page links in the order the navigation lists them."""
    links = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="md-nav__link', html)
    found = []
    for first, second in links:
        href = (first or second).split("#")[0]
        if slug in href and href not in found:
            found.append(href)
    return found


def test_repository_builds_strict(tmp_path: Path) -> None:
    result = run_mkdocs("build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / SAMPLE_IN_REVIEW / "index.html").is_file()
    assert "WARNING" not in result.stderr


def test_navigation_follows_slide_order(project: Path) -> None:
    # Swap the first two jobs: the navigation must follow jobs.md, not file names.
    jobs = project / "jdds" / SAMPLE_IN_REVIEW / "jobs.md"
    text = jobs.read_text(encoding="utf-8")
    first = text[text.index("1. [Provision"):text.index("2. [Prove")]
    second = text[text.index("2. [Prove"):text.index("3. [Remove")]
    text = text.replace(first + second, second.replace("2. ", "1. ", 1) + first.replace("1. ", "2. ", 1))
    jobs.write_text(text, encoding="utf-8")

    result = run_mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr

    # Each JDD page carries only its own JDD's navigation, with links relative to the cover.
    html = (project / "site" / SAMPLE_IN_REVIEW / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]*)" class="md-nav__link', html)
    order = []
    for href in hrefs:
        if href.startswith(("..", "#", "http")):
            continue
        name = "" if href == "./" else "/" + href.rstrip("/")
        if name not in order:
            order.append(name)
    assert order == [
        "", "/business-scenario", "/jobs", "/capabilities",
        "/jobs/access-review", "/jobs/bulk-provisioning", "/jobs/seasonal-offboarding", "/next-steps",
    ]
    # The other JDD's pages are not in this JDD's navigation.
    assert SAMPLE_DRAFT not in "".join(hrefs)


def test_home_lists_every_jdd(project: Path) -> None:
    result = run_mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr

    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    table = html[html.index('data-jdd-table="portfolio"'):]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.DOTALL)[1:3]
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows]
    texts = [[re.sub(r"<[^>]+>", "", cell) for cell in row] for row in cells]
    # The columns after Gaps (overdue next steps, last updated) depend on the date and on git;
    # tests/test_portfolio_pages.py covers them.
    assert [row[:9] for row in texts] == [
        ["Halvorsen Freight", "Settling carrier invoice disputes before month-end close", "Draft",
         "Marcus Lindqvist", "Aiko Tanaka", "2026-11-18", "", "2", "1"],
        ["Northwind Health", "Onboarding seasonal clinicians before flu season", "In review",
         "Priya Raman", "Tom Okafor", "2026-11-02", "2027-03-31", "3", "1"],
    ]
    assert f'href="{SAMPLE_DRAFT}/"' in rows[0]


def test_warning_fails_strict_build_only(project: Path) -> None:
    scenario = project / "jdds" / SAMPLE_IN_REVIEW / "business-scenario.md"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        "Northwind Health runs 42 outpatient clinics in three states. Each flu season\n",
        "Northwind Health runs 42 outpatient clinics in three states. Each flu season:\n- one\n",
    ), encoding="utf-8")
    expected = f"jdds/{SAMPLE_IN_REVIEW}/business-scenario.md:4:1: warning JDD121"

    relaxed = run_mkdocs("build", cwd=project)
    assert relaxed.returncode == 0, relaxed.stderr
    assert f"WARNING -  jdd: {expected}" in relaxed.stderr

    strict = run_mkdocs("build", "--strict", cwd=project)
    assert strict.returncode != 0
    assert expected in strict.stderr


def test_error_lists_every_finding_without_traceback(project: Path) -> None:
    cover = project / "jdds" / SAMPLE_IN_REVIEW / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace("status: in-review", "status: reviewed")
                     .replace("opened: 2026-11-02", "opened: 2 Nov 2026"), encoding="utf-8")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "jdd: 2 errors in the JDDs" in result.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/index.md:5:11: error JDD206" in result.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/index.md:9:11: error JDD205" in result.stderr


def test_disabled_plugin_builds_anything(project: Path) -> None:
    cover = project / "jdds" / SAMPLE_IN_REVIEW / "index.md"
    cover.write_text(cover.read_text(encoding="utf-8").replace("status: in-review", "status: reviewed"),
                     encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - jdd\n", "  - jdd:\n      enabled: false\n"),
                      encoding="utf-8")
    result = run_mkdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr


def test_rules_option_turns_code_off(project: Path) -> None:
    scenario = project / "jdds" / SAMPLE_IN_REVIEW / "business-scenario.md"
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\nTODO: add the regulator's name.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - jdd\n", "  - jdd:\n      rules:\n        placeholder: off\n"), encoding="utf-8")
    result = run_mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr


def test_invalid_rules_option_is_reported(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - jdd\n", "  - jdd:\n      rules:\n        JDD999: off\n"), encoding="utf-8")
    result = run_mkdocs("build", cwd=project)
    assert result.returncode != 0
    assert "'JDD999' is not a finding code" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_found_page_lists_no_jdd_slides(project: Path) -> None:
    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    not_found = (project / "site" / "404.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*"[^>]*class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*Portfolio',
                     not_found)
    assert nav_links(not_found, SAMPLE_IN_REVIEW) == []
    assert nav_links(not_found, SAMPLE_DRAFT) == []


def test_toolbar_icons_come_from_stylesheet(project: Path) -> None:
    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    site = project / "site"
    slide = (site / SAMPLE_IN_REVIEW / "business-scenario" / "index.html").read_text(encoding="utf-8")
    toolbar = re.search(r'<nav class="jdd-slide-toolbar".*?</nav>', slide, re.DOTALL).group(0)
    icons = (site / "assets" / "stylesheets" / "jdd-icons.css").read_text(encoding="utf-8")
    used = set(re.findall(r"jdd-icon--([\w-]+)", toolbar))
    assert "<svg" not in toolbar
    assert {"page-first", "chevron-left", "chevron-right", "page-last", "printer-outline"} <= used
    # The buttons jdd-slides.js adds use the same stylesheet.
    script = (site / "assets" / "javascripts" / "jdd-slides.js").read_text(encoding="utf-8")
    added = set(re.findall(r'toolbarButton\("[\w-]+", "([\w-]+)"', script))
    assert added == {"presentation-play", "note-text-outline", "monitor-multiple"}
    used |= added
    for name in used:
        assert f'.jdd-icon--{name}{{--jdd-icon:url("data:image/svg+xml' in icons, name
    assert "assets/stylesheets/jdd-icons.css" in slide


_REPO_LINK_RE = re.compile(r'<a href="[^"]*" title="[^"]*" class="md-source">.*?</a>', re.DOTALL)
_LOGO_RE = re.compile(r'<a href="[^"]*" title="[^"]*" class="md-[\w-]+ md-logo"[^>]*>.*?</a>', re.DOTALL)
_EDIT_RE = re.compile(r'<a href="[^"]*" title="Edit this page" class="md-content__button md-icon" rel="edit">.*?</a>',
                      re.DOTALL)


@pytest.mark.parametrize("icons", [{}, {"repo": "material/source-branch", "logo": "fontawesome/solid/truck",
                                        "edit": "material/pencil"}])
def test_theme_icons_come_from_stylesheet(project: Path, icons: dict[str, str]) -> None:
    if icons:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "\n  icon:" not in text
        lines = "".join(f"    {name}: {icon}\n" for name, icon in icons.items())
        config.write_text(text.replace("  custom_dir: overrides\n", f"  custom_dir: overrides\n  icon:\n{lines}"),
                          encoding="utf-8")

    result = run_mkdocs("build", "--strict", cwd=project)

    assert result.returncode == 0, result.stderr
    site = project / "site"
    stylesheet = (site / "assets" / "stylesheets" / "jdd-icons.css").read_text(encoding="utf-8")
    for name, default in (("repo", "fontawesome/brands/git-alt"), ("logo", "material/library"),
                          ("edit", "material/file-edit-outline")):
        theme_icon = Path(material.__file__).parent / "templates" / ".icons" / f"{icons.get(name, default)}.svg"
        drawing = " ".join(theme_icon.read_text(encoding="utf-8").split())
        assert f'.jdd-icon--{name}{{--jdd-icon:url("data:image/svg+xml;charset=utf-8,{quote(drawing)}")' in stylesheet
    # The truck is wider than it is high, and the logo keeps its proportions.
    ratio = "--jdd-icon-ratio:576 / 512" if icons else "--jdd-icon-ratio:24 / 24"
    assert re.search(r"\.jdd-icon--logo\{[^}]*" + re.escape(ratio) + "}", stylesheet)
    for page in (site / "index.html", site / SAMPLE_IN_REVIEW / "jobs" / "index.html", site / "404.html"):
        html = page.read_text(encoding="utf-8")
        # The logo and the repository link are in the header and in the navigation drawer.
        for pattern, name, count in ((_REPO_LINK_RE, "repo", 2), (_LOGO_RE, "logo", 2), (_EDIT_RE, "edit", 1)):
            links = pattern.findall(html)
            assert len(links) == (0 if page.name == "404.html" and name == "edit" else count), (page, name)
            for link in links:
                assert "<svg" not in link
                assert f'<span class="jdd-icon jdd-icon--{name}" aria-hidden="true"></span>' in link


def test_view_source_button(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    - content.action.edit\n", "    - content.action.edit\n    - content.action.view\n"),
                      encoding="utf-8")

    result = run_mkdocs("build", "--strict", cwd=project)

    assert result.returncode == 0, result.stderr
    html = (project / "site" / SAMPLE_IN_REVIEW / "jobs" / "index.html").read_text(encoding="utf-8")
    view = re.search(r'<a href="([^"]*)" title="View source of this page" class="md-content__button md-icon">(.*?)</a>',
                     html, re.DOTALL)
    assert view.group(1) == f"https://github.com/example-org/jdd-portfolio/raw/main/jdds/{SAMPLE_IN_REVIEW}/jobs.md"
    assert view.group(2).strip() == '<span class="jdd-icon jdd-icon--view" aria-hidden="true"></span>'
    assert ".jdd-icon--view{--jdd-icon:url(" in (project / "site" / "assets" / "stylesheets" / "jdd-icons.css").read_text(
        encoding="utf-8")


def test_theme_icons_inline_without_plugin(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^  - jdd\n", "", text), encoding="utf-8")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    links = _REPO_LINK_RE.findall(html) + _LOGO_RE.findall(html) + _EDIT_RE.findall(html)
    assert len(links) == 5
    assert all("<svg" in link and "jdd-icon" not in link for link in links)


def test_unknown_theme_icon_is_reported(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  custom_dir: overrides\n", "  custom_dir: overrides\n  icon:\n"
                                   "    logo: material/no-such-icon\n"), encoding="utf-8")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "mkdocs.yml theme.icon.logo: icon material/no-such-icon.svg not found in the theme" in result.stderr
    assert "Traceback" not in result.stderr
    # The element is there, but draws nothing instead of a square of the text colour.
    stylesheet = (project / "site" / "assets" / "stylesheets" / "jdd-icons.css").read_text(encoding="utf-8")
    assert ".jdd-icon--logo{visibility:hidden}" in stylesheet


def test_unreadable_theme_icons_are_reported(project: Path, tmp_path: Path) -> None:
    write(project / "overrides" / ".icons" / "custom" / "latin.svg", "<svg>caf\u00e9</svg>".encode("latin-1"))
    write(tmp_path / "outside.svg", '<svg viewBox="0 0 1 1"></svg>')
    outside = "../" * len(project.parts) + str(tmp_path / "outside").lstrip("/")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  custom_dir: overrides\n", f"  custom_dir: overrides\n  icon:\n    logo: custom/latin\n"
        f"    repo: {outside}\n    edit: /etc/hostname\n"), encoding="utf-8")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "latin.svg: failed to read the icon as UTF-8 (" in result.stderr
    # Only the theme's icon folders are read.
    assert f"mkdocs.yml theme.icon.repo: icon {outside}.svg not found in the theme" in result.stderr
    assert "mkdocs.yml theme.icon.edit: icon /etc/hostname.svg not found in the theme" in result.stderr
    stylesheet = (project / "site" / "assets" / "stylesheets" / "jdd-icons.css").read_text(encoding="utf-8")
    for name in ("logo", "repo", "edit"):
        assert f".jdd-icon--{name}{{visibility:hidden}}" in stylesheet


def test_slides_render_their_headings_once(project: Path) -> None:
    job = project / "jdds" / SAMPLE_IN_REVIEW / "jobs" / "access-review.md"
    text = job.read_text(encoding="utf-8")
    assert not text.startswith("---")
    job.write_text("---\nhide:\n  - navigation\n---\n" + text, encoding="utf-8")

    result = run_mkdocs("build", "--strict", cwd=project)

    assert result.returncode == 0, result.stderr
    site = project / "site"
    slide = (site / SAMPLE_IN_REVIEW / "jobs" / "bulk-provisioning" / "index.html").read_text(encoding="utf-8")
    # Hidden on a slide, so not rendered. The navigation drawer lists the headings under the slide.
    assert "md-sidebar--secondary" not in slide
    assert slide.count('class="md-nav md-nav--secondary"') == 1
    active = re.search(r'<li class="md-nav__item md-nav__item--active">.*?</li>\s*</ul>\s*</nav>\s*</li>',
                       slide, re.DOTALL).group(0)
    assert 'data-md-component="toc"' in active
    assert re.search(r'class="md-sidebar md-sidebar--primary" data-md-component="sidebar" '
                     r'data-md-type="navigation"\s*>', slide)
    hidden = (site / SAMPLE_IN_REVIEW / "jobs" / "access-review" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-md-type="navigation"\s*hidden>', hidden)
    # Pages outside the JDDs keep the theme's sidebars.
    guide = (site / "guide" / "authoring" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-sidebar md-sidebar--secondary"' in guide


def _primary_navigation(html: str) -> str:
    """Return a page's navigation sidebar with its whitespace between tags removed, or ""."""
    start = html.find('<nav class="md-nav md-nav--primary"')
    if start < 0:
        return ""
    block = html[start:html.index('<div class="md-content"', start)]
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", block)).strip()


def test_slide_navigation_matches_theme(project: Path) -> None:
    # A subtitle is markup that only the theme's templates write, so that JDD's slides get the theme's navigation.
    job = project / "jdds" / SAMPLE_DRAFT / "jobs" / "settle-disputes.md"
    job.write_text("---\nsubtitle: Settle first\n---\n" + job.read_text(encoding="utf-8"), encoding="utf-8")
    config = project / "mkdocs.yml"
    theme_config = project / "mkdocs-theme-navigation.yml"
    theme_config.write_text(config.read_text(encoding="utf-8").replace(
        "  - jdd\n", "  - jdd:\n      slide_navigation: false\n"), encoding="utf-8")

    assert run_mkdocs("build", "--strict", cwd=project).returncode == 0
    result = run_mkdocs("build", "--strict", "-f", theme_config.name, "--site-dir", "site-theme", cwd=project)

    assert result.returncode == 0, result.stderr
    pages = sorted((project / "site").glob("*/**/index.html"))
    assert len(pages) > 15
    for page in pages:
        theirs = (project / "site-theme" / page.relative_to(project / "site")).read_text(encoding="utf-8")
        assert _primary_navigation(page.read_text(encoding="utf-8")) == _primary_navigation(theirs), page
    assert sum(1 for page in pages if _primary_navigation(page.read_text(encoding="utf-8"))) > 15
    assert "Settle first" in (project / "site" / SAMPLE_DRAFT / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("option", "features", "written"), [
    ("", "", True),
    ("      slide_navigation: false\n", "", False),
    ("", "    - navigation.tabs\n", False),
])
def test_slide_navigation_written_by_plugin(project: Path, option: str, features: str, written: bool) -> None:
    # A stand-in for the plugin's navigation template shows which pages use it.
    write(project / "overrides" / "partials" / "jdd-nav.html", "<nav>JDD-NAV-TEMPLATE</nav>\n")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - jdd\n", "  - jdd:\n" + option)
    config.write_text(text.replace("    - navigation.sections\n", "    - navigation.sections\n" + features),
                      encoding="utf-8")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    site = project / "site"
    slide = (site / SAMPLE_IN_REVIEW / "jobs" / "index.html").read_text(encoding="utf-8")
    assert ("JDD-NAV-TEMPLATE" in slide) is written
    assert ("md-nav--primary" in slide) is not written
    for page in (site / "index.html", site / "guide" / "authoring" / "index.html",
                 site / SAMPLE_IN_REVIEW / "print" / "index.html"):
        assert "JDD-NAV-TEMPLATE" not in page.read_text(encoding="utf-8"), page


def test_pages_keep_preformatted_text(project: Path) -> None:
    scenario = project / "jdds" / SAMPLE_IN_REVIEW / "business-scenario.md"
    scenario.write_text(scenario.read_text(encoding="utf-8")
                        + "\n```text\nexport.csv\n    row 1\n\n    row 2\n```\n", encoding="utf-8")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode == 0, result.stderr
    html = (project / "site" / SAMPLE_IN_REVIEW / "business-scenario" / "index.html").read_text(encoding="utf-8")
    assert "export.csv\n    row 1\n\n    row 2" in html
    assert "\n    <" not in html


def test_pages_outside_jdds_skip_jdd_folders(tmp_path: Path) -> None:
    from jdd.plugin.plugin import _pages_outside_jdds

    for rel in ("index.md", "guide/b.md", "guide/a.md", "guide-intro.md", "acme/index.md", "acme/jobs/x.md",
                ".hidden/page.md", "guide/.draft.md", "notes.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Page\n", encoding="utf-8")

    pages = _pages_outside_jdds(tmp_path, {"acme", "other"})

    assert pages == ["guide/a.md", "guide/b.md", "guide-intro.md", "index.md"]
