"""The site's title and each talk page's.

A site about one conference is named after it (`html_title`, e.g. "Linkerd at KubeCon NA
2022"); once it holds more than one conference it is an archive, and the page titles, the
sidebar and og:site_name (meta.py) name the archive instead: `talkdeck_archive_title`, else
`project`.
Events co-located with a conference (core/events.py) do not count: they are part of its week.
A talk page's <title> is the talk's title and its event's short name (templates/page.html).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core import events as colocated
from ..core.model import Talk
from .domain import get_domain, output_target

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Where the site title a target was last written with is kept among its page digests.
TITLE_KEY = " site title"


def is_archive(app: Sphinx) -> bool:
    """Whether the site holds more than one conference (events of their own)."""
    return len(colocated.top_level(get_domain(app.env).events)) > 1


def site_title(app: Sphinx) -> str:
    """The name every page gives the site."""
    config = app.config
    if is_archive(app):
        return config.talkdeck_archive_title or config.project
    return config.html_title or config.project


def talk_title(app: Sphinx, pagename: str) -> str | None:
    """A talk page's <title>: the talk and its event's short name; None for other pages."""
    domain = get_domain(app.env)
    entry = domain.talk_of(pagename)
    if entry is None:
        return None
    talk: Talk = entry.item  # type: ignore[assignment]
    event = domain.event_of(talk)
    return f"{talk.title} - {event.item.label}" if event is not None else talk.title  # type: ignore[union-attr]


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: the site's title (the theme's `docstitle`: page titles, sidebar; and
    `shorttitle` unless html_short_title sets its own) and a talk page's own <title>
    (`talkdeck_title`)."""
    context["docstitle"] = site = site_title(app)
    if app.config.html_short_title == app.config.html_title:  # not set apart: follows the title
        context["shorttitle"] = site
    title = talk_title(app, pagename)
    if title is not None:
        context["talkdeck_title"] = title


def rewrite_all_on_title_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: every page names the site, so every page is rewritten when its title
    changes (a second conference arrives, or leaves); Sphinx would rewrite only re-read pages."""
    written = get_domain(env).written(output_target(app.builder))
    title = site_title(app)
    if written.get(TITLE_KEY) == title:
        return []
    written[TITLE_KEY] = title
    return sorted(env.all_docs)
