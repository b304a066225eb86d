"""The click-to-load video player of a talk page (the hosts and their URLs: core/videohosts.py).

A talk page makes no request to a video host until the reader asks for the player. The facade
is a real link to the video (so without JavaScript it is just that), carrying the host's
privacy-enhanced player URL; talkdeck-video.js swaps in the player on click. A link to an
unknown host stays a plain link, never an embed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SCRIPT = "talkdeck-video.js"


def add_script(app: Sphinx) -> None:
    """builder-inited: the facade's script, for HTML builders only."""
    if app.builder.format == "html":
        app.add_js_file(SCRIPT, loading_method="defer")
