"""What the pages read in a build changed in the talks, so that the digests only some talks reach
are worked out again for those alone.

A speakers edit at 10,000 talks worked out the inputs and digest of every page's listings, every
generated page and every export again (8 s of its 36 s), though the edit reaches a few dozen of
them. When the pages read change talk records and nothing else the listings, generated pages and
exports show (no event, profile, redirect or caption; no other page claiming one of those talks'
ids), a `Delta` names the talks before and after, and each spec says whether it could show other
data (`reaches`, next to the `inputs` it speaks for); anything not sure says yes. Otherwise there
is no Delta and everything is worked out again, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ..core import people
from ..core.entities import KINDS, Entity, talk_ids
from ..core.model import Entry, Talk


class Domain(Protocol):
    """The Domain as seen here (domain.py imports unchanged.py, which imports this module)."""

    data: dict[str, Any]

    @property
    def entries(self) -> dict[str, Entry]: ...

    @property
    def people(self) -> dict[str, Entry]: ...

    def talk_of(self, docname: str) -> Entry | None: ...


#: The records a page gives the Domain that a Delta allows to change (the others send every
#: digest to be worked out again).
ALLOWED = ("entries", "placeholders", "reported")
#: Where the Domain keeps this build's Delta (for this process and build only).
KEY = "_delta"


@dataclass(frozen=True)
class Delta:
    """The talks the pages read in this build changed, before and after (speakers as their
    profiles name them), and what they name."""

    #: The Domain's generation before this build read anything: digests made then hold for
    #: everything the Delta does not reach.
    base: int
    #: Pages read or removed whose records changed: their own digests are always made again.
    docnames: frozenset[str]
    talks: tuple[Talk, ...]
    ids: frozenset[str]
    events: frozenset[str]
    #: (kind, id) of every speaker, topic, project and organisation the talks name.
    entities: frozenset[tuple[str, str]]

    def names(self, kind: str, ids: Iterable[str]) -> bool:
        """Whether the talks name any of these entities of one kind."""
        return any((kind, ident) in self.entities for ident in ids)

    def reaches_subscription(self, kind: str, ident: str) -> bool:
        """Whether the talks are, before or after, in an event (`kind` "event") or name an
        entity: what its feed and calendar show (its talks, under its name) can change."""
        return ident in self.events if kind == "event" else (kind, ident) in self.entities

    def reaches_entity(self, entity: Entity) -> bool:
        """Whether an entity's page could show other data: its talks or name (as its feed), or
        (an organisation) one of its members, whose name it shows."""
        return self.reaches_subscription(entity.kind, entity.id) or self.names("speaker", entity.members)


def of(
    domain: Domain, before: dict[str, tuple[tuple[Any, ...], Any, Any]], records: tuple[str, ...], base: int
) -> Delta | None:
    """The Delta of the pages read (`before`: each page's records as they were, in the order of
    `records`), or None when they changed more than talks."""
    docnames, old, new = set(), [], []
    entry_at = records.index("entries")
    for docname, (was, _, _) in before.items():
        now = tuple(domain.data[key].get(docname) for key in records)
        if now == was:
            continue
        docnames.add(docname)
        for key, a, b in zip(records, was, now, strict=True):
            if a != b and key not in ALLOWED:
                return None
        then, later = was[entry_at], now[entry_at]
        if then == later:
            continue
        for entry in (then, later):
            if entry is not None and not isinstance(entry.item, Talk):
                return None
        if then is not None:
            old.append(then)
        if later is not None:
            new.append(later)
    # as written and as profiles name their speakers: what reaches anything is in one or the other
    resolved = people.resolve([*old, *domain.people.values()])
    talks = [e.item for e in (*old, *new, *resolved) if isinstance(e.item, Talk)]
    talks += [found.item for e in new if (found := domain.talk_of(e.docname)) is not None]
    ids = frozenset(t.id for t in talks)
    if _claimed_elsewhere(domain.entries.values(), ids, docnames):
        return None  # another page's talk with one of these ids may now be the one shown
    entities = frozenset((kind, ident) for t in talks for kind in KINDS for ident in talk_ids(kind, t))
    return Delta(base, frozenset(docnames), tuple(talks), ids, frozenset(t.event for t in talks), entities)


def _claimed_elsewhere(entries: Iterable[Entry], ids: frozenset[str], docnames: set[str]) -> bool:
    return any(isinstance(e.item, Talk) and e.item.id in ids and e.docname not in docnames for e in entries)


def always(spec: object, domain: object, docname: str, delta: Delta) -> bool:
    """`reaches` for specs that show counts or names made from every talk, or that are few:
    worked out again after any change of the talks."""
    return True


def own_page(spec: object, domain: object, docname: str, delta: Delta) -> bool:
    """`reaches` for specs that show their own page's talk or event alone (a page whose records
    changed is always worked out again), or nothing that changes with the talks."""
    return False


def current(domain: object) -> Delta | None:
    """This build's Delta, if it has one."""
    return domain.__dict__.get(KEY)  # type: ignore[no-any-return]


def keep(domain: object, delta: Delta | None) -> None:
    domain.__dict__[KEY] = delta
