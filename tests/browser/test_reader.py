"""The reader's tools in Chromium, on test-basic built with furo (two events in three time zones)
plus one talk whose text needs escaping and folding in iCalendar:

- "Add to my talks": two talks saved from the index (one by mouse, one by keyboard) and read
  back on "My talks" in programme order (the order of the index's grid, which Python sorts);
  names, states and live announcements; nothing shown without JavaScript.
- The share link opened in a fresh browser context: the shared list, then saved.
- The .ics download parsed with icalendar: folded, CRLF, escaped, and every VEVENT the same as
  the talk's own calendar file that the build wrote.
- The time zone switch: every time written again in the reader's zone (checked against
  zoneinfo), remembered, switched back to the HTML's own text.
- No request to any other host; axe 0 on the pages in every state, light and dark; 24 px targets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import Build, build_root, soup
from talkdeck.sphinxext.dates import format_window

from .site import serve
from .test_axe import RUN
from .tools import AXE_CORE, axe_missing, require

pytestmark = pytest.mark.browser

#: A talk whose title, speaker, room and summary need iCalendar's escapes, and are long and
#: non-ASCII enough to be folded inside multi-byte characters.
TRICKY = """\
---
talk:
  title: "Ünïcödé, commas; semicolons \\\\ backslashes — and a title long enough to fold ünïcödé ünïcödé"
  event: kceu
  format: talk
  speakers:
    - name: Zoë Ünïcode
      affiliation: "Org; Inc."
  topics: [Security, "Odd, topic"]
  summary: "First line, with a comma; and a semicolon."
  start: 2023-04-20 11:00
  duration: 30
  room: "Hall 1, level 2"
---

