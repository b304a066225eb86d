"""```{talk-grid}```: which talks each filter selects, in which order, and how bad values warn.

The order of cards is read from the parsed HTML, so it is the order a reader sees."""

from __future__ import annotations

import pytest

from conftest import Build, build_root, find_warning, text

# test-basic's talks in the default order: event (by its start date), start time, title.
ALL = [
    "Zero Trust in Practice",  # kcna-2022, 25 Oct 11:00
    "Service Mesh 101",  # 26 Oct 14:30
    "Controllers in Rust",  # 27 Oct 17:00
    "Overview and State of Linkerd",  # no start: after the timed talks, by title
    "Whose Packet Is It Anyway?",
    "A Keynote About Meshes",  # kceu, 19 Apr 09:30
    "Gateway API Panel",  # 20 Apr 16:00
    "Policy Tutorial",  # 21 Apr 10:00 (Europe/London)
    "Ambient or Sidecar?",  # no start
]
BY_TITLE = sorted(ALL, key=str.casefold)


def grid_titles(scope) -> list[str]:  # type: ignore[no-untyped-def]
    """Titles of the cards of the one grid inside `scope`, in document order."""
    grids = scope.select(".tdk-grid")
    assert len(grids) == 1, f"{len(grids)} grids"
    return [text(a) for a in grids[0].select(".tdk-card .tdk-title-link")]


def section(build: Build, docname: str, ident: str):  # type: ignore[no-untyped-def]
    found = build.page(docname).find("section", id=ident)
    assert found is not None, f"{docname} has no section {ident!r}"
    return found


def test_unfiltered_grid_lists_every_talk_in_default_order(basic_build: Build) -> None:
    page = basic_build.page("index")
    assert grid_titles(page) == ALL
    # every card links to its talk page and to its event page
    hrefs = [a["href"] for a in page.select(".tdk-grid .tdk-title-link")]
    assert hrefs[0] == "kcna/zero-trust.html"
    assert hrefs[4] == "kcna/packets.html"
    assert {a["href"] for a in page.select(".tdk-grid .tdk-event")} == {"kcna/index.html", "kceu/index.html"}


def test_grid_cards_are_linked_cards_not_own_page_cards(basic_build: Build) -> None:
    page = basic_build.page("index")
    assert len(page.select(".tdk-grid .tdk-grid-item > .tdk-card")) == 9
    assert not page.select(".tdk-card-page")


@pytest.mark.parametrize(
    ("docname", "titles"),
    [("kcna/index", ALL[:5]), ("kceu/index", ALL[5:])],
)
def test_event_pages_list_their_own_talks(basic_build: Build, docname: str, titles: list[str]) -> None:
    assert grid_titles(basic_build.page(docname)) == titles


@pytest.mark.parametrize(
    ("ident", "titles"),
    [
        # a name is reduced to its id: 'Security' -> 'security'
        ("by-topic", ["Zero Trust in Practice", "Service Mesh 101", "Policy Tutorial"]),
        ("by-speaker", ["Service Mesh 101", "Overview and State of Linkerd", "Gateway API Panel"]),
        ("by-project", ["Overview and State of Linkerd", "Gateway API Panel"]),
        # any of the values of one option
        (
            "by-format",
            ["Zero Trust in Practice", "Service Mesh 101", "Whose Packet Is It Anyway?", "Ambient or Sidecar?"],
        ),
        # all of the options
        ("by-event-and-topic", ["Gateway API Panel", "Ambient or Sidecar?"]),
        (
            "speaker-and-project",
            ["Zero Trust in Practice", "Gateway API Panel", "Policy Tutorial", "Ambient or Sidecar?"],
        ),
        # 'Zoe Example' finds 'Zoë Example'
        ("accented-speaker", ["Ambient or Sidecar?"]),
    ],
)
def test_filters(basic_build: Build, ident: str, titles: list[str]) -> None:
    assert grid_titles(section(basic_build, "pages/filters", ident)) == titles


def test_filter_that_matches_nothing_says_so(basic_build: Build) -> None:
    scope = section(basic_build, "pages/filters", "nothing-matches")
    assert not scope.select(".tdk-card")
    assert text(scope.select_one("p.tdk-empty")) == "No talks match yet."


@pytest.mark.parametrize(
    ("ident", "titles"),
    [
        ("title", BY_TITLE),
        ("reverse-title", BY_TITLE[::-1]),
        # timed talks by start, then the untimed ones (in id order)
        (
            "start",
            [
                "Zero Trust in Practice",
                "Service Mesh 101",
                "Controllers in Rust",
                "A Keynote About Meshes",
                "Gateway API Panel",
                "Policy Tutorial",
                "Ambient or Sidecar?",
                "Overview and State of Linkerd",
                "Whose Packet Is It Anyway?",
            ],
        ),
        # the later event first, titles A-Z within each event
        (
            "event-then-reverse-title",
            [
                "A Keynote About Meshes",
                "Ambient or Sidecar?",
                "Gateway API Panel",
                "Policy Tutorial",
                "Controllers in Rust",
                "Overview and State of Linkerd",
                "Service Mesh 101",
                "Whose Packet Is It Anyway?",
                "Zero Trust in Practice",
            ],
        ),
        # formats in their documented order: keynote, talk, lightning-talk, workshop, tutorial, panel, maintainer-track
        (
            "format",
            [
                "A Keynote About Meshes",
                "Ambient or Sidecar?",
                "Service Mesh 101",
                "Whose Packet Is It Anyway?",
                "Controllers in Rust",
                "Zero Trust in Practice",
                "Policy Tutorial",
                "Gateway API Panel",
                "Overview and State of Linkerd",
            ],
        ),
        ("limit", BY_TITLE[:3]),
    ],
)
def test_sorting_and_limit(basic_build: Build, ident: str, titles: list[str]) -> None:
    assert grid_titles(section(basic_build, "pages/sorting", ident)) == titles


