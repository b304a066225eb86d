"""talks.json: the site's talks, events, speakers, topics, projects and organisations as data,
each with its page's URL, so other tools can reuse them without scraping HTML; and its JSON
Schema.

Everything is computed from the Domain's data, never kept between builds, so a `-j` build and
an incremental build write exactly what a clean serial build writes. Output is deterministic:
keys sorted, collections sorted by id, no clock (see `publish.export_timestamp`).
Orders that are data are kept: a talk's speakers, topics and projects as its page lists them,
an event's talks in programme order.

``python -m talkdeck.exports.talks`` rewrites ``schema/talks.schema.json`` from `talks_schema`;
``--check`` only compares. Nothing from Sphinx is imported at module level.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..core.calendars import talk_calendar
from ..core.jsonschema import ROOT, generated_file_command
from ..core.model import Entry, Event, Person, Talk, slugify, talk_window
from ..core.people import picture_file
from ..core.version import __version__
from ..sphinxext.outputs import Output
from ..sphinxext.publish import Urls, absolute_url
from .calendars import uid
from .site import SiteData, code, dump, iso, recording_url

if TYPE_CHECKING:
    from ..core.entities import Entity
    from ..sphinxext.domain import TalkDomain

#: Bumped when a field changes meaning or goes away; new optional fields keep it.
FORMAT_VERSION = 1
TALKS_PATH = "talks.json"
#: Where the schema lives, relative both to the repository and to the HTML output.
SCHEMA_PATH = "schema/talks.schema.json"
SCHEMA_FILE = ROOT / SCHEMA_PATH
SCHEMA_ID = "urn:talkdeck:schema:talks:1"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
REGENERATE = ".venv/bin/python -m talkdeck.exports.talks"
#: The entity kinds, in the order of their top-level lists.
ENTITY_LISTS = {"speaker": "speakers", "topic": "topics", "project": "projects", "organisation": "organisations"}


# --- talks.json -----------------------------------------------------------------------------


def talks_document(domain: TalkDomain, urls: Urls, generated: datetime) -> dict[str, Any]:
    """The whole of talks.json."""
    document: dict[str, Any] = {
        "$schema": absolute_url(urls.baseurl, SCHEMA_PATH),
        "version": FORMAT_VERSION,
        "generated": generated.isoformat(),
        "generator": {"name": "talkdeck", "version": __version__},
        "events": [event_record(domain, ident, urls) for ident in sorted(domain.events)],
        "talks": [talk_record(domain, ident, urls) for ident in sorted(domain.talks)],
    }
    for kind, key in ENTITY_LISTS.items():
        document[key] = [
            entity_record(entity, urls, domain.people.get(entity.id) if kind == "speaker" else None)
            for entity in domain.entities(kind).values()
        ]
    return document


def talk_record(domain: TalkDomain, ident: str, urls: Urls) -> dict[str, Any]:
    entry = domain.talks[ident]
    talk: Talk = entry.item  # type: ignore[assignment]
    event_entry = domain.event_of(talk)
    event: Event | None = event_entry.item if event_entry is not None else None  # type: ignore[assignment]
    window = talk_window(talk, event)
    start, end = (window[0], window[1]) if window is not None else (talk.start, None)
    return {
        "id": talk.id,
        "title": talk.title,
        "event": talk.event,
        "format": talk.format,
        "format_label": talk.format_label,
        "speakers": [
            {
                "id": s.id,
                "name": s.name,
                "affiliation": s.affiliation,
                "organisation": slugify(s.affiliation) or None,
                "role": s.role,
            }
            for s in talk.speakers
        ],
        "topics": _named(talk.topics),
        "projects": _named(talk.projects),
        "organisations": _named(s.affiliation for s in talk.speakers),
        "summary": talk.summary,
        "video": recording_url(urls, talk.recordings[0]) if talk.recordings else "",
        "recordings": [
            {
                "url": recording_url(urls, r),
                "language": r.language,
                "length": r.length or None,
                "captions": _captions(domain, entry.docname, n, urls),
            }
            for n, r in enumerate(talk.recordings)
        ],
        "chapters": [{"start": c.start, "title": c.title} for c in talk.chapters],
        "slides": talk.slides,
        "schedule_url": talk.schedule_url,
        "date": talk.start_day.isoformat() if talk.start_day else None,
        "start": iso(start),
        "end": iso(end) if talk.duration else None,
        "timezone": (talk.timezone or (event.timezone if event else "")) if talk.start else "",
        "duration": talk.duration or None,
        "room": talk.room,
        # the talk's own iCalendar file and its VEVENT's UID, the same in every calendar of the
        # site: what "My talks" needs to make a calendar in the reader's browser
        "calendar": talk_calendar(talk, event),
        "calendar_uid": uid(talk) if talk_calendar(talk, event) else None,
        **urls.of(entry.docname),
    }


def _captions(domain: TalkDomain, docname: str, index: int, urls: Urls) -> str | None:
    """The address of a recording's captions file in the output, or None."""
    for track in domain.tracks_of(docname):
        if track.recording == index:
            return urls.file(track.path)
    return None


