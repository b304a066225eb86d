"""schedule.json: an event's timed talks in the frab/pretalx JSON schedule format, as described by
c3voc's schema (https://c3voc.de/schedule/schema.json), so schedule apps, recording pipelines
and video archives can import the programme.

Decisions, as the format leaves them open:

- One conference per file, so one file per event: ``schedules/<event-id>.json``. The root
  ``schedule.json`` holds the event with the most timed talks (a tie goes to the event that
  starts last, then to the smaller id), the usual case being a site about one event.
- Only talks with a start time and a known time zone are in it: the format gives every talk a
  start time (`start`, `date`) and a room in a day. A talk known by its day only is left out,
  rather than given an invented time (talks.json has its `date`, the calendars an all-day
  entry). An event with neither dates nor timed talks gets no file, as the format requires a
  first and last day.
- A talk `MAX_DAYS_AWAY` days or more from its event's days (a year typed wrong, reported at its
  start) is left out, so the file never lists every day of a century; an event page without
  both dates whose talks lie that far apart gets no file.
- Times are in the conference's zone: the event's, else the one most of its talks use, else
  UTC. A talk given in another zone (a remote talk) is shown at its moment in that zone.
- Talks without a room go to the room ``TBA``, listed last.
- ``guid`` is uuid5 of a fixed namespace and the talk id (persons: the speaker id; rooms: the
  event id and room name), so it never changes between builds; ``id`` is a number derived from
  the guid. ``acronym`` is the event id with ``_`` for ``-`` (c3voc's pattern has no inner ``-``).
- ``version`` is a digest of the schedule's content: it changes exactly when the programme does.
- URLs are absolute under ``html_baseurl`` when it is set (also given as ``base_url``), else
  relative to the site root.
- Co-located events (core/events.py) keep a file of their own, one conference per file as the
  format has it; the conference's ``meta`` (open in c3voc's schema) names the relation, with
  each other event's acronym, title and url: ``part_of`` in a co-located event's file,
  ``co_located`` (a list) in its conference's.
- Every document is also written as frab's XML (``schedule.xml``, ``schedules/<event-id>.xml``,
  frabxml.py), and each event's calendar as xCal (``schedules/<event-id>.xcs``, calendars.py).
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..core.model import MAX_DAYS_AWAY, Event, Talk, days_away, talk_window
from ..core.schema import MAX_EVENT_DAYS
from ..core.version import __version__
from ..sphinxext.outputs import Output
from .frabxml import schedule_xml
from .site import SiteData, code, dump, recording_url

if TYPE_CHECKING:
    from ..sphinxext.domain import TalkDomain
    from ..sphinxext.publish import Urls

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
ROOT_PATH = "schedule.json"
FOLDER = "schedules"
#: The room of talks that name none.
NO_ROOM = "TBA"
#: Fixed forever: every guid derives from it.
NAMESPACE = uuid.UUID("6f1c6a53-8d3e-5c1e-9a47-2c0b7d3e4f10")


#: The most days a schedule lists: the longest event and talks up to MAX_DAYS_AWAY either side.
MAX_SCHEDULE_DAYS = MAX_EVENT_DAYS + 2 * MAX_DAYS_AWAY


def guid(kind: str, ident: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{ident}")


def number(value: uuid.UUID, taken: set[int]) -> int:
    """A positive 31-bit id from a guid; the next free one should two guids collide."""
    found = value.int % (2**31 - 1) + 1
    while found in taken:
        found = found % (2**31 - 1) + 1
    taken.add(found)
    return found


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ValueError, KeyError, OSError):
        return None


def timed(domain: TalkDomain, event_id: str) -> list[tuple[Talk, datetime, datetime]]:
    """(talk, aware start, aware end) of an event's talks that have a moment, in programme order."""
    entry = domain.events.get(event_id)
    event: Event | None = entry.item if entry is not None else None  # type: ignore[assignment]
    found = []
    for talk_entry in domain.programme(event_id):
        talk: Talk = talk_entry.item  # type: ignore[assignment]
        window = talk_window(talk, event)
        if window is not None:
            found.append((talk, *window))
    return found


