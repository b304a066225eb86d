"""iCalendar files for "Add to calendar" and "Subscribe": one per timed talk, one per event with
all its timed talks and one per speaker, topic, project and organisation with timed talks
(core.subscriptions says which), built with the `icalendar` library from the Domain's data
(written by `writer.py`).

Every byte is derived from the data: the UID from the talk and event ids, DTSTAMP from
`publish.export_timestamp` (SOURCE_DATE_EPOCH or the data's latest date, never the clock), and
the VTIMEZONE components from the time zone database, covering only the years the talks need.
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent
from icalendar import __version__ as icalendar_version

from ..core.calendars import calendar_talks, event_calendar, talk_calendar
from ..core.model import Entry, Event, Talk, start_key, talk_window
from ..core.subscriptions import calendar_path
from ..sphinxext.outputs import Output
from .site import code
from .xcal import to_xcal

if TYPE_CHECKING:
    from ..sphinxext.domain import TalkDomain
    from .site import SiteData

# Which talks and events have a calendar, and at which path, is core.calendars' decision; a
# file below its two folders that no talk or event needs any more is deleted.

PRODID = "-//talkdeck//talk calendars//EN"
#: Part of every calendar's digest: change it when the way calendars are made changes.
FORMAT = 1
#: Namespace of the calendars' own UIDs (RFC 7986): fixed, so they never change between builds.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "talkdeck:calendar")

# C0 controls other than tab and newline are not TEXT in RFC 5545; YAML's "\x01" can make them
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def window(talk: Talk, event: Event | None) -> tuple[date, date] | None:
    """The talk's aware start and end when it has a calendar; for a talk known by its day only,
    that day and the next (an all-day entry: DTSTART and DTEND with VALUE=DATE)."""
    if talk_calendar(talk, event) is None:
        return None
    if talk.start is None and talk.day is not None:
        return talk.day, talk.day + timedelta(days=1)
    return talk_window(talk, event)


def event_talks(domain: TalkDomain, event_id: str) -> list[Entry]:
    """The talks of one event's calendar, in programme order; none when the event does not exist."""
    event = domain.events.get(event_id)
    if event is None:
        return []
    return calendar_talks(event.item, domain.programme(event_id))  # type: ignore[arg-type]


def _text(value: str) -> str:
    return _CONTROL.sub("", value)


def uid(talk: Talk) -> str:
    """Stable per talk and unique across talks (ids are unique); the event keeps it apart from
    the same talk id on another talkdeck site."""
    return f"{talk.id}@{talk.event}.talkdeck" if talk.event else f"{talk.id}@talkdeck"


def vevent(talk: Talk, event: Event | None, stamp: datetime, url: str) -> VEvent | None:
    """One talk as a VEVENT; None for a talk without a calendar (core.calendars decides).

    A timed talk without a duration has no DTEND: RFC 5545 then has it end when it starts. A
    talk known by its day only is an all-day entry, its DTSTART and DTEND dates (VALUE=DATE).
    """
    found = window(talk, event)
    if found is None:
        return None
    start, end = found
    speakers = ", ".join(f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in talk.speakers if s.name)
    description = "\n\n".join(p for p in (talk.summary, f"Speakers: {speakers}" if speakers else "") if p)
    location = ", ".join(p for p in (talk.room, event.place if event else "") if p)
    return VEvent.new(
        uid=uid(talk),
        stamp=stamp,
        start=start,
        end=end if end != start else None,
        summary=_text(talk.title),
        description=_text(description) or None,
        location=_text(location) or None,
        url=url or None,
        categories=[_text(t) for t in talk.topics],
    )


#: A talk's VEVENT as calendars hold it: its bytes, the zones it names (TZIDs), and the first and
#: last year it touches (for the VTIMEZONEs). Plain data, so the Domain keeps it between builds.
Part = tuple[bytes, tuple[str, ...], int, int]


def part(event: VEvent) -> Part:
    """One VEVENT serialised, with what a calendar's head needs to know of it."""
    return event.to_ical(), _zones(event), event.start.year, (event.end or event.start).year


def _zones(event: VEvent) -> tuple[str, ...]:
    return tuple(sorted(Calendar.new(subcomponents=[event]).get_missing_tzids()))


def calendar(name: str, key: str, events: Iterable[VEvent]) -> bytes:
    """A VCALENDAR holding `events`, with a VTIMEZONE for every zone they use."""
    return assemble(name, key, [part(e) for e in events])


