"""Dark mode (furo's toggle and stored choice) and a 375 px wide phone: furo really switches,
no page kind scrolls sideways, and the screenshots of the index, a talk page and a speaker
page (light and dark, desktop and phone) are saved to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, SCREENSHOTS
from .site import one_of_each, site_pages

pytestmark = pytest.mark.browser

KINDS = ("index", "talk", "speaker", "topic", "event", "speakers", "topics", "projects", "organisations", "events")
BACKGROUND = "getComputedStyle(document.body).backgroundColor"


def test_furo_toggle_switches_to_dark_and_remembers_it(open_page) -> None:
    page = open_page("index.html", scheme="light")
    light = page.evaluate(BACKGROUND)
    toggle = page.locator(".theme-toggle").filter(visible=True).first
    for _ in range(3):  # furo cycles through auto, light and dark
        if page.evaluate("document.body.dataset.theme") == "dark":
            break
        toggle.click()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    assert page.evaluate("localStorage.getItem('theme')") == "dark"
    assert page.evaluate(BACKGROUND) != light
    page.reload()
    assert page.evaluate("document.body.dataset.theme") == "dark"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_horizontal_scroll_at_375px(open_page, pages, kind: str, scheme: str) -> None:
    page = open_page(pages.all()[kind], scheme=scheme, viewport=PHONE)
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert inner == PHONE["width"]
    assert width <= inner, f"{pages.all()[kind]} ({scheme}) is {width} px wide at {inner} px"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("kind", ["index", "talk", "speaker"])
def test_screenshots(open_page, pages, kind: str, size: str, scheme: str) -> None:
    page = open_page(pages.all()[kind], scheme=scheme, viewport=DESKTOP if size == "desktop" else PHONE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{kind}-{size}-{scheme}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    assert width == (DESKTOP if size == "desktop" else PHONE)["width"]


@pytest.mark.parametrize("site", ["real", "basic"])
def test_no_console_errors_and_nothing_missing(browser, request, site: str) -> None:
    """A page of every kind loads without a console error or a request that fails: every asset,
    the icons included, is there (a browser asks for /favicon.ico when a page names no icon)."""
    built = request.getfixturevalue("real_site" if site == "real" else "basic_site")
    base = request.getfixturevalue("base_url" if site == "real" else "basic_url")
    context = browser.new_context(viewport=DESKTOP)
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    try:
        for path in one_of_each(site_pages(built.html, redirects=False)):  # a redirect page is no kind
            page.goto(base + path)
            page.wait_for_load_state("load")
            icons = page.locator("link[rel~='icon']").evaluate_all("ls => ls.map(l => l.href)")
            if site == "real":  # conf.py's icons
                assert sorted(i.rsplit("/", 1)[1] for i in icons) == ["favicon.ico", "favicon.svg"], path
            else:
                assert [i.rsplit("/", 1)[1] for i in icons] == ["icon.svg"], path
            for icon in icons:
                assert page.request.get(icon).ok, icon
    finally:
        context.close()
    assert not problems, "\n".join(problems)


#: Where the focus is: inside which drawer, if any, and whether it is on the screen.
FOCUS = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {
    drawer: el.closest('.sidebar-drawer') ? 'site' : el.closest('.toc-drawer') ? 'contents' : null,
    label: el.getAttribute('aria-label'),
    onScreen: box.width > 0 && box.right > 0 && box.left < innerWidth,
  };
}"""


def test_furo_drawers_open_from_the_keyboard_on_a_phone(open_page, pages) -> None:
    """On a narrow screen (a phone, or any window at 400 % zoom) furo's menu and contents buttons
    are reached by Tab and opened with Space; a closed drawer keeps its links out of the Tab order."""
    page = open_page(pages.index, viewport=PHONE)
    stops = []
    for _ in range(page.evaluate("document.querySelectorAll('a[href], button, input').length")):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
        if page.evaluate("document.activeElement === document.body"):
            break
    assert not [s for s in stops if s["drawer"]], "a closed drawer's links take the focus"
    labels = [s["label"] for s in stops]
    assert labels[1:3] == ["Toggle site navigation sidebar", "Toggle table of contents sidebar"], labels[:4]
    assert not [s for s in stops if not s["onScreen"] and s["label"] is None], "focus went off screen"
    for label, drawer, icon in (
        ("Toggle site navigation sidebar", "site", ".nav-overlay-icon"),
        ("Toggle table of contents sidebar", "contents", ".toc-header-icon"),
    ):
        page.reload()
        # a toggle button to a screen reader, not pressed while its drawer is closed
        toggle = page.get_by_role("button", name=label, pressed=False)
        toggle.focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")  # focused from the keyboard: its icon shows the ring
        expect(toggle).to_be_focused()
        assert page.locator(icon).evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
        page.keyboard.press("Space")
        pressed = page.get_by_role("button", name=label, pressed=True)
        expect(pressed).to_be_focused()
        assert pressed.evaluate("el => el.checked")  # the checkbox furo's CSS opens the drawer by
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate(FOCUS)["drawer"] == drawer:
                break
        assert page.evaluate(FOCUS) | {"label": None} == {"drawer": drawer, "label": None, "onScreen": True}
