"""Navigation that scales: talk pages stay out of the global toctree, walk their event with
previous / next, and show a bounded window of the event's talks in the sidebar, so a talk page
is the same size whether an event has twenty talks or two hundred.

The large sites come from benchmarks/scale.py's generator (furo, the site's sidebars)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import REPO, Build, build, text

WINDOW = 12  # talkdeck.sphinxext.specs.WINDOW, restated: the test must fail if the window silently grows


def generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("scale", REPO / "benchmarks" / "scale.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("scale", module)  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def generated_site(tmp: Path, talks: int) -> Build:
    src = tmp / "src"
    src.mkdir()
    generator().generate(src, talks)
    result = build(src, tmp / "out", freshenv=True)
    assert result.warnings == ""
    return result


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return generated_site(tmp_path_factory.mktemp("nav-small"), 16)  # 4 events of 4 talks


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return generated_site(tmp_path_factory.mktemp("nav-large"), 64)  # 4 events of 16 talks


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return generated_site(tmp_path_factory.mktemp("nav-larger"), 128)  # 4 events of 32 talks


def sidebar(build_: Build, docname: str) -> list[tuple[str, str]]:
    nav = build_.page(docname).select_one("nav.tdk-sidebar")
    return [(text(a), a["href"]) for a in nav.select("a")] if nav else []


def global_tree(build_: Build, docname: str) -> list[str]:
    """The hrefs of the theme's own navigation tree (the toctree)."""
    tree = build_.page(docname).select_one(".sidebar-tree:not(.tdk-sidebar)")
    return [a["href"] for a in tree.select("a")]


def test_talk_pages_are_not_in_the_global_navigation(large: Build) -> None:
    hrefs = global_tree(large, "talks/event-0/talk-00000")
    assert hrefs, "the theme's navigation tree is missing"
    assert not any("talk-" in href for href in hrefs), hrefs
    assert sum("index.html" in href for href in hrefs) >= 4  # the event pages are there


def test_a_small_event_shows_all_its_talks_in_the_sidebar(small: Build) -> None:
    links = sidebar(small, "talks/event-0/talk-00004")
    assert links[0] == ("Event 0", "index.html")
    assert len(links) == 1 + 4
    current = small.page("talks/event-0/talk-00004").select_one("nav.tdk-sidebar a[aria-current=page]")
    assert text(current) == "Talk number 4"


@pytest.mark.parametrize(
    "docname", ["talks/event-0/talk-00000", "talks/event-1/talk-00033", "talks/event-3/talk-00063"]
)
def test_a_large_event_shows_a_bounded_window_around_the_page(large: Build, docname: str) -> None:
    links = sidebar(large, docname)
    assert links[0] == (f"Event {docname[12]}", "index.html")
    assert links[-1] == ("All talks at this event…", "index.html")
    talks = links[1:-1]
    assert len(talks) == WINDOW
    # the page itself is in its window, marked as the current one
    current = large.page(docname).select_one("nav.tdk-sidebar a[aria-current=page]")
    assert text(current) == f"Talk number {int(docname[-5:])}"
    assert (text(current), current["href"]) in talks


def test_previous_and_next_walk_the_event_in_programme_order(large: Build) -> None:
    """Programme order is by start time: follow 'next' from the first talk to the last."""
    order = []
    page = "talks/event-2/index"
    first = large.page(page).select_one(".tdk-grid .tdk-title-link")["href"]
    current = f"talks/event-2/{first[: -len('.html')]}"
    while current and len(order) < 20:
        order.append(current)
        link = large.page(current).select_one("a.next-page")
        current = f"talks/event-2/{link['href'][: -len('.html')]}" if link else ""
    assert len(order) == 16
    assert len(set(order)) == 16
    starts = [large.page(doc).select_one(".tdk-card-page time")["datetime"] for doc in order]
    assert starts == sorted(starts)
    # and 'previous' from the last talk leads back
    back = large.page(order[-1]).select_one("a.prev-page")
    assert back["href"] == order[-2].rsplit("/", 1)[1] + ".html"


def test_a_talk_page_does_not_grow_with_the_number_of_talks(large: Build, larger: Build) -> None:
    """Twice the talks, the same page: sidebar window, related talks and grids are all bounded."""
    one = (large.html / "talks/event-0/talk-00000.html").stat().st_size
    two = (larger.html / "talks/event-0/talk-00000.html").stat().st_size
    assert abs(two - one) / one < 0.02, (one, two)
    assert len(sidebar(larger, "talks/event-0/talk-00000")) == 1 + WINDOW + 1
