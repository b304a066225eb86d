"""The results page in Chromium, over the served strict build of this site and over a generated
archive where a name appears in many talks: a speaker's or topic's name shows their page first,
facets narrow the results (any value within a facet, all facets together), the address keeps
the query and the choices, the theme's search box leads here, keyboard and screen reader
users get there too (axe: 0 violations, light and dark), the site works under a sub-path as on
Read the Docs, and a query fetches only what it needs, from no other host.

Expected results come from the talks' front-matter, not from the page under test."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from test_vnu import errors, run_vnu

from conftest import REPO, Build, build
from talkdeck.core.model import Talk, slugify
from talkdeck.sphinxext import search

from .conftest import DESKTOP, PHONE
from .site import serve
from .test_axe import run_axe
from .tools import AXE_CORE, axe_missing, require, vnu_missing

pytestmark = pytest.mark.browser

RESULT_LINKS = ".tdk-search-result .tdk-search-title a"


def results(page: Page) -> list[str]:
    """The shown results' titles, in order, once the status has said how many there are."""
    status = page.locator(".tdk-search-status")
    expect(status).to_contain_text("result")
    count = status.inner_text().split()[0]
    if count.isdigit() and int(count) > 0:  # the count is said before the fragments are fetched
        expect(page.locator(RESULT_LINKS).first).to_be_visible()
    return [t.strip() for t in page.locator(RESULT_LINKS).all_inner_texts()]


def all_results(page: Page) -> list[str]:
    """Every result's title: "Show more results" pressed until it is gone."""
    more = page.locator(".tdk-search-more")
    while more.is_visible():
        count = page.locator(RESULT_LINKS).count()
        more.click()
        expect(page.locator(RESULT_LINKS)).not_to_have_count(count)
    return results(page)


def first_href(page: Page) -> str:
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    return urlsplit(page.locator(RESULT_LINKS).first.get_attribute("href") or "").path


def facet_box(page: Page, facet: str, value: str):  # type: ignore[no-untyped-def]
    return page.locator(f'fieldset[data-tdk-facet="{facet}"] input[type=checkbox][value="{value}"]')


def busiest(talks: dict[str, Talk], values: Callable[[Talk], list[str]]) -> str:
    counts: dict[str, int] = {}
    for talk in talks.values():
        for value in values(talk):
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], v))[0]


# --- the real site ------------------------------------------------------------------------------


def test_a_speakers_name_shows_their_page_first_then_a_facet_narrows(open_page, talks: dict[str, Talk]) -> None:
    name = busiest(talks, lambda t: [s.name for s in t.speakers])
    theirs = sorted(title for title, t in talks.items() if name in [s.name for s in t.speakers])
    page = open_page(f"search.html?q={quote(name)}")
    assert first_href(page).endswith(f"/speakers/{slugify(name)}.html")
    assert set(theirs) <= set(all_results(page))
    # Type: Talk leaves their talks (their name is on each card) and nothing else
    facet_box(page, "type", "Talk").check()
    expect(page.locator(".tdk-search-status")).to_contain_text(f"{len(theirs)} result")
    assert sorted(all_results(page)) == theirs
    # and a topic of theirs narrows further; the address keeps both choices
    topic = sorted({topic for title in theirs for topic in talks[title].topics})[0]
    facet_box(page, "topic", topic).check()
    narrowed = sorted(title for title in theirs if topic in talks[title].topics)
    expect(page.locator(".tdk-search-status")).to_contain_text(f"{len(narrowed)} result")
    assert sorted(all_results(page)) == narrowed
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": [name], "type": ["Talk"], "topic": [topic]}


