"""One event of a schedule checked value by value and reduced to a ScheduledTalk. Both person
styles are read: pretalx's `name` (its `code` checked for type, then unused; its `biography` and
an http(s) `avatar` kept for a new profile page) and frab's `public_name`. Times: `date` with its
offset is the moment (a date-time without one is taken in the conference's zone; a deprecated
`start` that disagrees is noted); `duration` 'HH:MM' or 'H:MM:SS' (seconds rounded), else
`end`. Links and attachments become absolute http(s) URLs; others are noted and left out."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from .document import Values, http_url, kind_of
from .records import (
    MAX_MINUTES,
    MAX_NAME,
    MAX_ROOM,
    MAX_SPEAKERS,
    MAX_TITLE,
    MAX_TOPIC,
    Link,
    Person,
    ScheduledTalk,
    cut,
    one_line,
)
from .source import Path

_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$", re.ASCII)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$", re.ASCII)


def _moment(r: Values, event: dict, path: Path, zone: ZoneInfo) -> datetime | None:
    """The event's start, aware: `date` with its offset (a date-time without one is taken in the
    conference's zone); a deprecated `start` that disagrees with it is noted, `date` wins."""
    text = r.text(event, path, "date", required="when the talk starts, an ISO 8601 date-time")
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or len(text.strip()) <= 10:
        r.problem((*path, "date"), f"{text!r} is not a date and time; the format has e.g. 2024-05-02T14:30:00+02:00")
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    clock = r.text(event, path, "start").strip()
    if clock:
        match = _CLOCK.match(clock)
        if match is None:
            r.problem((*path, "start"), f"{clock!r} is not a time of day; the format has HH:MM, e.g. 09:30")
            return None
        local = moment.astimezone(zone)
        if (int(match[1]), int(match[2])) not in ((moment.hour, moment.minute), (local.hour, local.minute)):
            r.note((*path, "start"), f"{clock} disagrees with 'date' ({text.strip()}); the time in 'date' is used")
    return moment


def _minutes(r: Values, event: dict, path: Path, start: datetime | None) -> int | None:
    """The length in minutes from `duration` ('HH:MM' or 'H:MM:SS'), else from `end`."""
    if event.get("duration") is not None:
        value = r.get(event, path, "duration", str)
        if not isinstance(value, str):
            return None
        match = _DURATION.match(value.strip())
        if match is None:
            r.problem((*path, "duration"), f"{value!r} is not a duration; the format has HH:MM, e.g. 00:45")
            return None
        minutes = int(match[1]) * 60 + int(match[2]) + (1 if match[3] and int(match[3]) >= 30 else 0)
    elif event.get("end") is not None:
        value = r.get(event, path, "end", str)
        if not isinstance(value, str):
            return None
        try:
            end = datetime.fromisoformat(value.strip())
        except ValueError:
            r.problem((*path, "end"), f"{value!r} is not a date and time; the format has ISO 8601")
            return None
        if start is None:
            return None
        minutes = round((end.replace(tzinfo=end.tzinfo or start.tzinfo) - start) / timedelta(minutes=1))
        if minutes < 0:
            r.problem((*path, "end"), "is before 'date'; the talk must end after it starts")
            return None
    else:
        r.problem(path, "'duration' is missing; the import needs the talk's length (HH:MM, or an 'end')")
        return None
    if minutes > MAX_MINUTES:
        r.problem((*path, "duration"), f"is {minutes} minutes, longer than a day; a talk page holds up to 24:00")
        return None
    return minutes


