"""The reader's tools as the build writes them (the browser tests drive them): a hidden "Add to
my talks" toggle on every card, the My talks page, the scripts only where they are used, the
times' start and end for the zone switch, and nothing of it for builders without them."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import Build, build_root, build_with, copy_root, soup, text

SCRIPT = "_static/talkdeck-reader.js"
LIST_SCRIPT = "_static/talkdeck-mytalks.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("reader"))


def scripts(html) -> list[str]:  # type: ignore[no-untyped-def]
    return [urlsplit(s["src"]).path for s in html.select("script[src]")]


def test_every_card_has_one_hidden_toggle_for_its_talk(site: Build) -> None:
    data = json.loads((site.html / "talks.json").read_text(encoding="utf-8"))
    titles = {t["title"]: t["id"] for t in data["talks"]}
    checked = 0
    for page in ("index", "kcna/index", "kcna/mesh-intro", "pages/filters"):
        for card in site.page(page).select(".tdk-card:not(.tdk-event-card)"):
            [button] = card.select("button.tdk-save")
            assert button.parent.name == "div" and "tdk-card-header" in button.parent["class"]
            assert (button["type"], button["aria-pressed"], button.get("hidden")) == ("button", "false", "hidden")
            assert text(button) == "Add to my talks"
            title = card.select_one(".tdk-title-link")
            if title is not None:  # a grid card: its title names its talk
                assert button["data-tdk-talk"] == titles[text(title)]
            else:  # the talk page's own card
                assert button["data-tdk-talk"] == page.rsplit("/", 1)[1]
            checked += 1
    assert checked > 15


def test_the_script_is_on_the_pages_that_use_it(site: Build) -> None:
    for page in ("index", "kcna/mesh-intro", "kceu/index", "speakers/flynn", "topics/security"):
        found = scripts(site.page(page))
        assert sum(1 for s in found if s.endswith(SCRIPT)) == 1, page
        assert not any(s.endswith(LIST_SCRIPT) for s in found), page
    for page in ("pages/overviews", "genindex", "search"):
        assert not any("talkdeck-reader" in s for s in scripts(site.page(page))), page
    # My talks: both, the list's after the one it builds on
    found = [s for s in scripts(site.page("my-talks")) if "talkdeck-reader" in s or "talkdeck-mytalks" in s]
    assert found == [SCRIPT, LIST_SCRIPT]
    assert all((site.html / s).is_file() for s in found)


def test_the_my_talks_page(site: Build) -> None:
    page = site.page("my-talks")
    [box] = page.select(".tdk-mytalks")
    assert urlsplit(urljoin("my-talks.html", box["data-tdk-data"])).path == "talks.json"
    assert box["data-tdk-name"] == "talkdeck basic"
    assert "needs JavaScript" in text(box.select_one(".tdk-mytalks-intro"))
    assert box.select_one(".tdk-mytalks-empty").get("hidden") == "hidden"
    assert box.select_one(".tdk-mytalks-actions").get("hidden") == "hidden"
    assert box.select_one(".tdk-mytalks-list").name == "ol" and not box.select("li")
    status = box.select_one(".tdk-mytalks-status")
    assert (status["role"], status["aria-live"]) == ("status", "polite")
    # in the navigation: the root's toctree lists it, so the page before it leads to it (basic's
    # "next"; furo's sidebar: tests/browser/test_reader.py)
    assert any(a["href"] == "../my-talks.html" for a in site.page("pages/overviews").select("a[href]"))


def test_times_carry_start_and_end_for_the_zone_switch(site: Build) -> None:
    data = {t["id"]: t for t in json.loads((site.html / "talks.json").read_text(encoding="utf-8"))["talks"]}
    checked = 0
    for card in site.page("index").select(".tdk-grid .tdk-card"):
        talk = data[card.select_one("button.tdk-save")["data-tdk-talk"]]
        time = card.select_one("time.tdk-time")
        if time is None:
            assert talk["start"] is None or "T" not in talk["start"]
            continue
        assert time["datetime"] == talk["start"]
        assert time.get("data-tdk-end") == (talk["end"] if talk["duration"] else None)
        checked += 1
    assert checked == 6


def test_dirhtml_reads_the_data_from_the_root(tmp_path: Path) -> None:
    out = build_with("dirhtml", copy_root("basic", tmp_path / "src"), tmp_path / "out")
    box = soup(out / "my-talks/index.html").select_one(".tdk-mytalks")
    assert urlsplit(urljoin("my-talks/", box["data-tdk-data"])).path == "talks.json"
    assert (out / "talks.json").is_file()


@pytest.mark.parametrize("builder", ["singlehtml", "epub", "text"])
def test_other_builders_have_no_buttons_and_say_where_the_list_is(tmp_path: Path, builder: str) -> None:
    out = build_with(builder, copy_root("basic", tmp_path / "src"), tmp_path / "out", confoverrides={"version": "1"})
    if builder == "text":
        assert "web version of this site" in (out / "my-talks.txt").read_text(encoding="utf-8")
        assert "Add to my talks" not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.txt"))
        return
    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*html") if p.is_file()}
    assert pages
    assert not any("tdk-save" in html or "talkdeck-reader" in html for html in pages.values())
    assert any("web version of this site" in html for html in pages.values())
