"""Incremental builds: edit, add and remove talks, rebuild WITHOUT a fresh environment into the
same output folder, and check that every page showing the talk shows the new data, and that every
HTML page is exactly what a clean build of the same sources writes."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import Build, build, copy_root, find_warning, make_app, output_files, text, warnings_of
from talkdeck.exports import calendars, writer
from talkdeck.sphinxext import assets, listings, outputs, pages

NEW_TALK = """\
---
talk:
  title: Brand New Talk
  event: kcna-2022
  format: talk
  speakers:
    - name: Flynn
      affiliation: Buoyant
  topics: [Security]
  projects: [Linkerd]
  summary: A talk added after the first build.
  start: 2022-10-24 09:00
  duration: 30
---

```{talk}
```
"""


def edit(path: Path, old: str, new: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert old in source, f"{old!r} not in {path}"
    path.write_text(source.replace(old, new), encoding="utf-8")


def titles(build_: Build, docname: str, ident: str | None = None) -> list[str]:
    page = build_.page(docname)
    scope = page.find("section", id=ident) if ident else page
    return [text(a) for a in scope.select(".tdk-grid .tdk-title-link")]


def clean_build_of(src: Path, tmp: Path, **kwargs: Any) -> Build:
    copy = tmp / "clean-src"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("_build"))
    shutil.rmtree(tmp / "clean-out", ignore_errors=True)
    return build(copy, tmp / "clean-out", freshenv=True, **kwargs)


def snapshot(result: Build, dest: Path) -> Build:
    """A copy of a build's HTML, so that later rebuilds into the same folder do not change it."""
    shutil.copytree(result.html, dest / "html")
    return replace(result, outdir=dest)


@dataclass
class Step:
    incremental: Build
    clean: Build


#: Each edit, applied in this order to one source tree, each followed by an incremental rebuild.
EDITS = ("edit", "topics", "event", "add", "remove", "rename")


def apply(name: str, src: Path) -> None:
    if name == "edit":  # title and speakers
        edit(src / "kcna/mesh-intro.md", "title: Service Mesh 101", "title: Service Mesh 202")
        edit(
            src / "kcna/mesh-intro.md",
            "- name: Alex Leong\n      affiliation: Buoyant\n      role: Linkerd maintainer",
            "- name: Matei David\n      affiliation: Buoyant\n      role: Linkerd maintainer\n"
            "    - name: Kasper Nissen\n      affiliation: Lunar",
        )
    elif name == "topics":  # one topic dropped (its page goes), one added (a new page)
        edit(src / "kcna/rust-controllers.md", "topics: [Kubernetes controllers]", "topics: [Rust, Security]")
    elif name == "event":  # a talk moves to the other event
        edit(src / "kcna/zero-trust.md", "event: kcna-2022", "event: kceu")
    elif name == "add":
        (src / "kcna/new-talk.md").write_text(NEW_TALK, encoding="utf-8")
    elif name == "remove":
        (src / "kceu/ambient.md").unlink()
    elif name == "rename":  # same talk id (given in the page), new file name and so a new URL
        (src / "kcna/packets.md").rename(src / "kcna/life-of-a-packet.md")


def run_steps(tmp: Path, **kwargs: Any) -> dict[str, Step]:
    """One source tree built once, then edited step by step, each edit followed by an incremental
    rebuild (same srcdir, outdir and pickled environment) and a clean build to compare with."""
    src = copy_root("basic", tmp / "src")
    out = tmp / "out"
    first = build(src, out, freshenv=True, **kwargs)
    assert first.warnings == ""
    done: dict[str, Step] = {}
    for name in EDITS:
        apply(name, src)
        done[name] = Step(snapshot(build(src, out, **kwargs), tmp / name), clean_build_of(src, tmp / name, **kwargs))
    return done


#: The site's theme and sidebars: every page shows the toctree and talk pages the event's window,
#: so a stale sidebar on a page that was not rewritten would show here.
FURO = {
    "html_theme": "furo",
    "html_sidebars": {"**": ["sidebar/search.html", "sidebar/navigation.html", "talkdeck/sidebar-talks.html"]},
}


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Step]:
    return run_steps(tmp_path_factory.mktemp("incremental"))


