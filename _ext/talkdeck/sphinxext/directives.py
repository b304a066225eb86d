"""The `talk`, `event`, `talk-grid`, `talk-index` and `my-talks` directives: each stores what it asks for (a
Spec) in the Domain and leaves a placeholder, filled from the Domain when the page is written."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core.entities import KINDS
from ..core.model import Talk, slugify
from .domain import Spec, get_domain
from .nodes import placeholder
from .report import Subtype, warn
from .specs import SORT_KEYS, CardSpec, EventSpec, GridSpec, IndexSpec, MyTalksSpec

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

INDEX_KINDS = (*KINDS, "event")


def _ids(argument: str | None) -> tuple[str, ...]:
    """Comma-separated names or ids, each reduced to its slug."""
    values = [slugify(part) for part in (argument or "").split(",")]
    if not any(values):
        raise ValueError("give one or more comma-separated ids")
    return tuple(sorted(set(v for v in values if v)))


def _sort(argument: str | None) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in (argument or "").split(",") if k.strip())
    bad = [k for k in keys if k.lstrip("-") not in SORT_KEYS]
    if not keys or bad:
        raise ValueError(f"sort by {', '.join(SORT_KEYS)} (prefix '-' to reverse), comma-separated")
    return keys


class _PlaceholderDirective(SphinxDirective):
    def place(self, spec: Spec) -> list[nodes.Node]:
        get_domain(self.env).add_placeholder(self.env.docname, spec)
        node = placeholder(spec=spec)
        self.set_source_info(node)
        return [node]

    def refuse(self, message: str) -> list[nodes.Node]:
        warn(message, self.env.docname, self.lineno, Subtype.directive)
        return []

    def no_own_card(self, message: str) -> list[nodes.Node]:
        """No card for the page's own talk or event: a warning, unless the page's front-matter
        was already reported unreadable (that warning says what to fix; this one would not)."""
        return [] if get_domain(self.env).was_reported(self.env.docname) else self.refuse(message)


class TalkDirective(_PlaceholderDirective):
    """```{talk}``` renders this page's talk card; ```{talk} <id>``` renders that talk's card."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        ref = self.arguments[0].strip() if self.arguments else ""
        # the page's own entry, not domain.talk_of: that makes the site-wide index, which every
        # page read would make again (tests/test_scaling.py)
        own = get_domain(self.env).entries.get(self.env.docname)
        if not ref and (own is None or not isinstance(own.item, Talk)):
            return self.no_own_card(
                "talk: without an id this directive shows the page's own talk, but the page has "
                "no valid 'talk:' front-matter; fix the front-matter or give a talk id"
            )
        return self.place(CardSpec(ref=ref, line=self.lineno, docname=self.env.docname))


class EventDirective(_PlaceholderDirective):
    """```{event}``` renders this page's event facts; ```{event} <id>``` those of that event."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        ref = self.arguments[0].strip() if self.arguments else ""
        spec = EventSpec(ref=ref, line=self.lineno, docname=self.env.docname)
        if not ref and spec.entry(get_domain(self.env)) is None:
            return self.no_own_card(
                "event: without an id this directive shows the page's own event, but the page has "
                "no valid 'event:' front-matter; fix the front-matter or give an event id"
            )
        return self.place(spec)


class TalkGridDirective(_PlaceholderDirective):
    """A grid of talk cards selected by event, topic, speaker, project or format, and sorted;
    `:co-located:` makes each event in `:event:` stand for its week (its co-located events too)."""

    option_spec: ClassVar[OptionSpec] = {
        "event": _ids,
        "topic": _ids,
        "speaker": _ids,
        "project": _ids,
        "format": _ids,
        "organisation": _ids,
        "sort": _sort,
        "limit": directives.positive_int,
        "co-located": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        o = self.options
        spec = GridSpec(
            line=self.lineno,
            events=o.get("event", ()),
            topics=o.get("topic", ()),
            speakers=o.get("speaker", ()),
            projects=o.get("project", ()),
            formats=o.get("format", ()),
            organisations=o.get("organisation", ()),
            sort=o.get("sort", GridSpec.sort),
            limit=o.get("limit", 0),
            co_located="co-located" in o,
        )
        if spec.co_located and not spec.events:
            return self.refuse(
                "talk-grid: :co-located: adds the talks of the events co-located with those in :event:; "
                "name an event there, e.g. ':event: kubecon-na-2022'"
            )
        return self.place(spec)


class TalkIndexDirective(_PlaceholderDirective):
    """```{talk-index} speakers``` lists every speaker (or topic, project, organisation, event) with its talk count."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip().lower().rstrip("s")
        if kind == "org":
            kind = "organisation"
        if kind not in INDEX_KINDS:
            return self.refuse(
                f"talk-index: unknown kind {self.arguments[0]!r}; use one of: "
                + ", ".join(f"{k}s" for k in INDEX_KINDS)
            )
        return self.place(IndexSpec(kind=kind, line=self.lineno))


class MyTalksDirective(_PlaceholderDirective):
    """```{my-talks}``` lists the talks the reader saved with "Add to my talks", kept in their browser."""

    def run(self) -> list[nodes.Node]:
        return self.place(MyTalksSpec(line=self.lineno))