```{talk}
```
"""
SITE = {
    "html_theme": "furo",
    "html_sidebars": {"**": ["sidebar/search.html", "sidebar/navigation.html", "talkdeck/sidebar-talks.html"]},
}
LABEL = "Add to my talks"


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Build:
    done = build_root(
        "basic", tmp_path_factory.mktemp("reader-site"), extra={"kceu/tricky.md": TRICKY}, confoverrides=SITE
    )
    assert done.statuscode == 0 and done.warnings == "", done.warnings
    return done


@pytest.fixture(scope="module")
def url(basic: Build) -> Iterator[str]:
    with serve(basic.html) as found:
        yield found


@pytest.fixture
def contexts(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """new(**options) -> a fresh context (its own storage), closed after the test; every request
    it makes is recorded in `context.requested`."""
    made: list[BrowserContext] = []

    def new(**options) -> BrowserContext:  # type: ignore[no-untyped-def]
        context = browser.new_context(accept_downloads=True, **options)
        context.requested = []  # type: ignore[attr-defined]
        context.on("request", lambda request: context.requested.append(request.url))  # type: ignore[attr-defined]
        made.append(context)
        return context

    yield new
    for context in made:
        context.close()


def opened(context: BrowserContext, address: str) -> Page:
    page = context.new_page()
    page.goto(address)
    page.wait_for_load_state("load")
    return page


def titles(page: Page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def save(page: Page, title: str, *, keyboard: bool = False) -> None:
    card = page.locator(".tdk-grid .tdk-card", has=page.locator(".tdk-title-link", has_text=title))
    button = card.get_by_role("button", name=LABEL)
    if keyboard:
        button.focus()
        page.keyboard.press("Space")
    else:
        button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def my_talks(page: Page) -> list[str]:
    return titles(page, ".tdk-mytalks-list .tdk-mytalks-title a")


def only_this_host(context: BrowserContext, address: str) -> None:
    host = re.match(r"https?://[^/]+/", address)[0]  # type: ignore[index]
    others = [u for u in context.requested if not u.startswith((host, "blob:", "data:"))]  # type: ignore[attr-defined]
    assert others == []


# --- Add to my talks, My talks ------------------------------------------------------------------


def test_save_two_talks_and_read_them_back(contexts, url: str) -> None:
    context = contexts()
    page = opened(context, url + "index.html")
    buttons = page.get_by_role("button", name=LABEL)
    cards = page.locator(".tdk-grid .tdk-card")
    assert buttons.count() == cards.count() == 10  # one per card, every one visible now
    expect(page.get_by_role("button", name=LABEL, pressed=True)).to_have_count(0)
    grid = titles(page, ".tdk-grid .tdk-title-link")
    # chosen out of programme order on purpose: the list must sort them
    second, first = grid[2], grid[6]
    save(page, first)
    expect(page.locator(".tdk-live")).to_have_text("Added to my talks. 1 talk saved.")
    save(page, second, keyboard=True)
    expect(page.locator(".tdk-live")).to_have_text("Added to my talks. 2 talks saved.")
    expect(page.get_by_role("button", name=LABEL, pressed=True)).to_have_count(2)

    page.goto(url + "my-talks.html")
    expect(page.locator(".tdk-mytalks-list li")).to_have_count(2)
    assert my_talks(page) == [t for t in grid if t in (first, second)] == [second, first]
    expect(page.locator(".tdk-mytalks-status")).to_have_text("2 talks saved.")
    expect(page.locator(".tdk-mytalks-empty")).to_be_hidden()
    # each title leads to its talk page
    for link in page.locator(".tdk-mytalks-list .tdk-mytalks-title a").all():
        target = opened(context, link.get_attribute("href"))
        assert target.locator("h1").inner_text().strip().rstrip("#¶").strip() in (first, second)
        target.close()
    # a saved talk's own page knows it; forgetting it there takes it off the list
    talk_page = opened(context, page.locator(".tdk-mytalks-list .tdk-mytalks-title a").first.get_attribute("href"))
    own = talk_page.locator(".tdk-card-page").get_by_role("button", name=LABEL)
    expect(own).to_have_attribute("aria-pressed", "true")
    own.click()
    expect(talk_page.locator(".tdk-live")).to_have_text("Removed from my talks. 1 talk saved.")
    page.reload()
    expect(page.locator(".tdk-mytalks-list li")).to_have_count(1)
    assert my_talks(page) == [first]
    only_this_host(context, url)


def test_my_talks_is_in_the_navigation_and_says_what_to_do_when_empty(contexts, url: str) -> None:
    page = opened(contexts(), url + "index.html")
    page.locator(".sidebar-tree a", has_text="My talks").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("my-talks.html")
    empty = page.locator(".tdk-mytalks-empty")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("Add to my talks")
    expect(page.locator(".tdk-mytalks-list li")).to_have_count(0)
    expect(page.locator(".tdk-mytalks-actions")).to_be_hidden()


def test_without_javascript_nothing_pretends_to_work(contexts, url: str, basic: Build) -> None:
    context = contexts(java_script_enabled=False)
    page = opened(context, url + "index.html")
    expect(page.locator("button.tdk-save")).to_have_count(10)
    expect(page.get_by_role("button", name=LABEL)).to_have_count(0)  # hidden: not in the tree
    assert page.locator(".tdk-zone-switch").count() == 0
    mine = opened(context, url + "my-talks.html")
    expect(mine.locator(".tdk-mytalks-intro")).to_contain_text("needs JavaScript")
    expect(mine.locator(".tdk-mytalks-empty")).to_be_hidden()
    # the HTML of the times is the page's own, as served
    served = [t.get_text() for t in soup(basic.html / "index.html").select("time.tdk-time")]
    assert titles(page, "time.tdk-time") == [" ".join(t.split()) for t in served]


def test_share_link_opens_in_a_fresh_context(contexts, url: str) -> None:
    first = contexts()
    page = opened(first, url + "index.html")
    grid = titles(page, ".tdk-grid .tdk-title-link")
    for title in (grid[4], grid[1], grid[8]):
        save(page, title)
    page.goto(url + "my-talks.html")
    expect(page.locator(".tdk-mytalks-list li")).to_have_count(3)
    link = page.get_by_role("link", name="Link to this list")
    address = link.evaluate("a => a.href")
    assert re.fullmatch(re.escape(url) + r"my-talks\.html#talks=[a-z0-9-]+(,[a-z0-9-]+){2}", address)

    # someone else opens it: they see the shared list, not theirs (empty), and may keep it
    other = contexts()
    shared = opened(other, address)
    expect(shared.locator(".tdk-mytalks-list li")).to_have_count(3)
    assert my_talks(shared) == [grid[1], grid[4], grid[8]]
    notice = shared.get_by_role("region", name="Shared list")
    expect(notice).to_contain_text("This link shares 3 talks")
    expect(shared.locator(".tdk-mytalks-empty")).to_be_hidden()
    assert shared.evaluate("Object.keys(localStorage).filter(k => k.startsWith('talkdeck:my-talks'))") == []
    shared.get_by_role("button", name="Save these talks to my talks").click()
    expect(shared.locator(".tdk-live")).to_have_text("3 talks added to my talks. 3 talks saved.")
    expect(notice).to_be_hidden()
    assert "#" not in shared.url
    shared.reload()
    assert my_talks(shared) == [grid[1], grid[4], grid[8]]
    # a link naming talks the site does not have shows the ones it has, and says so
    odd = opened(contexts(), url + "my-talks.html#talks=no-such-talk," + address.split("=", 1)[1].split(",")[0])
    expect(odd.locator(".tdk-mytalks-shared-text")).to_contain_text("1 talk (1 not on this site)")
    only_this_host(first, url)
    only_this_host(other, url)


@pytest.fixture(scope="module")
def week_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """test-week (a conference, its co-located day, talks known by their day or not at all) with
    a My talks page."""
    page = "---\norphan: true\n---\n\n# My talks\n\n```{my-talks}\n```\n"
    done = build_root("week", tmp_path_factory.mktemp("reader-week"), extra={"my-talks.md": page}, confoverrides=SITE)
    assert done.statuscode == 0 and done.warnings == "", done.warnings
    with serve(done.html) as found:
        yield found


def test_my_talks_shows_a_talk_known_by_its_day(contexts, week_url: str) -> None:
    """A talk with a day and no time is listed on its day, in programme order (events by their
    first day, each after the timed talks of its day), as its card writes it; the .ics of the
    timed talks leaves it out."""
    page = opened(contexts(), week_url + "my-talks.html#talks=day-only,undated,rust,keynote")
    expect(page.locator(".tdk-mytalks-list li")).to_have_count(4)
    assert my_talks(page) == [
        "Opening Keynote",
        "A Talk Known By Its Day",
        "Sometime That Week",
        "Control Planes in Rust",
    ]
    days = page.locator(".tdk-mytalks-list time.tdk-day")
    expect(days).to_have_count(2)
    assert [days.nth(i).get_attribute("datetime") for i in range(2)] == ["2022-10-26", "2022-10-25"]
    assert days.all_inner_texts() == ["Wednesday 26 October 2022", "Tuesday 25 October 2022"]
    card = opened(contexts(), week_url + "conf/day-only.html")
    assert card.locator(".tdk-card-page time.tdk-day").inner_text() == "Wednesday 26 October 2022"
    items = page.locator(".tdk-mytalks-list li")
    expect(items.nth(2).locator("time")).to_have_count(0)
    download = page.get_by_role("button", name=re.compile("as a calendar"))
    expect(download).to_have_text("Download the timed talk as a calendar (.ics)")


# --- the calendar file -------------------------------------------------------------------------


def test_the_ics_download_is_valid_and_agrees_with_the_build(contexts, url: str, basic: Build) -> None:
    context = contexts()
    page = opened(context, url + "index.html")
    grid = titles(page, ".tdk-grid .tdk-title-link")
    tricky = next(t for t in grid if t.startswith("Ünïcödé"))
    untimed = "Whose Packet Is It Anyway?"
    for title in (tricky, "Service Mesh 101", "A Keynote About Meshes", untimed):
        save(page, title)
    page.goto(url + "my-talks.html")
    download_button = page.get_by_role("button", name=re.compile(r"Download the 3 timed talks"))
    with page.expect_download() as caught:
        download_button.click()
    download = caught.value
    assert download.suggested_filename == "my-talks.ics"
    data = Path(download.path()).read_bytes()

    # RFC 5545's shape: CRLF only, every line at most 75 octets, continuation lines start with a space
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the tricky talk's title was folded
    for line in lines:
        line.decode("utf-8")  # never cut inside a character

    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    events = calendar.walk("VEVENT")
    assert len(events) == 3  # the untimed talk has no place in a calendar
    for event in events:
        talk_id = str(event["UID"]).split("@", 1)[0]
        [own] = Calendar.from_ical((basic.html / f"calendar/talks/{talk_id}.ics").read_bytes()).walk("VEVENT")
        for name in ("UID", "SUMMARY", "DESCRIPTION", "LOCATION"):
            assert str(event[name]) == str(own[name]), name
        assert event["CATEGORIES"].cats == own["CATEGORIES"].cats
        assert event.DTSTART == own.DTSTART and event.DTEND == own.DTEND  # the same moments, here in UTC
        assert event.DTSTART.utcoffset().total_seconds() == 0
        assert str(event["URL"]).startswith(url) and str(event["URL"]).endswith(f"/{talk_id}.html")
        assert event.get("DTSTAMP") is not None
    tricky_event = next(e for e in events if str(e["SUMMARY"]) == tricky)
    assert str(tricky_event["LOCATION"]) == "Hall 1, level 2, Amsterdam, Netherlands"
    assert tricky_event["CATEGORIES"].cats == ["Security", "Odd, topic"]
    expect(page.locator(".tdk-mytalks-status")).to_have_text("Calendar with 3 talks downloaded.")
    only_this_host(context, url)


# --- times where the reader is -----------------------------------------------------------------


def expected_times(basic: Build, page: str, zone: str) -> list[str]:
    """Every convertible time of a served page, as format_window writes it in `zone`."""
    found = []
    for time in soup(basic.html / page).select("time.tdk-time[datetime]"):
        start = datetime.fromisoformat(time["datetime"])
        if start.tzinfo is None:
            found.append(" ".join(time.get_text().split()))
            continue
        end = datetime.fromisoformat(time["data-tdk-end"]) if time.get("data-tdk-end") else None
        where = ZoneInfo(zone)
        found.append(format_window(start.astimezone(where), end.astimezone(where) if end else None))
    return found


def test_zone_switch_writes_every_time_in_the_readers_zone(contexts, url: str, basic: Build) -> None:
    context = contexts(timezone_id="America/Los_Angeles")
    page = opened(context, url + "index.html")
    served = titles(page, "time.tdk-time")
    switch = page.get_by_role("button", name="Show times in my time zone (America/Los Angeles)")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".tdk-live")).to_have_text("Times shown in your time zone, America/Los Angeles.")
    shown = titles(page, "time.tdk-time")
    assert shown == expected_times(basic, "index.html", "America/Los_Angeles")
    assert shown != served and any("PDT" in t for t in shown)
    # the event's own time stays at hand
    assert page.locator("time.tdk-time").first.get_attribute("title") == served[0]
    # remembered, on other pages too
    other = opened(context, url + "kceu/index.html")
    expect(other.locator(".tdk-zone-switch")).to_have_attribute("aria-pressed", "true")
    assert titles(other, "time.tdk-time") == expected_times(basic, "kceu/index.html", "America/Los_Angeles")
    # and back: exactly the HTML's own text
    page.reload()
    page.locator(".tdk-zone-switch").click()
    expect(page.locator(".tdk-live")).to_have_text("Times shown in each event’s time zone.")
    assert titles(page, "time.tdk-time") == served
    assert page.locator("time.tdk-time").first.get_attribute("title") is None
    only_this_host(context, url)


def test_the_switch_and_the_build_write_times_alike(contexts, url: str, basic: Build) -> None:
    """In the events' own zone the script writes exactly what the build wrote: one format."""
    for zone, page_name in (("America/Detroit", "kcna/index.html"), ("Europe/Amsterdam", "kceu/keynote.html")):
        page = opened(contexts(timezone_id=zone), url + page_name)
        served = titles(page, "time.tdk-time")
        page.locator(".tdk-zone-switch").click()
        assert titles(page, "time.tdk-time") == served, zone


