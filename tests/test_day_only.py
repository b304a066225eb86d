"""A talk known by its day only (`start: 2022-10-26`), as test-week has one: its card shows the
day, it sorts after the timed talks of that day, its own calendar and its event's have it as an
all-day entry, talks.json and JSON-LD give the date, the feed dates it to that day, and the frab
schedule (which needs a time) leaves it out."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from lxml import etree

from conftest import Build, build_root, text
from talkdeck.core.model import Event, Talk, start_key


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("week", tmp_path_factory.mktemp("day-only"))


def calendar(result: Build, path: str) -> Calendar:
    return Calendar.from_ical((result.html / path).read_bytes())


def read(result: Build, path: str) -> Any:
    return json.loads((result.html / path).read_text(encoding="utf-8"))


def test_the_card_shows_the_day_as_a_date(site: Build) -> None:
    when = site.page("conf/day-only").select_one(".tdk-card-page .tdk-when time")
    assert (when["datetime"], text(when)) == ("2022-10-26", "Wednesday 26 October 2022")
    assert "tdk-day" in when["class"]
    # a timed talk keeps its time and zone
    keynote = site.page("conf/keynote").select_one(".tdk-card-page .tdk-when time")
    assert (keynote["datetime"], text(keynote)) == (
        "2022-10-26T09:00:00-04:00",
        "Wednesday 26 October 2022, 09:00–09:30 EDT",
    )


def test_it_sorts_after_the_timed_talks_of_its_day() -> None:
    event = Event("e", "E", timezone="America/Detroit")
    timed = Talk("t", "T", start=datetime(2022, 10, 26, 23, 59))
    day = Talk("d", "D", day=date(2022, 10, 26))
    next_morning = Talk("n", "N", start=datetime(2022, 10, 27, 0, 0))
    undated = Talk("u", "U")
    ordered = sorted([undated, next_morning, day, timed], key=lambda t: start_key(t, event))
    assert [t.id for t in ordered] == ["t", "d", "n", "u"]
    # in UTC: the end of the day in Detroit is 04:00 the next day
    assert start_key(day, event) == (False, datetime(2022, 10, 27, 3, 59, 59, 999999))


def test_its_own_calendar_is_an_all_day_entry(site: Build) -> None:
    (entry,) = calendar(site, "calendar/talks/day-only.ics").walk("VEVENT")
    assert entry.decoded("DTSTART") == date(2022, 10, 26)
    assert entry.decoded("DTEND") == date(2022, 10, 27)
    assert entry["DTSTART"].params["VALUE"] == "DATE"
    assert str(entry["SUMMARY"]) == "A Talk Known By Its Day"
    card = site.page("conf/day-only").select_one(".tdk-card-page a.tdk-calendar")
    assert card["href"] == "../calendar/talks/day-only.ics"
    # a talk with neither day nor time has none
    assert not (site.html / "calendar/talks/undated.ics").exists()
    assert site.page("conf/undated").select_one(".tdk-calendar") is None


def test_the_event_calendar_has_it_next_to_the_timed_talks(site: Build) -> None:
    entries = {str(e["SUMMARY"]): e for e in calendar(site, "calendar/events/conf-2022.ics").walk("VEVENT")}
    assert sorted(entries) == ["A Talk Known By Its Day", "Evening Session", "Opening Keynote"]
    assert entries["A Talk Known By Its Day"].decoded("DTSTART") == date(2022, 10, 26)
    detroit = ZoneInfo("America/Detroit")
    assert entries["Opening Keynote"].decoded("DTSTART") == datetime(2022, 10, 26, 9, 0, tzinfo=detroit)
    meshday = [str(e["SUMMARY"]) for e in calendar(site, "calendar/events/meshday-2022.ics").walk("VEVENT")]
    assert meshday == ["CNI Boundaries", "Control Planes in Rust"]


def test_talks_json_gives_the_date_and_no_start(site: Build) -> None:
    talks = {t["id"]: t for t in read(site, "talks.json")["talks"]}
    assert (talks["day-only"]["date"], talks["day-only"]["start"], talks["day-only"]["timezone"]) == (
        "2022-10-26",
        None,
        "",
    )
    assert (talks["keynote"]["date"], talks["keynote"]["start"]) == ("2022-10-26", "2022-10-26T09:00:00-04:00")
    assert talks["undated"]["date"] is None
    assert talks["keynote"]["schedule_url"] == "https://schedule.example.org/event/keynote"
    # the event's programme puts it after Wednesday's timed talks
    events = {e["id"]: e for e in read(site, "talks.json")["events"]}
    assert events["conf-2022"]["talks"] == ["keynote", "evening", "day-only", "undated"]


def test_the_schedule_leaves_it_out_and_links_the_conference_schedule(site: Build) -> None:
    conference = read(site, "schedules/conf-2022.json")["schedule"]["conference"]
    found = {e["title"]: e for day in conference["days"] for room in day["rooms"].values() for e in room}
    assert sorted(found) == ["Evening Session", "Opening Keynote"]
    assert {
        "url": "https://schedule.example.org/event/keynote",
        "title": "In the conference's schedule",
        "type": "related",
    } in found["Opening Keynote"]["links"]


def test_json_ld_gives_its_date(site: Build) -> None:
    data = json.loads(site.page("conf/day-only").find("script", type="application/ld+json").string)
    assert data["startDate"] == "2022-10-26"
    assert "endDate" not in data
    keynote = json.loads(site.page("conf/keynote").find("script", type="application/ld+json").string)
    assert keynote["sameAs"] == "https://schedule.example.org/event/keynote"


def test_the_feed_dates_it_to_its_day(site: Build) -> None:
    feed = etree.fromstring((site.html / "feed.xml").read_bytes())
    atom = {"a": "http://www.w3.org/2005/Atom"}
    updated = {
        e.findtext("a:title", namespaces=atom): e.findtext("a:updated", namespaces=atom)
        for e in feed.findall("a:entry", atom)
    }
    assert datetime.fromisoformat(updated["A Talk Known By Its Day"]) == datetime(2022, 10, 26, tzinfo=UTC)


def test_the_card_links_the_conference_schedule(site: Build) -> None:
    link = site.page("conf/keynote").select_one(".tdk-card-page a.tdk-schedule")
    assert (link["href"], text(link)) == ("https://schedule.example.org/event/keynote", "In the schedule")
