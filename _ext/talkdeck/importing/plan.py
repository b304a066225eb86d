"""`import`: a frab / pretalx schedule (schedule.json, or schedule.xml in the same shape) turned
into talk pages. This module is pure: a read schedule and what the site already holds in, the
planned pages and every problem out; `import_tree` reads the site and writes the files.

Decisions, as the format leaves them open or the site needs them:

- Identity: each schedule event's `guid` is kept in the page's front-matter, `talk.import.guid`;
  a re-import finds the page by it wherever it is, whatever its file name. New pages go to
  `<root>/<event-id>/<slug>.md`, the slug from the schedule's `slug` without its
  `<acronym>-<number>-` prefix (frab's and pretalx's pattern), else from the title;
  `<event-id>-<slug>`, then `<slug>-2`, ... when the id is taken anywhere on the site.
- Fields: title; subtitle -> `summary` (else the abstract's first paragraph, cut at a word
  before 200 characters, else the title); persons -> speakers (`name`, else frab's
  `public_name`; `affiliation` only if the schedule has one; pretalx's `code` and `biography`
  have no place on the site); type -> format (by keyword, unknown -> talk, said once per
  type); track -> topics; `date` (with its offset) -> `start` in the conference's time zone,
  `timezone` only where that differs from the event page's; duration (or `end`) -> minutes;
  room (the event's own, else its room key); links/attachments -> `video` (type `media`, a
  known video host, or a title saying video/recording) and `slides` (type `slides`, a title
  saying slides/pdf, or a .pdf), http(s) only, relative ones resolved against `base_url`.
- Re-import: the fields above are replaced; `topics`, `video` and `slides` stay as the page has
  them when the schedule has none (recordings come later); `id`, `projects` and a speaker's
  `affiliation`, `role` and `id` stay too. The body (abstract and description as escaped
  Markdown text: tags stripped, every Markdown and MyST mark made literal) is written on first
  import only; `import.digest` tells the next import that the schedule's text changed, which
  is reported, never written. Pages whose guid left the schedule are reported, never deleted.
- Events without persons are skipped and reported (a talk page needs a speaker). Names the
  site (or an earlier talk of the schedule) already spells differently take that spelling.
- Everything is validated first, and the planned pages are read back with the checker's own
  calls: any problem, and nothing is written.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..core import entities
from ..core.checks import check_collection
from ..core.frontmatter import default_id, read_page
from ..core.model import FORMATS, Entry, Event, Talk, file_slug, slugify
from ..core.sources import docname_of
from ..core.yamlwrite import TALK_ORDER
from .pages import body, event_page, plain_text, replace_talk, talk_page
from .schedule import MAX_SUMMARY, Conference, Issue, Link, Schedule, ScheduledTalk, cut, one_line

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


# --- planning the pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedPage:
    """A page of the site that an earlier import wrote (it has `talk.import.guid`)."""

    path: FilePath
    docname: str
    guid: str
    event: str
    text: str
    values: dict[str, Any] = field(default_factory=dict, compare=False)  # its talk: mapping, as text
    span: tuple[int, int] | None = None  # the lines of that mapping; None: not in block style


@dataclass
class SiteView:
    """What the planner needs to know of the site, read by import_tree (no files here)."""

    srcdir: FilePath
    folder: FilePath  # where new talk pages go: <root>/<event-id>
    entries: list[Entry]  # every talk and event, with docnames
    imported: dict[str, ImportedPage]  # guid -> page
    files: set[FilePath]  # every page file that exists in `folder`
    event: Event | None = None
    event_path: FilePath | None = None
    show: Callable[[FilePath], str] = str  # how messages name a file: relative to where the user is


@dataclass
class PagePlan:
    """One page to write (or leave): its new text, and what changed for the summary."""

    path: FilePath
    action: str  # "add", "update" or "unchanged"
    text: str
    old: str | None = None
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    description_changed: bool = False
    talk: ScheduledTalk | None = None


@dataclass
class Plan:
    """Everything an import would do; `problems` non-empty means it must do nothing."""

    event_id: str
    pages: list[PagePlan] = field(default_factory=list)
    event_page: PagePlan | None = None
    event_differences: list[str] = field(default_factory=list)
    event_path: FilePath | None = None
    missing: list[ImportedPage] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for page in self.pages if page.action == action)

    @property
    def writes(self) -> list[PagePlan]:
        pages = [p for p in self.pages if p.action != "unchanged"]
        return ([self.event_page] if self.event_page else []) + pages


class _Spellings:
    """One spelling per speaker, topic and organisation: the site's, else the schedule's first."""

    def __init__(self, entries: list[Entry], notes: list[Issue]) -> None:
        talks = [e for e in entries if isinstance(e.item, Talk)]
        self.known = {kind: {i: e.name for i, e in entities.collect(kind, talks).items()} for kind in entities.KINDS}
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


def _event_values(conference: Conference, event_id: str) -> dict[str, str]:
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


def _compare_event(event: Event, conference: Conference) -> list[str]:
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
    talk: ScheduledTalk, event_id: str, zone: str, event_zone: str, spell: _Spellings, notes: list[Issue]
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
    if talk.track:
        values["topics"] = [spell("topic", talk.track, talk)]
    values["summary"] = summary_of(talk)
    video = video_of(talk.links)
    slides = slides_of(talk.links, video)
    if video:
        values["video"] = video
    if slides:
        values["slides"] = slides
    values["start"] = local_start(talk, zone)
    if zone != event_zone:
        values["timezone"] = zone
    if talk.minutes:
        values["duration"] = str(talk.minutes)
    values["room"] = talk.room
    values["import"] = {"guid": talk.guid, "digest": talk.digest()}
    if not known:
        notes.append(
            Issue(talk.line, talk.where, f"type {talk.type!r} is not a format the site knows; imported as 'talk'")
        )
    return values


#: Fields the schedule gives but may leave out: then the page keeps its own (recordings come later).
KEPT_WHEN_ABSENT = ("topics", "video", "slides")
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


def _free_id(slug: str, event_id: str, taken: set[str], ours: set[str], folder: FilePath, files: set[FilePath]) -> str:
    """The slug; when another page of the site has it, '<event>-<slug>'; when this import has
    it (two talks of one title), '<slug>-2', ...: never an id in use or a file that exists."""
    first = [slug] if slug in ours else [slug, f"{event_id}-{slug}"]
    for candidate in itertools.chain(first, (f"{slug}-{n}" for n in itertools.count(2))):
        if candidate != "index" and candidate not in taken and folder / f"{candidate}.md" not in files:
            return candidate
    raise AssertionError("unreachable")


def plan(schedule: Schedule, event_id: str, site: SiteView) -> Plan:
    """The pages an import of `schedule` as event `event_id` writes, or the problems that stop it."""
    result = Plan(event_id, skipped=list(schedule.skipped), notes=list(schedule.notes))
    result.problems.extend(schedule.problems)
    conference = schedule.conference
    if conference is None or result.problems:
        return result
    event_zone = site.event.timezone if site.event else conference.timezone
    if site.event is None:
        path = site.folder / "index.md"
        if path in site.files:
            result.problems.append(
                Issue(
                    0,
                    "",
                    f"{site.show(path)} exists but is not an event page for {event_id!r}; move it or choose another --event",
                )
            )
            return result
        result.event_page = PagePlan(path, "add", event_page(_event_values(conference, event_id), event_id))
    else:
        result.event_differences = _compare_event(site.event, conference)
        result.event_path = site.event_path
    in_schedule = {talk.guid for talk in schedule.talks}
    rewritten = {site.imported[g].docname for g in in_schedule if g in site.imported}
    others = [e for e in site.entries if e.docname not in rewritten]
    spell = _Spellings(others, result.notes)
    taken = {e.item.id for e in site.entries if isinstance(e.item, Talk)}
    files = set(site.files)
    ours: set[str] = set()
    said_formats: set[str] = set()
    for talk in schedule.talks:
        notes: list[Issue] = []
        new = talk_values(talk, event_id, conference.timezone, event_zone, spell, notes)
        for note in notes:  # one note per unknown type, at its first talk
            if note.message not in said_formats:
                said_formats.add(note.message)
                result.notes.append(note)
        existing = site.imported.get(talk.guid)
        if existing is not None and existing.event != event_id:
            result.problems.append(
                Issue(
                    talk.line,
                    talk.where,
                    f"guid {talk.guid!r} was imported as a talk of {existing.event!r} ({site.show(existing.path)}); "
                    f"import this schedule with --event {existing.event}",
                )
            )
            continue
        if existing is None:
            slug = page_slug(talk, conference.acronym)
            name = _free_id(slug, event_id, taken, ours, site.folder, files)
            taken.add(name)
            ours.add(slug)
            path = site.folder / f"{name}.md"
            files.add(path)
            text = talk_page(new, body(talk.abstract, talk.description))
            result.pages.append(PagePlan(path, "add", text, talk=talk))
            continue
        old, span = existing.values, existing.span
        if span is None:
            result.problems.append(
                Issue(
                    talk.line,
                    talk.where,
                    f"its page {site.show(existing.path)} has a talk: mapping the import cannot rewrite; "
                    "write it in block style at the left margin (as `new` does)",
                )
            )
            continue
        merged = merge(old, new)
        text = replace_talk(existing.text, span, merged)
        previous = old.get("import") if isinstance(old.get("import"), dict) else {}
        changes = [(k, old.get(k), merged.get(k)) for k in TALK_ORDER if old.get(k) != merged.get(k)]
        page = PagePlan(
            existing.path,
            "unchanged" if text == existing.text else "update",
            text,
            existing.text,
            [c for c in changes if c[0] != "import"],
            description_changed=bool(previous.get("digest")) and previous.get("digest") != talk.digest(),
            talk=talk,
        )
        result.pages.append(page)
    gone = in_schedule | schedule.skipped_guids
    result.missing = sorted(
        (p for g, p in site.imported.items() if g not in gone and p.event == event_id),
        key=lambda p: p.docname,
    )
    _check(result, site)
    return result


def _check(result: Plan, site: SiteView) -> None:
    """Read every planned page back with the checker's calls; what it would report stops the import."""
    planned = result.writes  # an unchanged page is as the site's check already read it
    docnames = {}
    entries = []
    for page in planned:
        docname = docname_of(page.path, site.srcdir)
        docnames[docname] = page
        data = read_page(page.text, default_id(docname))
        for problem in data.problems:
            _blame(result, site, page, f"line {problem.line}: {problem.text()}")
        if data.entry is not None:
            entries.append(replace(data.entry, docname=docname))
    rest = [e for e in site.entries if e.docname not in docnames]
    before = {(d, p) for d, p in check_collection(rest)}
    for docname, problem in check_collection([*rest, *entries]):
        if docname in docnames:
            _blame(result, site, docnames[docname], problem.text())
        elif (docname, problem) not in before:
            result.problems.append(Issue(0, "", f"it would make {docname}.md report: {problem.text()}"))


def _blame(result: Plan, site: SiteView, page: PagePlan, message: str) -> None:
    talk = page.talk
    where = f"{talk.where}" if talk else ""
    result.problems.append(
        Issue(talk.line if talk else 0, where, f"its page {site.show(page.path)} would not pass check: {message}")
    )
