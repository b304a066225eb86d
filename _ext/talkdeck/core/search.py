"""What the search index knows of a page besides its text: the facets results can be narrowed
by, and the title it ranks by. Pure data, no Sphinx.

A facet is a (key, value) pair. The keys, in the order the results page shows them, are the kind
of page a result is, then the event, year, format, topic and speaker of a talk. An event
co-located with a conference is part of that conference's week: its talks and page have both
events, as the grid's filter counts them. A talk has every
one it can; an event its name and years; a speaker's or topic's page its own name, so that
narrowing to a speaker keeps their page with their talks; every other page only its kind.
"""

from __future__ import annotations

from collections.abc import Iterable

from .entities import KINDS
from .model import Event, Talk

#: (key, label) of every facet, in the order the results page shows them.
FACETS: tuple[tuple[str, str], ...] = (
    ("type", "Type"),
    ("event", "Event"),
    ("year", "Year"),
    ("format", "Format"),
    ("topic", "Topic"),
    ("speaker", "Speaker"),
)

Facets = tuple[tuple[str, str], ...]

#: The kind of a page that is neither a talk, an event nor a generated page: the wrap-up prose,
#: the overviews, the field reference.
PAGE: Facets = (("type", "Page"),)


def talk_facets(talk: Talk, event: Event | None, conference: Event | None = None) -> Facets:
    """A talk page's facets: its event (as cards name it) and the conference that event is
    co-located with (core/events.py: a talk of the week, as the grid's filter counts it), the
    year it took place, its format, topics and speakers, each value once, in the talk's own order."""
    found = [("type", "Talk")]
    if event is not None:
        found.append(("event", event.label))
    if conference is not None:
        found.append(("event", conference.label))
    day = talk.start.date() if talk.start is not None else (event.start if event is not None else None)
    if day is not None:
        found.append(("year", str(day.year)))
    if talk.format:
        found.append(("format", talk.format_label))
    found += [("topic", topic) for topic in talk.topics]
    found += [("speaker", speaker.name) for speaker in talk.speakers]
    return _unique(found)


def event_facets(event: Event, conference: Event | None = None) -> Facets:
    """An event page's facets: its name, the conference it is co-located with, the years it spans."""
    years = sorted({day.year for day in (event.start, event.end) if day is not None})
    week = [("event", event.label)] + ([("event", conference.label)] if conference is not None else [])
    return _unique([("type", "Event"), *week, *(("year", str(year)) for year in years)])


def entity_facets(kind: str, name: str) -> Facets:
    """A generated page's facets: its kind, and its own name where that is a facet (speaker, topic)."""
    found = [("type", KINDS[kind].singular)]
    if any(key == kind for key, _ in FACETS):
        found.append((kind, name))
    return tuple(found)


#: Apostrophes Pagefind 1.5.2 ranks wrongly in a title: "Designing Linkerd’s New Policy" outranks
#: a page titled "Linkerd" for the query "linkerd" by far, as its title boost counts "linkerd’s"
#: as a rare word of its own (with a straight apostrophe it does not).
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def ranking_title(title: str) -> str:
    """The title the index ranks a page by: the page's own, with straight apostrophes."""
    return title.translate(_APOSTROPHES)


def _unique(pairs: Iterable[tuple[str, str]]) -> Facets:
    return tuple(dict.fromkeys(pair for pair in pairs if pair[1]))
