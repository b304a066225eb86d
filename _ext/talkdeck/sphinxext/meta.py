"""What pages tell other sites: JSON-LD (jsonld.py), the video facade (video.py), the OpenGraph
title and description of talk pages, and a complete, sorted sitemap.

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

from ..core.entities import KINDS
from ..core.model import Talk
from . import compat
from .domain import get_domain
from .publish import page_url, publication

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def talk_meta(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: a talk page's OpenGraph title and description come from its front-matter."""
    docname = app.env.current_document.docname
    entry = get_domain(app.env).talk_of(docname)
    if entry is None:
        return
    talk: Talk = entry.item  # type: ignore[assignment]
    fields = app.env.metadata[docname]
    fields["og:title"] = escape(talk.title, quote=False)
    if talk.summary:
        fields["og:description"] = escape(talk.summary, quote=False)
        doctree += nodes.meta(name="description", content=talk.summary)


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
    excludes = list(app.config.sitemap_excludes)
    for link in sorted(found):
        if not any(fnmatch.fnmatch(link, pattern) for pattern in excludes):
            links.put((link, found[link]))
