"""axe-core on every page of the real site (furo) and of tests/roots/test-basic (the basic theme),
light, and on a page of every kind dark, at Lighthouse's desktop size (furo shows the page's
contents there): 0 violations of any impact. Nothing is excused: what the theme or Sphinx
writes wrong is fixed at its source (talkdeck.sphinxext.a11y and templates/themes/), so it is
checked like our own markup.

axe-core is the one package.json pins, which Lighthouse runs too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .conftest import DESKTOP
from .site import one_of_each, site_pages
from .tools import AXE_CORE, axe_missing, require

pytestmark = pytest.mark.browser

#: axe.run with the page as context; results as plain data.
RUN = "(options) => axe.run(document, options)"


@pytest.fixture(scope="module")
def axe_source() -> str:
    require(axe_missing())
    return AXE_CORE.read_text(encoding="utf-8")


@pytest.fixture
def axe_page(browser: Browser, axe_source: str) -> Iterator:  # type: ignore[type-arg]
    """axe_page(scheme) -> a Page of a fresh context where axe is loaded into every document."""
    contexts = []

    def _open(scheme: str) -> Page:
        context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
        contexts.append(context)
        context.add_init_script(f"localStorage.setItem('theme', {scheme!r})")
        context.add_init_script(axe_source)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def violations(page: Page, url: str, scheme: str, furo: bool) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    if furo:
        assert page.evaluate("document.body.dataset.theme") == scheme, url
    found = page.evaluate(RUN, {"resultTypes": ["violations"]})["violations"]
    return [
        f"{url} ({scheme}): {v['id']} ({v['impact']}): {node['target']} {node['html'][:160]}"
        for v in found
        for node in v["nodes"]
    ]


@pytest.mark.parametrize(
    ("site", "scheme", "which"),
    [("real", "light", "all"), ("real", "dark", "kinds"), ("basic", "light", "all"), ("basic", "dark", "kinds")],
)
def test_no_axe_violations(request, axe_page, site: str, scheme: str, which: str) -> None:  # type: ignore[no-untyped-def]
    """Every page in light mode; in dark mode, which changes only colours, a page of every kind
    (each template, card and listing the site has), so the suite stays quick."""
    built = request.getfixturevalue("real_site" if site == "real" else "basic_site")
    base = request.getfixturevalue("base_url" if site == "real" else "basic_url")
    paths = site_pages(built.html)
    assert len(paths) > 40, paths
    if which == "kinds":
        paths = one_of_each(paths)
        assert len(paths) >= 10, paths
    page = axe_page(scheme)
    found = [line for path in paths for line in violations(page, base + path, scheme, site == "real")]
    assert not found, f"{len(found)} violations:\n" + "\n".join(found)


def test_axe_checks_colour_contrast(axe_page, base_url: str) -> None:
    """The contrast rule ran on the cards (not skipped as inapplicable), so 'readable' means something."""
    page = axe_page("dark")
    page.goto(base_url + "index.html")
    page.wait_for_load_state("load")
    options = {"runOnly": ["color-contrast"], "resultTypes": ["passes"]}
    results = page.evaluate("(options) => axe.run('.tdk-grid', options)", options)
    passes = {r["id"]: len(r["nodes"]) for r in results["passes"]}
    assert passes.get("color-contrast", 0) > 20


def test_axe_finds_what_it_should(axe_page, base_url: str) -> None:
    """The check can fail: a caption without its level and a second unnamed navigation landmark,
    put into a real page, are reported."""
    page = axe_page("light")
    page.goto(base_url + "index.html")
    page.wait_for_load_state("load")
    page.evaluate(
        """() => {
          document.querySelector('p.caption[aria-level]').removeAttribute('aria-level');
          const nav = document.querySelector('nav.sidebar-drawer');
          nav.setAttribute('aria-label', document.querySelector('nav.toc-drawer').getAttribute('aria-label'));
        }"""
    )
    found = page.evaluate(RUN, {"resultTypes": ["violations"]})["violations"]
    assert {v["id"] for v in found} == {"aria-required-attr", "landmark-unique"}
