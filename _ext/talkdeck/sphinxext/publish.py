"""Where things are published: which builder's output gets what (one table), the one way a
page's URL is made, absolute URLs from `html_baseurl`, and the one timestamp exports may carry.

Exports must not differ between two builds of the same sources, so the timestamp never comes
from the clock: it is SOURCE_DATE_EPOCH when set (reproducible-builds.org), else derived from
the data itself (the latest date any event or talk names).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri

from ..core.model import Entry, Event, Talk

if TYPE_CHECKING:
    from sphinx.builders import Builder

#: Used when neither SOURCE_DATE_EPOCH nor any date in the data is available.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Publication:
    """What talkdeck puts into one builder's output. Every link follows the files: a builder
    that does not write a file never gets a link to it."""

    #: The generated speaker/topic/project/organisation pages, and every link to one (cards,
    #: roles, overviews, filter links, std labels, index entries); without them, a name is text.
    entity_pages: bool = False
    #: talks.json, schedule.json and schedules/<event>.json.
    data: bool = False
    #: calendar/talks/*.ics and calendar/events/*.ics, and the cards' "Add to calendar" links;
    #: the calendars of speakers, topics, projects and organisations, and their links.
    calendars: bool = False
    #: feed.xml, and its <link rel="alternate"> in every page's head; the feeds of events,
    #: speakers, topics, projects and organisations, and their links ("Subscribe").
    feed: bool = False
    #: schema/talk.schema.json and schema/talks.schema.json, and the {talk-schema} links.
    schemas: bool = False
    #: A talk page's schema.org Event as JSON-LD.
    jsonld: bool = False
    #: The captions (WebVTT) files of talks' recordings, copied next to their pages: the <track>
    #: of the site's own player and the transcript's download link point at them.
    captions: bool = False
    #: The reader's tools (talkdeck-reader.js, reader.py): "Add to my talks" on every talk card,
    #: the list of the `{my-talks}` page (read from talks.json, so only with `data`) and the
    #: switch of every time on a page to the reader's time zone.
    reader: bool = False
    #: sphinx-sitemap's list of pages completed with every page of the output, sorted.
    sitemap: bool = False
    #: Link previews: og:image on talk pages, and the cards drawn for them (previews/*.png).
    previews: bool = False
    #: A redirect page at every earlier path a page lists in `redirect_from`.
    redirects: bool = False
    #: The site's search: with `talkdeck_search = "pagefind"` (the default) a Pagefind index of
    #: every page (pagefind/) and search.html as its results page, with facets, instead of
    #: Sphinx's searchindex.js; with "sphinx", Sphinx's own index, kept complete (sphinxindex.py).
    search: bool = False
    #: The output folder is a site served as it is: the pages and source copies Sphinx wrote
    #: for documents that are gone are deleted (Sphinx never does). Every file talkdeck writes
    #: is in one manifest, and deleted once no build makes it (outputs.py).
    tidy: bool = False
    #: One page: only the root document and what its toctrees include are written, and no
    #: search or index page (singlehtml).
    single_page: bool = False


#: The site as it is served: everything.
SITE = Publication(
    entity_pages=True,
    data=True,
    calendars=True,
    feed=True,
    schemas=True,
    jsonld=True,
    captions=True,
    reader=True,
    sitemap=True,
    previews=True,
    redirects=True,
    search=True,
    tidy=True,
)
#: Which builder publishes what. Builders not named here get nothing from talkdeck but their
#: documents (their cards, grids and names as text).
PUBLICATIONS: dict[str, Publication] = {
    "html": SITE,
    "dirhtml": SITE,
    # one page: its links point into that page, which has no generated pages or files beside it
    "singlehtml": Publication(single_page=True),
    # the e-book holds its documents only; any other file in its folder would be packed (or
    # warned about) by the epub builder
    "epub": Publication(),
    # text, latex, man, texinfo ...: documents only
}
NOTHING = Publication()


def publication(builder: Builder) -> Publication:
    """What this builder's output gets: the one answer every part of talkdeck asks."""
    return PUBLICATIONS.get(builder.name, NOTHING)


def writes_page(builder: Builder, pagename: str) -> bool:
    """Whether this build's output has the page: a document the builder writes, or a generated
    page it publishes (any other page name is taken for one)."""
    env = builder.env
    if pagename not in env.all_docs:
        return publication(builder).entity_pages
    if publication(builder).single_page:
        return _in_root_toctree(builder, pagename)
    return True


