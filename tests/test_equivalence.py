"""Equivalence: random sequences of edits (add, remove and rename a talk; change its title,
speakers, topics, event, time) applied to a copy of test-basic, each followed by an incremental
build, leave an output folder equal, file by file, to a clean build of the same sources: every
page and every export (talks.json, schedules, calendars, feeds, each page's own feed and
calendar, sitemap, search index, inventory). And `-j 2` writes what `-j 1` writes; two clean builds are byte-identical.

The builds use the site's own configuration where it adds output: furo with the talk sidebar,
a base URL (absolute links, the sitemap), sphinxext-opengraph and sphinx-sitemap.

Warnings are not compared between incremental and clean builds: Sphinx reports a page's
read-time problems only when it reads the page, so an incremental build rightly repeats fewer.

The hypothesis examples are reproducible (conftest's "ci" profile); `--hypothesis-profile=long`
runs ten times as many sequences."""

from __future__ import annotations

import difflib
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from test_parallel import ran_in_workers

from conftest import Build, build, build_root, copy_root, examples, output_files

BASEURL = "https://talks.example.org/"
#: The site's extensions, theme, sidebars and base URL (conf.py at the repository root).
SITE: dict[str, Any] = {
    "extensions": ["myst_parser", "sphinx_design", "talkdeck", "sphinxext.opengraph", "sphinx_sitemap"],
    "html_theme": "furo",
    "html_sidebars": {"**": ["sidebar/search.html", "sidebar/navigation.html", "talkdeck/sidebar-talks.html"]},
    "html_baseurl": BASEURL,
    "sitemap_url_scheme": "{link}",
    "ogp_site_url": BASEURL,
    "ogp_social_cards": {"enable": False},
}

#: test-basic's events and their days, so generated times fall inside them.
EVENTS = {"kcna-2022": datetime(2022, 10, 24, 8, 0), "kceu": datetime(2023, 4, 18, 8, 0)}
FOLDERS = ("kcna", "kceu")

# --- the sources as data -------------------------------------------------------------------------


