"""A schedule's values as front-matter values: format by keyword, video and slides among the
links, a one-line summary, the local start, the file name; one spelling per name across the
site; the event page's values and how they differ; and a re-import's merge with the page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..core.checks import spellings
from ..core.model import FORMATS, Entry, Event, file_slug, slugify
from ..core.recordings import clock
from ..core.yamlwrite import TALK_ORDER
from .pages import plain_text
from .records import MAX_SUMMARY, Conference, Issue, Link, ScheduledTalk, cut, one_line

_VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "media.ccc.de", "peertube.tv")
#: (keyword in the type's slug, format): the first that matches wins.
_FORMAT_WORDS = (
    ("lightning", "lightning-talk"),
    ("keynote", "keynote"),
    ("maintainer", "maintainer-track"),
    ("workshop", "workshop"),
    ("hands-on", "workshop"),
    ("tutorial", "tutorial"),
    ("panel", "panel"),
    ("podium", "panel"),
    ("talk", "talk"),
    ("lecture", "talk"),
    ("presentation", "talk"),
    ("session", "talk"),
)


# --- schedule values -> front-matter values -------------------------------------------------


def format_of(kind: str) -> tuple[str, bool]:
    """The site's format for a schedule type, and whether the type was recognised."""
    words = slugify(kind)
    if words in FORMATS:
        return words, True
    for word, name in _FORMAT_WORDS:
        if word in words:
            return name, True
    return "talk", not words


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _says(text: str, *words: str) -> bool:
    found = set(slugify(text).split("-"))
    return any(word in found for word in words)


def video_of(links: tuple[Link, ...]) -> str:
    """The first link that is a recording: type media, a known video host, or titled so."""
    for link in links:
        host = _host(link.url)
        on_host = any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS)
        if link.type.lower() == "media" or on_host or _says(link.title, "video", "recording"):
            return link.url
    return ""


def slides_of(links: tuple[Link, ...], video: str) -> str:
    """The first link or attachment that is slides: type slides, titled slides/pdf, or a .pdf."""
    for link in links:
        if link.url == video:
            continue
        pdf = urlsplit(link.url).path.lower().endswith(".pdf")
        if link.type.lower() == "slides" or _says(link.title, "slides", "slide", "pdf", "deck") or pdf:
            return link.url
    return ""


def summary_of(talk: ScheduledTalk) -> str:
    """One line for the card: the subtitle, else the abstract's first paragraph, else the title."""
    if talk.subtitle:
        return cut(talk.subtitle, MAX_SUMMARY)
    paragraphs = [one_line(p) for p in re.split(r"\n\s*\n", plain_text(talk.abstract))]
    first = next((p for p in paragraphs if p), "")
    if len(first) > MAX_SUMMARY:
        sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
        first = sentence if len(sentence) <= MAX_SUMMARY else cut(first, MAX_SUMMARY)
    return first or cut(talk.title, MAX_SUMMARY)


def local_start(talk: ScheduledTalk, zone: str) -> str:
    """`start` as the front-matter has it: local time in `zone`, 'YYYY-MM-DD HH:MM'."""
    return talk.start.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def page_slug(talk: ScheduledTalk, acronym: str) -> str:
    """The file name: the schedule's slug without frab's '<acronym>-<number>-', else the title."""
    slug = slugify(talk.slug)
    prefix = slugify(acronym)
    if prefix and slug.startswith(prefix + "-"):
        slug = slug[len(prefix) + 1 :]
    slug = re.sub(r"^\d+-", "", slug)
    if len(slug) < 3:
        slug = slugify(talk.title)
    return file_slug(slug) or "talk"


class Spellings:
    """One spelling per speaker, topic and organisation: the site's, else the schedule's first."""

    def __init__(self, entries: list[Entry], notes: list[Issue]) -> None:
        self.known = spellings(entries)
        self.notes = notes
        self.said: set[tuple[str, str]] = set()

    def __call__(self, kind: str, name: str, talk: ScheduledTalk) -> str:
        ident = slugify(name)
        if not ident:
            return name
        known = self.known[kind].setdefault(ident, name)
        if known != name and (kind, name) not in self.said:
            self.said.add((kind, name))
            self.notes.append(
                Issue(talk.line, talk.where, f"{kind} {name!r} is written {known!r} elsewhere; imported as {known!r}")
            )
        return known


