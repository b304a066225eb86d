"""Reading a frab / pretalx schedule: the document (JSON or XML, read by import_json /
import_xml into the same shape) checked value by value, every problem with its line and place,
and reduced to a Conference and its ScheduledTalks. Both person styles are read: pretalx's
`name` (its `code`, `avatar` and `biography` are checked for type, then unused: the site has no
place for them) and frab's `public_name`. Times: `date` with its offset is the moment (a
date-time without one is taken in the conference's zone; a deprecated `start` that disagrees is
noted); `duration` 'HH:MM' or 'H:MM:SS' (seconds rounded), else `end`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from .source import Path, ReadError, Source

MISSING: Any = object()

#: Largest schedule file read: a big conference's schedule.json is a few megabytes.
MAX_BYTES = 64 * 1024 * 1024
#: Front-matter limits (schema.py): longer values are cut, with a note.
MAX_TITLE, MAX_NAME, MAX_ROOM, MAX_TOPIC, MAX_SUMMARY, MAX_SPEAKERS = 300, 120, 120, 60, 200, 30
MAX_MINUTES = 24 * 60

_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$", re.ASCII)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$", re.ASCII)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


@dataclass(frozen=True)
class Issue:
    """A problem (nothing is written) or a note (imported anyway) at a place in the file."""

    line: int
    where: str
    message: str

    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str = ""


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    type: str


@dataclass(frozen=True)
class ScheduledTalk:
    """One schedule event, checked and reduced to what a talk page can hold."""

    guid: str
    line: int
    where: str
    title: str
    subtitle: str
    type: str
    track: str
    start: datetime  # aware
    minutes: int
    room: str
    slug: str
    abstract: str
    description: str
    persons: tuple[Person, ...]
    links: tuple[Link, ...]

    def digest(self) -> str:
        """A fingerprint of the text the body was written from, to tell when the schedule's changes."""
        text = f"{self.abstract.strip()}\n\n{self.description.strip()}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Conference:
    title: str
    acronym: str
    start: date | None
    end: date | None
    timezone: str
    url: str
    base_url: str


@dataclass
class Schedule:
    """A read schedule: the conference, its talks in time order, and what was found on the way."""

    conference: Conference | None = None
    talks: list[ScheduledTalk] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    skipped_guids: set[str] = field(default_factory=set)
    problems: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM allowed), or ReadError at the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ReadError(line, f"is not UTF-8 (byte 0x{raw[err.start]:02x}); save the schedule as UTF-8") from None


def read_source(raw: bytes) -> Source:
    """The schedule in `raw`, JSON or XML (told apart by the first character, not the name)."""
    from .json_reader import read_json
    from .xml_reader import read_xml

    if len(raw) > MAX_BYTES:
        raise ReadError(1, f"is larger than {MAX_BYTES // (1024 * 1024)} MiB; that is not a schedule")
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return read_xml(raw)
    if not head:
        raise ReadError(1, "is empty; export the schedule as schedule.json or schedule.xml")
    return read_json(decode(raw))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


class _Reader:
    """Typed access to the schedule's values; every problem is kept with its place."""

    def __init__(self, source: Source, found: Schedule) -> None:
        self.source = source
        self.found = found

    def issue(self, path: Path, message: str) -> Issue:
        return Issue(self.source.line(path), self.source.label(path), message)

    def problem(self, path: Path, message: str) -> None:
        self.found.problems.append(self.issue(path, message))

    def note(self, path: Path, message: str) -> None:
        self.found.notes.append(self.issue(path, message))

    def get(self, mapping: dict, path: Path, key: str, kind: type, *, required: str = "") -> Any:
        """`mapping[key]` when it has the `kind` (text also for XML's numbers), None when null or
        absent and optional; MISSING, with a problem, otherwise. `required` says what it is for."""
        if key not in mapping or mapping[key] is None:
            if required:
                where = path if key not in mapping else (*path, key)
                self.problem(where, f"'{key}' is missing; the import needs it ({required})")
                return MISSING
            return None
        value = mapping[key]
        if kind is int and isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            wanted = {str: "text", int: "a whole number", list: "a list", dict: "an object"}[kind]
            self.problem((*path, key), f"expected {wanted}, got {_kind(value)}")
            return MISSING
        return value

    def text(self, mapping: dict, path: Path, key: str, *, required: str = "") -> str:
        value = self.get(mapping, path, key, str, required=required)
        if isinstance(value, str) and required and not one_line(value):
            self.problem((*path, key), f"is empty; the import needs it ({required})")
            return ""
        return value if isinstance(value, str) else ""


