"""`list`: the ids and names already on the site, with how many talks use each, so a new
page reuses an existing speaker, topic or event instead of spelling it a new way."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

from ..core import entities
from ..core.checks import first_by_id
from ..core.model import FORMATS, Event, Talk
from ..core.sources import Site

#: What `list` can show, in the order it shows them.
KINDS = ("events", "speakers", "topics", "projects", "organisations", "formats")


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    talks: int


def items(site: Site, kind: str) -> list[Item]:
    """One kind's ids, names and talk counts, sorted by id (the order the site's pages use)."""
    talks = list(first_by_id(site.entries(), Talk).values())
    if kind == "events":
        counts = Counter(t.item.event for t in talks)  # type: ignore[union-attr]
        events = first_by_id(site.entries(), Event)
        return [Item(i, e.item.name, counts[i]) for i, e in sorted(events.items())]  # type: ignore[union-attr]
    if kind == "formats":
        counts = Counter(t.item.format for t in talks)  # type: ignore[union-attr]
        return [Item(i, label, counts[i]) for i, label in FORMATS.items()]
    found = entities.collect(kind.removesuffix("s"), talks, first_by_id(site.entries(), Event))
    return [Item(e.id, e.name, len(e.talks)) for e in found.values()]


def as_json(site: Site, kinds: list[str]) -> str:
    return json.dumps({kind: [asdict(i) for i in items(site, kind)] for kind in kinds}, ensure_ascii=False, indent=2)


def as_text(site: Site, kinds: list[str]) -> str:
    """Aligned columns: id, name, talk count; a heading per kind when there are several."""
    out: list[str] = []
    for kind in kinds:
        rows = items(site, kind)
        if len(kinds) > 1:
            out.append(f"{kind} ({len(rows)})" if out == [] else f"\n{kind} ({len(rows)})")
        if not rows:
            out.append("  (none yet)")
        width = max((len(r.id) for r in rows), default=0)
        name_width = max((len(r.name) for r in rows), default=0)
        for row in rows:
            count = f"{row.talks} talk{'s' * (row.talks != 1)}"
            out.append(f"  {row.id:<{width}}  {row.name:<{name_width}}  {count}".rstrip())
    return "\n".join(out)
