"""Slides in a real browser: keys, instant navigation, presentation mode, notes, fit and print colours.

The site is built once per module from a copy of the samples, with presenter
notes, content tabs and an overlong page added. It is served on 127.0.0.1 with
`site_url` set, so that Material's instant navigation is on, and driven with
Playwright and headless Chromium.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import material
import pytest

from conftest import SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_mkdocs
from slides_support import (
    DRAFT_OVERLONG,
    DRAFT_SLIDES,
    DRAFT_TABS,
    NOTES_SENTINEL,
    browser_or_skip,
    changed_pixels,
    make_project,
    new_page,
    rasterize,
    serve,
)

pytestmark = pytest.mark.browser

IN_REVIEW = f"{SAMPLE_IN_REVIEW}/"
#: Deck of the in-review sample: slide index to path below the JDD's folder.
IN_REVIEW_PATHS = {1: "", 2: "business-scenario/", 3: "jobs/", 4: "capabilities/", 5: "jobs/bulk-provisioning/",
                   6: "jobs/access-review/", 7: "jobs/seasonal-offboarding/", 8: "next-steps/"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("slides-browser")
    with serve(root / "site") as base_url:
        make_project(root, site_url=base_url)
        result = run_mkdocs("build", "--strict", cwd=root)
        assert result.returncode == 0, result.stderr
        yield SimpleNamespace(root=root, base=base_url)


@pytest.fixture(scope="module")
def browser():
    from jdd.core.browser import launched_browser

    with launched_browser(browser_or_skip()) as running:
        yield running


@pytest.fixture
def page(browser, site):
    page = new_page(browser, site.base)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.context.close()
    assert errors == [], f"script errors on the page: {errors}"


def open_slide(page, site, path: str) -> None:
    page.goto(site.base + path)
    page.wait_for_selector("[data-jdd-deck]", state="attached")


def wait_for_slide(page, slug: str, index: int) -> None:
    page.wait_for_selector(f'[data-jdd-deck="{slug}"][data-jdd-index="{index}"]', state="attached", timeout=10000)


def current_slide(page) -> tuple[str, int]:
    deck = page.locator("[data-jdd-deck]")
    return deck.get_attribute("data-jdd-deck"), int(deck.get_attribute("data-jdd-index"))


# -- keys -------------------------------------------------------------------------


def test_keys_step_through_the_deck(page, site) -> None:
    open_slide(page, site, IN_REVIEW)

    for key, expected in [("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("Shift+Space", 3),
                          ("PageUp", 2), ("ArrowLeft", 1), ("End", 8), ("Home", 1)]:
        page.keyboard.press(key)
        wait_for_slide(page, SAMPLE_IN_REVIEW, expected)
        assert page.url == site.base + IN_REVIEW + IN_REVIEW_PATHS[expected], key


def test_right_arrow_stays_on_last_slide(page, site) -> None:
    # The draft sample comes first in the site's navigation: Material's next page after its last
    # slide is the other JDD's cover, which the arrow must not go to.
    open_slide(page, site, f"{SAMPLE_DRAFT}/{DRAFT_TABS}/")
    assert current_slide(page) == (SAMPLE_DRAFT, DRAFT_SLIDES)

    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")

    # Keys are handled in order: had ArrowRight left the deck, ArrowLeft would not come back here.
    wait_for_slide(page, SAMPLE_DRAFT, DRAFT_SLIDES - 1)
    assert page.url == site.base + f"{SAMPLE_DRAFT}/{DRAFT_OVERLONG}/"


def test_left_arrow_stays_on_first_slide(page, site) -> None:
    open_slide(page, site, IN_REVIEW)

    page.keyboard.press("ArrowLeft")
    page.keyboard.press("PageUp")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")

    wait_for_slide(page, SAMPLE_IN_REVIEW, 2)
    assert page.url == site.base + IN_REVIEW + "business-scenario/"


TOOLBAR_ACTIONS = """() => Array.from(document.querySelectorAll('.jdd-slide-toolbar > *')).map(
  (item) => item.getAttribute('data-jdd-action') || item.getAttribute('data-jdd-go') || item.className)"""


def test_script_adds_its_buttons_once_per_slide(page, site) -> None:
    open_slide(page, site, IN_REVIEW)
    page.wait_for_selector('[data-jdd-action="present"]')
    page.evaluate("window.jddProbe = 1")

    for index in (2, 3):
        page.keyboard.press("ArrowRight")
        wait_for_slide(page, SAMPLE_IN_REVIEW, index)
        page.wait_for_selector('[data-jdd-action="present"]')
        actions = page.evaluate(TOOLBAR_ACTIONS)
        # After the spacer, before the print view's link; one of each after instant navigation.
        spacer = actions.index("jdd-slide-toolbar__spacer")
        assert actions[spacer + 1:spacer + 4] == ["present", "notes", "presenter"], actions
        assert actions.count("present") == 1
    assert page.evaluate("window.jddProbe") == 1, "the slides were not changed by instant navigation"

    present = page.locator('[data-jdd-action="present"]')
    assert present.inner_text().strip() == "Present"
    assert present.get_attribute("title") == "Present full screen (P); Escape leaves"
    assert page.locator('[data-jdd-action="notes"]').get_attribute("aria-pressed") == "false"


def test_slides_keep_header_after_print_view(page, site) -> None:
    # Instant navigation keeps the header of the page the reader comes from, so the print view
    # has the site's header too: the slide reached from it must show its title and search.
    page.goto(site.base + IN_REVIEW + "print/")
    page.wait_for_selector(".jdd-print")
    page.evaluate("window.jddProbe = 7")

    page.locator(".jdd-print__actions a.md-button").click()
    wait_for_slide(page, SAMPLE_IN_REVIEW, 1)

    assert page.evaluate("window.jddProbe") == 7, "the click reloaded the page: instant navigation is off"
    assert page.locator(".md-header__title").is_visible()
    assert page.locator(".md-search__input").count() == 1


def test_keys_after_instant_navigation(page, site) -> None:
    open_slide(page, site, IN_REVIEW)
    page.evaluate("window.jddProbe = 42")

    # Three clicks in the site navigation; instant navigation keeps the page (and the probe).
    for title, index in [("Status of Capabilities", 4), ("Customer Jobs-to-be-Done", 3),
                         ("Status of Capabilities", 4)]:
        page.locator(".md-sidebar--primary a.md-nav__link", has_text=title).first.click()
        wait_for_slide(page, SAMPLE_IN_REVIEW, index)
    assert page.evaluate("window.jddProbe") == 42, "the click reloaded the page: instant navigation is off"

    history = page.evaluate("history.length")
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, SAMPLE_IN_REVIEW, 5)

    assert page.evaluate("window.jddProbe") == 42
    # One key press is one navigation, however many pages were shown before.
    assert page.evaluate("history.length") == history + 1
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, SAMPLE_IN_REVIEW, 6)
    assert page.evaluate("history.length") == history + 2


def test_keys_ignored_while_typing_in_search(page, site) -> None:
    open_slide(page, site, IN_REVIEW + "jobs/")
    page.locator(".md-search__input").click()

    page.keyboard.type("np")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")

    assert page.locator(".md-search__input").input_value() == "np"
    assert current_slide(page) == (SAMPLE_IN_REVIEW, 3)
    assert page.evaluate("document.documentElement.classList.contains('jdd-presenting')") is False
    assert page.locator("[data-jdd-notes]").is_hidden()

    # Escape closes the search (Material's key); the arrows turn slides again. The next key waits
    # until the search box has lost the focus, as a reader sees it close before pressing on.
    page.keyboard.press("Escape")
    page.wait_for_function("document.activeElement !== document.querySelector('.md-search__input')")
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, SAMPLE_IN_REVIEW, 4)


def test_material_next_page_key_toggles_notes(page, site) -> None:
    open_slide(page, site, f"{SAMPLE_DRAFT}/{DRAFT_TABS}/")

    page.keyboard.press("n")

    assert page.locator("[data-jdd-notes]").is_visible()
    assert current_slide(page) == (SAMPLE_DRAFT, DRAFT_SLIDES)


# -- presentation mode ------------------------------------------------------------


def chrome_visible(page) -> dict[str, bool]:
    return {selector: page.locator(selector).first.is_visible()
            for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".jdd-slide-toolbar")}


def test_presentation_hides_site_chrome(page, site, tmp_path: Path) -> None:
    open_slide(page, site, IN_REVIEW + "jobs/bulk-provisioning/")
    assert all(chrome_visible(page).values())

    page.keyboard.press("p")
    page.wait_for_selector("html.jdd-presenting")

    assert not any(chrome_visible(page).values()), chrome_visible(page)
    box = page.locator(".jdd-slide-viewport").bounding_box()
    assert (round(box["x"]), round(box["y"]), round(box["width"]), round(box["height"])) == (0, 0, 1280, 720)
    page.screenshot(path=str(tmp_path / "presenting.png"))

    page.keyboard.press("Escape")
    page.wait_for_selector("html:not(.jdd-presenting)")
    assert all(chrome_visible(page).values())
    assert page.evaluate("document.fullscreenElement") is None


def test_presentation_survives_slide_changes(page, site) -> None:
    open_slide(page, site, IN_REVIEW)
    page.locator('[data-jdd-action="present"]').click()
    page.wait_for_selector("html.jdd-presenting")

    page.keyboard.press("ArrowRight")
    wait_for_slide(page, SAMPLE_IN_REVIEW, 2)

    assert page.evaluate("document.documentElement.classList.contains('jdd-presenting')")
    assert not page.locator(".md-header").is_visible()
    page.keyboard.press("p")
    page.wait_for_selector("html:not(.jdd-presenting)")
    assert page.locator(".md-header").is_visible()


def test_presentation_frame_letterboxed(page, site) -> None:
    page.set_viewport_size({"width": 1000, "height": 800})
    open_slide(page, site, IN_REVIEW)
    page.keyboard.press("p")
    page.wait_for_selector("html.jdd-presenting")

    box = page.locator(".jdd-slide-viewport").bounding_box()
    slide = page.locator(".jdd-slide").bounding_box()

    assert round(box["width"]) == 1000
    assert abs(box["height"] - 1000 * 9 / 16) < 1
    assert abs(box["y"] - (800 - 1000 * 9 / 16) / 2) < 1
    # The 1280-pixel slide is scaled into the frame, not cut off by it.
    assert abs(slide["width"] - box["width"]) < 1
    assert abs(slide["height"] - box["height"]) < 1


# -- what a reader gets on screen --------------------------------------------------


def test_whole_frame_in_1280_by_720(page, site, tmp_path: Path) -> None:
    for path in IN_REVIEW_PATHS.values():
        open_slide(page, site, IN_REVIEW + path)
        name = path.strip("/").replace("/", "-") or "cover"
        page.screenshot(path=str(tmp_path / f"{name}.png"))
        box = page.locator(".jdd-slide-viewport").bounding_box()
        assert box["x"] >= 0, path
        assert box["y"] >= 0, path
        assert box["x"] + box["width"] <= 1280, (path, box)
        assert box["y"] + box["height"] <= 720, (path, box)
        assert abs(box["width"] / box["height"] - 16 / 9) < 0.01, path


def test_notes_only_in_presenter_view(page, site) -> None:
    open_slide(page, site, IN_REVIEW + "jobs/bulk-provisioning/")
    notes = page.locator("[data-jdd-notes]")

    assert notes.is_hidden()
    assert page.locator(".jdd-slide", has_text=NOTES_SENTINEL).count() == 0

    page.keyboard.press("n")
    assert notes.is_visible()
    assert NOTES_SENTINEL in notes.inner_text()
    assert page.locator(".jdd-slide", has_text=NOTES_SENTINEL).count() == 0

    page.keyboard.press("Escape")
    assert notes.is_hidden()


def test_presenter_window_follows_slides(page, site) -> None:
    open_slide(page, site, IN_REVIEW + "jobs/bulk-provisioning/")

    with page.expect_popup() as popup_info:
        page.locator('[data-jdd-action="presenter"]').click()
    presenter = popup_info.value
    presenter.wait_for_selector("html.jdd-presenter [data-jdd-deck]")

    assert presenter.locator("[data-jdd-notes]").is_visible()
    assert NOTES_SENTINEL in presenter.locator("[data-jdd-notes]").inner_text()
    assert page.locator("[data-jdd-notes]").is_hidden()

    presenter.keyboard.press("ArrowRight")
    wait_for_slide(presenter, SAMPLE_IN_REVIEW, 6)
    wait_for_slide(page, SAMPLE_IN_REVIEW, 6)

    page.keyboard.press("Home")
    wait_for_slide(page, SAMPLE_IN_REVIEW, 1)
    wait_for_slide(presenter, SAMPLE_IN_REVIEW, 1)


def test_other_tabs_do_not_follow(browser, page, site) -> None:
    other = new_page(browser, site.base)
    try:
        open_slide(other, site, IN_REVIEW)
        open_slide(page, site, IN_REVIEW)

        page.keyboard.press("ArrowRight")
        wait_for_slide(page, SAMPLE_IN_REVIEW, 2)
        page.keyboard.press("ArrowRight")
        wait_for_slide(page, SAMPLE_IN_REVIEW, 3)

        assert current_slide(other) == (SAMPLE_IN_REVIEW, 1)
    finally:
        other.context.close()


# -- fitting slides into their frames ---------------------------------------------


def fit_results(page, site, path: str, print_media: bool) -> list[dict]:
    open_slide(page, site, path) if "print/" not in path else page.goto(site.base + path)
    page.evaluate("window.jddSlides.whenRendered()")
    if print_media:
        page.emulate_media(media="print")
    return page.evaluate("window.jddSlides.fitAll()")


@pytest.mark.parametrize("slug", [SAMPLE_IN_REVIEW, SAMPLE_DRAFT])
@pytest.mark.parametrize("print_media", [False, True], ids=["screen", "print"])
def test_sample_slides_fit(page, site, slug: str, print_media: bool) -> None:
    results = fit_results(page, site, f"{slug}/print/", print_media)
    overflowing = [f"{result['source'] or result['generated']}: slide {result['index']} overflows its frame by "
                   f"{result['overflow']}%" for result in results
                   if result["overflow"] and result["source"] != f"{SAMPLE_DRAFT}/{DRAFT_OVERLONG}.md"]

    assert len(results) == (8 if slug == SAMPLE_IN_REVIEW else DRAFT_SLIDES)
    assert overflowing == []


def test_overlong_slide_reported(page, site) -> None:
    open_slide(page, site, f"{SAMPLE_DRAFT}/{DRAFT_OVERLONG}/")
    page.evaluate("window.jddSlides.whenRendered()")
    result = page.evaluate("window.jddSlides.fitAll()")[0]
    warning = page.locator("[data-jdd-fit-warning]")

    assert result["source"] == f"{SAMPLE_DRAFT}/{DRAFT_OVERLONG}.md"
    assert result["overflow"] > 100
    assert result["clipped"] is True
    assert result["zoom"] == 0.7
    assert page.locator(".jdd-slide").get_attribute("data-jdd-overflow") == str(result["overflow"])
    assert warning.is_visible()
    assert f"overflows its frame by {result['overflow']}%" in warning.inner_text()


def test_slightly_long_slide_shrinks(page, site) -> None:
    open_slide(page, site, IN_REVIEW + "business-scenario/")
    # Three more paragraphs make the scenario a little too long; it is shrunk to fit, not cut.
    page.evaluate("""() => {
      const content = document.querySelector('[data-jdd-slide-content]');
      const paragraph = content.querySelector('p');
      for (let i = 0; i < 3; i++) content.appendChild(paragraph.cloneNode(true));
    }""")
    result = page.evaluate("window.jddSlides.fitAll()")[0]

    assert result["overflow"] > 0
    assert 0.7 < result["zoom"] < 1
    assert result["clipped"] is False
    assert page.locator("[data-jdd-fit-warning]").is_visible()


# -- print colours ----------------------------------------------------------------


def contrast(foreground: list[float], background: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        channels = [value / 255 for value in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


COLOURS = """() => {
  const parse = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const style = (selector, property) => parse(getComputedStyle(document.querySelector(selector))[property]);
  return {
    scheme: document.body.getAttribute('data-md-color-scheme'),
    body: style('body', 'backgroundColor'),
    slide: style('.jdd-slide', 'backgroundColor'),
    title: style('.jdd-slide h1', 'color'),
    text: style('#jdd-slide-2 p', 'color'),
  };
}"""


def test_dark_palette_prints_dark_on_white(browser, site, tmp_path: Path) -> None:
    page = new_page(browser, site.base, color_scheme="dark")
    try:
        page.goto(site.base + IN_REVIEW + "print/")
        page.evaluate("window.jddSlides.whenRendered()")
        screen = page.evaluate(COLOURS)
        page.emulate_media(media="print")
        printed = page.evaluate(COLOURS)
        pdf = tmp_path / "dark.pdf"
        pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    finally:
        page.context.close()

    # The reader sees the slate palette: light text on a dark background.
    assert screen["scheme"] == "slate"
    assert sum(screen["slide"]) < 3 * 80
    assert printed["body"] == [255, 255, 255]
    assert printed["slide"] == [255, 255, 255]
    assert contrast(printed["title"], printed["slide"]) >= 7
    assert contrast(printed["text"], printed["slide"]) >= 7

    pixels = rasterize(pdf, 2, tmp_path / "dark-page-2")
    white = sum(1 for pixel in pixels if min(pixel) >= 245)
    dark = sum(1 for pixel in pixels if max(pixel) <= 90)
    assert white / len(pixels) > 0.85
    assert dark > 0, "no dark text on the printed page"


@pytest.mark.parametrize(("selector", "icon"), [
    (".md-header__source .md-source__icon", "fontawesome/brands/git-alt"),
    (".md-header__button.md-logo", "material/library"),
    (".md-content__button[rel=edit]", "material/file-edit-outline"),
], ids=["repository", "logo", "edit"])
def test_icon_masks_match_theme_drawings(browser, page, site, selector: str, icon: str) -> None:
    open_slide(page, site, IN_REVIEW + "jobs/")
    box = page.locator(selector)
    assert box.locator(".jdd-icon").count() == 1
    mask = box.screenshot()
    # The theme's own markup: its drawing inline, in place of the mask.
    drawing = Path(material.__file__).parent / "templates" / ".icons" / f"{icon}.svg"
    box.evaluate("(element, svg) => { element.innerHTML = svg; }", drawing.read_text(encoding="utf-8"))
    assert box.locator("svg").count() == 1
    inline = box.screenshot()

    # Both are the same outline scaled into the same box, so only the shades of anti-aliased edges
    # differ (by less than 96 of 255). A missing icon, or one moved by two pixels, changes a
    # hundred pixels or more.
    result = changed_pixels(browser, mask, inline, limit=96)
    assert result["size"], "the two icons take different room"
    assert result["changed"] <= result["total"] * 0.01, result
