"""talks.json: parsed and validated against the committed JSON Schema, values checked against the
talk data of test-basic, URLs per builder, and the same bytes from -j 2, incremental and clean
builds; SOURCE_DATE_EPOCH moves `generated` and nothing else; hostile text stays data."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_parallel import ran_in_workers

from conftest import REPO, Build, build, build_root, build_with, copy_root
from talkdeck.exports import talks as exports

SCHEMA = REPO / "schema" / "talks.schema.json"
BASEURL = "https://talks.example.org/conf/"

#: test-basic's talks, as their pages give them.
TALK_IDS = {
    "mesh-intro",
    "whose-packet",
    "rust-controllers",
    "state-of-linkerd",
    "zero-trust",
    "ambient",
    "gateway-panel",
    "keynote",
    "policy-tutorial",
}


def read_json(folder: Path, path: str = "talks.json") -> dict[str, Any]:
    return json.loads((folder / path).read_text(encoding="utf-8"))


def export_files(folder: Path) -> dict[str, bytes]:
    """Every file the exports write, by path in the output folder."""
    paths = [
        "talks.json",
        "schedule.json",
        exports.SCHEMA_PATH,
        *(f"schedules/{p.name}" for p in (folder / "schedules").glob("*.json")),
    ]
    return {path: (folder / path).read_bytes() for path in sorted(paths)}


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def build_as(buildername: str, tmp: Path, **kwargs: Any) -> Path:
    """Build a fresh copy of test-basic with another builder; returns its output folder."""
    return build_with(buildername, copy_root("basic", tmp / "src"), tmp / "out", **kwargs)


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("basic"))


@pytest.fixture(scope="module")
def data(basic: Build) -> dict[str, Any]:
    return read_json(basic.html)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


# --- the file and its schema ------------------------------------------------------------------


def test_talks_json_is_sorted_utf8_with_a_trailing_newline(basic: Build, data: dict[str, Any]) -> None:
    raw = (basic.html / "talks.json").read_text(encoding="utf-8")
    assert raw == json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"
    assert "Zoë Example" in raw  # not \u00eb
    for key in ("events", "talks", "speakers", "topics", "projects", "organisations"):
        ids = [item["id"] for item in data[key]]
        assert ids == sorted(ids), key


def test_the_committed_schema_is_current_and_published(basic: Build, schema: dict[str, Any]) -> None:
    assert SCHEMA.read_text(encoding="utf-8") == exports.render_schema()
    assert exports.main(["--check"]) == 0
    assert (basic.html / "schema/talks.schema.json").read_bytes() == SCHEMA.read_bytes()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == exports.SCHEMA_ID
    jsonschema.Draft202012Validator.check_schema(schema)


def test_talks_json_validates_against_the_committed_schema(data: dict[str, Any], schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema).validate(data)
    # ... and points at its published copy, relative to talks.json in the output root
    assert data["$schema"] == "schema/talks.schema.json"
    assert data["version"] == 1


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("talk", lambda t: t.update(colour="red")),  # an unknown key
        ("talk", lambda t: t.pop("start")),  # a required key
        ("talk", lambda t: t.update(duration="35")),  # a wrong type
        ("talk", lambda t: t.update(start="26 October, 14:30")),  # not ISO 8601
        ("talk", lambda t: t["speakers"][0].pop("role")),
        ("event", lambda e: e.update(talks="mesh-intro")),
        ("top", lambda d: d.pop("generated")),
    ],
)
def test_the_schema_rejects_what_talkdeck_never_writes(
    data: dict[str, Any], schema: dict[str, Any], where: str, change: Any
) -> None:
    broken = json.loads(json.dumps(data))
    target = {"talk": by_id(broken["talks"])["mesh-intro"], "event": broken["events"][0], "top": broken}[where]
    change(target)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


# --- values from the talk pages ---------------------------------------------------------------


def test_every_object_of_the_site_is_there(data: dict[str, Any]) -> None:
    assert {t["id"] for t in data["talks"]} == TALK_IDS
    assert [e["id"] for e in data["events"]] == ["kceu", "kcna-2022"]
    assert "alex-leong" in by_id(data["speakers"]) and len(data["speakers"]) == 9
    assert [o["id"] for o in data["organisations"]] == ["airbnb", "buoyant", "independent", "jetstack"]
    assert {"security", "service-mesh", "zero-trust"} <= set(by_id(data["topics"]))
    assert {"linkerd", "cert-manager", "gateway-api"} <= set(by_id(data["projects"]))


def test_mesh_intro_as_its_page_gives_it(data: dict[str, Any]) -> None:
    talk = by_id(data["talks"])["mesh-intro"]
    assert talk == {
        "id": "mesh-intro",
        "title": "Service Mesh 101",
        "event": "kcna-2022",
        "format": "talk",
        "format_label": "Talk",
        "speakers": [
            {
                "id": "alex-leong",
                "name": "Alex Leong",
                "affiliation": "Buoyant",
                "organisation": "buoyant",
                "role": "Linkerd maintainer",
            }
        ],
        "topics": [{"id": "service-mesh", "name": "Service mesh"}, {"id": "security", "name": "Security"}],
        "projects": [{"id": "linkerd", "name": "Linkerd"}],
        "organisations": [{"id": "buoyant", "name": "Buoyant"}],
        "summary": "What a service mesh is and why you might want one.",
        "video": "https://www.youtube.com/watch?v=mesh101",
        # the page's `video:` is its one recording
        "recordings": [
            {"url": "https://www.youtube.com/watch?v=mesh101", "language": "", "length": None, "captions": None}
        ],
        "chapters": [],
        "slides": "https://slides.example.org/mesh-intro.pdf",
        "schedule_url": "",
        "date": "2022-10-26",
        # Detroit keeps daylight saving time until November: UTC-4 in October
        "start": "2022-10-26T14:30:00-04:00",
        "end": "2022-10-26T15:05:00-04:00",
        "timezone": "America/Detroit",
        "duration": 35,
        "room": "Room 140",
        # its own calendar, and the UID its VEVENT has in every calendar ("My talks" reuses it)
        "calendar": "calendar/talks/mesh-intro.ics",
        "calendar_uid": "mesh-intro@kcna-2022.talkdeck",
        "url": "kcna/mesh-intro.html",
    }


def test_calendar_fields_name_the_talks_own_file_and_uid(data: dict[str, Any], basic: Build) -> None:
    from icalendar import Calendar

    assert len([t for t in data["talks"] if t["calendar"]]) == 6
    for talk in data["talks"]:
        if talk["calendar"] is None:
            assert talk["calendar_uid"] is None and (talk["start"] is None or talk["start"][-6] not in "+-")
            continue
        [event] = Calendar.from_ical((basic.html / talk["calendar"]).read_bytes()).walk("VEVENT")
        assert str(event["UID"]) == talk["calendar_uid"]


def test_start_times_carry_the_offset_of_their_zone(data: dict[str, Any]) -> None:
    talks = by_id(data["talks"])
    # Amsterdam in April: summer time, UTC+2
    assert (talks["keynote"]["start"], talks["keynote"]["timezone"]) == (
        "2023-04-19T09:30:00+02:00",
        "Europe/Amsterdam",
    )
    assert talks["keynote"]["end"] == "2023-04-19T09:45:00+02:00"
    # a talk given in London during the Amsterdam event keeps its own zone: UTC+1
    policy = talks["policy-tutorial"]
    assert (policy["start"], policy["timezone"]) == ("2023-04-21T10:00:00+01:00", "Europe/London")
    assert (policy["duration"], policy["end"]) == (None, None)  # no duration given
    # untimed talks say so
    packet = talks["whose-packet"]
    assert (packet["start"], packet["end"], packet["duration"], packet["timezone"], packet["room"]) == (
        None,
        None,
        None,
        "",
        "",
    )


def test_speakers_keep_their_order_and_per_talk_affiliation(data: dict[str, Any]) -> None:
    zero = by_id(data["talks"])["zero-trust"]
    assert [(s["name"], s["affiliation"], s["role"]) for s in zero["speakers"]] == [
        ("Jason Morgan", "Buoyant", ""),
        ("Ashley Davis", "Jetstack", "Software engineer"),
    ]
    assert [o["id"] for o in zero["organisations"]] == ["buoyant", "jetstack"]


def test_cross_links_by_id(data: dict[str, Any]) -> None:
    speakers, topics, events = by_id(data["speakers"]), by_id(data["topics"]), by_id(data["events"])
    assert speakers["alex-leong"]["talks"] == ["gateway-panel", "mesh-intro", "state-of-linkerd"]
    assert speakers["ashley-davis"]["organisations"] == ["jetstack"]
    assert topics["security"]["talks"] == ["mesh-intro", "policy-tutorial", "zero-trust"]
    assert by_id(data["organisations"])["airbnb"]["speakers"] == ["doug-jordan", "kevin-leimkuhler"]
    # programme order: timed talks by start, then the untimed ones by title
    assert events["kcna-2022"]["talks"] == [
        "zero-trust",
        "mesh-intro",
        "rust-controllers",
        "state-of-linkerd",
        "whose-packet",
    ]
    assert events["kceu"]["talks"] == ["keynote", "gateway-panel", "policy-tutorial", "ambient"]
    assert (events["kcna-2022"]["start"], events["kcna-2022"]["end"]) == ("2022-10-24", "2022-10-28")
    assert events["kcna-2022"]["website"] == "https://events.example.org/kcna-2022/"


def test_links_agree_both_ways(data: dict[str, Any]) -> None:
    """Every id a list names exists, and an entity lists a talk exactly when the talk names it."""
    talks = by_id(data["talks"])
    for key, field in (
        ("speakers", "speakers"),
        ("topics", "topics"),
        ("projects", "projects"),
        ("organisations", "organisations"),
    ):
        for entity in data[key]:
            named = {t["id"] for t in talks.values() if entity["id"] in {x["id"] for x in t[field]}}
            assert set(entity["talks"]) == named, (key, entity["id"])
    for event in data["events"]:
        assert sorted(event["talks"]) == sorted(t["id"] for t in talks.values() if t["event"] == event["id"])


def test_every_url_is_a_page_of_the_build(basic: Build, data: dict[str, Any]) -> None:
    records = [r for key in ("events", "talks", "speakers", "topics", "projects", "organisations") for r in data[key]]
    assert len(records) == 2 + 9 + 9 + 8 + 7 + 4
    for record in records:
        assert (basic.html / record["url"]).is_file(), record["url"]
        assert "absolute_url" not in record  # no html_baseurl
    assert by_id(data["speakers"])["alex-leong"]["url"] == "speakers/alex-leong.html"
    assert by_id(data["events"])["kceu"]["url"] == "kceu/index.html"


def test_dirhtml_urls_and_absolute_urls(tmp_path: Path) -> None:
    out = build_as("dirhtml", tmp_path, confoverrides={"html_baseurl": BASEURL})
    data = read_json(out)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    talk = by_id(data["talks"])["mesh-intro"]
    assert talk["url"] == "kcna/mesh-intro/"
    assert talk["absolute_url"] == BASEURL + "kcna/mesh-intro/"
    assert by_id(data["events"])["kcna-2022"]["url"] == "kcna/"
    assert data["$schema"] == BASEURL + "schema/talks.schema.json"
    assert (out / "schema/talks.schema.json").is_file()
    for key in ("events", "talks", "speakers", "topics", "projects", "organisations"):
        for record in data[key]:
            assert (out / record["url"] / "index.html").is_file(), record["url"]
            assert record["absolute_url"] == BASEURL + record["url"]


@pytest.mark.parametrize("buildername", ["singlehtml", "text"])
def test_other_builders_write_no_exports(tmp_path: Path, buildername: str) -> None:
    out = build_as(buildername, tmp_path)
    assert not (out / "talks.json").exists()
    assert not (out / "schedule.json").exists()


# --- reproducible -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def serial_and_parallel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    tmp = tmp_path_factory.mktemp("jobs")
    return build_root("basic", tmp / "one", parallel=1), build_root("basic", tmp / "two", parallel=2)


def test_parallel_build_writes_the_same_exports(serial_and_parallel: tuple[Build, Build]) -> None:
    serial, parallel = serial_and_parallel
    assert ran_in_workers(parallel)
    mine, theirs = export_files(parallel.html), export_files(serial.html)
    assert (
        sorted(mine)
        == sorted(theirs)
        == sorted(
            [
                "talks.json",
                "schedule.json",
                "schema/talks.schema.json",
                "schedules/kceu.json",
                "schedules/kcna-2022.json",
            ]
        )
    )
    assert [p for p in mine if mine[p] != theirs[p]] == []


def test_incremental_build_writes_what_a_clean_build_writes(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    out = tmp_path / "out"
    before = build(src, out, freshenv=True)
    old_version = read_json(before.html, "schedules/kcna-2022.json")["schedule"]["version"]
    page = src / "kcna/mesh-intro.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Service Mesh 101", "Service Mesh 202"), encoding="utf-8")
    # and an event changes its id: its old schedule must go
    event = src / "kceu/index.md"
    event.write_text(
        event.read_text(encoding="utf-8").replace("event:\n", "event:\n  id: kceu-2023\n"), encoding="utf-8"
    )
    again = build(src, out)
    assert "loading pickled environment" in again.status
    shutil.copytree(src, tmp_path / "clean-src")
    clean = build(tmp_path / "clean-src", tmp_path / "clean-out", freshenv=True)
    mine, theirs = export_files(again.html), export_files(clean.html)
    assert sorted(mine) == sorted(theirs)
    assert [p for p in mine if mine[p] != theirs[p]] == []
    assert by_id(read_json(again.html)["talks"])["mesh-intro"]["title"] == "Service Mesh 202"
    assert not (again.html / "schedules/kceu.json").exists()
    assert (again.html / "schedules/kceu-2023.json").is_file()
    assert read_json(again.html, "schedules/kcna-2022.json")["schedule"]["version"] != old_version


@pytest.fixture
def epoch_builds(tmp_path: Path) -> dict[str, Path]:
    found = {}
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        for name, value in (("a", "1700000000"), ("b", "1800000000")):
            os.environ["SOURCE_DATE_EPOCH"] = value
            found[name] = build_root("basic", tmp_path / name).html
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return found


def test_source_date_epoch_changes_generated_and_nothing_else(epoch_builds: dict[str, Path]) -> None:
    a, b = read_json(epoch_builds["a"]), read_json(epoch_builds["b"])
    assert a["generated"] == "2023-11-14T22:13:20+00:00"
    assert b["generated"] == "2027-01-15T08:00:00+00:00"
    assert {**a, "generated": ""} == {**b, "generated": ""}
    mine, theirs = export_files(epoch_builds["a"]), export_files(epoch_builds["b"])
    assert [p for p in mine if mine[p] != theirs[p]] == ["talks.json"]


def test_without_source_date_epoch_generated_comes_from_the_data(data: dict[str, Any]) -> None:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        pytest.skip("SOURCE_DATE_EPOCH is set for this test run")
    # the latest date named anywhere: the London tutorial's start on the event's last day
    assert data["generated"] == "2023-04-21T10:00:00+00:00"


# --- hostile text -----------------------------------------------------------------------------

HOSTILE_TITLE = "</script><script>alert(1)</script> \"double\" 'single' & <b>"
HOSTILE = f"""\
---
talk:
  title: {json.dumps(HOSTILE_TITLE)}
  event: kcna-2022
  format: talk
  speakers:
    - name: "Mallory \\"<img src=x>\\""
      affiliation: "Evil </script> Corp"
  topics: ["<b>bold</b>"]
  summary: "</p><script>alert(3)</script>"
  room: "<iframe>"
  start: 2022-10-24 09:00
  duration: 30