def test_my_talks_follows_the_zone_switch(contexts, url: str, basic: Build) -> None:
    context = contexts(timezone_id="Asia/Tokyo")
    page = opened(context, url + "index.html")
    save(page, "Service Mesh 101")
    page.goto(url + "my-talks.html")
    expect(page.locator(".tdk-mytalks-list li")).to_have_count(1)
    card = soup(basic.html / "kcna/mesh-intro.html").select_one(".tdk-card-page time.tdk-time")
    assert titles(page, ".tdk-mytalks-list time") == [" ".join(card.get_text().split())]
    page.locator(".tdk-zone-switch").click()
    [shown] = titles(page, ".tdk-mytalks-list time")
    assert shown.startswith("Thursday 27 October 2022, 03:30–04:05 ")  # 14:30 in Detroit


# --- accessibility -------------------------------------------------------------------------------


def test_keyboard_alone_saves_a_talk_and_switches_the_times(contexts, url: str) -> None:
    """Tab order: a card's event link, then its toggle, then its title; Enter and Space both
    press a toggle; the zone switch comes right after the page's title."""
    page = opened(contexts(timezone_id="Europe/Berlin"), url + "index.html")
    card = page.locator(".tdk-grid .tdk-card").first
    card.locator("a.tdk-event").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('aria-pressed')]")
    assert focused == ["tdk-save", "false"]
    page.keyboard.press("Enter")
    expect(card.get_by_role("button", name=LABEL, pressed=True)).to_be_visible()
    expect(page.locator(".tdk-live")).to_have_text("Added to my talks. 1 talk saved.")
    page.keyboard.press("Space")
    expect(card.get_by_role("button", name=LABEL, pressed=False)).to_be_visible()
    expect(page.locator(".tdk-live")).to_have_text("Removed from my talks. 0 talks saved.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('tdk-title-link')")
    # the switch: right after the title
    assert page.evaluate("document.querySelector('h1').nextElementSibling.matches('p.tdk-zone')")
    switch = page.get_by_role("button", name=re.compile("Show times in my time zone"))
    switch.focus()
    page.keyboard.press("Enter")
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.activeElement.classList.contains('tdk-zone-switch')")
    # the live region is one polite status for the whole page
    assert page.locator("[role=status].tdk-live").count() == 1
    assert page.locator(".tdk-live").get_attribute("aria-live") == "polite"


