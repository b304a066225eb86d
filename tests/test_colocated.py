"""Co-located events (`part_of`): MeshDay, held during Conf's week in test-week, has its own page,
card and id; Conf's page lists it and can show the whole week; the events overview and the
filter group it under Conf; talks.json, the schedules and JSON-LD say so. A wrong `part_of`
(unknown, itself, a co-located parent, days outside the parent's) is a located warning, the same
in `check`; and the site's title stays the conference's until a second conference arrives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import Build, build, build_root, copy_root, find_warning, text
from talkdeck.cli.check import run
from talkdeck.core.checks import check_collection
from talkdeck.core.events import parent_of, top_level, week
from talkdeck.core.model import Entry, Event

CONF = "Conf North America 2022"
MESHDAY = "MeshDay North America 2022"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("week", tmp_path_factory.mktemp("week"))


def facts(result: Build, docname: str) -> list[str]:
    return [text(p) for p in result.page(docname).select(".tdk-event-card .tdk-fact")]


def grid_titles(result: Build, docname: str, index: int = 0) -> list[str]:
    grid = result.page(docname).select(".tdk-grid")[index]
    return [text(a) for a in grid.select(".tdk-title-link")]


def read(result: Build, path: str) -> Any:
    return json.loads((result.html / path).read_text(encoding="utf-8"))


def test_the_week_builds_without_warnings(site: Build) -> None:
    assert site.statuscode == 0
    assert site.warnings == ""


def test_each_event_has_its_card_and_names_the_other(site: Build) -> None:
    assert facts(site, "conf/index") == [
        "When: 24–28 October 2022",
        "Where: Detroit, USA",
        "Talks: 4 talks",
        "Co-located events: MeshDay North America 2022 (2 talks)",
        "Calendar: Add 3 talks to your calendar",
    ]
    assert facts(site, "meshday/index") == [
        "When: 25 October 2022",
        "Where: Detroit, USA",
        f"Co-located with: {CONF}",
        "Talks: 2 talks",
        "Calendar: Add 2 talks to your calendar",
    ]
    conf = site.page("conf/index").select_one(".tdk-co-located-link")
    meshday = site.page("meshday/index").select_one(".tdk-parent-event")
    assert (conf["href"], meshday["href"]) == ("../meshday/index.html", "../conf/index.html")


def test_a_grid_with_co_located_shows_the_week(site: Build) -> None:
    week_grid = grid_titles(site, "conf/index", 0)
    # by start: MeshDay's day (its timed talk, then its day-only one), then Conf's, undated last
    assert week_grid == [
        "CNI Boundaries",
        "Control Planes in Rust",
        "Opening Keynote",
        "Evening Session",
        "A Talk Known By Its Day",
        "Sometime That Week",
    ]
    assert grid_titles(site, "conf/index", 1) == [
        t for t in week_grid if t not in ("CNI Boundaries", "Control Planes in Rust")
    ]
    assert grid_titles(site, "meshday/index") == ["CNI Boundaries", "Control Planes in Rust"]
    # a card names its own event
    cards = site.page("conf/index").select(".tdk-grid")[0].select(".tdk-card")
    assert text(cards[0].select_one(".tdk-event")) == "MeshDay NA 2022"


def test_co_located_needs_an_event(tmp_path: Path) -> None:
    page = "# Grid\n\n```{talk-grid}\n:co-located:\n```\n"
    result = build_root("week", tmp_path, extra={"grid.md": ":orphan:\n\n" + page})
    find_warning(result.records(), "grid.md", 5, "talk-grid: :co-located:", "name an event there")


def test_the_events_overview_groups_co_located_events(site: Build) -> None:
    overview = site.page("index").select_one("ul.tdk-overview")
    top = overview.find_all("li", recursive=False)
    assert [text(li.find("p")) for li in top] == [f"{CONF} (4 talks)"]
    assert [text(li) for li in top[0].select("ul.tdk-overview > li")] == [f"{MESHDAY} (2 talks)"]


def test_the_filter_groups_co_located_events_under_their_conference(site: Build) -> None:
    page = site.page("index")
    facet = page.select_one(".tdk-filter-event")
    top = facet.select_one("ul.tdk-filter-values").find_all("li", recursive=False)
    assert [(a["data-tdk-value"], text(a)) for a in (li.find("a") for li in top)] == [("conf-2022", "Conf NA 2022 (6)")]
    sub = top[0].select("ul.tdk-filter-sub a")
    assert [(a["data-tdk-value"], text(a), a["href"]) for a in sub] == [
        ("meshday-2022", "MeshDay NA 2022 (2)", "meshday/index.html")
    ]
    # a co-located talk's card is one of the conference's week too
    marks = {text(i.select_one(".tdk-title-link")): i["data-tdk-event"] for i in page.select(".tdk-filterable")}
    assert marks["CNI Boundaries"] == "conf-2022 meshday-2022"
    assert marks["Opening Keynote"] == "conf-2022"


def test_talks_json_names_the_relation(site: Build) -> None:
    events = {e["id"]: e for e in read(site, "talks.json")["events"]}
    assert (events["conf-2022"]["part_of"], events["conf-2022"]["co_located"]) == (None, ["meshday-2022"])
    assert (events["meshday-2022"]["part_of"], events["meshday-2022"]["co_located"]) == ("conf-2022", [])


def test_each_event_keeps_its_own_schedule_which_names_the_other(site: Build) -> None:
    conf = read(site, "schedules/conf-2022.json")["schedule"]["conference"]
    meshday = read(site, "schedules/meshday-2022.json")["schedule"]["conference"]
    assert conf["meta"] == {"co_located": [{"acronym": "meshday_2022", "title": MESHDAY, "url": "meshday/index.html"}]}
    assert meshday["meta"] == {"part_of": {"acronym": "conf_2022", "title": CONF, "url": "conf/index.html"}}
    titles = [e["title"] for day in meshday["days"] for room in day["rooms"].values() for e in room]
    assert titles == ["CNI Boundaries"]  # the day-only talk has no start time to give


def test_json_ld_nests_the_conference_as_the_events_super_event(site: Build) -> None:
    script = site.page("meshday/cni").find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["superEvent"]["name"] == MESHDAY
    assert data["superEvent"]["superEvent"]["name"] == CONF
    assert data["superEvent"]["superEvent"]["url"] == "../conf/index.html"
    keynote = json.loads(site.page("conf/keynote").find("script", type="application/ld+json").string)
    assert "superEvent" not in keynote["superEvent"]


# --- the rules, in core ------------------------------------------------------------------------


def event(ident: str, part_of: str = "", start: str = "2022-10-24", end: str = "2022-10-28") -> Entry:
    from datetime import date

    item = Event(ident, ident.title(), start=date.fromisoformat(start), end=date.fromisoformat(end), part_of=part_of)
    return Entry(f"{ident}/index", item, (("event.part_of", 9), ("event.start", 7), ("event.end", 8)))


def test_one_level_only_and_no_cycles() -> None:
    entries = [event("conf"), event("day", "conf"), event("night", "day"), event("a", "b"), event("b", "a")]
    events = {e.item.id: e for e in entries}
    assert parent_of(events["day"].item, events) is events["conf"]
    # a parent that is co-located itself is no parent; two events naming each other neither
    assert [parent_of(events[i].item, events) for i in ("night", "a", "b", "conf")] == [None] * 4
    assert [e.item.id for e in top_level(events)] == ["a", "b", "conf", "night"]
    assert week("conf", events) == ("conf", "day")


@pytest.mark.parametrize(
    ("entry", "field", "needles"),
    [
        (event("x", "conff"), "event.part_of", ("unknown event 'conff'", "did you mean 'conf'?")),
        (event("x", "x"), "event.part_of", ("an event cannot be part of itself",)),
        (event("x", "day"), "event.part_of", ("'day' is co-located itself (part of 'conf')", "name 'conf'")),
        (event("x", "conf", start="2022-10-20"), "event.start", ("2022-10-20 is before the first day of 'conf'",)),
        (event("x", "conf", end="2022-10-30"), "event.end", ("2022-10-30 is after the last day of 'conf'",)),
    ],
)
def test_a_wrong_part_of_is_reported_at_its_field(entry: Entry, field: str, needles: tuple[str, ...]) -> None:
    found = [(d, p) for d, p in check_collection([event("conf"), event("day", "conf"), entry]) if d == entry.docname]
    assert len(found) == 1, found
    problem = found[0][1]
    assert problem.field == field
    assert problem.line == dict(entry.lines)[field]
    assert all(n in problem.message for n in needles), problem.message


# --- the build and `check` report them alike ------------------------------------------------

BAD_EVENTS = {
    "bad/unknown.md": "event:\n  id: bad-unknown\n  name: U\n  start: 2022-10-25\n  end: 2022-10-25\n"
    "  timezone: UTC\n  part_of: conf-2023\n",
    "bad/nested.md": "event:\n  id: bad-nested\n  name: N\n  start: 2022-10-25\n  end: 2022-10-25\n"
    "  timezone: UTC\n  part_of: meshday-2022\n",
    "bad/early.md": "event:\n  id: bad-early\n  name: E\n  start: 2022-10-20\n  end: 2022-10-29\n"
    "  timezone: UTC\n  part_of: conf-2022\n",
}
EXPECTED = [
    ("bad/early.md", 5, "event.start: 2022-10-20 is before the first day of 'conf-2022'"),
    ("bad/early.md", 6, "event.end: 2022-10-29 is after the last day of 'conf-2022'"),
    ("bad/nested.md", 8, "event.part_of: 'meshday-2022' is co-located itself (part of 'conf-2022')"),
    ("bad/unknown.md", 8, "event.part_of: unknown event 'conf-2023'; did you mean 'conf-2022'?"),
]


def test_wrong_part_of_warns_in_the_build_and_in_check_alike(tmp_path: Path) -> None:
    extra = {path: f"---\n{body}---\n\n```{{event}}\n```\n" for path, body in BAD_EVENTS.items()}
    src = copy_root("week", tmp_path / "src")
    for path, content in extra.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(content, encoding="utf-8")
    (src / "index.md").write_text(
        (src / "index.md").read_text(encoding="utf-8")
        + "\n```{toctree}\n:hidden:\n\nbad/unknown\nbad/nested\nbad/early\n```\n",
        encoding="utf-8",
    )
    result = build(src, tmp_path / "out", freshenv=True)
    built = sorted(
        (w.file, w.line, w.message.split(";")[0] if "unknown event" not in w.message else w.message.split(" (known")[0])
        for w in result.records()
        if w.type.startswith("talkdeck")
    )
    for file, line, start in EXPECTED:
        assert any(b[:2] == (file, line) and b[2].startswith(start) for b in built), (file, line, start, built)
    checked = run(src, True, ["bad"], src)
    assert sorted((f.path.relative_to(src).as_posix(), f.line, f.message) for f in checked.findings) == sorted(
        (w.file, w.line, w.message) for w in result.records() if w.type.startswith("talkdeck")
    )
    # a wrong part_of leaves the event an event of its own
    overview = result.page("index").select_one("ul.tdk-overview")
    assert "U (0 talks)" in [text(li.find("p")) for li in overview.find_all("li", recursive=False)]
    shutil.rmtree(tmp_path / "out")


# --- the site's title ---------------------------------------------------------------------------

OTHER = """---
orphan: true
event:
  id: other-2023
  name: Other Europe 2023
  start: 2023-04-18
  end: 2023-04-21
  timezone: Europe/Amsterdam
