"""Checks that need every page at once: duplicate ids, unknown events, missing time zones,
co-located events (events.py), earlier paths (redirects.py); no Sphinx imports, so the build
and the command line report the same problems."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from . import entities, people
from . import events as colocated
from . import redirects as earlier
from .entities import KINDS, spelling_problems
from .model import MAX_DAYS_AWAY, Entry, Event, Person, Talk, days_away
from .problems import Problem, did_you_mean


def first_by_id(entries: Iterable[Entry], kind: type) -> dict[str, Entry]:
    """Id -> entry; when two pages claim an id, the one whose docname sorts first wins."""
    chosen: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.docname):
        if isinstance(entry.item, kind):
            chosen.setdefault(entry.item.id, entry)
    return chosen


def spellings(entries: Iterable[Entry]) -> dict[str, dict[str, str]]:
    """kind -> id -> the canonical spelling of every speaker, topic, project and organisation
    (entities.canonical_names' rule), so a new or imported page writes names as the site does."""
    entries = people.resolve(entries)
    talks, events = first_by_id(entries, Talk), first_by_id(entries, Event)
    return {kind: {i: e.name for i, e in entities.collect(kind, talks.values(), events).items()} for kind in KINDS}


def check_collection(
    entries: Iterable[Entry],
    redirects: Mapping[str, Sequence[tuple[str, int]]] | None = None,
    pages: Iterable[str] = (),
) -> list[tuple[str, Problem]]:
    """Every cross-page problem as (docname, problem), in a stable order; with `redirects`
    (docname -> earlier paths) and `pages` (every document), those of the earlier paths too."""
    entries = sorted(entries, key=lambda e: e.docname)
    talks = first_by_id(entries, Talk)
    events = first_by_id(entries, Event)
    owners = {"talk": talks, "event": events, "speaker": first_by_id(entries, Person)}
    found: list[tuple[str, Problem]] = []
    for entry in entries:
        item = entry.item
        kind = "talk" if isinstance(item, Talk) else "speaker" if isinstance(item, Person) else "event"
        owner = owners[kind][item.id]
        if owner.docname != entry.docname:
            found.append(
                (
                    entry.docname,
                    Problem(
                        entry.line(f"{kind}.id"),
                        f"{kind}.id",
                        f"{kind} id {item.id!r} is already used by {owner.docname}; give this page its own 'id:' or rename the file",
                        "duplicate",
                    ),
                )
            )
        if not isinstance(item, Talk):
            continue
        event = events.get(item.event)
        if item.event and event is None:
            known = ", ".join(sorted(events)) or "none yet"
            found.append(
                (
                    entry.docname,
                    Problem(
                        entry.line("talk.event"),
                        "talk.event",
                        f"unknown event {item.event!r}{did_you_mean(item.event, events)} (known: {known}); use the id of an event page",
                        "reference",
                    ),
                )
            )
        away = days_away(item, event.item) if event is not None else 0  # type: ignore[arg-type]
        if away >= MAX_DAYS_AWAY:
            ev: Event = event.item  # type: ignore[union-attr, assignment]
            found.append(
                (
                    entry.docname,
                    Problem(
                        entry.line("talk.start"),
                        "talk.start",
                        f"is {away} days from its event's days ({ev.start} to {ev.end}); check the year "
                        "(the event's schedule leaves the talk out until then)",
                        "frontmatter",
                    ),
                )
            )
        if item.start is not None and not item.timezone and not (event and event.item.timezone):  # type: ignore[union-attr]
            found.append(
                (
                    entry.docname,
                    Problem(
                        entry.line("talk.start"),
                        "talk.start",
                        "has no time zone; add 'timezone:' to the talk or to its event",
                        "frontmatter",
                    ),
                )
            )
    found += colocated.problems(entries, events)
    found += people.problems(entries)
    # from here on, a talk's speakers with a profile go by the profile's id and name
    entries = people.resolve(entries)
    if redirects is not None:
        found += earlier.plan(redirects, {*pages, *earlier.generated_pages(entries)})[1]
    talk_entries = [e for e in entries if isinstance(e.item, Talk)]
    for kind in KINDS:
        for variant in spelling_problems(kind, talk_entries, events):
            on_pages = f"{variant.count} page{'s' * (variant.count != 1)}"
            found.append(
                (
                    variant.entry.docname,
                    Problem(
                        variant.entry.line(variant.field),
                        variant.field,
                        f"{kind} {variant.written!r} is written {variant.canonical!r} on {on_pages} "
                        f"(e.g. {variant.example}); write {variant.canonical!r} here too",
                        "reference",
                    ),
                )
            )
    return found
