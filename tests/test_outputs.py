"""The one writer of the output folder (sphinxext/outputs.py, exports/writer.py): one manifest,
one skip rule for every output, and what a build no longer has deleted.

The skip rule is why the manifest exists: a rebuild whose data did not change makes nothing
again (no calendar rendered, no page regenerated), and an edit remakes exactly the outputs that
show the edited talk. Counted by wrapping the functions that make each kind of file.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import build, copy_root
from talkdeck.exports import calendars, feed, frab, talks
from talkdeck.sphinxext import pages
from talkdeck.sphinxext.outputs import LEGACY, MANIFEST, Manifest, Output, OutputFailed, make_ahead, stale, write

#: The functions that make each kind of output, in the modules that call them.
MAKERS = {
    "calendar": (calendars, "assemble"),  # every calendar file is made by it (an event's xCal beside it)
    "feed": (feed, "render"),
    "talks.json": (talks, "talks_document"),
    "schedules": (frab, "schedules"),
    "page": (pages, "entity_body"),
}


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each kind of output was made while the test ran."""
    counts: Counter[str] = Counter()
    for name, (module, attribute) in MAKERS.items():
        original = getattr(module, attribute)

        def counted(*args, __name=name, __original=original, **kwargs):  # type: ignore[no-untyped-def]
            counts[__name] += 1
            return __original(*args, **kwargs)

        monkeypatch.setattr(module, attribute, counted)
    return counts


def manifest_of(html: Path) -> dict[str, list]:
    return json.loads((html / MANIFEST).read_text(encoding="utf-8"))["outputs"]


def stamps(html: Path) -> dict[str, int]:
    return {p.relative_to(html).as_posix(): p.stat().st_mtime_ns for p in html.rglob("*") if p.is_file()}


def test_one_manifest_names_every_file_talkdeck_wrote(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    html = build(src, tmp_path / "out", freshenv=True).html
    outputs = manifest_of(html)
    files = {f for _, paths in outputs.values() for f in paths}
    assert all((html / f).is_file() for f in files)
    on_disk = {p.relative_to(html).as_posix() for p in html.rglob("*") if p.is_file()}
    ours = {f for f in on_disk if f.split("/")[0] in ("calendar", "schedules", "speakers", "topics", "schema")}
    ours |= {"talks.json", "schedule.json", "feed.xml"} & on_disk
    assert ours <= files
    assert {"talks.json", "schedules", "feed.xml", "schema/talk.schema.json", "documents"} <= set(outputs)
    assert "kcna/mesh-intro.html" in outputs["documents"][1]
    assert "_sources/kcna/mesh-intro.md.txt" in outputs["documents"][1]
    assert sorted(outputs["schedules"][1]) == [
        "schedule.json",
        "schedule.xml",
        "schedules/kceu.json",
        "schedules/kceu.xml",
        "schedules/kcna-2022.json",
        "schedules/kcna-2022.xml",
    ]
    assert [p.name for p in html.glob(".talkdeck*")] == [MANIFEST]


def test_an_unchanged_rebuild_makes_nothing_again(tmp_path: Path, made: Counter[str]) -> None:
    src = copy_root("basic", tmp_path / "src")
    html = build(src, tmp_path / "out", freshenv=True).html
    # each calendar and feed made once: 6 talks' and 2 events' calendars, 20 of speakers, topics,
    # projects and organisations with timed talks; the site's feed and one per page
    assert made["calendar"] == len(list((html / "calendar").rglob("*.ics"))) == 28
    data = json.loads((html / "talks.json").read_text(encoding="utf-8"))
    pages = sum(len(data[key]) for key in ("events", "speakers", "topics", "projects", "organisations"))
    assert made["feed"] == 1 + len(list((html / "feeds").rglob("*.xml"))) == 1 + pages
    assert made["page"] > 20
    assert made["talks.json"] == made["schedules"] == 1
    before = stamps(html)
    made.clear()
    build(src, tmp_path / "out")
    assert made == Counter()
    changed = sorted(path for path, stamp in stamps(html).items() if before.get(path) != stamp)
    assert not any(path.endswith((".ics", ".json", ".xml")) for path in changed), changed


def test_an_edit_remakes_what_shows_the_talk(tmp_path: Path, made: Counter[str]) -> None:
    src = copy_root("basic", tmp_path / "src")
    html = build(src, tmp_path / "out", freshenv=True).html
    events = (html / "calendar/events/kceu.ics").stat().st_mtime_ns
    page = src / "kcna/mesh-intro.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Room 140", "Room 141"), encoding="utf-8")
    made.clear()
    build(src, tmp_path / "out")
    # its own calendar and its event's, and those of its speaker (Alex Leong), his organisation
    # (Buoyant), its project (Linkerd) and its two topics; the JSON exports show every talk
    assert made["calendar"] == 7
    assert made["talks.json"] == made["schedules"] == 1
    # the site's feed, and the feeds of its event, speaker, organisation, project and topics
    assert made["feed"] == 7
    # the pages listing it, whose cards show the room: Alex Leong, Buoyant, Linkerd and its two topics
    assert made["page"] == 5
    assert "Room 141" in (html / "calendar/talks/mesh-intro.ics").read_text(encoding="utf-8")
    assert (html / "calendar/events/kceu.ics").stat().st_mtime_ns == events