---

```{event}
```
"""


def names(result: Build, docname: str) -> tuple[str, str]:
    """(<title>, the relation bar's link home) of a page, as the basic theme shows them."""
    page = result.page(docname)
    return text(page.find("title")), text(page.select_one(".related .nav-item-0 a"))


def test_the_site_is_named_after_its_conference_until_a_second_one_arrives(tmp_path: Path) -> None:
    src = copy_root("week", tmp_path / "src")
    first = build(src, tmp_path / "out")
    # one conference (MeshDay is part of its week): html_title
    assert names(first, "conf/index") == (f"{CONF} \u2014 Talks at Conf 2022", "Talks at Conf 2022")
    # a talk page: the talk and its event's short name
    assert names(first, "conf/keynote") == ("Opening Keynote - Conf NA 2022", "Talks at Conf 2022")
    assert names(first, "meshday/rust")[0] == "Control Planes in Rust - MeshDay NA 2022"
    (src / "other").mkdir()
    (src / "other" / "index.md").write_text(OTHER, encoding="utf-8")
    second = build(src, tmp_path / "out")
    assert second.warnings == ""
    # every page names the archive now, also those the rebuild did not read again
    assert names(second, "conf/index") == (f"{CONF} \u2014 Talks at conferences", "Talks at conferences")
    assert names(second, "conf/keynote") == ("Opening Keynote - Conf NA 2022", "Talks at conferences")
    assert names(second, "speakers/flynn")[1] == "Talks at conferences"
    (src / "other" / "index.md").unlink()
    third = build(src, tmp_path / "out")
    assert names(third, "conf/keynote")[1] == "Talks at Conf 2022"


# --- parallel and incremental builds write what a clean serial build writes -------------------


def test_a_parallel_build_of_the_week_writes_the_same_files(tmp_path: Path) -> None:
    from test_parallel import all_files, ran_in_workers

    serial = build_root("week", tmp_path / "serial", parallel=1)
    parallel = build_root("week", tmp_path / "parallel", parallel=2)
    assert ran_in_workers(parallel)
    assert parallel.warnings == serial.warnings == ""
    mine, theirs = all_files(parallel.html), all_files(serial.html)
    assert sorted(mine) == sorted(theirs)
    assert [name for name in theirs if mine[name] != theirs[name]] == []
    assert "conf/rust.html" in theirs and "previews/cni.png" in theirs


def test_an_event_leaving_the_week_rewrites_what_showed_it(tmp_path: Path) -> None:
    """MeshDay stops being part of Conf, then is again: each incremental build writes exactly the
    files a clean build of the same sources writes (cards, overview, filter, exports)."""
    from conftest import output_files

    src = copy_root("week", tmp_path / "src")
    build(src, tmp_path / "out")
    meshday = src / "meshday" / "index.md"
    original = meshday.read_text(encoding="utf-8")
    for step, source in enumerate((original.replace("  part_of: conf-2022\n", ""), original)):
        meshday.write_text(source, encoding="utf-8")
        incremental = build(src, tmp_path / "out")
        shutil.copytree(src, tmp_path / f"clean-{step}" / "src")
        clean = build(tmp_path / f"clean-{step}" / "src", tmp_path / f"clean-{step}" / "out", freshenv=True)
        assert incremental.warnings == clean.warnings == ""
        mine, theirs = output_files(incremental.html), output_files(clean.html)
        assert sorted(mine) == sorted(theirs)
        assert [name for name in theirs if mine[name] != theirs[name]] == []
        card = text(incremental.page("conf/index").select_one(".tdk-event-card"))
        assert ("Co-located events" in card) == (step == 1)
