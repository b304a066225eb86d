"""Talk and event cards as sphinx-design card nodes; text goes into Text nodes and URLs into
reference nodes, so the HTML writer escapes everything that came from a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx_design.shared import create_component

from ..core.calendars import event_calendar, talk_calendar
from ..core.entities import KINDS, pagename
from ..core.model import Entry, Event, Talk, slugify, talk_window
from .dates import format_days, format_weekday, format_window, time_node
from .media import href, recording_block
from .publish import file_url, page_url, publication
from .reader import save_button

if TYPE_CHECKING:
    from sphinx.builders import Builder

PREFIX = "tdk"


def _classes(*names: str) -> list[str]:
    return [f"{PREFIX}-{n}" for n in names]


def badge(text: str, color: str, *names: str, outline: bool = False) -> nodes.inline:
    style = [f"sd-outline-{color}", f"sd-text-{color}"] if outline else [f"sd-bg-{color}", f"sd-bg-text-{color}"]
    return nodes.inline(text, text, classes=["sd-badge", *style, *_classes(*names)])


class Links:
    """Links from the page being written: the builder's URI of each page it links to, worked out
    once per page, as its cards link the same few pages (event, speakers, topics) many times.
    Made for one page and dropped with it, so no URI outlives the page it was made for."""

    __slots__ = ("_uris", "builder", "fromdoc")

    def __init__(self, builder: Builder, fromdoc: str) -> None:
        self.builder = builder
        self.fromdoc = fromdoc
        self._uris: dict[str, str | None] = {}

    def uri(self, todoc: str) -> str | None:
        """The URI of `todoc` from this page, or None where the output has no such page."""
        try:
            return self._uris[todoc]
        except KeyError:
            pass
        uri = self._uris[todoc] = page_url(self.builder, todoc, self.fromdoc)
        return uri


def page_link(links: Links, todoc: str, text: str, *names: str, unseen: str = "") -> nodes.Node:
    """A link to a page; on that page itself, or where the builder has no such page, just the text.

    `unseen` is more link text that only screen readers and search engines get (what the link is)."""
    uri = links.uri(todoc) if links.fromdoc != todoc else None
    if uri is None:
        return nodes.inline(text, text, classes=_classes(*names))
    # what make_refnode builds, without recomputing the URI
    ref = nodes.reference("", "", internal=True, refuri=uri, classes=_classes(*names))
    ref += nodes.inline(text, text)
    if unseen:
        ref += nodes.inline(unseen, unseen, classes=_classes("visually-hidden"))
    return ref


#: Kinds whose names are often ordinary words (a project called "Go", "Flux" or "Helm"): a link
#: to one says what it is, " (project)", in text that screen readers and search engines read.
SAY_KIND = frozenset({"project"})


def unseen_kind(kind: str) -> str:
    return f" ({KINDS[kind].singular.lower()})" if kind in SAY_KIND else ""


def entity_link(links: Links, kind: str, ident: str, text: str, *names: str) -> nodes.Node:
    """A link to a generated speaker/topic/project/organisation page; text where the builder
    does not publish those pages (publish.PUBLICATIONS)."""
    if not ident:
        return nodes.inline(text, text, classes=_classes(*names))
    return page_link(links, pagename(kind, ident), text, *names, unseen=unseen_kind(kind))


def _external(url: str, text: str, *names: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=url, classes=_classes(*names))


def joined(items: list[nodes.Node], sep: str = ", ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(sep))
        out.append(item)
    return out


def speaker_nodes(links: Links, talk: Talk, with_roles: bool) -> list[nodes.Node]:
    parts: list[nodes.Node] = []
    for speaker in talk.speakers:
        node = nodes.inline("", "", classes=_classes("speaker"))
        node += entity_link(links, "speaker", speaker.id, speaker.name, "speaker-name")
        details = [speaker.role] if with_roles and speaker.role else []
        details += [speaker.affiliation] if speaker.affiliation else []
        if details:
            text = ", ".join(details)
            node += nodes.Text(" (")
            node += nodes.inline(text, text, classes=_classes("affiliation"))
            node += nodes.Text(")")
        parts.append(node)
    return joined(parts)


def talk_card(links: Links, talk_entry: Entry, event_entry: Entry | None) -> nodes.container:
    """The card of one talk; on the talk's own page it leaves out the title the page already shows."""
    talk: Talk = talk_entry.item  # type: ignore[assignment]
    event: Event | None = event_entry.item if event_entry is not None else None  # type: ignore[assignment]
    own_page = links.fromdoc == talk_entry.docname

    meta = nodes.paragraph("", "", classes=["sd-card-text", *_classes("meta")])
    if talk.format:
        meta += badge(talk.format_label, "primary", "format")
        meta += nodes.Text(" ")
    if event_entry is not None and event is not None:
        meta += page_link(links, event_entry.docname, event.label, "event")
    elif talk.event:
        meta += nodes.inline(talk.event, talk.event, classes=_classes("event"))
    header = create_component(
        "card-header", ["sd-card-header", *_classes("card-header")], children=[meta, *save_button(links.builder, talk)]
    )

    body = create_component("card-body", ["sd-card-body"])
    if not own_page:
        title = nodes.paragraph("", "", classes=["sd-card-title", "sd-font-weight-bold", *_classes("title")])
        title += page_link(links, talk_entry.docname, talk.title, "title-link")
        body += title
    if talk.speakers:
        body += nodes.paragraph(
            "",
            "",
            *speaker_nodes(links, talk, with_roles=own_page),
            classes=["sd-card-text", *_classes("speakers")],
        )
    if talk.summary:
        body += nodes.paragraph(talk.summary, talk.summary, classes=["sd-card-text", *_classes("summary")])
    window = talk_window(talk, event)
    if talk.start_day is not None or talk.room:
        when = nodes.paragraph("", "", classes=["sd-card-text", *_classes("when")])
        if window is not None:
            text = format_window(*window) if talk.duration else format_window(window[0], None)
            end = window[1].isoformat() if talk.duration else ""
            when += time_node(text, text, datetime=window[0].isoformat(), end=end, classes=_classes("time"))
        elif talk.start is not None:
            text = format_window(talk.start, None)
            when += time_node(text, text, datetime=talk.start.isoformat(), classes=_classes("time"))
        elif talk.day is not None:  # the day only: a <time> with a date, no time of day
            text = format_weekday(talk.day)
            when += time_node(text, text, datetime=talk.day.isoformat(), classes=_classes("time", "day"))
        if talk.room:
            if len(when):
                when += nodes.Text(" \u00b7 ")
            when += nodes.inline(talk.room, talk.room, classes=_classes("room"))
        body += when
    # the talk's own page plays its first recording in place (media.py); grid cards link to it
    block = None
    if own_page and talk.recordings:
        block = recording_block(links.builder, talk_entry.docname, talk.recordings, talk.chapters, talk.title)
        body += block.nodes
    video = href(links.builder, links.fromdoc, talk.recordings[0]) if talk.recordings else ""
    extras = [
        _external(url, label, kind)
        for url, label, kind in (
            (video, "Watch the video", "video"),
            (talk.slides, "Slides", "slides"),
            (talk.schedule_url, "In the schedule", "schedule"),
        )
        if url and not (kind == "video" and block is not None and block.played)
    ]
    extras += calendar_link(links, talk, event)
    if extras:
        body += nodes.paragraph("", "", *joined(extras, " \u00b7 "), classes=["sd-card-text", *_classes("links")])

    footer = create_component("card-footer", ["sd-card-footer", *_classes("card-footer")])
    if talk.topics:
        topics = nodes.paragraph("", "", classes=["sd-card-text", *_classes("topics")])
        badges = [entity_link(links, "topic", slugify(t), t, "topic") for t in talk.topics]
        for node in badges:
            node["classes"] = ["sd-badge", "sd-outline-secondary", "sd-text-secondary", *node["classes"]]
        topics += joined(badges, " ")
        footer += topics
    if talk.projects:
        projects = nodes.paragraph("", "", classes=["sd-card-text", *_classes("projects")])
        projects += nodes.inline("Projects: ", "Projects: ", classes=_classes("label"))
        projects += joined([entity_link(links, "project", slugify(p), p, "project") for p in talk.projects])
        footer += projects

    classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-mb-3", "sd-shadow-sm", *_classes("card")]
    if own_page:
        classes += _classes("card-page")
    card = create_component("card", classes, children=[header, body])
    if len(footer):
        card += footer
    card["talk_id"] = talk.id
    return card


