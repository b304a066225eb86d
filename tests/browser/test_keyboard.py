"""Keyboard and screen reader: from the top of the index, Tab reaches every card's title link,
each with a visible focus ring; the skip link comes first on every page and leads into the main
landmark; the filter's controls have names, states and a focus order; the video facade plays
from the keyboard and gives the player the focus. On the real site (furo) and on test-basic."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import REPO, ROOTS
from talkdeck.core.model import FORMATS, Event, Talk, slugify

pytestmark = pytest.mark.browser

#: What the focused element looks like; a ring is a drawn outline or a box shadow.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    title: el.matches('.tdk-title-link') ? el.textContent.trim() : null,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}"""


def ring_visible(state: dict) -> bool:
    outline = state["outlineStyle"] not in ("none", "hidden") and state["outlineWidth"] > 0
    return outline or state["boxShadow"] not in ("", "none")


def test_tab_reaches_every_card_link_with_a_visible_ring(open_page, talks: dict[str, Talk]) -> None:
    page = open_page("index.html")
    focusable = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea').length")
    reached: dict[str, dict] = {}
    for _ in range(focusable + 10):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state["title"] is not None:
            reached.setdefault(state["title"], state)
        if len(reached) == len(talks):
            break
    assert sorted(reached) == sorted(talks)
    invisible = {title: state for title, state in reached.items() if not ring_visible(state)}
    assert not invisible, f"no visible focus ring on: {invisible}"


# --- the skip link ----------------------------------------------------------------------------