def test_a_topics_name_shows_its_page_first_then_facets_combine(open_page, talks: dict[str, Talk]) -> None:
    topic = busiest(talks, lambda t: list(t.topics))
    with_topic = {title: t for title, t in talks.items() if topic in t.topics}
    page = open_page(f"search.html?q={quote(topic)}&topic={quote(topic)}")
    assert first_href(page).endswith(f"/topics/{slugify(topic)}.html")
    expect(facet_box(page, "topic", topic)).to_be_checked()  # read back from the address
    facet_box(page, "type", "Talk").check()
    assert sorted(all_results(page)) == sorted(with_topic)
    # two formats of the same facet: either one (any value within a facet)
    formats = sorted({t.format_label for t in with_topic.values()})
    assert len(formats) >= 2, "the topic's talks have one format: nothing to combine"
    facet_box(page, "format", formats[0]).check()
    expect(page.locator(".tdk-search-status")).to_contain_text(
        f"{sum(t.format_label == formats[0] for t in with_topic.values())} result"
    )
    facet_box(page, "format", formats[1]).check()
    both = sorted(title for title, t in with_topic.items() if t.format_label in formats[:2])
    expect(page.locator(".tdk-search-status")).to_contain_text(f"{len(both)} result")
    assert sorted(all_results(page)) == both
    page.locator(".tdk-search-clear").click()
    expect(facet_box(page, "type", "Talk")).not_to_be_checked()
    assert parse_qs(urlsplit(page.url).query) == {"q": [topic]}


def test_the_theme_search_box_leads_here(open_page) -> None:
    page = open_page("index.html")
    box = page.locator("form.sidebar-search-container input[name=q]").first
    box.fill("Rust")
    box.press("Enter")
    page.wait_for_url("**/search.html?*")
    assert results(page), "no results for a word the site has"
    expect(page.locator("#tdk-search-query")).to_have_value("Rust")


def test_keyboard_only(open_page, talks: dict[str, Talk]) -> None:
    topic = busiest(talks, lambda t: list(t.topics))
    page = open_page("search.html")
    expect(page.locator(".tdk-search-status")).to_contain_text("Type a name")
    page.locator("#tdk-search-query").focus()
    page.keyboard.type(topic)
    page.keyboard.press("Enter")
    assert results(page)
    # Tab from the box: the button, then the first facet's first value
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.type, document.activeElement.value]")
    assert focused[0] == "checkbox"
    page.keyboard.press("Space")
    expect(facet_box(page, "type", focused[1])).to_be_checked()
    # the boxes are drawn again with the new counts; the focus stays on the one just pressed
    expect(page.locator(".tdk-search-status")).to_contain_text("narrowed")
    assert page.evaluate("[document.activeElement.type, document.activeElement.value]") == focused
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.tdk-search-title a')"):
            break
    else:
        pytest.fail("Tab never reached a result")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert "search.html" not in page.url


def test_without_javascript_the_page_says_so(open_page) -> None:
    page = open_page("search.html?q=Linkerd", javascript=False)
    expect(page.locator(".tdk-search-nojs")).to_be_visible()
    expect(page.locator("#tdk-search")).to_be_hidden()


def shown_in_full(open_page, talks: dict[str, Talk], scheme: str = "light", viewport: dict = DESKTOP) -> Page:  # type: ignore[no-untyped-def]
    """The results page with results, a facet chosen and every facet's values on show."""
    topic = busiest(talks, lambda t: list(t.topics))
    page = open_page(f"search.html?q={quote(topic)}&type=Talk", scheme=scheme, viewport=viewport)
    assert results(page)
    expect(page.locator(".tdk-search-facet:not([hidden])").first).to_be_visible()  # drawn after the results
    if page.locator(".tdk-search-all").count():
        page.locator(".tdk-search-all").first.click()  # a facet opened up: every control on show
        expect(page.locator(".tdk-search-all").first).to_have_attribute("aria-expanded", "true")
    return page


