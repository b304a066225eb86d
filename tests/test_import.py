"""`python -m talkdeck import`: frab / pretalx schedules (JSON and XML, both person styles, several
days and rooms across a DST change, accents, shared speakers, an event without persons, links of
several types) become talk pages that pass `check` and a strict build, and the site's own
schedule export holds the same talks, times, rooms and speakers. Re-imports update the
schedule's fields, never the text, and report what left the schedule; broken files are reported
at their line and leave the tree byte for byte as it was."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, TESTS, Build, build, copy_root, text
from talkdeck.cli import main
from talkdeck.core.frontmatter import find_block, read_page
from talkdeck.importing import tree as import_tree
from talkdeck.importing.pages import markdown, plain_text
from talkdeck.importing.schedule import read_schedule, read_source
from talkdeck.importing.values import format_of

FIXTURES = TESTS / "fixtures" / "schedules"
PRETALX, PRETALX_XML, FRAB = FIXTURES / "pretalx.json", FIXTURES / "pretalx.xml", FIXTURES / "frab.json"
MESHCON, FRABCON = "meshcon-2024", "frabcon-2024"
_LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<message>.*)$")


# --- helpers ----------------------------------------------------------------------------------


def cli(cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run the command line in-process from `cwd`: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `root`: what 'untouched' compares."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
        if "__pycache__" not in p.parts
    }


def talk_of(path: Path):  # type: ignore[no-untyped-def]
    """The Talk a page's front-matter yields, read as the build reads it (no problems allowed)."""
    data = read_page(path.read_text(encoding="utf-8"), path.stem)
    assert data.problems == [], data.problems
    assert data.entry is not None
    return data.entry.item


def front_matter(path: Path) -> str:
    block = find_block(path.read_text(encoding="utf-8"))
    assert block is not None
    return block.text


def page_body(path: Path) -> str:
    """The text after the `{talk}` card: the contributor's part of a talk page."""
    return path.read_text(encoding="utf-8").split("```{talk}\n```\n", 1)[1]


def hhmm(text: str) -> int:
    hours, minutes = text.split(":")[:2]
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class Slot:
    """A talk as a schedule holds it, independently of the importer: what a round trip keeps."""

    title: str
    start: datetime
    minutes: int
    room: str
    speakers: tuple[str, ...]


def schedule_slots(document: dict[str, Any], *, with_persons: bool = True) -> dict[str, Slot]:
    """title -> Slot for every event of a frab/pretalx JSON document (those with persons)."""
    found = {}
    for day in document["schedule"]["conference"]["days"]:
        for room, events in day["rooms"].items():
            for event in events:
                names = tuple(p.get("name") or p["public_name"] for p in event["persons"])
                if with_persons and not names:
                    continue
                title = " ".join(event["title"].split())
                start = datetime.fromisoformat(event["date"])
                found[title] = Slot(title, start, hhmm(event["duration"]), event.get("room") or room, names)
    return found


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


# --- one import of both styles into a copy of test-basic, built strictly ------------------------


@dataclass
class Imported:
    src: Path
    build: Build
    outputs: dict[str, tuple[int, str, str]]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    tmp = tmp_path_factory.mktemp("import")
    src = copy_root("basic", tmp / "src")
    outputs = {
        MESHCON: cli(src, "import", str(PRETALX), "--event", MESHCON, "--root", "."),
        FRABCON: cli(src, "import", str(FRAB), "--event", FRABCON, "--root", "."),
    }
    result = build(
        src, tmp / "out", freshenv=True, warningiserror=True, keep_going=True, confoverrides={"nitpicky": True}
    )
    return Imported(src, result, outputs)