def _download(links: Links, path: str, text: str) -> nodes.Node:
    """Sphinx's own download node: the HTML writer gives it the `download` attribute."""
    uri = file_url(links.builder, links.fromdoc, path)
    return addnodes.download_reference("", "", nodes.inline(text, text), refuri=uri, classes=["tdk-calendar"])


def calendar_link(links: Links, talk: Talk, event: Event | None) -> list[nodes.Node]:
    """'Add to calendar' for a card, when the talk has a calendar file."""
    path = talk_calendar(talk, event) if publication(links.builder).calendars else None
    if path is None:
        return []
    return [_download(links, path, "Add to calendar")]


def event_calendar_link(links: Links, event: Event, dated: int) -> list[nodes.Node]:
    """The event's calendar, when `dated` (the number of talks in it) is not zero."""
    path = event_calendar(event) if dated and publication(links.builder).calendars else None
    if path is None:
        return []
    text = f"Add {dated} talk{'s' if dated != 1 else ''} to your calendar"
    return [_download(links, path, text)]


def _talks(count: int) -> str:
    return f"{count} talk{'s' if count != 1 else ''}"


def event_card(
    links: Links,
    event_entry: Entry,
    talk_count: int,
    dated: int = 0,
    parent: Entry | None = None,
    children: Sequence[tuple[Entry, int]] = (),
) -> nodes.container:
    """The facts of one event: dates, place, number of talks, web site, calendar of its `dated`
    talks; the conference it is `parent` of (co-located), or the events co-located with it."""
    event: Event = event_entry.item  # type: ignore[assignment]
    body = create_component("card-body", ["sd-card-body"])
    if links.fromdoc != event_entry.docname:
        title = nodes.paragraph("", "", classes=["sd-card-title", "sd-font-weight-bold", *_classes("title")])
        title += page_link(links, event_entry.docname, event.name, "title-link")
        body += title
    facts: list[tuple[str, list[nodes.Node]]] = []
    days = format_days(event.start, event.end)
    if days:
        iso = event.start.isoformat() if event.start else ""
        facts.append(("When", [time_node(days, days, datetime=iso, classes=_classes("dates"))]))
    if event.place:
        facts.append(("Where", [nodes.inline(event.place, event.place, classes=_classes("place"))]))
    if parent is not None:
        name = parent.item.name  # type: ignore[union-attr]
        facts.append(("Co-located with", [page_link(links, parent.docname, name, "parent-event")]))
    facts.append(("Talks", [nodes.inline(_talks(talk_count), _talks(talk_count), classes=_classes("count"))]))
    if children:
        shown = []
        for child, count in children:
            item = nodes.inline("", "", classes=_classes("co-located-event"))
            item += page_link(links, child.docname, child.item.name, "co-located-link")  # type: ignore[union-attr]
            item += nodes.Text(f" ({_talks(count)})")
            shown.append(item)
        facts.append(("Co-located events", joined(shown, "; ")))
    if event.url:
        facts.append(("Web site", [_external(event.url, event.url, "url")]))
    facts += [("Calendar", [link]) for link in event_calendar_link(links, event, dated)]
    for label, value in facts:
        para = nodes.paragraph("", "", classes=["sd-card-text", *_classes("fact")])
        para += nodes.strong(f"{label}: ", f"{label}: ")
        para += value
        body += para
    return create_component(
        "card",
        ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", *_classes("card", "event-card")],
        children=[body],
    )


