"""The one definition of valid front-matter: the `talk:` and `event:` records, their fields with
the help the docs and the JSON Schema show, the rules across fields, and the model a block's
values make (build_item); no Sphinx imports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .fieldtypes import Choice, Date, LocalTime, Minutes, PagePath, Slug, Text, TimeZone, Url
from .media import (
    CaptionsFile,
    Chapters,
    Clock,
    Language,
    RecordingUrl,
    chapters_fit,
    chapters_of,
    recordings_of,
    video_and_recordings,
)
from .model import FORMATS, Event, Person, Speaker, Talk, slugify
from .people import PictureFile
from .records import Field, ListOf, Record

SPEAKER = Record(
    {
        "name": Field(Text(max_length=120), "the speaker's full name as they write it", required=True),
        "affiliation": Field(Text(max_length=120), "organisation at the time of the talk"),
        "role": Field(Text(max_length=120), "job title or role, e.g. 'Lead Platform Architect'"),
        "id": Field(Slug(), "stable id, when two people share a name; defaults to the name as a slug"),
    },
    "a speaker",
)

RECORDING = Record(
    {
        "url": Field(
            RecordingUrl(),
            "where the recording is: an http(s) URL, or a video file the site serves, e.g. _static/talk.mp4",
            required=True,
        ),
        "language": Field(Language(), "language spoken (or dubbed), a tag such as 'en' or 'pt-BR'"),
        "length": Field(Clock(), "how long the recording runs, M:SS or H:MM:SS, e.g. 38:12"),
        "captions": Field(CaptionsFile(), "a WebVTT file next to this page with its captions, e.g. talk.en.vtt"),
    },
    "a recording",
)

CHAPTER = Record(
    {
        "start": Field(Clock(), "where the chapter starts in the first recording, M:SS or H:MM:SS", required=True),
        "title": Field(Text(max_length=120), "what the chapter is about", required=True),
    },
    "a chapter",
)

TALK = Record(
    {
        "id": Field(Slug(), "stable id used in links; defaults to the file name"),
        "title": Field(Text(), "the talk's title as in the schedule", required=True),
        "event": Field(Slug(), "id of the event page, e.g. 'kubecon-na-2022'", required=True),
        "format": Field(Choice(FORMATS, "format"), "one of: " + ", ".join(FORMATS), required=True),
        "speakers": Field(
            ListOf(
                SPEAKER, min_items=1, max_items=30, unique_by=lambda s: s["name"].casefold() if "name" in s else None
            ),
            "one entry per speaker, each with a name and usually an affiliation",
            required=True,
        ),
        "topics": Field(
            ListOf(Text(max_length=60), max_items=12), "subjects the talk covers, e.g. [Security, Zero trust]"
        ),
        "projects": Field(
            ListOf(Text(max_length=60), max_items=20), "projects the talk names, e.g. [Linkerd, Kubernetes]"
        ),
        "summary": Field(Text(max_length=200), "one sentence for the card", required=True),
        "video": Field(Url(), "recording, an http(s) URL (short for one entry of `recordings`)"),
        "recordings": Field(
            ListOf(RECORDING, min_items=1, max_items=10, unique_by=lambda r: r.get("url")),
            "every recording of the talk, each with a `url`; the first is the one the page plays",
            asked=False,
        ),
        "chapters": Field(
            Chapters(CHAPTER, min_items=1, max_items=100, unique_by=lambda c: c.get("start")),
            "parts of the first recording, each with a `start` (M:SS or H:MM:SS) and a `title`",
            asked=False,
        ),
        "slides": Field(Url(), "slides, an http(s) URL"),
        "schedule_url": Field(Url(), "the talk's page in the conference's own schedule, an http(s) URL"),
        "start": Field(
            LocalTime(date_only=True),
            "local start time, YYYY-MM-DD HH:MM; or only the day, YYYY-MM-DD, when the time is not known",
        ),
        "timezone": Field(TimeZone(), "IANA time zone of `start`; defaults to the event's"),
        "duration": Field(Minutes(), "length in minutes"),
        "room": Field(Text(max_length=120), "room or stage"),
        "import": Field(
            Record(
                {
                    "guid": Field(Text(max_length=100), "the talk's guid in the schedule", required=True),
                    "digest": Field(Text(max_length=64), "fingerprint of the schedule's abstract and description"),
                },
                "the import record",
            ),
            "written by `talkdeck import`, which finds the page again by `guid`; leave it as it is",
            written_by="import",
        ),
    },
    "the talk",
    rules=(video_and_recordings, chapters_fit),
)


def _ends_after_start(values: dict[str, Any]) -> tuple[str, str] | None:
    """An event's last day must not come before its first; the card would read '24–20 October'."""
    start, end = values.get("start"), values.get("end")
    if start is None or end is None or end >= start:
        return None
    return "end", (
        f"{end.isoformat()} is before the start, {start.isoformat()}; "
        "give the last day of the event, on or after `start`"
    )


#: The longest event: the schedule export has an entry per day, so an event page spanning
#: centuries (a typo in a year) would write hundreds of megabytes.
MAX_EVENT_DAYS = 366