def test_import_reports_each_page_and_exits_0(imported: Imported) -> None:
    code, out, err = imported.outputs[MESHCON]
    assert code == 0, err
    added = sorted(line.split()[1] for line in out.splitlines() if line.startswith("add "))
    # Zoë Ünal's biography makes her a profile; the others have none to give
    assert added == sorted(
        ["people/zoe-unal.md"]
        + [
            f"{MESHCON}/{name}.md"
            for name in (
                "index",
                "opening-keynote-meshes-everywhere",
                "zero-trust-zero-fuss",
                "five-ideas-in-five-minutes",
                "maintainers-meet-up",
                "the-future-of-the-mesh",
                "policies-with-rust",
            )
        ]
    )
    assert "6 added, 0 updated, 0 unchanged, 0 missing, 1 skipped; event page created; 1 speaker profile created" in err
    # the event without persons, the javascript: link and the unknown type, each at its line
    assert re.search(
        r'pretalx\.json:74: schedule\.conference\.days\[0\]\.rooms\["Hall A"\]\[1\]: \'Lunch\' has no persons', err
    )
    assert re.search(r"pretalx\.json:126: .*links\[1\]\.url: 'javascript:alert\(1\)' is not an http\(s\) address", err)
    assert re.search(r"pretalx\.json:168: .*: type 'Meeting' is not a format the site knows; imported as 'talk'", err)
    code, out, err = imported.outputs[FRABCON]
    assert code == 0, err
    assert "4 added, 0 updated, 0 unchanged, 0 missing, 0 skipped; event page created" in err


def test_imported_pages_pass_check(imported: Imported) -> None:
    code, out, err = cli(imported.src, "check", MESHCON, FRABCON)
    assert (code, out) == (0, ""), out
    assert "12 pages checked: no problems" in err


def test_strict_build_has_no_warnings(imported: Imported) -> None:
    assert imported.build.statuscode == 0
    assert imported.build.warnings.strip() == ""


@pytest.mark.parametrize(("fixture", "event"), [(PRETALX, MESHCON), (FRAB, FRABCON)])
def test_round_trip_through_the_sites_schedule_export(imported: Imported, fixture: Path, event: str) -> None:
    """The build's schedules/<event>.json holds the input's talks, moments, rooms and speakers."""
    given = load(fixture)
    exported = json.loads((imported.build.html / "schedules" / f"{event}.json").read_text(encoding="utf-8"))
    conference = exported["schedule"]["conference"]
    assert conference["title"] == given["schedule"]["conference"]["title"]
    assert conference["time_zone_name"] == given["schedule"]["conference"]["time_zone_name"]
    expected = schedule_slots(given)
    got = schedule_slots(exported)
    assert sorted(got) == sorted(expected)
    for title, slot in expected.items():
        assert got[title] == slot, title  # aware datetimes: the same moment
    # the moments are shown in the conference's zone, across the DST change
    offsets = {got[t].start.utcoffset() for t in got}
    assert len(offsets) == (2 if event == MESHCON else 1)


def test_json_and_xml_give_the_same_talks() -> None:
    def projection(path: Path) -> list[tuple]:
        schedule = read_schedule(read_source(path.read_bytes()))
        assert schedule.problems == []
        return [
            (t.guid, t.title, t.subtitle, t.type, t.track, t.start, t.minutes, t.room, t.slug)
            + (tuple((p.name, p.affiliation) for p in t.persons), t.links)  # XML has no biography
            + (t.abstract, t.description, t.digest())
            for t in schedule.talks
        ]

    from_json, from_xml = projection(PRETALX), projection(PRETALX_XML)
    assert len(from_json) == 6
    assert from_json == from_xml


