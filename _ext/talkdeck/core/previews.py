"""The picture a talk's link preview shows (og:image), decided once for the page's meta tags and
the image export; no Sphinx imports.

- A recording on a host that publishes its still at a fixed address (YouTube: hqdefault.jpg,
  480x360) shows that still: no build-time request is needed to know its address, and the chat
  service or social site that unfurls the link fetches it, never the reader's browser (pages
  do not load it).
- Any other talk (no recording, or one on Vimeo, whose stills need an API call) shows a card
  the build draws from the talk's data (exports/previews.py): 1200x630, the size the large
  previews of chat and social sites use.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Event, Talk, slugify
from .videohosts import parse_video

#: Where drawn cards go in the output folder.
FOLDER = "previews"
CARD_SIZE = (1200, 630)
#: YouTube's hqdefault.jpg.
STILL_SIZE = (480, 360)


@dataclass(frozen=True)
class Preview:
    """One link preview picture: an absolute URL (a host's still) or a path in the output folder
    (a drawn card, `drawn`), its size in pixels and its alternative text."""

    url: str
    width: int
    height: int
    alt: str
    drawn: bool


def card_lines(talk: Talk, event: Event | None) -> tuple[str, str, str]:
    """What a drawn card says: (event and day, title, speakers); also its alternative text."""
    day = talk.start_day
    when = " · ".join(p for p in (event.label if event else talk.event, day.isoformat() if day else "") if p)
    speakers = ", ".join(f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in talk.speakers)
    return when, talk.title, speakers


def talk_preview(talk: Talk, event: Event | None) -> Preview | None:
    """The picture of a talk's link preview; None for an id that cannot name a file."""
    video = parse_video(talk.video) if talk.video else None
    if video is not None and video.thumbnail_url:
        alt = f"A still from the recording of “{talk.title}”"
        return Preview(video.thumbnail_url, *STILL_SIZE, alt=alt, drawn=False)
    if not talk.id or slugify(talk.id) != talk.id:
        return None
    alt = ". ".join(line for line in card_lines(talk, event) if line)
    return Preview(f"{FOLDER}/{talk.id}.png", *CARD_SIZE, alt=alt, drawn=True)