def _named(names: Iterable[str]) -> list[dict[str, str]]:
    """(id, name) of each distinct entity, in the order the page names them."""
    seen: dict[str, str] = {}
    for name in names:
        ident = slugify(name)
        if ident:
            seen.setdefault(ident, name)
    return [{"id": ident, "name": name} for ident, name in seen.items()]


def event_record(domain: TalkDomain, ident: str, urls: Urls) -> dict[str, Any]:
    entry = domain.events[ident]
    event: Event = entry.item  # type: ignore[assignment]
    return {
        "id": event.id,
        "name": event.name,
        "short_name": event.short_name,
        "city": event.city,
        "region": event.region,
        "country": event.country,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "timezone": event.timezone,
        "website": event.url,
        "talks": [talk.item.id for talk in domain.programme(ident)],
        "part_of": parent.item.id if (parent := domain.parent_of(event)) is not None else None,
        "co_located": [child.item.id for child in domain.co_located(ident)],
        **urls.of(entry.docname),
    }


def entity_record(entity: Entity, urls: Urls, profile: Entry | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"id": entity.id, "name": entity.name, "talks": list(entity.talks)}
    if entity.kind == "speaker":
        record["organisations"] = sorted({slugify(a) for _, a, _ in entity.appearances if slugify(a)})
        record.update(profile_fields(profile.item if profile is not None else None, urls))  # type: ignore[arg-type]
    elif entity.kind == "organisation":
        record["speakers"] = list(entity.members)
    return {**record, **urls.of(entity.pagename)}


def profile_fields(person: Person | None, urls: Urls) -> dict[str, Any]:
    """A speaker's profile fields (empty without one): the picture the site serves, the bio as written."""
    if person is None:
        return {"aliases": [], "pronouns": "", "links": [], "picture": None, "biography": ""}
    picture = picture_file(person) if person.image is not None else None
    return {
        "aliases": list(person.aliases),
        "pronouns": person.pronouns,
        "links": list(person.links),
        "picture": absolute_url(urls.baseurl, picture) if picture else None,
        "biography": person.biography,
    }


# --- its JSON Schema ------------------------------------------------------------------------

_TEXT = {"type": "string"}
_ID = {"type": "string", "description": "an id: lower-case letters, digits and hyphens"}
_IDS = {"type": "array", "items": _ID}
_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
# an offset whenever the time zone is known, which the build checks for every timed talk
_MOMENT = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?$"}
_HTTP = {"type": "string", "pattern": "^(https?://.+)?$", "description": "an http(s) URL, or empty"}
_URLS = {
    "url": {"type": "string", "description": "the page, relative to the site root (html or dirhtml style)"},
    "absolute_url": {"type": "string", "format": "uri", "description": "the page under html_baseurl, when set"},
}