def test_talk_fields(imported: Imported) -> None:
    folder = imported.src / MESHCON
    keynote = talk_of(folder / "opening-keynote-meshes-everywhere.md")
    assert (keynote.format, keynote.room, keynote.duration) == ("keynote", "Hall A", 40)
    assert [s.name for s in keynote.speakers] == ["Zoë Ünal"]
    assert keynote.start == datetime(2024, 3, 30, 10, 0) and keynote.timezone == ""
    assert keynote.topics == ("Service mesh",)
    assert keynote.video == "https://media.ccc.de/v/meshcon-2024-101-opening"  # a 'related' link on a video host
    # an attachment relative to base_url, titled Slides
    assert keynote.slides == "https://pretalx.example.org/media/meshcon-2024/submissions/KEY7AB/resources/opening.pdf"
    workshop = talk_of(folder / "zero-trust-zero-fuss.md")
    assert workshop.format == "workshop" and workshop.duration == 90 and workshop.room == "Salle Érasme"
    assert [s.name for s in workshop.speakers] == ["José Núñez", "Zoë Ünal"]  # Zoë gives three talks
    assert workshop.video == "https://www.youtube.com/watch?v=zt0fuss42ab" and workshop.slides == ""
    lightning = talk_of(folder / "five-ideas-in-five-minutes.md")
    assert (lightning.format, lightning.start, lightning.duration) == (
        "lightning-talk",
        datetime(2024, 3, 31, 9, 30),
        5,
    )
    meetup = talk_of(folder / "maintainers-meet-up.md")
    assert meetup.format == "talk"  # 'Meeting': unknown, said so
    assert meetup.start == datetime(2024, 3, 31, 10, 0)  # 08:00Z is 10:00 CEST
    assert meetup.slides == "https://slides.example.org/meetup-deck" and meetup.video == ""
    assert meetup.summary == "An open meeting of the maintainers."  # the abstract is too long: its first sentence
    panel = talk_of(folder / "the-future-of-the-mesh.md")
    assert (panel.format, panel.duration) == ("panel", 45)  # '0:45:00'
    assert panel.summary == "Maintainers answer your questions"  # the subtitle
    tutorial = talk_of(folder / "policies-with-rust.md")
    assert tutorial.format == "tutorial" and tutorial.summary == "Policies with Rust"  # no abstract: the title
    assert not (folder / "lunch.md").exists()
    frab = imported.src / FRABCON
    hacking = talk_of(frab / "hacking-containers-and-kubernetes.md")
    assert hacking.title == "Hacking Containers and Kubernetes"
    assert [s.name for s in hacking.speakers] == ["François Côté", "Renée Lévesque"]
    assert hacking.format == "talk" and hacking.video == "https://vimeo.com/123456789"
    assert hacking.start == datetime(2024, 10, 8, 10, 0)
    podium = talk_of(frab / "podium-the-state-of-schedules.md")
    assert podium.format == "panel"
    workshop = talk_of(frab / "writing-controllers.md")
    assert workshop.slides == "https://frab.example.org/system/attachments/22/original/controllers.pdf"


def test_event_page(imported: Imported) -> None:
    data = read_page((imported.src / MESHCON / "index.md").read_text(encoding="utf-8"), MESHCON)
    assert data.problems == []
    event = data.entry.item  # type: ignore[union-attr]
    assert (event.id, event.name, event.short_name) == (MESHCON, "MeshCon Europe 2024", "meshcon-2024")
    assert (event.start.isoformat(), event.end.isoformat(), event.timezone) == (
        "2024-03-30",
        "2024-04-01",
        "Europe/Berlin",
    )
    assert event.url == "https://meshcon.example.org/2024/"
    page = imported.build.page(f"{MESHCON}/index")
    titles = {text(a) for a in page.select(".tdk-grid .sd-card-title, .tdk-grid a")}
    assert {"Zero trust, zero fuss", "Policies with Rust"} <= {t for t in titles if t}