def test_buttons_are_big_enough_and_show_focus(contexts, url: str) -> None:
    page = opened(contexts(timezone_id="Europe/Berlin"), url + "index.html")
    save(page, "Service Mesh 101")
    page.goto(url + "my-talks.html")
    expect(page.locator(".tdk-mytalks-list li")).to_have_count(1)
    controls = page.locator("button.tdk-save:visible, .tdk-zone-switch, .tdk-mytalks-actions > *:visible")
    assert controls.count() >= 5
    for control in controls.all():
        box = control.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, control.inner_text()
    subscribe = opened(page.context, url + "speakers/flynn.html").locator(".tdk-subscribe a")
    assert subscribe.count() == 2
    for link in subscribe.all():
        box = link.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's source, the one package.json pins (test_axe.py runs it on every page)."""
    require(axe_missing())
    return AXE_CORE.read_text(encoding="utf-8")


def violations(page: Page, axe: str) -> list[str]:
    """Every violation of any impact on the page in the state it is in; nothing excused."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe)
    found = page.evaluate(RUN, {"resultTypes": ["violations"]})["violations"]
    return [f"{v['id']}: {n['target']} {n['html'][:120]}" for v in found for n in v["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_any_state(contexts, url: str, axe: str, scheme: str) -> None:
    context = contexts(color_scheme=scheme, timezone_id="Europe/Berlin")
    context.add_init_script(f"localStorage.setItem('theme', {scheme!r})")
    page = opened(context, url + "index.html")
    save(page, "Service Mesh 101")
    save(page, "Zero Trust in Practice")
    page.locator(".tdk-zone-switch").click()
    assert violations(page, axe) == []
    for path in ("my-talks.html", "my-talks.html#talks=keynote,ambient", "speakers/flynn.html", "kceu/index.html"):
        page.goto(url + path)
        page.wait_for_load_state("load")
        if path.startswith("my-talks"):
            expect(page.locator(".tdk-mytalks-list li").first).to_be_visible()
        assert violations(page, axe) == [], path