def event_values(conference: Conference, event_id: str) -> dict[str, str]:
    values = {"name": conference.title}
    short = cut(conference.acronym, 60)
    if short and short != conference.title:
        values["short_name"] = short
    values["start"] = conference.start.isoformat() if conference.start else ""
    values["end"] = conference.end.isoformat() if conference.end else ""
    values["timezone"] = conference.timezone
    if conference.url:
        values["url"] = conference.url
    return values


def compare_event(event: Event, conference: Conference) -> list[str]:
    """How the site's event page differs from the schedule's conference (reported, not written)."""
    pairs = [
        ("name", event.name, conference.title),
        (
            "start",
            event.start.isoformat() if event.start else "",
            conference.start.isoformat() if conference.start else "",
        ),
        ("end", event.end.isoformat() if event.end else "", conference.end.isoformat() if conference.end else ""),
        ("timezone", event.timezone, conference.timezone),
    ]
    if conference.url:
        pairs.append(("url", event.url, conference.url))
    return [
        f"event.{name} is {ours!r}; the schedule says {theirs!r} (the page is left as it is)"
        for name, ours, theirs in pairs
        if ours != theirs
    ]


def talk_values(
    talk: ScheduledTalk, event_id: str, zone: str, event_zone: str, spell: Spellings, notes: list[Issue]
) -> dict[str, Any]:
    """The front-matter fields a schedule event gives, as text, in TALK_ORDER."""
    fmt, known = format_of(talk.type)
    values: dict[str, Any] = {"title": talk.title, "event": event_id, "format": fmt}
    speakers = []
    for person in talk.persons:
        speaker = {"name": spell("speaker", person.name, talk)}
        if any(slugify(s["name"]) == slugify(speaker["name"]) for s in speakers):
            continue  # 'Zoe' and 'Zoë' on one talk: one person, spelled the site's way
        if person.affiliation:
            speaker["affiliation"] = spell("organisation", person.affiliation, talk)
        speakers.append(speaker)
    values["speakers"] = speakers
    topics = talk.tags or ((talk.track,) if talk.track else ())
    if topics:
        values["topics"] = list(dict.fromkeys(spell("topic", t, talk) for t in topics))
    values["summary"] = summary_of(talk)
    video = video_of(talk.links)
    slides = slides_of(talk.links, video)
    if len(talk.recordings) == 1 and not any(talk.recordings[0][1:]):
        values["video"] = talk.recordings[0][0]  # the short form
    elif talk.recordings:
        values["recordings"] = [_recording(*r) for r in talk.recordings]
    elif video:
        values["video"] = video
    if slides:
        values["slides"] = slides
    if talk.start is not None:
        values["start"] = local_start(talk, zone)
    if zone != event_zone:
        values["timezone"] = zone
    if talk.minutes:
        values["duration"] = str(talk.minutes)
    if talk.room:
        values["room"] = talk.room
    values["import"] = {"guid": talk.guid, "digest": talk.digest()}
    if not known:
        notes.append(
            Issue(talk.line, talk.where, f"type {talk.type!r} is not a format the site knows; imported as 'talk'")
        )
    return values


def _recording(url: str, language: str, length: int) -> dict[str, str]:
    found = {"url": url}
    if language:
        found["language"] = language
    if length:
        found["length"] = clock(length)
    return found


#: Fields the schedule gives but may leave out: then the page keeps its own (recordings come later).
KEPT_WHEN_ABSENT = ("topics", "video", "recordings", "chapters", "slides")
#: Fields only the page has: a re-import never changes them.
PAGE_OWNED = ("id", "projects")


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The talk's fields after a re-import: the schedule's, plus what only the page has."""
    merged: dict[str, Any] = {}
    for key in TALK_ORDER:
        if key in PAGE_OWNED or (key in KEPT_WHEN_ABSENT and key not in new):
            if key in old:
                merged[key] = old[key]
        elif key in new:
            merged[key] = new[key]
    if "recordings" in merged and "video" in merged:
        # the page lists its recordings: the schedule's one video link adds nothing to them
        merged.pop("video")
    before = {slugify(s.get("name") or ""): s for s in old.get("speakers") or [] if isinstance(s, dict)}
    speakers = []
    for speaker in merged.get("speakers", []):
        kept = before.get(slugify(speaker["name"]), {})
        speaker = dict(speaker)
        for key in ("affiliation", "role", "id"):
            if key not in speaker and isinstance(kept.get(key), str):
                speaker[key] = kept[key]
        speakers.append(speaker)
    if "speakers" in merged:
        merged["speakers"] = speakers
    return merged
