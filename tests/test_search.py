"""Search: every page in Pagefind's index with its facets, our results page in Sphinx's place,
the index made only when a page changed and the same whichever way the site was built, and
Sphinx's own index when `talkdeck_search = "sphinx"`. How it ranks and what a query fetches
are tested in a browser (tests/browser/test_search.py)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import (
    REPO,
    Build,
    build,
    build_root,
    build_with,
    copy_root,
    output_files,
    search_fragments,
    search_index,
    soup,
    text,
)
from talkdeck.core.entities import KINDS
from talkdeck.core.search import FACETS, entity_facets, event_facets, ranking_title, talk_facets
from talkdeck.exports import indexed, pagefind
from talkdeck.sphinxext import search

#: Pages no search should list: they hold nothing but links to the others.
NOT_PAGES = {"search.html", "genindex.html"}


def edit(path: Path, old: str, new: str) -> None:
    text_ = path.read_text(encoding="utf-8")
    assert old in text_, (path, old)
    path.write_text(text_.replace(old, new, 1), encoding="utf-8")


# --- facets and titles, without Sphinx ---------------------------------------------------------


def test_facets_of_a_talk_an_event_and_a_generated_page() -> None:
    from datetime import date, datetime

    from talkdeck.core.model import Event, Speaker, Talk

    event = Event(
        "kcna", "KubeCon North America", short_name="KubeCon NA", start=date(2022, 10, 24), end=date(2023, 1, 2)
    )
    talk = Talk(
        "t",
        "Title",
        event="kcna",
        format="lightning-talk",
        speakers=(Speaker("a", "Ada"), Speaker("b", "Bo")),
        topics=("Security", "Security", "Mesh"),
    )
    assert talk_facets(talk, event) == (
        ("type", "Talk"),
        ("event", "KubeCon NA"),
        ("year", "2022"),
        ("format", "Lightning talk"),
        ("topic", "Security"),
        ("topic", "Mesh"),
        ("speaker", "Ada"),
        ("speaker", "Bo"),
    )
    # its own start decides the year; no event: no event facet
    timed = Talk("t", "Title", start=datetime(2021, 5, 1, 9, 0))
    assert talk_facets(timed, None) == (("type", "Talk"), ("year", "2021"))
    assert event_facets(event) == (("type", "Event"), ("event", "KubeCon NA"), ("year", "2022"), ("year", "2023"))
    # a co-located event is part of its conference's week, as the grid's filter counts it
    mesh = Event("mesh", "MeshDay", part_of="kcna", start=date(2022, 10, 24))
    assert talk_facets(talk, mesh, event)[:3] == (("type", "Talk"), ("event", "MeshDay"), ("event", "KubeCon NA"))
    assert event_facets(mesh, event) == (
        ("type", "Event"),
        ("event", "MeshDay"),
        ("event", "KubeCon NA"),
        ("year", "2022"),
    )
    assert entity_facets("speaker", "Ada") == (("type", "Speaker"), ("speaker", "Ada"))
    assert entity_facets("topic", "Mesh") == (("type", "Topic"), ("topic", "Mesh"))
    assert entity_facets("project", "Linkerd") == (("type", "Project"),)
    assert [key for key, _ in FACETS] == ["type", "event", "year", "format", "topic", "speaker"]
    assert ranking_title("Designing Linkerd\u2019s \u2018policy\u2019") == "Designing Linkerd's 'policy'"


# --- the index of test-basic -------------------------------------------------------------------


def served_pages(html: Path) -> dict[str, Path]:
    """URL (as the index names pages) -> file, for every page a reader can reach (a redirect page,
    such as a profile's own address or a speaker's former id, sends them on and is not indexed)."""
    return {
        "/" + p.relative_to(html).as_posix(): p
        for p in sorted(html.rglob("*.html"))
        if p.relative_to(html).as_posix() not in NOT_PAGES
        and not p.relative_to(html).as_posix().startswith("_")
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    }


def test_every_page_is_in_the_index_under_its_own_title(basic_build: Build) -> None:
    html = basic_build.html
    index = search_index(html)
    pages = served_pages(html)
    assert len(pages) > 40
    assert sorted(index) == sorted(pages)  # talks, events, speakers, topics, projects, organisations, prose
    for url, path in pages.items():
        heading = soup(path).find("h1")
        assert index[url]["meta"]["name"] == text(heading).rstrip("¶").strip(), url
    assert {"/speakers/kevin-leimkuhler.html", "/topics/networking.html", "/projects/linkerd.html"} <= set(index)
    assert {"/organisations/airbnb.html", "/kcna/index.html", "/pages/overviews.html"} <= set(index)


def test_each_page_carries_its_facets(basic_build: Build) -> None:
    index = search_index(basic_build.html)
    packets = index["/kcna/packets.html"]
    assert packets["filters"] == {
        "type": ["Talk"],
        "event": ["KubeCon NA 2022"],
        "year": ["2022"],
        "format": ["Talk"],
        "topic": ["Networking", "Observability"],
        "speaker": ["Kevin Leimkuhler", "Doug Jordan"],
    }
    assert "Kevin Leimkuhler" in packets["content"] and "Following one packet through a mesh." in packets["content"]
    assert index["/kcna/index.html"]["filters"] == {
        "type": ["Event"],
        "event": ["KubeCon NA 2022"],
        "year": ["2022"],
    }
    speaker = index["/speakers/kevin-leimkuhler.html"]
    assert speaker["filters"] == {"type": ["Speaker"], "speaker": ["Kevin Leimkuhler"]}
    assert speaker["meta"]["entity"] == "Kevin Leimkuhler"
    assert index["/projects/linkerd.html"]["filters"] == {"type": ["Project"]}
    assert index["/index.html"]["filters"] == {"type": ["Page"]}
    assert "entity" not in packets["meta"] and "entity" not in index["/index.html"]["meta"]


def test_listings_of_other_pages_are_left_out(basic_build: Build) -> None:
    """The home page's grid shows every talk: its titles are the talks' to be found by."""
    index = search_index(basic_build.html)
    home = index["/index.html"]["content"]
    assert "Every talk on this site." in home
    assert "Whose Packet Is It Anyway?" not in home and "Kevin Leimkuhler" not in home
    # a speaker's page: their name and affiliations, not the cards of their talks
    speaker = index["/speakers/kevin-leimkuhler.html"]["content"]
    assert speaker.startswith("Kevin Leimkuhler.") and "Following one packet" not in speaker
    assert "¶" not in "".join(page["content"] + page["meta"]["title"] for page in index.values())


def test_the_bundle_holds_what_the_results_page_loads(basic_build: Build) -> None:
    bundle = basic_build.html / "pagefind"
    files = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"} <= set(files)
    assert all(search_file_is_runtime(f) for f in files), files
    assert not any("ui" in f for f in files)  # Pagefind's own interfaces: the page is ours
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2" and list(entry["languages"]) == ["en"]
    # Sphinx's index is neither written nor left behind
    assert not (basic_build.html / "searchindex.js").exists()
    manifest = json.loads((basic_build.html / ".talkdeck-outputs.json").read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"][pagefind.KEY][1]) == [f"pagefind/{f}" for f in files]


def search_file_is_runtime(relative: str) -> bool:
    return pagefind.RUNTIME.fullmatch(relative) is not None


def test_the_results_page(basic_build: Build) -> None:
    page = soup(basic_build.html / "search.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert text(page.find("h1")) == "Search"  # no ¶: the page's only heading
    root = page.find(id="tdk-search")
    assert root.has_attr("hidden")  # shown by the script; without it, the note below
    assert "needs JavaScript" in text(page.select_one(".tdk-search-nojs"))
    assert (basic_build.html / root["data-tdk-bundle"]).is_file()
    assert json.loads(root["data-tdk-ranking"]) == search.RANKING
    form = root.select_one("form.tdk-search-form")
    query = form.select_one("input[name=q]")
    assert query["type"] == "search" and form.select_one(f"label[for={query['id']}]") is not None
    assert form["role"] == "search" and form["aria-label"]
    # it sends the query to this page: no action at all (an empty one is invalid HTML)
    assert form["method"] == "get" and not form.has_attr("action")
    legends = [(f["data-tdk-facet"], text(f.legend)) for f in root.select("fieldset.tdk-search-facet")]
    assert legends == list(FACETS)
    assert root.select_one(".tdk-search-status")["role"] == "status"
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any(s.startswith("_static/talkdeck-search.js") for s in scripts)
    assert not any("searchtools" in s or "searchindex" in s for s in scripts)
    # the theme's search box sends its query here; the script is on this page only
    assert not any(
        "talkdeck-search" in s.get("src", "") for s in soup(basic_build.html / "index.html").find_all("script")
    )


def test_dirhtml(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    out = build_with("dirhtml", src, tmp_path / "out")
    index = search_index(out)
    assert "/kcna/packets/" in index and "/speakers/kevin-leimkuhler/" in index and "/" in index
    assert not any(url.endswith(".html") for url in index)
    root = soup(out / "search" / "index.html").find(id="tdk-search")
    assert root["data-tdk-bundle"] == "../pagefind/pagefind.js"
    assert (out / "search" / root["data-tdk-bundle"]).resolve().is_file()


def test_no_404_or_redirect_page_and_a_weeks_event_facets(tmp_path: Path) -> None:
    """test-week: a 404 page (sphinx-notfound-page) and redirect pages (redirect_from) are files a
    reader never searches for; a talk of the co-located event is found under its conference too."""
    done = build_root("week", tmp_path, warningiserror=True)
    assert done.statuscode == 0, done.warnings
    html = done.html
    assert (html / "404.html").is_file() and (html / "old" / "cni-talk.html").is_file()
    index = search_index(html)
    redirects = {"/conf/cni.html", "/conf/rust.html", "/old/cni-talk.html"}
    assert all("http-equiv" in (html / url[1:]).read_text(encoding="utf-8") for url in redirects)
    assert sorted(index) == sorted(set(served_pages(html)) - redirects - {"/404.html"})
    assert not any("pagefind" in (html / url[1:]).read_text(encoding="utf-8") for url in [*redirects, "/404.html"])
    # the 404 page's form sends its query to the results page
    form = soup(html / "404.html").select_one("form.tdk-notfound-search")
    assert form["action"] == "/search.html" and form.select_one("input")["name"] == "q"
    cni = index["/meshday/cni.html"]["filters"]
    assert cni["event"] == ["MeshDay NA 2022", "Conf NA 2022"]
    assert index["/meshday/index.html"]["filters"]["event"] == ["MeshDay NA 2022", "Conf NA 2022"]
    assert index["/conf/keynote.html"]["filters"]["event"] == ["Conf NA 2022"]


@pytest.mark.parametrize("builder", ["singlehtml", "epub", "text"])
def test_other_builders_get_no_index(tmp_path: Path, builder: str) -> None:
    src = copy_root("basic", tmp_path / "src")
    out = build_with(builder, src, tmp_path / "out", confoverrides={"epub_basename": "x"} if builder == "epub" else {})
    assert not (out / "pagefind").exists()
    assert not any("data-pagefind" in p.read_text(encoding="utf-8") for p in out.rglob("*.*html"))


# --- what of a page the index reads -------------------------------------------------------------

LEFT_OUT = indexed.classes(search.NOT_INDEXED)


def page(body: str, around: str = "<nav><p>Sidebar</p></nav>") -> bytes:
    return (
        f'<!DOCTYPE html><html><head><title>T</title><script>var x = "<div>";</script></head><body>{around}'
        f'<div data-pagefind-body="">{body}</div><footer>{around}</footer></body></html>'
    ).encode()


def digest(body: str, around: str = "<nav><p>Sidebar</p></nav>") -> str | None:
    found = indexed.find(page(body, around), LEFT_OUT)
    return None if found is None else found.digest


GRID = '<div class="sd-container tdk-grid" id="g"><div class="tdk-card"><p>{}</p>{}</div></div>'


def test_the_indexed_element_of_a_written_page_is_the_one_a_parser_finds(basic_build: Build) -> None:
    for path in ("kcna/packets.html", "speakers/doug-jordan.html", "topics/networking.html", "index.html"):
        data = (basic_build.html / path).read_bytes()
        found = indexed.find(data, LEFT_OUT)
        assert found is not None, path
        element = soup(basic_build.html / path).select_one("[data-pagefind-body]")
        assert str(BeautifulSoup(data[found.start : found.end], "html.parser").div) == str(element)
    assert indexed.find((basic_build.html / "search.html").read_bytes(), LEFT_OUT) is None  # no such element


def test_the_digest_changes_with_what_the_index_reads_only() -> None:
    base = digest("<h2 id='a'>Heading</h2><p>Words</p>" + GRID.format("Card title", "") + "<p>More</p>")
    assert base is not None
    assert digest("<h2 id='a'>Heading</h2><p>Words</p>" + GRID.format("Other title", "") + "<p>More</p>") == base
    assert (
        digest("<h2 id='a'>Heading</h2><p>Words</p>" + GRID.format("Card title", "") + "<p>More</p>", "<nav>x</nav>")
        == base
    )
    assert digest("<h2 id='a'>Heading</h2><p>Word</p>" + GRID.format("Card title", "") + "<p>More</p>") != base
    assert digest("<h2 id='b'>Heading</h2><p>Words</p>" + GRID.format("Card title", "") + "<p>More</p>") != base
    # Pagefind takes a listing's own id, images and data-pagefind values even though it leaves out its text
    assert (
        digest(
            "<h2 id='a'>Heading</h2><p>Words</p>"
            + GRID.format("Card title", "").replace('id="g"', 'id="h"')
            + "<p>More</p>"
        )
        != base
    )
    assert (
        digest("<h2 id='a'>Heading</h2><p>Words</p>" + GRID.format("Card title", '<img src="x.png">') + "<p>More</p>")
        != base
    )
    meta = '<span data-pagefind-meta="m[data-v]" data-v="1">{}</span>'
    with_meta = digest("<p>Words</p>" + GRID.format("Card", meta.format("one")))
    assert with_meta is not None and with_meta != digest("<p>Words</p>" + GRID.format("Card", meta.format("two")))
    # a script's text is not indexed (a speaker's JSON-LD names their talks); a textarea's is
    script = '<p>Words</p><script type="application/ld+json">{}</script>'
    assert digest(script.format('{"name": "A"}')) == digest(script.format('{"name": "B </p> <div>"}')) is not None
    assert digest("<textarea>one</textarea>") != digest("<textarea>two</textarea>")
    # a `p` a listing class marks is kept whole: HTML ends a `p` at the next block, this scan does not
    assert digest('<p class="tdk-related-heading">One</p>') != digest('<p class="tdk-related-heading">Two</p>')


@pytest.mark.parametrize(
    "body",
    [
        "<p>Words <!-- </div> --></p>",  # a comment
        "<p>1 < 2</p>",  # a `<` that opens no tag
        "<p><em>Words</p></em>",  # end tags out of order
        "<div/><p>Words</p>",  # `<div/>` opens a div in HTML
        "<p>Words",  # never closed
        '<p data-pagefind-body="">Words</p>',  # named twice
        "<script>var a = 1;</script  ><p>x</p>",  # an end tag this scan does not read as such
        '<div class="tdk-grid"><p>a <!-- x --></p></div>',  # in a listing, too
    ],
)
def test_markup_sphinx_does_not_write_makes_the_whole_page_count(body: str) -> None:
    assert indexed.find(page(body), LEFT_OUT) is None


def test_a_script_or_an_attribute_holding_tags_does_not_end_the_element() -> None:
    for body in (
        '<script>var s = "<div></div></div>";</script><p title="a > b </div>">Words</p><p>Last</p>',
        "<div class='tdk-grid'><a title='</div>'>x</a><img alt=\"<div>\"></div><p>Last</p>",  # in a listing too
    ):
        data = page(body)
        found = indexed.find(data, LEFT_OUT)
        assert found is not None and data[found.start : found.end].endswith(b"<p>Last</p></div>"), body


# --- made when a page changed, the same however the site was built ------------------------------


def count_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs: list[int] = []
    real = pagefind.index

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pagefind, "index", counted)
    return runs


def bundle(html: Path) -> dict[str, bytes]:
    return {k: v for k, v in output_files(html).items() if k.startswith("pagefind/")}


def test_rebuilt_only_when_a_page_changed_and_equal_to_a_clean_build(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    runs = count_runs(monkeypatch)
    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "out", freshenv=True)
    first = bundle(tmp_path / "out" / "html")
    assert runs == [1]
    again = build(src, tmp_path / "out")
    assert "no targets are out of date" in again.status
    assert runs == [1]  # nothing changed: the index is not made again
    assert bundle(tmp_path / "out" / "html") == first
    edit(src / "kcna/packets.md", "Following one packet through a mesh.", "One packet, followed through a mesh.")
    build(src, tmp_path / "out")
    assert runs == [1, 1]
    incremental = bundle(tmp_path / "out" / "html")
    assert incremental != first
    assert any("One packet, followed" in page["content"] for page in search_index(tmp_path / "out" / "html").values())
    clean = build(src, tmp_path / "clean", freshenv=True)
    assert bundle(clean.html) == incremental  # stale fragments of the old text are deleted too


def test_parallel_build_writes_the_same_index(tmp_path: Path) -> None:
    extra = {f"kcna/extra-{i}.md": EXTRA.format(i=i) for i in range(8)}  # Sphinx reads serially below 5 pages
    serial = build_root("basic", tmp_path / "one", extra=extra)
    parallel = build_root("basic", tmp_path / "two", extra=extra, parallel=2)
    assert serial.statuscode == parallel.statuscode == 0
    assert bundle(serial.html) and bundle(parallel.html) == bundle(serial.html)
    assert "/kcna/extra-7.html" in search_index(parallel.html)


EXTRA = """---
talk:
  title: Extra talk {i}
  event: kcna-2022
  format: talk
  speakers:
    - name: Extra Speaker {i}
  topics: [Networking]
