"""An Atom feed of the talks, `feed.xml` at the output root, built with feedgen from the Domain's
data (written by `writer.py`), and announced in every page's head.

Order: newest first. A talk's moment is its start (in UTC, so zones compare); a talk without a
start takes its event's first day, so it follows the timed talks of that event; ties, and talks
with neither, go by title. Nothing comes from the clock: feedgen stamps entries with the current
time and itself as generator unless told otherwise, so every field is set here.

Links are absolute only when `html_baseurl` is set; without it they are relative to the feed
(which sits at the site root), and a reader that does not resolve them against the feed's own
address shows broken links, so a published site should set `html_baseurl`.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from feedgen.feed import FeedGenerator

from ..core.model import Entry, Event, Talk, slugify, talk_window
from ..core.subscriptions import feed_path
from ..core.version import __version__
from ..sphinxext import notfound
from ..sphinxext.outputs import Output
from ..sphinxext.publish import absolute_url, file_url, publication
from .site import SiteData, code

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from ..sphinxext.domain import TalkDomain

FEED_PATH = "feed.xml"
_NEVER = datetime.min.replace(tzinfo=UTC)

#: Namespace of the feed's and its entries' ids (urn:uuid): fixed, so they never change.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "talkdeck:feed")

# characters XML 1.0 cannot hold at all (lxml refuses them); YAML's "\x01" escapes can make them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def moment(talk: Talk, event: Event | None) -> datetime | None:
    """When a talk happens, for ordering and `updated`: its start, else its event's first day."""
    window = talk_window(talk, event)
    if window is not None:
        return window[0].astimezone(UTC)
    if talk.start is not None:  # a start without a known time zone: read it as UTC
        return talk.start.replace(tzinfo=UTC)
    if talk.day is not None:  # a day without a time: its first moment
        return datetime.combine(talk.day, time(0, 0), tzinfo=UTC)
    if event is not None and event.start is not None:
        return datetime.combine(event.start, time(0, 0), tzinfo=UTC)
    return None


def ordered(
    domain: TalkDomain, talks: Iterable[Entry] | None = None
) -> list[tuple[Entry, Event | None, datetime | None]]:
    """Talks (every talk, or `talks`) with their event and moment, newest first; then by title, then id."""
    rows = []
    for entry in domain.talks.values() if talks is None else talks:
        talk: Talk = entry.item  # type: ignore[assignment]
        event_entry = domain.event_of(talk)
        event: Event | None = event_entry.item if event_entry else None  # type: ignore[assignment]
        rows.append((entry, event, moment(talk, event)))
    rows.sort(key=lambda row: (row[0].item.title.casefold(), row[0].item.id))  # type: ignore[union-attr]
    rows.sort(key=lambda row: (row[2] is not None, row[2] or _NEVER), reverse=True)
    return rows


def entry_id(talk: Talk) -> str:
    """Stable per talk, unique across talks: derived from the event and talk ids only. A talk
    has the same id in every feed that lists it, as Atom means it to."""
    return uuid.uuid5(NAMESPACE, f"talk/{talk.event}/{talk.id}").urn


def render(
    rows: list[tuple[Entry, Event | None, datetime | None]],
    *,
    key: str,
    title: str,
    author: str,
    updated: datetime,
    url_of: Callable[[str], str],
    home: str = "",
    self_url: str = "",
) -> bytes:
    """One feed as bytes: `rows` as `ordered` gives them; `key` names the feed for its id (never
    a URL or title that could change); `url_of(docname)` gives a page's URL as the feed links it;
    `home` is the page the feed is about and `self_url` the feed's own address, when known."""
    feed = FeedGenerator()
    feed.id(uuid.uuid5(NAMESPACE, key).urn)
    feed.title(_text(title))
    feed.updated(updated)
    feed.generator("talkdeck", version=__version__)
    # an entry without speakers still needs an author: the feed's stands in for it
    feed.author(name=_text(author or title))
    if home:
        feed.link(href=home, rel="alternate")
    if self_url:
        feed.link(href=self_url, rel="self", type="application/atom+xml")
    for entry, _event, when in rows:
        talk: Talk = entry.item  # type: ignore[assignment]
        item = feed.add_entry(order="append")
        item.id(entry_id(talk))
        item.title(_text(talk.title))
        item.updated(when or updated)
        item.link(href=url_of(entry.docname), rel="alternate", type="text/html")
        if talk.summary:
            item.summary(_text(talk.summary))
        for speaker in talk.speakers:
            if speaker.name:
                item.author(name=_text(speaker.name))
        for topic in talk.topics:
            item.category(term=slugify(topic) or _text(topic), label=_text(topic))
    return feed.atom_str(pretty=True)


