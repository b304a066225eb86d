"""The Sphinx side of talkdeck: registers nodes, directives, roles, the Domain and event handlers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..exports.calendars import setup_calendars
from ..exports.feed import setup_feed
from ..exports.talks import setup_exports
from . import cards, inventory, listings, nav, pages, read, search
from .domain import OBJECT_KINDS, TalkDomain, TalkRole, warn_missing_reference
from .filters import setup_filters
from .meta import setup_sharing

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

STATIC = Path(__file__).parent.parent / "static"
TEMPLATES = Path(__file__).parent.parent / "templates"


def _add_assets(app: Sphinx) -> None:
    """builder-inited: CSS only for HTML builders."""
    if app.builder.format == "html":
        app.add_css_file("talkdeck.css")


def _add_templates(app: Sphinx, config: Config) -> None:
    """config-inited: our sidebar template and CSS, after the project's own.

    New lists, never appends: an unset option is Sphinx's shared default list.
    """
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_design")
    app.setup_extension("talkdeck.sphinxext.fields")  # JSON Schema file, field tables
    app.add_domain(TalkDomain)
    app.add_node(cards.time_node, html=(cards.visit_time_html, cards.depart_time_html))
    app.add_node(listings.placeholder)
    app.add_directive("talk", listings.TalkDirective)
    app.add_directive("event", listings.EventDirective)
    app.add_directive("talk-grid", listings.TalkGridDirective)
    app.add_directive("talk-index", listings.TalkIndexDirective)
    for kind in OBJECT_KINDS:
        app.add_role(kind, TalkRole(kind))
    app.add_role("org", TalkRole("organisation"))
    app.add_transform(read.InjectTitle)
    app.connect("env-before-read-docs", read.skip_undecodable)
    app.connect("source-read", read.on_source_read)
    app.connect("env-updated", listings.pages_to_rewrite)
    app.connect("doctree-resolved", listings.fill_placeholders)
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_assets)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("doctree-read", nav.mark_orphan)
    app.connect("env-updated", nav.rewrite_all_on_nav_change)
    app.connect("env-updated", inventory.publish_targets)
    app.connect("html-page-context", nav.page_context)
    app.connect("html-collect-pages", pages.collect_pages)
    app.connect("html-collect-pages", search.complete_index_entries)
    setup_exports(app)  # talks.json, schedule.json
    setup_calendars(app)  # calendar/talks/*.ics, calendar/events/*.ics
    setup_feed(app)  # feed.xml and its link in every page's head
    setup_sharing(app)  # JSON-LD, video facade, OpenGraph title/description, complete sitemap
    setup_filters(app)  # {talk-filter}: topic/speaker/format controls for the grid after it
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