@pytest.fixture(scope="module")
def furo_steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Step]:
    return run_steps(tmp_path_factory.mktemp("incremental-furo"), confoverrides=FURO)


@pytest.mark.parametrize("theme", ["steps", "furo_steps"])
@pytest.mark.parametrize("name", EDITS)
def test_every_output_file_is_what_a_clean_build_writes(request: pytest.FixtureRequest, theme: str, name: str) -> None:
    """Not only the HTML pages: sources, inventory, search index, manifest. No file is left over
    from before the edit (Sphinx alone would keep a removed or renamed page's HTML and source copy)."""
    steps: dict[str, Step] = request.getfixturevalue(theme)
    mine, theirs = output_files(steps[name].incremental.html), output_files(steps[name].clean.html)
    assert sorted(set(mine) - set(theirs)) == []
    assert sorted(set(theirs) - set(mine)) == []
    differing = [path for path in sorted(theirs) if mine[path] != theirs[path]]
    assert differing == [], f"files that differ from a clean build after {name!r}: {differing}"


@pytest.mark.parametrize("name", EDITS)
def test_every_edit_is_read_incrementally(steps: dict[str, Step], name: str) -> None:
    status = steps[name].incremental.status
    assert "loading pickled environment" in status
    counts = {
        "edit": (0, 1, 0),
        "topics": (0, 1, 0),
        "event": (0, 1, 0),
        "add": (1, 0, 0),
        "remove": (0, 0, 1),
        "rename": (1, 0, 1),
    }[name]
    assert "updating environment: {} added, {} changed, {} removed".format(*counts) in status


# --- editing a talk ------------------------------------------------------------------------------


def test_edited_title_and_speakers_reach_every_page_that_lists_the_talk(steps: dict[str, Step]) -> None:
    result = steps["edit"].incremental
    assert "Service Mesh 202" in titles(result, "index")
    assert "Service Mesh 202" in titles(result, "kcna/index")
    assert "Service Mesh 202" in titles(result, "pages/filters", "by-topic")
    assert "Service Mesh 202" in titles(result, "pages/sorting", "title")
    picks = result.page("pages/picks").select_one(".tdk-card:not(.tdk-event-card)")
    assert text(picks.select_one(".tdk-title-link")) == "Service Mesh 202"
    assert [text(s) for s in picks.select(".tdk-speaker-name")] == ["Matei David", "Kasper Nissen"]
    assert text(picks.select_one(".tdk-speakers")) == "Matei David (Buoyant), Kasper Nissen (Lunar)"
    own = result.page("kcna/mesh-intro")
    assert text(own.find("h1")).rstrip("¶") == "Service Mesh 202"
    assert (
        text(own.select_one(".tdk-card-page .tdk-speakers"))
        == "Matei David (Linkerd maintainer, Buoyant), Kasper Nissen (Lunar)"
    )
    # the speaker filter follows the new speakers
    assert "Service Mesh 202" not in titles(result, "pages/filters", "by-speaker")
    # the new speakers and organisation get pages; the old speaker's page loses the talk
    assert titles(result, "speakers/kasper-nissen") == ["Service Mesh 202"]
    assert titles(result, "organisations/lunar") == ["Service Mesh 202"]
    assert "Service Mesh 202" not in titles(result, "speakers/alex-leong")
    # and the old title is gone from every page
    stale = [name for name, html in result.pages().items() if "Service Mesh 101" in html]
    assert stale == []


def test_changed_topics_move_the_talk_between_topic_pages(steps: dict[str, Step]) -> None:
    result = steps["topics"].incremental
    assert not (result.html / "topics/kubernetes-controllers.html").exists()
    assert titles(result, "topics/rust") == ["Controllers in Rust"]
    assert "Controllers in Rust" in titles(result, "topics/security")
    scope = result.page("pages/overviews").find("section", id="topics")
    topics = [text(a) for a in scope.select(".tdk-overview a")]
    assert "Rust" in topics and "Kubernetes controllers" not in topics


