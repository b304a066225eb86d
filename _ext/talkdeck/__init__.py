"""talkdeck: conference talks as MyST pages, rendered as cards, grids and cross-referenced pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import cards, collect, listings
from .domain import TalkDomain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"


def _add_assets(app: Sphinx) -> None:
    """builder-inited: CSS only for HTML builders."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("talkdeck.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_design")
    app.add_domain(TalkDomain)
    app.add_node(cards.time_node, html=(cards.visit_time_html, cards.depart_time_html))
    app.add_node(listings.placeholder)
    app.add_directive("talk", listings.TalkDirective)
    app.add_directive("event", listings.EventDirective)
    app.add_directive("talk-grid", listings.TalkGridDirective)
    app.add_transform(collect.InjectTitle)
    app.connect("source-read", collect.on_source_read)
    app.connect("env-updated", listings.pages_to_rewrite)
    app.connect("doctree-resolved", listings.fill_placeholders)
    app.connect("builder-inited", _add_assets)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
