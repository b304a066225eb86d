"""The archive formats others read, parsed and validated: pyvideo's JSON against pyvideo's own
schemas, frab's schedule.xml against c3voc's XSD (lxml's XMLSchema), and xCal (RFC 6321) read
back into the same events as the .ics calendar of the event."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from icalendar import Calendar
from lxml import etree

from conftest import TESTS, Build, build, build_root, copy_root
from talkdeck.cli.main import main

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


def cli(cwd: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


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


# --- importing a pyvideo folder ------------------------------------------------------------------

RECORDED = ("elsewhere", "hosted", "peer", "served", "short")


def pyvideo_site(tmp: Path, folder: Path) -> Path:
    """test-media without its recorded talks, and a copy of a pyvideo event folder beside it."""
    src = copy_root("media", tmp / "src")
    for name in RECORDED:
        (src / "talks/conf" / f"{name}.md").unlink()
    shutil.copytree(folder, tmp / "pv")
    return src


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """A pyvideo video without what an import cannot carry back: the page's address (the
    imported page lives in the event's import folder) and the captions file (not fetched)."""
    kept = [r for r in document["related_urls"] if r["label"] not in ("Talk page",) and "WebVTT" not in r["label"]]
    return {**document, "related_urls": kept}


def test_pyvideo_round_trip_export_import_export(site: Build, tmp_path: Path) -> None:
    exported = site.html / "pyvideo" / "meshconf-2024"
    src = pyvideo_site(tmp_path, exported)
    code, out, err = cli(src, "import", str(tmp_path / "pv"), "--event", "meshconf-2024")
    assert code == 0, out + err
    assert sorted(line.split()[1] for line in out.splitlines()) == [f"talks/meshconf-2024/{n}.md" for n in RECORDED]
    assert "5 added, 0 updated, 0 unchanged, 0 missing, 0 skipped" in err
    hosted = (src / "talks/meshconf-2024/hosted.md").read_text(encoding="utf-8")
    assert (
        '    - url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n      language: en\n      length: "38:12"\n' in hosted
    )
    assert "guid: pyvideo:hosted" in hosted
    # the pages pass check, and a re-import changes nothing
    assert cli(src, "check")[0] == 0
    code, out, err = cli(src, "import", str(tmp_path / "pv"), "--event", "meshconf-2024")
    assert (code, out) == (0, "") and "0 added, 0 updated, 5 unchanged" in err
    again = build(src, tmp_path / "out", freshenv=True, warningiserror=True, confoverrides={"html_baseurl": BASE})
    assert again.statuscode == 0, again.warnings
    back = again.html / "pyvideo" / "meshconf-2024"
    assert load(back / "category.json") == load(exported / "category.json")
    for name in RECORDED:
        assert comparable(load(back / f"videos/{name}.json")) == comparable(load(exported / f"videos/{name}.json")), (
            name
        )


def test_a_broken_pyvideo_folder_writes_nothing_and_says_where(site: Build, tmp_path: Path) -> None:
    src = pyvideo_site(tmp_path, site.html / "pyvideo" / "meshconf-2024")
    videos = tmp_path / "pv" / "videos"
    (videos / "short.json").write_text('{\n  "title": "T",\n  "speakers": ["A"],\n  "videos": [\n', encoding="utf-8")
    peer = load(videos / "peer.json")
    peer["videos"][0]["url"] = "javascript:alert(1)"
    (videos / "peer.json").write_text(json.dumps(peer, indent=2), encoding="utf-8")
    before = sorted(p.relative_to(src).as_posix() for p in src.rglob("*"))
    code, out, err = cli(src, "import", str(tmp_path / "pv"), "--event", "meshconf-2024")
    assert code == 1 and "nothing written: 2 problems to fix first" in err
    lines = out.splitlines()
    line = json.dumps(peer, indent=2).splitlines().index('      "url": "javascript:alert(1)"') + 1
    assert (
        f"{Path('..') / 'pv/videos/peer.json'}:{line}: videos[0].url: 'javascript:alert(1)' is not an http(s) address; give the video's full URL"
        in lines
    )
    assert any(line.startswith("../pv/videos/short.json:5: not valid JSON") for line in lines), lines
    assert sorted(p.relative_to(src).as_posix() for p in src.rglob("*")) == before


def test_a_pyvideo_import_needs_the_event_page(site: Build, tmp_path: Path) -> None:
    src = pyvideo_site(tmp_path, site.html / "pyvideo" / "meshconf-2024")
    code, out, err = cli(src, "import", str(tmp_path / "pv"), "--event", "another-2024")
    assert code == 1
    assert out.startswith("../pv/category.json:1: the site has no page for this event")
