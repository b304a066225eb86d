"""schedule.json in the frab/pretalx JSON format: every field c3voc's schema requires, with the
right types and shapes, only timed talks, days and rooms as test-basic's talks give them, and
guids that never change between builds."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import Build, build_root
from talkdeck.core.model import Event, Talk
from talkdeck.exports import frab

# What https://c3voc.de/schedule/schema.json (voc/schedule, validator/json/schema.json) requires,
# written down here rather than copied: name -> allowed types, for each object of the format.
STR, INT, LIST, DICT, NONE = str, int, list, dict, type(None)
REQUIRED: dict[str, dict[str, tuple[type, ...]]] = {
    "top": {"schedule": (DICT,)},
    "schedule": {"version": (STR,), "conference": (DICT,)},
    "conference": {
        "acronym": (STR,),
        "title": (STR,),
        "start": (STR,),
        "end": (STR,),
        "daysCount": (INT,),
        "timeslot_duration": (STR,),
        "days": (LIST,),
    },
    "day": {"index": (INT,), "date": (STR,), "day_start": (STR,), "day_end": (STR,), "rooms": (DICT,)},
    "event": {
        "guid": (STR,),
        "id": (INT,),
        "date": (STR,),
        "start": (STR,),
        "duration": (STR,),
        "room": (STR,),
        "slug": (STR,),
        "url": (STR,),
        "title": (STR,),
        "subtitle": (STR, NONE),
        "track": (STR, NONE),
        "type": (STR,),
        "language": (STR, NONE),
        "abstract": (STR, NONE),
        "persons": (LIST,),
        "links": (LIST,),
    },
    # a person is either frab's (id + public_name) or pretalx's (name); never both, as the schema
    # says "oneOf": so no integer id next to the name
    "person": {"name": (STR,)},
    "room": {"name": (STR,), "guid": (STR,)},
    "link": {"url": (STR,)},
}
#: Objects the schema closes (additionalProperties: false): the only keys they may have.
ALLOWED = {
    "top": {"$schema", "schedule", "generator"},
    "conference": {
        *REQUIRED["conference"],
        *("description", "time_zone_name", "logo", "colors", "keywords", "url", "tracks", "rooms", "meta"),
    },
    "day": set(REQUIRED["day"]),
    "event": {
        *REQUIRED["event"],
        *("code", "logo", "end", "description", "recording_license", "do_not_record", "do_not_stream"),
        *("feedback_url", "origin_url", "attachments"),
    },
    "room": {"name", "slug", "type", "guid", "stream_id", "description", "capacity", "url", "features", "assembly"},
    "link": {"type", "url", "title"},
}
LINK_TYPES = {"slides", "paper", "web", "blog", "article", "media", "related", "activitypub"}
HHMM = re.compile(r"^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$")
DURATION = re.compile(r"^[0-9]+:[0-9]{2}$")
SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")


def check(kind: str, value: dict[str, Any]) -> None:
    """The required keys of one object with their types, and no key the schema forbids."""
    assert isinstance(value, dict), kind
    for key, types in REQUIRED.get(kind, {}).items():
        assert key in value, f"{kind} lacks {key!r}"
        assert isinstance(value[key], types) and not isinstance(value[key], bool), (kind, key, value[key])
    if kind in ALLOWED:
        assert set(value) <= ALLOWED[kind], (kind, sorted(set(value) - ALLOWED[kind]))


def aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset() is not None, text
    return moment


def events(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for day in document["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]


def read(folder: Path, path: str) -> dict[str, Any]:
    return json.loads((folder / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("schedule"))


@pytest.fixture(scope="module")
def kcna(basic: Build) -> dict[str, Any]:
    return read(basic.html, "schedules/kcna-2022.json")


@pytest.fixture(scope="module")
def kceu(basic: Build) -> dict[str, Any]:
    return read(basic.html, "schedules/kceu.json")


# --- the format -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["schedule.json", "schedules/kcna-2022.json", "schedules/kceu.json"])
def test_every_required_field_with_its_type(basic: Build, path: str) -> None:
    document = read(basic.html, path)
    check("top", document)
    assert document["$schema"] == "https://c3voc.de/schedule/schema.json"
    assert document["generator"]["name"] == "talkdeck"
    check("schedule", document["schedule"])
    assert "base_url" not in document["schedule"]  # no html_baseurl
    conference = document["schedule"]["conference"]
    check("conference", conference)
    assert ACRONYM.match(conference["acronym"]), conference["acronym"]
    assert DURATION.match(conference["timeslot_duration"])
    date.fromisoformat(conference["start"])
    date.fromisoformat(conference["end"])
    ZoneInfo(conference["time_zone_name"])
    for room in conference["rooms"]:
        check("room", room)
        uuid.UUID(room["guid"])
    assert conference["daysCount"] == len(conference["days"])
    for day in conference["days"]:
        check("day", day)
        assert aware(day["day_start"]) <= aware(day["day_end"])
        for name, talks in day["rooms"].items():
            assert isinstance(talks, list), name
            for event in talks:
                check("event", event)
                assert event["room"] == name
                assert uuid.UUID(event["guid"]).version == 5
                assert event["id"] >= 1
                assert HHMM.match(event["start"]) and DURATION.match(event["duration"])
                assert SLUG.match(event["slug"]), event["slug"]
                start = aware(event["date"])
                assert start.date().isoformat() == day["date"]
                assert start.strftime("%H:%M") == event["start"]
                hours, minutes = map(int, event["duration"].split(":"))
                assert aware(event["end"]) == start + timedelta(hours=hours, minutes=minutes)
                for person in event["persons"]:
                    check("person", person)
                    assert "id" not in person
                for link in event["links"]:
                    check("link", link)
                    assert link["url"].startswith(("https://", "http://")) and link["type"] in LINK_TYPES
                assert event["attachments"] == []


def test_file_text_is_sorted_utf8_with_a_trailing_newline(basic: Build) -> None:
    raw = (basic.html / "schedules/kcna-2022.json").read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


# --- the talks of test-basic ------------------------------------------------------------------


def test_only_timed_talks_are_in_it(kcna: dict[str, Any], kceu: dict[str, Any]) -> None:
    assert sorted(e["title"] for e in events(kcna)) == [
        "Controllers in Rust",
        "Service Mesh 101",
        "Zero Trust in Practice",
    ]
    assert sorted(e["title"] for e in events(kceu)) == [
        "A Keynote About Meshes",
        "Gateway API Panel",
        "Policy Tutorial",
    ]


def test_conference_days_and_rooms(kcna: dict[str, Any]) -> None:
    conference = kcna["schedule"]["conference"]
    assert (conference["acronym"], conference["title"]) == ("kcna_2022", "KubeCon + CloudNativeCon North America 2022")
    assert (conference["start"], conference["end"], conference["daysCount"]) == ("2022-10-24", "2022-10-28", 5)
    assert conference["time_zone_name"] == "America/Detroit"
    assert conference["timeslot_duration"] == "00:05"  # 35, 90 and 5 minutes, at :00 and :30
    assert conference["url"] == "kcna/index.html"
    assert [r["name"] for r in conference["rooms"]] == ["Room 140", "Room 201", "TBA"]
    days = conference["days"]
    assert [(d["index"], d["date"]) for d in days] == [(i + 1, f"2022-10-{24 + i}") for i in range(5)]
    placed = {(d["date"], room, e["title"]) for d in days for room, talks in d["rooms"].items() for e in talks}
    assert placed == {
        ("2022-10-25", "Room 201", "Zero Trust in Practice"),
        ("2022-10-26", "Room 140", "Service Mesh 101"),
        ("2022-10-27", "TBA", "Controllers in Rust"),  # no room given
    }
    # a day with talks runs from the first start to the last end; an empty one is the whole day
    assert (days[2]["day_start"], days[2]["day_end"]) == ("2022-10-26T14:30:00-04:00", "2022-10-26T15:05:00-04:00")
    assert (days[0]["day_start"], days[0]["day_end"]) == ("2022-10-24T00:00:00-04:00", "2022-10-25T00:00:00-04:00")
    assert all(set(d["rooms"]) == {"Room 140", "Room 201", "TBA"} for d in days)


def test_mesh_intro_as_a_schedule_event(kcna: dict[str, Any]) -> None:
    event = next(e for e in events(kcna) if e["title"] == "Service Mesh 101")
    assert event == {
        "guid": str(uuid.uuid5(frab.NAMESPACE, "talk:mesh-intro")),
        "id": event["id"],
        "date": "2022-10-26T14:30:00-04:00",
        "start": "14:30",
        "end": "2022-10-26T15:05:00-04:00",
        "duration": "00:35",
        "room": "Room 140",
        "slug": "kcna-2022-mesh-intro",
        "url": "kcna/mesh-intro.html",
        "title": "Service Mesh 101",
        "subtitle": "",
        "track": "Service mesh",
        "type": "talk",
        "language": "en",
        "abstract": "What a service mesh is and why you might want one.",
        "description": "",
        "persons": [
            {
                "name": "Alex Leong",
                "public_name": "Alex Leong",
                "guid": str(uuid.uuid5(frab.NAMESPACE, "speaker:alex-leong")),
                "url": "speakers/alex-leong.html",
            }
        ],
        "links": [
            {"url": "https://www.youtube.com/watch?v=mesh101", "title": "Video", "type": "media"},
            {"url": "https://slides.example.org/mesh-intro.pdf", "title": "Slides", "type": "slides"},
        ],
        "attachments": [],
    }


def test_times_are_in_the_conference_zone(kceu: dict[str, Any]) -> None:
    conference = kceu["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/Amsterdam"
    talks = {e["title"]: e for e in events(kceu)}
    assert (talks["A Keynote About Meshes"]["date"], talks["A Keynote About Meshes"]["room"]) == (
        "2023-04-19T09:30:00+02:00",
        "Hall 12",
    )
    # given at 10:00 in London: 11:00 in Amsterdam, the same moment; no duration, no room
    policy = talks["Policy Tutorial"]
    assert (policy["date"], policy["start"], policy["duration"], policy["room"]) == (
        "2023-04-21T11:00:00+02:00",
        "11:00",
        "00:00",
        "TBA",
    )
    assert aware(policy["date"]) == datetime(2023, 4, 21, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    assert [r["name"] for r in conference["rooms"]] == ["G102", "Hall 12", "TBA"]
    # a video on an unknown host is still a link; no slides, no link
    assert talks["Gateway API Panel"]["links"] == [
        {"url": "https://videos.example.org/watch?v=panel&t=30s", "title": "Video", "type": "media"}
    ]


def test_root_schedule_is_the_event_with_most_timed_talks(basic: Build, tmp_path: Path) -> None:
    # three timed talks each: the tie goes to the event that starts last
    assert (basic.html / "schedule.json").read_bytes() == (basic.html / "schedules/kceu.json").read_bytes()
    extra = (basic.srcdir / "kcna/rust-controllers.md").read_text(encoding="utf-8")
    extra = extra.replace("title: Controllers in Rust", "id: rust-again\n  title: Controllers in Rust, again")
    more = build_root("basic", tmp_path, extra={"kcna/rust-again.md": extra})
    assert (more.html / "schedule.json").read_bytes() == (more.html / "schedules/kcna-2022.json").read_bytes()
    assert len(events(read(more.html, "schedule.json"))) == 4


def test_guids_and_ids_are_unique_and_stable(basic: Build, tmp_path: Path) -> None:
    again = build_root("basic", tmp_path)
    for path in ("schedules/kcna-2022.json", "schedules/kceu.json"):
        first = {e["slug"]: (e["guid"], e["id"]) for e in events(read(basic.html, path))}
        second = {e["slug"]: (e["guid"], e["id"]) for e in events(read(again.html, path))}
        assert first == second
    both = [e for path in ("schedules/kcna-2022.json", "schedules/kceu.json") for e in events(read(basic.html, path))]
    assert len({e["guid"] for e in both}) == len({e["id"] for e in both}) == len(both) == 6
    rooms = [r["guid"] for path in ("schedules/kcna-2022.json", "schedules/kceu.json") for r in rooms_of(basic, path)]
    assert len(set(rooms)) == len(rooms) == 6  # 'TBA' of one event is not 'TBA' of the other


def rooms_of(build: Build, path: str) -> list[dict[str, Any]]:
    return read(build.html, path)["schedule"]["conference"]["rooms"]


def test_absolute_urls_and_base_url_under_html_baseurl(tmp_path: Path) -> None:
    base = "https://talks.example.org/conf/"
    result = build_root("basic", tmp_path, confoverrides={"html_baseurl": base})
    schedule = read(result.html, "schedules/kcna-2022.json")["schedule"]
    assert schedule["base_url"] == base
    assert schedule["conference"]["url"] == base + "kcna/index.html"
    mesh = next(e for e in events({"schedule": schedule}) if e["title"] == "Service Mesh 101")
    assert mesh["url"] == base + "kcna/mesh-intro.html"
    assert mesh["persons"][0]["url"] == base + "speakers/alex-leong.html"


# --- the pure parts ---------------------------------------------------------------------------


def test_conference_zone_falls_back_to_the_talks_then_utc() -> None:
    def talk(ident: str, zone: str) -> tuple[Talk, datetime, datetime]:
        moment = datetime(2024, 5, 1, 10, 0, tzinfo=ZoneInfo(zone))
        return Talk(ident, ident, timezone=zone), moment, moment

    plain = Event("x", "X")
    assert frab.conference_zone(Event("x", "X", timezone="Asia/Tokyo"), [talk("a", "Europe/Berlin")])[0] == "Asia/Tokyo"
    berlin = [talk("a", "Europe/London"), talk("b", "Europe/Berlin"), talk("c", "Europe/Berlin")]
    assert frab.conference_zone(plain, berlin)[0] == "Europe/Berlin"
    assert frab.conference_zone(plain, [talk("a", "Europe/London"), talk("b", "Europe/Berlin")])[0] == "Europe/Berlin"
    assert frab.conference_zone(plain, [])[0] == "UTC"


def test_durations_timeslots_and_colliding_ids() -> None:
    assert [frab.hhmm(m) for m in (0, 5, 90, 24 * 60)] == ["00:00", "00:05", "01:30", "24:00"]
    at = datetime(2024, 5, 1, 10, 0, tzinfo=ZoneInfo("UTC"))
    assert frab.timeslot([]) == 60
    assert frab.timeslot([(Talk("a", "A", duration=90), at, at)]) == 30
    assert frab.timeslot([(Talk("a", "A", duration=45), at.replace(minute=30), at)]) == 15
    value = uuid.uuid5(frab.NAMESPACE, "talk:x")
    taken: set[int] = set()
    first, second = frab.number(value, taken), frab.number(value, taken)
    assert first != second and taken == {first, second}