---

```{{talk}}
```
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("hostile"), extra={"kcna/hostile.md": HOSTILE})


def test_hostile_text_round_trips_as_data(hostile: Build) -> None:
    assert hostile.warnings == ""
    data = read_json(hostile.html)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    talk = by_id(data["talks"])["hostile"]
    assert talk["title"] == HOSTILE_TITLE
    assert talk["speakers"][0]["name"] == 'Mallory "<img src=x>"'
    assert talk["speakers"][0]["affiliation"] == "Evil </script> Corp"
    assert talk["summary"] == "</p><script>alert(3)</script>"
    assert talk["topics"] == [{"id": "b-bold-b", "name": "<b>bold</b>"}]
    assert talk["room"] == "<iframe>"
    schedule = read_json(hostile.html, "schedules/kcna-2022.json")
    titles = [
        e["title"] for day in schedule["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room
    ]
    assert HOSTILE_TITLE in titles


def test_broken_pages_still_give_a_valid_talks_json(tmp_path: Path) -> None:
    broken = build_root("broken", tmp_path)
    assert broken.statuscode == 0 and "Traceback" not in broken.warnings
    data = read_json(broken.html)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    assert by_id(data["talks"])["hostile"]["title"] == "<script>alert(1)</script> \"quoted\" & 'single'"
    for path in ["schedule.json", *(f"schedules/{p.name}" for p in (broken.html / "schedules").glob("*.json"))]:
        assert read_json(broken.html, path)["schedule"]["conference"]["days"], path


def test_an_unchanged_rebuild_does_not_rewrite_the_exports(tmp_path: Path) -> None:
    """The exports' inputs are digested; when nothing they show changed, no file is touched,
    and a change the exports show (a title) rewrites them."""
    from conftest import build, copy_root

    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "out", freshenv=True)
    talks = tmp_path / "out/html/talks.json"
    stamp = talks.stat().st_mtime_ns
    body = src / "kcna/mesh-intro.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    build(src, tmp_path / "out")
    assert talks.stat().st_mtime_ns == stamp
    body.write_text(
        body.read_text(encoding="utf-8").replace("title: Service Mesh 101", "title: Mesh 102"), encoding="utf-8"
    )
    build(src, tmp_path / "out")
    assert "Mesh 102" in talks.read_text(encoding="utf-8")