@pytest.mark.parametrize(
    ("scheme", "size"), [("light", "desktop"), ("dark", "desktop"), ("light", "phone"), ("dark", "phone")]
)
def test_no_axe_violations_on_the_results(open_page, scheme: str, size: str, talks: dict[str, Talk]) -> None:
    """axe as issue 13 runs it (every default rule and WCAG 2.2's target size), light and dark, on
    a desktop and a 375 px phone, with results, a chosen facet and a facet opened up."""
    page = shown_in_full(open_page, talks, scheme, DESKTOP if size == "desktop" else PHONE)
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
    # axe-core as package.json pins it (the one Lighthouse runs); nothing excused
    require(axe_missing())
    page.add_script_tag(path=str(AXE_CORE))
    left = run_axe(page, f"search.html ({scheme}, {size})")
    assert not left, "\n".join(left)
    options = {"runOnly": ["color-contrast", "target-size"], "resultTypes": ["passes"]}
    checked = page.evaluate("(o) => axe.run('.tdk-search', o)", options)["passes"]
    passed = {rule["id"]: len(rule["nodes"]) for rule in checked}
    assert passed.get("color-contrast", 0) > 20 and passed.get("target-size", 0) > 10  # the rules ran on the results


def test_the_shown_results_are_valid_html(open_page, talks: dict[str, Talk], tmp_path: Path) -> None:
    """The Nu HTML Checker over the results page as the script leaves it (results, facets, a
    choice, a facet opened up), serialised by Chromium: 0 errors."""
    require(vnu_missing())
    page = shown_in_full(open_page, talks)
    shown = tmp_path / "search-shown.html"
    shown.write_text(page.content(), encoding="utf-8")
    assert shown.read_text(encoding="utf-8").count('class="tdk-search-result"') >= 1
    messages, checked = run_vnu(shown)
    assert shown in checked
    found = errors(messages)
    assert not found, "\n".join(map(str, found))


def test_under_a_sub_path_from_this_host_only(browser: Browser, real_site: Build, talks: dict[str, Talk]) -> None:
    """As on Read the Docs (/en/latest/): results link into the sub-path, every request stays
    on this host, and a query fetches a few index chunks and only the fragments it shows."""
    name = busiest(talks, lambda t: [s.name for s in t.speakers])
    seen: list[str] = []
    with serve(real_site.html, "/en/latest/", seen) as base:
        context = browser.new_context()
        hosts: list[str] = []
        context.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
        page = context.new_page()
        page.goto(base + f"search.html?q={quote(name)}")
        href = first_href(page)
        assert href == f"/en/latest/speakers/{slugify(name)}.html"
        shown = page.locator(RESULT_LINKS).count()
        page.locator(RESULT_LINKS).first.click()
        page.wait_for_load_state("load")
        expect(page.locator("h1")).to_contain_text(name)
        context.close()
    assert set(hosts) == {urlsplit(base).netloc}
    # the browser's own guess at an icon, which a page naming its icon never triggers
    assert not [path for path in seen if not path.startswith("/en/latest/") and path != "/favicon.ico"]
    bundle = [path for path in seen if "/pagefind/" in path]
    fragments = {path for path in bundle if "/fragment/" in path}
    assert 0 < len(fragments) <= shown  # only the results shown, not every page
    assert len(list((real_site.html / "pagefind" / "fragment").iterdir())) > 2 * len(fragments)
    assert len(bundle) == len(set(bundle))  # nothing fetched twice


# --- a generated archive: a name in many talks ---------------------------------------------------


