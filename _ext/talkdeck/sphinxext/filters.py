"""The talk filter: topic, speaker and format controls for the `{talk-grid}` that follows.

```{talk-filter}``` stands right before a grid. Without JavaScript every card shows and the
controls are plain links: a topic or speaker goes to its generated page, a format to the grid
itself (there is no page per format; each card shows its format badge), and so does a topic
or speaker where the builder writes no generated pages (publish.PUBLICATIONS). talkdeck-filter.js,
added only to pages that have a filter, turns the links into toggle buttons (`aria-pressed`)
that hide the grid items whose `data-tdk-*` attributes do not match: any of the chosen values
within one facet, all facets together (as the grid's own options select). A live region
announces "N talks shown" and a reset button shows every card again.

The controls are built when the page is written, from the cards the grid ended up with, so
they change exactly when the grid does: the grid's digest already makes the page be rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core import events as colocated
from ..core.model import FORMATS, Talk, slugify
from .domain import get_domain
from .nodes import element as _element
from .nodes import placeholder, tdk_element
from .publish import page_url
from .report import Subtype, warn_at
from .specs import FilterSpec, GridSpec

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import TalkDomain

SCRIPT = "talkdeck-filter.js"
#: The facets in the order they are shown, with their legends. The event facet shows only when
#: the grid's cards come from more than one event; an event co-located with a conference is
#: listed under it, and choosing the conference shows its whole week (a co-located event's
#: cards carry their conference's id too).
FACETS = {"event": "Event", "topic": "Topic", "speaker": "Speaker", "format": "Format"}


class filter_placeholder(nodes.General, nodes.Element):
    """Where a filter goes; replaced by its controls (HTML) or removed (other builders)."""


def _talks_word(count: int) -> str:
    return f"{count} talk{'' if count == 1 else 's'}"


class TalkFilterDirective(SphinxDirective):
    """```{talk-filter}``` before a ```{talk-grid}```: controls that narrow that grid in place."""

    def run(self) -> list[nodes.Node]:
        node = filter_placeholder()
        self.set_source_info(node)
        get_domain(self.env).add_placeholder(self.env.docname, FilterSpec(self.lineno))
        return [node]


def _following(node: nodes.Node) -> Iterator[nodes.Node]:
    """Every node after `node` in document order (its own children excluded)."""
    return node.findall(include_self=False, descend=False, siblings=True, ascend=True)


def _grid_follows(node: nodes.Node) -> bool:
    """Whether a grid comes after `node`, before any other filter."""
    for later in _following(node):
        if isinstance(later, placeholder) and isinstance(later["spec"], GridSpec):
            return True
        if isinstance(later, filter_placeholder):
            return False
    return False


def check_filters(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: a filter without a grid to filter says so, where it stands, and is dropped."""
    for node in list(doctree.findall(filter_placeholder)):
        if not _grid_follows(node):
            warn_at(
                "talk-filter: put a talk-grid directive after it; that is the grid it filters", node, Subtype.directive
            )
            node.parent.remove(node)


def _grid_after(node: nodes.Node) -> nodes.Element | None:
    """The grid container that the grid placeholder after `node` became; None when it is empty."""
    for later in _following(node):
        if isinstance(later, nodes.paragraph) and "tdk-empty" in later["classes"]:
            return None
        if isinstance(later, nodes.container) and "tdk-grid" in later["classes"]:
            return later
    return None


def _talk_of(item: nodes.Element, domain: TalkDomain) -> Talk | None:
    for card in item.findall(nodes.container):
        entry = domain.talks.get(card.get("talk_id", ""))
        if entry is not None:
            return entry.item  # type: ignore[return-value]
    return None


def facet_values(talk: Talk, domain: TalkDomain) -> dict[str, list[str]]:
    """The ids a card is filtered by; the same ids as the grid options and the entity pages.
    A talk of a co-located event is also one of its conference's week."""
    event = domain.events.get(talk.event)
    parent = domain.parent_of(event.item) if event is not None else None  # type: ignore[arg-type]
    return {
        "event": sorted({talk.event} | ({parent.item.id} if parent is not None else set())),
        "topic": sorted({slugify(t) for t in talk.topics}),
        "speaker": sorted({s.id for s in talk.speakers}),
        "format": [talk.format] if talk.format else [],
    }


def _event_choices(
    builder: Builder, docname: str, talks: list[Talk], counts: dict[str, int], domain: TalkDomain
) -> list[tuple[str, str, int, str, int]]:
    """The event facet's values: each conference, then the events co-located with it one level
    down; none when the cards all come from one event (nothing to choose)."""
    if len({talk.event for talk in talks}) < 2:
        return []
    rows = []
    for top in colocated.top_level(domain.events):
        for entry, level in ((top, 0), *((child, 1) for child in domain.co_located(top.item.id))):
            ident = entry.item.id
            if ident in counts:
                label = entry.item.label  # type: ignore[union-attr]
                rows.append((ident, label, counts[ident], page_url(builder, entry.docname, docname) or "#", level))
    return rows


