"""Fixtures for the browser tests: Debian's Chromium through Playwright, the real site built
once per session and served on 127.0.0.1, and the talk data the pages are checked against.

`browser` is the one place that decides what a missing Chromium means: a failure when CI is
set, a skip with its reason otherwise (tools.require).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, Build
from talkdeck.core.model import Talk

from .site import READTHEDOCS_URL, serve
from .tools import CHROMIUM, chromium_missing, require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Where the screenshots go (git-ignored); CI keeps them as an artifact.
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
#: Lighthouse's desktop screen: wide enough for furo to show the page's contents on the right.
DESKTOP = {"width": 1350, "height": 940}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; never a browser Playwright downloads.

    One per test module, closed when the module ends: a build that forks later in the session
    (sphinx-sitemap's multiprocessing manager) would otherwise inherit Playwright's driver pipes,
    and closing the browser at the end of the session would wait for that child for ever."""
    require(chromium_missing())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def base_url(real_site: Build) -> Iterator[str]:
    """The real site (tests/conftest.py builds it as Read the Docs does), served on 127.0.0.1
    under the path Read the Docs serves it at, as its 404 page's absolute links expect."""
    with serve(real_site.html, urlsplit(READTHEDOCS_URL).path) as url:
        yield url


@pytest.fixture(scope="session")
def basic_url(basic_site: Build) -> Iterator[str]:
    """tests/roots/test-basic (the basic theme), served on 127.0.0.1."""
    with serve(basic_site.html) as url:
        yield url


@dataclass(frozen=True)
class Pages:
    """One page of each kind, found from the built index, as paths relative to the site root."""

    index: str
    talk: str
    speaker: str
    topic: str
    event: str
    overviews: tuple[str, ...]

    def all(self) -> dict[str, str]:
        kinds = {"index": self.index, "talk": self.talk, "speaker": self.speaker, "topic": self.topic}
        kinds["event"] = self.event
        kinds |= {Path(p).stem: p for p in self.overviews}
        return kinds


def find_pages(html: Path) -> Pages:
    """A page of each kind in a built site, found from the first card of its index."""
    index = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    card = index.select_one(".tdk-grid .tdk-card")
    assert card is not None, "the index has no talk cards"

    def href(selector: str) -> str:
        link = card.select_one(selector)
        assert link is not None and link.get("href"), f"the first card has no {selector}"
        return str(link["href"])

    overviews = tuple(f"{name}.html" for name in ("speakers", "topics", "projects", "organisations", "events"))
    found = Pages(
        index="index.html",
        talk=href(".tdk-title-link"),
        speaker=href(".tdk-speaker-name"),
        topic=href(".tdk-topic"),
        event=href(".tdk-event"),
        overviews=tuple(p for p in overviews if (html / p).is_file()),
    )
    for path in found.all().values():
        assert (html / path).is_file(), path
    return found


@pytest.fixture(scope="session")
def pages(real_site: Build) -> Pages:
    """A page of each kind on the real site; every overview is there."""
    found = find_pages(real_site.html)
    assert len(found.overviews) == 5, found.overviews
    return found


@pytest.fixture(scope="session")
def basic_pages(basic_site: Build) -> Pages:
    """A page of each kind on test-basic (its overviews are pages of their own under pages/)."""
    return find_pages(basic_site.html)


@pytest.fixture
def open_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """open_page(path, scheme="light", viewport=DESKTOP, javascript=True, site="real") -> a loaded Page.

    `site` is "real" (furo) or "basic" (tests/roots/test-basic). Dark mode is both the media
    query and furo's stored choice (localStorage "theme"), so a furo page is dark whatever its
    toggle would start from; basic has no dark mode of its own.
    """
    contexts = []

    def _open(
        path: str, scheme: str = "light", viewport: dict = DESKTOP, javascript: bool = True, site: str = "real"
    ) -> Page:
        base = request.getfixturevalue("base_url" if site == "real" else "basic_url")
        context = browser.new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=javascript)
        contexts.append(context)
        # only a fresh context's first page: a choice made with furo's toggle must survive a reload
        context.add_init_script(f"localStorage.getItem('theme') || localStorage.setItem('theme', {scheme!r})")
        page = context.new_page()
        page.goto(base + path)
        if javascript:
            page.wait_for_load_state("load")
            if site == "real":
                assert page.evaluate("document.body.dataset.theme") == scheme
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def talks() -> dict[str, Talk]:
    """Every talk of the repository by title, read from the front-matter as the build reads it."""
    from talkdeck.core.sources import load

    found = {e.item.title: e.item for e in load(REPO, True).entries() if isinstance(e.item, Talk)}
    assert len(found) >= 3, "too few talks to test a filter with"
    return found
