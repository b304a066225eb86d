"""The archive formats others read, parsed and validated: pyvideo's JSON against pyvideo's own
schemas, frab's schedule.xml against c3voc's XSD (lxml's XMLSchema), and xCal (RFC 6321) read
back into the same events as the .ics calendar of the event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from icalendar import Calendar
from lxml import etree

from conftest import TESTS, Build, build_root

FIXTURES = TESTS / "fixtures"
BASE = "https://talks.example.org/en/latest/"
XCAL = "{urn:ietf:params:xml:ns:icalendar-2.0}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    done = build_root(
        "media", tmp_path_factory.mktemp("interchange"), warningiserror=True, confoverrides={"html_baseurl": BASE}
    )
    assert done.statuscode == 0, done.warnings
    return done


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Build:
    done = build_root("media", tmp_path_factory.mktemp("interchange-local"), warningiserror=True)
    assert done.statuscode == 0, done.warnings
    return done


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# --- pyvideo --------------------------------------------------------------------------------


def test_pyvideo_files_validate_against_pyvideos_schemas(site: Build) -> None:
    folder = site.html / "pyvideo" / "meshconf-2024"
    category_schema = load(FIXTURES / "pyvideo/category.json")
    video_schema = load(FIXTURES / "pyvideo/video.json")
    jsonschema.validators.validator_for(category_schema)(category_schema).validate(load(folder / "category.json"))
    videos = sorted(p.name for p in (folder / "videos").iterdir())
    # every talk with a recording; the unrecorded workshop is no video
    assert videos == ["elsewhere.json", "hosted.json", "peer.json", "served.json", "short.json"]
    checker = jsonschema.validators.validator_for(video_schema)
    for name in videos:
        document = load(folder / "videos" / name)
        checker(video_schema, format_checker=checker.FORMAT_CHECKER).validate(document)
        assert document["slug"] == name.removesuffix(".json")


def test_pyvideo_values(site: Build) -> None:
    folder = site.html / "pyvideo" / "meshconf-2024"
    assert load(folder / "category.json") == {
        "title": "Mesh Conference 2024",
        "description": None,
        "url": BASE + "talks/conf/index.html",
        "start_date": "2024-05-14",
        "end_date": "2024-05-15",
    }
    hosted = load(folder / "videos/hosted.json")
    assert hosted["videos"] == [
        {"type": "youtube", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        {"type": "vimeo", "url": "https://vimeo.com/76979871"},
    ]
    assert (hosted["language"], hosted["duration"], hosted["recorded"]) == ("eng", 2292, "2024-05-14T10:00:00+02:00")
    assert hosted["speakers"] == ["Ada Example"] and hosted["tags"] == ["Reliability"]
    assert {"label": "Captions (en), WebVTT", "url": BASE + "talks/conf/hosted.en.vtt"} in hosted["related_urls"]
    served = load(folder / "videos/served.json")
    assert served["videos"] == [{"type": "mp4", "url": BASE + "_static/clip.mp4"}]


def test_without_a_base_url_a_file_the_site_serves_is_no_pyvideo_video(local: Build) -> None:
    videos = local.html / "pyvideo" / "meshconf-2024" / "videos"
    assert not (videos / "served.json").exists() and (videos / "hosted.json").exists()
    assert all(r["url"].startswith("https://") for r in load(videos / "hosted.json")["related_urls"])


# --- frab schedule.xml ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIXTURES / "c3voc/schedule.xml.xsd")))


@pytest.mark.parametrize("which", ["site", "local"])
def test_schedule_xml_is_valid_against_c3vocs_xsd(which: str, request: pytest.FixtureRequest, xsd) -> None:  # type: ignore[no-untyped-def]
    built: Build = request.getfixturevalue(which)
    for path in (built.html / "schedule.xml", built.html / "schedules/meshconf-2024.xml"):
        document = etree.parse(str(path))
        assert xsd.validate(document), xsd.error_log


def test_schedule_xml_says_what_schedule_json_says(site: Build) -> None:
    data = load(site.html / "schedules/meshconf-2024.json")["schedule"]
    root = etree.parse(str(site.html / "schedules/meshconf-2024.xml")).getroot()
    assert root.findtext("version") == data["version"]
    assert root.findtext("conference/acronym") == data["conference"]["acronym"]
    assert root.findtext("conference/url") == BASE + "talks/conf/index.html"
    json_events = [
        (e["guid"], e["title"], e["date"], e["room"])
        for d in data["conference"]["days"]
        for r in d["rooms"].values()
        for e in r
    ]
    xml_events = [
        (e.get("guid"), e.findtext("title"), e.findtext("date"), e.findtext("room")) for e in root.iter("event")
    ]
    assert sorted(xml_events) == sorted(json_events) and len(xml_events) == 6
    hosted = next(e for e in root.iter("event") if e.findtext("title") == "Retries Without Regret")
    assert [(link.get("href"), link.text) for link in hosted.find("links")] == [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "Video"),
        ("https://vimeo.com/76979871", "Video 2"),
    ]
    assert [p.text for p in hosted.find("persons")] == ["Ada Example"]


# --- xCal -------------------------------------------------------------------------------------


def test_xcal_holds_the_events_of_the_ics_calendar(site: Build) -> None:
    ics = Calendar.from_ical((site.html / "calendar/events/meshconf-2024.ics").read_bytes())
    root = etree.parse(str(site.html / "schedules/meshconf-2024.xcs")).getroot()
    assert root.tag == XCAL + "icalendar"
    vevents = root.findall(f"{XCAL}vcalendar/{XCAL}components/{XCAL}vevent")
    from_xml = {}
    for vevent in vevents:
        props = vevent.find(XCAL + "properties")
        start = props.find(XCAL + "dtstart")
        from_xml[props.findtext(f"{XCAL}uid/{XCAL}text")] = (
            props.findtext(f"{XCAL}summary/{XCAL}text"),
            start.findtext(XCAL + "date-time"),
            start.findtext(f"{XCAL}parameters/{XCAL}tzid/{XCAL}text"),
        )
    from_ics = {
        str(e["UID"]): (
            str(e["SUMMARY"]),
            e.decoded("DTSTART").replace(tzinfo=None).isoformat(),
            str(e.decoded("DTSTART").tzinfo),
        )
        for e in ics.walk("VEVENT")
    }
    assert from_xml == from_ics and len(from_xml) == 6
    zones = root.findall(f"{XCAL}vcalendar/{XCAL}components/{XCAL}vtimezone")
    assert [z.findtext(f"{XCAL}properties/{XCAL}tzid/{XCAL}text") for z in zones] == ["Europe/Paris"]
