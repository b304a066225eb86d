"""A speaker page with a profile in a browser: tests/roots/test-basic's William Morgan (picture,
pronouns, biography, links) under furo, light and dark, on a desktop and a 375 px phone: axe 0,
nothing wider than the screen, the picture small, lazy and sized; and the real site's speaker page
(a profile with a name only). Screenshots go to test-artifacts/screenshots/people-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import copy_root

from .conftest import DESKTOP, PHONE, SCREENSHOTS
from .site import serve, strict_build
from .test_axe import axe_page, axe_source, run_axe  # noqa: F401  (fixtures)
from .test_search import first_href, results

pytestmark = pytest.mark.browser

PAGE = "speakers/william-morgan.html"
FORMER_NAME = "Wilhelm Morgenstern"


@pytest.fixture(scope="module")
def furo_basic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tests/roots/test-basic with furo (dark mode, drawers), built strictly and served."""
    tmp = tmp_path_factory.mktemp("people-furo")
    src = copy_root("basic", tmp / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nhtml_theme = "furo"\n')
    # a former name no page mentions: only the profile's aliases can lead a search to them
    profile = src / "people" / "william-morgan.md"
    text = profile.read_text(encoding="utf-8")
    assert "aliases: [Will Morgan, wmorgan]" in text
    profile.write_text(text.replace("wmorgan]", f"wmorgan, {FORMER_NAME}]"), encoding="utf-8")
    built = strict_build(src, tmp / "out")
    with serve(built.html) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_profile_page_layout_and_axe(axe_page, furo_basic: str, size: str, scheme: str) -> None:  # noqa: F811
    viewport = DESKTOP if size == "desktop" else PHONE
    page = axe_page(scheme, viewport)
    page.goto(furo_basic + PAGE)
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.dataset.theme") == scheme
    found = run_axe(page, f"{PAGE} ({scheme}, {size})")
    assert not found, "\n".join(found)
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{PAGE} is {width} px wide at {inner} px"
    picture = page.locator("img.tdk-person-picture")
    assert picture.get_attribute("loading") == "lazy"
    assert (picture.get_attribute("width"), picture.get_attribute("height")) == ("240", "320")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('img.tdk-person-picture').complete")
    natural, shown = page.evaluate(
        "(() => { const i = document.querySelector('img.tdk-person-picture');"
        " return [[i.naturalWidth, i.naturalHeight], i.getBoundingClientRect().width]; })()"
    )
    assert natural == [240, 320]
    assert 100 <= shown <= 170
    # the order a reader meets: name, picture, pronouns and role, biography, links, talks
    order = page.evaluate(
        "['h1', 'img.tdk-person-picture', '.tdk-pronouns', '.tdk-biography', '.tdk-person-links', 'section section h2']"
        ".map(s => document.querySelector('article ' + s).getBoundingClientRect().top)"
    )
    assert order == sorted(order), order
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"people-after-profile-{size}-{scheme}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_real_speaker_page(open_page, size: str, scheme: str) -> None:
    page = open_page("speakers/alex-leong.html", scheme=scheme, viewport=DESKTOP if size == "desktop" else PHONE)
    assert page.locator("article h1").inner_text().startswith("Alex Leong")
    titles = page.locator("article .tdk-title-link").all_inner_texts()
    assert len(titles) == len(set(titles)) == 3
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = Path(SCREENSHOTS / f"people-after-alex-leong-{size}-{scheme}.png")
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("query", ["William Morgan", "Will Morgan", FORMER_NAME])
def test_search_finds_the_person_first_by_name_or_alias(browser, furo_basic: str, query: str) -> None:
    """Their name, another spelling or a former name: the person's page is the first result,
    under the name they use now; the former name is on no page, so it finds that page alone."""
    page = browser.new_page()
    try:
        page.goto(furo_basic + f"search.html?q={quote(query)}")
        assert first_href(page) == "/" + PAGE
        assert results(page)[0] == "William Morgan"
        if query == FORMER_NAME:
            assert results(page) == ["William Morgan"]
    finally:
        page.close()