def assemble(name: str, key: str, parts: Sequence[Part]) -> bytes:
    """The calendar of VEVENTs already serialised: its head and zones as icalendar writes them,
    then the events' own bytes, then its end. A component's lines are its properties and then
    each subcomponent's lines, so these are the bytes `Calendar.to_ical` writes for the whole
    (tests/test_calendars.py compares them), and a talk in many calendars, or unchanged since the
    last build, is serialised once; so is each VTIMEZONE (`_zone_bytes`)."""
    cal = Calendar.new(prodid=PRODID, name=_text(name), calscale="GREGORIAN", uid=uuid.uuid5(NAMESPACE, key))
    zones = b""
    if parts:
        # Calendar.add_missing_timezones walks a set, so with two zones its order would vary
        # between runs; add them sorted instead, over the years the talks need
        first, last = min(p[2] for p in parts), max(p[3] for p in parts)
        zones = b"".join(_zone_bytes(tzid, first, last) for tzid in sorted({z for p in parts for z in p[1]}))
    head = cal.to_ical()
    return head[: -len(_END)] + zones + b"".join(p[0] for p in parts) + _END


_END = b"END:VCALENDAR\r\n"


def calendar_object(name: str, key: str, events: Iterable[VEvent]) -> Calendar:
    """The calendar `calendar` writes, as one object (the event's xCal file is made from it)."""
    events = list(events)
    cal = Calendar.new(prodid=PRODID, name=_text(name), calscale="GREGORIAN", uid=uuid.uuid5(NAMESPACE, key))
    if events:
        first = min(e.start.year for e in events)
        last = max((e.end or e.start).year for e in events)
        cal.subcomponents[:] = [_zone(tzid, first, last) for tzid in sorted({z for e in events for z in _zones(e)})]
    cal.subcomponents.extend(events)
    return cal


def _talks(site: SiteData, skipped: Container[str] = ()) -> Iterator[tuple[Entry, Event | None, str, str]]:
    """Every talk with a calendar, but those on the pages `skipped`: (entry, its event, its
    page's URL, the digest of its VEVENT)."""
    domain, stamp, url_of = site.domain, site.generated, site.urls.canonical
    made_by = code("calendars.py")
    for _, entry in sorted(domain.talks.items()):
        if entry.docname in skipped:
            continue
        event_entry = domain.event_of(entry.item)  # type: ignore[arg-type]
        event: Event | None = event_entry.item if event_entry else None  # type: ignore[assignment]
        if domain.calendar_of(entry) is None:
            continue
        url = url_of(entry.docname)
        yield entry, event, url, _digest(made_by, entry.item, event, stamp, url)


#: Applies a function to every item, in order (`map`, or sphinxext.forked.in_order under -j).
Mapper = Callable[[Callable[[Any], Part], Sequence[Any]], Iterable[Part]]


def keep_parts(site: SiteData, make_all: Mapper = map) -> None:
    """After reading (env-updated, before Sphinx pickles the environment): every timed talk's
    VEVENT serialised, kept in the Domain with the digest of what it shows. A talk unchanged since
    the last build keeps its bytes, so an edit serialises again only the talks it changed, however
    many calendars (its own, its event's, its speakers', topics' ...) hold them. `make_all`
    serialises the others (in forked processes under -j: a clean build has thousands)."""
    kept = site.domain.data["vevents"]
    # a talk a Delta does not reach keeps its VEVENT as it is
    fresh = {d: value for d, value in kept.items() if d not in site.delta.docnames} if site.delta else {}
    talks = list(_talks(site, fresh))
    stale = [talk for talk in talks if kept.get(talk[0].docname, ("",))[0] != talk[3]]

    def serialise(talk: tuple[Entry, Event | None, str, str]) -> Part:
        entry, event, url, _ = talk
        return part(vevent(entry.item, event, site.generated, url))  # type: ignore[arg-type]

    made = {talk[0].docname: (talk[3], found) for talk, found in zip(stale, make_all(serialise, stale), strict=True)}
    fresh |= {entry.docname: made.get(entry.docname) or kept[entry.docname] for entry, _, _, _ in talks}
    kept.clear()
    kept.update(fresh)