#: A listing of more talks than this shows compact rows instead of cards: easier to scan, and
#: a card costs twenty times the nodes of a row, which matters on topic pages of big archives.
CARD_LIMIT = 12


def talk_rows(links: Links, talks: Sequence[tuple[Entry, Entry | None]]) -> nodes.bullet_list:
    """One line per talk: its linked title, then its speakers and event as text."""
    rows = nodes.bullet_list(classes=_classes("rows"))
    for talk_entry, event_entry in talks:
        talk: Talk = talk_entry.item  # type: ignore[assignment]
        para = nodes.paragraph(classes=_classes("row"))
        para += page_link(links, talk_entry.docname, talk.title, "title-link")
        about = ", ".join(s.name for s in talk.speakers)
        if event_entry is not None:
            label = event_entry.item.label  # type: ignore[union-attr]
            about = f"{about} · {label}" if about else label
        if about:
            para += nodes.Text(" \u2014 ")
            para += nodes.inline(about, about, classes=_classes("row-meta"))
        rows += nodes.list_item("", para)
    return rows


def listing(links: Links, talks: Sequence[tuple[Entry, Entry | None]]) -> nodes.Element:
    """Cards for a handful of talks, rows for more."""
    if len(talks) > CARD_LIMIT:
        return talk_rows(links, talks)
    return grid([talk_card(links, talk, event) for talk, event in talks])


def grid(cards: list[nodes.Node]) -> nodes.container:
    """A responsive sphinx-design grid: one column on phones, up to three on wide screens."""
    row = create_component(
        "grid-row",
        [
            "sd-row",
            "sd-row-cols-1",
            "sd-row-cols-sm-1",
            "sd-row-cols-md-2",
            "sd-row-cols-lg-3",
            "sd-g-3",
            *_classes("grid-row"),
        ],
    )
    for card in cards:
        row += create_component("grid-item", ["sd-col", "sd-d-flex-row", *_classes("grid-item")], children=[card])
    return create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", *_classes("grid")], children=[row]
    )


def overview(links: Links, rows: tuple, kind: str = "") -> nodes.Node:
    """A list of (page, name, talk count, rows below it) rows of one kind, each name linked to
    its page; the rows below one (the events co-located with a conference) in a list inside its
    item."""
    if not rows:
        return nodes.paragraph("Nothing here yet.", "Nothing here yet.", classes=_classes("empty"))
    items = nodes.bullet_list(classes=_classes("overview"))
    unseen = unseen_kind(kind) if kind in KINDS else ""
    for page, name, count, below in rows:
        para = nodes.paragraph()
        para += page_link(links, page, name, "overview-link", unseen=unseen)
        label = f" ({_talks(count)})"
        para += nodes.inline(label, label, classes=_classes("count"))
        item = nodes.list_item("", para)
        if below:
            item += overview(links, below, kind)
        items += item
    return items