def test_a_talk_moved_to_another_event_leaves_the_old_event_page(steps: dict[str, Step]) -> None:
    result = steps["event"].incremental
    assert "Zero Trust in Practice" not in titles(result, "kcna/index")
    assert "Zero Trust in Practice" in titles(result, "kceu/index")
    assert text(result.page("kcna/index").select_one(".tdk-count")) == "4 talks"
    assert text(result.page("kceu/index").select_one(".tdk-count")) == "5 talks"
    # its previous / next links now walk the other event's programme
    page = result.page("kcna/zero-trust")
    neighbours = [link["href"] for link in page.select("head link[rel=prev], head link[rel=next]")]
    assert neighbours and all(href.startswith("../kceu/") for href in neighbours), neighbours


# --- adding a talk ------------------------------------------------------------------------------


def test_added_talk_appears_in_every_listing(steps: dict[str, Step]) -> None:
    result = steps["add"].incremental
    assert titles(result, "index")[0] == "Brand New Talk"  # earliest start of the earliest event
    assert titles(result, "kcna/index")[0] == "Brand New Talk"
    assert "Brand New Talk" in titles(result, "pages/filters", "by-topic")
    assert text(result.page("kcna/index").select_one(".tdk-count")) == "5 talks"
    assert "Brand New Talk" in titles(result, "speakers/flynn")
    assert (result.html / "kcna/new-talk.html").is_file()


# --- removing a talk ------------------------------------------------------------------------------


def test_removed_talk_disappears_from_every_listing(steps: dict[str, Step]) -> None:
    result = steps["remove"].incremental
    stale = [name for name, html in result.pages().items() if "Ambient or Sidecar?" in html]
    assert stale == []
    assert not (result.html / "kceu/ambient.html").exists()
    assert not (result.html / "_sources/kceu/ambient.md.txt").exists()
    assert text(result.page("kceu/index").select_one(".tdk-count")) == "4 talks"
    assert text(result.page("pages/picks").select_one(".tdk-event-card .tdk-count")) == "4 talks"
    # a grid that only showed the removed talk is now empty, and its filter names a speaker who is gone
    scope = result.page("pages/filters").find("section", id="accented-speaker")
    assert text(scope.select_one(".tdk-empty")) == "No talks match yet."
    find_warning(result.records(), "pages/filters.md", 43, ":speaker: unknown speaker 'zoe-example'")
    # the speaker who only gave that talk has no page any more, and is not in the index
    assert not (result.html / "speakers/zoe-example.html").exists()
    assert "Zoë Example" not in result.page("genindex").get_text()


def test_remove_gives_the_same_warnings_as_a_clean_build(steps: dict[str, Step]) -> None:
    step = steps["remove"]
    assert [(w.file, w.line, w.message) for w in step.incremental.records()] == [
        (w.file, w.line, w.message) for w in step.clean.records()
    ]


# --- renaming a talk file --------------------------------------------------------------------------


def test_renamed_talk_is_linked_at_its_new_address(steps: dict[str, Step]) -> None:
    result = steps["rename"].incremental
    assert not (result.html / "kcna/packets.html").exists()
    assert (result.html / "kcna/life-of-a-packet.html").is_file()
    links = {a["href"] for a in result.page("index").select(".tdk-title-link")}
    assert "kcna/life-of-a-packet.html" in links and "kcna/packets.html" not in links
    speaker = result.page("speakers/kevin-leimkuhler").select_one(".tdk-grid .tdk-title-link")
    assert speaker["href"] == "../kcna/life-of-a-packet.html"
    stale = [name for name, html in result.pages().items() if "packets.html" in html]
    assert stale == []


# --- rebuilding without changes -------------------------------------------------------------------


