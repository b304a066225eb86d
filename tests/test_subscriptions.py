"""Subscriptions: every event, speaker, topic, project and organisation page has its own Atom feed
and, where it has timed talks, its own calendar, announced in the page's head and offered as a
"Subscribe" control. The files are parsed (xml.etree, icalendar) and checked against test-basic's
front-matter: which talks, in which order, with which ids and links."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from icalendar import Calendar

from conftest import Build, build, build_root, build_with, copy_root, soup, text, without_epoch
from talkdeck.core.subscriptions import Subscription, subscription, webcal
from talkdeck.exports.feed import NAMESPACE, entry_id

NS = {"atom": "http://www.w3.org/2005/Atom"}
BASEURL = "https://talks.example.org/wrap-up/"
SITE_FEED = "talkdeck basic: talks"

#: test-basic's talks by page: (page, kind, id) -> its talks' ids, and those with a start and a zone.
TIMED = {"zero-trust", "mesh-intro", "rust-controllers", "keynote", "gateway-panel", "policy-tutorial"}
PAGES = {
    ("kcna/index", "event", "kcna-2022"): {
        "whose-packet",
        "state-of-linkerd",
        "zero-trust",
        "mesh-intro",
        "rust-controllers",
    },
    ("kceu/index", "event", "kceu"): {"ambient", "keynote", "gateway-panel", "policy-tutorial"},
    ("speakers/jason-morgan", "speaker", "jason-morgan"): {"ambient", "zero-trust"},
    ("speakers/kevin-leimkuhler", "speaker", "kevin-leimkuhler"): {"whose-packet"},
    ("speakers/flynn", "speaker", "flynn"): {"gateway-panel", "policy-tutorial"},
    ("topics/security", "topic", "security"): {"zero-trust", "mesh-intro", "policy-tutorial"},
    ("projects/istio", "project", "istio"): {"ambient"},
    ("organisations/jetstack", "organisation", "jetstack"): {"zero-trust"},
}
FOLDERS = {"event": "events", "speaker": "speakers", "topic": "topics", "project": "projects"}
FOLDERS["organisation"] = "organisations"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    with without_epoch():
        return build_root("basic", tmp_path_factory.mktemp("subscriptions"))


def feed_path(kind: str, ident: str) -> str:
    return f"feeds/{FOLDERS[kind]}/{ident}.xml"


def calendar_path(kind: str, ident: str) -> str:
    return f"calendar/{FOLDERS[kind]}/{ident}.ics"


def atom(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def entry_ids(feed: ET.Element) -> list[str]:
    return [e.findtext("atom:id", namespaces=NS) or "" for e in feed.findall("atom:entry", NS)]


# --- the decision, without Sphinx ------------------------------------------------------------


def test_paths_and_names() -> None:
    timed = subscription("speaker", "alex-leong", "Alex Leong", [None, "calendar/talks/x.ics"])
    assert timed == Subscription(
        "speaker", "alex-leong", "Alex Leong", "feeds/speakers/alex-leong.xml", "calendar/speakers/alex-leong.ics"
    )
    assert timed.full_title("Site") == "Site: Talks by Alex Leong"
    untimed = subscription("topic", "security", "Security", [None, None])
    assert untimed is not None and untimed.calendar is None and untimed.feed == "feeds/topics/security.xml"
    event = subscription("event", "kcna", "KubeCon", ["calendar/talks/y.ics"])
    assert event is not None and event.calendar == "calendar/events/kcna.ics" and event.title == "Talks at KubeCon"
    # an id that is not a slug never becomes a file name
    assert subscription("speaker", "../x", "X", ["a.ics"]) is None
    assert subscription("talk", "x", "X", []) is None


def test_webcal_only_for_absolute_http_urls() -> None:
    assert webcal("https://talks.example.org/calendar/a.ics") == "webcal://talks.example.org/calendar/a.ics"
    assert webcal("http://talks.example.org/a.ics") == "webcal://talks.example.org/a.ics"
    assert webcal("../calendar/a.ics") == "../calendar/a.ics"


# --- the files -------------------------------------------------------------------------------


def test_one_feed_per_page_and_a_calendar_where_talks_are_timed(site: Build) -> None:
    assert site.warnings == ""
    for (_, kind, ident), talks in PAGES.items():
        assert (site.html / feed_path(kind, ident)).is_file(), ident
        assert (site.html / calendar_path(kind, ident)).is_file() == bool(talks & TIMED), ident
    feeds = {p.relative_to(site.html).as_posix() for p in (site.html / "feeds").rglob("*")}
    assert all(p.endswith(".xml") or "." not in p.rsplit("/", 1)[-1] for p in feeds)


@pytest.mark.parametrize("page", sorted(PAGES), ids=lambda p: p[0])
def test_feed_holds_the_pages_talks_newest_first(site: Build, page: tuple[str, str, str]) -> None:
    docname, kind, ident = page
    path = feed_path(kind, ident)
    feed = atom(site.html / path)
    entries = feed.findall("atom:entry", NS)
    # each entry links a talk page, relative to the feed's own folder
    linked = [urlsplit(urljoin(path, e.find("atom:link", NS).get("href"))).path for e in entries]
    assert all((site.html / link).is_file() for link in linked)
    site_feed = atom(site.html / "feed.xml")
    by_link = {
        e.find("atom:link", NS).get("href"): e.findtext("atom:id", namespaces=NS)
        for e in site_feed.findall("atom:entry", NS)
    }
    # the same entries (same ids) as the site's feed, in its order
    assert entry_ids(feed) == [i for link, i in by_link.items() if link in linked]
    assert len(entries) == len(PAGES[page])
    assert feed.findtext("atom:id", namespaces=NS) == uuid.uuid5(NAMESPACE, f"feed/{kind}/{ident}").urn
    home = feed.find("atom:link[@rel='alternate']", NS)
    assert urlsplit(urljoin(path, home.get("href"))).path == f"{docname}.html"
    assert feed.find("atom:link[@rel='self']", NS) is None  # no base URL: the feed cannot say where it lives


def test_entry_ids_are_the_talks_everywhere(site: Build) -> None:
    """A talk keeps its Atom id in every feed that lists it, so a reader subscribed to two of
    them sees it once."""
    feed = atom(site.html / feed_path("speaker", "flynn"))
    from talkdeck.core.model import Talk

    expected = [entry_id(Talk(id=t, title="", event="kceu")) for t in ("policy-tutorial", "gateway-panel")]
    assert entry_ids(feed) == expected
    assert set(expected) <= set(entry_ids(atom(site.html / feed_path("event", "kceu"))))


@pytest.mark.parametrize("page", sorted(PAGES), ids=lambda p: p[0])
def test_calendar_holds_exactly_the_pages_timed_talks(site: Build, page: tuple[str, str, str]) -> None:
    _, kind, ident = page
    path = site.html / calendar_path(kind, ident)
    timed = PAGES[page] & TIMED
    if not timed:
        assert not path.exists()
        return
    cal = Calendar.from_ical(path.read_bytes())
    events = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) == len(timed)
    # the same VEVENT, UID included, as the talk's own calendar: apps see one talk, not two
    for event in events:
        talk_id = str(event["UID"]).split("@", 1)[0]
        assert talk_id in timed
        own = Calendar.from_ical((site.html / f"calendar/talks/{talk_id}.ics").read_bytes()).walk("VEVENT")[0]
        assert event.to_ical() == own.to_ical()
    # in programme order: by start
    starts = [e.DTSTART for e in events]
    assert starts == sorted(starts)
    # every zone a talk uses has its VTIMEZONE
    assert {str(e["DTSTART"].params["TZID"]) for e in events} <= {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}


def test_calendar_names_say_whose_talks(site: Build) -> None:
    cal = Calendar.from_ical((site.html / calendar_path("speaker", "flynn")).read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "talkdeck basic: Talks by Flynn"
    assert str(cal["NAME"]) == "talkdeck basic: Talks by Flynn"


# --- the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", sorted(PAGES), ids=lambda p: p[0])
def test_head_links_the_pages_feed_and_calendar(site: Build, page: tuple[str, str, str]) -> None:
    docname, kind, ident = page
    html = site.page(docname)
    links = html.select('head link[rel="alternate"]')
    found = [(link["type"], link["title"], urlsplit(urljoin(f"{docname}.html", link["href"])).path) for link in links]
    own = [f for f in found if f[1] != SITE_FEED]
    expected = [("application/atom+xml", feed_path(kind, ident))]
    if PAGES[page] & TIMED:
        expected.append(("text/calendar", calendar_path(kind, ident)))
    assert [(t, p) for t, _, p in own] == expected
    assert len({title for _, title, _ in own}) == 1 and own[0][1].startswith("talkdeck basic: Talks ")
    assert found[-1][1] == SITE_FEED


@pytest.mark.parametrize("page", sorted(PAGES), ids=lambda p: p[0])
def test_subscribe_control_leads_to_the_files(site: Build, page: tuple[str, str, str]) -> None:
    docname, kind, ident = page
    html = site.page(docname)
    [control] = html.select(".tdk-subscribe")
    links = {a.get_text(): urlsplit(urljoin(f"{docname}.html", a["href"])).path for a in control.select("a")}
    expected = {"Atom feed": feed_path(kind, ident)}
    if PAGES[page] & TIMED:
        expected["Calendar"] = calendar_path(kind, ident)
    assert links == expected
    assert text(control.select_one(".tdk-subscribe-label")).startswith("Subscribe to talks ")
    # under the page's title
    heading = html.select_one("h1")
    assert heading is not None and heading.find_next(class_="tdk-subscribe") is control


def test_talk_and_prose_pages_have_no_subscription(site: Build) -> None:
    for docname in ("index", "kcna/mesh-intro", "pages/filters", "pages/overviews"):
        html = site.page(docname)
        assert html.select(".tdk-subscribe") == [], docname
        assert [link["title"] for link in html.select('head link[rel="alternate"]')] == [SITE_FEED], docname


def test_with_a_base_url_calendars_are_webcal_and_feeds_say_where_they_are(tmp_path: Path) -> None:
    with without_epoch():
        result = build_root("basic", tmp_path, confoverrides={"html_baseurl": BASEURL})
    control = result.page("speakers/flynn").select_one(".tdk-subscribe")
    hrefs = {a.get_text(): a["href"] for a in control.select("a")}
    assert hrefs["Calendar"] == "webcal://talks.example.org/wrap-up/calendar/speakers/flynn.ics"
    assert hrefs["Atom feed"] == "../feeds/speakers/flynn.xml"
    # the head links the file itself, which any client can fetch
    head = result.page("speakers/flynn").select_one('head link[type="text/calendar"]')
    assert head["href"] == "../calendar/speakers/flynn.ics"
    feed = atom(result.html / "feeds/speakers/flynn.xml")
    links = {link.get("rel"): link.get("href") for link in feed.findall("atom:link", NS)}
    assert links == {"alternate": BASEURL + "speakers/flynn.html", "self": BASEURL + "feeds/speakers/flynn.xml"}
    assert [e.find("atom:link", NS).get("href") for e in feed.findall("atom:entry", NS)] == [
        BASEURL + "kceu/policy-tutorial.html",
        BASEURL + "kceu/gateway-panel.html",
    ]
    cal = Calendar.from_ical((result.html / "calendar/speakers/flynn.ics").read_bytes())
    assert {str(e["URL"]) for e in cal.walk("VEVENT")} == {
        BASEURL + "kceu/policy-tutorial.html",
        BASEURL + "kceu/gateway-panel.html",
    }


def test_dirhtml_links_resolve(tmp_path: Path) -> None:
    out = build_with("dirhtml", copy_root("basic", tmp_path / "src"), tmp_path / "out")
    page = "speakers/flynn/index.html"
    html = soup(out / page)
    for href in [a["href"] for a in html.select(".tdk-subscribe a")] + [
        link["href"] for link in html.select('head link[rel="alternate"]')
    ]:
        assert (out / urlsplit(urljoin(page, href)).path).is_file(), href
    feed = atom(out / "feeds/speakers/flynn.xml")
    for entry in feed.findall("atom:entry", NS):
        target = urlsplit(urljoin("feeds/speakers/flynn.xml", entry.find("atom:link", NS).get("href"))).path
        assert (out / target / "index.html").is_file(), target


def test_other_builders_have_no_subscriptions(tmp_path: Path) -> None:
    out = build_with("singlehtml", copy_root("basic", tmp_path / "src"), tmp_path / "out")
    assert not (out / "feeds").exists() and not (out / "calendar").exists()
    html = soup(out / "index.html")
    assert html.select(".tdk-subscribe") == [] and html.select('link[type="text/calendar"]') == []


# --- incremental -----------------------------------------------------------------------------


def test_a_talk_gaining_a_start_gives_its_speaker_a_calendar(tmp_path: Path) -> None:
    """Kevin Leimkuhler's one talk is untimed: no calendar, no link. Timing it adds both, on a
    page Sphinx would not rewrite by itself (generated from the Domain), and removing the time
    takes them away again."""
    src = copy_root("basic", tmp_path / "src")
    first = build(src, tmp_path / "out", freshenv=True)
    page = "speakers/kevin-leimkuhler"
    assert not (first.html / calendar_path("speaker", "kevin-leimkuhler")).exists()
    assert first.page(page).select(".tdk-subscribe-calendar") == []
    talk = src / "kcna/packets.md"
    original = talk.read_text(encoding="utf-8")
    talk.write_text(original.replace("  summary:", "  start: 2022-10-26 16:00\n  summary:", 1), encoding="utf-8")
    second = build(src, tmp_path / "out")
    assert (second.html / calendar_path("speaker", "kevin-leimkuhler")).is_file()
    assert second.page(page).select(".tdk-subscribe-calendar")
    assert second.page(page).select('head link[type="text/calendar"]')
    talk.write_text(original, encoding="utf-8")
    third = build(src, tmp_path / "out")
    assert not (third.html / calendar_path("speaker", "kevin-leimkuhler")).exists()
    assert third.page(page).select(".tdk-subscribe-calendar") == []


def test_an_event_page_learns_it_has_timed_talks(tmp_path: Path) -> None:
    """The event page is a document: its control and head follow its talks through its digest."""
    src = copy_root("basic", tmp_path / "src")
    for path in src.glob("kceu/*.md"):
        content = path.read_text(encoding="utf-8")
        lines = [line for line in content.splitlines(keepends=True) if not line.startswith("  start:")]
        path.write_text("".join(lines), encoding="utf-8")
    first = build(src, tmp_path / "out", freshenv=True)
    assert first.page("kceu/index").select(".tdk-subscribe-calendar") == []
    keynote = src / "kceu/keynote.md"
    keynote.write_text(
        keynote.read_text(encoding="utf-8").replace("  duration:", "  start: 2023-04-19 09:30\n  duration:", 1),
        encoding="utf-8",
    )
    second = build(src, tmp_path / "out")
    assert second.page("kceu/index").select(".tdk-subscribe-calendar")
    assert (second.html / "calendar/events/kceu.ics").is_file()


# --- a conference with a co-located event, and talks known by their day (test-week) -----------


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Build:
    with without_epoch():
        return build_root("week", tmp_path_factory.mktemp("subscriptions-week"))


def _links(feed: ET.Element) -> list[str]:
    return [e.find("atom:link", NS).get("href", "").rsplit("/", 2)[-2:][-1] for e in feed.findall("atom:entry", NS)]  # type: ignore[union-attr]


def _events(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}


def test_a_co_located_event_has_its_own_feed_and_calendar(week: Build) -> None:
    """Each event's files hold its own programme, as its calendar for "Add to calendar" and its
    schedules do: MeshDay's talks are in MeshDay's, not in the conference's it is part of."""
    assert week.warnings == ""
    conf = atom(week.html / "feeds/events/conf-2022.xml")
    mesh = atom(week.html / "feeds/events/meshday-2022.xml")
    assert sorted(_links(conf)) == ["day-only.html", "evening.html", "keynote.html", "undated.html"]
    assert sorted(_links(mesh)) == ["cni.html", "rust.html"]
    assert sorted(_events(week.html / "calendar/events/conf-2022.ics")) == [
        "day-only@conf-2022.talkdeck",
        "evening@conf-2022.talkdeck",
        "keynote@conf-2022.talkdeck",
    ]
    assert sorted(_events(week.html / "calendar/events/meshday-2022.ics")) == [
        "cni@meshday-2022.talkdeck",
        "rust@meshday-2022.talkdeck",
    ]
    for docname, ident in (("conf/index", "conf-2022"), ("meshday/index", "meshday-2022")):
        html = week.page(docname)
        heads = {link["type"]: link["href"] for link in html.select('head link[rel="alternate"]')}
        assert heads["text/calendar"] == f"../calendar/events/{ident}.ics"
        [control] = html.select(".tdk-subscribe")
        assert {a.get_text() for a in control.select("a")} == {"Atom feed", "Calendar"}


def test_talks_known_by_their_day_are_all_day_entries_in_every_calendar(week: Build) -> None:
    """A talk with a day and no time is an all-day VEVENT (DTSTART a date) in its speaker's,
    topic's and event's calendars alike; a talk with neither is in feeds only."""
    for path in ("calendar/speakers/eliza-weisman.ics", "calendar/topics/rust.ics", "calendar/events/meshday-2022.ics"):
        events = _events(week.html / path)
        assert events["rust@meshday-2022.talkdeck"] == date(2022, 10, 25), path
    alex = _events(week.html / "calendar/speakers/alex-leong.ics")
    assert alex["day-only@conf-2022.talkdeck"] == date(2022, 10, 26)
    assert isinstance(alex["cni@meshday-2022.talkdeck"], datetime)
    # Jason Morgan's only talk here has no day: a feed, no calendar, no calendar link
    assert _links(atom(week.html / "feeds/speakers/jason-morgan.xml")) == ["undated.html"]
    assert not (week.html / "calendar/speakers/jason-morgan.ics").exists()
    html = week.page("speakers/jason-morgan")
    assert not html.select('head link[type="text/calendar"]')
    assert {a.get_text() for a in html.select(".tdk-subscribe a")} == {"Atom feed"}
