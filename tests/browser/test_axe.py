"""axe-core (axe-playwright-python) on every kind of page, light and dark: 0 violations.

Violations the theme causes, which no markup of ours can avoid, are excused one by one: each by
rule and by a CSS selector that the offending element must match, so a new violation of the same
rule elsewhere still fails. Everything else, colour contrast included, must pass as is."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

#: (rule, selector the element must match, why it is the theme's and not ours)
THEME = (
    (
        "aria-required-attr",
        ".sidebar-tree:not(.tdk-sidebar) > p.caption[role='heading']:not([aria-level])",
        "Sphinx's toctree caption in furo's sidebar is role=heading without aria-level; ours sets it",
    ),
    (
        "landmark-unique",
        "aside.sidebar-drawer, aside.toc-drawer",
        "furo's two <aside> drawers (navigation, page contents) carry no label to tell them apart",
    ),
    (
        "region",
        ".content-icon-container .visually-hidden",
        "furo's 'View this page' source link sits outside every landmark",
    ),
)

KINDS = ("index", "talk", "speaker", "topic", "event", "speakers", "topics", "projects", "organisations", "events")


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def excused(page, rule: str, node: dict) -> bool:  # type: ignore[no-untyped-def]
    """Whether the theme, not our markup, is what axe reports at this node."""
    target = node["target"]
    if len(target) != 1 or not isinstance(target[0], str):
        return False  # inside a frame or shadow root: nothing of the theme's is there
    selectors = [selector for name, selector, _ in THEME if name == rule]
    return any(page.locator(target[0]).first.evaluate("(el, s) => el.matches(s)", s) for s in selectors)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violations(open_page, pages, axe: Axe, kind: str, scheme: str) -> None:
    page = open_page(pages.all()[kind], scheme=scheme)
    results = axe.run(page, options={"resultTypes": ["violations"]})
    left = []
    for violation in results.response["violations"]:
        nodes = [n for n in violation["nodes"] if not excused(page, violation["id"], n)]
        left += [f"{violation['id']} ({violation['impact']}): {n['target']} {n['html'][:160]}" for n in nodes]
    assert not left, f"{pages.all()[kind]} ({scheme}):\n" + "\n".join(left)


def test_axe_checks_colour_contrast(open_page, pages, axe: Axe) -> None:
    """The contrast rule ran on the cards (not skipped as inapplicable), so 'readable' means something."""
    page = open_page(pages.index, scheme="dark")
    results = axe.run(page, context=".tdk-grid", options={"runOnly": ["color-contrast"], "resultTypes": ["passes"]})
    passes = {r["id"]: len(r["nodes"]) for r in results.response["passes"]}
    assert passes.get("color-contrast", 0) > 20