def page_url(builder: Builder, pagename: str, fromdoc: str | None = None) -> str | None:
    """The URL of a page: relative to the page `fromdoc` when given, else to the site root
    ('talks/x.html' for html, 'talks/x/' for dirhtml); None where this build's output has no
    such page, so the caller shows text instead of a link."""
    if not writes_page(builder, pagename):
        return None
    try:
        if fromdoc is None:
            return builder.get_target_uri(pagename)
        return builder.get_relative_uri(fromdoc, pagename)
    except NoUri:  # a builder that leaves the page out (LaTeX outside its documents)
        return None


def file_url(builder: Builder, fromdoc: str, path: str) -> str:
    """The URL of a file of the output folder (`path` relative to its root) from a page."""
    return relative_uri(builder.get_target_uri(fromdoc), path)


def canonical_url(builder: Builder, pagename: str) -> str:
    """A page's address under the site's `html_baseurl`, or relative to the site root without one."""
    return absolute_url(builder.config.html_baseurl, page_url(builder, pagename) or "")


def absolute_url(baseurl: str, relative: str) -> str:
    """`relative` under the site's canonical URL, or unchanged when no base URL is configured."""
    if not baseurl:
        return relative
    return baseurl.rstrip("/") + "/" + relative.lstrip("/")


@dataclass(frozen=True)
class Urls:
    """How this build addresses pages: page name -> URL relative to the site root, the
    canonical base URL (``html_baseurl``, may be empty), and what those URLs depend on
    (`url_scheme`), for the digests of what shows them."""

    page: Callable[[str], str]
    baseurl: str = ""
    scheme: tuple = ()

    @classmethod
    def of_builder(cls, builder: Builder) -> Urls:
        def url(pagename: str) -> str:
            return page_url(builder, pagename) or ""

        return cls(url, builder.config.html_baseurl or "", url_scheme(builder))

    def of(self, pagename: str) -> dict[str, str]:
        """``url`` always; ``absolute_url`` only when the site's base URL is known."""
        rel = self.page(pagename)
        found = {"url": rel}
        if self.baseurl:
            found["absolute_url"] = absolute_url(self.baseurl, rel)
        return found

    def best(self, pagename: str) -> str:
        """The absolute URL when known, else the relative one."""
        return absolute_url(self.baseurl, self.page(pagename)) if self.baseurl else self.page(pagename)

    def file(self, path: str) -> str:
        """A file of the output folder (`path` from its root): absolute when the base URL is
        known, else as it is, relative to the site root."""
        return absolute_url(self.baseurl, path) if self.baseurl else path

    def canonical(self, pagename: str) -> str:
        """The absolute URL when known, else ''."""
        return absolute_url(self.baseurl, self.page(pagename)) if self.baseurl else ""


def url_scheme(builder: Builder) -> tuple[str, ...]:
    """Everything page_url's answers depend on besides the page names (the builder's way of
    naming files, its suffixes) and the base URL of absolute ones."""
    config = builder.config
    return (builder.name, str(config.html_file_suffix), str(config.html_link_suffix), config.html_baseurl or "")


def _in_root_toctree(builder: Builder, docname: str) -> bool:
    """Whether a toctree path leads from the root document to `docname` (what singlehtml
    inlines), walking up from the document through the documents whose toctrees name it."""
    env = builder.env
    root = builder.config.root_doc
    seen, todo = set(), [docname]
    while todo:
        current = todo.pop()
        if current == root:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(sorted(env.files_to_rebuild.get(current, ())))
    return False


def export_timestamp(entries: Iterable[Entry]) -> datetime:
    """SOURCE_DATE_EPOCH if set and valid, else the latest date the records name, else 1970."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return datetime.fromtimestamp(int(raw), tz=UTC)
    latest: list[datetime] = []
    for entry in entries:
        item = entry.item
        if isinstance(item, Event):
            day = item.end or item.start
            if day is not None:
                latest.append(_day(day))
        elif isinstance(item, Talk) and item.start is not None:
            latest.append(item.start.replace(tzinfo=UTC))
    return max(latest, default=EPOCH)


def _day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