def conference_zone(event: Event, talks: list[tuple[Talk, datetime, datetime]]) -> tuple[str, ZoneInfo]:
    """The event's time zone, else the one most of its timed talks use (ties to the first name), else UTC."""
    if _zone(event.timezone) is not None:
        return event.timezone, ZoneInfo(event.timezone)
    counts = Counter(talk.timezone for talk, _, _ in talks if _zone(talk.timezone) is not None)
    if not counts:
        return "UTC", ZoneInfo("UTC")
    name = min(counts, key=lambda n: (-counts[n], n))
    return name, ZoneInfo(name)


def room_of(talk: Talk) -> str:
    return talk.room.strip() or NO_ROOM


def schedule_document(domain: TalkDomain, event_id: str, urls: Urls, language: str) -> dict[str, Any] | None:
    """The schedule of one event, or None when it has neither dates nor timed talks."""
    event_entry = domain.events[event_id]
    event: Event = event_entry.item  # type: ignore[assignment]
    talks = timed(domain, event_id)
    zone_name, zone = conference_zone(event, talks)
    local = [
        (talk, start.astimezone(zone), end.astimezone(zone))
        for talk, start, end in talks
        if days_away(talk, event) < MAX_DAYS_AWAY
    ]
    days = [d for d in (event.start, event.end) if d is not None] + [start.date() for _, start, _ in local]
    if not days or (max(days) - min(days)).days >= MAX_SCHEDULE_DAYS:  # only an event without both dates
        return None
    first, last = min(days), max(days)
    rooms = sorted({room_of(talk) for talk, _, _ in local}, key=lambda r: (r == NO_ROOM, r.casefold(), r))
    taken: set[int] = set()
    numbers = {talk.id: number(guid("talk", talk.id), taken) for talk, _, _ in sorted(local, key=lambda t: t[0].id)}
    conference: dict[str, Any] = {
        "acronym": acronym(event),
        "title": event.name,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "daysCount": (last - first).days + 1,
        "timeslot_duration": hhmm(timeslot(local)),
        "time_zone_name": zone_name,
        "url": urls.best(event_entry.docname),
        "rooms": [{"name": room, "guid": str(guid("room", f"{event.id}/{room}"))} for room in rooms],
        "days": [],
    }
    related = relations(domain, event, urls)
    if related:
        conference["meta"] = related
    for index in range(conference["daysCount"]):
        day = first + timedelta(days=index)
        on_day = [t for t in local if t[1].date() == day]
        conference["days"].append(
            {
                "index": index + 1,
                "date": day.isoformat(),
                "day_start": (min(s for _, s, _ in on_day) if on_day else _midnight(day, zone)).isoformat(),
                "day_end": (
                    max(e for _, _, e in on_day) if on_day else _midnight(day + timedelta(days=1), zone)
                ).isoformat(),
                "rooms": {
                    room: [
                        talk_event(domain, talk, start, end, numbers[talk.id], room, urls, language)
                        for talk, start, end in on_day
                        if room_of(talk) == room
                    ]
                    for room in rooms
                },
            }
        )
    schedule: dict[str, Any] = {"conference": conference}
    if urls.baseurl:
        schedule["base_url"] = urls.baseurl.rstrip("/") + "/"
    digest = hashlib.sha256(json.dumps(schedule, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    schedule["version"] = digest[:12]
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "talkdeck", "version": __version__},
        "schedule": schedule,
    }


def acronym(event: Event) -> str:
    """c3voc's pattern has no inner '-' and at least four characters."""
    return event.id.replace("-", "_").ljust(4, "_")


