"""Incremental builds: edit, add and remove talks, rebuild WITHOUT a fresh environment into the
same output folder, and check that every page showing the talk shows the new data, and that every
HTML page is exactly what a clean build of the same sources writes."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import Build, build, copy_root, find_warning, make_app, normalise, text, warnings_of

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


def assert_same_as_clean(incremental: Build, clean: Build, removed: set[str] = frozenset()) -> None:
    """Every page of the clean build is byte-identical (after `normalise`) in the incremental one.

    The only extra files the incremental output may keep are the pages of removed documents:
    Sphinx never deletes the output of a document that no longer exists.
    """
    mine, theirs = incremental.pages(), clean.pages()
    assert set(mine) - set(theirs) == set(removed)
    assert set(theirs) <= set(mine)
    differing = [page for page in sorted(theirs) if normalise(mine[page]) != normalise(theirs[page])]
    assert differing == [], f"pages that differ from a clean build: {differing}"


def clean_build_of(src: Path, tmp: Path) -> Build:
    copy = tmp / "clean-src"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("_build"))
    shutil.rmtree(tmp / "clean-out", ignore_errors=True)
    return build(copy, tmp / "clean-out", freshenv=True)


def snapshot(result: Build, dest: Path) -> Build:
    """A copy of a build's HTML, so that later rebuilds into the same folder do not change it."""
    shutil.copytree(result.html, dest / "html")
    return replace(result, outdir=dest)


@dataclass
class Step:
    incremental: Build
    clean: Build


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Step]:
    """One source tree built once, then edited three times, each followed by an incremental
    rebuild (same srcdir, outdir and pickled environment) and a clean build to compare with."""
    tmp = tmp_path_factory.mktemp("incremental")
    src = copy_root("basic", tmp / "src")
    out = tmp / "out"
    first = build(src, out, freshenv=True)
    assert first.warnings == ""
    done: dict[str, Step] = {}

    edit(src / "kcna/mesh-intro.md", "title: Service Mesh 101", "title: Service Mesh 202")
    edit(
        src / "kcna/mesh-intro.md",
        "- name: Alex Leong\n      affiliation: Buoyant\n      role: Linkerd maintainer",
        "- name: Matei David\n      affiliation: Buoyant\n      role: Linkerd maintainer\n"
        "    - name: Kasper Nissen\n      affiliation: Lunar",
    )
    done["edit"] = Step(snapshot(build(src, out), tmp / "edit"), clean_build_of(src, tmp / "edit"))

    (src / "kcna/new-talk.md").write_text(NEW_TALK, encoding="utf-8")
    done["add"] = Step(snapshot(build(src, out), tmp / "add"), clean_build_of(src, tmp / "add"))

    (src / "kceu/ambient.md").unlink()
    done["remove"] = Step(snapshot(build(src, out), tmp / "remove"), clean_build_of(src, tmp / "remove"))
    return done


# --- editing a talk -------------------------------------------------------------------------------


def test_edit_rebuild_is_incremental(steps: dict[str, Step]) -> None:
    status = steps["edit"].incremental.status
    assert "loading pickled environment" in status
    assert "updating environment: 0 added, 1 changed, 0 removed" in status


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
    # and the old title is gone from every page
    stale = [name for name, html in result.pages().items() if "Service Mesh 101" in html]
    assert stale == []


def test_edit_gives_the_same_pages_as_a_clean_build(steps: dict[str, Step]) -> None:
    assert_same_as_clean(steps["edit"].incremental, steps["edit"].clean)


# --- adding a talk ------------------------------------------------------------------------------


def test_added_talk_appears_in_every_listing(steps: dict[str, Step]) -> None:
    result = steps["add"].incremental
    assert "updating environment: 1 added, 0 changed, 0 removed" in result.status
    assert titles(result, "index")[0] == "Brand New Talk"  # earliest start of the earliest event
    assert titles(result, "kcna/index")[0] == "Brand New Talk"
    assert "Brand New Talk" in titles(result, "pages/filters", "by-topic")
    assert text(result.page("kcna/index").select_one(".tdk-count")) == "6 talks"
    assert (result.html / "kcna/new-talk.html").is_file()


def test_add_gives_the_same_pages_as_a_clean_build(steps: dict[str, Step]) -> None:
    assert_same_as_clean(steps["add"].incremental, steps["add"].clean)


# --- removing a talk ------------------------------------------------------------------------------


def test_removed_talk_disappears_from_every_listing(steps: dict[str, Step]) -> None:
    result = steps["remove"].incremental
    assert "updating environment: 0 added, 0 changed, 1 removed" in result.status
    for docname in ("index", "kceu/index", "pages/sorting"):
        assert "Ambient or Sidecar?" not in result.page(docname).get_text(), docname
    assert text(result.page("kceu/index").select_one(".tdk-count")) == "3 talks"
    assert text(result.page("pages/picks").select_one(".tdk-event-card .tdk-count")) == "3 talks"
    # a grid that only showed the removed talk is now empty, and its filter names a speaker who is gone
    scope = result.page("pages/filters").find("section", id="accented-speaker")
    assert text(scope.select_one(".tdk-empty")) == "No talks match yet."
    find_warning(result.records(), "pages/filters.md", 43, ":speaker: unknown speaker 'zoe-example'")


def test_remove_gives_the_same_pages_and_warnings_as_a_clean_build(steps: dict[str, Step]) -> None:
    step = steps["remove"]
    assert_same_as_clean(step.incremental, step.clean, removed={"kceu/ambient.html"})
    assert [(w.file, w.line, w.message) for w in step.incremental.records()] == [
        (w.file, w.line, w.message) for w in step.clean.records()
    ]


# --- rebuilding without changes -------------------------------------------------------------------


def test_unchanged_rebuild_writes_nothing(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "out", freshenv=True)
    # Sphinx writes genindex.html and search.html on every build; every other page must be left alone
    html = tmp_path / "out/html"
    always = {html / "genindex.html", html / "search.html"}
    before = {p: p.stat().st_mtime_ns for p in html.rglob("*.html") if p not in always}
    again = build(src, tmp_path / "out")
    assert "no targets are out of date" in again.status
    assert again.warnings == ""
    after = {p: p.stat().st_mtime_ns for p in html.rglob("*.html") if p not in always}
    assert len(after) > 30
    assert after == before


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
    assert len(shown[1]) == 1
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
