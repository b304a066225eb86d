"""```{talk-filter}```: the controls it writes next to a grid, the data on the grid's items, and
what happens without a grid, with an empty one and with other builders. The browser tests
(tests/browser/test_filter.py) check what the script does with them."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import Build, build, build_root, copy_root, find_warning, text
from talkdeck.core.model import FORMATS, Talk, slugify
from talkdeck.core.sources import load

INDEX = """# All talks

Every talk on this site.

```{talk-filter}
```

```{talk-grid}
```

```{toctree}
:hidden:

kcna/index
kceu/index
pages/filters
pages/sorting
pages/picks
pages/overviews
pages/filtered
```
"""

FILTERED = """# Filtered

## Only kceu

```{talk-filter}
```

```{talk-grid}
:event: kceu
```

## Nothing matches

```{talk-filter}
```

```{talk-grid}
:topic: security
:event: kceu
:format: keynote
```

## No grid

```{talk-filter}
```
"""

#: A talk whose topic and speaker names need escaping wherever they appear.
HOSTILE = """---
talk:
  title: Hostile names
  event: kcna-2022
  format: panel
  speakers:
    - name: 'Zed "Quote" <b>Bold</b> & Co'
  topics: ['<script>alert(1)</script>', 'Tom & "Jerry"']
  summary: Names that need escaping.
---

```{talk}
```
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    extra = {"index.md": INDEX, "pages/filtered.md": FILTERED, "kcna/hostile.md": HOSTILE}
    return build_root("basic", tmp_path_factory.mktemp("filters"), extra=extra)


@pytest.fixture(scope="module")
def talks(site: Build) -> dict[str, Talk]:
    """The talks by id, read from the front-matter without Sphinx."""
    return {e.item.id: e.item for e in load(site.srcdir, True).entries() if isinstance(e.item, Talk)}


def test_the_only_warning_is_the_filter_without_a_grid(site: Build) -> None:
    records = site.records()
    warning = find_warning(records, "pages/filtered.md", 25, "talk-filter", "talk-grid")
    assert warning.type == "talkdeck.directive"
    assert len(records) == 1, records


def test_grid_items_carry_their_talks_ids(site: Build, talks: dict[str, Talk]) -> None:
    page = site.page("index")
    items = page.select(".tdk-grid .tdk-grid-item")
    assert len(items) == len(talks) == 10
    for item in items:
        link = item.select_one(".tdk-title-link")
        talk = next(t for t in talks.values() if t.title == text(link))
        assert "tdk-filterable" in item["class"]
        assert item["data-tdk-topic"].split() == sorted({slugify(t) for t in talk.topics})
        assert item["data-tdk-speaker"].split() == sorted(s.id for s in talk.speakers)
        assert item["data-tdk-format"] == talk.format
        # still the card sphinx-design laid out
        assert item.select_one(":scope > .tdk-card") is not None


def test_controls_offer_every_value_with_its_count_and_page(site: Build, talks: dict[str, Talk]) -> None:
    page = site.page("index")
    panels = page.select(".tdk-filter")
    assert len(panels) == 1
    panel = panels[0]
    assert panel["role"] == "search" and panel["aria-label"] == "Filter the talks"
    grid = page.select_one(".tdk-grid")
    assert panel["data-tdk-grid"] in grid["id"].split()
    # the filter comes right before its grid
    assert panel.find_next(class_="tdk-grid") is grid
    expected: dict[str, dict[str, tuple[str, int]]] = {"topic": {}, "speaker": {}, "format": {}}
    for talk in talks.values():
        for name in talk.topics:
            label, count = expected["topic"].get(slugify(name), (name, 0))
            expected["topic"][slugify(name)] = (label, count + 1)
        for speaker in talk.speakers:
            label, count = expected["speaker"].get(speaker.id, (speaker.name, 0))
            expected["speaker"][speaker.id] = (label, count + 1)
        label, count = expected["format"].get(talk.format, (FORMATS[talk.format], 0))
        expected["format"][talk.format] = (label, count + 1)
    for facet, values in expected.items():
        fieldset = panel.select_one(f"fieldset.tdk-filter-{facet}")
        assert text(fieldset.legend) == facet.capitalize()
        links = fieldset.select("a.tdk-filter-value")
        found = {
            a["data-tdk-value"]: (a.contents[0].get_text(), int(text(a.select_one(".tdk-filter-count"))[1:-1]))
            for a in links
        }
        assert found == values
        assert all(a["data-tdk-facet"] == facet for a in links)
        for a in links:
            if facet == "format":
                assert a["href"] == f"#{panel['data-tdk-grid']}"
            else:
                assert a["href"] == f"{facet}s/{a['data-tdk-value']}.html"
                assert (site.html / a["href"]).is_file()
    # topics and speakers by name, formats in the schema's order
    topic_labels = [a.contents[0].get_text() for a in panel.select(".tdk-filter-topic a")]
    assert topic_labels == sorted(topic_labels, key=str.casefold)
    format_ids = [a["data-tdk-value"] for a in panel.select(".tdk-filter-format a")]
    assert format_ids == [f for f in FORMATS if f in format_ids]


