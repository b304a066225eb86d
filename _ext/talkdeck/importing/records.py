"""What a schedule is read into: the conference, its talks reduced to what a talk page can hold,
and every problem and note found on the way, each at its line and place in the file."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

#: Front-matter limits (schema.py): longer values are cut, with a note.
MAX_TITLE, MAX_NAME, MAX_ROOM, MAX_TOPIC, MAX_SUMMARY, MAX_SPEAKERS = 300, 120, 120, 60, 200, 30
MAX_MINUTES = 24 * 60
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


@dataclass(frozen=True)
class Issue:
    """A problem (nothing is written) or a note (imported anyway) at a place in the file."""

    line: int
    where: str
    message: str
    #: The file the line is in, when an import reads several (a pyvideo folder); '' for the one file.
    file: str = ""

    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str = ""
    #: pretalx's biography (the person's own words) and avatar address, for a new profile page.
    biography: str = ""
    avatar: str = ""


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
    start: datetime | None  # aware; None only from an archive that knows the talk's day at most
    minutes: int
    room: str
    slug: str
    abstract: str
    description: str
    persons: tuple[Person, ...]
    links: tuple[Link, ...]
    #: Recordings an archive lists (pyvideo's `videos`): (url, language, length in seconds);
    #: a schedule's video link is among `links` instead.
    recordings: tuple[tuple[str, str, int], ...] = ()
    #: Every topic (pyvideo's `tags`), where a schedule has one `track`.
    tags: tuple[str, ...] = ()

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
