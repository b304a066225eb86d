"""What a reader can subscribe to, and where its files are: each event, speaker, topic, project
and organisation has an Atom feed of its talks and, when any of them has a start and a known time
zone, a calendar of those; the one decision the pages (head links, "Subscribe") and the exports
both call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .calendars import page_calendar
from .entities import KINDS
from .model import slugify

#: Every kind of page with a subscription, in the order pages and tables list them.
SUBSCRIBABLE = ("event", *KINDS)
#: Where the per-page feeds go in the output folder: feeds/<folder>/<id>.xml.
FEEDS_DIR = "feeds"


def folder(kind: str) -> str:
    return "events" if kind == "event" else KINDS[kind].folder


@dataclass(frozen=True)
class Subscription:
    """One page's feed and calendar (None without timed talks), as paths in the output folder."""

    kind: str
    id: str
    name: str
    feed: str
    calendar: str | None

    @property
    def title(self) -> str:
        """What the feed and the calendar are called: 'Talks by Alex Leong'."""
        return f"{_TITLES[self.kind]} {self.name}"

    def full_title(self, project: str) -> str:
        """The title of the feed and the name of the calendar, and of their links in the page's
        head: 'Linkerd at KubeCon: Talks by Alex Leong'."""
        return f"{project}: {self.title}" if project else self.title


_TITLES = {
    "event": "Talks at",
    "speaker": "Talks by",
    "topic": "Talks on",
    "project": "Talks about",
    "organisation": "Talks from",
}


def _safe(ident: str) -> bool:
    """Ids are slugs by the schema; anything else never becomes a file name."""
    return bool(ident) and slugify(ident) == ident


def subscription(kind: str, ident: str, name: str, calendars: Iterable[str | None]) -> Subscription | None:
    """The subscription of one event or entity, given the calendar paths (or None) of its talks
    (`talk_calendar`'s answers); None for an id that cannot be a file name."""
    if kind not in SUBSCRIBABLE or not _safe(ident):
        return None
    calendar = calendar_path(kind, ident) if any(path is not None for path in calendars) else None
    return Subscription(kind, ident, name, feed_path(kind, ident), calendar)


def calendar_path(kind: str, ident: str) -> str:
    """Where the calendar of an event or entity goes, once it has timed talks (`calendar`)."""
    return page_calendar(folder(kind), ident)


def feed_path(kind: str, ident: str) -> str:
    """Where the feed of an event or entity goes (a subscription's `feed`)."""
    return f"{FEEDS_DIR}/{folder(kind)}/{ident}.xml"


def webcal(url: str) -> str:
    """A calendar's address for subscribing: webcal:// for an absolute http(s) URL (calendar
    apps subscribe to it and fetch updates), anything else unchanged (a relative link downloads
    the file, which is all a site without a known address can offer)."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme) :]
    return url
