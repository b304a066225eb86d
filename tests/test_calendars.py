"""iCalendar files: one per timed talk, one per event with its timed talks, parsed back with
icalendar and checked against test-basic's front-matter; the cards' "Add to calendar" links;
reproducible bytes under -j 2, incremental builds and SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from conftest import REPO, Build, build, build_root, build_with, copy_root, soup, text, without_epoch
from talkdeck.core.model import Event, Talk
from talkdeck.exports import calendars as calendars_module
from talkdeck.exports.calendars import NAMESPACE, PRODID, assemble, calendar, calendar_object, part, vevent

#: test-basic's timed talks: id -> (event, time zone, local start, minutes, title, room + place, topics).
TIMED = {
    "zero-trust": (
        "kcna-2022",
        "America/Detroit",
        "2022-10-25T11:00:00-04:00",
        90,
        "Zero Trust in Practice",
        "Room 201, Detroit, Michigan, USA",
        ["Zero trust", "Security"],
    ),
    "mesh-intro": (
        "kcna-2022",
        "America/Detroit",
        "2022-10-26T14:30:00-04:00",
        35,
        "Service Mesh 101",
        "Room 140, Detroit, Michigan, USA",
        ["Service mesh", "Security"],
    ),
    "rust-controllers": (
        "kcna-2022",
        "America/Detroit",
        "2022-10-27T17:00:00-04:00",
        5,
        "Controllers in Rust",
        "Detroit, Michigan, USA",
        ["Kubernetes controllers"],
    ),
    "keynote": (
        "kceu",
        "Europe/Amsterdam",
        "2023-04-19T09:30:00+02:00",
        15,
        "A Keynote About Meshes",
        "Hall 12, Amsterdam, Netherlands",
        ["Service mesh"],
    ),
    "gateway-panel": (
        "kceu",
        "Europe/Amsterdam",
        "2023-04-20T16:00:00+02:00",
        35,
        "Gateway API Panel",
        "G102, Amsterdam, Netherlands",
        ["Networking", "Community"],
    ),
    "policy-tutorial": (
        "kceu",
        "Europe/London",
        "2023-04-21T10:00:00+01:00",
        0,
        "Policy Tutorial",
        "Amsterdam, Netherlands",
        ["Security", "Policy"],
    ),
}
UNTIMED = {"ambient": "kceu/ambient", "whose-packet": "kcna/packets", "state-of-linkerd": "kcna/state-of-linkerd"}
#: The latest moment in test-basic's data: the policy tutorial's 10:00, read as UTC (site.export_timestamp).
DATA_STAMP = datetime(2023, 4, 21, 10, 0, tzinfo=UTC)
BASEURL = "https://talks.example.org/wrap-up/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    with without_epoch():
        return build_root("basic", tmp_path_factory.mktemp("calendars"))


def calendars(html: Path) -> dict[str, bytes]:
    return {
        p.relative_to(html).as_posix(): p.read_bytes() for p in sorted((html / "calendar").rglob("*")) if p.is_file()
    }


def parse(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


# --- the files ---------------------------------------------------------------------------------


def test_one_calendar_per_timed_talk_and_per_event(site: Build) -> None:
    assert site.warnings == ""
    # the calendars of speakers, topics, projects and organisations: test_subscriptions
    files = sorted(p for p in calendars(site.html) if p.startswith(("calendar/talks/", "calendar/events/")))
    assert files == sorted(
        [f"calendar/talks/{talk}.ics" for talk in TIMED] + ["calendar/events/kceu.ics", "calendar/events/kcna-2022.ics"]
    )
    for untimed in UNTIMED:
        assert not (site.html / f"calendar/talks/{untimed}.ics").exists()


@pytest.mark.parametrize("talk_id", sorted(TIMED))
def test_talk_calendar_matches_the_front_matter(site: Build, talk_id: str) -> None:
    event_id, zone, start, minutes, title, location, topics = TIMED[talk_id]
    cal = parse(site.html / f"calendar/talks/{talk_id}.ics")
    assert (str(cal["VERSION"]), str(cal["PRODID"]), str(cal["CALSCALE"])) == (
        "2.0",
        "-//talkdeck//talk calendars//EN",
        "GREGORIAN",
    )
    assert str(cal["X-WR-CALNAME"]) == title
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == f"{talk_id}@{event_id}.talkdeck"
    assert str(event["SUMMARY"]) == title
    # the talk's own zone by name, and the offset it had on that day
    assert event["DTSTART"].params["TZID"] == zone
    assert event.start.isoformat() == start
    assert event.start.tzinfo.key == zone
    if minutes:
        assert event["DTEND"].params["TZID"] == zone
        assert event.end - event.start == timedelta(minutes=minutes)
    else:
        assert "DTEND" not in event  # no duration: RFC 5545 has it end when it starts
    assert event["DTSTAMP"].dt == DATA_STAMP
    assert str(event["LOCATION"]) == location
    assert [str(c) for c in event.categories] == topics
    assert "URL" not in event  # no html_baseurl, no address to give
    # a client without the tz database reads the offset from the VTIMEZONE shipped alongside
    [vtimezone] = cal.walk("VTIMEZONE")
    assert vtimezone.tz_name == zone
    local = datetime.fromisoformat(start).replace(tzinfo=None)
    assert vtimezone.to_tz().utcoffset(local) == datetime.fromisoformat(start).utcoffset()


def test_description_holds_summary_and_speakers(site: Build) -> None:
    [event] = parse(site.html / "calendar/talks/zero-trust.ics").walk("VEVENT")
    assert str(event["DESCRIPTION"]) == (
        "A hands-on workshop on zero-trust networking.\n\nSpeakers: Jason Morgan (Buoyant), Ashley Davis (Jetstack)"
    )


@pytest.mark.parametrize(
    ("event_id", "talks", "zones"),
    [
        ("kcna-2022", ["zero-trust", "mesh-intro", "rust-controllers"], ["America/Detroit"]),
        ("kceu", ["keynote", "gateway-panel", "policy-tutorial"], ["Europe/Amsterdam", "Europe/London"]),
    ],
)
def test_event_calendar_holds_exactly_its_timed_talks(
    site: Build, event_id: str, talks: list[str], zones: list[str]
) -> None:
    cal = parse(site.html / f"calendar/events/{event_id}.ics")
    name = {"kcna-2022": "KubeCon + CloudNativeCon North America 2022", "kceu": "KubeCon + CloudNativeCon Europe 2023"}
    assert str(cal["X-WR-CALNAME"]) == name[event_id]
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{t}@{event_id}.talkdeck" for t in talks]  # programme order
    for event, talk in zip(events, talks, strict=True):
        assert event.start.isoformat() == TIMED[talk][2]
        # the same VEVENT as in the talk's own file
        [alone] = parse(site.html / f"calendar/talks/{talk}.ics").walk("VEVENT")
        assert event.to_ical() == alone.to_ical()
    assert [tz.tz_name for tz in cal.walk("VTIMEZONE")] == zones


def test_uids_are_unique(site: Build) -> None:
    uids = [str(e["UID"]) for t in TIMED for e in parse(site.html / f"calendar/talks/{t}.ics").walk("VEVENT")]
    assert len(set(uids)) == len(TIMED)


def test_page_url_when_the_site_has_a_base_url(tmp_path: Path) -> None:
    with without_epoch():
        result = build_root("basic", tmp_path, confoverrides={"html_baseurl": BASEURL})
    [event] = parse(result.html / "calendar/talks/mesh-intro.ics").walk("VEVENT")
    assert str(event["URL"]) == BASEURL + "kcna/mesh-intro.html"
    out = build_with(
        "dirhtml", copy_root("basic", tmp_path / "dsrc"), tmp_path / "dout", confoverrides={"html_baseurl": BASEURL}
    )
    [event] = parse(out / "calendar/talks/mesh-intro.ics").walk("VEVENT")
    assert str(event["URL"]) == BASEURL + "kcna/mesh-intro/"


# --- the links on cards ------------------------------------------------------------------------


def calendar_links(html: Path, page: str) -> list[tuple[str, str]]:
    """(resolved path, link text) of every calendar link on an output page."""
    found = []
    for anchor in soup(html / page).select("a.tdk-calendar"):
        assert "download" in anchor.attrs
        found.append((urlsplit(urljoin(page, anchor["href"])).path, text(anchor)))
    return found


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("index.html", sorted(TIMED)),
        ("kcna/mesh-intro.html", ["mesh-intro"]),  # its own card (the related talks add more)
        ("speakers/flynn.html", ["gateway-panel", "policy-tutorial"]),
        ("topics/security.html", ["mesh-intro", "policy-tutorial", "zero-trust"]),
    ],
)
def test_card_links_lead_to_the_talks_calendars(site: Build, page: str, expected: list[str]) -> None:
    links = calendar_links(site.html, page)
    talks = sorted({Path(path).stem for path, _ in links if path.startswith("calendar/talks/")})
    if page == "kcna/mesh-intro.html":
        card = soup(site.html / page).select_one(".tdk-card-page")
        assert card.select_one("a.tdk-calendar")["href"] == "../calendar/talks/mesh-intro.ics"
        talks = [t for t in talks if t in expected]
    assert talks == expected
    for path, label in links:
        assert (site.html / path).is_file()
        assert label.startswith(("Add to calendar", "Add "))


def test_every_calendar_link_of_the_site_resolves_to_its_talk(site: Build) -> None:
    checked = 0
    for path in sorted(site.html.rglob("*.html")):
        page = path.relative_to(site.html).as_posix()
        for card in soup(path).select(".tdk-card:not(.tdk-event-card)"):
            anchor = card.select_one("a.tdk-calendar")
            if anchor is None:
                continue
            target = site.html / urlsplit(urljoin(page, anchor["href"])).path
            [event] = parse(target).walk("VEVENT")
            title = card.select_one(".tdk-title-link")
            shown = text(title) if title is not None else text(soup(path).find("h1")).rstrip("¶")
            assert str(event["SUMMARY"]) == shown, page
            checked += 1
    assert checked > 20


def test_untimed_talks_offer_no_calendar(site: Build) -> None:
    for docname in UNTIMED.values():
        card = site.page(docname).select_one(".tdk-card-page")
        assert card is not None
        assert card.select_one("a.tdk-calendar") is None
    titles = {text(a) for a in site.page("index").select(".tdk-card .tdk-title-link")}
    assert "Ambient or Sidecar?" in titles
    for card in site.page("index").select(".tdk-card"):
        if text(card.select_one(".tdk-title-link")) in ("Ambient or Sidecar?", "Overview and State of Linkerd"):
            assert card.select_one("a.tdk-calendar") is None


@pytest.mark.parametrize(
    ("page", "event_id", "label"),
    [
        ("kcna/index.html", "kcna-2022", "Add 3 talks to your calendar"),
        ("kceu/index.html", "kceu", "Add 3 talks to your calendar"),
        ("pages/picks.html", "kceu", "Add 3 talks to your calendar"),
    ],
)
def test_event_cards_offer_the_event_calendar(site: Build, page: str, event_id: str, label: str) -> None:
    card = soup(site.html / page).select_one(".tdk-event-card")
    anchor = card.select_one("a.tdk-calendar")
    assert "download" in anchor.attrs
    assert urlsplit(urljoin(page, anchor["href"])).path == f"calendar/events/{event_id}.ics"
    assert text(anchor) == label
    assert (site.html / f"calendar/events/{event_id}.ics").is_file()


def test_dirhtml_links_resolve(tmp_path: Path) -> None:
    with without_epoch():
        out = build_with("dirhtml", copy_root("basic", tmp_path / "src"), tmp_path / "out")
    checked = 0
    for path in sorted(out.rglob("index.html")):
        page = path.relative_to(out).as_posix()
        for anchor in soup(path).select("a.tdk-calendar"):
            target = urlsplit(urljoin(page, anchor["href"])).path
            assert (out / target).is_file(), f"{page} links to missing {anchor['href']}"
            checked += 1
    assert checked > 20
    card = soup(out / "kcna/mesh-intro/index.html").select_one(".tdk-card-page")
    assert card.select_one("a.tdk-calendar")["href"] == "../../calendar/talks/mesh-intro.ics"
    files = {p.relative_to(out).as_posix() for p in (out / "calendar" / "talks").rglob("*.ics")}
    files |= {p.relative_to(out).as_posix() for p in (out / "calendar" / "events").rglob("*.ics")}
    assert files == {
        *(f"calendar/talks/{t}.ics" for t in TIMED),
        "calendar/events/kceu.ics",
        "calendar/events/kcna-2022.ics",
    }


def test_other_builders_neither_write_nor_link_calendars(tmp_path: Path) -> None:
    out = build_with("singlehtml", copy_root("basic", tmp_path / "src"), tmp_path / "out")
    assert not (out / "calendar").exists()
    assert soup(out / "index.html").select("a.tdk-calendar") == []
    assert soup(out / "index.html").select(".tdk-card")  # the cards are there, without the link


# --- reproducible bytes -------------------------------------------------------------------------


def test_parallel_build_writes_the_same_calendars(site: Build, tmp_path: Path) -> None:
    with without_epoch():
        parallel = build_root("basic", tmp_path, parallel=2)
    assert parallel.warnings == ""
    assert calendars(parallel.html) == calendars(site.html)


def test_incremental_build_writes_what_a_clean_build_writes(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    with without_epoch():
        build(src, tmp_path / "out", freshenv=True)
        # one talk moves, one loses its start, one gains one
        edit(src / "kcna/mesh-intro.md", "start: 2022-10-26 14:30", "start: 2022-10-26 16:45")
        edit(src / "kceu/policy-tutorial.md", "  start: 2023-04-21 10:00\n", "")
        edit(src / "kcna/packets.md", "  summary:", "  start: 2022-10-24 11:15\n  duration: 25\n  summary:")
        incremental = build(src, tmp_path / "out")
        clean = build(copy_root_from(src, tmp_path / "clean-src"), tmp_path / "clean-out", freshenv=True)
    assert incremental.warnings == clean.warnings == ""
    mine, theirs = calendars(incremental.html), calendars(clean.html)
    assert "calendar/talks/policy-tutorial.ics" not in mine  # deleted, not left over
    assert "calendar/talks/whose-packet.ics" in mine
    assert sorted(mine) == sorted(theirs)
    assert [name for name in theirs if mine[name] != theirs[name]] == []
    [event] = parse(incremental.html / "calendar/talks/mesh-intro.ics").walk("VEVENT")
    assert event.start.isoformat() == "2022-10-26T16:45:00-04:00"
    # pages showing the cards follow: the untimed talk lost its link, the event card its count
    pages = ("index.html", "pages/picks.html", "kceu/index.html", "kcna/index.html", "speakers/flynn.html")
    for page in pages:
        assert (incremental.html / page).read_bytes() == (clean.html / page).read_bytes(), page
    # picks.md shows the kceu event card and the whose-packet card, and was not edited itself
    picks = [target for target, _ in calendar_links(incremental.html, "pages/picks.html")]
    assert picks == ["calendar/talks/mesh-intro.ics", "calendar/talks/whose-packet.ics", "calendar/events/kceu.ics"]
    event_card = soup(incremental.html / "pages/picks.html").select_one(".tdk-event-card a.tdk-calendar")
    assert text(event_card) == "Add 2 talks to your calendar"
    assert incremental.page("kceu/policy-tutorial").select_one(".tdk-card-page a.tdk-calendar") is None


def test_source_date_epoch_sets_dtstamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = build_root("basic", tmp_path)
    for path in sorted((result.html / "calendar").rglob("*.ics")):
        for event in parse(path).walk("VEVENT"):
            assert event["DTSTAMP"].dt == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def test_two_time_zones_come_out_in_the_same_order_under_any_hash_seed() -> None:
    """icalendar's add_missing_timezones walks a set; ours must not depend on string hashing."""
    script = (
        "from datetime import UTC, datetime\n"
        "from talkdeck.exports.calendars import calendar, vevent\n"
        "from talkdeck.core.model import Event, Talk\n"
        "event = Event(id='e', name='E', timezone='Europe/Amsterdam')\n"
        "talks = [Talk(id='a', title='A', event='e', start=datetime(2023, 4, 20, 9), duration=30),\n"
        "         Talk(id='b', title='B', event='e', start=datetime(2023, 4, 20, 9), timezone='Europe/London'),\n"
        "         Talk(id='c', title='C', event='e', start=datetime(2023, 4, 20, 9), timezone='Asia/Tokyo')]\n"
        "stamp = datetime(2023, 1, 1, tzinfo=UTC)\n"
        "import sys\n"
        "sys.stdout.buffer.write(calendar('E', 'e', [vevent(t, event, stamp, '') for t in talks]))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO / "_ext")}
        outputs.add(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True).stdout)
    [only] = outputs
    assert [tz.tz_name for tz in Calendar.from_ical(only).walk("VTIMEZONE")] == [
        "Asia/Tokyo",
        "Europe/Amsterdam",
        "Europe/London",
    ]