def test_a_file_deleted_by_hand_is_made_again(tmp_path: Path, made: Counter[str]) -> None:
    src = copy_root("basic", tmp_path / "src")
    html = build(src, tmp_path / "out", freshenv=True).html
    for path in ("calendar/talks/mesh-intro.ics", "schedules/kcna-2022.json", "speakers/alex-leong.html"):
        (html / path).unlink()
    made.clear()
    build(src, tmp_path / "out")
    assert (made["calendar"], made["schedules"], made["page"]) == (1, 1, 1)
    assert (html / "calendar/talks/mesh-intro.ics").is_file()
    assert (html / "schedules/kcna-2022.json").is_file()
    assert (html / "speakers/alex-leong.html").is_file()


def test_what_a_build_no_longer_has_is_deleted(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    html = build(src, tmp_path / "out", freshenv=True).html
    for name in LEGACY:  # manifests of earlier talkdeck versions
        (html / name).write_text("{}", encoding="utf-8")
    assert (html / "speakers/eliza-weisman.html").is_file()
    (src / "kcna/rust-controllers.md").unlink()
    build(src, tmp_path / "out")
    outputs = manifest_of(html)
    files = {f for _, paths in outputs.values() for f in paths}
    for gone in (
        "kcna/rust-controllers.html",
        "_sources/kcna/rust-controllers.md.txt",
        "calendar/talks/rust-controllers.ics",
        "speakers/eliza-weisman.html",
    ):
        assert not (html / gone).exists() and gone not in files
    assert not [name for name in LEGACY if (html / name).exists()]
    assert all((html / f).is_file() for f in files)


def test_a_damaged_manifest_remakes_everything_and_deletes_nothing_outside(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    outside = tmp_path / "keep.txt"
    outside.write_text("mine", encoding="utf-8")
    (outdir / MANIFEST).write_text(
        json.dumps(
            {
                "format": 1,
                "outputs": {
                    "x": ["d", ["../keep.txt", "/etc/hostname", "a/../../keep.txt", "a/./b", "a//b", "a/", "..", "."]]
                },
            }
        ),
        encoding="utf-8",
    )
    assert Manifest.read(outdir).all_files() == set()
    (outdir / MANIFEST).write_text(json.dumps({"format": 1, "outputs": {"y": ["d", ["a..b/.c", "..d/e"]]}}))
    assert Manifest.read(outdir).all_files() == {"a..b/.c", "..d/e"}  # dots inside a name are a name
    write(outdir, {"a.txt": Output("1", lambda: {"a.txt": b"A"})})
    assert outside.read_text(encoding="utf-8") == "mine"
    (outdir / MANIFEST).write_text("not json", encoding="utf-8")
    assert Manifest.read(outdir).outputs == {}
    calls = []
    write(outdir, {"a.txt": Output("1", lambda: calls.append(1) or {"a.txt": b"A"})})
    assert calls == [1]  # unreadable manifest: made again
    write(outdir, {"a.txt": Output("1", lambda: calls.append(1) or {"a.txt": b"A"})})
    assert calls == [1]  # fresh now
    write(outdir, {"b/c.txt": Output("2", lambda: {"b/c.txt": b"C"})})
    assert not (outdir / "a.txt").exists() and (outdir / "b/c.txt").read_bytes() == b"C"
    write(outdir, {})
    assert not (outdir / "b").exists()  # the folder it left empty goes too


def test_an_output_that_fails_is_left_out_and_made_again(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    write(outdir, {"a": Output("1", lambda: {"a.txt": b"A"})})

    def failing() -> dict[str, bytes]:
        raise OutputFailed("no luck")

    told: list[str] = []
    write(outdir, {"a": Output("2", failing), "b": Output("1", lambda: {"b.txt": b"B"})}, told.append)
    assert told == ["no luck"]
    assert "a" not in Manifest.read(outdir).outputs  # not fresh: the next build tries again
    assert not (outdir / "a.txt").exists() and (outdir / "b.txt").read_bytes() == b"B"
    with pytest.raises(OutputFailed, match="no luck"):
        write(outdir, {"a": Output("2", failing)})  # nobody to tell: the failure is the caller's


def test_outputs_made_ahead_are_taken_for_the_digest_they_were_made_for(tmp_path: Path) -> None:
    """Under -j the exports are made while Sphinx writes the documents (writer.start_exports);
    the writer takes each as made if its digest is the same, and makes it again otherwise."""
    outdir = tmp_path / "out"
    outdir.mkdir()
    calls: list[str] = []

    def maker(name: str, data: bytes) -> Output:
        return Output(name + "-digest", lambda: calls.append(name) or {f"{name}.txt": data})

    def failing() -> dict[str, bytes]:
        calls.append("c")
        raise OutputFailed("no luck")

    early = {"a": maker("a", b"A"), "b": maker("b", b"B"), "c": Output("c-digest", failing)}
    keys = stale(Manifest.read(outdir), early)
    assert keys == ["a", "b", "c"]
    ahead = make_ahead(outdir, early, keys)
    assert calls == ["a", "b", "c"]
    assert ahead == {"a": ("a-digest", ("a.txt",)), "b": ("b-digest", ("b.txt",)), "c": ("c-digest", "no luck")}
    assert (outdir / "a.txt").read_bytes() == b"A"
    calls.clear()
    told: list[str] = []
    now = {**early, "b": Output("b-changed", lambda: calls.append("b2") or {"b.txt": b"B2"})}
    manifest = write(outdir, now, told.append, ahead=ahead)
    assert calls == ["b2"]  # a was taken as made; b's digest changed since, so it was made again
    assert told == ["no luck"]  # c's failure is told once, by the writer
    assert manifest.outputs == {"a": ("a-digest", ("a.txt",)), "b": ("b-changed", ("b.txt",))}
    assert (outdir / "b.txt").read_bytes() == b"B2"
    assert stale(Manifest.read(outdir), now) == ["c"]  # what failed is made again next time