def _archive_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("archive", REPO / "benchmarks" / "archive.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("archive", module)  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def namesake(name: str) -> str:
    """Another person of the same first and last name, with a middle initial."""
    first, last = name.split(" ", 1)
    return f"{first} Q. {last}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """240 talks; the busiest speaker has a namesake with a middle initial and one talk (two
    people a real archive can hold: `talkdeck check` takes them for two), whose page is short."""
    src = tmp_path_factory.mktemp("archive") / "src"
    src.mkdir()
    facts = _archive_module().generate(src, 240)
    theirs = sorted(p for p in src.rglob("talk-*.md") if f"- name: {facts.busiest_speaker}\n" in p.read_text())
    assert len(theirs) == facts.busiest_talks
    talk = theirs[0].read_text()
    theirs[0].write_text(
        talk.replace(f"- name: {facts.busiest_speaker}\n", f"- name: {namesake(facts.busiest_speaker)}\n")
    )
    done = build(src, src.parent / "out", freshenv=True, warningiserror=True)
    assert done.statuscode == 0, done.warnings
    return facts, done


def test_in_an_archive_a_busy_speakers_page_comes_first(browser: Browser, archive) -> None:  # type: ignore[no-untyped-def]
    facts, done = archive
    talks = facts.busiest_talks - 1  # one went to their namesake
    assert talks >= 20  # the name is on many talk pages
    with serve(done.html, "/") as base:
        page = browser.new_page()
        # their page is long (a line per talk), which Pagefind scores lower than the namesake's
        # short one: the exact name comes first all the same, and the namesake's for theirs
        page.goto(base + f"search.html?q={quote(facts.busiest_speaker)}")
        assert first_href(page) == f"/speakers/{slugify(facts.busiest_speaker)}.html"
        found = int(page.locator(".tdk-search-status").inner_text().split()[0])
        assert found > talks  # their page and every talk of theirs
        assert (
            f"/speakers/{slugify(namesake(facts.busiest_speaker))}.html"
            in [
                urlsplit(a or "").path
                for a in page.locator(RESULT_LINKS).evaluate_all("l => l.map(a => a.getAttribute('href'))")
            ][:3]
        )
        page.goto(base + f"search.html?q={quote(namesake(facts.busiest_speaker))}")
        assert first_href(page) == f"/speakers/{slugify(namesake(facts.busiest_speaker))}.html"
        page.goto(base + f"search.html?q={quote(facts.busiest_topic)}")
        assert first_href(page) == f"/topics/{slugify(facts.busiest_topic)}.html"
        # a year narrows to that year's talks on the topic; each result says its year
        year = page.locator('fieldset[data-tdk-facet="year"] input[type=checkbox]').first
        chosen = year.get_attribute("value")
        year.check()
        expect(page.locator(".tdk-search-status")).to_contain_text("narrowed")
        expect(page.locator(".tdk-search-about").first).to_be_visible()  # the fragments follow the count
        abouts = page.locator(".tdk-search-about").all_inner_texts()
        assert abouts and all(text.endswith(f"· {chosen}") for text in abouts)
        page.close()


def test_a_sharded_index_finds_what_one_index_finds(browser: Browser, archive, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The archive indexed in shards (a large site's index: search.SHARD_PAGES), served under a
    sub-path: a query reaches every shard, finds as many results as the single index, and the
    busy speaker's and topic's pages still come first."""
    facts, single = archive
    sharded = build(single.srcdir, tmp_path / "out", freshenv=True, confoverrides={search.SHARD_CONFIG: 60})
    assert sharded.statuscode == 0, sharded.warnings
    shards = sorted(p.parent.name for p in (sharded.html / "pagefind").rglob("pagefind-entry.json"))
    assert len(shards) >= 4, shards
    queries = {
        facts.busiest_speaker: f"speakers/{slugify(facts.busiest_speaker)}.html",
        facts.busiest_topic: f"topics/{slugify(facts.busiest_topic)}.html",
    }
    found: dict[str, list[tuple[str, str]]] = {}
    for name, html in (("single", single.html), ("sharded", sharded.html)):
        seen: list[str] = []
        with serve(html, "/en/latest/", seen) as base:
            page = browser.new_page()
            for query, first in queries.items():
                page.goto(base + f"search.html?q={quote(query)}")
                assert first_href(page) == f"/en/latest/{first}", (name, query)
                found.setdefault(name, []).append((query, page.locator(".tdk-search-status").inner_text()))
            page.close()
        entries = {path for path in seen if path.endswith("/pagefind-entry.json")}
        assert len(entries) == (1 if name == "single" else len(shards)), entries
        # one WebAssembly for every shard: the first's
        assert {path for path in seen if path.endswith(".pagefind")} == {"/en/latest/pagefind/wasm.en.pagefind"}
    assert found["sharded"] == found["single"]  # "N results for ...": the same count