def test_related_talks_on_a_talk_page(basic_build: Build) -> None:
    """A talk page ends with the other talks of its speakers and topics (not the talk itself)."""
    page = basic_build.page("kceu/policy-tutorial")
    related = [text(a) for a in page.select(".tdk-rows .tdk-title-link")]
    assert "Policy Tutorial" not in related
    assert "Gateway API Panel" in related  # same speaker, Flynn
    assert {"Zero Trust in Practice", "Service Mesh 101"} <= set(related)  # same topic, Security
    # each row: the linked title, then who gave it and where
    row = next(r for r in page.select(".tdk-rows .tdk-row") if "Gateway API Panel" in text(r))
    assert text(row.select_one(".tdk-row-meta")) == "Flynn, Alex Leong · KubeCon EU 2023"
    assert row.select_one("a.tdk-title-link")["href"] == "gateway-panel.html"


# --- bad option values ------------------------------------------------------------------------------

BAD_GRIDS = """\
---
orphan: true
---
# Bad grids

```{talk-grid}
:topic: Securty
:speaker: Alex Leon
:project: linkerdd
:event: kcna-2023
:format: workshp
```

```{talk-grid}
:sort: when
```

```{talk-grid}
:limit: 0
```
"""


@pytest.fixture(scope="module")
def bad_grids(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("grids"), extra={"pages/bad-grids.md": BAD_GRIDS})


@pytest.mark.parametrize(
    ("option", "written", "suggestion"),
    [
        ("topic", "securty", "security"),
        ("speaker", "alex-leon", "alex-leong"),
        ("project", "linkerdd", "linkerd"),
        ("event", "kcna-2023", "kcna-2022"),
        ("format", "workshp", "workshop"),
    ],
)
def test_unknown_filter_values_warn_with_did_you_mean(
    bad_grids: Build, option: str, written: str, suggestion: str
) -> None:
    warning = find_warning(
        bad_grids.records(),
        "pages/bad-grids.md",
        6,
        f":{option}: unknown {option} {written!r}",
        f"did you mean {suggestion!r}?",
    )
    assert warning.type == "talkdeck.reference"


def test_unknown_filter_values_select_nothing(bad_grids: Build) -> None:
    body = bad_grids.page("pages/bad-grids").find("section")
    blocks = body.find_all(True, recursive=False)
    assert blocks[0].name == "h1"
    assert blocks[1].name == "p" and "tdk-empty" in blocks[1]["class"]
    assert text(blocks[1]) == "No talks match yet."
    # MyST drops an invalid option after warning, so those grids show every talk in the default order
    grids = body.select(".tdk-grid")
    assert len(grids) == 2
    for grid in grids:
        assert [text(a) for a in grid.select(".tdk-title-link")] == ALL


@pytest.mark.parametrize(
    ("line", "needles"),
    [
        (15, ("Invalid option value for 'sort'", "sort by event, start, title, format")),
        (19, ("Invalid option value for 'limit'",)),
    ],
)
def test_bad_sort_and_limit_are_located(bad_grids: Build, line: int, needles: tuple[str, ...]) -> None:
    find_warning(bad_grids.records(), "pages/bad-grids.md", line, *needles)


def test_no_other_warnings_for_the_bad_grids(bad_grids: Build) -> None:
    assert len(bad_grids.records()) == 7, bad_grids.warnings


# --- talks in different time zones ------------------------------------------------------------------

ONLINE = """\
---
orphan: true
event:
  id: online-2023
  name: An online conference
  start: 2023-05-01
  end: 2023-05-01
  timezone: UTC
---

```{talk-grid}
:event: online-2023
:sort: start
```
"""

ZONED_TALK = """\
---
talk:
  title: {title}
  event: online-2023
  format: talk
  speakers:
    - name: Flynn
      affiliation: Buoyant
  summary: A talk given from {where}.
  start: {start}
  timezone: {zone}
---

```{{talk}}
```
"""


@pytest.fixture(scope="module")
def zoned(tmp_path_factory: pytest.TempPathFactory) -> Build:
    extra = {
        "online/index.md": ONLINE,
        # 10:00 in Amsterdam is 08:00 UTC; 09:00 in New York is 13:00 UTC
        "online/amsterdam.md": ZONED_TALK.format(
            title="From Amsterdam", where="Amsterdam", start="2023-05-01 10:00", zone="Europe/Amsterdam"
        ),
        "online/new-york.md": ZONED_TALK.format(
            title="From New York", where="New York", start="2023-05-01 09:00", zone="America/New_York"
        ),
    }
    result = build_root("basic", tmp_path_factory.mktemp("zoned"), extra=extra)
    assert result.warnings == ""
    return result


def test_zoned_talks_show_their_own_offsets(zoned: Build) -> None:
    assert zoned.page("online/amsterdam").select_one(".tdk-card-page time")["datetime"] == "2023-05-01T10:00:00+02:00"
    assert zoned.page("online/new-york").select_one(".tdk-card-page time")["datetime"] == "2023-05-01T09:00:00-04:00"


def test_sort_by_start_is_chronological_across_time_zones(zoned: Build) -> None:
    assert grid_titles(zoned.page("online/index")) == ["From Amsterdam", "From New York"]
