"""Subscribe to a page: the feed and calendar of an event, speaker, topic, project or
organisation (core.subscriptions decides which exist and where), as `<link rel="alternate">`
in the page's head and as a visible "Subscribe" control in its body.

The calendar link is `webcal://` when the site's address is known (html_baseurl), so a calendar
app subscribes to it and follows its changes; without one it is a relative link that downloads
the file. Both come from the Domain, so a page, its head and the exports always agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.entities import KINDS
from ..core.model import Event
from ..core.subscriptions import Subscription, webcal
from .domain import TalkDomain, get_domain
from .publish import Publication, absolute_url, file_url, publication

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

FEED_TYPE = "application/atom+xml"
CALENDAR_TYPE = "text/calendar"


def of_page(domain: TalkDomain, documents: set[str] | Any, pagename: str) -> Subscription | None:
    """The subscription a page offers: an event's own page, or a generated entity page."""
    entry = domain.entries.get(pagename)
    if entry is not None or pagename in documents:
        if entry is None or not isinstance(entry.item, Event):
            return None
        first = domain.events.get(entry.item.id)  # a duplicate id's second page has no feed
        return domain.subscription("event", entry.item.id) if first is not None and first.docname == pagename else None
    folder, _, ident = pagename.partition("/")
    for kind, spec in KINDS.items():
        if spec.folder == folder and "/" not in ident:
            return domain.subscription(kind, ident)
    return None


def offered(wanted: Publication, sub: Subscription | None) -> tuple[str, str | None]:
    """(feed path or '', calendar path or None) of what this builder publishes."""
    if sub is None:
        return "", None
    return (sub.feed if wanted.feed else ""), (sub.calendar if wanted.calendars else None)


def control(builder: Builder, fromdoc: str, sub: Subscription | None) -> list[nodes.Node]:
    """'Subscribe: Atom feed · Calendar' for a page, or nothing where the builder publishes neither."""
    feed, calendar = offered(publication(builder), sub)
    if sub is None or not (feed or calendar):
        return []
    para = nodes.paragraph("", "", classes=["tdk-subscribe"])
    label = f"Subscribe to {sub.title[0].lower()}{sub.title[1:]}: "
    para += nodes.inline(label, label, classes=["tdk-subscribe-label"])
    links: list[nodes.Node] = []
    if feed:
        links.append(_link(file_url(builder, fromdoc, feed), "Atom feed", "feed"))
    if calendar:
        baseurl = builder.config.html_baseurl
        href = webcal(absolute_url(baseurl, calendar)) if baseurl else file_url(builder, fromdoc, calendar)
        links.append(_link(href, "Calendar", "calendar"))
    for index, link in enumerate(links):
        if index:
            para += nodes.Text(" ")
        para += link
    return [para]


def _link(href: str, text: str, kind: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=href, classes=["tdk-subscribe-link", f"tdk-subscribe-{kind}"])


def head_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: the page's feed and calendar as <link rel="alternate"> (our head
    template escapes every value), for documents and generated pages alike."""
    builder = app.builder
    wanted = publication(builder)
    if not (wanted.feed or wanted.calendars):
        return
    sub = of_page(get_domain(app.env), app.env.all_docs, pagename)
    feed, calendar = offered(wanted, sub)
    if sub is None:
        return
    found = []
    title = sub.full_title(app.config.project)
    if feed:
        found.append({"type": FEED_TYPE, "href": file_url(builder, pagename, feed), "title": title})
    if calendar:
        found.append({"type": CALENDAR_TYPE, "href": file_url(builder, pagename, calendar), "title": title})
    context["talkdeck_subscriptions"] = found
