"""Reading a frab / pretalx schedule: the file's bytes as a document (JSON or XML, read by
json_reader / xml_reader into the same shape), checked value by value down to the conference
and its days, every problem with its line and place, and reduced to a Schedule (records.py):
the Conference and its ScheduledTalks, each event read by sessions.py."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from .document import Values, http_url, kind_of, parse_day, time_zone
from .records import MAX_TITLE, Conference, Issue, Schedule, cut, one_line
from .sessions import scheduled_talk
from .source import Path, ReadError, Source

#: Largest schedule file read: a big conference's schedule.json is a few megabytes.
MAX_BYTES = 64 * 1024 * 1024


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


def read_schedule(source: Source, event_zone: str = "") -> Schedule:
    """Check a read schedule and reduce it to a Conference and ScheduledTalks; `event_zone`
    (the event page's zone, when the site has the event) stands in for a missing time zone."""
    found = Schedule()
    r = Values(source, found)
    for path, message in source.problems:
        r.problem(path, message)
    root = source.data
    if not isinstance(root, dict):
        r.problem((), f"expected an object with a 'schedule' key, got {kind_of(root)}")
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
    zone = time_zone(found.conference.timezone) or ZoneInfo("UTC")
    seen: dict[str, Issue] = {}
    for index, day in enumerate(days):
        day_path = (*path, "days", index)
        if not isinstance(day, dict):
            r.problem(day_path, f"expected an object (a day), got {kind_of(day)}")
            continue
        rooms = r.get(day, day_path, "rooms", dict, required="the day's rooms and their talks")
        if not isinstance(rooms, dict):
            continue
        for room, events in rooms.items():
            room_path = (*day_path, "rooms", room)
            if not isinstance(events, list):
                r.problem(room_path, f"expected a list of talks, got {kind_of(events)}")
                continue
            for position, event in enumerate(events):
                event_path = (*room_path, position)
                if not isinstance(event, dict):
                    r.problem(event_path, f"expected an object (a talk), got {kind_of(event)}")
                    continue
                guid = event.get("guid")
                if isinstance(guid, str) and guid.strip():
                    first = seen.setdefault(one_line(guid), r.issue(event_path, ""))
                    if first.where != r.source.label(event_path):
                        r.problem(
                            (*event_path, "guid"), f"{guid!r} is also the guid of {first.where} (line {first.line})"
                        )
                        continue
                talk = scheduled_talk(r, event, event_path, room, zone, found.conference.base_url)
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
        days_found += [d for d in (parse_day(x.get("date", "")) for x in days if isinstance(x, dict)) if d]
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


def _conference(r: Values, schedule: dict, conference: dict, path: Path, event_zone: str) -> Conference:
    """The conference; with problems recorded, the rest is still read, so all are reported at once."""
    title = r.text(conference, path, "title", required="the event page's name")
    acronym = r.text(conference, path, "acronym")
    days: list[date | None] = []
    for key in ("start", "end"):
        text = r.text(conference, path, key)
        day = parse_day(text.strip()) if text else None
        if text and day is None:
            r.problem((*path, key), f"{text!r} is not a date; the format has YYYY-MM-DD or an ISO 8601 date-time")
        days.append(day)
    if days[0] and days[1] and days[1] < days[0]:
        r.problem((*path, "end"), f"{days[1].isoformat()} is before the start, {days[0].isoformat()}")
    zone = r.text(conference, path, "time_zone_name").strip()
    if zone and time_zone(zone) is None:
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
        if candidate and http_url(candidate):
            url = candidate
            break
    return Conference(
        cut(one_line(title), MAX_TITLE),
        one_line(acronym),
        days[0],
        days[1],
        zone,
        url,
        base if http_url(base) else "",
    )
