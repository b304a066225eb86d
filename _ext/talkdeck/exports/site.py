"""What every export is made from, and the pieces they share: the site's data with its URLs,
time stamp and names (`SiteData`), the exact text of a JSON export, and digests.

An export is a pure function of a `SiteData` to outputs (`sphinxext.outputs.Output`): a digest
of everything the files show and how to make their bytes. Nothing here touches the output
folder: `writer.py` is the one place that does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.entities import KINDS
from ..core.recordings import Recording
from ..core.subscriptions import Subscription
from ..core.version import __version__
from ..sphinxext.publish import Urls

if TYPE_CHECKING:
    from ..sphinxext.delta import Delta
    from ..sphinxext.domain import TalkDomain

#: Part of every export's digest: change it when the way exports are made changes in a way
#: their code bytes would not show (a dependency's behaviour, say).
FORMAT = 1


@dataclass(frozen=True)
class SiteData:
    """The Domain's data as one build publishes it."""

    domain: TalkDomain
    urls: Urls
    #: SOURCE_DATE_EPOCH or the data's latest date (publish.export_timestamp), never the clock.
    generated: datetime
    language: str
    #: The project's name and author (conf.py), for the feed.
    project: str = ""
    author: str = ""
    #: The digest of every record (`records_digest`): entities and programmes derive from them.
    records: str = ""
    #: What this build's pages changed, when they changed talks alone (sphinxext/delta.py), and
    #: the exports' digests of the build before it, which hold for what the Delta does not reach.
    delta: Delta | None = None
    previous: Mapping[str, str] = field(default_factory=dict)

    def kept(self, key: str, kind: str, ident: str) -> str | None:
        """The digest the build before made for output `key`, which shows one event's or
        entity's talks under its name, when this build's Delta does not reach that event or
        entity (none of its talks, before or after, changed); else None: made again."""
        if self.delta is None or self.delta.reaches_subscription(kind, ident):
            return None
        return self.previous.get(key)

    def subscribable(self) -> list[tuple[str, str]]:
        """(kind, id) of every event and entity page, events first, by id, as `subscriptions`
        orders them, without working out their subscriptions."""
        domain = self.domain
        return [("event", ident) for ident in sorted(domain.events)] + [
            (kind, ident) for kind in KINDS for ident in domain.entities(kind)
        ]

    def key(self, *parts: object) -> str:
        """A digest of the data, how it is addressed and dated, the version the files name as
        their generator, and `parts` (code, settings)."""
        return digest((FORMAT, __version__, self.urls.scheme, self.generated, self.records, *parts))

    def key_of(self, *parts: object) -> str:
        """`key` for an output that shows part of the data: `parts` name everything it shows
        (records included), so an edit elsewhere leaves it as it is."""
        return self.domain.fingerprint((FORMAT, __version__, self.urls.scheme, self.generated, *parts))

    def subscriptions(self) -> tuple[tuple[str, str, Subscription], ...]:
        """(kind, id, subscription) of every event and entity page, events first, by id (the
        Domain keeps each subscription once made)."""
        domain = self.domain
        found = ((kind, ident, domain.subscription(kind, ident)) for kind, ident in self.subscribable())
        return tuple((kind, ident, sub) for kind, ident, sub in found if sub is not None)


def recording_url(urls: Urls, recording: Recording) -> str:
    """A recording's address in an export: a file the site serves under the site's address
    (relative to its root without one), anything else as the page gives it."""
    return urls.file(recording.url) if recording.local else recording.url


def records_digest(domain: TalkDomain) -> str:
    """The digest of every record of the Domain, with the page it is on; made once while the
    data stays as it is (the calendars' parts and the exports both ask: 1 s at 10,000 talks)."""
    return domain.memo(  # type: ignore[no-any-return]
        "records digest",
        lambda: digest(sorted((docname, repr(entry.item)) for docname, entry in domain.entries.items())),
    )


def digest(value: object) -> str:
    """The frozen records' reprs are stable, so this names what an output shows exactly."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def code(*modules: str) -> str:
    """The digest of the source of some of the exports' modules (by file name, next to this
    one), so that changing the code never leaves an old export behind."""
    here = Path(__file__).parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in modules)).hexdigest()


def dump(document: dict[str, Any]) -> str:
    """The exact text of an export: sorted keys, UTF-8 as is, one trailing newline.

    Compact, not indented: these files are for programs, and an indent makes Python's json
    module fall back to its pure-Python encoder (half a second for a thousand talks)."""
    return json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