def test_schedule_text_reaches_the_page_as_text(imported: Imported) -> None:
    """HTML is stripped, Markdown and MyST marks are shown, never obeyed."""
    page = imported.build.page(f"{MESHCON}/zero-trust-zero-fuss")
    body = page.select_one('[role="main"]') or page.body
    shown = body.get_text()
    for literal in ("# Agenda", "```{include} /etc/passwd", "(secret-target)=", "% a MyST comment", "$x^2$"):
        assert literal in shown, literal
    assert "{{ substitution }}" in shown and "[a link](javascript:alert(1))" in shown
    assert not body.select('a[href^="javascript"]') and not body.select("#secret-target")
    assert [text(li) for li in body.select("ol > li")] == ["Install the mesh", "Issue certificates"]
    keynote = imported.build.page(f"{MESHCON}/opening-keynote-meshes-everywhere")
    main = keynote.select_one('[role="main"]') or keynote.body
    assert "We look back at five years of meshes & sidecars." in text(main)
    assert "alert('x')" not in main.get_text()  # the <script> went with its content
    assert not [s for s in main.find_all("strong") if "five years" in s.get_text()]
    assert [text(li) for li in main.select("ul > li") if text(li) in ("what worked", "what did not")] == [
        "what worked",
        "what did not",
    ]


# --- re-import, dry run -----------------------------------------------------------------------


def _site(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path / "src")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    src = _site(tmp_path)
    before = snapshot(src)
    code, out, err = cli(src, "import", str(PRETALX), "--event", MESHCON, "--root", ".", "--dry-run")
    assert code == 0
    assert f"add       {MESHCON}/zero-trust-zero-fuss.md" in out.splitlines()
    assert "dry run, nothing written: 6 added, 0 updated, 0 unchanged, 0 missing, 1 skipped" in err
    assert snapshot(src) == before


def test_reimporting_the_same_schedule_changes_nothing(tmp_path: Path) -> None:
    src = _site(tmp_path)
    assert cli(src, "import", str(PRETALX), "--event", MESHCON, "--root", ".")[0] == 0
    before = snapshot(src)
    stamps = {p: p.stat().st_mtime_ns for p in (src / MESHCON).iterdir()}
    code, out, err = cli(src, "import", str(PRETALX_XML), "--event", MESHCON, "--root", ".")
    assert code == 0 and out == ""
    assert "0 added, 0 updated, 6 unchanged, 0 missing, 1 skipped" in err
    assert snapshot(src) == before
    assert {p: p.stat().st_mtime_ns for p in (src / MESHCON).iterdir()} == stamps


