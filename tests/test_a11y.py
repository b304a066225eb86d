"""What talkdeck corrects in the markup of Sphinx and the themes (sphinxext/a11y.py and
templates/themes/), checked in the built HTML: toctree captions with a heading level in every
theme and HTML builder; one id per table under furo; furo's landmarks named, unique and holding
all the content; basic's skip link, relation bars and sidebar headings; and a description for
every page talkdeck makes or fills, from its data."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import Build, build, soup, text
from talkdeck.core.entities import Entity
from talkdeck.core.model import Event, Speaker, Talk
from talkdeck.sphinxext.meta import (
    DESCRIPTION_LENGTH,
    entity_description,
    event_description,
    index_description,
    talk_description,
)

CONF = """
project = "Tiny"
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
templates_path: list[str] = []
"""
PAGES = {
    "index.md": """# Home

```{toctree}
:caption: Browse

guide
```

## Part

Text.

```{toctree}
:caption: More

other
```
""",
    "guide.md": """# Guide

```{list-table} Numbers
:name: numbers

* - one
  - two
```

```{talk-fields} talk
```
""",
    "other.md": "# Other\n\nText.\n",
}


def make_root(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "conf.py").write_text(CONF, encoding="utf-8")
    for name, body in PAGES.items():
        (path / name).write_text(body, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["furo", "basic", "alabaster"])
def themed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Build]:
    tmp = tmp_path_factory.mktemp(f"a11y-{request.param}")
    done = build(make_root(tmp / "src"), tmp / "out", freshenv=True, confoverrides={"html_theme": request.param})
    assert done.statuscode == 0 and "WARNING" not in done.warnings, done.warnings
    return request.param, done


def captions(page: BeautifulSoup) -> list[tuple[str, str | None]]:
    return [(text(p), p.get("aria-level")) for p in page.select("p.caption[role=heading]")]


def test_toctree_captions_have_a_heading_level_in_every_theme(themed: tuple[str, Build]) -> None:
    theme, done = themed
    page = done.page("index")
    body = page.select_one("[role=main]")
    # in the page: one below the section around the toctree
    assert captions(body) == [("Browse", "2"), ("More", "3")]
    # in a theme's sidebar (furo and alabaster show the site's toctree there): under the page title
    sidebar = page.select_one(".sidebar-drawer, .sphinxsidebar")
    assert captions(sidebar) == ([] if theme == "basic" else [("Browse", "2"), ("More", "2")])
    assert not [p for p in page.select("[role=heading]") if not p.get("aria-level")]


def test_captions_have_a_level_with_other_html_builders(tmp_path: Path) -> None:
    for name in ("dirhtml",):
        app = SphinxTestApp(name, srcdir=make_root(tmp_path / name), builddir=tmp_path / name / "_build", freshenv=True)
        try:
            app.build()
        finally:
            app.cleanup()
        page = soup(tmp_path / name / "_build" / name / "index.html")
        assert captions(page.select_one("[role=main]")) == [("Browse", "2"), ("More", "3")], name


def test_a_table_keeps_its_id_once(themed: tuple[str, Build]) -> None:
    """furo wraps each table in a div and copies every attribute, the id too: the wrapper gives it back."""
    _, done = themed
    page = done.page("guide")
    for ident in ("numbers", "talk-fields"):
        found = page.select(f"[id='{ident}']")
        assert [tag.name for tag in found] == ["table"], ident
        assert page.select_one(f"a.headerlink[href='#{ident}']") is not None  # the table's own permalink
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))


def landmarks(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(role, name) of every landmark, as a screen reader lists them."""
    implicit = {"nav": "navigation", "aside": "complementary", "main": "main", "search": "search"}
    found = []
    for tag in page.find_all(True):
        role = tag.get("role") or implicit.get(tag.name)
        if tag.name in ("header", "footer") and not tag.find_parent(["article", "aside", "main", "nav", "section"]):
            role = "banner" if tag.name == "header" else "contentinfo"
        if role in ("navigation", "complementary", "main", "search", "banner", "contentinfo", "region", "form"):
            found.append((role, tag.get("aria-label", "")))
    return found