def _lasts_at_most_a_year(values: dict[str, Any]) -> tuple[str, str] | None:
    start, end = values.get("start"), values.get("end")
    if start is None or end is None or (end - start).days < MAX_EVENT_DAYS:
        return None
    return "end", (
        f"{end.isoformat()} is {(end - start).days + 1} days after the start; "
        f"an event lasts at most {MAX_EVENT_DAYS} days: check the years"
    )


EVENT = Record(
    {
        "id": Field(Slug(), "stable id talks refer to; defaults to the folder or file name"),
        "name": Field(Text(), "full name of the event", required=True),
        "short_name": Field(Text(max_length=60), "short label for cards"),
        "city": Field(Text(max_length=80), "city"),
        "region": Field(Text(max_length=80), "state or region"),
        "country": Field(Text(max_length=80), "country"),
        "start": Field(Date(), "first day, YYYY-MM-DD", required=True),
        "end": Field(Date(), "last day, YYYY-MM-DD, on or after `start`", required=True),
        "timezone": Field(TimeZone(), "IANA time zone of the venue, e.g. America/Detroit", required=True),
        "url": Field(Url(), "the event's web site"),
        "part_of": Field(
            Slug(),
            "id of the event this one is co-located with, e.g. 'kubecon-na-2022'; its days lie within "
            "that event's, which must be an event of its own (not co-located itself)",
        ),
    },
    "the event",
    rules=(_ends_after_start, _lasts_at_most_a_year),
)

PERSON = Record(
    {
        "id": Field(Slug(), "stable id of the person, the address of their speaker page; defaults to the file name"),
        "name": Field(Text(max_length=120), "the name to show, as the person writes it today", required=True),
        "aliases": Field(
            ListOf(Text(max_length=120), min_items=1, max_items=20, unique_by=slugify),
            "other spellings and former names (and former ids) that talks may use, e.g. ['Zoe Smith', 'zoe-jones']",
        ),
        "pronouns": Field(Text(max_length=40), "pronouns, as the person gives them, e.g. 'she/her'"),
        "links": Field(
            ListOf(Url(), min_items=1, max_items=12),
            "the person's site and accounts, each an http(s) URL (GitHub, Mastodon, Bluesky, LinkedIn, ...)",
        ),
        "picture": Field(
            PictureFile(),
            "a picture of the person, a JPEG, PNG or WebP file next to this page (at most 5 MB), e.g. 'zoe.jpg'",
        ),
    },
    "the speaker",
)

#: Top-level front-matter keys this extension owns, and their schema.
KINDS: dict[str, Record] = {"talk": TALK, "event": EVENT, "speaker": PERSON}

#: Top-level keys any page may have, next to (or without) `talk:` or `event:`.
PAGE = Record(
    {
        "redirect_from": Field(
            ListOf(PagePath(), min_items=1, max_items=50),
            "the page's earlier paths (file names without '.md', from the site's root), e.g. "
            "[talks/kubecon-na-2022/old-name]: the build writes a page at each that sends readers here",
        ),
    },
    "any page",
)


def build_item(kind: str, values: dict, default_id: str) -> Talk | Event | Person:
    """The model of a `talk:`, `event:` or `speaker:` block's values; `default_id` when it names no id."""
    if kind == "speaker":
        return build_person(values, default_id)
    return build_talk(values, default_id) if kind == "talk" else build_event(values, default_id)


def build_person(values: dict, default_id: str) -> Person:
    """A profile from the values PERSON read (the biography is the page's body, added by the reader)."""
    return Person(
        id=values.get("id") or default_id,
        name=values.get("name") or default_id,
        aliases=values.get("aliases", ()),
        pronouns=values.get("pronouns", ""),
        links=values.get("links", ()),
        picture=values.get("picture", ""),
    )


def build_talk(values: dict, default_id: str) -> Talk:
    """A talk from the values TALK read (what it reported is left out); a day alone is `day`."""
    speakers = tuple(
        Speaker(
            id=s.get("id") or slugify(s["name"]),
            name=s["name"],
            affiliation=s.get("affiliation", ""),
            role=s.get("role", ""),
        )
        for s in values.get("speakers", ())
        if "name" in s
    )
    start: datetime | date | None = values.get("start")
    timed = start if isinstance(start, datetime) else None
    return Talk(
        id=values.get("id") or default_id,
        title=values.get("title") or default_id,
        event=values.get("event", ""),
        format=values.get("format", ""),
        speakers=speakers,
        topics=values.get("topics", ()),
        projects=values.get("projects", ()),
        summary=values.get("summary", ""),
        recordings=recordings_of(values),
        chapters=chapters_of(values),
        slides=values.get("slides", ""),
        start=timed,
        timezone=values.get("timezone", ""),
        duration=values.get("duration", 0),
        room=values.get("room", ""),
        day=start if timed is None else None,
        schedule_url=values.get("schedule_url", ""),
    )


def build_event(values: dict, default_id: str) -> Event:
    """An event from the values EVENT read."""
    return Event(
        id=values.get("id") or default_id,
        name=values.get("name") or default_id,
        short_name=values.get("short_name", ""),
        city=values.get("city", ""),
        region=values.get("region", ""),
        country=values.get("country", ""),
        start=values.get("start"),
        end=values.get("end"),
        timezone=values.get("timezone", ""),
        url=values.get("url", ""),
        part_of=values.get("part_of", ""),
    )
