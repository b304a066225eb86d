"""The one definition of valid front-matter: the `talk:` and `event:` records, their fields with
the help the docs and the JSON Schema show, and the rules across fields; no Sphinx imports."""

from __future__ import annotations

from typing import Any

from .fieldtypes import Choice, Date, LocalTime, Minutes, Slug, Text, TimeZone, Url
from .model import FORMATS
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
        "video": Field(Url(), "recording, an http(s) URL"),
        "slides": Field(Url(), "slides, an http(s) URL"),
        "start": Field(LocalTime(), "local start time, YYYY-MM-DD HH:MM"),
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
    },
    "the event",
    rules=(_ends_after_start, _lasts_at_most_a_year),
)

#: Top-level front-matter keys this extension owns, and their schema.
KINDS: dict[str, Record] = {"talk": TALK, "event": EVENT}
