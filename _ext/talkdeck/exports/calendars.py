"""iCalendar files for "Add to calendar": one per timed talk and one per event with all its timed
talks, built with the `icalendar` library from the Domain's data at build-finished.

Every byte is derived from the data: the UID from the talk and event ids, DTSTAMP from
`site.export_timestamp` (SOURCE_DATE_EPOCH or the data's latest date, never the clock), and
the VTIMEZONE components from the time zone database, covering only the years the talks need.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent
from icalendar import __version__ as icalendar_version

from ..core.calendars import EVENTS_DIR, TALKS_DIR, calendar_talks, event_calendar, talk_calendar
from ..core.model import Entry, Event, Talk, talk_window
from ..sphinxext.domain import TalkDomain, get_domain
from ..sphinxext.publish import canonical_url, export_timestamp, publication, read_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Which talks and events have a calendar, and at which path, is core.calendars' decision; a
# file below its two folders that no talk or event needs any more is deleted.

PRODID = "-//talkdeck//talk calendars//EN"
#: Part of every calendar's digest: change it when the way calendars are made changes.
FORMAT = 1
#: Digest of each calendar file as last written, kept in the output folder.
MANIFEST = ".talkdeck-calendars.json"
#: Namespace of the calendars' own UIDs (RFC 7986): fixed, so they never change between builds.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "talkdeck:calendar")

# C0 controls other than tab and newline are not TEXT in RFC 5545; YAML's "\x01" can make them
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def window(talk: Talk, event: Event | None) -> tuple[datetime, datetime] | None:
    """The talk's aware start and end when it has a calendar."""
    return talk_window(talk, event) if talk_calendar(talk, event) is not None else None


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
    """One talk as a VEVENT; None for a talk without a start or a known time zone.

    A talk without a duration has no DTEND: RFC 5545 then has it end when it starts.
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


def calendar(name: str, key: str, events: Iterable[VEvent]) -> bytes:
    """A VCALENDAR holding `events`, with a VTIMEZONE for every zone they use."""
    events = list(events)
    cal = Calendar.new(
        prodid=PRODID,
        name=_text(name),
        calscale="GREGORIAN",
        uid=uuid.uuid5(NAMESPACE, key),
        subcomponents=events,
    )
    if events:
        # Calendar.add_missing_timezones walks a set, so with two zones its order would vary
        # between runs; add them sorted instead, over the years the talks need
        first = min(e.start.year for e in events)
        last = max(e.end.year for e in events)
        zones = [_zone(tzid, first, last) for tzid in sorted(cal.get_missing_tzids())]
        cal.subcomponents[:0] = zones
    return cal.to_ical()


def plan(
    domain: TalkDomain, stamp: datetime, url_of: Callable[[str], str]
) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """Every calendar file: path in the output folder -> (digest of everything it shows, how to
    make it). The digest lets a build skip files whose inputs did not change: rendering a
    thousand calendars costs seconds, comparing their digests nothing."""
    planned: dict[str, tuple[str, Callable[[], bytes]]] = {}
    for _, entry in sorted(domain.talks.items()):
        talk: Talk = entry.item  # type: ignore[assignment]
        event_entry = domain.event_of(talk)
        event: Event | None = event_entry.item if event_entry else None  # type: ignore[assignment]
        path = talk_calendar(talk, event)
        if path is None:
            continue
        url = url_of(entry.docname)

        def make(talk: Talk = talk, event: Event | None = event, url: str = url) -> bytes:
            return calendar(talk.title, f"talk/{talk.id}", [vevent(talk, event, stamp, url)])  # type: ignore[list-item]

        planned[path] = (_digest(talk, event, stamp, url), make)
    for event_id, event_entry in sorted(domain.events.items()):
        event = event_entry.item  # type: ignore[assignment]
        talks = [(e.item, url_of(e.docname)) for e in event_talks(domain, event_id)]
        if not talks:
            continue

        def make_event(event: Event = event, talks: list = talks) -> bytes:  # type: ignore[assignment]
            items = [vevent(talk, event, stamp, url) for talk, url in talks]
            return calendar(event.name, f"event/{event.id}", items)  # type: ignore[arg-type]

        planned[event_calendar(event)] = (_digest(event, talks, stamp), make_event)  # type: ignore[index]
    return planned


def _digest(*inputs: object) -> str:
    """The frozen records' reprs are stable, so this names a calendar's content exactly."""
    return hashlib.sha256(repr((FORMAT, icalendar_version, *inputs)).encode()).hexdigest()


@functools.lru_cache(maxsize=256)
def _zone(tzid: str, first: int, last: int) -> Timezone:
    """The VTIMEZONE of a zone over some years: the same for every talk of an event, so it is
    made once and shared (serialising it does not change it)."""
    return Timezone.from_tzid(tzid, first_date=date(first, 1, 1), last_date=date(last + 1, 1, 1))


def write_files(
    outdir: Path, files: dict[str, bytes], folders: Iterable[str], suffix: str, keep: set[str] | None = None
) -> None:
    """Write what changed (unchanged files keep their time stamps) and delete the files with
    `suffix` in `folders` that are no longer produced (not in `keep`, by default `files`), e.g.
    a talk that lost its start time."""
    wanted = set(files) if keep is None else keep
    for folder in folders:
        for old in sorted((outdir / folder).glob(f"*{suffix}")):
            if old.relative_to(outdir).as_posix() not in wanted:
                old.unlink()
    for relative, data in files.items():
        path = outdir / relative
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def write_calendars(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: recompute every calendar from the Domain, so -j and incremental builds
    write what a clean build writes."""
    if exception is not None or not publication(app.builder).calendars:
        return
    domain = get_domain(app.env)

    def url_of(docname: str) -> str:
        return canonical_url(app.builder, docname) if app.config.html_baseurl else ""

    outdir = Path(app.outdir)
    manifest = outdir / MANIFEST
    old = read_state(manifest)
    planned = plan(domain, export_timestamp(domain.entries.values()), url_of)
    files = {}
    for path, (digest, make) in planned.items():
        if old.get(path) == digest and (outdir / path).is_file():
            continue  # written by an earlier build from the same inputs
        files[path] = make()
    write_files(outdir, files, (TALKS_DIR, EVENTS_DIR), ".ics", keep=set(planned))
    manifest.write_text(json.dumps({p: d for p, (d, _) in planned.items()}, indent=0, sort_keys=True), encoding="utf-8")
