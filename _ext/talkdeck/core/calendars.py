"""Which talks and events have an iCalendar file, and where it is in the output folder: the one
decision that the cards ("Add to calendar") and the calendar export both call. A talk with a
start time is an entry at that time; a talk known by its day only is an all-day entry."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Entry, Event, Talk, slugify, talk_window

#: Where the calendars go in the output folder: calendar/<folder>/<id>.ics, the folder of talks,
#: events or a kind of entity (core.subscriptions).
CALENDARS_DIR = "calendar"
TALKS_DIR = f"{CALENDARS_DIR}/talks"
EVENTS_DIR = f"{CALENDARS_DIR}/events"


def _safe(ident: str) -> bool:
    """Ids are slugs by the schema; anything else never becomes a file name."""
    return bool(ident) and slugify(ident) == ident


def talk_calendar(talk: Talk, event: Event | None) -> str | None:
    """The path of a talk's calendar, or None: a talk has one when it has a start and a known
    time zone (its own or its event's), or a day without a time (an all-day entry, which
    needs no zone)."""
    all_day = talk.start is None and talk.day is not None
    if not _safe(talk.id) or not (all_day or talk_window(talk, event) is not None):
        return None
    return f"{TALKS_DIR}/{talk.id}.ics"


def event_calendar(event: Event) -> str | None:
    """The path of an event's calendar; it exists when `calendar_talks` finds any."""
    return page_calendar("events", event.id)


def page_calendar(folder: str, ident: str) -> str | None:
    """The path of the calendar of an event's or entity's page (`folder` names the kind)."""
    return f"{CALENDARS_DIR}/{folder}/{ident}.ics" if _safe(ident) else None


def calendar_talks(event: Event, programme: Iterable[Entry]) -> list[Entry]:
    """The talks an event's calendar holds: those of its `programme` (the event's talks, in
    order) that have a calendar of their own; none when the event cannot have one."""
    if event_calendar(event) is None:
        return []
    return [e for e in programme if talk_calendar(e.item, event) is not None]  # type: ignore[arg-type]