@pytest.mark.parametrize("themed", ["furo"], indirect=True)
def test_furo_landmarks_are_named_unique_and_hold_the_page(themed: tuple[str, Build]) -> None:
    _, done = themed
    for name in ("index", "guide", "search", "genindex"):
        page = done.page(name)
        found = landmarks(page)
        assert len(found) == len(set(found)), (name, found)
        assert ("navigation", "Site") in found
        # the page's contents are a named navigation when furo shows them, nothing otherwise
        drawer = page.select_one(".toc-drawer")
        assert (drawer.name, drawer.get("aria-label")) in {("nav", "On this page"), ("div", None)}, name
        if drawer.name == "div":
            assert "no-toc" in drawer["class"] and not drawer.contents
        main = page.select_one("[role=main]")
        # the page tools and "Back to top" are in the main landmark, not outside every one
        assert main.select_one(".content-icon-container .theme-toggle") is not None
        assert main.select_one("a.back-to-top") is not None
        # the skip link comes before anything else that takes the focus, and leads to main
        first = page.body.find(["a", "button", "input", "select", "textarea"])
        assert (first.name, first["href"], text(first)) == ("a", f"#{main['id']}", "Skip to content"), name
    assert done.page("index").select_one(".toc-drawer").name == "nav"  # index has a section to list
    assert text(done.page("search").select_one("[role=main] h1")) == "Search"


@pytest.mark.parametrize("themed", ["basic"], indirect=True)
def test_basic_has_a_skip_link_distinct_bars_and_headings_in_order(themed: tuple[str, Build]) -> None:
    _, done = themed
    for name in ("index", "guide", "search", "genindex"):
        page = done.page(name)
        first = page.body.find("a")
        assert (first["href"], text(first)) == ("#tdk-main", "Skip to content"), name
        assert page.select_one("#tdk-main")["role"] == "main"
        bars = [nav["aria-label"] for nav in page.select("nav.related")]
        assert bars == ["Related pages", "Related pages, end of page"], name
        assert not page.select("nav.related h1, nav.related h2, nav.related h3")
        sidebar = page.select(".sphinxsidebar h1, .sphinxsidebar h2, .sphinxsidebar h3, .sphinxsidebar h4")
        assert {tag.name for tag in sidebar} <= {"h2"}, name
    # the search page is talkdeck's results page (Pagefind): its form sends the query to the page
    # itself without an action attribute (basic's own page had an empty one: not valid HTML)
    form = done.page("search").select_one("[role=main] form")
    assert "tdk-search-form" in form["class"] and not form.has_attr("action")


FOCUSABLE = ["a", "button", "input", "select", "textarea", "summary", "iframe"]


@pytest.mark.parametrize("site", ["real_site", "basic_site"])
def test_every_page_skips_to_its_main_content_and_has_unique_ids(request: pytest.FixtureRequest, site: str) -> None:
    """On every page of both sites (furo and basic): the first thing that takes the focus is a
    link "Skip to content" to the one main landmark, and no id is used twice (the reference page's
    tables, once furo's wrappers copied their ids)."""
    from browser.site import site_pages

    built: Build = request.getfixturevalue(site)
    paths = site_pages(built.html)
    assert len(paths) > 40
    wrong = []
    for path in paths:
        page = soup(built.html / path)
        main = page.select("main, [role=main]")
        first = page.body.find(lambda tag: tag.name in FOCUSABLE and tag.get("tabindex") != "-1")
        if len(main) != 1 or first is None or not main[0].get("id"):
            wrong.append((path, "no single main landmark with an id, or nothing to focus"))
            continue
        if (first.name, first.get("href"), text(first)) != ("a", f"#{main[0]['id']}", "Skip to content"):
            wrong.append((path, f"first focusable: {str(first)[:120]}"))
        ids = [tag["id"] for tag in page.select("[id]")]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            wrong.append((path, f"ids used twice: {twice}"))
    assert not wrong, wrong
    if site == "real_site":
        reference = soup(built.html / "reference.html")
        assert [t.name for t in reference.select("#talk-fields, #event-fields")] == ["table", "table"]


# --- descriptions -------------------------------------------------------------------------------


def descriptions(page: BeautifulSoup) -> list[str]:
    return [tag["content"] for tag in page.select("meta[name=description]")]


