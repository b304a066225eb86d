"""The click-to-load video player of a talk page (the hosts and their URLs: core/videohosts.py).

A talk page makes no request to a video host until the reader asks for the player. The facade
is a real link to the video (so without JavaScript it is just that), carrying the host's
privacy-enhanced player URL; talkdeck-video.js swaps in the player on click. A link to an
unknown host stays a plain link, never an embed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.videohosts import parse_video

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

SCRIPT = "talkdeck-video.js"

# --- the facade -------------------------------------------------------------------------


class video_link(nodes.reference):
    """A link to a video that HTML writes as the facade; other writers see a plain reference."""


def visit_video_link_html(self: HTML5Translator, node: video_link) -> None:
    attributes = {"data-embed": node["embed"], "data-title": node["video_title"]}
    self.body.append(self.starttag(node, "a", "", href=node["refuri"], **attributes))


def depart_video_link_html(self: HTML5Translator, node: video_link) -> None:
    self.body.append("</a>")


def video_facade(builder: Builder, url: str, title: str) -> nodes.paragraph | None:
    """The click-to-load player for a talk's own page, or None where it cannot be one (unknown
    host, bad id, a builder that is not HTML): the caller then keeps its plain link."""
    video = parse_video(url)
    if video is None or builder.format != "html":
        return None
    label = "Watch the video"
    note = f"Click to load the {video.label} player"
    link = video_link(
        "",
        "",
        nodes.inline("", "", classes=["tdk-video-play"]),
        nodes.inline(label, label, classes=["tdk-video-label"]),
        nodes.inline(note, note, classes=["tdk-video-note"]),
        refuri=video.watch_url,
        embed=video.player_url,
        video_title=title,
        classes=["tdk-video-facade"],
    )
    return nodes.paragraph("", "", link, classes=["sd-card-text", "tdk-video"])


def add_script(app: Sphinx) -> None:
    """builder-inited: the facade's script, for HTML builders only."""
    if app.builder.format == "html":
        app.add_js_file(SCRIPT, loading_method="defer")
