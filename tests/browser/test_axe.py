"""axe-core on every page of the real site (furo) and of tests/roots/test-basic (the basic theme),
light, and on a page of every kind dark, at Lighthouse's desktop size (furo shows the page's
contents there), and on a page of every kind on a 375 px phone, light and dark: 0 violations of
any impact. WCAG 2.2's target size (2.5.8: every control at least 24 by 24 CSS pixels, or far
enough from the next), which axe leaves off unless asked, is checked too. Nothing is excused: what the theme or Sphinx
writes wrong is fixed at its source (talkdeck.sphinxext.a11y and templates/themes/), so it is
checked like our own markup.

axe-core is the one package.json pins, which Lighthouse runs too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route

from .conftest import DESKTOP, PHONE
from .site import one_of_each, site_pages
from .tools import AXE_CORE, axe_missing, require

pytestmark = pytest.mark.browser

#: axe.run with the page as context; results as plain data.
RUN = "(options) => axe.run(document, options)"
#: Every rule axe runs by default, and WCAG 2.2's target size (off by default in axe 4.14).
OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


@pytest.fixture(scope="module")
def axe_source() -> str:
    require(axe_missing())
    return AXE_CORE.read_text(encoding="utf-8")


@pytest.fixture
def axe_page(browser: Browser, axe_source: str) -> Iterator:  # type: ignore[type-arg]
    """axe_page(scheme, viewport) -> a Page of a fresh context where axe is loaded into every document."""
    contexts = []

    def _open(scheme: str, viewport: dict = DESKTOP) -> Page:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        context.add_init_script(f"localStorage.setItem('theme', {scheme!r})")
        context.add_init_script(axe_source)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def run_axe(page: Page, label: str) -> list[str]:
    """axe's violations on the page as it is now, one line each."""
    found = page.evaluate(RUN, OPTIONS)["violations"]
    return [
        f"{label}: {v['id']} ({v['impact']}): {node['target']} {node['html'][:160]}"
        for v in found
        for node in v["nodes"]
    ]


def violations(page: Page, url: str, scheme: str, furo: bool) -> list[str]:
    """axe on the page at `url`. A redirect page (redirect_from) sends the browser on at once:
    that navigation is answered 204, which leaves the redirect page itself to be checked."""

    def hold(route: Route) -> None:
        if route.request.is_navigation_request() and route.request.url != url:
            route.fulfill(status=204)
        else:
            route.continue_()

    page.route("**/*.html", hold)
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        redirect = page.locator('meta[http-equiv="refresh"]').count() > 0  # not furo's page
        if furo and not redirect:
            assert page.evaluate("document.body.dataset.theme") == scheme, url
        return run_axe(page, f"{url} ({scheme})")
    finally:
        page.unroute("**/*.html", hold)


@pytest.mark.parametrize(
    ("site", "scheme", "which", "size"),
    [
        ("real", "light", "all", "desktop"),
        ("real", "dark", "kinds", "desktop"),
        ("real", "light", "kinds", "phone"),
        ("real", "dark", "kinds", "phone"),
        ("basic", "light", "all", "desktop"),
        ("basic", "dark", "kinds", "desktop"),
        ("basic", "light", "kinds", "phone"),
        ("basic", "dark", "kinds", "phone"),
    ],
)
def test_no_axe_violations(request, axe_page, site: str, scheme: str, which: str, size: str) -> None:  # type: ignore[no-untyped-def]
    """Every page in light mode on a desktop; in dark mode, which changes only colours, and on a
    phone, which changes the layout, a page of every kind (each template, card and listing the
    site has), so the suite stays quick."""
    built = request.getfixturevalue("real_site" if site == "real" else "basic_site")
    base = request.getfixturevalue("base_url" if site == "real" else "basic_url")
    paths = site_pages(built.html)
    assert len(paths) > 40, paths
    if which == "kinds":
        paths = one_of_each(site_pages(built.html, redirects=False))  # a redirect page is no kind
        assert len(paths) >= 10, paths
    page = axe_page(scheme, DESKTOP if size == "desktop" else PHONE)
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
    found = page.evaluate(RUN, OPTIONS)["violations"]
    assert {v["id"] for v in found} == {"aria-required-attr", "landmark-unique"}


def test_axe_checks_target_size(axe_page, base_url: str) -> None:
    """The target-size rule runs: a link of 10 by 10 px next to another, put into a real page, is
    reported, and nothing else is."""
    page = axe_page("light")
    page.goto(base_url + "index.html")
    page.wait_for_load_state("load")
    page.evaluate(
        """() => {
          const main = document.querySelector('[role=main]');
          for (const name of ['one', 'two']) {
            const link = document.createElement('a');
            link.href = '#' + name;
            link.textContent = name;
            link.setAttribute('style', 'display:inline-block;width:10px;height:10px;overflow:hidden;font-size:8px');
            main.prepend(link);
          }
        }"""
    )
    found = page.evaluate(RUN, OPTIONS)["violations"]
    assert [(v["id"], len(v["nodes"])) for v in found] == [("target-size", 2)]
