"""One generated HTML page per speaker, topic, project and organisation.

They come from the Domain through `html-collect-pages`, so nothing is written into the source
folder, and each build regenerates exactly the pages whose content changed: the one manifest of
the output folder (outputs.py) keeps a digest per page, and the writer deletes the pages of
entities that no longer exist, and the files of documents that are gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.entities import KINDS, Entity
from ..core.search import entity_facets
from . import cards, compat, nav, reader, search, subscribe
from .domain import TalkDomain, get_domain, output_target
from .meta import entity_description
from .outputs import Manifest, Output
from .publish import publication
from .report import Subtype, warn
from .specs import entity_grid

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The manifest's key of the files Sphinx writes for the documents.
DOCUMENTS = "documents"


def page_inputs(domain: TalkDomain, entity: Entity) -> tuple:
    """Everything an entity page shows; its digest decides whether the page is rewritten."""
    speakers = domain.entities("speaker")
    people = tuple((s, speakers[s].name) for s in entity.members if s in speakers)
    titles = tuple(
        (t, domain.talks[t].item.title, domain.talks[t].docname)  # type: ignore[union-attr]
        for t, _, _ in entity.appearances
        if t in domain.talks
    )
    own = [domain.talks[t] for t in entity.talks if t in domain.talks]
    grid = entity_grid(entity.kind, entity.id).inputs(domain, entity.pagename, own)
    return entity, grid, people, titles, domain.subscription(entity.kind, entity.id)


def entity_body(builder: StandaloneHTMLBuilder, pagename: str, inputs: tuple) -> nodes.section:
    entity, talks, people, titles, subscription = inputs
    links = cards.Links(builder, pagename)
    kind = KINDS[entity.kind]
    section = nodes.section("", ids=[f"{entity.kind}-{entity.id}"], classes=["tdk-entity-page"])
    section += nodes.title(entity.name, entity.name)
    count = f"{kind.singular} · {len(talks)} talk{'s' if len(talks) != 1 else ''}"
    section += nodes.paragraph(count, count, classes=["tdk-entity-count"])
    section += subscribe.control(builder, pagename, subscription)
    if entity.kind == "speaker" and titles:
        items = nodes.bullet_list(classes=["tdk-appearances"])
        by_talk = {t: (title, doc) for t, title, doc in titles}
        for talk_id, affiliation, role in entity.appearances:
            if talk_id not in by_talk:
                continue
            title, doc = by_talk[talk_id]
            para = nodes.paragraph()
            who = ", ".join(p for p in (role, affiliation) if p)
            if who:
                para += nodes.inline(who, who, classes=["tdk-affiliation"])
                para += nodes.Text(" \u2014 ")
            para += cards.page_link(links, doc, title, "title-link")
            items += nodes.list_item("", para)
        section += items
    if people:
        para = nodes.paragraph("", "", classes=["tdk-members"])
        para += nodes.strong("Speakers: ", "Speakers: ")
        para += cards.joined([cards.entity_link(links, "speaker", ident, name) for ident, name in people])
        section += para
    section += cards.listing(links, talks)
    return section


def planned(app: Sphinx) -> list[tuple[str, str, Entity, tuple]]:
    """(page name, digest, entity, inputs) of every generated page of this build; an entity
    whose page would replace a document has none (collect_pages says so). Made once per build:
    collect_pages and the writer both ask."""
    domain = get_domain(app.env)
    site = nav.site_signature(app)

    def make() -> list[tuple[str, str, Entity, tuple]]:
        found = []
        for kind in KINDS:
            for entity in domain.entities(kind).values():
                if entity.pagename not in app.env.all_docs:
                    inputs = page_inputs(domain, entity)
                    found.append((entity.pagename, domain.fingerprint((site, inputs)), entity, inputs))
        return found

    return domain.memo(("generated pages", output_target(app.builder), site), make)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: the entity pages whose digest differs from the manifest's, or whose
    file is gone (the one skip rule, outputs.Manifest.fresh); the writer records them all."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not publication(builder).entity_pages:
        return
    domain = get_domain(app.env)
    for kind in KINDS:
        for entity in domain.entities(kind).values():
            if entity.pagename in app.env.all_docs:
                warn(
                    f"the generated page for {kind} {entity.id!r} would replace the document {entity.pagename!r}; "
                    f"rename that document",
                    entity.pagename,
                    None,
                    Subtype.duplicate,
                )
    previous = Manifest.read(builder.outdir)
    for pagename, digest, entity, inputs in planned(app):
        if previous.fresh(_relative(builder, pagename), digest):
            continue
        compat.prepare_render(builder, pagename)
        page: nodes.Element = entity_body(builder, pagename, inputs)
        if search.uses_pagefind(builder):
            page = search.indexed([page], entity_facets(entity.kind, entity.name), entity.name, entity=True)
        body = builder.render_partial(page)["fragment"]
        description = entity_description(entity, [talk.item.title for talk, _ in inputs[1]])  # type: ignore[union-attr]
        context = {"title": escape(entity.name), "body": body, "display_toc": False, "toc": ""}
        context["metatags"] = f'<meta name="description" content="{escape(description)}">'
        context["talkdeck_reader"] = reader.uses_script(page)  # no doctree for reader.add_script to look at
        yield pagename, context, "page.html"


def outputs(app: Sphinx) -> dict[str, Output]:
    """What Sphinx writes that the manifest keeps: each generated page with the digest its skip
    rule compares, and the files of the documents (deleted once their document is gone)."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return {}
    wanted = publication(builder)
    found: dict[str, Output] = {}
    if wanted.entity_pages:
        for pagename, digest, _, _ in planned(app):
            path = _relative(builder, pagename)
            found[path] = Output(digest, files=(path,))
    if wanted.tidy:
        found[DOCUMENTS] = Output("", files=tuple(document_outputs(builder)))
    return found


def page_files(app: Sphinx) -> list[str]:
    """The HTML file of every document and generated page of this build, sorted: what the
    search index is made from."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return []
    found = {_relative(builder, docname) for docname in builder.env.all_docs}
    if publication(builder).entity_pages:
        found |= {_relative(builder, pagename) for pagename, _, _, _ in planned(app)}
    return sorted(found)


def _relative(builder: StandaloneHTMLBuilder, pagename: str) -> str:
    return builder.get_outfilename(pagename).relative_to(builder.outdir).as_posix()


def document_outputs(builder: StandaloneHTMLBuilder) -> list[str]:
    """The files each source document produces here: its page and the copy of its source.

    Sphinx never deletes these when a document is removed or renamed, so a stale page would stay
    reachable (and searchable by URL); remembering them lets the next build delete them.
    """
    outputs = []
    for docname in builder.env.all_docs:
        outputs.append(_relative(builder, docname))
        source = compat.source_copy(builder, docname)
        if source is not None:
            outputs.append(source)
    return sorted(outputs)
