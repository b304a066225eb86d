"""Frozen records for talks, speakers and events, and the slug rules; no Sphinx imports."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .recordings import Chapter, Recording

#: Talk formats a page may name, id -> label shown on the card's badge.
FORMATS: dict[str, str] = {
    "keynote": "Keynote",
    "talk": "Talk",
    "lightning-talk": "Lightning talk",
    "workshop": "Workshop",
    "tutorial": "Tutorial",
    "panel": "Panel",
    "maintainer-track": "Maintainer track",
}

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
#: Slugs name generated pages and files: NFKD turns some characters into several ('㎯' into
#: 'rad∕s2'), so a 120-character name could need a file name longer than any file system allows.
#: 100 is also the longest id the schema accepts, so a valid id is its own slug.
MAX_SLUG = 100


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Lower-case ASCII slug; accents folded so that 'Zoë' and 'Zoe' share an id.

    Cached: listings ask for the same few names' slugs hundreds of thousands of times.
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _APOSTROPHES.sub("", folded.lower())
    return _NON_ALNUM.sub("-", folded).strip("-")[:MAX_SLUG].rstrip("-")


#: A new page's file name stays well under file-system limits, however long its title.
MAX_FILE_SLUG = 80


def file_slug(title: str) -> str:
    """The file name of a new talk page (`new`, `import`): the title as a slug, cut at a hyphen
    so it stays readable."""
    slug = slugify(title)
    if len(slug) > MAX_FILE_SLUG:
        slug = slug[: MAX_FILE_SLUG + 1].rsplit("-", 1)[0] or slug[:MAX_FILE_SLUG]
    return slug


@dataclass(frozen=True)
class Speaker:
    """One person as named on one talk; the affiliation may differ between talks."""

    id: str
    name: str
    affiliation: str = ""
    role: str = ""


@dataclass(frozen=True)
class Talk:
    """A talk as its page's front-matter describes it."""

    id: str
    title: str
    event: str = ""
    format: str = ""
    speakers: tuple[Speaker, ...] = ()
    topics: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    summary: str = ""
    #: Every recording, the one the page plays first; `video:` in the front-matter is one.
    recordings: tuple[Recording, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    slides: str = ""
    start: datetime | None = None  # naive local time, in `timezone` or the event's
    timezone: str = ""
    duration: int = 0  # minutes
    room: str = ""
    #: The day of a talk whose start is known as a date only (`start: 2022-10-25`); `start` is
    #: then None, so everything that needs a moment (the frab schedule) leaves the talk out.
    day: date | None = None
    schedule_url: str = ""  # the talk in the conference's own schedule

    @property
    def format_label(self) -> str:
        return FORMATS.get(self.format, self.format)

    @property
    def start_day(self) -> date | None:
        """The local day of the talk: its start's, or the day of a date-only start."""
        return self.start.date() if self.start is not None else self.day

    @property
    def video(self) -> str:
        """The address of the first recording (the one the page plays), or ''."""
        return self.recordings[0].url if self.recordings else ""


@dataclass(frozen=True)
class Event:
    """A conference edition that talks refer to by id."""

    id: str
    name: str
    short_name: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    start: date | None = None
    end: date | None = None
    timezone: str = ""
    url: str = ""
    #: The id of the event this one is co-located with (part of), e.g. a one-day event held
    #: during a conference's week; '' for a conference of its own (core/events.py decides).
    part_of: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def place(self) -> str:
        return ", ".join(p for p in (self.city, self.region, self.country) if p)


@dataclass(frozen=True)
class Picture:
    """A profile's picture as the read phase found it: its file (from the site's root), its
    size in pixels and a digest of its bytes (the optimised copy's name and cache key)."""

    path: str
    width: int
    height: int
    digest: str


@dataclass(frozen=True)
class Person:
    """A speaker's profile (`people/<id>.md`, front-matter `speaker:`): kept once, whatever the
    talks call them; the page's body is the biography."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    pronouns: str = ""
    links: tuple[str, ...] = ()
    #: The file as written (next to the profile page); `image` once the read phase has checked it.
    picture: str = ""
    image: Picture | None = None
    #: The page's body as written (Markdown), the biography.
    biography: str = ""


@dataclass(frozen=True)
class Entry:
    """A talk, event or profile with the page it came from and the line of each field."""

    docname: str
    item: Talk | Event | Person
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def line(self, path: str) -> int:
        """Line of a field path, falling back to its nearest recorded parent."""
        found = dict(self.lines)
        while path:
            if path in found:
                return found[path]
            path = path[: path.rindex("[")] if path.endswith("]") else path.rpartition(".")[0]
        return found.get("", 1)


def start_key(talk: Talk, event: Event | None) -> tuple[bool, datetime]:
    """Sort key for "when": the start as UTC where the time zone is known, so that talks in
    different zones sort by when they happen; talks without a date last.

    A talk known by its day only sorts after every timed talk of that day (its last moment in
    the talk's zone): where in the day it was is unknown, and "later that day" never puts it
    before a talk it may have followed."""
    if talk.start is None and talk.day is None:
        return (True, datetime.min)
    if talk.start is None:
        moment = datetime.combine(talk.day, time.max)  # type: ignore[arg-type]
        zone = _zone(talk, event)
        if zone is None:
            return (False, moment)
        return (False, moment.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None))
    window = talk_window(talk, event)
    if window is None:
        return (False, talk.start)
    return (False, window[0].astimezone(UTC).replace(tzinfo=None))


#: A talk that starts this many days before its event's first day or after its last has a year
#: typed wrong: checks.py reports it, and the event's schedule leaves it out rather than list
#: every day in between (a century of days is a hundred megabytes).
MAX_DAYS_AWAY = 1000


def days_away(talk: Talk, event: Event) -> int:
    """Days from the event's first or last day to the talk's start (in the event's zone) or its
    date-only day; 0 when the talk is during the event or either has no date."""
    if event.start is None or event.end is None:
        return 0
    window = talk_window(talk, event)
    if window is not None:
        zone = ZoneInfo(event.timezone) if event.timezone else window[0].tzinfo
        day = window[0].astimezone(zone).date()
    elif talk.start is None and talk.day is not None:
        day = talk.day
    else:
        return 0
    return max((event.start - day).days, (day - event.end).days, 0)


def _zone(talk: Talk, event: Event | None) -> ZoneInfo | None:
    """The talk's time zone, its own or its event's; None when neither is known."""
    tzname = talk.timezone or (event.timezone if event else "")
    try:
        return ZoneInfo(tzname) if tzname else None
    except (ValueError, KeyError, OSError):
        return None


def talk_window(talk: Talk, event: Event | None) -> tuple[datetime, datetime] | None:
    """Aware start and end of a timed talk, in its own or its event's time zone."""
    if talk.start is None:
        return None
    zone = _zone(talk, event)
    if zone is None:
        return None
    start = talk.start.replace(tzinfo=zone)
    return start, start + timedelta(minutes=talk.duration)
