"""The index's client-side filter in Chromium: every card at first, narrowing by event, topic,
speaker and format (any value within a facet, all facets together; a conference stands for its
week, its co-located events' talks too), the live count, the reset, and plain links to the
event, topic and speaker pages when JavaScript is off.

Expected cards come from the talks' front-matter, not from the page under test."""

from __future__ import annotations

import functools
from itertools import product

import pytest
from playwright.sync_api import Page, expect

from conftest import REPO
from talkdeck.core.checks import first_by_id
from talkdeck.core.events import parent_of
from talkdeck.core.model import FORMATS, Entry, Event, Talk, slugify
from talkdeck.core.sources import load

pytestmark = pytest.mark.browser

FACETS = ("event", "topic", "speaker", "format")


@functools.cache
def events() -> dict[str, Entry]:
    """The site's events by id, read from their pages as the build reads them."""
    return first_by_id(load(REPO, True).entries(), Event)


def week(event_id: str) -> set[str]:
    """What a card of an event is filtered by: the event, and the conference it is part of."""
    parent = parent_of(events()[event_id].item, events())  # type: ignore[arg-type]
    return {event_id} | ({parent.item.id} if parent is not None else set())


def values(talk: Talk) -> dict[str, set[str]]:
    return {
        "event": week(talk.event),
        "topic": {slugify(t) for t in talk.topics},
        "speaker": {s.id for s in talk.speakers},
        "format": {talk.format},
    }


def matching(talks: dict[str, Talk], wanted: dict[str, set[str]]) -> list[str]:
    """Titles of the talks the filter should keep, sorted."""
    return sorted(
        title
        for title, talk in talks.items()
        if all(values(talk)[f] & chosen for f, chosen in wanted.items() if chosen)
    )


def by_value(talks: dict[str, Talk], facet: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for title, talk in talks.items():
        for value in values(talk)[facet]:
            found.setdefault(value, set()).add(title)
    return found


def shown(page: Page) -> list[str]:
    return sorted(t.strip() for t in page.locator(".tdk-grid .tdk-title-link:visible").all_inner_texts())


def toggle(page: Page, facet: str, value: str):  # type: ignore[no-untyped-def]
    return page.locator(f'.tdk-filter button[data-tdk-facet="{facet}"][data-tdk-value="{value}"]')


def shown_text(count: int) -> str:
    return f"{count} talk{'' if count == 1 else 's'} shown"


@pytest.fixture(scope="module")
def picks(talks: dict[str, Talk]) -> dict[str, str]:
    """Values that make each check meaningful: a topic that narrows the grid, a second topic
    that widens it, a format that narrows the first topic further, and one that empties it."""
    topics, formats = by_value(talks, "topic"), by_value(talks, "format")
    narrowing = sorted((t for t in topics if 1 < len(topics[t]) < len(talks)), key=lambda t: (-len(topics[t]), t))
    assert narrowing, "no topic narrows the grid"
    topic = narrowing[0]
    widening = sorted(t for t in topics if topics[t] - topics[topic] and t != topic)
    narrower = sorted(f for f in formats if 0 < len(formats[f] & topics[topic]) < len(topics[topic]))
    empty = sorted((t, f) for t, f in product(topics, formats) if not topics[t] & formats[f])
    assert widening and narrower and empty, "the talks give no topic/format pair to test with"
    return {
        "topic": topic,
        "other_topic": widening[0],
        "format": narrower[0],
        "empty_topic": empty[0][0],
        "empty_format": empty[0][1],
    }


def test_index_shows_every_card_and_the_count(open_page, talks: dict[str, Talk]) -> None:
    page = open_page("index.html")
    assert shown(page) == sorted(talks)
    expect(page.locator(".tdk-filter-status")).to_have_text(shown_text(len(talks)))
    expect(page.locator(".tdk-filter-status")).to_have_attribute("aria-live", "polite")
    reset = page.locator(".tdk-filter-reset")
    expect(reset).to_be_visible()
    expect(reset).to_be_disabled()
    # every facet value of the data has exactly one toggle, unpressed
    for facet in FACETS:
        wanted = sorted(by_value(talks, facet))
        buttons = page.locator(f'.tdk-filter button[data-tdk-facet="{facet}"]')
        assert sorted(buttons.evaluate_all("bs => bs.map(b => b.dataset.tdkValue)")) == wanted
        assert set(buttons.evaluate_all("bs => bs.map(b => b.getAttribute('aria-pressed'))")) == {"false"}


@pytest.mark.parametrize("facet", FACETS)
def test_one_value_narrows_the_grid(open_page, talks: dict[str, Talk], facet: str) -> None:
    groups = by_value(talks, facet)
    # the value with the most talks that still leaves some out (else: the largest)
    value = sorted(groups, key=lambda v: (len(groups[v]) == len(talks), -len(groups[v]), v))[0]
    page = open_page("index.html")
    button = toggle(page, facet, value)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    want = matching(talks, {facet: {value}})
    assert shown(page) == want
    expect(page.locator(".tdk-filter-status")).to_have_text(shown_text(len(want)))
    expect(page.locator(".tdk-filter-reset")).to_be_enabled()
    # a second click lets every card back in
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert shown(page) == sorted(talks)


def test_any_value_within_a_facet_all_facets_together(open_page, talks: dict[str, Talk], picks: dict) -> None:
    page = open_page("index.html")
    toggle(page, "topic", picks["topic"]).click()
    narrow = shown(page)
    toggle(page, "topic", picks["other_topic"]).click()
    wider = matching(talks, {"topic": {picks["topic"], picks["other_topic"]}})
    assert shown(page) == wider
    assert len(wider) > len(narrow)
    toggle(page, "topic", picks["other_topic"]).click()
    toggle(page, "format", picks["format"]).click()
    both = matching(talks, {"topic": {picks["topic"]}, "format": {picks["format"]}})
    assert shown(page) == both
    assert 0 < len(both) < len(narrow)
    expect(page.locator(".tdk-filter-status")).to_have_text(shown_text(len(both)))


def test_a_filter_that_matches_nothing_says_zero(open_page, picks: dict) -> None:
    page = open_page("index.html")
    toggle(page, "topic", picks["empty_topic"]).click()
    toggle(page, "format", picks["empty_format"]).click()
    assert shown(page) == []
    expect(page.locator(".tdk-filter-status")).to_have_text("0 talks shown")


def test_reset_shows_every_card_again(open_page, talks: dict[str, Talk], picks: dict) -> None:
    page = open_page("index.html")
    toggle(page, "topic", picks["topic"]).click()
    toggle(page, "format", picks["format"]).click()
    assert len(shown(page)) < len(talks)
    page.locator(".tdk-filter-reset").click()
    assert shown(page) == sorted(talks)
    pressed = page.locator(".tdk-filter button[aria-pressed]").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-pressed'))"
    )
    assert set(pressed) == {"false"}
    expect(page.locator(".tdk-filter-status")).to_have_text(shown_text(len(talks)))
    # the reset is disabled now, so focus moved to the first toggle, not to the page's top
    assert page.evaluate("document.activeElement.closest('.tdk-filter') !== null")


