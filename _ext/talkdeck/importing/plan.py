"""`import`: a frab / pretalx schedule (schedule.json, or schedule.xml in the same shape) turned
into talk pages. This module is pure: a read schedule and what the site already holds in, the
planned pages and every problem out; `tree.py` reads the site and writes the files.

Decisions, as the format leaves them open or the site needs them:

- Identity: each schedule event's `guid` is kept in the page's front-matter, `talk.import.guid`;
  a re-import finds the page by it wherever it is, whatever its file name. New pages go to
  `<root>/<event-id>/<slug>.md`, the slug from the schedule's `slug` without its
  `<acronym>-<number>-` prefix (frab's and pretalx's pattern), else from the title;
  `<event-id>-<slug>`, then `<slug>-2`, ... when the id is taken anywhere on the site.
- Fields: title; subtitle -> `summary` (else the abstract's first paragraph, cut at a word
  before 200 characters, else the title); persons -> speakers (`name`, else frab's
  `public_name`; `affiliation` only if the schedule has one; pretalx's `biography` and `avatar`
  make a new profile page, people/<id>.md, for a person the site has none for); type -> format (by keyword, unknown -> talk, said once per
  type); track -> topics; `date` (with its offset) -> `start` in the conference's time zone,
  `timezone` only where that differs from the event page's; duration (or `end`) -> minutes;
  room (the event's own, else its room key); links/attachments -> `video` (type `media`, a
  known video host, or a title saying video/recording) and `slides` (type `slides`, a title
  saying slides/pdf, or a .pdf), http(s) only, relative ones resolved against `base_url`.
- Re-import: the fields above are replaced; `topics`, `video`, `recordings`, `chapters` and
  `slides` stay as the page has them when the schedule has none (a page that lists its
  `recordings` keeps them, and the schedule's video link is not added beside them); `id`,
  `projects` and a speaker's `affiliation`, `role` and `id` stay too. The body (abstract and description as escaped
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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath
from typing import Any

from ..core import people
from ..core.checks import check_collection
from ..core.frontmatter import default_id, read_page
from ..core.model import Entry, Event, Talk, slugify
from ..core.sources import docname_of
from ..core.yamlwrite import TALK_ORDER
from .pages import body, event_page, profile_page, replace_talk, talk_page
from .records import Issue, Schedule, ScheduledTalk
from .values import Spellings, compare_event, event_values, merge, page_slug, talk_values


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
    """What the planner needs to know of the site, read by tree.py (no files here)."""

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
    #: New speaker profiles (people/<id>.md) of persons with a biography or a picture.
    profiles: list[PagePlan] = field(default_factory=list)
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
        return ([self.event_page] if self.event_page else []) + pages + self.profiles


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
        result.event_page = PagePlan(path, "add", event_page(event_values(conference, event_id), event_id))
    else:
        result.event_differences = compare_event(site.event, conference)
        result.event_path = site.event_path
    in_schedule = {talk.guid for talk in schedule.talks}
    rewritten = {site.imported[g].docname for g in in_schedule if g in site.imported}
    others = [e for e in site.entries if e.docname not in rewritten]
    spell = Spellings(others, result.notes)
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
    _plan_profiles(schedule, site, result)
    gone = in_schedule | schedule.skipped_guids
    result.missing = sorted(
        (p for g, p in site.imported.items() if g not in gone and p.event == event_id),
        key=lambda p: p.docname,
    )
    _check(result, site)
    return result


def _plan_profiles(schedule: Schedule, site: SiteView, result: Plan) -> None:
    """A profile page for each person with a biography or an avatar who has none yet; a person
    the site already has a profile for (by name, alias or id) keeps it exactly as it is."""
    claimed, _ = people.claims(people.profiles(site.entries))
    pages = {e.docname for e in site.entries}
    done: set[str] = set()
    for talk in schedule.talks:
        for person in talk.persons:
            ident = slugify(person.name)
            if not ident or ident in done or not (person.biography.strip() or person.avatar):
                continue
            done.add(ident)
            if ident in claimed:
                result.notes.append(
                    Issue(
                        talk.line, talk.where, f"{person.name!r} has a profile already; the import leaves it as it is"
                    )
                )
                continue
            path = site.srcdir / people.PEOPLE_FOLDER / f"{ident}.md"
            if docname_of(path, site.srcdir) in pages:
                continue
            result.profiles.append(PagePlan(path, "add", profile_page(person.name, person.biography, person.avatar)))


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
