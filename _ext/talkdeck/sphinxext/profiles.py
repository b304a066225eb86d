"""Speaker profiles (`people/<id>.md`) as the build shows them: one page per person.

The profile document is not a page of its own: its biography is shown on the person's speaker
page (`speakers/<id>`, pages.py), and the document's own address becomes a redirect there (the
redirect template of redirects.py), so a person has one URL and search engines one page. HTML
written into a biography is dropped, with a warning at its line: a profile is the person's own
words, and the site shows them as Markdown, never as markup or script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.model import Person
from .domain import get_domain
from .publish import absolute_url, page_url, publication
from .redirects import TEMPLATE
from .report import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def _person(app: Sphinx, docname: str) -> Person | None:
    entry = get_domain(app.env).entries.get(docname)
    return entry.item if entry is not None and isinstance(entry.item, Person) else None


def drop_html(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: raw HTML in a profile's body (MyST passes it through) is removed and reported."""
    docname = app.env.docname
    if _person(app, docname) is None:
        return
    for raw in list(doctree.findall(nodes.raw)):
        warn(
            "biography: HTML is not shown on a speaker page; write the text in Markdown (links as [text](https://...))",
            docname,
            raw.line,
            Subtype.biography,
        )
        raw.parent.remove(raw)


def shows_profiles(builder: Builder) -> bool:
    """Whether this build gives a profile's content to the speaker page (and redirects its address)."""
    return isinstance(builder, StandaloneHTMLBuilder) and publication(builder).entity_pages


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> str | None:
    """html-page-context: a profile document's own page sends readers on to the speaker page."""
    person = _person(app, pagename)
    if person is None or not shows_profiles(app.builder) or not _has_page(app, person):
        return None  # not published here, or no talk names them (reported): the document stays
    target = f"speakers/{person.id}"
    builder = app.builder
    url = page_url(builder, target, pagename) or ""
    baseurl = builder.config.html_baseurl
    canonical = absolute_url(baseurl, page_url(builder, target) or "") if baseurl else url
    context["talkdeck_redirect"] = {"url": url, "canonical": canonical, "title": person.name}
    return TEMPLATE


def redirected(app: Sphinx) -> list[str]:
    """The profile documents whose page is a redirect to their speaker page (kept out of the sitemap)."""
    if not shows_profiles(app.builder):
        return []
    domain = get_domain(app.env)
    return sorted(entry.docname for entry in domain.people.values() if _has_page(app, entry.item))  # type: ignore[arg-type]


def _has_page(app: Sphinx, person: Person) -> bool:
    """Whether the person has a speaker page (a talk names them): the one rule for the redirect."""
    return person.id in get_domain(app.env).entities("speaker")


def biography(app: Sphinx, docname: str) -> list[nodes.Node]:
    """The body of a profile document, references resolved, to show on the speaker page (whose
    folder is as deep as `people/`, so relative links stay right)."""
    builder = app.builder
    doctree = app.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
    builder.post_process_images(doctree)  # type: ignore[attr-defined]
    section = next(iter(doctree.findall(nodes.section)), None)
    holder = section if section is not None else doctree
    return [
        child.deepcopy()
        for child in holder.children
        if not isinstance(child, (nodes.title, nodes.docinfo, nodes.target, nodes.comment, nodes.meta))
    ]
