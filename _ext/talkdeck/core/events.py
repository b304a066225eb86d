"""Events within events: an event co-located with a conference (`part_of`, e.g. ServiceMeshCon
during the KubeCon week) belongs to that conference; no Sphinx imports.

One level only: the parent must be an event of its own, never co-located itself. That keeps
"the week" of a conference one parent and its children, rules out cycles (an event that names
itself, or two that name each other, have no valid parent), and is what conferences do. An
event whose `part_of` is wrong is reported (cross-page, `problems`) and shown as an event of its
own until it is fixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Entry, Event
from .problems import Problem, did_you_mean


def parent_of(event: Event, events: Mapping[str, Entry]) -> Entry | None:
    """The event this one is co-located with, or None: it names none, or one that does not
    exist, itself, or an event that is co-located in turn."""
    if not event.part_of or event.part_of == event.id:
        return None
    parent = events.get(event.part_of)
    if parent is None or parent.item.part_of:  # type: ignore[union-attr]
        return None
    return parent


def _order(entry: Entry) -> tuple:
    event: Event = entry.item  # type: ignore[assignment]
    return (event.start is None, event.start or "", event.name.casefold(), event.id)


def co_located(event_id: str, events: Mapping[str, Entry]) -> list[Entry]:
    """The events co-located with one event, by first day, then name."""
    found = [
        e
        for e in events.values()
        if e.item.part_of == event_id and parent_of(e.item, events) is not None  # type: ignore[union-attr, arg-type]
    ]
    return sorted(found, key=_order)


def top_level(events: Mapping[str, Entry]) -> list[Entry]:
    """The events of their own (conferences), by first day, then name: every event without a
    valid parent."""
    return sorted((e for e in events.values() if parent_of(e.item, events) is None), key=_order)  # type: ignore[arg-type]


def week(event_id: str, events: Mapping[str, Entry]) -> tuple[str, ...]:
    """An event's id and those of the events co-located with it: the talks of its week."""
    return (event_id, *(e.item.id for e in co_located(event_id, events)))


def problems(entries: Iterable[Entry], events: Mapping[str, Entry]) -> list[tuple[str, Problem]]:
    """What is wrong with each event's `part_of`: an unknown event, itself, a parent that is
    co-located itself, and days outside the parent's (each at its field's line)."""
    found: list[tuple[str, Problem]] = []
    for entry in entries:
        event = entry.item
        if not isinstance(event, Event) or not event.part_of or events.get(event.id) is not entry:
            continue

        def report(field: str, message: str, subtype: str = "reference", entry: Entry = entry) -> None:
            found.append((entry.docname, Problem(entry.line(f"event.{field}"), f"event.{field}", message, subtype)))

        parent = events.get(event.part_of)
        if event.part_of == event.id:
            report("part_of", "an event cannot be part of itself; name the conference it is co-located with")
        elif parent is None:
            others = sorted(set(events) - {event.id})
            known = ", ".join(others) or "none yet"
            report(
                "part_of",
                f"unknown event {event.part_of!r}{did_you_mean(event.part_of, others)} (known: {known}); "
                "use the id of an event page",
            )
        elif parent.item.part_of:  # type: ignore[union-attr]
            grand = parent.item.part_of  # type: ignore[union-attr]
            report(
                "part_of",
                f"{event.part_of!r} is co-located itself (part of {grand!r}); an event belongs to an event of its "
                f"own, one level only: name {grand!r} or another conference",
            )
        else:
            outer: Event = parent.item  # type: ignore[assignment]
            if event.start and outer.start and event.start < outer.start:
                report(
                    "start",
                    f"{event.start.isoformat()} is before the first day of {outer.id!r} ({outer.start.isoformat()}), "
                    "which this event is part of; a co-located event's days lie within its conference's",
                    "frontmatter",
                )
            if event.end and outer.end and event.end > outer.end:
                report(
                    "end",
                    f"{event.end.isoformat()} is after the last day of {outer.id!r} ({outer.end.isoformat()}), "
                    "which this event is part of; a co-located event's days lie within its conference's",
                    "frontmatter",
                )
    return found