def test_reimport_updates_the_schedules_fields_and_never_the_text(tmp_path: Path) -> None:
    src = _site(tmp_path)
    assert cli(src, "import", str(PRETALX), "--event", MESHCON, "--root", ".")[0] == 0
    folder = src / MESHCON
    # the contributor writes the description in their own words and adds what they know
    workshop = folder / "zero-trust-zero-fuss.md"
    own_words = "\nIn our own words: the workshop, step by step.\n"
    written = workshop.read_text(encoding="utf-8").split("```{talk}\n```\n")[0] + "```{talk}\n```\n" + own_words
    written = written.replace("    - name: José Núñez\n", "    - name: José Núñez\n      affiliation: Núñez Labs\n")
    written = written.replace("  topics: [Security]\n", "  topics: [Security]\n  projects: [Linkerd]\n")
    workshop.write_text(written, encoding="utf-8")
    panel = folder / "the-future-of-the-mesh.md"
    panel.write_text(
        panel.read_text(encoding="utf-8").replace(
            "  start:", "  video: https://www.youtube.com/watch?v=panel2024\n  start:"
        ),
        encoding="utf-8",
    )
    # the schedule moves the keynote, renames it, rewrites the workshop's text, drops the tutorial
    document = load(PRETALX)
    days = document["schedule"]["conference"]["days"]
    keynote = days[0]["rooms"]["Hall A"][0]
    keynote.update(date="2024-03-30T10:30:00+01:00", start="10:30", room="Salle Érasme", title="Meshes, everywhere")
    days[0]["rooms"]["Salle Érasme"][0]["description"] = "A new description."
    days[2]["rooms"]["Salle Érasme"].clear()
    changed = tmp_path / "schedule.json"
    changed.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")

    before = snapshot(src)
    code, dry, err = cli(src, "import", str(changed), "--event", MESHCON, "--root", ".", "--dry-run")
    assert code == 0 and "dry run, nothing written: 0 added, 2 updated, 3 unchanged, 1 missing, 1 skipped" in err
    assert snapshot(src) == before
    code, out, err = cli(src, "import", str(changed), "--event", MESHCON, "--root", ".")
    assert code == 0, out + err
    assert out == dry  # the dry run said exactly what the import then did
    assert "0 added, 2 updated, 3 unchanged, 1 missing, 1 skipped" in err
    lines = out.splitlines()
    assert f"update    {MESHCON}/opening-keynote-meshes-everywhere.md" in lines  # found by guid, not renamed
    assert '            title: "Opening keynote: Meshes everywhere" -> "Meshes, everywhere"' in lines
    assert '            start: "2024-03-30 10:00" -> "2024-03-30 10:30"' in lines
    assert any(
        line.startswith(f"changed   {MESHCON}/zero-trust-zero-fuss.md: the schedule's abstract") for line in lines
    )
    assert any(line.startswith(f"missing   {MESHCON}/policies-with-rust.md: guid ") for line in lines)
    moved = talk_of(folder / "opening-keynote-meshes-everywhere.md")
    assert (moved.title, moved.start, moved.room) == (
        "Meshes, everywhere",
        datetime(2024, 3, 30, 10, 30),
        "Salle Érasme",
    )
    kept = talk_of(workshop)
    assert page_body(workshop) == own_words  # byte for byte
    assert kept.projects == ("Linkerd",)
    assert [(s.name, s.affiliation) for s in kept.speakers] == [("José Núñez", "Núñez Labs"), ("Zoë Ünal", "")]
    assert talk_of(panel).video == "https://www.youtube.com/watch?v=panel2024"  # the schedule has none: kept
    assert (folder / "policies-with-rust.md").is_file()  # reported, not deleted
    # and once more: nothing left to do, the change of text is not reported twice
    code, out, err = cli(src, "import", str(changed), "--event", MESHCON, "--root", ".")
    assert "0 added, 0 updated, 5 unchanged, 1 missing, 1 skipped" in err
    assert not [line for line in out.splitlines() if line.startswith(("update", "changed"))]
    assert cli(src, "check", MESHCON)[0] == 0


def test_an_existing_event_is_compared_not_rewritten(tmp_path: Path) -> None:
    src = _site(tmp_path)
    event_page = (src / "kcna" / "index.md").read_bytes()
    code, out, err = cli(src, "import", str(FRAB), "--event", "kcna-2022", "--root", ".")
    assert code == 0, out + err
    assert (src / "kcna" / "index.md").read_bytes() == event_page
    assert "note: kcna/index.md: event.name is 'KubeCon + CloudNativeCon North America 2022'; the schedule says" in err
    assert "event.timezone is 'America/Detroit'; the schedule says 'America/Toronto'" in err
    talk = talk_of(src / "kcna-2022" / "opening.md")
    assert (talk.start, talk.timezone) == (datetime(2024, 10, 8, 9, 15), "America/Toronto")
    assert cli(src, "check", "kcna-2022")[0] == 0


