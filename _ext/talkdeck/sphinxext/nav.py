"""Navigation that costs the same per page however many talks there are: talk pages stay out of
the global toctree (furo renders the whole tree on every page), get previous / next links
within their event, and a sidebar block lists a bounded window of the event's talks."""

from __future__ import annotations

import hashlib
import posixpath
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from ..core.model import Person
from . import compat
from .domain import get_domain, output_target
from .publish import page_url, publication
from .specs import NavSpec
from .titles import site_title

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Where the toctree signature a target was last written with is kept among its page digests
#: (not a docname: it has a space).
TOCTREE_KEY = " toctree"


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: prev / next and the sidebar block, read from data collected when reading."""
    domain = get_domain(app.env)
    entry = domain.entries.get(pagename)
    if entry is None or isinstance(entry.item, Person):
        return
    builder = app.builder

    def pathto(docname: str) -> str:
        return page_url(builder, docname, pagename) or "#"

    head, window, prev, nxt = NavSpec(pagename).inputs(domain, pagename)
    # themes print these titles as HTML (Sphinx's own are rendered markup), so escape ours
    if prev:
        context["prev"] = {"link": pathto(prev[0]), "title": escape(prev[1])}
    if nxt:
        context["next"] = {"link": pathto(nxt[0]), "title": escape(nxt[1])}
    if head is None:
        return
    context["talkdeck_sidebar"] = {
        "event": {"link": pathto(head[0]), "title": head[1]},
        "talks": [{"link": pathto(doc), "title": title, "current": doc == pagename} for doc, title in window],
        "more": head[2],
    }


def shared_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context, before the theme's (priority 400): the theme's navigation made once
    per folder for the pages the toctree does not show (talks, speakers' pages), not per page.

    Sphinx resolves the whole global toctree for every page that asks (furo asks on every page),
    and the tree grows with the number of events: 10,000 talks paid it 10,000 times. For a page
    outside the toctree nothing in it is marked current, so the tree differs between two such
    pages only by the relative links, which depend on the page's folder alone."""
    own = context.get("toctree")
    builder = app.builder
    if own is None or pagename in shown_in_toctree(app.env):
        return
    folder = posixpath.dirname(builder.get_target_uri(pagename))
    domain = get_domain(app.env)

    def toctree(**kwargs: Any) -> str:
        key = ("navigation", builder.name, folder, repr(sorted(kwargs.items())))
        return domain.memo(key, lambda: own(**kwargs))

    context["toctree"] = toctree


def shown_in_toctree(env: BuildEnvironment) -> frozenset[str]:
    """The documents the global toctree shows: the root and every document a toctree includes."""
    make = lambda: frozenset({env.config.root_doc}.union(*env.toctree_includes.values()))  # noqa: E731
    return get_domain(env).memo(("shown in toctree",), make)


def single_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context of a single-page build (singlehtml), two links to nowhere fixed:
    Sphinx's `hasdoc` says there is a search and an index page, which it does not write (themes
    link both from the head), and its table of contents links a section of a page as
    '#document-<page>#<section>', where the section's own id is what the page has."""
    builder = app.builder
    if not publication(builder).single_page:
        return
    if "hasdoc" in context:
        hasdoc = context["hasdoc"]
        context["hasdoc"] = lambda name: name not in ("search", "genindex") and hasdoc(name)
    if not context.get("toc"):
        return
    toctree = global_toctree_for_doc(app.env, app.config.root_doc, builder, tags=builder.tags, collapse=False)
    if toctree is None:
        return
    for reference in toctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri.count("#") > 1:
            reference["refuri"] = "#" + uri.rsplit("#", 1)[1]
    context["toc"] = builder.render_partial(toctree)["fragment"]


def toctree_signature(env: BuildEnvironment) -> str:
    """What every page's sidebar shows: the toctree structure and the titles in it."""
    parts = (
        sorted(env.toctree_includes.items()),
        sorted((d, env.titles[d].astext()) for d in shown_in_toctree(env) if d in env.titles),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def site_signature(app: Sphinx) -> str:
    """What a generated page depends on besides its data: toctree, build configuration, the
    site's title."""
    return repr((toctree_signature(app.env), compat.config_hash(app.builder), site_title(app)))  # type: ignore[arg-type]


def rewrite_all_on_nav_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: when the sidebar changes, every page shows it, so every page is rewritten.

    Sphinx itself only rewrites the pages it re-read, which would leave stale sidebars.
    """
    written = get_domain(env).written(output_target(app.builder))
    signature = toctree_signature(env)
    if written.get(TOCTREE_KEY) == signature:
        return []
    written[TOCTREE_KEY] = signature
    return sorted(env.all_docs)