def relations(domain: TalkDomain, event: Event, urls: Urls) -> dict[str, Any]:
    """The conference a co-located event is part of, or the events co-located with one."""

    def named(entry: Any) -> dict[str, str]:
        return {"acronym": acronym(entry.item), "title": entry.item.name, "url": urls.best(entry.docname)}

    parent = domain.parent_of(event)
    if parent is not None:
        return {"part_of": named(parent)}
    children = domain.co_located(event.id)
    return {"co_located": [named(child) for child in children]} if children else {}


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone)


def timeslot(talks: list[tuple[Talk, datetime, datetime]]) -> int:
    """The largest step (up to an hour) that every start minute and duration is a multiple of."""
    step = 60
    for talk, start, _ in talks:
        step = math.gcd(step, start.minute, talk.duration)
    return step or 60


def talk_event(
    domain: TalkDomain,
    talk: Talk,
    start: datetime,
    end: datetime,
    ident: int,
    room: str,
    urls: Urls,
    language: str,
) -> dict[str, Any]:
    """One talk as a schedule event."""
    entry = domain.talks[talk.id]
    speakers = domain.entities("speaker")
    persons = []
    for speaker in talk.speakers:
        person: dict[str, Any] = {"name": speaker.name, "public_name": speaker.name}
        if speaker.id:
            person["guid"] = str(guid("speaker", speaker.id))
        if speaker.id in speakers:
            person["url"] = urls.best(speakers[speaker.id].pagename)
        persons.append(person)
    recordings = [recording_url(urls, r) for r in talk.recordings]
    named = [(url, "Video" if n == 0 else f"Video {n + 1}", "media") for n, url in enumerate(recordings)]
    links = [
        {"url": url, "title": title, "type": kind}
        for url, title, kind in (
            *named,
            (talk.slides, "Slides", "slides"),
            (talk.schedule_url, "In the conference's schedule", "related"),
        )
        if url.startswith(("https://", "http://"))
    ]
    return {
        "guid": str(guid("talk", talk.id)),
        "id": ident,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.isoformat(),
        "duration": hhmm(talk.duration),
        "room": room,
        "slug": f"{talk.event}-{talk.id}",
        "url": urls.best(entry.docname),
        "title": talk.title,
        "subtitle": "",
        "track": talk.topics[0] if talk.topics else None,
        "type": talk.format or "talk",
        "language": language,
        "abstract": talk.summary,
        "description": "",
        "persons": persons,
        "links": links,
        "attachments": [],
    }


def root_event(domain: TalkDomain, candidates: Iterable[str]) -> str | None:
    """The event of the root schedule.json: most timed talks, then the latest start, then id."""

    def rank(ident: str) -> tuple[int, int, str]:
        event: Event = domain.events[ident].item  # type: ignore[assignment]
        return (-len(timed(domain, ident)), -(event.start or date.min).toordinal(), ident)

    return min(candidates, key=rank, default=None)


def schedules(domain: TalkDomain, urls: Urls, language: str) -> dict[str, dict[str, Any]]:
    """Output path -> schedule document, for every event that can have one, and the root one."""
    documents = {ident: schedule_document(domain, ident, urls, language) for ident in sorted(domain.events)}
    found = {f"{FOLDER}/{ident}.json": document for ident, document in documents.items() if document is not None}
    root = root_event(domain, [ident for ident, document in documents.items() if document is not None])
    if root is not None:
        found[ROOT_PATH] = documents[root]  # type: ignore[assignment]
    return found


def outputs(site: SiteData) -> dict[str, Output]:
    """Every schedule file as one output: which events get a file, and which one is the root
    schedule.json, are only known once they are made."""

    def make() -> dict[str, bytes]:
        found = schedules(site.domain, site.urls, site.language)
        files = {path: dump(document).encode() for path, document in found.items()}
        # the same documents as frab's XML (frabxml.py): schedule.xml, schedules/<event-id>.xml
        files |= {path.removesuffix(".json") + ".xml": schedule_xml(document) for path, document in found.items()}
        return files

    return {FOLDER: Output(site.key(code("frab.py", "frabxml.py", "site.py"), site.language), make)}