def test_names_and_ids_follow_the_site(tmp_path: Path) -> None:
    """A name the site spells otherwise takes the site's spelling; a taken id gets the event's prefix."""
    src = _site(tmp_path)
    document = load(PRETALX)
    event = document["schedule"]["conference"]["days"][1]["rooms"]["Hall A"][0]
    event.update(slug="meshcon-2024-104-keynote", persons=[{"code": "ZOEEXA", "name": "Zoe EXAMPLE"}])
    again = dict(document["schedule"]["conference"]["days"][2]["rooms"]["Hall A"][0])  # one title, two slots
    again.update(guid="5a2f3c80-6d1e-5b7a-9c44-0e1f2a3b4c99", date="2024-04-01T17:00:00+02:00", start="17:00")
    document["schedule"]["conference"]["days"][2]["rooms"]["Hall A"].append(again)
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = cli(src, "import", str(path), "--event", MESHCON, "--root", ".")
    assert code == 0, out + err
    talk = talk_of(src / MESHCON / f"{MESHCON}-keynote.md")  # kceu/keynote.md has the id 'keynote'
    assert [s.name for s in talk.speakers] == ["Zoë Example"]
    assert "speaker 'Zoe EXAMPLE' is written 'Zoë Example' elsewhere; imported as 'Zoë Example'" in err
    first, second = (talk_of(src / MESHCON / f"the-future-of-the-mesh{n}.md") for n in ("", "-2"))
    assert (first.title, first.start.hour, second.title, second.start.hour) == (
        "The future of the mesh",
        14,
        "The future of the mesh",
        17,
    )
    assert cli(src, "check", ".")[0] == 0


# --- broken input -----------------------------------------------------------------------------

BROKEN = {
    "broken-syntax.json": [(9, "not valid JSON: Expecting property name enclosed in double quotes")],
    "broken-truncated.json": [(14, "not valid JSON: ")],
    "broken-missing.json": [
        (4, "schedule.conference: 'title' is missing"),
        (15, "schedule.conference.days[0].rooms[\"Hall A\"][0]: 'guid' is missing"),
        (21, "schedule.conference.days[0].rooms[\"Hall A\"][1]: 'date' is missing"),
        (27, "schedule.conference.days[0].rooms[\"Hall A\"][2]: 'title' is missing"),
        (31, "rooms[\"Hall A\"][2].persons[0]: has neither 'name' (pretalx) nor 'public_name' (frab)"),
    ],
    "broken-types.json": [
        (18, "[0].title: expected text, got a number (42)"),
        (20, "[0].duration: expected text, got a number (30)"),
        (21, "[0].persons: expected a list, got text"),
        (28, "[1].persons[0].name: expected text, got a list"),
        (29, "[1].links: expected a list, got an object"),
        (32, 'rooms["Hall B"]: expected a list of talks, got text'),
    ],
    "broken-values.json": [
        (19, "[0].date: 'tomorrow' is not a date and time"),
        (27, "[1].duration: '1h30' is not a duration"),
        (31, "[2].guid: '0b000000-0000-4000-8000-000000000022' is also the guid of"),
        (35, "[2].title: is given twice (first on line 32)"),
    ],
    "broken.xml": [(13, "not well-formed XML: mismatched tag")],
    "broken-entities.xml": [(3, "the XML declares the entity 'lol'; entities are not allowed")],
    "broken-missing.xml": [(13, "/schedule/day[1]/room[@name=\"Hall A\"]/event[1]: 'date' is missing")],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_schedule_is_reported_at_its_line_and_writes_nothing(tmp_path: Path, name: str) -> None:
    src = _site(tmp_path)
    before = snapshot(src)
    code, out, err = cli(src, "import", str(FIXTURES / name), "--event", MESHCON, "--root", ".")
    assert code == 1
    assert "nothing written" in err and "Traceback" not in out + err
    found = [m for m in map(_LOCATED.match, out.splitlines()) if m]
    assert len(found) == len(out.splitlines()) == len(BROKEN[name]), out
    for match, (line, needle) in zip(found, BROKEN[name], strict=True):
        assert Path(match["file"]).name == name
        assert int(match["line"]) == line and needle in match["message"], match.string
    assert snapshot(src) == before


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "is empty"),
        (b"[1, 2]", "expected an object with a 'schedule' key, got a list"),
        (b'{"schedule": {"conference": {"title": "T", "time_zone_name": "Mars/Olympus", "days": []}}}', "Mars/Olympus"),
        (b'{"schedule": {"conference": {"title": "T", "days": []}}}', "'time_zone_name' is missing"),
        (b"\xff\xfe{}", "is not UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "nested more than"),
        (b"<talks/>", "the root element is <talks>"),
    ],
)
def test_other_unreadable_files(tmp_path: Path, content: bytes, needle: str) -> None:
    src = _site(tmp_path)
    before = snapshot(src)
    path = tmp_path / "schedule.json"
    path.write_bytes(content)
    code, out, err = cli(src, "import", str(path), "--event", MESHCON, "--root", ".")
    assert code == 1 and needle in out, out + err
    assert snapshot(src) == before