def _choices(builder: Builder, docname: str, grid_id: str, talks: list[Talk], domain: TalkDomain) -> dict:
    """facet -> [(value id, label, number of cards, link, level)], in the order the controls show
    them; level 1 for a co-located event, under its conference."""
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for talk in talks:
        for facet, values in facet_values(talk, domain).items():
            for value in values:
                counts[facet][value] = counts[facet].get(value, 0) + 1
    found: dict[str, list[tuple[str, str, int, str, int]]] = {
        "event": _event_choices(builder, docname, talks, counts["event"], domain)
    }
    for facet in ("topic", "speaker"):
        known = domain.entities(facet)
        rows = [
            (value, known[value].name, count, page_url(builder, known[value].pagename, docname) or f"#{grid_id}", 0)
            for value, count in counts[facet].items()
            if value in known
        ]
        found[facet] = sorted(rows, key=lambda row: (row[1].casefold(), row[0]))
    order = list(FORMATS)
    found["format"] = [
        (value, FORMATS.get(value, value), count, f"#{grid_id}", 0)
        for value, count in sorted(counts["format"].items(), key=lambda kv: (order.index(kv[0]), kv[0]))
        if value in FORMATS
    ]
    return found


def controls(prefix: str, grid_id: str, choices: dict, shown: int) -> tdk_element:
    """The filter's nodes: one fieldset of links per facet, the reset button, the live status."""
    panel = _element(
        "div",
        {"role": "search", "aria-label": "Filter the talks", "data-tdk-grid": grid_id},
        classes=["tdk-filter"],
    )
    panel["ids"] = [prefix]
    for facet, legend in FACETS.items():
        if not choices.get(facet):
            continue
        items = nodes.bullet_list(classes=["tdk-filter-values"])
        for value, label, count, href, level in choices[facet]:
            link = _element(
                "a",
                {"href": href, "data-tdk-facet": facet, "data-tdk-value": value},
                nodes.Text(label),
                nodes.inline(f" ({count})", f" ({count})", classes=["tdk-filter-count"]),
                classes=["tdk-filter-value"],
            )
            if level and len(items):  # a co-located event: in a list inside its conference's item
                parent = items[-1]
                if not isinstance(parent[-1], nodes.bullet_list):
                    parent += nodes.bullet_list(classes=["tdk-filter-values", "tdk-filter-sub"])
                parent[-1] += nodes.list_item("", link)
            else:
                items += nodes.list_item("", link)
        panel += _element(
            "fieldset",
            {},
            _element("legend", {}, nodes.Text(legend), classes=["tdk-filter-legend"]),
            items,
            classes=["tdk-filter-facet", f"tdk-filter-{facet}"],
        )
    actions = nodes.paragraph("", "", classes=["tdk-filter-actions"])
    # hidden until the script runs: without it there is nothing to reset
    actions += _element(
        "button",
        {"type": "button", "hidden": "hidden", "aria-controls": grid_id},
        nodes.Text("Show all talks"),
        classes=["tdk-filter-reset"],
    )
    status = f"{_talks_word(shown)} shown"
    actions += _element(
        "span", {"role": "status", "aria-live": "polite"}, nodes.Text(status), classes=["tdk-filter-status"]
    )
    panel += actions
    return panel


def _mark_items(grid: nodes.Element, domain: TalkDomain) -> list[Talk]:
    """Give each grid item the data attributes the script filters by; returns the cards' talks."""
    talks = []
    for item in [n for n in grid.findall(nodes.container) if "tdk-grid-item" in n["classes"]]:
        talk = _talk_of(item, domain)
        if talk is None:
            continue
        talks.append(talk)
        attributes = {f"data-tdk-{facet}": " ".join(values) for facet, values in facet_values(talk, domain).items()}
        marked = _element("div", attributes, *item.children, classes=[*item["classes"], "tdk-filterable"])
        item.replace_self(marked)
    return talks


def fill_filters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, after the grids are filled: controls for HTML, nothing for other builders."""
    panels = list(doctree.findall(filter_placeholder))
    if not panels:
        return
    builder = app.builder
    if builder.format != "html":
        for panel in panels:
            panel.parent.remove(panel)
        return
    domain = get_domain(app.env)
    for number, panel in enumerate(panels, start=1):
        grid = _grid_after(panel)
        if grid is None:  # the grid matched no talks: nothing to filter
            panel.parent.remove(panel)
            continue
        prefix = f"tdk-filter-{number}"
        grid_id = f"{prefix}-grid"
        grid["ids"] = [grid_id, *grid["ids"]]  # the first id is the element's own
        talks = _mark_items(grid, domain)
        panel.replace_self(controls(prefix, grid_id, _choices(builder, docname, grid_id, talks, domain), len(talks)))


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None) -> None:
    """html-page-context: the script only on pages that have a filter (Sphinx resets it per page)."""
    if doctree is None:
        return
    if any("tdk-filter" in n["classes"] for n in doctree.findall(tdk_element)):
        app.add_js_file(SCRIPT, loading_method="defer")
