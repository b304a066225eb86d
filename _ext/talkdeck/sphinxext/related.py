"""The talks a talk page points to at its foot (specs.RelatedSpec): those sharing the most
speakers, then the most topics, then by id; and which changes of the talks can reorder them."""

from __future__ import annotations

import heapq
from collections import Counter
from typing import TYPE_CHECKING

from ..core.entities import talk_ids
from ..core.model import Talk, slugify

if TYPE_CHECKING:
    from .delta import Delta
    from .domain import TalkDomain

#: How many related talks a talk page shows.
RELATED = 6


def ranked(domain: TalkDomain, docname: str) -> tuple:
    """(talk, its event) of the related talks of a page's talk. Talks sharing a speaker always
    come first, and a speaker has few talks, so topics (which can have hundreds) are counted only
    when those do not fill the list: every talk page asks this on every build."""
    entry = domain.talk_of(docname)
    if entry is None:
        return ()
    talk: Talk = entry.item  # type: ignore[assignment]
    speakers = domain.entities("speaker")
    by_speaker: Counter[str] = Counter()
    for s in talk.speakers:
        if s.id in speakers:
            by_speaker.update(speakers[s.id].talks)
    sets = _topic_sets(domain)
    # a topic named twice counts twice, as it always has
    topics = [sets[slugify(t)] for t in talk.topics if slugify(t) in sets]

    def shared_topics(other: str) -> int:
        return sum(other in talks for talks in topics)

    others = by_speaker.keys() - {talk.id}
    best = heapq.nsmallest(RELATED, others, key=lambda o: (-by_speaker[o], -shared_topics(o), o))
    if len(best) < RELATED:
        by_topic: Counter[str] = Counter()
        for talks in topics:
            by_topic.update(talks)
        rest = by_topic.keys() - others - {talk.id}
        best += heapq.nsmallest(RELATED - len(best), rest, key=lambda o: (-by_topic[o], o))
    return tuple((domain.talks[o], domain.event_of(domain.talks[o].item)) for o in best if o in domain.talks)  # type: ignore[arg-type]


def reached(domain: TalkDomain, docname: str, delta: Delta) -> bool:
    """Whether a changed talk shares a speaker with the page's talk, before or after, or a topic
    when its speakers' other talks do not fill the list (topics then count): `ranked` counts
    the talks of its speakers and topics alone, and a talk sharing neither moves no other."""
    entry = domain.talk_of(docname)
    if entry is None:
        return False
    talk: Talk = entry.item  # type: ignore[assignment]
    if talk.id in delta.ids or delta.names("speaker", talk_ids("speaker", talk)):
        return True
    if not delta.names("topic", talk_ids("topic", talk)):
        return False
    speakers = domain.entities("speaker")
    others = {t for s in talk.speakers if s.id in speakers for t in speakers[s.id].talks} - {talk.id}
    return len(others) < RELATED


def _topic_sets(domain: TalkDomain) -> dict[str, frozenset[str]]:
    """Topic id -> the ids of its talks, as sets: made once per build."""
    return domain.memo(("topic sets",), lambda: {i: frozenset(e.talks) for i, e in domain.entities("topic").items()})
