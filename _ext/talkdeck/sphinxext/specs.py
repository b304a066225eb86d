"""What a placeholder asks for (one card, one event, a filtered grid, related talks, a talk page's
navigation), how it selects from the Domain's data, and what it depends on; specs are stored in
the Domain when a page is read and asked for their inputs when it is written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..core import events as colocated
from ..core.calendars import calendar_talks
from ..core.entities import KINDS, talk_ids
from ..core.model import FORMATS, Entry, Event, Person, Talk, start_key
from ..core.problems import unknown
from ..core.search import Facets, event_facets, talk_facets
from . import related
from .delta import Delta, always, own_page

if TYPE_CHECKING:
    from .domain import TalkDomain

SORT_KEYS = ("event", "start", "title", "format")
DEFAULT_SORT = ("event", "start", "title")


def no_problems(self: object, domain: TalkDomain) -> list[str]:
    """For specs that name nothing a reader could have mistyped."""
    return []


@dataclass(frozen=True)
class CardSpec:
    """One talk's card: the page's own talk (ref '') or the talk with id `ref`."""

    ref: str
    line: int
    docname: str

    def entry(self, domain: TalkDomain) -> Entry | None:
        return domain.talk_of(self.docname) if not self.ref else domain.talks.get(self.ref)

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        entry = self.entry(domain)
        if entry is None:
            return ()
        return (entry, domain.event_of(entry.item))  # type: ignore[arg-type]

    def reaches(self, domain: TalkDomain, docname: str, delta: Delta) -> bool:
        """Whether the talks changed include the one shown (the page's own is its page's)."""
        return bool(self.ref) and self.ref in delta.ids

    def problems(self, domain: TalkDomain) -> list[str]:
        if self.ref and self.ref not in domain.talks:
            return [unknown("talk", self.ref, domain.talks)]
        return []


@dataclass(frozen=True)
class EventSpec:
    """One event's summary: the page's own event (ref '') or the event with id `ref`."""

    ref: str
    line: int
    docname: str

    def entry(self, domain: TalkDomain) -> Entry | None:
        if self.ref:
            return domain.events.get(self.ref)
        entry = domain.entries.get(self.docname)
        return entry if entry is not None and isinstance(entry.item, Event) else None

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        """(event, its number of talks, of talks in its calendar, the event it is part of, the
        events co-located with it as (event, number of talks))."""
        entry = self.entry(domain)
        if entry is None:
            return ()
        event: Event = entry.item  # type: ignore[assignment]
        # the talks in its calendar decide whether the card offers the event's calendar
        dated = len(calendar_talks(event, domain.programme(event.id)))
        children = tuple((child, len(domain.programme(child.item.id))) for child in domain.co_located(event.id))
        return (entry, len(domain.programme(event.id)), dated, domain.parent_of(event), children)

    reaches = always

    def problems(self, domain: TalkDomain) -> list[str]:
        if self.ref and self.ref not in domain.events:
            return [unknown("event", self.ref, domain.events)]
        return []


@dataclass(frozen=True)
class GridSpec:
    """A grid of talk cards: any-of within one filter, all-of across filters, then sorted.
    With `co_located`, an event stands for its week: its talks and those of the events
    co-located with it."""

    line: int
    events: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    sort: tuple[str, ...] = DEFAULT_SORT
    limit: int = 0
    co_located: bool = False

    def matches(self, talk: Talk, events: tuple[str, ...] | None = None) -> bool:
        """Whether a talk is in the grid; `events` are the event ids to match (`self.events`
        with their co-located events, when the grid asks for them)."""
        # each test only when the grid asks for it, cheapest first: an event's grid scans every
        # talk of the site on each build, and most talks fail on their event
        wanted = self.events if events is None else events
        if wanted and talk.event not in wanted:
            return False
        if self.formats and talk.format not in self.formats:
            return False
        tests = (
            ("topic", self.topics),
            ("speaker", self.speakers),
            ("project", self.projects),
            ("organisation", self.organisations),
        )
        return all(not asked or not talk_ids(kind, talk).isdisjoint(asked) for kind, asked in tests)

    def select(self, domain: TalkDomain, among: Iterable[Entry] | None = None) -> list[Entry]:
        """The matching talks in order; `among` narrows the search when the caller already knows
        the candidates (an entity's own talks), which spares a scan of every talk."""
        pool = domain.talks.values() if among is None else among
        events = self.wanted_events(domain)
        chosen = [e for e in pool if self.matches(e.item, events)]  # type: ignore[arg-type]
        chosen.sort(key=lambda e: e.item.id)
        for key in reversed(self.sort):
            name = key.lstrip("-")
            chosen.sort(key=lambda e: _sort_key(name, e.item, domain), reverse=key.startswith("-"))  # type: ignore[arg-type]
        return chosen[: self.limit] if self.limit else chosen

    def wanted_events(self, domain: TalkDomain) -> tuple[str, ...]:
        """The event ids a talk must have: the grid's, with their weeks' when it asks for them."""
        if self.co_located:
            return tuple(sorted({i for e in self.events for i in colocated.week(e, domain.events)}))
        return self.events

    def inputs(self, domain: TalkDomain, docname: str, among: Iterable[Entry] | None = None) -> tuple:
        return tuple((e, domain.event_of(e.item)) for e in self.select(domain, among))  # type: ignore[arg-type]

    def reaches(self, domain: TalkDomain, docname: str, delta: Delta) -> bool:
        """Whether a changed talk is in the grid before or after: if none is, the same talks
        match, with the same records and events, so they sort as they did."""
        events = self.wanted_events(domain)
        return any(self.matches(talk, events) for talk in delta.talks)

    def problems(self, domain: TalkDomain) -> list[str]:
        known = {kind: set(domain.known(kind)) for kind in ("event", *KINDS)} | {"format": set(FORMATS)}
        found = []
        for kind, wanted in (
            ("event", self.events),
            ("topic", self.topics),
            ("speaker", self.speakers),
            ("project", self.projects),
            ("format", self.formats),
            ("organisation", self.organisations),
        ):
            for ident in wanted:
                if ident not in known[kind]:
                    found.append(f":{kind}: " + unknown(kind, ident, known[kind]))
        return found


def _sort_key(name: str, talk: Talk, domain: TalkDomain) -> tuple:
    if name == "title":
        return (talk.title.casefold(),)
    if name == "format":
        return (list(FORMATS).index(talk.format) if talk.format in FORMATS else len(FORMATS),)
    event = domain.events.get(talk.event)
    if name == "start":
        return start_key(talk, event.item if event is not None else None)  # type: ignore[arg-type]
    start = event.item.start if event is not None else None  # type: ignore[union-attr]
    return (start is None, start or date.min, talk.event)


def entity_grid(kind: str, ident: str) -> GridSpec:
    """The grid of every talk that names one speaker, topic, project or organisation."""
    return GridSpec(line=0, **{f"{kind}s": (ident,)})


@dataclass(frozen=True)
class IndexSpec:
    """An overview of one kind (speakers, topics, projects, organisations, events) with counts."""

    kind: str
    line: int

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        """(page, name, number of talks, rows below it) of each one; events by date, each
        conference with the events co-located with it below it."""
        if self.kind == "event":

            def row(entry: Entry, below: tuple = ()) -> tuple:
                return (entry.docname, entry.item.name, len(domain.programme(entry.item.id)), below)  # type: ignore[union-attr]

            return tuple(
                row(top, tuple(row(child) for child in domain.co_located(top.item.id)))
                for top in colocated.top_level(domain.events)
            )
        found = sorted(domain.entities(self.kind).values(), key=lambda e: (e.name.casefold(), e.id))
        return tuple((e.pagename, e.name, len(e.talks), ()) for e in found)

    reaches = always
    problems = no_problems


@dataclass(frozen=True)
class RelatedSpec:
    """Other talks by the same speakers, then on the same topics, for the foot of a talk page
    (related.py ranks them)."""

    docname: str
    line: int = 0

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        return related.ranked(domain, self.docname)

    def reaches(self, domain: TalkDomain, docname: str, delta: Delta) -> bool:
        return related.reached(domain, self.docname, delta)

    problems = no_problems


@dataclass(frozen=True)
class SubscribeSpec:
    """An event page's "Subscribe" control: its feed, and its calendar once it has timed talks."""

    docname: str
    line: int = 0

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        entry = domain.entries.get(self.docname)
        if entry is None or not isinstance(entry.item, Event):
            return ()
        first = domain.events.get(entry.item.id)
        if first is None or first.docname != self.docname:
            return ()  # the second page of a duplicate id: check_consistency reports it
        return (domain.subscription("event", entry.item.id),)

    reaches = always

    problems = no_problems


@dataclass(frozen=True)
class MyTalksSpec:
    """The `{my-talks}` list: filled in the reader's browser from talks.json, so what the page
    shows depends on nothing in the Domain."""

    line: int

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        return ("my-talks",)

    reaches = own_page
    problems = no_problems


#: How many talks the sidebar block shows around the current one.
WINDOW = 12


@dataclass(frozen=True)
class NavSpec:
    """The neighbours and sidebar window of a talk page; part of the page's digest, no node."""

    docname: str
    line: int = 0

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        """(event page, name, more talks than shown?), the sidebar window, previous and next talk."""
        entry = domain.entries.get(self.docname)
        if entry is None:
            return ()
        if isinstance(entry.item, Talk):
            event, talks = domain.events.get(entry.item.event), domain.programme(entry.item.event)
        else:
            event, talks = entry, domain.programme(entry.item.id)
        where = domain.position(self.docname)
        lo = max(0, min(where - WINDOW // 2, len(talks) - WINDOW))
        window = tuple((e.docname, e.item.title) for e in talks[lo : lo + WINDOW])  # type: ignore[union-attr]
        prev = (talks[where - 1].docname, talks[where - 1].item.title) if where > 0 else None  # type: ignore[union-attr]
        nxt = (talks[where + 1].docname, talks[where + 1].item.title) if 0 <= where < len(talks) - 1 else None  # type: ignore[union-attr]
        # whether there are more talks than the window, not how many: a count would change every
        # talk page of the event whenever a talk is added or removed
        head = (event.docname, event.item.name, len(talks) > WINDOW) if event else None  # type: ignore[union-attr]
        return head, window, prev, nxt

    def reaches(self, domain: TalkDomain, docname: str, delta: Delta) -> bool:
        """Whether a changed talk is in (or left) this page's event's programme."""
        entry = domain.entries.get(self.docname)
        if entry is None:
            return False
        return (entry.item.event if isinstance(entry.item, Talk) else entry.item.id) in delta.events  # type: ignore[union-attr]

    problems = no_problems


@dataclass(frozen=True)
class PerformersSpec:
    """What a talk page's JSON-LD says of its speakers from their profiles (jsonld.py): part of the
    page's digest, so editing a profile's links rewrites the talk pages that name the person."""

    docname: str
    line: int = 0

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        return tuple(sorted(same_as(domain, domain.talk_of(self.docname)).items()))

    reaches = own_page  # profiles are not in a Delta
    problems = no_problems


def same_as(domain: TalkDomain, entry: Entry | None) -> dict[str, tuple[str, ...]]:
    """Speaker id -> their profile's links, for the speakers of a talk that have a profile."""
    talk = entry.item if entry is not None else None
    found = {}
    for speaker in getattr(talk, "speakers", ()):
        profile = domain.people.get(speaker.id)
        if profile is not None and profile.item.links:  # type: ignore[union-attr]
            found[speaker.id] = profile.item.links  # type: ignore[union-attr]
    return found


@dataclass(frozen=True)
class FilterSpec:
    """A filter's event facet names events and the conferences they are part of, which the cards
    of its grid do not all show: part of the page's digest, no node of its own."""

    line: int

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        return tuple((entry, domain.parent_of(entry.item)) for _, entry in sorted(domain.events.items()))  # type: ignore[arg-type]

    reaches = always
    problems = no_problems


@dataclass(frozen=True)
class SearchSpec:
    """A talk or event page's facets for search (core/search.py), which search.py writes into the
    page; part of the page's digest (an event renamed, or made part of another's week, changes its
    talks' pages), no node."""

    docname: str
    line: int = 0

    def inputs(self, domain: TalkDomain, docname: str) -> Facets:
        # a talk's speakers as their profiles name them; a profile page is its speaker page's
        entry = domain.talk_of(self.docname) or domain.entries.get(self.docname)
        if entry is None or isinstance(entry.item, Person):
            return ()
        if isinstance(entry.item, Talk):
            event = domain.event_of(entry.item)
            if event is None:
                return talk_facets(entry.item, None)
            conference = domain.parent_of(event.item)  # type: ignore[arg-type]
            return talk_facets(entry.item, event.item, conference.item if conference else None)  # type: ignore[arg-type]
        conference = domain.parent_of(entry.item)  # type: ignore[arg-type]
        return event_facets(entry.item, conference.item if conference else None)  # type: ignore[arg-type]

    reaches = own_page  # a talk's facets are its own; an event's, of events (not in a Delta)
    problems = no_problems