def test_events_serialised_once_give_the_bytes_of_the_whole_calendar() -> None:
    """assemble() puts each VEVENT's own bytes (its part, kept between builds) after the
    calendar's head and zones: the same bytes icalendar writes for the whole, events of three
    zones and one without an end, and every event still whole when its bytes are reused."""
    event = Event(id="e", name="E", timezone="Europe/Amsterdam")
    talks = [
        Talk(id="a", title="A, one", event="e", start=datetime(2023, 4, 20, 9), duration=30, summary="x\ny"),
        Talk(id="b", title="B", event="e", start=datetime(2023, 4, 20, 11), timezone="Europe/London"),
        Talk(id="c", title="C" * 200, event="e", start=datetime(2024, 1, 2, 9), timezone="Asia/Tokyo", duration=5),
    ]
    events = [vevent(t, event, DATA_STAMP, f"https://example.org/{t.id}.html") for t in talks]
    whole = Calendar.new(prodid=PRODID, name="E", calscale="GREGORIAN", uid=uuid.uuid5(NAMESPACE, "e"))
    for tzid in ("Asia/Tokyo", "Europe/Amsterdam", "Europe/London"):
        whole.add_component(Timezone.from_tzid(tzid, first_date=date(2023, 1, 1), last_date=date(2025, 1, 1)))
    for item in events:
        whole.add_component(item)
    parts = [part(e) for e in events]
    assert [p[1:] for p in parts] == [
        (("Europe/Amsterdam",), 2023, 2023),
        (("Europe/London",), 2023, 2023),
        (("Asia/Tokyo",), 2024, 2024),
    ]
    assert assemble("E", "e", parts) == whole.to_ical() == calendar("E", "e", events)
    assert calendar_object("E", "e", events).to_ical() == whole.to_ical()
    assert len(Calendar.from_ical(calendar("E", "e", events)).walk("VEVENT")) == 3
    assert calendar("E", "e", []).count(b"BEGIN:") == 1


