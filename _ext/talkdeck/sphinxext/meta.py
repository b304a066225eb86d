"""What pages tell other sites: JSON-LD (jsonld.py), the video facade (video.py), the OpenGraph
title, description and picture (link_preview) of talk pages, the description of every page talkdeck makes or fills
(talk, event, overview and generated pages), and a complete, sorted sitemap.

Descriptions come from the data, in one place (the `*_description` functions): a talk's summary
or who gives it on what; an event's name, dates and place; what an overview page lists; the
talks of a speaker, topic, project or organisation. A page that sets its own description keeps it.

sphinxext-opengraph takes per-page overrides from the page's metadata (`og:*` fields). They are
set here at doctree-read from the Domain, so they travel with the environment under -j and are
refreshed whenever the page is re-read. Its make_tag escapes only double quotes, so the values
are stored HTML-escaped. The plain `<meta name="description">` is a docutils meta node
(escaped by the HTML writer); sphinxext-opengraph then leaves its own guess out.
"""

from __future__ import annotations

import fnmatch
import queue
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes

from ..core.entities import KINDS, Entity
from ..core.model import Event, Talk
from ..core.previews import talk_preview
from . import compat, profiles, redirects
from .dates import format_days
from .domain import get_domain
from .nodes import placeholder
from .publish import page_url, publication
from .specs import IndexSpec
from .titles import is_archive, site_title

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: Search engines show about this many characters of a description; lists stop before it.
DESCRIPTION_LENGTH = 160


def listed(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def talk_description(talk: Talk) -> str:
    """Its summary; without one, what it is, who gives it and on what topics."""
    if talk.summary:
        return talk.summary
    label = talk.format_label or "talk"
    text = f"{'An' if label[:1].lower() in 'aeiou' else 'A'} {label.lower()}"
    if talk.speakers:
        text += f" by {listed([s.name for s in talk.speakers])}"
    if talk.topics:
        text += f" on {listed(list(talk.topics))}"
    return f"{text}: {talk.title}."


def event_description(event: Event) -> str:
    """The talks of the event, with when and where it was."""
    facts = ", ".join(f for f in (format_days(event.start, event.end), event.place) if f)
    return f"The talks of {event.name}" + (f" ({facts})" if facts else "") + ", with their speakers and topics."


def index_description(kind: str, site: str) -> str:
    """What an overview page ({talk-index}) lists."""
    plural = "Events" if kind == "event" else KINDS[kind].plural
    return f"{plural} of {site}, each with its number of talks and a link to a page that lists them."


def entity_description(entity: Entity, titles: list[str]) -> str:
    """The talks of one speaker, topic, project or organisation, by title while they fit."""
    count = f"{len(titles)} talk{'' if len(titles) == 1 else 's'}"
    lead = {
        "speaker": f"{count} by {entity.name}",
        "topic": f"{count} on {entity.name}",
        "project": f"{count} about the project {entity.name}",
        "organisation": f"{count} by speakers from {entity.name}",
    }[entity.kind]
    quoted = [f"\u201c{t}\u201d" for t in titles]
    for shown in range(len(quoted), 0, -1):
        rest = len(quoted) - shown
        names = quoted[:shown] + ([f"{rest} more"] if rest else [])
        text = f"{lead}: {listed(names)}."
        if len(text) <= DESCRIPTION_LENGTH:
            return text
    return f"{lead}."


def has_description(doctree: nodes.document) -> bool:
    return any(node.get("name") == "description" for node in doctree.findall(nodes.meta))


def page_meta(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: the description of a talk, event or overview page, from its data.

    A talk page's OpenGraph title and description come from its front-matter; a page that
    gives its own description (MyST's html_meta) keeps it.
    """
    docname = app.env.current_document.docname
    fields = app.env.metadata[docname]
    entry = get_domain(app.env).entries.get(docname)
    if entry is not None and isinstance(entry.item, Talk):
        fields["og:title"] = escape(entry.item.title, quote=False)
        description = talk_description(entry.item)
    elif entry is not None and isinstance(entry.item, Event):
        description = event_description(entry.item)
    else:
        kinds = [node["spec"].kind for node in doctree.findall(placeholder) if isinstance(node["spec"], IndexSpec)]
        if not kinds:
            return
        description = index_description(kinds[0], app.config.project)
    if has_description(doctree):
        return
    fields["og:description"] = escape(description, quote=False)
    doctree += nodes.meta(name="description", content=description)


def link_preview(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context, before sphinxext-opengraph turns the page's metadata into tags: on a
    talk page its picture (core/previews.py) with its size and alternative text; on every page
    of an archive (titles.py) the archive's name as og:site_name, where conf.py's
    `ogp_site_name` names one conference. The metadata is replaced, not changed: it is the
    environment's own dict."""
    if doctree is None:
        return
    fields = dict(context.get("meta") or {})
    if is_archive(app):
        fields["og:site_name"] = escape(site_title(app), quote=False)
    domain = get_domain(app.env)
    entry = domain.talk_of(pagename)
    if entry is not None and publication(app.builder).previews:
        talk: Talk = entry.item  # type: ignore[assignment]
        event = domain.event_of(talk)
        preview = talk_preview(talk, event.item if event is not None else None)  # type: ignore[arg-type]
        if preview is not None:
            fields["og:image"] = preview.url
            fields["og:image:alt"] = escape(preview.alt, quote=False)
            fields["og:image:width"] = str(preview.width)
            fields["og:image:height"] = str(preview.height)
    context["meta"] = fields


def sitemap_pages(app: Sphinx) -> list[str]:
    """Every page this build's output has: the documents and the generated entity pages."""
    pages = set(app.env.all_docs)
    domain = get_domain(app.env)
    for kind in KINDS:
        pages.update(entity.pagename for entity in domain.entities(kind).values())
    return sorted(pages)


def complete_sitemap(app: Sphinx) -> None:
    """Every page, sorted, for sphinx-sitemap, which writes sitemap.xml at build-finished right
    after talkdeck's writer (exports/writer.py) calls this.

    sphinx-sitemap 2.9 lists the pages written by this run, in the order they were written: an
    incremental build would publish a sitemap of only the pages it rewrote (its issue #13), and
    a parallel one an order that changes from build to build. Its queue is refilled here with
    every page the output holds, in sorted order, keeping what it recorded (lastmod).
    """
    links = compat.sitemap_links(app)
    builder = app.builder
    if links is None or not publication(builder).sitemap:
        return
    found: dict[str, Any] = {}
    while True:
        try:
            link, lastmod = links.get_nowait()
        except queue.Empty:
            break
        # sphinx-sitemap records page names as they are; Sphinx (and page_url) quote them in URLs
        found[quote(link)] = lastmod
    for pagename in sitemap_pages(app):
        url = page_url(builder, pagename)
        if url is not None:
            found.setdefault(url, None)
    # pages that are not content: the redirects of earlier paths and the 404 page
    for pagename in (
        *redirects.pagenames(app),
        *profiles.redirected(app),
        getattr(app.config, "notfound_pagename", None),
    ):
        if pagename:
            found.pop(page_url(builder, pagename) or "", None)
    excludes = list(app.config.sitemap_excludes)
    for link in sorted(found):
        if not any(fnmatch.fnmatch(link, pattern) for pattern in excludes):
            links.put((link, found[link]))