---

```{{talk}}
```
"""


def shard_of(html: Path) -> dict[str, str]:
    """URL -> the folder of the shard whose fragments hold it."""
    return {
        fragment["url"]: path.parent.parent.relative_to(html).as_posix() for path, fragment in search_fragments(html)
    }


def test_a_large_site_is_indexed_in_shards_that_hold_the_same_pages(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Above `talkdeck_search_shard_pages` pages, Pagefind runs once per shard (its memory grows
    with the pages it holds): each page in exactly one shard, as the single index has it, the
    documents and the generated pages in shards of their own; the results page names the other
    shards; an edit re-indexes the edited page's shard alone."""
    src = copy_root("basic", tmp_path / "src")
    single = build(src, tmp_path / "single", freshenv=True)
    pages = search_index(single.html)
    generated = {url for url in pages if url.split("/")[1] in {kind.folder for kind in KINDS.values()}}
    size = 6
    count = -(-len(generated) // size) + -(-(len(pages) - len(generated)) // size)
    assert count >= 3 and len(generated) > size
    runs = count_runs(monkeypatch)
    shards = {search.SHARD_CONFIG: size}
    sharded = build(src, tmp_path / "out", freshenv=True, confoverrides=shards)
    assert sharded.warnings == single.warnings
    assert runs == [1] * count
    folders = shard_of(sharded.html)
    expected = ["pagefind"] + [f"pagefind/shard-{i}" for i in range(1, count)]
    assert sorted(set(folders.values())) == sorted(expected)
    assert sorted(folders) == sorted(pages)  # every page once (search_index refuses a page in two)
    assert max(list(folders.values()).count(f) for f in expected) <= 2 * size
    for folder in expected:  # documents only or generated pages only
        held = {url in generated for url in folders if folders[url] == folder}
        assert len(held) == 1, folder
    assert search_index(sharded.html) == pages  # each page's text, title, facets and metadata
    for folder in expected[1:]:  # the others' index only: the first's script and WebAssembly run them
        files = {p.name for p in (sharded.html / folder).iterdir()}
        assert "pagefind-entry.json" in files and not any(name.endswith((".js", ".pagefind")) for name in files), files
    root = soup(sharded.html / "search.html").find(id="tdk-search")
    named = [(sharded.html / url).resolve() for url in json.loads(root["data-tdk-shards"])]
    assert named == [(sharded.html / folder).resolve() for folder in expected[1:]]
    assert json.loads(soup(single.html / "search.html").find(id="tdk-search")["data-tdk-shards"]) == []
    # one page edited: its shard alone is made again, and the whole equals a clean build's
    runs.clear()
    page = src / "kcna/packets.md"  # its body: no other page shows it
    page.write_text(page.read_text(encoding="utf-8") + "\nA packet's journey, hop by hop.\n", encoding="utf-8")
    build(src, tmp_path / "out", confoverrides=shards)
    assert runs == [1]
    clean = build(src, tmp_path / "clean", freshenv=True, confoverrides=shards)
    assert bundle(clean.html) == bundle(sharded.html)
    assert "hop by hop" in search_index(sharded.html)["/kcna/packets.html"]["content"]


# --- Sphinx's own search, and what goes wrong ---------------------------------------------------


def test_sphinx_search_instead(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    ours = build(src, tmp_path / "out", freshenv=True)
    assert (ours.html / "pagefind" / "pagefind.js").is_file()
    theirs = build(src, tmp_path / "out", confoverrides={"talkdeck_search": "sphinx"})
    assert theirs.warnings == ""
    html = theirs.html
    assert (html / "searchindex.js").is_file()
    assert not (html / "pagefind").exists()  # the manifest's files of the index, deleted
    assert any("searchtools" in s.get("src", "") for s in soup(html / "search.html").find_all("script"))
    assert not any("data-pagefind" in p.read_text(encoding="utf-8") for p in html.rglob("*.html"))
    back = build(src, tmp_path / "out", confoverrides={"talkdeck_search": "pagefind"})
    assert (back.html / "pagefind" / "pagefind.js").is_file() and not (back.html / "searchindex.js").exists()


def test_an_unknown_engine_is_named(tmp_path: Path) -> None:
    done = build_root("basic", tmp_path, confoverrides={"talkdeck_search": "lunr"})
    assert "talkdeck_search = 'lunr' is not one of 'pagefind', 'sphinx'; using 'pagefind'" in done.warnings
    assert "[talkdeck.search]" in done.warnings
    assert (done.html / "pagefind" / "pagefind.js").is_file()


def test_without_the_binary_the_site_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere" / "pagefind"))
    done = build_root("basic", tmp_path)
    assert "no search index: the Pagefind binary is missing" in done.warnings
    assert "pip install -r requirements.txt" in done.warnings and "[talkdeck.search]" in done.warnings
    assert "Traceback" not in done.warnings
    assert (done.html / "kcna/packets.html").is_file() and not (done.html / "pagefind").exists()


def test_a_failing_pagefind_is_reported_and_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text(
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'pagefind 0'; exit 0; fi\necho 'Error: no luck' >&2\nexit 3\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    src = copy_root("basic", tmp_path / "src")
    failed = build(src, tmp_path / "out", freshenv=True)
    assert "no search index: Pagefind stopped (3): Error: no luck" in failed.warnings
    manifest = json.loads((failed.html / ".talkdeck-outputs.json").read_text(encoding="utf-8"))
    assert pagefind.KEY not in manifest["outputs"]  # so the next build makes it
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    fixed = build(src, tmp_path / "out")
    assert fixed.warnings == ""
    assert (fixed.html / "pagefind" / "pagefind.js").is_file()


def test_a_page_is_read_again_unless_its_size_and_time_are_kept_from_before_the_cache(tmp_path: Path) -> None:
    """pagefind.page_digests reads a page when its size or modification time differ from those
    kept, or when it was modified no earlier than the cache was written (a coarse clock could
    give a page changed just after the cache the time kept); otherwise its kept digest stands."""
    out, known = tmp_path / "html", tmp_path / "known.json"
    out.mkdir()
    for name, word in (("a.html", "alpha"), ("b.html", "bravo"), ("c.html", "civic")):
        (out / name).write_text(f"<html><body><div data-pagefind-body><p>{word}</p></div></body></html>")
        os.utime(out / name, ns=(10**18, 10**18))  # well before the cache (2001): a clock tick apart
    files = ["a.html", "b.html", "c.html"]
    first = pagefind.page_digests(out, files, known)
    cache = known.stat().st_mtime_ns

    def rewrite(name: str, word: str, ns: int) -> None:
        (out / name).write_text(f"<html><body><div data-pagefind-body><p>{word}</p></div></body></html>")
        os.utime(out / name, ns=(ns, ns))

    old = (out / "b.html").stat().st_mtime_ns
    rewrite("a.html", "amber", cache)  # same size, the cache's own time: read again
    rewrite("b.html", "bingo", old)  # same size and time as kept, older than the cache: not read
    rewrite("c.html", "cider", cache + 1_000_000_000)  # changed later: read again
    second = pagefind.page_digests(out, files, known)
    assert second["a.html"] != first["a.html"] and second["c.html"] != first["c.html"]
    assert second["b.html"] == first["b.html"]
    os.utime(out / "b.html", ns=(old + 1, old + 1))  # its time moved: read, and its new text counts
    assert pagefind.page_digests(out, files, known)["b.html"] != first["b.html"]


def test_the_bundle_is_written_in_memory_and_on_disk_when_memory_fails(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Pagefind writes its bundle in a folder in memory (pagefind.MEMORY) where there is one, and
    the index is the same bytes as one written next to the pages; a Pagefind that fails there
    (memory full) is run again on disk, without a warning. Nothing is left in either folder."""
    memory = tmp_path / "memory"
    memory.mkdir()
    real = pagefind.executable()
    assert real is not None
    log = tmp_path / "runs.log"
    fake = tmp_path / "pagefind"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = --version ]; then exec "$REAL" --version; fi\n'
        'echo "$4" >> "$LOG"\n'
        'case "$4" in "$MEMORY"/*) echo "Error: No space left on device" >&2; exit 1;; esac\n'
        'exec "$REAL" "$@"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    src = copy_root("basic", tmp_path / "src")

    monkeypatch.setattr(pagefind, "MEMORY", ())
    on_disk = build(src, tmp_path / "disk", freshenv=True)
    monkeypatch.setattr(pagefind, "MEMORY", (memory,))
    in_memory = build(src, tmp_path / "memory-out", freshenv=True)
    assert list(memory.iterdir()) == []
    for name, value in (("REAL", str(real)), ("LOG", str(log)), ("MEMORY", str(memory))):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    retried = build(src, tmp_path / "retried", freshenv=True)

    assert on_disk.warnings == in_memory.warnings == retried.warnings == ""
    assert bundle(on_disk.html) and bundle(in_memory.html) == bundle(on_disk.html) == bundle(retried.html)
    tried = log.read_text().split()
    assert len(tried) == 2 and tried[0].startswith(f"{memory}/") and not tried[1].startswith(f"{memory}/")
    assert list(memory.iterdir()) == [] and not list(retried.html.glob(".talkdeck-search-*"))


def test_the_pinned_pagefind_is_the_one_installed() -> None:
    from importlib.metadata import version

    pins = dict(
        line.split("==", 1)
        for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    )
    assert version("pagefind") == pins["pagefind"] == pins["pagefind-bin"] == version("pagefind-bin")
    binary = pagefind.executable()
    assert binary is not None and pagefind.version(binary) == f"pagefind {pins['pagefind']}"


def test_pages_changed_only_where_the_index_does_not_read_run_no_pagefind(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A talk's new title changes the index of its own page and of a page that shows its card,
    and the listings that name it on its speakers', topics', projects' and event's pages, which
    the index leaves out (and their JSON-LD): all those pages are written again, over more shards
    than hold a page whose index changed, and only the shards that do are indexed again. The
    index is a clean build's."""
    src = copy_root("basic", tmp_path / "src")
    shards = {search.SHARD_CONFIG: 6}
    first = build(src, tmp_path / "out", freshenv=True, confoverrides=shards)
    before, indexed_before = output_files(first.html), search_index(first.html)
    runs = count_runs(monkeypatch)
    edit(src / "kcna/packets.md", "title: Whose Packet Is It Anyway?", "title: Whose Packet Is It, Really?")
    done = build(src, tmp_path / "out", confoverrides=shards)
    after, indexed_after = output_files(done.html), search_index(done.html)
    folder = shard_of(done.html)
    changed = {url for url in indexed_after if indexed_after[url] != indexed_before.get(url)}
    assert "/kcna/packets.html" in changed and indexed_after["/kcna/packets.html"]["meta"]["name"] == (
        "Whose Packet Is It, Really?"
    )
    rewritten = {f"/{p}" for p in after if before.get(p) != after[p]} & set(folder)
    assert len(rewritten) > len(changed) and {folder[u] for u in rewritten} > {folder[u] for u in changed}, rewritten
    assert runs == [1] * len({folder[url] for url in changed})
    clean = build(src, tmp_path / "clean", freshenv=True, confoverrides=shards)
    assert bundle(clean.html) == bundle(done.html)