def test_unchanged_rebuild_writes_nothing(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "out", freshenv=True)
    # Sphinx writes genindex.html and search.html on every build; every other page must be left alone
    html = tmp_path / "out/html"
    always = {html / "genindex.html", html / "search.html"}
    before = {p: p.stat().st_mtime_ns for p in html.rglob("*.html") if p not in always}
    manifest = (html / outputs.MANIFEST).read_bytes()
    # every file talkdeck keeps in its manifest (Sphinx rewrites objects.inv and _static itself)
    kept = [html / f for _, found in json.loads(manifest)["outputs"].values() for f in found]
    files = {p: p.stat().st_mtime_ns for p in kept if p not in always}
    digested: list[str] = []
    made: list[str] = []
    with pytest.MonkeyPatch.context() as patch:  # the Domain is as it was: no listing is digested again
        patch.setattr(listings, "digest", lambda domain, docname: digested.append(docname) or "")
        # nor any generated page or export (their digests are kept from the last build that read)
        patch.setattr(writer, "_exports", lambda app: made.append("exports") or {})
        patch.setattr(pages, "page_inputs", lambda domain, entity: made.append(entity.pagename))
        patch.setattr(calendars, "keep_parts", lambda *args: made.append("VEVENTs"))
        again = build(src, tmp_path / "out")
    assert digested == [] and made == []
    assert "no targets are out of date" in again.status
    assert again.warnings == ""
    after = {p: p.stat().st_mtime_ns for p in html.rglob("*.html") if p not in always}
    assert len(after) > 30
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in kept if p not in always} == files
    assert (html / outputs.MANIFEST).read_bytes() == manifest
    assert len(files) > 100 and any(p.suffix == ".ics" for p in files) and html / "talks.json" in files


@pytest.mark.parametrize("parallel", [0, 2])
def test_body_edits_work_out_nothing_the_domain_decides(tmp_path: Path, parallel: int) -> None:
    """A talk's body is in no listing, generated page or export: the talk pages are read (under
    -j 2 in forked readers: nine pages) and written again, and the search index made again, but
    no listing's, generated page's or export's digest and no VEVENT is made again
    (sphinxext/unchanged.py), and no other page or export is written. An edit of the records
    after that is seen everywhere, as a clean build has it."""
    from test_equivalence import differences
    from test_parallel import ran_in_workers

    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "out", freshenv=True, parallel=parallel)
    html = tmp_path / "out/html"
    talks = sorted(p for p in src.rglob("*.md") if p.read_text(encoding="utf-8").startswith("---\ntalk:"))
    assert len(talks) > 5  # Sphinx reads serially below 5 pages
    names = [p.relative_to(src).with_suffix("").as_posix() for p in talks]
    always = {html / p for p in ("genindex.html", "search.html")}
    always |= {html / f"{n}.html" for n in names} | {html / f"_sources/{n}.md.txt" for n in names}
    manifest = json.loads((html / outputs.MANIFEST).read_bytes())["outputs"]
    kept = [html / f for _, found in manifest.values() for f in found]
    files = {p: p.stat().st_mtime_ns for p in {*kept, *html.rglob("*.html")} - always if "pagefind" not in p.parts}
    for page in talks:
        page.write_text(page.read_text(encoding="utf-8") + "\nA packet's journey, hop by hop.\n", encoding="utf-8")
    digested: list[str] = []
    made: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listings, "digest", lambda domain, docname: digested.append(docname) or "")
        patch.setattr(writer, "_exports", lambda app: made.append("exports") or {})
        patch.setattr(pages, "page_inputs", lambda domain, entity: made.append(entity.pagename))
        patch.setattr(calendars, "keep_parts", lambda *args: made.append("VEVENTs"))
        edited = build(src, tmp_path / "out", parallel=parallel)
    assert digested == [] and made == []
    assert edited.warnings == "" and ran_in_workers(edited) == bool(parallel)
    assert all("hop by hop" in (html / f"{n}.html").read_text(encoding="utf-8") for n in names)
    assert len(files) > 100 and {p: p.stat().st_mtime_ns for p in files} == files
    assert differences(output_files(html), output_files(build(src, tmp_path / "clean", freshenv=True).html)) == []

    edit(src / "kcna/packets.md", "Whose Packet Is It Anyway?", "Whose Packet Is It, Anyway?")
    assert build(src, tmp_path / "out", parallel=parallel).warnings == ""
    assert "Whose Packet Is It, Anyway?" in (html / "speakers/kevin-leimkuhler.html").read_text(encoding="utf-8")
    shutil.rmtree(tmp_path / "clean")
    assert differences(output_files(html), output_files(build(src, tmp_path / "clean", freshenv=True).html)) == []