def test_an_edit_serialises_again_only_the_talks_it_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each timed talk's VEVENT is kept in the Domain after reading: a rebuild after renaming one
    speaker serialises that talk alone, though its event's, speaker's and topics' calendars are
    all made again; and the files are those a clean build makes."""
    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "out", freshenv=True)
    serialised: list[str] = []
    original = calendars_module.part

    def counted(event: VEvent) -> tuple:
        serialised.append(str(event["UID"]))
        return original(event)

    monkeypatch.setattr(calendars_module, "part", counted)
    page = src / "kcna" / "zero-trust.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Jason Morgan", "Jason Morgan-Renamed"), encoding="utf-8")
    again = build(src, tmp_path / "out")
    assert again.warnings == ""
    assert serialised == ["zero-trust@kcna-2022.talkdeck"]
    clean = build(src, tmp_path / "clean", freshenv=True)
    for path in sorted((clean.html / "calendar").rglob("*.ics")):
        assert (again.html / path.relative_to(clean.html)).read_bytes() == path.read_bytes(), path


# --- hostile text ---------------------------------------------------------------------------------

HOSTILE = """\
---
talk:
  title: "Commas, semicolons; a \\\\ backslash \\"quoted\\" <script>alert(1)</script>"
  event: kcna-2022
  format: talk
  speakers:
    - name: "Evil; \\"Name\\", Esq."
  topics: ["Mesh, service", "a;b"]
  summary: "Not a line break: \\\\n END:VEVENT BEGIN:VEVENT"
  start: 2022-10-26 09:00
  duration: 20
  room: "Room 1, upstairs; left"