def one_line(text: str) -> str:
    """Text as one line: invisible characters dropped, runs of white space made one space."""
    return " ".join(_CONTROL.sub("", text).split())


def cut(text: str, limit: int) -> str:
    """`text` cut at a word so that it fits `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-") + "…"


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ValueError, KeyError, OSError):
        return None


def _day(text: str) -> date | None:
    """A conference day: 'YYYY-MM-DD' or a date-time whose date counts."""
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        return None


def read_schedule(source: Source, event_zone: str = "") -> Schedule:
    """Check a read schedule and reduce it to a Conference and ScheduledTalks; `event_zone`
    (the event page's zone, when the site has the event) stands in for a missing time zone."""
    found = Schedule()
    r = _Reader(source, found)
    for path, message in source.problems:
        r.problem(path, message)
    root = source.data
    if not isinstance(root, dict):
        r.problem((), f"expected an object with a 'schedule' key, got {_kind(root)}")
        return found
    top = ("schedule",)
    schedule = r.get(root, (), "schedule", dict, required="the schedule itself")
    if not isinstance(schedule, dict):
        return found
    path = (*top, "conference")
    conference = r.get(schedule, top, "conference", dict, required="the conference and its days")
    if not isinstance(conference, dict):
        return found
    found.conference = _conference(r, schedule, conference, path, event_zone)
    days = r.get(conference, path, "days", list, required="the days, with rooms and talks")
    if not isinstance(days, list):
        return found
    zone = _zone(found.conference.timezone) or ZoneInfo("UTC")
    seen: dict[str, Issue] = {}
    for index, day in enumerate(days):
        day_path = (*path, "days", index)
        if not isinstance(day, dict):
            r.problem(day_path, f"expected an object (a day), got {_kind(day)}")
            continue
        rooms = r.get(day, day_path, "rooms", dict, required="the day's rooms and their talks")
        if not isinstance(rooms, dict):
            continue
        for room, events in rooms.items():
            room_path = (*day_path, "rooms", room)
            if not isinstance(events, list):
                r.problem(room_path, f"expected a list of talks, got {_kind(events)}")
                continue
            for position, event in enumerate(events):
                event_path = (*room_path, position)
                if not isinstance(event, dict):
                    r.problem(event_path, f"expected an object (a talk), got {_kind(event)}")
                    continue
                guid = event.get("guid")
                if isinstance(guid, str) and guid.strip():
                    first = seen.setdefault(one_line(guid), r.issue(event_path, ""))
                    if first.where != r.source.label(event_path):
                        r.problem(
                            (*event_path, "guid"), f"{guid!r} is also the guid of {first.where} (line {first.line})"
                        )
                        continue
                talk = _talk(r, event, event_path, room, zone, found.conference.base_url)
                if talk is None:
                    continue
                if talk.persons:
                    found.talks.append(talk)
                else:
                    found.skipped_guids.add(talk.guid)
                    found.skipped.append(
                        r.issue(
                            event_path, f"{talk.title!r} has no persons; not imported (a talk page needs a speaker)"
                        )
                    )
    found.talks.sort(key=lambda t: (t.start, t.room, t.guid))
    found.problems.sort(key=lambda issue: issue.line)
    if found.conference.start is None or found.conference.end is None:
        days_found = [t.start.astimezone(zone).date() for t in found.talks]
        days_found += [d for d in (_day(x.get("date", "")) for x in days if isinstance(x, dict)) if d]
        if days_found:
            found.conference = _with_days(found.conference, min(days_found), max(days_found))
        else:
            r.problem(path, "has no 'start' and 'end' and no dated talks; the event page needs its dates")
    return found


def _with_days(conference: Conference, first: date, last: date) -> Conference:
    return Conference(
        conference.title,
        conference.acronym,
        conference.start or first,
        conference.end or last,
        conference.timezone,
        conference.url,
        conference.base_url,
    )


def _conference(r: _Reader, schedule: dict, conference: dict, path: Path, event_zone: str) -> Conference:
    """The conference; with problems recorded, the rest is still read, so all are reported at once."""
    title = r.text(conference, path, "title", required="the event page's name")
    acronym = r.text(conference, path, "acronym")
    days: list[date | None] = []
    for key in ("start", "end"):
        text = r.text(conference, path, key)
        day = _day(text.strip()) if text else None
        if text and day is None:
            r.problem((*path, key), f"{text!r} is not a date; the format has YYYY-MM-DD or an ISO 8601 date-time")
        days.append(day)
    if days[0] and days[1] and days[1] < days[0]:
        r.problem((*path, "end"), f"{days[1].isoformat()} is before the start, {days[0].isoformat()}")
    zone = r.text(conference, path, "time_zone_name").strip()
    if zone and _zone(zone) is None:
        r.problem(
            (*path, "time_zone_name"), f"unknown time zone {zone!r}; the format has IANA names like 'Europe/Berlin'"
        )
        zone = "UTC"  # only to go on checking: nothing is written
    if not zone:
        if not event_zone:
            r.problem(path, "'time_zone_name' is missing; the event page needs the conference's IANA time zone")
        zone = event_zone or "UTC"
    base = r.text(schedule, ("schedule",), "base_url").strip()
    url = ""
    for mapping, where in ((conference, path), (schedule, ("schedule",))):
        candidate = r.text(mapping, where, "url").strip()
        if candidate and _http(candidate):
            url = candidate
            break
    return Conference(
        cut(one_line(title), MAX_TITLE),
        one_line(acronym),
        days[0],
        days[1],
        zone,
        url,
        base if _http(base) else "",
    )


def _http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


def _moment(r: _Reader, event: dict, path: Path, zone: ZoneInfo) -> datetime | None:
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


def _minutes(r: _Reader, event: dict, path: Path, start: datetime | None) -> int | None:
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


def _talk(r: _Reader, event: dict, path: Path, room_key: str, zone: ZoneInfo, base_url: str) -> ScheduledTalk | None:
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


def _persons(r: _Reader, event: dict, path: Path) -> tuple[Person, ...]:
    """Both person styles: pretalx's `name` (with `code`, `biography`), frab's `public_name`."""
    people = r.get(event, path, "persons", list)
    if not isinstance(people, list):
        return ()
    found: list[Person] = []
    seen: set[str] = set()
    for index, person in enumerate(people):
        person_path = (*path, "persons", index)
        if not isinstance(person, dict):
            r.problem(person_path, f"expected an object (a person), got {_kind(person)}")
            continue
        for key in ("code", "biography", "avatar"):
            r.get(person, person_path, key, str)  # unused, but a wrong type is a broken file
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
        found.append(Person(name, affiliation))
    return tuple(found)


def _links(r: _Reader, event: dict, path: Path, base_url: str) -> tuple[Link, ...]:
    """Links, then attachments (type 'attachment' when they name none), as absolute http(s) URLs."""
    found: list[Link] = []
    for key in ("links", "attachments"):
        items = r.get(event, path, key, list)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            item_path = (*path, key, index)
            if not isinstance(item, dict):
                r.problem(item_path, f"expected an object with a 'url', got {_kind(item)}")
                continue
            url = r.text(item, item_path, "url", required="where the link points")
            title = one_line(r.text(item, item_path, "title"))
            kind = one_line(r.text(item, item_path, "type")) or ("attachment" if key == "attachments" else "")
            if not url.strip():
                continue
            absolute = url.strip()
            if not urlsplit(absolute).scheme and base_url:
                absolute = urljoin(base_url, absolute)
            if not _http(absolute):
                r.note((*item_path, "url"), f"{url.strip()!r} is not an http(s) address; left out")
                continue
            found.append(Link(absolute, title, kind))
    return tuple(found)
