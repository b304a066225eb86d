"""Speakers, topics, projects and organisations, derived from the talks that name them;
no Sphinx imports. Each kind gets one generated page per entity and an overview page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
        return f"{KINDS[self.kind].folder}/{self.id}"


def _names(kind: str, talk: Talk) -> list[tuple[str, str]]:
    """(id, display name) pairs of one kind that a talk names."""
    if kind == "speaker":
        return [(s.id, s.name) for s in talk.speakers]
    if kind == "topic":
        return [(slugify(t), t) for t in talk.topics]
    if kind == "project":
        return [(slugify(p), p) for p in talk.projects]
    return [(slugify(s.affiliation), s.affiliation) for s in talk.speakers if s.affiliation]


def collect(kind: str, talks: Iterable[Entry]) -> dict[str, Entity]:
    """Entities of one kind, sorted by id; the first spelling (by page name) gives the name."""
    names: dict[str, str] = {}
    talk_ids: dict[str, set[str]] = {}
    appearances: dict[str, list[tuple[str, str, str]]] = {}
    members: dict[str, set[str]] = {}
    for entry in sorted(talks, key=lambda e: e.docname):
        talk: Talk = entry.item  # type: ignore[assignment]
        for ident, name in _names(kind, talk):
            if ident:
                names.setdefault(ident, name)
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
            names[ident],
            tuple(sorted(talk_ids[ident])),
            tuple(sorted(set(appearances.get(ident, ())))),
            tuple(sorted(members.get(ident, ()))),
        )
        for ident in sorted(names)
    }


def spelling_problems(kind: str, talks: Iterable[Entry]) -> list[tuple[Entry, str, str, str]]:
    """(entry, field, written, canonical) where one entity is written two ways (case, spaces, accents)."""
    canonical: dict[str, tuple[str, str]] = {}
    found = []
    for entry in sorted(talks, key=lambda e: e.docname):
        talk: Talk = entry.item  # type: ignore[assignment]
        for index, (ident, name) in enumerate(_names(kind, talk), start=1):
            if not ident:
                continue
            first = canonical.setdefault(ident, (name, entry.docname))
            if first[0] != name:
                found.append((entry, _field(kind, talk, index), name, first[0]))
    return found


def _field(kind: str, talk: Talk, index: int) -> str:
    if kind == "speaker":
        return f"talk.speakers[{index}].name"
    if kind == "organisation":
        affiliated = [i for i, s in enumerate(talk.speakers, start=1) if s.affiliation]
        return f"talk.speakers[{affiliated[index - 1]}].affiliation"
    return f"talk.{kind}s[{index}]"