def test_hostile_names_are_escaped_text(site: Build) -> None:
    html = (site.html / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "<b>Bold</b>" not in html
    panel = site.page("index").select_one(".tdk-filter")
    labels = {a.contents[0].get_text() for a in panel.select("a.tdk-filter-value")}
    assert {"<script>alert(1)</script>", 'Tom & "Jerry"', 'Zed "Quote" <b>Bold</b> & Co'} <= labels
    for a in panel.select("a.tdk-filter-value"):
        assert a["data-tdk-value"] == slugify(a["data-tdk-value"])


def test_status_and_reset(site: Build, talks: dict[str, Talk]) -> None:
    panel = site.page("index").select_one(".tdk-filter")
    status = panel.select_one(".tdk-filter-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    assert text(status) == f"{len(talks)} talks shown"
    reset = panel.select_one("button.tdk-filter-reset")
    # without the script there is nothing to reset
    assert reset.has_attr("hidden") and reset["type"] == "button"
    assert reset["aria-controls"] == panel["data-tdk-grid"]


def test_a_grid_of_one_event_offers_only_its_values(site: Build, talks: dict[str, Talk]) -> None:
    page = site.page("pages/filtered")
    panels = page.select(".tdk-filter")
    # the empty grid and the missing one get no controls
    assert len(panels) == 1
    kceu = [t for t in talks.values() if t.event == "kceu"]
    offered = {a["data-tdk-value"] for a in panels[0].select(".tdk-filter-speaker a")}
    assert offered == {s.id for t in kceu for s in t.speakers}
    assert text(panels[0].select_one(".tdk-filter-status")) == f"{len(kceu)} talks shown"
    grid = page.find(id=panels[0]["data-tdk-grid"])
    assert len(grid.select(".tdk-filterable")) == len(kceu)
    assert page.select_one("p.tdk-empty") is not None


def test_the_script_is_only_on_pages_with_a_filter(site: Build) -> None:
    def scripts(docname: str) -> list[str]:
        return [s["src"].split("?")[0] for s in site.page(docname).select("script[src]")]

    assert "_static/talkdeck-filter.js" in scripts("index")
    assert "../_static/talkdeck-filter.js" in scripts("pages/filtered")
    assert not any("talkdeck-filter" in s for s in scripts("pages/sorting"))
    assert (site.html / "_static" / "talkdeck-filter.js").is_file()
    script = site.page("index").select_one("script[src*='talkdeck-filter.js']")
    assert script.has_attr("defer")


@pytest.mark.parametrize("buildername", ["text", "latex"])
def test_other_builders_leave_the_filter_out(tmp_path: Path, buildername: str) -> None:
    src = copy_root("basic", tmp_path / "src")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    (src / "pages" / "filtered.md").write_text(FILTERED, encoding="utf-8")
    app = SphinxTestApp(buildername, srcdir=src, builddir=tmp_path / "out", status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.statuscode == 0
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / buildername).rglob("*.t*x*"))
    assert "Service Mesh 101" in written
    assert "Filter the talks" not in written and "talks shown" not in written


def test_an_edited_talk_changes_the_controls_on_the_next_build(tmp_path: Path) -> None:
    """The index's source does not change, yet its filter offers the new topic: the grid's
    digest makes the page be rewritten, and the controls come from the grid as written."""
    extra = {"index.md": INDEX, "pages/filtered.md": FILTERED}
    first = build_root("basic", tmp_path, extra=extra)
    assert "brand-new-topic" not in {a["data-tdk-value"] for a in first.page("index").select(".tdk-filter-topic a")}
    talk = first.srcdir / "kcna" / "mesh-intro.md"
    talk.write_text(talk.read_text(encoding="utf-8").replace("[Service mesh, Security]", "[Brand new topic]"))
    second = build(first.srcdir, tmp_path / "out")
    assert "updating environment: 0 added, 1 changed, 0 removed" in second.status
    panel = second.page("index").select_one(".tdk-filter")
    topics = {a["data-tdk-value"] for a in panel.select(".tdk-filter-topic a")}
    assert "brand-new-topic" in topics
    item = next(i for i in second.page("index").select(".tdk-filterable") if "Service Mesh 101" in text(i))
    assert item["data-tdk-topic"] == "brand-new-topic"


def test_a_parallel_build_writes_the_same_filter(tmp_path: Path) -> None:
    extra = {"index.md": INDEX, "pages/filtered.md": FILTERED}
    serial = build_root("basic", tmp_path / "serial", extra=extra)
    parallel = build_root("basic", tmp_path / "parallel", extra=extra, parallel=2)
    for docname in ("index", "pages/filtered"):
        assert (serial.html / f"{docname}.html").read_bytes() == (parallel.html / f"{docname}.html").read_bytes()
