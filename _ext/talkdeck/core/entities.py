"""Speakers, topics, projects and organisations, derived from the talks that name them;
no Sphinx imports. Each kind gets one generated page per entity and an overview page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .model import Entry, Talk, slugify


@dataclass(frozen=True)
class Kind:
    """One kind of entity: its role name, the folder of its pages and its labels."""

    name: str
    folder: str
    singular: str
    plural: str


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("speaker", "speakers", "Speaker", "Speakers"),
        Kind("topic", "topics", "Topic", "Topics"),
        Kind("project", "projects", "Project", "Projects"),
        Kind("organisation", "organisations", "Organisation", "Organisations"),
    )
}


@dataclass(frozen=True)
class Entity:
    """A speaker, topic, project or organisation and the talks (ids) that name it."""

    kind: str
    id: str
    name: str
    talks: tuple[str, ...]
    #: Speakers only: (talk id, affiliation, role) for each of their talks.
    appearances: tuple[tuple[str, str, str], ...] = ()
    #: Organisations only: ids of the speakers who gave it as their affiliation.
    members: tuple[str, ...] = ()

    @property
    def pagename(self) -> str:
        return pagename(self.kind, self.id)


def pagename(kind: str, ident: str) -> str:
    """The page name of an entity's generated page."""
    return f"{KINDS[kind].folder}/{ident}"


def _names(kind: str, talk: Talk) -> list[tuple[str, str]]:
    """(id, display name) pairs of one kind that a talk names."""
    if kind == "speaker":
        return [(s.id, s.name) for s in talk.speakers]
    if kind == "topic":
        return [(slugify(t), t) for t in talk.topics]
    if kind == "project":
        return [(slugify(p), p) for p in talk.projects]
    return [(slugify(s.affiliation), s.affiliation) for s in talk.speakers if s.affiliation]


def talk_ids(kind: str, talk: Talk) -> set[str]:
    """The ids of the entities of one kind that a talk names (what a grid filters by)."""
    return {ident for ident, _ in _names(kind, talk) if ident}


def ids(kind: str, talks: Iterable[Entry]) -> set[str]:
    """The ids of every entity of one kind (the keys `collect` gives, without naming them)."""
    return {ident for entry in talks for ident in talk_ids(kind, entry.item)}  # type: ignore[arg-type]


def canonical_names(
    kind: str, talks: Iterable[Entry], events: Mapping[str, Entry] | None = None
) -> dict[str, tuple[str, str, int]]:
    """id -> (name, a page that writes it so, how many pages do) for every entity of one kind.

    Where pages spell one entity differently (case, spaces, accents), the spelling most pages use
    wins; a tie goes to the spelling on the page with the earliest event, then the earliest page
    name. So one newcomer's variant never renames what older pages agree on."""
    events = events or {}
    pages: dict[str, dict[str, list[tuple[date, str]]]] = {}
    for entry in talks:
        talk: Talk = entry.item  # type: ignore[assignment]
        event = events.get(talk.event)
        day = getattr(event.item, "start", None) if event is not None else None
        when = (day or date.max, entry.docname)
        for ident, name in dict.fromkeys(_names(kind, talk)):
            if ident:
                pages.setdefault(ident, {}).setdefault(name, []).append(when)
    chosen = {}
    for ident, spellings in pages.items():
        name, uses = min(spellings.items(), key=lambda item: (-len(item[1]), min(item[1]), item[0]))
        chosen[ident] = (name, min(uses)[1], len(uses))
    return chosen


def collect(kind: str, talks: Iterable[Entry], events: Mapping[str, Entry] | None = None) -> dict[str, Entity]:
    """Entities of one kind, sorted by id, each named by its canonical spelling."""
    talks = sorted(talks, key=lambda e: e.docname)
    names = canonical_names(kind, talks, events)
    talk_ids: dict[str, set[str]] = {}
    appearances: dict[str, list[tuple[str, str, str]]] = {}
    members: dict[str, set[str]] = {}
    for entry in talks:
        talk: Talk = entry.item  # type: ignore[assignment]
        for ident, _name in _names(kind, talk):
            if ident:
                talk_ids.setdefault(ident, set()).add(talk.id)
        for s in talk.speakers:
            if kind == "speaker":
                appearances.setdefault(s.id, []).append((talk.id, s.affiliation, s.role))
            elif kind == "organisation" and slugify(s.affiliation):
                members.setdefault(slugify(s.affiliation), set()).add(s.id)
    return {
        ident: Entity(
            kind,
            ident,
            names[ident][0],
            tuple(sorted(talk_ids[ident])),
            tuple(sorted(set(appearances.get(ident, ())))),
            tuple(sorted(members.get(ident, ()))),
        )
        for ident in sorted(names)
    }


@dataclass(frozen=True)
class Variant:
    """A page that writes an entity differently from the canonical spelling."""

    entry: Entry
    field: str
    written: str
    canonical: str
    example: str  # a page that writes the canonical spelling
    count: int  # how many pages do


def spelling_problems(kind: str, talks: Iterable[Entry], events: Mapping[str, Entry] | None = None) -> list[Variant]:
    """Every place a page writes an entity other than as canonical_names spells it."""
    talks = sorted(talks, key=lambda e: e.docname)
    canonical = canonical_names(kind, talks, events)
    found = []
    for entry in talks:
        talk: Talk = entry.item  # type: ignore[assignment]
        for index, (ident, name) in enumerate(_names(kind, talk), start=1):
            if ident and canonical[ident][0] != name:
                spelled, example, count = canonical[ident]
                found.append(Variant(entry, _field(kind, talk, index), name, spelled, example, count))
    return found


def _field(kind: str, talk: Talk, index: int) -> str:
    if kind == "speaker":
        return f"talk.speakers[{index}].name"
    if kind == "organisation":
        affiliated = [i for i, s in enumerate(talk.speakers, start=1) if s.affiliation]
        return f"talk.speakers[{affiliated[index - 1]}].affiliation"
    return f"talk.{kind}s[{index}]"