def test_every_talkdeck_page_has_one_description_from_its_data(basic_build: Build) -> None:
    expected = {
        # a talk's summary
        "kcna/mesh-intro": "What a service mesh is and why you might want one.",
        # an event: its name, dates and place
        "kcna/index": "The talks of KubeCon + CloudNativeCon North America 2022 (24\u201328 October 2022, "
        "Detroit, Michigan, USA), with their speakers and topics.",
        # generated pages: their talks
        "speakers/flynn": "2 talks by Flynn: \u201cGateway API Panel\u201d and \u201cPolicy Tutorial\u201d.",
    }
    for docname, description in expected.items():
        assert descriptions(basic_build.page(docname)) == [description], docname
    generated = [
        p
        for folder in ("speakers", "topics", "projects", "organisations")
        for p in (basic_build.html / folder).glob("*.html")
    ]
    assert len(generated) > 20
    for path in generated:
        [description] = descriptions(soup(path))
        assert description and len(description) <= DESCRIPTION_LENGTH, path
    talks = [p for p in basic_build.html.glob("kc*/*.html") if p.name != "index.html"]
    for path in talks:
        assert len(descriptions(soup(path))) == 1, path


def test_the_real_site_describes_every_page(real_site: Build) -> None:
    """Every page readers or search engines land on: prose pages by sphinxext-opengraph, the rest by talkdeck."""
    for path in sorted(real_site.html.rglob("*.html")):
        name = path.relative_to(real_site.html).as_posix()
        if name.startswith(("_", "search.html", "genindex.html")):
            continue
        found = descriptions(soup(path))
        assert len(found) == 1 and found[0].strip(), (name, found)


def test_a_page_that_describes_itself_keeps_its_description(tmp_path: Path) -> None:
    root = make_root(tmp_path / "src")
    (root / "other.md").write_text(
        "---\nhtml_meta:\n  description: Our own words.\n---\n# People\n\n```{talk-index} speakers\n```\n",
        encoding="utf-8",
    )
    done = build(root, tmp_path / "out", freshenv=True)
    assert descriptions(done.page("other")) == ["Our own words."]
    (root / "other.md").write_text("# People\n\n```{talk-index} speakers\n```\n", encoding="utf-8")
    done = build(root, tmp_path / "again", freshenv=True)
    assert descriptions(done.page("other")) == [index_description("speaker", "Tiny")]


def test_descriptions_say_what_the_data_says() -> None:
    talk = Talk(
        id="t",
        title="Meshes",
        format="lightning-talk",
        speakers=(Speaker("a", "Ann"), Speaker("b", "Bo")),
        topics=("Go",),
    )
    assert talk_description(talk) == "A lightning talk by Ann and Bo on Go: Meshes."
    assert talk_description(Talk(id="t", title="T", format="workshop")) == "A workshop: T."
    assert event_description(Event(id="e", name="Conf")) == "The talks of Conf, with their speakers and topics."
    titles = [f"A talk with a fairly long title, number {n}" for n in range(1, 8)]
    many = entity_description(Entity("project", "go", "Go", ()), titles)
    assert many.startswith("7 talks about the project Go: \u201cA talk with a fairly long title, number 1\u201d")
    assert many.endswith(" more.") and len(many) <= DESCRIPTION_LENGTH
    one = entity_description(Entity("organisation", "b", "Buoyant", ()), ["Only"])
    assert one == "1 talk by speakers from Buoyant: \u201cOnly\u201d."
    assert (
        index_description("event", "Site")
        == "Events of Site, each with its number of talks and a link to a page that lists them."
    )


def test_an_epub_of_a_furo_site_keeps_the_epub_theme(tmp_path: Path) -> None:
    """The theme folder follows html_theme, the builder may use another theme (epub_theme):
    its pages are that theme's, with the caption levels still added."""
    app = SphinxTestApp(
        "epub", srcdir=make_root(tmp_path / "src"), builddir=tmp_path / "_build", confoverrides={"html_theme": "furo"}
    )
    try:
        app.build()
    finally:
        app.cleanup()
    page = BeautifulSoup((tmp_path / "_build" / "epub" / "index.xhtml").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".sidebar-drawer, .tdk-skip-link, #furo-main-content") is None
    assert captions(page) == [("Browse", "2"), ("More", "3")]
