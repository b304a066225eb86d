"""The body of the 404 page that sphinx-notfound-page writes (404.html; for dirhtml
404/index.html, both of which Read the Docs serves for a missing address).

sphinx-notfound-page renders the page with the theme and makes every URL of the theme's
template (styles, scripts, sidebar, search box) absolute under `notfound_urls_prefix`, so the
page works at any depth of a missing address; conf.py takes that prefix from the canonical URL
(Read the Docs' READTHEDOCS_CANONICAL_URL), '/' without one. This module gives it a body in
the same terms, built from nodes: what happened, a search form and a link to the home page.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .nodes import tdk_element
from .publish import publication

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: sphinx-notfound-page's module, as conf.py's `extensions` names it.
EXTENSION = "notfound.extension"


def _element(tag: str, attributes: dict[str, str], *children: nodes.Node, classes: list[str]) -> tdk_element:
    return tdk_element("", *children, tag=tag, attributes=attributes, classes=classes)


def body(prefix: str, search: str, home: str, site: str) -> nodes.section:
    """The page's content: a heading, what to do, a search form (to `search`, none without a
    search page), a link home."""
    section = nodes.section("", ids=["page-not-found"], classes=["tdk-notfound"])
    section += nodes.title("Page not found", "Page not found")
    text = (
        "There is no page at this address. It may have moved, or the link may have a typo. "
        "Search the talks, or start again from the home page."
    )
    section += nodes.paragraph(text, text)
    if not search:
        return _home(section, prefix, home, site)
    # a search landmark of its own name: the theme's sidebar has one too (axe: landmark-unique)
    attributes = {"action": prefix + search, "method": "get", "role": "search", "aria-label": "Search the talks"}
    form = _element("form", attributes, classes=["tdk-notfound-search"])
    form += _element("label", {"for": "tdk-notfound-q"}, nodes.Text("Search the talks"), classes=[])
    form += nodes.Text(" ")
    field = _element("input", {"type": "search", "name": "q"}, classes=[])
    field["ids"] = ["tdk-notfound-q"]  # starttag writes ids, never an 'id' attribute
    form += field
    form += nodes.Text(" ")
    form += _element("button", {"type": "submit"}, nodes.Text("Search"), classes=[])
    section += form
    return _home(section, prefix, home, site)


def _home(section: nodes.section, prefix: str, home: str, site: str) -> nodes.section:
    link = nodes.reference("", "", nodes.Text(site), refuri=prefix + home, internal=False)
    section += nodes.paragraph("", "", nodes.Text("Home page: "), link, classes=["tdk-notfound-home"])
    return section


def is_notfound(app: Sphinx, pagename: str) -> bool:
    """Whether `pagename` is the 404 page sphinx-notfound-page writes."""
    return EXTENSION in app.extensions and pagename == app.config.notfound_pagename


def absolute(app: Sphinx, pagename: str, path: str) -> str | None:
    """On the 404 page, the URL of a file of the output folder (`path` from its root), absolute
    under the prefix; None on any other page (whose links stay relative)."""
    if not is_notfound(app, pagename):
        return None
    return (app.config.notfound_urls_prefix or "/") + path


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context of the 404 page: its body, with URLs absolute under the prefix."""
    if not is_notfound(app, pagename) or doctree is not None:
        return
    prefix = app.config.notfound_urls_prefix or "/"
    builder = app.builder
    home = builder.get_target_uri(app.config.root_doc)
    home = "" if home in ("index.html", "./", "") else home
    site = str(context.get("docstitle") or app.config.project)
    search = "" if publication(builder).single_page else builder.get_target_uri("search")
    context["body"] = builder.render_partial(body(prefix, search, home, site))["fragment"]
    context["title"] = "Page not found"
    # like every page readers land on, it says what it is (escaped: the site's name is config)
    description = escape(f"This address is not a page of {site}; search its talks or start from its home page.")
    context["metatags"] = context.get("metatags", "") + f'<meta name="description" content="{description}">\n'
