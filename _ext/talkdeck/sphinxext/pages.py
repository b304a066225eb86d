"""One generated HTML page per speaker, topic, project and organisation.

They come from the Domain through `html-collect-pages`, so nothing is written into the source
folder, and each build regenerates exactly the pages whose content changed: a manifest in the
output folder keeps a digest per page, and pages for entities that no longer exist are deleted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.entities import KINDS, Entity
from . import cards, compat, nav
from .domain import TalkDomain, get_domain
from .publish import publication, read_state
from .report import Subtype, warn
from .specs import entity_grid

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MANIFEST = ".talkdeck-pages.json"


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
    return entity, entity_grid(entity.kind, entity.id).inputs(domain, entity.pagename, own), people, titles


def entity_body(builder: StandaloneHTMLBuilder, pagename: str, inputs: tuple) -> nodes.section:
    entity, talks, people, titles = inputs
    links = cards.Links(builder, pagename)
    kind = KINDS[entity.kind]
    section = nodes.section("", ids=[f"{entity.kind}-{entity.id}"], classes=["tdk-entity-page"])
    section += nodes.title(entity.name, entity.name)
    count = f"{kind.singular} · {len(talks)} talk{'s' if len(talks) != 1 else ''}"
    section += nodes.paragraph(count, count, classes=["tdk-entity-count"])
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


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: (re)write the entity pages whose digest changed; delete vanished ones."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not publication(builder).entity_pages:
        return
    domain = get_domain(app.env)
    manifest_path = builder.outdir / MANIFEST
    manifest = read_manifest(manifest_path)
    old: dict[str, str] = manifest["generated"]
    site = nav.site_signature(app)
    new: dict[str, str] = {}
    for kind in KINDS:
        for entity in domain.entities(kind).values():
            pagename = entity.pagename
            if pagename in app.env.all_docs:
                warn(
                    f"the generated page for {kind} {entity.id!r} would replace the document {pagename!r}; "
                    f"rename that document",
                    pagename,
                    None,
                    Subtype.duplicate,
                )
                continue
            inputs = page_inputs(domain, entity)
            digest = domain.fingerprint((site, inputs))
            new[pagename] = digest
            if old.get(pagename) == digest and builder.get_outfilename(pagename).exists():
                continue
            compat.prepare_render(builder, pagename)
            body = builder.render_partial(entity_body(builder, pagename, inputs))["fragment"]
            yield pagename, {"title": escape(entity.name), "body": body, "display_toc": False, "toc": ""}, "page.html"
    for pagename in sorted(set(old) - set(new)):
        builder.get_outfilename(pagename).unlink(missing_ok=True)
    documents = document_outputs(builder)
    for path in sorted(set(manifest["documents"]) - set(documents) - {_relative(builder, p) for p in new}):
        (builder.outdir / path).unlink(missing_ok=True)
    manifest_path.write_text(
        json.dumps({"generated": new, "documents": documents}, indent=0, sort_keys=True), encoding="utf-8"
    )


def read_manifest(path: Path) -> dict[str, Any]:
    """What the previous build wrote to this output folder; empty when unknown or unreadable."""
    found = read_state(path)
    generated = found.get("generated")
    documents = found.get("documents")
    return {
        "generated": generated if isinstance(generated, dict) else {},
        "documents": [d for d in documents if isinstance(d, str)] if isinstance(documents, list) else [],
    }


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