---

```{talk}
```
"""


def test_hostile_text_round_trips(tmp_path: Path) -> None:
    with without_epoch():
        result = build_root("basic", tmp_path, extra={"kcna/hostile.md": HOSTILE})
    assert result.warnings == ""
    [event] = parse(result.html / "calendar/talks/hostile.ics").walk("VEVENT")
    assert str(event["SUMMARY"]) == 'Commas, semicolons; a \\ backslash "quoted" <script>alert(1)</script>'
    assert str(event["DESCRIPTION"]) == (
        'Not a line break: \\n END:VEVENT BEGIN:VEVENT\n\nSpeakers: Evil; "Name", Esq.'
    )
    assert str(event["LOCATION"]) == "Room 1, upstairs; left, Detroit, Michigan, USA"
    assert [str(c) for c in event.categories] == ["Mesh, service", "a;b"]
    # the text's END:VEVENT ended nothing: the event calendar still holds one VEVENT per talk
    kcna = parse(result.html / "calendar/events/kcna-2022.ics").walk("VEVENT")
    assert len(kcna) == 4
    assert "hostile@kcna-2022.talkdeck" in [str(e["UID"]) for e in kcna]


def test_control_characters_never_reach_the_file() -> None:
    """The schema refuses them in front-matter; the calendar does not rely on it."""
    event = Event(id="e", name="E\x1b", timezone="Europe/Amsterdam")
    talk = Talk(id="t", title="Bell\x07", event="e", start=datetime(2023, 4, 20, 9), room="R\x00", topics=("x\x01",))
    data = calendar(event.name, "e", [vevent(talk, event, DATA_STAMP, "")])
    assert not any(byte < 0x20 and byte not in b"\r\n" for byte in data)
    [parsed] = Calendar.from_ical(data).walk("VEVENT")
    assert (str(parsed["SUMMARY"]), str(parsed["LOCATION"]), [str(c) for c in parsed.categories]) == (
        "Bell",
        "R",
        ["x"],
    )


def test_no_calendar_without_a_known_time_zone() -> None:
    talk = Talk(id="t", title="T", event="e", start=datetime(2023, 4, 20, 9))
    assert vevent(talk, None, DATA_STAMP, "") is None
    assert vevent(talk, Event(id="e", name="E", timezone="Mars/Olympus"), DATA_STAMP, "") is None
    assert vevent(Talk(id="t", title="T", event="e"), Event(id="e", name="E", timezone="UTC"), DATA_STAMP, "") is None


# --- helpers ----------------------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert old in source, f"{old!r} not in {path}"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")


def copy_root_from(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return dest