def test_a_page_that_would_fail_check_stops_the_import(tmp_path: Path) -> None:
    """The last guard: every rewritten page is read back with the checker's own calls."""
    src = _site(tmp_path)
    assert cli(src, "import", str(PRETALX), "--event", MESHCON, "--root", ".")[0] == 0
    page = src / MESHCON / "policies-with-rust.md"  # the contributor adds a video the checker refuses
    page.write_text(page.read_text(encoding="utf-8").replace("  start:", "  video: ftp://example.org/v\n  start:"))
    document = load(PRETALX)
    document["schedule"]["conference"]["days"][2]["rooms"]["Salle Érasme"][0]["title"] = "Policies with Rust, again"
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = snapshot(src)
    code, out, err = cli(src, "import", str(path), "--event", MESHCON, "--root", ".")
    assert code == 1 and "nothing written: 1 problem to fix first" in err
    assert re.match(
        r'^.*schedule\.json:\d+: schedule\.conference\.days\[2\]\.rooms\["Salle Érasme"\]\[0\]: its page meshcon-2024/policies-with-rust\.md '
        r"would not pass check: line \d+: talk\.video: 'ftp://example\.org/v' is not allowed",
        out,
    ), out
    assert snapshot(src) == before


def test_a_page_that_mentions_guid_in_its_text_is_no_obstacle(tmp_path: Path) -> None:
    src = _site(tmp_path)
    (src / "pages" / "guids.md").write_text("# Notes\n\nEvery talk has a guid: a stable id.\n", encoding="utf-8")
    code, out, err = cli(src, "import", str(PRETALX), "--event", MESHCON, "--root", ".")
    assert code == 0, out + err


def test_a_failed_write_puts_everything_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _site(tmp_path)
    assert cli(src, "import", str(PRETALX), "--event", MESHCON, "--root", ".")[0] == 0
    document = load(PRETALX)
    for day in document["schedule"]["conference"]["days"]:
        for events in day["rooms"].values():
            for event in events:
                event["title"] += " (updated)"
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = snapshot(src)
    real, calls = os.replace, []

    def flaky(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 4:
            raise OSError(28, "No space left on device", target)
        real(source, target)

    monkeypatch.setattr(import_tree.os, "replace", flaky)
    code, out, err = cli(src, "import", str(path), "--event", MESHCON, "--root", ".")
    assert code == 1 and "No space left on device; nothing was written" in err
    assert len(calls) == 4
    assert snapshot(src) == before  # the three renamed pages are back, no temporary file is left


def test_command_line_mistakes_exit_2(tmp_path: Path) -> None:
    src = _site(tmp_path)
    code, _out, err = cli(src, "import", "nowhere.json", "--event", MESHCON, "--root", ".")
    assert code == 2 and "nowhere.json: no such file" in err
    code, _out, err = cli(src, "import", str(PRETALX), "--event", "MeshCon 2024", "--root", ".")
    assert code == 2 and "is not an id; use e.g. 'meshcon-2024'" in err
    code, _out, err = cli(src, "import", str(PRETALX), "--event", MESHCON)
    assert code == 2 and "no folder 'talks' here" in err


def test_the_command_line_loads_no_sphinx(tmp_path: Path) -> None:
    src = _site(tmp_path)
    script = (
        "import sys; from talkdeck.cli import main; "
        f"code = main(['import', {str(PRETALX)!r}, '--event', 'meshcon-2024', '--root', '.']); "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils', 'myst_parser')); "
        "print('LOADED', loaded, file=sys.stderr); sys.exit(code)"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO / "_ext"))
    done = subprocess.run([sys.executable, "-c", script], cwd=src, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr


# --- the text and value rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Keynote", "keynote"),
        ("Talk", "talk"),
        ("lecture", "talk"),
        ("Lightning Talk", "lightning-talk"),
        ("Lightning talks (5 min)", "lightning-talk"),
        ("Workshop", "workshop"),
        ("hands-on", "workshop"),
        ("Tutorial", "tutorial"),
        ("Panel discussion", "panel"),
        ("podium", "panel"),
        ("Maintainer Track", "maintainer-track"),
        ("Meeting", "talk"),
    ],
)
def test_types_map_to_formats(given: str, expected: str) -> None:
    assert format_of(given)[0] == expected
    assert format_of(given)[1] == (given != "Meeting")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("plain *text* with_marks", r"plain \*text\* with\_marks"),
        ("# not a heading", r"\# not a heading"),
        ("3.14 is pi", r"3\.14 is pi"),
        ("1. first\n2) second", "1. first\n2. second"),
        ("{note}`x` <b>bold</b>", r"\{note\}\`x\` bold"),
        ("a < b & c > d", r"a \< b \& c \> d"),
        ("- item\n* other", "- item\n- other"),
        ("one\n\n\n\ntwo", "one\n\ntwo"),
        ("    indented code", "indented code"),
        ("tab\tand\u200bzero\u202ewidth", "tab andzerowidth"),
    ],
)
def test_markdown_shows_the_text_as_written(given: str, expected: str) -> None:
    assert markdown(given) == expected


