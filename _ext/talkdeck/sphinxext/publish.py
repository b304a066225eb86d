"""Where things are published, for every export: page URLs as the builder writes them (html or
dirhtml), absolute URLs from `html_baseurl`, and the one timestamp exports may carry.

Exports must not differ between two builds of the same sources, so the timestamp never comes
from the clock: it is SOURCE_DATE_EPOCH when set (reproducible-builds.org), else derived from
the data itself (the latest date any event or talk names).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import Event, Talk

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from .domain import TalkDomain

#: Used when neither SOURCE_DATE_EPOCH nor any date in the data is available.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def publishes(builder: Builder) -> bool:
    """Builders whose output folder is the site as served (html, dirhtml) get the generated
    pages and every export; others (epub, singlehtml, text ...) get none and link to none."""
    return builder.name in ("html", "dirhtml")


def page_url(builder: Builder, pagename: str) -> str:
    """The URL of a page relative to the site root: 'talks/x.html' (html) or 'talks/x/' (dirhtml)."""
    return builder.get_target_uri(pagename)


def canonical_url(builder: Builder, pagename: str) -> str:
    """A page's address under the site's `html_baseurl`, or relative to the site root without one."""
    return absolute_url(builder.config.html_baseurl, page_url(builder, pagename))


def absolute_url(baseurl: str, relative: str) -> str:
    """`relative` under the site's canonical URL, or unchanged when no base URL is configured."""
    if not baseurl:
        return relative
    return baseurl.rstrip("/") + "/" + relative.lstrip("/")


@dataclass(frozen=True)
class Urls:
    """How this build addresses pages: page name -> URL relative to the site root, and the
    canonical base URL (``html_baseurl``, may be empty)."""

    page: Callable[[str], str]
    baseurl: str = ""

    def of(self, pagename: str) -> dict[str, str]:
        """``url`` always; ``absolute_url`` only when the site's base URL is known."""
        rel = self.page(pagename)
        found = {"url": rel}
        if self.baseurl:
            found["absolute_url"] = absolute_url(self.baseurl, rel)
        return found

    def best(self, pagename: str) -> str:
        """The absolute URL when known, else the relative one."""
        return absolute_url(self.baseurl, self.page(pagename)) if self.baseurl else self.page(pagename)


def export_timestamp(domain: TalkDomain) -> datetime:
    """SOURCE_DATE_EPOCH if set and valid, else the latest date in the data, else 1970."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return datetime.fromtimestamp(int(raw), tz=UTC)
    latest: list[datetime] = []
    for entry in domain.entries.values():
        item = entry.item
        if isinstance(item, Event):
            day = item.end or item.start
            if day is not None:
                latest.append(_day(day))
        elif isinstance(item, Talk) and item.start is not None:
            latest.append(item.start.replace(tzinfo=UTC))
    return max(latest, default=EPOCH)


def read_state(path: Path) -> dict[str, Any]:
    """A JSON object an earlier build left in the output folder (a manifest of what it wrote);
    empty when there is none or it cannot be read, which makes the next build redo everything."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