def scheduled_talk(
    r: Values, event: dict, path: Path, room_key: str, zone: ZoneInfo, base_url: str
) -> ScheduledTalk | None:
    """One event, or None (with problems) when it cannot become a page."""
    before = len(r.found.problems)
    guid = one_line(r.text(event, path, "guid", required="re-imports find the talk's page by it"))
    if len(guid) > 100:
        r.problem((*path, "guid"), f"is {len(guid)} characters long; a guid has at most 100")
    title = one_line(r.text(event, path, "title", required="the talk page's title"))
    if len(title) > MAX_TITLE:
        r.note((*path, "title"), f"is {len(title)} characters long; cut to {MAX_TITLE}")
        title = cut(title, MAX_TITLE)
    subtitle = one_line(r.text(event, path, "subtitle"))
    kind = one_line(r.text(event, path, "type"))
    track = one_line(r.text(event, path, "track"))
    if len(track) > MAX_TOPIC:
        r.note((*path, "track"), f"is {len(track)} characters long; the topic is cut to {MAX_TOPIC}")
        track = cut(track, MAX_TOPIC)
    start = _moment(r, event, path, zone)
    minutes = _minutes(r, event, path, start)
    room = one_line(r.text(event, path, "room")) or one_line(room_key)
    if not room:
        r.problem((*path, "room"), "is empty, and so is the room it is listed under; name the room")
    elif len(room) > MAX_ROOM:
        r.note((*path, "room"), f"is {len(room)} characters long; cut to {MAX_ROOM}")
        room = cut(room, MAX_ROOM)
    slug = one_line(r.text(event, path, "slug"))
    abstract = r.text(event, path, "abstract")
    description = r.text(event, path, "description")
    persons = _persons(r, event, path)
    links = _links(r, event, path, base_url)
    if len(r.found.problems) > before or start is None or minutes is None:
        return None
    return ScheduledTalk(
        guid=guid,
        line=r.source.line(path),
        where=r.source.label(path),
        title=title,
        subtitle=subtitle,
        type=kind,
        track=track,
        start=start,
        minutes=minutes,
        room=room,
        slug=slug,
        abstract=abstract,
        description=description,
        persons=persons,
        links=links,
    )


def _persons(r: Values, event: dict, path: Path) -> tuple[Person, ...]:
    """Both person styles: pretalx's `name` (with `code`, `biography`), frab's `public_name`."""
    people = r.get(event, path, "persons", list)
    if not isinstance(people, list):
        return ()
    found: list[Person] = []
    seen: set[str] = set()
    for index, person in enumerate(people):
        person_path = (*path, "persons", index)
        if not isinstance(person, dict):
            r.problem(person_path, f"expected an object (a person), got {kind_of(person)}")
            continue
        r.get(person, person_path, "code", str)  # unused, but a wrong type is a broken file
        biography = r.text(person, person_path, "biography")
        avatar = r.text(person, person_path, "avatar").strip()
        if avatar and not http_url(avatar):
            r.note((*person_path, "avatar"), f"{avatar!r} is not an http(s) address; left out")
            avatar = ""
        key = "name" if person.get("name") not in (None, "") else "public_name"
        if key not in person:
            r.problem(person_path, "has neither 'name' (pretalx) nor 'public_name' (frab); give the speaker's name")
            continue
        name = one_line(r.text(person, person_path, key, required="the speaker's name"))
        if not name:
            continue
        if len(name) > MAX_NAME:
            r.note((*person_path, key), f"is {len(name)} characters long; cut to {MAX_NAME}")
            name = cut(name, MAX_NAME)
        affiliation = cut(one_line(r.text(person, person_path, "affiliation")), MAX_NAME)
        if name.casefold() in seen:
            r.note(person_path, f"{name!r} is listed twice on this talk; named once")
            continue
        if len(found) == MAX_SPEAKERS:
            r.note(person_path, f"a talk page lists at most {MAX_SPEAKERS} speakers; the rest are left out")
            break
        seen.add(name.casefold())
        found.append(Person(name, affiliation, biography, avatar))
    return tuple(found)


def _links(r: Values, event: dict, path: Path, base_url: str) -> tuple[Link, ...]:
    """Links, then attachments (type 'attachment' when they name none), as absolute http(s) URLs."""
    found: list[Link] = []
    for key in ("links", "attachments"):
        items = r.get(event, path, key, list)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            item_path = (*path, key, index)
            if not isinstance(item, dict):
                r.problem(item_path, f"expected an object with a 'url', got {kind_of(item)}")
                continue
            url = r.text(item, item_path, "url", required="where the link points")
            title = one_line(r.text(item, item_path, "title"))
            kind = one_line(r.text(item, item_path, "type")) or ("attachment" if key == "attachments" else "")
            if not url.strip():
                continue
            absolute = url.strip()
            if not urlsplit(absolute).scheme and base_url:
                absolute = urljoin(base_url, absolute)
            if not http_url(absolute):
                r.note((*item_path, "url"), f"{url.strip()!r} is not an http(s) address; left out")
                continue
            found.append(Link(absolute, title, kind))
    return tuple(found)
