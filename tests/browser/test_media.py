"""Recordings in a browser (Debian's Chromium): chapters and transcript time stamps seek the
site's own <video> player; on a host's facade they load nothing before the reader asks for the
player, and after that they move the player (a new `start`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import Build, build_root

from .conftest import DESKTOP, PHONE
from .site import serve, site_pages
from .test_axe import run_axe
from .tools import AXE_CORE, axe_missing, require

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def media_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    done = build_root("media", tmp_path_factory.mktemp("media-browser"), warningiserror=True)
    assert done.statuscode == 0, done.warnings
    return done


@pytest.fixture(scope="module")
def media_url(media_site: Build) -> Iterator[str]:
    with serve(media_site.html) as url:
        yield url


def _local_only(page, requests: list[str], base: str) -> None:  # type: ignore[no-untyped-def]
    """Every request leaving 127.0.0.1 is recorded and refused."""

    def handle(route):  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(base):
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    page.route("**/*", handle)


def test_a_chapter_seeks_the_sites_own_player(browser, media_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    requests: list[str] = []
    _local_only(page, requests, media_url)
    try:
        page.goto(media_url + "talks/conf/served.html")
        video = page.locator("video#tdk-player-served")
        # the reader chooses to play: the video's metadata loads from the site itself
        page.wait_for_function("document.querySelector('video').readyState >= 1", timeout=10_000)
        assert video.evaluate("v => v.duration") == pytest.approx(12, abs=0.5)
        page.get_by_role("link", name="0:05").click()
        page.wait_for_function("Math.abs(document.querySelector('video').currentTime - 5) < 0.6", timeout=10_000)
        page.get_by_role("link", name="0:09").click()
        page.wait_for_function("Math.abs(document.querySelector('video').currentTime - 9) < 0.6", timeout=10_000)
        # the caption track is loaded from the copy next to the page: count its cues once the
        # <track> says LOADED (2), not as soon as the first cue is parsed
        cues = page.wait_for_function(
            "(() => { const v = document.querySelector('video'); const t = v.textTracks[0]; t.mode = 'hidden';"
            " const el = v.querySelector('track'); return el && el.readyState === 2 ? t.cues.length : 0; })()",
            timeout=10_000,
        )
        assert cues.json_value() == 2
        assert requests == []
    finally:
        page.close()


def test_a_chapter_before_consent_loads_nothing_then_seeks_the_player(browser, media_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    requests: list[str] = []
    _local_only(page, requests, media_url)
    try:
        page.goto(media_url + "talks/conf/hosted.html")
        page.get_by_role("link", name="4:10").click()
        facade = page.locator("a.tdk-video-facade")
        assert facade.locator(".tdk-video-label").inner_text() == "Watch from 4:10"
        assert page.locator("iframe").count() == 0
        assert page.url.endswith("hosted.html")  # the click did not leave the page
        assert requests == []  # nothing from the video host before the reader asks for the player
        facade.click()
        frame = page.locator("iframe.tdk-video-frame")
        assert "start=250" in frame.get_attribute("src")
        assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?")
        # after consent, a chapter moves the player
        page.get_by_role("link", name="31:02").click()
        assert "start=1862" in frame.get_attribute("src")
        # and so does a transcript time stamp (the transcript opened first)
        page.locator("details.tdk-transcript summary").click()
        page.locator("details.tdk-transcript").get_by_role("link", name="0:04").click()
        assert "start=4" in frame.get_attribute("src")
        assert all(url.startswith("https://www.youtube-nocookie.com/") for url in requests)
    finally:
        page.close()


def test_media_site_files(media_site: Build) -> None:
    assert Path(media_site.html / "_static" / "clip.mp4").is_file()


def test_search_finds_a_phrase_said_only_in_the_captions(browser, media_site: Build, media_url: str) -> None:  # type: ignore[no-untyped-def]
    """The transcript is in the page's text, so Pagefind's index has it: a phrase said in the talk
    (in its .vtt file, nowhere in the front-matter or the page's own text) finds the talk."""
    phrase = "healthiest cluster"
    source = media_site.srcdir / "talks" / "conf"
    assert phrase in (source / "hosted.en.vtt").read_text(encoding="utf-8")
    assert not [p.name for p in sorted(source.glob("*.md")) if phrase in p.read_text(encoding="utf-8")]
    page = browser.new_page()
    requests: list[str] = []
    _local_only(page, requests, media_url)
    try:
        page.goto(media_url + "search.html?q=" + phrase.replace(" ", "+"))
        links = page.locator(".tdk-search-result .tdk-search-title a")
        expect(links.first).to_be_visible()
        assert page.locator(".tdk-search-status").inner_text().startswith("1 result")
        expect(page.locator(".tdk-search-excerpt mark").first).to_have_text("healthiest")
        links.first.click()
        page.wait_for_url("**/talks/conf/hosted.html*")
        transcript = page.locator(".tdk-transcript")
        assert phrase in " ".join((transcript.text_content() or "").split())  # collapsed: in the page, not shown
        assert requests == []
    finally:
        page.close()


def test_no_axe_violations_on_the_media_pages(browser, media_site: Build, media_url: str) -> None:  # type: ignore[no-untyped-def]
    """axe (issue 13's options, target size included) on every page of test-media, light and
    dark, and light on a 375 px phone, with every transcript opened: players, chapters,
    transcripts and recording lists."""
    require(axe_missing())
    source = AXE_CORE.read_text(encoding="utf-8")
    paths = site_pages(media_site.html)
    assert "talks/conf/hosted.html" in paths and "search.html" in paths
    found = []
    for scheme, viewport in (("light", DESKTOP), ("dark", DESKTOP), ("light", PHONE)):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        context.add_init_script(source)
        page = context.new_page()
        requests: list[str] = []
        _local_only(page, requests, media_url)
        for path in paths:
            page.goto(media_url + path)
            page.wait_for_load_state("load")
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            found += run_axe(page, f"{path} ({scheme}, {viewport['width']} px)")
        context.close()
        assert requests == []
    assert not found, f"{len(found)} violations:\n" + "\n".join(found)
