"""Search over every page the site has, with facets: Pagefind's index and our results page.

With `talkdeck_search = "pagefind"` (the default), for the builders that publish the site
(`publish.Publication.search`):

- every page says what the index takes: its content inside `data-pagefind-body` (so the search
  and index pages, which have none, stay out) and its facets (core/search.py) as empty elements;
  listings of other pages (grids, overviews, related talks, filter controls) are left out by
  `NOT_INDEXED`, so a page is found for what it is about, and a speaker's or topic's own page
  ranks above the talks that merely name them;
- search.html, where the theme's search box sends its query (`?q=`), is our results page: a
  form, the facets and the results, filled by talkdeck-search.js from Pagefind's index (pages.py
  adds it to the generated pages, with the number of index shards);
- Sphinx's indexer is switched off: searchindex.js would be one more file to write that nothing
  loads, and indexing every page is a good part of what writing a page costs.

exports/pagefind.py makes the index itself from the written pages, through the one writer.
With "sphinx", Sphinx's own search stays (searchindex.js and its search page; sphinxindex.py
keeps it complete in incremental builds) and nothing here changes a page.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.search import FACETS, PAGE, Facets, ranking_title
from . import compat
from .domain import get_domain
from .nodes import tdk_element
from .publish import file_url, publication
from .report import WARNING_TYPE, Subtype, logger
from .specs import SearchSpec

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

#: The values `talkdeck_search` takes; the first is the default.
ENGINES = ("pagefind", "sphinx")
#: The search page's name (Sphinx's: the theme's search box sends its query there).
SEARCH_PAGE = "search"
#: Where Pagefind's bundle goes in the output folder, and the module the results page imports.
BUNDLE = "pagefind"
BUNDLE_SCRIPT = f"{BUNDLE}/pagefind.js"
SCRIPT = "talkdeck-search.js"
#: How the results page ranks (Pagefind's `ranking` option). Every meta field a query's words
#: match adds to a page's score: `name` (the title as shown) adds nothing, as `title` already
#: counts; `entity`, which only the generated pages have, lifts a speaker's, topic's, project's
#: or organisation's page above the talks that name it. Without it "Linkerd" ranks the project's
#: page barely above talks with Linkerd in their title (by 6%), a busy speaker's page is still
#: first, and a topic's page only just beats talks whose titles share its stem ("Securing ..."
#: for "Security"); with it, by 2 to 7 times (tests/test_search.py, tests/browser/test_search.py).
#: `aliases`, on a person's page with a profile, weighs as `entity`: their other spellings and
#: former names find them as their name does (core.people.names).
RANKING = {"metaWeights": {"name": 0.0, "entity": 10.0, "aliases": 10.0}}
#: conf.py's name for the most pages one Pagefind run indexes (SHARD_PAGES by default).
SHARD_CONFIG = "talkdeck_search_shard_pages"
#: Pagefind holds every page it indexes in memory (about 100 KB a page with Pagefind 1.5.2: 420 MB
#: for 4,000 pages), so a larger site is indexed in shards of about this many pages, each a
#: bundle of its own, which the results page merges (Pagefind's mergeIndex). A site this size or
#: smaller has one index, in pagefind/.
SHARD_PAGES = 2000
#: Between the names of the `aliases` meta value (talkdeck-search.js splits on it).
ALIAS_SEPARATOR = "; "
#: Listings of other pages, which the index leaves out (CSS selectors, as Pagefind takes them).
NOT_INDEXED = (".tdk-grid", ".tdk-overview", ".tdk-rows", ".tdk-related-heading", ".tdk-filter", ".headerlink")


def shard_count(pages: int, size: int) -> int:
    """As few shards as hold `size` pages each."""
    return max(1, -(-pages // max(1, size)))


def shards(pages: list[str], size: int, apart: frozenset[str] = frozenset()) -> list[list[str]]:
    """The pages of each index (`pages` sorted; pages.index_shards decides for the build): one
    index while they fit in `size`. Above it, the pages in `apart` (the generated speaker's,
    topic's, project's and organisation's pages) and the others (the documents) each fill as
    few shards as hold `size` pages, the documents' first, a page's shard chosen by a digest of
    its path, so adding or editing a page changes one shard only (as long as the number of
    shards stays). Apart, because a talk's speakers edit changes the index of its own page and
    of its speakers' and organisations' pages: at 10,000 talks, four pages in four shards of
    all (9 s of Pagefind) where it is now one shard of documents and one or two of generated
    pages, for as many shards in all, give or take one."""
    if len(pages) <= size:
        return [pages]
    found: list[list[str]] = []
    for group in ([p for p in pages if p not in apart], [p for p in pages if p in apart]):
        if group:
            found += _spread(group, shard_count(len(group), size))
    return found


def _spread(pages: list[str], count: int) -> list[list[str]]:
    if count == 1:
        return [pages]
    found: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        found[int.from_bytes(hashlib.sha256(page.encode()).digest()[:8], "big") % count].append(page)
    return found


def shard_folder(index: int) -> str:
    """Where shard `index`'s bundle goes: the first in pagefind/ with the script that loads it,
    the others in folders of their own inside it."""
    return BUNDLE if index == 0 else f"{BUNDLE}/shard-{index}"


def uses_pagefind(builder: Builder) -> bool:
    """Whether this build's output gets Pagefind's index and our results page."""
    return publication(builder).search and builder.config.talkdeck_search == "pagefind"


def check_engine(app: Sphinx, config: Config) -> None:
    """config-inited: an unknown engine is named, and the default used."""
    if config.talkdeck_search not in ENGINES:
        logger.warning(
            f"talkdeck_search = {config.talkdeck_search!r} is not one of {', '.join(map(repr, ENGINES))}; "
            f"using {ENGINES[0]!r}: set it to {ENGINES[0]!r} or {ENGINES[1]!r} in conf.py",
            type=WARNING_TYPE,
            subtype=Subtype.search.value,
        )
        config.talkdeck_search = ENGINES[0]


def switch_off_sphinx_search(app: Sphinx) -> None:
    """builder-inited: with Pagefind, Sphinx neither indexes pages nor writes its search page."""
    if uses_pagefind(app.builder):
        compat.switch_off_search(app.builder)  # type: ignore[arg-type]


def _element(tag: str, attributes: dict[str, str], *children: nodes.Node, classes: tuple[str, ...] = ()) -> tdk_element:
    return tdk_element("", *children, tag=tag, attributes=attributes, classes=list(classes))


def _data(kind: str, key: str, value: str) -> tdk_element:
    """An empty element giving Pagefind a filter or meta value (`kind`), the value as an attribute."""
    return _element("span", {f"data-pagefind-{kind}": f"{key}[data-tdk-value]", "data-tdk-value": value})


def indexed(
    children: list[nodes.Node], facets: Facets, title: str, entity: bool = False, aliases: tuple[str, ...] = ()
) -> tdk_element:
    """A page's content as Pagefind takes it: inside `data-pagefind-body`, after its facets and
    its title: `title` to rank by (core.search.ranking_title), `name` to show, on a speaker's,
    topic's, project's or organisation's own page `entity`, its name again, and on a person's
    page `aliases`, the other names they are found by (see RANKING); none of these is shown."""
    body = _element("div", {"data-pagefind-body": ""})
    body += _data("meta", "title", ranking_title(title))
    body += _data("meta", "name", title)
    if entity:
        body += _data("meta", "entity", ranking_title(title))
    if aliases:
        body += _data("meta", "aliases", ALIAS_SEPARATOR.join(map(ranking_title, aliases)))
    for key, value in facets:
        body += _data("filter", key, value)
    body.extend(children)
    return body


def mark_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved (the last handler): a document's content marked for the index."""
    if not uses_pagefind(app.builder):
        return
    domain = get_domain(app.env)
    facets = SearchSpec(docname).inputs(domain, docname) if docname in domain.entries else PAGE
    title = app.env.titles[docname].astext() if docname in app.env.titles else ""
    children = doctree.children[:]
    del doctree.children[:]
    doctree += indexed(children, facets, title)


def results_page(builder: StandaloneHTMLBuilder, count: int = 1) -> tdk_element:
    """The results page's nodes: shown without JavaScript, a note; with it, the form, a live
    status, one fieldset per facet and the list of results, which talkdeck-search.js fills from
    the index's `count` shards."""
    # a heading of our own, not a section's title: a permalink (¶) to the page's only heading says
    # nothing (Sphinx's own search page has none)
    section = _element("div", {}, classes=("tdk-search-page",))
    section += _element("h1", {}, nodes.Text("Search"))
    note = "Search runs in your browser and needs JavaScript. Every page can also be reached from the navigation."
    section += nodes.paragraph(note, note, classes=["tdk-search-nojs"])
    query = _element("input", {"type": "search", "name": "q", "autocomplete": "off", "spellcheck": "false"})
    query["ids"] = ["tdk-search-query"]
    form = _element(
        "form",
        {"role": "search", "aria-label": "Search this site", "method": "get"},
        _element("label", {"for": "tdk-search-query"}, nodes.Text("Search talks, speakers, topics and pages")),
        _element(
            "div", {}, query, _element("button", {"type": "submit"}, nodes.Text("Search")), classes=("tdk-search-row",)
        ),
        classes=("tdk-search-form",),
    )
    facets = _element("div", {"role": "group", "aria-label": "Narrow the results"}, classes=("tdk-search-facets",))
    for key, legend in FACETS:
        facets += _element(
            "fieldset",
            {"data-tdk-facet": key, "hidden": "hidden"},
            _element("legend", {}, nodes.Text(legend)),
            _element("ul", {}, classes=("tdk-search-values",)),
            classes=("tdk-search-facet",),
        )
    hidden = {"type": "button", "hidden": "hidden"}
    facets += _element("button", hidden, nodes.Text("Clear filters"), classes=("tdk-search-clear",))
    search = _element(
        "div",
        {
            "data-tdk-bundle": file_url(builder, SEARCH_PAGE, BUNDLE_SCRIPT),
            "data-tdk-ranking": json.dumps(RANKING, sort_keys=True),
            "data-tdk-shards": json.dumps(
                [file_url(builder, SEARCH_PAGE, f"{shard_folder(i)}/") for i in range(1, count)]
            ),
            "hidden": "hidden",
        },
        form,
        _element("p", {"role": "status"}, classes=("tdk-search-status",)),
        facets,
        _element("ol", {}, classes=("tdk-search-results",)),
        _element("button", hidden, nodes.Text("Show more results"), classes=("tdk-search-more",)),
        classes=("tdk-search",),
    )
    search["ids"] = ["tdk-search"]
    section += search
    return section


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None) -> None:
    """html-page-context: the results page's script, on that page only (Sphinx resets it per page)."""
    if pagename == SEARCH_PAGE and doctree is None and uses_pagefind(app.builder):
        app.add_js_file(SCRIPT, loading_method="defer")
