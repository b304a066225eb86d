"""The Domain owning all talk data: entries and placeholders per page, and the digests that pick rewrites."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Set
from typing import TYPE_CHECKING, Any, Protocol

from docutils import nodes
from sphinx.domains import Domain, ObjType

from ..core import entities, fingerprints, people, subscriptions
from ..core import events as colocated
from ..core.calendars import talk_calendar
from ..core.checks import check_collection, first_by_id
from ..core.model import Entry, Event, Talk, slugify, start_key
from ..core.problems import unknown
from ..core.recordings import Track
from . import unchanged
from .publish import page_url
from .report import Subtype, exact_location, warn, warn_at, warn_problem
from .roles import DOMAIN_NAME, TalkRole

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .delta import Delta

#: Every kind of object a role can point at.
OBJECT_KINDS = ("talk", "event", *entities.KINDS)


class Spec(Protocol):
    """What a placeholder asks for (specs.py has them all): the Domain stores one per placeholder
    and per page navigation, and asks it for its inputs when the page is written."""

    line: int

    def inputs(self, domain: TalkDomain, docname: str) -> tuple:
        """Everything the placeholder shows, from the Domain; its digest decides rewrites."""

    def problems(self, domain: TalkDomain) -> list[str]:
        """What it names that does not exist, reported at its line after every read."""

    def reaches(self, domain: TalkDomain, docname: str, delta: Delta) -> bool: ...  # can a Delta change inputs?


class TalkDomain(Domain):
    """Talks and events by page; everything here is plain picklable data."""

    name = DOMAIN_NAME
    label = "Conference talks"
    object_types = {kind: ObjType(kind, kind) for kind in OBJECT_KINDS}
    roles = {kind: TalkRole(kind) for kind in OBJECT_KINDS}
    initial_data: dict[str, Any] = {
        "entries": {},  # docname -> Entry
        "placeholders": {},  # docname -> tuple[Spec, ...]
        # docname -> True: pages whose talk or event front-matter was reported unreadable, so the
        # card directive on them says nothing more (the front-matter warning says what to fix)
        "reported": {},
        "redirects": {},  # docname -> ((earlier path, line), ...) from `redirect_from`
        # output target (builder and folder) -> docname -> digest of what its placeholders showed
        # when last written there; per target, as builders may share one environment
        "digests": {},
        # changes to the data so far, and their count when each target's digests were made
        "generation": 0,
        "digested": {},
        "plans": {},  # output target -> its outputs' digests and what they were made from (plan.py)
        # what inventory.publish_targets last added to Sphinx's std labels and general index
        # (generated pages are not documents, so Sphinx never purges these itself)
        "labels": [],  # label names
        "index_pages": [],  # pages with index entries
        # docname -> tuple[Track, ...]: the captions of a talk page's recordings, as read
        "tracks": {},
        # docname -> (digest, part): timed talks' VEVENTs, kept between builds (calendars.keep_parts)
        "vevents": {},
    }
    data_version = 7

    _index: tuple[dict[str, Entry], ...] | None = None
    _entities: dict[str, dict[str, entities.Entity]] | None = None
    _programmes: dict[str, list[Entry]] | None = None
    _positions: dict[str, int] | None = None
    _texts: dict[int, tuple[Entry, str]] | None = None
    _memos: dict[object, Any] | None = None
    #: The process that reads, or a forked reader once it has let go of others' pages (below).
    _reader: int | None = None

    @property
    def entries(self) -> dict[str, Entry]:
        return self.data["entries"]

    @property
    def placeholders(self) -> dict[str, tuple[Spec, ...]]:
        return self.data["placeholders"]

    @property
    def redirects(self) -> dict[str, tuple[tuple[str, int], ...]]:
        return self.data["redirects"]

    def written(self, target: str) -> dict[str, str]:
        """Digests of the pages as last written to one output target."""
        return self.data["digests"].setdefault(target, {})

    def digests_current(self, target: str) -> bool:
        """Whether the data is as it was when the digests of `target` were last made."""
        return self.data["digested"].get(target) == self.data["generation"]

    def note_digested(self, target: str) -> None:
        self.data["digested"][target] = self.data["generation"]

    def _changed(self) -> None:
        self.data["generation"] += 1
        self._index = None
        self._entities = None
        self._programmes = None
        self._positions = None
        self._texts = None
        self._memos = None

    def keep(self, key: object, make: Callable[[], Any]) -> Any:
        """What `make` returns for `key`, made once for this environment: what no page changes."""
        kept = self.__dict__.setdefault("_kept", {})
        if key not in kept:
            kept[key] = make()
        return kept[key]

    def memo(self, key: object, make: Callable[[], Any]) -> Any:
        """What `make` returns for `key`, made once while the data stays as it is (the writer asks again)."""
        if self._memos is None:
            self._memos = {}
        if key not in self._memos:
            self._memos[key] = make()
        return self._memos[key]

    def _lookup(self) -> tuple[dict[str, Entry], ...]:
        if self._index is None:
            values = people.resolve(self.entries.values())  # speakers as their profiles name them
            by_doc = {e.docname: e for e in values}
            self._index = (first_by_id(values, Talk), first_by_id(values, Event), people.profiles(values), by_doc)
        return self._index

    @property
    def talks(self) -> dict[str, Entry]:
        """Talk id -> entry (the first page by name wins a duplicate id)."""
        return self._lookup()[0]

    @property
    def events(self) -> dict[str, Entry]:
        """Event id -> entry."""
        return self._lookup()[1]

    @property
    def people(self) -> dict[str, Entry]:
        """Profile (speaker) id -> the entry of its `people/<id>.md` page."""
        return self._lookup()[2]

    def entities(self, kind: str) -> dict[str, entities.Entity]:
        """Speakers, topics, projects or organisations by id, derived from the talks."""
        if self._entities is None:
            self._entities = {}
        if kind not in self._entities:
            self._entities[kind] = entities.collect(kind, self.talks.values(), self.events)
        return self._entities[kind]

    def programme(self, event_id: str) -> list[Entry]:
        """The talks of one event in programme order; cached: every talk page's navigation asks."""
        if self._programmes is None:
            self._programmes = {}
            events = self.events

            def when(entry: Entry) -> tuple:
                talk: Talk = entry.item  # type: ignore[assignment]
                event = events.get(talk.event)
                return (*start_key(talk, event.item if event else None), talk.title.casefold(), talk.id)  # type: ignore[arg-type]

            ordered = sorted(self.talks.values(), key=when)
            for entry in ordered:
                self._programmes.setdefault(entry.item.event, []).append(entry)  # type: ignore[union-attr]
        return self._programmes.get(event_id, [])

    def talks_of(self, kind: str, ident: str) -> list[Entry]:
        """The talks of an event's page (its programme) or of an entity's page (by id)."""
        if kind == "event":
            return self.programme(ident)
        entity = self.entities(kind).get(ident)
        return [self.talks[t] for t in entity.talks if t in self.talks] if entity is not None else []

    def calendar_of(self, entry: Entry) -> str | None:
        """A talk's own calendar path, or None (core.calendars decides); made once for all who ask."""
        event = self.event_of(entry.item)  # type: ignore[arg-type]
        make = lambda: talk_calendar(entry.item, event.item if event else None)  # type: ignore[arg-type]  # noqa: E731
        return self.memo(("calendar", entry.docname), make)

    def subscription(self, kind: str, ident: str) -> subscriptions.Subscription | None:
        """The feed and calendar of an event's or entity's page, or None; made once for all who ask."""

        def make() -> subscriptions.Subscription | None:
            found = self.target(kind, ident)
            calendars = map(self.calendar_of, self.talks_of(kind, ident))
            return subscriptions.subscription(kind, ident, found[2], calendars) if found else None

        return self.memo(("subscription", kind, ident), make)

    def target(self, kind: str, ident: str) -> tuple[str, str, str] | None:
        """(page, anchor, display name) of an object, or None when there is no such object."""
        if kind in ("talk", "event"):
            entry = (self.talks if kind == "talk" else self.events).get(ident)
            if entry is None:
                return None
            item = entry.item
            return entry.docname, "", item.title if isinstance(item, Talk) else item.name
        if kind == "speaker":  # a name or former id a profile lists leads to the person
            ident = self.memo("aliases", lambda: people.claims(self.people)[0]).get(ident, ident)
        entity = self.entities(kind).get(ident)
        return (entity.pagename, "", entity.name) if entity is not None else None

    def known(self, kind: str) -> Iterable[str]:
        if kind in ("talk", "event"):
            return (self.talks if kind == "talk" else self.events).keys()
        return self.entities(kind).keys()

    def fingerprint(self, shown: object) -> str:
        """A digest of what a page shows; each entry's text is made once per build, not per page."""
        if self._texts is None:
            self._texts = {}
        return fingerprints.fingerprint(shown, self._texts)

    def position(self, docname: str) -> int:
        """Where a talk page stands in its event's programme, or -1."""
        if self._positions is None:
            self._positions = {}
        if not self._positions:
            for talks in (self.programme(e) for e in {t.item.event for t in self.talks.values()}):  # type: ignore[union-attr]
                self._positions.update({e.docname: i for i, e in enumerate(talks)})
        return self._positions.get(docname, -1)

    def parent_of(self, event: Event) -> Entry | None:
        """The event a co-located event is part of (core/events.py decides), or None."""
        return colocated.parent_of(event, self.events)

    def co_located(self, event_id: str) -> list[Entry]:
        """The events co-located with one event."""
        return colocated.co_located(event_id, self.events)

    def talk_of(self, docname: str) -> Entry | None:
        entry = self._lookup()[3].get(docname)  # speakers named as their profiles name them
        return entry if entry is not None and isinstance(entry.item, Talk) else None

    def event_of(self, talk: Talk) -> Entry | None:
        return self.events.get(talk.event)

    # --- writing data (read phase only) ---------------------------------------------

    def add_entry(self, entry: Entry) -> None:
        self.entries[entry.docname] = entry
        self._changed()

    def note_reported(self, docname: str) -> None:
        self.data["reported"][docname] = True

    def was_reported(self, docname: str) -> bool:
        return docname in self.data["reported"]

    def add_redirects(self, docname: str, redirects: tuple[tuple[str, int], ...]) -> None:
        self.redirects[docname] = redirects

    def set_tracks(self, docname: str, tracks: tuple[Track, ...]) -> None:
        if tracks:
            self.data["tracks"][docname] = tracks
        else:
            self.data["tracks"].pop(docname, None)

    def tracks_of(self, docname: str) -> tuple[Track, ...]:
        """The captions of a talk page's recordings, in the order of its recordings."""
        return self.data["tracks"].get(docname, ())

    def all_tracks(self) -> dict[str, tuple[Track, ...]]:
        return self.data["tracks"]

    def note_reader(self) -> None:
        """The process about to read: the one that merges what any process it forks has read."""
        self._reader = os.getpid()

    def forget_merged_pages(self) -> bool:
        """In a process Sphinx forked to read a chunk of pages (-j), before its first page: drop
        the pages' data it was forked with, and say so. Sphinx sends a reader's whole environment
        back, pickled (more and larger chunks the larger the site: quadratic), to merge only the
        chunk's pages from it; reading never looks at another page."""
        pid = os.getpid()
        if self._reader in (None, pid):
            return False
        self._reader = pid
        for key in ("entries", "placeholders", "reported", "redirects", "tracks", "vevents", "digests"):
            self.data[key].clear()
        self._changed()
        return True

    def add_placeholder(self, docname: str, spec: Spec) -> None:
        self.placeholders[docname] = (*self.placeholders.get(docname, ()), spec)

    # --- the Domain protocol ----------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        unchanged.note(self, docname)  # labels, index_pages: replaced after every read (publish_targets)
        self.entries.pop(docname, None)
        self.placeholders.pop(docname, None)
        self.data["reported"].pop(docname, None)
        self.redirects.pop(docname, None)
        self.data["tracks"].pop(docname, None)
        self.data["vevents"].pop(docname, None)
        for written in self.data["digests"].values():
            written.pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # digests, labels and index_pages are only written in the main process, after reading
        for key in ("entries", "placeholders", "reported", "redirects", "tracks"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value
        self._changed()

    def check_consistency(self) -> None:
        """Cross-page problems, re-reported on every build so `-W` never lets one through."""
        for docname, problem in check_collection(self.entries.values(), self.redirects, self.env.found_docs):
            warn_problem(problem, docname)
        for docname, specs in sorted(self.placeholders.items()):
            for spec in specs:
                for message in spec.problems(self):
                    warn(message, docname, spec.line, Subtype.reference)

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for kind in OBJECT_KINDS:
            for ident in sorted(self.known(kind)):
                page, anchor, name = self.target(kind, ident)  # type: ignore[misc]
                yield ident, name, kind, page, anchor, 1

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        found = self.target(typ, slugify(target))
        if found is None:
            return None
        page, anchor, name = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(name, name, classes=contnode.get("classes", []))
        uri = page_url(builder, page, fromdocname)
        if uri is None:
            return contnode  # a page this build does not write (publish.py): the name as text
        return nodes.reference(
            "", "", contnode, internal=True, refuri=uri + (f"#{anchor}" if anchor else ""), reftitle=name
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        found = []
        for kind in OBJECT_KINDS:
            ref = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if ref is not None:
                found.append((f"{self.name}:{kind}", ref))
        return found

    def missing_message(self, kind: str, target: str) -> str:
        return unknown(kind, target, self.known(kind))


def warn_missing_reference(app: object, domain: Domain, node: pending_xref) -> bool | None:
    """warn-missing-reference: our own message, with a did-you-mean, instead of Sphinx's."""
    if not isinstance(domain, TalkDomain):
        return None
    kind, target = node["reftype"], node["reftarget"]
    node.source, node.line = exact_location(node)
    warn_at(f"{{{kind}}}: " + domain.missing_message(kind, target), node, Subtype.reference)
    return True


def output_target(builder: Builder) -> str:
    """Which output a digest describes: builders sharing one environment write different files."""
    return f"{builder.name}:{builder.outdir}"


def get_domain(env: BuildEnvironment) -> TalkDomain:
    return env.get_domain(TalkDomain.name)  # type: ignore[return-value]
