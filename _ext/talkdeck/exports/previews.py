"""The drawn link-preview cards: `previews/<talk-id>.png` for each talk whose preview is not a
host's still (core/previews.py decides which), drawn with Pillow from the talk's data.

No network and no font files of our own: the text is set in the font Pillow ships
(`ImageFont.load_default`, FreeType's Aileron). The bytes depend only on the data, the code and
Pillow's version (pinned): a PNG without time stamps or text chunks, so builds are reproducible.
Characters the font lacks show as its empty box.
"""

from __future__ import annotations

import functools
import hashlib
import io
from typing import TYPE_CHECKING

from ..core.model import Event, Talk
from ..core.previews import CARD_SIZE, card_lines, talk_preview
from ..sphinxext.outputs import Output
from .site import code

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

    from .site import SiteData

#: Part of every card's digest: change it when cards are drawn differently in a way the code's
#: bytes would not show.
FORMAT = 3
BACKGROUND = (22, 32, 51)
ACCENT = (42, 211, 193)
TEXT = (255, 255, 255)
MUTED = (196, 206, 222)
#: The colours of the event line (and the bar), the title and the speakers.
COLOURS = (ACCENT, TEXT, MUTED)
MARGIN = 72


@functools.lru_cache(maxsize=8)
def _font(size: int) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.load_default(size=size)  # type: ignore[return-value]


def wrap(text: str, font: FreeTypeFont, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of at most `width` pixels, broken at spaces; what does not
    fit ends in an ellipsis. A word wider than a line is cut."""
    words, found, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            found.append(current)
        current = word
        while font.getlength(current) > width:  # one word longer than a line
            cut = len(current)
            while cut > 1 and font.getlength(current[:cut]) > width:
                cut -= 1
            found.append(current[:cut])
            current = current[cut:]
    if current:
        found.append(current)
    if len(found) > lines:
        last = found[lines - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        found = [*found[: lines - 1], last + "…"]
    return found


#: Shades between the background and each text colour: the text's anti-aliasing.
SHADES = 16


@functools.cache
def palette() -> tuple[int, ...]:
    """Index 0 the background; then, per text colour, SHADES steps from background to it (made
    once: every card has the same)."""
    found = list(BACKGROUND)
    for colour in COLOURS:
        for step in range(SHADES):
            found += [round(b + (c - b) * step / (SHADES - 1)) for b, c in zip(BACKGROUND, colour, strict=True)]
    return tuple(found)


@functools.cache
def shades(index: int) -> tuple[int, ...]:
    """The palette index of each grey level of colour `index`'s mask: 0 (the background) for 0."""
    return tuple(0 if v == 0 else 1 + index * SHADES + v * (SHADES - 1) // 255 for v in range(256))


def draw(talk: Talk, event: Event | None) -> bytes:
    """One card as PNG bytes.

    Each colour's text is drawn as its own grey mask, whose shades become that colour's palette
    indices; the card is one palette image: about half the bytes of an RGB PNG and a sixth of
    the time (0.07 s against 0.43 s, measured on a loaded machine), which counts, as a clean
    build of a thousand talks without a still draws a thousand. zlib's fastest level: encoding
    was a third of a card's time at the default level, for a file a third smaller (20 KB
    against 29 KB, still a small picture for the sites that fetch it)."""
    from PIL import Image, ImageChops, ImageDraw

    when, title, speakers = card_lines(talk, event)
    masks = [Image.new("L", CARD_SIZE, 0) for _ in COLOURS]
    inner = CARD_SIZE[0] - 2 * MARGIN
    y = MARGIN
    for mask, text, size, lines, step, gap in (
        (masks[0], when, 34, 1, 56, 24),
        (masks[1], title, 64, 4, 78, 24),
        (masks[2], speakers, 38, 2, 50, 0),
    ):
        pen, font = ImageDraw.Draw(mask), _font(size)
        for line in wrap(text, font, inner, lines):
            pen.text((MARGIN, y), line, font=font, fill=255)
            y += step
        y += gap
    ImageDraw.Draw(masks[0]).rectangle((0, 0, 15, CARD_SIZE[1] - 1), fill=255)  # the accent bar
    card = Image.new("L", CARD_SIZE, 0)
    for index, mask in enumerate(masks):
        box = mask.getbbox()  # the text covers a small part of the card: only that part is shaded
        if box is not None:
            shaded = mask.crop(box).point(shades(index))
            card.paste(ImageChops.lighter(card.crop(box), shaded), box)  # the texts never overlap
    image = Image.frombuffer("P", CARD_SIZE, card.tobytes(), "raw", "P", 0, 1)
    image.putpalette(palette())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def outputs(site: SiteData) -> dict[str, Output]:
    """A card for every talk whose preview is drawn, each an output of its own, remade when what
    it shows, this code or Pillow changes."""
    from PIL import __version__ as pillow

    domain = site.domain
    made_by = code("previews.py")
    found: dict[str, Output] = {}
    for _, entry in sorted(domain.talks.items()):
        talk: Talk = entry.item  # type: ignore[assignment]
        event_entry = domain.event_of(talk)
        event: Event | None = event_entry.item if event_entry else None  # type: ignore[assignment]
        preview = talk_preview(talk, event)
        if preview is None or not preview.drawn:
            continue

        def make(path: str = preview.url, talk: Talk = talk, event: Event | None = event) -> dict[str, bytes]:
            return {path: draw(talk, event)}

        key = repr((FORMAT, pillow, made_by, card_lines(talk, event)))
        found[preview.url] = Output(hashlib.sha256(key.encode()).hexdigest(), make)
    return found