def _record(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A closed object: every property required except ``absolute_url``."""
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": sorted(name for name in properties if name != "absolute_url"),
        "properties": properties,
    }


def talks_schema() -> dict[str, Any]:
    """The JSON Schema of talks.json (draft 2020-12), published next to it."""
    named = _record("an entity a talk names", {"id": _ID, "name": _TEXT})
    talk_ids = {**_IDS, "description": "ids of its talks"}
    entity_props = {"id": _ID, "name": _TEXT, "talks": talk_ids, **_URLS}
    defs = {
        "event": _record(
            "a conference edition",
            {
                "id": _ID,
                "name": _TEXT,
                "short_name": _TEXT,
                "city": _TEXT,
                "region": _TEXT,
                "country": _TEXT,
                "start": {**_DATE, "description": "first day"},
                "end": {**_DATE, "description": "last day"},
                "timezone": {**_TEXT, "description": "IANA time zone of the venue, or empty"},
                "website": {**_HTTP, "description": "the event's own web site, or empty"},
                "talks": {**_IDS, "description": "ids of its talks in programme order"},
                "part_of": {
                    "type": ["string", "null"],
                    "description": "id of the conference this event is co-located with; null for an event of its own",
                },
                "co_located": {**_IDS, "description": "ids of the events co-located with this one, by date"},
                **_URLS,
            },
        ),
        "talk": _record(
            "a talk",
            {
                "id": _ID,
                "title": _TEXT,
                "event": {**_ID, "description": "id of its event"},
                "format": {**_ID, "description": "format id, e.g. 'lightning-talk'"},
                "format_label": _TEXT,
                "speakers": {
                    "type": "array",
                    "description": "in the order the page lists them; affiliation and role as at this talk",
                    "items": _record(
                        "a speaker at this talk",
                        {
                            "id": _ID,
                            "name": _TEXT,
                            "affiliation": _TEXT,
                            "organisation": {"type": ["string", "null"], "description": "id of the affiliation"},
                            "role": _TEXT,
                        },
                    ),
                },
                "topics": {"type": "array", "items": {"$ref": "#/$defs/named"}},
                "projects": {"type": "array", "items": {"$ref": "#/$defs/named"}},
                "organisations": {"type": "array", "items": {"$ref": "#/$defs/named"}},
                "summary": _TEXT,
                "video": {
                    "type": "string",
                    "description": "the first recording's address (a file the site serves: relative to "
                    "the site root without html_baseurl), or empty",
                },
                "recordings": {
                    "type": "array",
                    "description": "every recording, the one the page plays first",
                    "items": _record(
                        "a recording",
                        {
                            "url": {"type": "string", "minLength": 1, "description": "as `video`"},
                            "language": {**_TEXT, "description": "a BCP 47 tag, or empty"},
                            "length": {"type": ["integer", "null"], "minimum": 1, "description": "seconds"},
                            "captions": {
                                "type": ["string", "null"],
                                "description": "its WebVTT captions file in the output, as `url`; null without",
                            },
                        },
                    ),
                },
                "chapters": {
                    "type": "array",
                    "description": "parts of the first recording, in time order",
                    "items": _record(
                        "a chapter",
                        {"start": {"type": "integer", "minimum": 0, "description": "seconds"}, "title": _TEXT},
                    ),
                },
                "slides": _HTTP,
                "schedule_url": {**_HTTP, "description": "the talk in the conference's own schedule, or empty"},
                "date": {
                    **_DATE,
                    "description": "the talk's local day: its start's, or the day of a talk whose time is not "
                    "known (then start is null); null if unknown",
                },
                "start": {**_MOMENT, "description": "ISO 8601 with the UTC offset of its time zone; null if untimed"},
                "end": {**_MOMENT, "description": "start plus duration; null without a duration"},
                "timezone": {**_TEXT, "description": "IANA time zone of start (the talk's or its event's)"},
                "duration": {"type": ["integer", "null"], "minimum": 1, "description": "minutes"},
                "room": _TEXT,
                "calendar": {
                    "type": ["string", "null"],
                    "description": "its iCalendar file, relative to the site root; null without a start and a time zone",
                },
                "calendar_uid": {
                    "type": ["string", "null"],
                    "description": "the UID of its VEVENT in every calendar of the site; null without a calendar",
                },
                **_URLS,
            },
        ),
        "named": named,
        "speaker": _record(
            "a person",
            {
                **entity_props,
                "organisations": {**_IDS, "description": "ids of their affiliations"},
                "aliases": {
                    "type": "array",
                    "items": _TEXT,
                    "description": "other spellings, former names and ids (from their profile)",
                },
                "pronouns": {**_TEXT, "description": "as their profile gives them, or empty"},
                "links": {"type": "array", "items": _HTTP, "description": "their site and accounts"},
                "picture": {
                    "type": ["string", "null"],
                    "description": "the picture the site serves (relative to the site root, or under html_baseurl)",
                },
                "biography": {**_TEXT, "description": "their profile's text as written (Markdown), or empty"},
            },
        ),
        "topic": _record("a topic", entity_props),
        "project": _record("a project", entity_props),
        "organisation": _record(
            "an organisation speakers gave as their affiliation",
            {**entity_props, "speakers": {**_IDS, "description": "ids of its speakers"}},
        ),
    }
    top = _record(
        "Every talk, event, speaker, topic, project and organisation of a talkdeck site. "
        "Generated from _ext/talkdeck/exports/talks.py; do not edit by hand.",
        {
            "$schema": {"type": "string", "description": "where this schema is published"},
            "version": {"const": FORMAT_VERSION},
            "generated": {"type": "string", "format": "date-time", "description": "SOURCE_DATE_EPOCH or the data"},
            "generator": _record("the program that wrote the file", {"name": _TEXT, "version": _TEXT}),
            "events": _list("event"),
            "talks": _list("talk"),
            **{key: _list(kind) for kind, key in ENTITY_LISTS.items()},
        },
    )
    return {"$schema": DIALECT, "$id": SCHEMA_ID, "title": "talkdeck talks.json", **top, "$defs": defs}


def _list(kind: str) -> dict[str, Any]:
    return {"type": "array", "description": "sorted by id", "items": {"$ref": f"#/$defs/{kind}"}}


def render_schema() -> str:
    return json.dumps(talks_schema(), indent=2, ensure_ascii=False) + "\n"


# --- as an output -------------------------------------------------------------------------


def outputs(site: SiteData) -> dict[str, Output]:
    """talks.json, remade when the data, its addresses, its date or this code change."""

    def make() -> dict[str, bytes]:
        return {TALKS_PATH: dump(talks_document(site.domain, site.urls, site.generated)).encode()}

    return {TALKS_PATH: Output(site.key(code("talks.py", "site.py", "calendars.py")), make)}


# --- the command line -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m talkdeck.exports.talks [--check]``: regenerate or compare schema/talks.schema.json."""
    return generated_file_command(
        argv,
        prog="python -m talkdeck.exports.talks",
        description="Write the JSON Schema of talks.json.",
        default=SCHEMA_FILE,
        source="_ext/talkdeck/exports/talks.py",
        render=render_schema,
        regenerate=REGENERATE,
    )


if __name__ == "__main__":
    sys.exit(main())