@dataclass
class Page:
    """One talk page: its front-matter as data and the text after it."""

    talk: dict[str, Any]
    body: str

    def text(self) -> str:
        front = yaml.safe_dump({"talk": self.talk}, allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{front}---\n{self.body}"


@dataclass
class Site:
    """test-basic's talk pages as data, written back to ``src`` after each edit."""

    src: Path
    pages: dict[str, Page] = field(default_factory=dict)  # path relative to src -> page
    added: int = 0

    @classmethod
    def load(cls, src: Path) -> Site:
        site = cls(src)
        for folder in FOLDERS:
            for path in sorted((src / folder).glob("*.md")):
                _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
                data = yaml.safe_load(front)
                if "talk" in data:
                    site.pages[path.relative_to(src).as_posix()] = Page(data["talk"], body)
        return site

    def write(self, path: str) -> None:
        (self.src / path).write_text(self.pages[path].text(), encoding="utf-8")


# --- edits -------------------------------------------------------------------------------------

NAMES = [
    "Alex Leong",
    "Flynn",
    "William Morgan",
    "Zoë Example",
    "Jason Morgan",
    "Kasper Nissen",
    "Ana Lima",
    "Zoe Example",  # another spelling of a speaker who is there: one id, two spellings
]
AFFILIATIONS = ["Buoyant", "Lunar", "Independent", "Jetstack"]
TOPICS = ["Service mesh", "Security", "Networking", "Rust", "eBPF", "Zero trust", "Policy", "Community"]
TITLES = st.sampled_from(["Service Mesh 202", "A Zebra Talk", "Aardvarks First", "Ümlaut Über Alles", "Untitled"]) | (
    st.text(st.characters(categories=("L", "N"), include_characters=" -&'"), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
SPEAKERS = st.lists(
    st.builds(
        lambda name, org: {"name": name, "affiliation": org}, st.sampled_from(NAMES), st.sampled_from(AFFILIATIONS)
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda s: s["name"].casefold(),
)
TOPIC_LISTS = st.lists(st.sampled_from(TOPICS), max_size=3, unique=True)


@st.composite
def times(draw: st.DrawFn, event: str) -> dict[str, Any]:
    """A start within the event's days and a duration, either of them left out, or none."""
    kind = draw(st.sampled_from(["none", "start", "both"]))
    if kind == "none":
        return {}
    start = EVENTS[event] + timedelta(minutes=15 * draw(st.integers(min_value=0, max_value=4 * 4 * 10)))
    found: dict[str, Any] = {"start": start.strftime("%Y-%m-%d %H:%M")}
    if kind == "both":
        found["duration"] = draw(st.sampled_from([5, 15, 30, 45, 90]))
    return found


@st.composite
def new_talks(draw: st.DrawFn) -> dict[str, Any]:
    event = draw(st.sampled_from(sorted(EVENTS)))
    talk = {
        "title": draw(TITLES),
        "event": event,
        "format": draw(st.sampled_from(["talk", "keynote", "panel", "workshop"])),
        "speakers": draw(SPEAKERS),
        "topics": draw(TOPIC_LISTS),
        "summary": "Added by an edit.",
    }
    talk.update(draw(times(event)))
    return talk


KINDS = ["add", "remove", "rename", "title", "speakers", "topics", "event", "time"]


def apply_edit(data: st.DataObject, site: Site) -> str:
    """Draw one edit that fits the site as it is now, make it in the source folder, describe it."""
    kind = data.draw(st.sampled_from(KINDS if site.pages else ["add"]), label="edit")
    if kind == "add":
        site.added += 1
        path = f"{data.draw(st.sampled_from(FOLDERS))}/added-{site.added}.md"
        site.pages[path] = Page(data.draw(new_talks()), "\n```{talk}\n```\n")
        site.write(path)
        return f"add {path}: {site.pages[path].talk}"
    path = data.draw(st.sampled_from(sorted(site.pages)), label="page")
    talk = site.pages[path].talk
    if kind == "remove":
        del site.pages[path]
        (site.src / path).unlink()
        return f"remove {path}"
    if kind == "rename":  # without an id: in the page, the talk's id changes with its file name
        new = f"{data.draw(st.sampled_from(FOLDERS))}/renamed-{path.replace('/', '-')}"
        site.pages[new] = site.pages.pop(path)
        (site.src / path).rename(site.src / new)
        return f"rename {path} -> {new}"
    if kind == "title":
        talk["title"] = data.draw(TITLES)
    elif kind == "speakers":
        talk["speakers"] = data.draw(SPEAKERS)
    elif kind == "topics":
        talk["topics"] = data.draw(TOPIC_LISTS)
    elif kind == "event":
        talk["event"] = "kceu" if talk["event"] == "kcna-2022" else "kcna-2022"
        for key in ("start", "duration", "timezone"):
            talk.pop(key, None)
        talk.update(data.draw(times(talk["event"])))
    else:  # time
        for key in ("start", "duration", "timezone"):
            talk.pop(key, None)
        talk.update(data.draw(times(talk["event"])))
    site.write(path)
    return f"{kind} {path}: {talk}"


# --- comparing ---------------------------------------------------------------------------------


def differences(mine: dict[str, bytes], theirs: dict[str, bytes]) -> list[str]:
    """What differs between two output folders: missing, extra and changed files (with a diff)."""
    found = [f"only in the incremental build: {p}" for p in sorted(set(mine) - set(theirs))]
    found += [f"only in the clean build: {p}" for p in sorted(set(theirs) - set(mine))]
    for path in sorted(set(mine) & set(theirs)):
        if mine[path] != theirs[path]:
            diff = difflib.unified_diff(
                theirs[path].decode("utf-8", "replace").splitlines(),
                mine[path].decode("utf-8", "replace").splitlines(),
                "clean",
                "incremental",
                lineterm="",
                n=1,
            )
            found.append(f"{path} differs:\n" + "\n".join(list(diff)[:40]))
    return found


def clean_build(src: Path, tmp: Path) -> Build:
    copy = tmp / "clean-src"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(tmp / "clean-out", ignore_errors=True)
    shutil.copytree(src, copy)
    return build(copy, tmp / "clean-out", freshenv=True, confoverrides=SITE)


@settings(
    max_examples=examples(7),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data(), st.integers(min_value=2, max_value=4))
def test_incremental_builds_after_random_edits_equal_clean_builds(data: st.DataObject, count: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        src = copy_root("basic", tmp / "src")
        site = Site.load(src)
        build(src, tmp / "out", freshenv=True, confoverrides=SITE)
        for step in range(count):
            described = apply_edit(data, site)
            note(f"step {step + 1}: {described}")
            incremental = build(src, tmp / "out", confoverrides=SITE)
            assert "loading pickled environment" in incremental.status
            clean = clean_build(src, tmp)
            theirs = output_files(clean.html)
            # the per-page feeds and calendars are compared too (test_subscriptions)
            assert any(p.startswith("feeds/speakers/") for p in theirs)
            assert differences(output_files(incremental.html), theirs) == []


def test_the_edits_cover_every_kind_and_keep_the_site_valid(tmp_path: Path) -> None:
    """One of each edit on one source tree: each makes the change it names, and the site it leaves
    still builds without warnings (so the property test compares sites, not error pages)."""
    src = copy_root("basic", tmp_path / "src")
    site = Site.load(src)
    assert len(site.pages) == 9
    for kind in KINDS:
        before = {path: repr(page.talk) for path, page in site.pages.items()}
        chosen = iter([kind])
        described = apply_edit(_Scripted(chosen), site)
        assert described.startswith(kind)
        after = {path: repr(page.talk) for path, page in site.pages.items()}
        assert after != before or kind == "time", described  # 'time' may draw the same times
        on_disk = sorted(p.relative_to(src).as_posix() for f in FOLDERS for p in (src / f).glob("*.md"))
        assert sorted([*site.pages, "kcna/index.md", "kceu/index.md"]) == on_disk
    result = build(src, tmp_path / "out", freshenv=True, confoverrides=SITE)
    # an edit may take the last talk from William Morgan, whose profile then says no talk names him
    assert [w for w in result.records() if not w.file.startswith(("pages/", "people/"))] == []


class _Scripted:
    """Stands in for hypothesis' data object: the edit kind from a script, everything else from
    each strategy's first example-like value (the first item of a sampled list, and so on)."""

    def __init__(self, kinds: Any) -> None:
        self.kinds = kinds

    def draw(self, strategy: st.SearchStrategy[Any], label: str | None = None) -> Any:
        if label == "edit":
            return next(self.kinds)
        return _first(strategy)


def _first(strategy: st.SearchStrategy[Any]) -> Any:
    from hypothesis import find

    return find(strategy, lambda _: True, settings=settings(database=None, derandomize=True, max_examples=10))


# --- -j 2, and two clean builds, with the site's configuration -------------------------------------


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("serial"), parallel=1, confoverrides=SITE)


def test_parallel_build_writes_every_file_the_same(serial: Build, tmp_path: Path) -> None:
    parallel = build_root("basic", tmp_path, parallel=2, confoverrides=SITE)
    assert ran_in_workers(parallel)
    assert parallel.warnings == serial.warnings == ""
    mine, theirs = output_files(parallel.html), output_files(serial.html)
    assert {"sitemap.xml", "feed.xml", "talks.json", "schedule.json", "calendar/events/kceu.ics"} <= set(theirs)
    # every page's own feed and calendar (subscriptions)
    assert {"feeds/events/kceu.xml", "feeds/speakers/flynn.xml", "calendar/speakers/flynn.ics"} <= set(theirs)
    assert {"calendar/topics/security.ics", "calendar/organisations/buoyant.ics"} <= set(theirs)
    assert differences(mine, theirs) == []


def test_two_clean_builds_are_byte_identical(serial: Build, tmp_path: Path) -> None:
    again = build_root("basic", tmp_path, parallel=1, confoverrides=SITE)
    first = {p.relative_to(serial.html).as_posix(): p.read_bytes() for p in serial.html.rglob("*") if p.is_file()}
    second = {p.relative_to(again.html).as_posix(): p.read_bytes() for p in again.html.rglob("*") if p.is_file()}
    assert len(first) > 100
    assert differences(second, first) == []


def test_differences_names_what_differs() -> None:
    """The comparison itself: a missing, an extra and a changed file are all reported."""
    found = differences({"a": b"1", "b": b"x\n"}, {"b": b"y\n", "c": b""})
    assert found[0] == "only in the incremental build: a"
    assert found[1] == "only in the clean build: c"
    assert found[2].startswith("b differs:") and "-y" in found[2] and "+x" in found[2]