def outputs(site: SiteData) -> dict[str, Output]:
    """feed.xml, remade when the data, its addresses, its date, the project or this code change;
    and the feed of every event, speaker, topic, project and organisation page."""
    title = feed_title(site.project)
    baseurl = site.urls.baseurl

    def make() -> dict[str, bytes]:
        # the site's id keeps the key it always had: subscribers know the feed by it
        data = render(
            ordered(site.domain),
            key=f"feed/{title}",
            title=title,
            author=site.author,
            updated=site.generated,
            url_of=site.urls.best,
            home=absolute_url(baseurl, "") if baseurl else "",
            self_url=absolute_url(baseurl, FEED_PATH) if baseurl else "",
        )
        return {FEED_PATH: data}

    found = {FEED_PATH: Output(site.key(code("feed.py", "site.py"), title, site.author), make)}
    made_by = code("feed.py", "site.py")
    for kind, ident in site.subscribable():
        kept = site.kept(feed_path(kind, ident), kind, ident)
        if kept is not None:  # none of its talks changed: its subscription is worked out if made
            found[feed_path(kind, ident)] = Output(kept, functools.partial(_entity_feed, site, kind, ident))
            continue
        sub = site.domain.subscription(kind, ident)
        if sub is None:
            continue
        talks = [(e, site.domain.event_of(e.item)) for e in site.domain.talks_of(kind, ident)]  # type: ignore[arg-type]
        found[sub.feed] = Output(
            site.key_of(made_by, site.project, site.author, sub, _page(site, kind, ident), talks),
            functools.partial(_entity_feed, site, kind, ident),
        )
    return found


def _page(site: SiteData, kind: str, ident: str) -> str:
    """The docname of an event's page or an entity's generated page."""
    target = site.domain.target(kind, ident)
    return target[0] if target is not None else ""


def _entity_feed(site: SiteData, kind: str, ident: str) -> dict[str, bytes]:
    """The feed of one page's talks. Without a base URL its links are relative to the feed's own
    folder, as a reader resolves them against the feed's address."""
    sub = site.domain.subscription(kind, ident)
    if sub is None:  # never planned so: only an event or entity with a subscription has a feed
        return {}
    baseurl = site.urls.baseurl
    up = "../" * sub.feed.count("/")

    def url_of(docname: str) -> str:
        return site.urls.best(docname) if baseurl else up + site.urls.page(docname)

    data = render(
        ordered(site.domain, site.domain.talks_of(kind, ident)),
        key=f"feed/{kind}/{ident}",
        title=sub.full_title(site.project),
        author=site.author,
        updated=site.generated,
        url_of=url_of,
        home=url_of(_page(site, kind, ident)),
        self_url=absolute_url(baseurl, sub.feed) if baseurl else "",
    )
    return {sub.feed: data}


def feed_title(project: str) -> str:
    return f"{project}: talks"


def announce_feed(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: what the `extrahead` block of our page.html needs for the
    <link rel="alternate"> to the feed; the template escapes both values."""
    if publication(app.builder).feed:
        context["talkdeck_feed"] = {
            # the 404 page is served at any address: its links are absolute
            "href": notfound.absolute(app, pagename, FEED_PATH) or file_url(app.builder, pagename, FEED_PATH),
            "title": feed_title(app.config.project),
        }