def test_a_build_that_reads_nothing_still_remakes_what_is_gone_or_dated_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digests kept for a no-op are checked against the manifest and the files: an export or
    generated page deleted by hand is made again, with the same bytes; a new SOURCE_DATE_EPOCH
    (which the exports' timestamps show) makes them again with it; an edit after that is seen."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "out", freshenv=True)
    html = tmp_path / "out/html"
    calendar = next(iter(sorted((html / "calendar").rglob("*.ics"))))
    speaker = html / "speakers/kevin-leimkuhler.html"
    kept = {path: path.read_bytes() for path in (calendar, speaker, html / "talks.json")}
    calendar.unlink()
    speaker.unlink()
    again = build(src, tmp_path / "out")
    assert "no targets are out of date" in again.status and again.warnings == ""
    assert {path: path.read_bytes() for path in kept} == kept

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    dated = build(src, tmp_path / "out")
    assert "no targets are out of date" in dated.status and dated.warnings == ""
    assert json.loads((html / "talks.json").read_text())["generated"].startswith("2027-01-15")
    assert "DTSTAMP:20270115T" in calendar.read_text()

    edit(src / "kcna/packets.md", "Whose Packet Is It Anyway?", "Whose Packet Is It, Anyway?")
    edited = build(src, tmp_path / "out")
    assert edited.warnings == ""
    assert "Whose Packet Is It, Anyway?" in speaker.read_text()
    assert any(
        "Whose Packet Is It, Anyway?" in t["title"] for t in json.loads((html / "talks.json").read_text())["talks"]
    )


def test_cross_page_problems_are_reported_again_on_the_next_build(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    (src / "pages/dangling.md").write_text("---\norphan: true\n---\n# Dangling\n\n```{talk} nope-talk\n```\n")
    first = build(src, tmp_path / "out", freshenv=True)
    find_warning(first.records(), "pages/dangling.md", 6, "unknown talk 'nope-talk'")
    # an unrelated page changes; the dangling reference was not fixed, so -W must still see it
    edit(src / "kcna/packets.md", "Following one packet", "Following a single packet")
    second = build(src, tmp_path / "out")
    assert "1 changed" in second.status
    find_warning(second.records(), "pages/dangling.md", 6, "unknown talk 'nope-talk'")


# --- state that must not leak between builds --------------------------------------------------------


def test_templates_path_does_not_grow_between_apps(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    edit(src / "conf.py", "templates_path: list[str] = []", "")
    shown = []
    for fresh in (True, False):
        app = make_app(src, tmp_path / "out", freshenv=fresh)
        try:
            shown.append(list(app.config.templates_path))
            app.build()
            status = app.status.getvalue()
        finally:
            app.cleanup()
    assert shown[0] == shown[1]
    # talkdeck's templates for the theme (basic), then its own: each once
    assert shown[1] == [str(assets.THEMES / "basic"), str(assets.TEMPLATES)]
    assert "no targets are out of date" in status


def test_builders_sharing_an_environment_each_get_fresh_listings(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "build", freshenv=True)
    edit(src / "kcna/mesh-intro.md", "title: Service Mesh 101", "title: Service Mesh 202")
    text_app = SphinxTestApp("text", srcdir=src, builddir=tmp_path / "build", status=StringIO(), warning=StringIO())
    try:
        text_app.build()
        assert warnings_of(text_app) == ""
    finally:
        text_app.cleanup()
    assert "Service Mesh 202" in (tmp_path / "build/text/index.txt").read_text()
    html = build(src, tmp_path / "build")
    stale = [name for name, page in html.pages().items() if "Service Mesh 101" in page]
    assert stale == []