#: The focused element, where it is and what it is inside.
ACTIVE = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {
    text: el.textContent.trim(), href: el.getAttribute('href'),
    inMain: el.closest('main, [role=main]') !== null,
    box: [box.left, box.top, box.width, box.height],
  };
}"""


@pytest.mark.parametrize(
    ("site", "kind"), [("real", "index"), ("real", "talk"), ("real", "speaker"), ("basic", "index"), ("basic", "talk")]
)
def test_the_skip_link_comes_first_and_leads_to_the_main_content(open_page, pages, site: str, kind: str) -> None:
    path = {"real": pages.all(), "basic": {"index": "index.html", "talk": "kcna/mesh-intro.html"}}[site][kind]
    page = open_page(path, site=site)
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    assert first["text"] == "Skip to content", first
    target = first["href"].removeprefix("#")
    assert page.locator(f"[id='{target}']").evaluate("el => el.matches('main, [role=main]')")
    # shown while it has the focus, fully inside the window and big enough to hit
    skip = page.locator(f"a[href='#{target}']").first
    expect(skip).to_be_in_viewport(ratio=1)
    page.wait_for_function("() => document.activeElement.getBoundingClientRect().top >= 0")
    left, top, width, height = page.evaluate(ACTIVE)["box"]
    assert left >= 0 and top >= 0 and width >= 24 and height >= 24
    page.keyboard.press("Enter")
    # the fragment is set once the browser has followed the link: wait for it on a loaded machine
    page.wait_for_function("(t) => location.hash === '#' + t", arg=target, timeout=5000)
    assert page.url.endswith(f"#{target}")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["inMain"], page.evaluate(ACTIVE)


# --- the filter, as a screen reader and a keyboard meet it ------------------------------------


def facet_names(talks: dict[str, Talk]) -> dict[str, list[str]]:
    """The accessible name of every toggle, facet by facet, in page order: the value and its count."""
    counts: dict[str, dict[str, tuple[str, int]]] = {"topic": {}, "speaker": {}, "format": {}}
    for talk in talks.values():
        values = [("topic", slugify(t), t) for t in talk.topics]
        values += [("speaker", s.id, s.name) for s in talk.speakers]
        values += [("format", talk.format, FORMATS[talk.format])]
        for facet, ident, label in values:
            counts[facet][ident] = (label, counts[facet].get(ident, ("", 0))[1] + 1)
    # names by their letters, formats in the order the schema lists them (as filters.py shows them)
    order = {
        "topic": lambda item: (item[1][0].casefold(), item[0]),
        "speaker": lambda item: (item[1][0].casefold(), item[0]),
        "format": lambda item: list(FORMATS).index(item[0]),
    }
    return {
        facet: [f"{label} ({n})" for _, (label, n) in sorted(found.items(), key=order[facet])]
        for facet, found in counts.items()
    }


@pytest.fixture(scope="module")
def basic_talks() -> dict[str, Talk]:
    from talkdeck.core.sources import load

    return {e.item.title: e.item for e in load(ROOTS / "test-basic", True).entries() if isinstance(e.item, Talk)}


#: Whether the focus is in the first grid item the filter still shows.
FIRST_SHOWN_CARD = """() => {
  const item = document.activeElement.closest('.tdk-grid-item');
  return item !== null && item === [...document.querySelectorAll('.tdk-grid-item')].find((i) => !i.hidden);
}"""


def event_names(root: Path, talks: dict[str, Talk]) -> list[str]:
    """The event facet's toggles in page order: each conference, then the events co-located with
    it, each with the talks of its week; none when every talk is at one event."""
    from talkdeck.core.checks import first_by_id
    from talkdeck.core.events import co_located, top_level, week
    from talkdeck.core.sources import load

    events = first_by_id(load(root, True).entries(), Event)
    if len({talk.event for talk in talks.values()}) < 2:
        return []
    names = []
    for top in top_level(events):
        for entry in (top, *co_located(top.item.id, events)):
            count = sum(talk.event in week(entry.item.id, events) for talk in talks.values())
            if count:
                names.append(f"{entry.item.label} ({count})")  # type: ignore[union-attr]
    return names


@pytest.mark.parametrize("site", ["real", "basic"])
def test_the_filter_has_names_states_and_a_focus_order(open_page, request, site: str) -> None:
    talks = request.getfixturevalue("talks" if site == "real" else "basic_talks")
    page = open_page("index.html", site=site)
    panel = page.get_by_role("search", name="Filter the talks")
    names = {"event": event_names(REPO if site == "real" else ROOTS / "test-basic", talks), **facet_names(talks)}
    assert len(names["event"]) >= 2  # both sites hold two events: the facet shows
    buttons = []
    for facet, legend in (("event", "Event"), ("topic", "Topic"), ("speaker", "Speaker"), ("format", "Format")):
        group = panel.get_by_role("group", name=legend)
        assert group.get_by_role("button", pressed=False).all_inner_texts() == names[facet]
        buttons += names[facet]
    reset = panel.get_by_role("button", name="Show all talks")
    expect(reset).to_be_disabled()
    status = panel.get_by_role("status")
    expect(status).to_have_text(f"{len(talks)} talks shown")

    # Tab walks the toggles in page order; the disabled reset is skipped, then the grid follows
    panel.get_by_role("button").first.focus()
    order = [page.evaluate("document.activeElement.textContent")]
    for _ in buttons[1:]:
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.textContent"))
    assert order == buttons
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.tdk-grid') !== null")

    # Space presses a toggle: its state changes, the focus stays, the count is announced
    first = panel.get_by_role("button", name=names["topic"][0], exact=True)
    first.focus()
    page.keyboard.press("Space")
    expect(panel.get_by_role("button", name=names["topic"][0], pressed=True)).to_be_focused()
    shown = page.locator(".tdk-grid .tdk-grid-item:visible").count()
    expect(status).to_have_text(f"{shown} talk{'' if shown == 1 else 's'} shown")
    expect(status).to_have_attribute("aria-live", "polite")
    # the reset is now reachable after the last toggle, and leaves the focus in the panel
    panel.get_by_role("button", name=names["format"][-1], exact=True).focus()
    page.keyboard.press("Tab")
    expect(reset).to_be_focused()
    # from the reset, Tab goes to the first card still shown: hidden cards are out of the Tab order
    page.keyboard.press("Tab")
    assert page.evaluate(FIRST_SHOWN_CARD), page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("Shift+Tab")
    expect(reset).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel.get_by_role("button", pressed=True)).to_have_count(0)
    assert page.evaluate("document.activeElement.closest('.tdk-filter') !== null")


# --- the video facade -------------------------------------------------------------------------

#: Resources the page fetched from a video host so far.
VIDEO_REQUESTS = """() => performance.getEntriesByType('resource').map(e => e.name)
  .filter(u => /youtube|vimeo/.test(new URL(u).hostname))"""


#: (site, page, the talk's title, the video's id): a talk with a YouTube recording on each site,
#: furo's real site included, whose sidebar and header put many more stops before the player.
FACADES = [
    ("basic", "kcna/mesh-intro.html", "Service Mesh 101", "mesh101"),
    (
        "real",
        "talks/kubecon-na-2022/whose-packet-is-it-anyway.html",
        "Whose Packet Is It Anyway? Life of a Packet Through a Service Mesh",
        "TJM7juAD8B0",
    ),
]


@pytest.mark.parametrize(("site", "path", "title", "video"), FACADES, ids=[f[0] for f in FACADES])
def test_the_video_facade_works_from_the_keyboard(open_page, site: str, path: str, title: str, video: str) -> None:
    page = open_page(path, site=site)
    asked: list[str] = []

    def refuse(route) -> None:  # type: ignore[no-untyped-def]
        asked.append(route.request.url)
        route.abort()  # no network here; the request is what counts

    page.context.route(lambda url: "youtube" in url or "vimeo" in url, refuse)
    facade = page.get_by_role("link", name="Watch the video Click to load the YouTube player")
    expect(facade).to_have_attribute("href", f"https://www.youtube.com/watch?v={video}")
    # Tab reaches it, with a visible ring
    for _ in range(page.evaluate("document.querySelectorAll('a[href], button, input').length")):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('tdk-video-facade')"):
            break
    expect(facade).to_be_focused()
    assert ring_visible(page.evaluate(FOCUSED))
    assert page.evaluate(VIDEO_REQUESTS) == [] and asked == []
    # Enter loads the player in its place, titled by the talk, and gives it the focus
    page.keyboard.press("Enter")
    frame = page.locator("iframe.tdk-video-frame")
    expect(frame).to_have_attribute("title", title)
    expect(frame).to_have_attribute("src", f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1")
    expect(frame).to_be_focused()
    expect(facade).to_have_count(0)
    assert page.url.endswith(path)  # the player, not the video's page
