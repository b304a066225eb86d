"""The Domain that owns all talk data: entries per page, placeholders per page, and the
digests that tell which pages must be rewritten when the data they show changes."""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain, ObjType

from .checks import check_collection, first_by_id
from .model import Entry, Event, Talk
from .report import Subtype, warn, warn_problem

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .specs import Spec


class TalkDomain(Domain):
    """Talks and events by page; everything here is plain picklable data."""

    name = "talks"
    label = "Conference talks"
    object_types = {
        "talk": ObjType("talk", "talk"),
        "event": ObjType("event", "event"),
    }
    initial_data: dict[str, Any] = {
        "entries": {},  # docname -> Entry
        "placeholders": {},  # docname -> tuple[Spec, ...]
        "digests": {},  # docname -> digest of the data its placeholders showed when last written
    }
    data_version = 1

    _index: tuple[dict[str, Entry], dict[str, Entry]] | None = None

    @property
    def entries(self) -> dict[str, Entry]:
        return self.data["entries"]

    @property
    def placeholders(self) -> dict[str, tuple[Spec, ...]]:
        return self.data["placeholders"]

    @property
    def digests(self) -> dict[str, str]:
        return self.data["digests"]

    def _changed(self) -> None:
        self._index = None

    def _lookup(self) -> tuple[dict[str, Entry], dict[str, Entry]]:
        if self._index is None:
            values = self.entries.values()
            self._index = (first_by_id(values, Talk), first_by_id(values, Event))
        return self._index

    @property
    def talks(self) -> dict[str, Entry]:
        """Talk id -> entry (the first page by name wins a duplicate id)."""
        return self._lookup()[0]

    @property
    def events(self) -> dict[str, Entry]:
        """Event id -> entry."""
        return self._lookup()[1]

    def talk_of(self, docname: str) -> Entry | None:
        entry = self.entries.get(docname)
        return entry if entry is not None and isinstance(entry.item, Talk) else None

    def event_of(self, talk: Talk) -> Entry | None:
        return self.events.get(talk.event)

    # --- writing data (read phase only) ---------------------------------------------

    def add_entry(self, entry: Entry) -> None:
        self.entries[entry.docname] = entry
        self._changed()

    def add_placeholder(self, docname: str, spec: Spec) -> None:
        self.placeholders[docname] = (*self.placeholders.get(docname, ()), spec)

    # --- the Domain protocol ----------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self.entries.pop(docname, None)
        self.placeholders.pop(docname, None)
        self.digests.pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("entries", "placeholders", "digests"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value
        self._changed()

    def check_consistency(self) -> None:
        """Cross-page problems, re-reported on every build so `-W` never lets one through."""
        for docname, problem in check_collection(self.entries.values()):
            warn_problem(problem, docname)
        for docname, specs in sorted(self.placeholders.items()):
            for spec in specs:
                for message in spec.problems(self):
                    warn(message, docname, spec.line, Subtype.reference)

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for kind, table in (("talk", self.talks), ("event", self.events)):
            for ident, entry in sorted(table.items()):
                item = entry.item
                label = item.title if isinstance(item, Talk) else item.name
                yield ident, label, kind, entry.docname, "", 1


def get_domain(env: BuildEnvironment) -> TalkDomain:
    return env.get_domain(TalkDomain.name)  # type: ignore[return-value]