def test_plain_text_strips_tags_only_from_html() -> None:
    assert plain_text("<p>A &amp; B</p><style>p{}</style>").strip() == "A & B"
    assert plain_text("if a<b and c>d") == "if a<b and c>d"


def test_a_dangerous_page_title_survives_check_and_build(tmp_path: Path) -> None:
    """Titles and names with YAML and MyST marks are written so YAML reads them back exactly."""
    src = _site(tmp_path)
    document = load(FRAB)
    event = document["schedule"]["conference"]["days"][0]["rooms"]["Room 101"][0]
    title = 'Opening: "quotes", # hashes, {braces}, `ticks` & <tags> --- %'
    event.update(title=title, persons=[{"id": 9, "public_name": "- Dash: Person #1"}], track="@topic: yes")
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli(src, "import", str(path), "--event", FRABCON, "--root", ".")[0] == 0
    talk = talk_of(src / FRABCON / "opening.md")
    assert (talk.title, talk.speakers[0].name, talk.topics) == (title, "- Dash: Person #1", ("@topic: yes",))
    result = build(src, tmp_path / "out", freshenv=True, confoverrides={"nitpicky": True})
    assert result.warnings.strip() == ""
    shown = text(result.page(f"{FRABCON}/opening").select_one("h1")).rstrip("¶")
    assert shown == title.replace("---", "—").replace('"quotes"', "“quotes”")  # Sphinx's smart quotes


def test_fixture_files_are_what_the_docstring_says() -> None:
    """Guard the fixtures' coverage: both person styles, DST, accents, shared speakers, no persons."""
    pretalx, frab = load(PRETALX), load(FRAB)
    persons = [
        p
        for d in pretalx["schedule"]["conference"]["days"]
        for r in d["rooms"].values()
        for e in r
        for p in e["persons"]
    ]
    assert all("code" in p and "name" in p for p in persons)
    frab_persons = [
        p for d in frab["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r for p in e["persons"]
    ]
    assert all("public_name" in p and "name" not in p for p in frab_persons)
    slots = schedule_slots(pretalx, with_persons=False)
    assert any(not s.speakers for s in slots.values())
    assert len({s.start.utcoffset() for s in slots.values()}) >= 2