def outputs(site: SiteData) -> dict[str, Output]:
    """Every calendar file, each an output of its own: the digest of everything it shows, and
    how to make it. Rendering a thousand calendars costs seconds, comparing their digests
    nothing, so a build remakes only those whose talks changed. A talk's VEVENT is made and
    serialised once per build however many calendars (its own, its event's, its speakers' ...)
    hold it."""
    domain, stamp, url_of = site.domain, site.generated, site.urls.canonical
    made_by = code("calendars.py")
    timed = {entry.docname: (entry, event, url, key) for entry, event, url, key in _talks(site)}
    kept: dict[str, tuple[str, Part]] = domain.data["vevents"]
    made: dict[str, VEvent] = {}
    parts: dict[str, Part] = {}

    def item(entry: Entry) -> VEvent:
        if entry.docname not in made:
            _, event, url, _ = timed[entry.docname]
            made[entry.docname] = vevent(entry.item, event, stamp, url)  # type: ignore[arg-type, assignment]
        return made[entry.docname]

    def part_of(entry: Entry) -> Part:
        """The talk's VEVENT as the Domain kept it after reading, or made now (another builder's
        URLs, or a build that read nothing)."""
        if entry.docname not in parts:
            old = kept.get(entry.docname)
            key = timed[entry.docname][3]
            parts[entry.docname] = old[1] if old is not None and old[0] == key else part(item(entry))
        return parts[entry.docname]

    found: dict[str, Output] = {}
    for _, (entry, _, _, key) in sorted(timed.items()):
        talk: Talk = entry.item  # type: ignore[assignment]
        path = domain.calendar_of(entry)

        def make(path: str = path, talk: Talk = talk, entry: Entry = entry) -> dict[str, bytes]:  # type: ignore[assignment]
            return {path: assemble(talk.title, f"talk/{talk.id}", [part_of(entry)])}

        found[path] = Output(key, make)  # type: ignore[index]
    for event_id, event_entry in sorted(domain.events.items()):
        event = event_entry.item  # type: ignore[assignment]
        entries = event_talks(domain, event_id)
        talks = [(e.item, url_of(e.docname)) for e in entries]
        path = event_calendar(event)  # type: ignore[arg-type]
        if not talks or path is None:
            continue

        def make_event(path: str = path, event: Event = event, entries: list[Entry] = entries) -> dict[str, bytes]:  # type: ignore[assignment]
            key = f"event/{event.id}"
            # the same calendar as xCal (RFC 6321), next to the event's schedules
            xcal = to_xcal(calendar_object(event.name, key, [item(e) for e in entries]))
            return {path: assemble(event.name, key, [part_of(e) for e in entries]), xcal_path(event): xcal}

        found[path] = Output(_digest(made_by, code("xcal.py"), event, talks, stamp), make_event)

    def entity_entries(kind: str, ident: str) -> list[Entry]:
        entries = [e for e in domain.talks_of(kind, ident) if domain.calendar_of(e) is not None]
        entries.sort(key=lambda e: _when(domain, e))
        return entries

    def make_entity(kind: str, ident: str) -> dict[str, bytes]:
        sub = domain.subscription(kind, ident)
        if sub is None or sub.calendar is None:  # never planned so
            return {}
        parts = [part_of(e) for e in entity_entries(kind, ident)]
        return {sub.calendar: assemble(sub.full_title(site.project), f"{kind}/{ident}", parts)}

    for kind, ident in site.subscribable():
        if kind == "event":
            continue  # an event's calendar is the one above
        path = calendar_path(kind, ident)
        before = site.kept(path, kind, ident)
        if before is not None:  # none of its talks changed: worked out only if made
            found[path] = Output(before, functools.partial(make_entity, kind, ident))
            continue
        sub = domain.subscription(kind, ident)
        if sub is None or sub.calendar is None:
            continue
        shown = [(e, domain.event_of(e.item), url_of(e.docname)) for e in entity_entries(kind, ident)]  # type: ignore[arg-type]
        name = sub.full_title(site.project)
        found[sub.calendar] = Output(
            site.key_of(made_by, FORMAT, icalendar_version, name, shown), functools.partial(make_entity, kind, ident)
        )
    return found


def xcal_path(event: Event) -> str:
    """The event's calendar as xCal: with its schedules in the frab formats."""
    return f"schedules/{event.id}.xcs"


def _when(domain: TalkDomain, entry: Entry) -> tuple:
    """Programme order across events: the start in UTC, then the talk's id."""
    talk: Talk = entry.item  # type: ignore[assignment]
    event_entry = domain.event_of(talk)
    return (*start_key(talk, event_entry.item if event_entry else None), talk.id)  # type: ignore[arg-type]


def _digest(*inputs: object) -> str:
    """The frozen records' reprs are stable, so this names a calendar's content exactly."""
    return hashlib.sha256(repr((FORMAT, icalendar_version, *inputs)).encode()).hexdigest()


@functools.lru_cache(maxsize=256)
def _zone_bytes(tzid: str, first: int, last: int) -> bytes:
    """A VTIMEZONE as a calendar holds it, serialised once for every calendar that needs it."""
    return _zone(tzid, first, last).to_ical()


@functools.lru_cache(maxsize=256)
def _zone(tzid: str, first: int, last: int) -> Timezone:
    """The VTIMEZONE of a zone over some years: the same for every talk of an event, so it is
    made once and shared (serialising it does not change it)."""
    return Timezone.from_tzid(tzid, first_date=date(first, 1, 1), last_date=date(last + 1, 1, 1))
