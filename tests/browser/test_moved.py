"""Addresses that moved or never existed, in Chromium: the 404 page works served at any depth
(its styles load, its search finds talks, its link goes home) and has no axe violations; a
redirect page (redirect_from) has none either, and its refresh lands on the page it names."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Build

from .test_axe import axe_page, axe_source, run_axe  # noqa: F401  (fixtures, for the tests below)

pytestmark = pytest.mark.browser

#: A page the site moved to ServiceMeshCon's folder, and where it was (redirect_from).
MOVED = "talks/servicemeshcon-na-2022/stretching-cni-boundaries.html"
OLD = "talks/kubecon-na-2022/stretching-cni-boundaries.html"
#: Where a reader could land that the site never had, three folders deep.
MISSING = "talks/kubecon-na-2022/no/such/page.html"


def served_404(axe_page, base_url: str, real_site: Build, scheme: str = "light") -> Page:  # type: ignore[no-untyped-def]  # noqa: F811
    """A page at MISSING that gets the 404 page, as Read the Docs serves it for any address."""
    body = (real_site.html / "404.html").read_bytes()
    page = axe_page(scheme)
    page.route(f"{base_url}{MISSING}", lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    response = page.goto(base_url + MISSING)
    assert response is not None and response.status == 404
    page.wait_for_load_state("load")
    return page


def test_the_404_page_works_at_any_depth(axe_page, base_url: str, real_site: Build) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = served_404(axe_page, base_url, real_site)
    failed = []
    # a request the reload cancels (net::ERR_ABORTED, e.g. the first load's icon) did not fail
    page.on("requestfailed", lambda r: failed.append(r.url) if "ERR_ABORTED" not in (r.failure or "") else None)
    page.reload()
    page.wait_for_load_state("load")
    assert failed == []
    # furo's stylesheet applied: its sidebar is laid out, not a bare list
    assert page.evaluate("getComputedStyle(document.querySelector('.sidebar-drawer')).display") != "inline"
    expect(page.locator("h1")).to_contain_text("Page not found")
    page.fill("#tdk-notfound-q", "Linkerd")
    page.locator("form.tdk-notfound-search button").click()
    page.wait_for_url("**/search.html?q=Linkerd")
    page.go_back()
    page.locator(".tdk-notfound-home a").click()
    page.wait_for_url(base_url)
    expect(page.locator(".tdk-grid")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_404_page_has_no_axe_violations(axe_page, base_url: str, real_site: Build, scheme: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = served_404(axe_page, base_url, real_site, scheme)
    assert run_axe(page, f"404 ({scheme})") == []


def test_a_redirect_page_lands_on_the_page_and_has_no_axe_violations(axe_page, base_url: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = axe_page("light")
    page.goto(base_url + OLD)
    page.wait_for_url(base_url + MOVED)
    expect(page.locator("article h1")).to_contain_text("Stretching CNI Boundaries")
    # held on the redirect page itself for axe: a navigation answered 204 leaves the page as it is
    held = axe_page("light")
    held.route(base_url + MOVED, lambda route: route.fulfill(status=204))
    held.goto(base_url + OLD)
    held.wait_for_timeout(200)
    assert held.url == base_url + OLD
    expect(held.locator("main h1")).to_have_text("This page has moved")
    assert run_axe(held, "redirect") == []