def test_toggles_work_from_the_keyboard(open_page, talks: dict[str, Talk], picks: dict) -> None:
    page = open_page("index.html")
    button = toggle(page, "topic", picks["topic"])
    button.focus()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-pressed", "true")
    assert shown(page) == matching(talks, {"topic": {picks["topic"]}})
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "false")
    assert shown(page) == sorted(talks)


def test_without_javascript_every_card_shows_and_controls_are_links(
    open_page, talks: dict[str, Talk], base_url: str
) -> None:
    page = open_page("index.html", javascript=False)
    assert shown(page) == sorted(talks)
    expect(page.locator(".tdk-filter-reset")).to_be_hidden()
    assert page.locator(".tdk-filter button.tdk-filter-value").count() == 0
    links = page.locator(".tdk-filter a.tdk-filter-value")
    rows = links.evaluate_all(
        "ls => ls.map(l => [l.dataset.tdkFacet, l.dataset.tdkValue, l.getAttribute('href'), l.firstChild.textContent])"
    )
    grid_id = page.locator(".tdk-filter").get_attribute("data-tdk-grid")
    assert grid_id and page.locator(f"#{grid_id}.tdk-grid").count() == 1
    names = {
        "topic": {slugify(t): t for talk in talks.values() for t in talk.topics},
        "speaker": {s.id: s.name for talk in talks.values() for s in talk.speakers},
    }
    seen = {facet: set() for facet in FACETS}
    for facet, value, href, label in rows:
        seen[facet].add(value)
        if facet == "format":
            # no page per format: the link goes to the grid, where every card shows its badge
            assert href == f"#{grid_id}"
            assert label == FORMATS[value]
        elif facet == "event":
            assert href == f"{events()[value].docname}.html"
            assert label == events()[value].item.label
        else:
            assert href == f"{facet}s/{value}.html"
            assert label == names[facet][value]
    for facet in FACETS:
        assert seen[facet] == set(by_value(talks, facet))
    # and a link leads to that page
    topic = next(r for r in rows if r[0] == "topic")
    links.filter(has_text=topic[3]).first.click()
    page.wait_for_url(base_url + topic[2])
    assert page.locator("article h1").inner_text().rstrip("¶# \n") == topic[3]
