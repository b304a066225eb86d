"""One generated HTML page per speaker, topic, project and organisation, and the search results
page (its markup is search.py's; it names as many index shards as this build's pages make).

They come from the Domain through `html-collect-pages`, so nothing is written into the source
folder, and each build regenerates exactly the pages whose content changed: the one manifest of
the output folder (outputs.py) keeps a digest per page, and the writer deletes the pages of
entities that no longer exist, and the files of documents that are gone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.entities import KINDS, Entity
from ..core.model import Entry, Person, start_key
from ..core.people import handle, names, picture_file, service, shown_size
from ..core.search import entity_facets
from . import cards, compat, forked, nav, plan, profiles, reader, search, subscribe
from .domain import TalkDomain, get_domain, output_target
from .meta import entity_description
from .nodes import tdk_element
from .outputs import Manifest, Output
from .publish import file_url, publication
from .report import Subtype, warn
from .specs import entity_grid

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The manifest's key of the files Sphinx writes for the documents.
DOCUMENTS = "documents"


def page_inputs(domain: TalkDomain, entity: Entity) -> tuple:
    """Everything an entity page shows; its digest decides whether the page is rewritten. A
    speaker's profile (its biography as written, its picture's digest) is part of it."""
    speakers = domain.entities("speaker")
    people = tuple((s, speakers[s].name) for s in entity.members if s in speakers)
    own = [domain.talks[t] for t in entity.talks if t in domain.talks]
    talks = entity_grid(entity.kind, entity.id).inputs(domain, entity.pagename, own)
    profile = domain.people.get(entity.id) if entity.kind == "speaker" else None
    return entity, talks, people, profile, domain.subscription(entity.kind, entity.id)


def _newest_first(talks: tuple) -> list[tuple[Entry | None, list]]:
    """The talks grouped by event, the newest event first (by its last day, then its first, then
    name: a conference ends after the events co-located with it); within an event in programme
    order, as the grid sorts them."""
    groups: dict[str, tuple[Entry | None, list]] = {}
    for talk_entry, event_entry in talks:
        key = event_entry.item.id if event_entry is not None else ""
        groups.setdefault(key, (event_entry, []))[1].append((talk_entry, event_entry))

    def when(group: tuple[Entry | None, list]) -> tuple:
        event = group[0].item if group[0] is not None else None
        start, end = getattr(event, "start", None), getattr(event, "end", None)
        last = end or start
        return (
            last is not None,
            last.toordinal() if last else 0,
            start.toordinal() if start else 0,
            getattr(event, "name", ""),
        )

    return sorted(groups.values(), key=when, reverse=True)


def current_role(talks: tuple, speaker_id: str) -> tuple[str, str]:
    """(role, affiliation) the speaker gave on their newest talk that names either."""

    def newest(pair: tuple) -> tuple:
        missing, moment = start_key(pair[0].item, pair[1].item if pair[1] is not None else None)
        return (not missing, moment, pair[0].item.id)

    for talk_entry, _ in sorted(talks, key=newest, reverse=True):
        for speaker in talk_entry.item.speakers:
            if speaker.id == speaker_id and (speaker.role or speaker.affiliation):
                return speaker.role, speaker.affiliation
    return "", ""


def _profile_head(builder: StandaloneHTMLBuilder, pagename: str, person: Person, who: str) -> nodes.Element:
    """Picture, pronouns and current role of a person with a profile."""
    head = nodes.container(classes=["tdk-person-head"])
    if person.image is not None:
        width, height = shown_size(person.image)
        attributes = {
            "src": file_url(builder, pagename, picture_file(person)),
            "alt": person.name,
            "width": str(width),
            "height": str(height),
            "loading": "lazy",
            "decoding": "async",
        }
        head += tdk_element("", tag="img", attributes=attributes, classes=["tdk-person-picture"])
    details = nodes.container(classes=["tdk-person-details"])
    if person.pronouns:
        text = f"Pronouns: {person.pronouns}"
        details += nodes.paragraph(text, text, classes=["tdk-pronouns"])
    if who:
        details += nodes.paragraph(who, who, classes=["tdk-current-role"])
    head += details
    return head


def _profile_links(person: Person) -> nodes.Element:
    """The person's site and accounts, each named by its service."""
    items = nodes.bullet_list(classes=["tdk-person-links"])
    for url in person.links:
        para = nodes.paragraph()
        name = service(url)
        para += nodes.inline(name, name, classes=["tdk-service"])
        para += nodes.Text(": ")
        shown = handle(url)
        para += nodes.reference(shown, shown, refuri=url, classes=["tdk-person-link"])
        items += nodes.list_item("", para)
    return items


def entity_body(
    builder: StandaloneHTMLBuilder, pagename: str, inputs: tuple, bio: list[nodes.Node] | None = None
) -> nodes.section:
    entity, talks, people, profile, subscription = inputs
    links = cards.Links(builder, pagename)
    kind = KINDS[entity.kind]
    section = nodes.section("", ids=[f"{entity.kind}-{entity.id}"], classes=["tdk-entity-page"])
    section += nodes.title(entity.name, entity.name)
    count = f"{kind.singular} · {len(talks)} talk{'s' if len(talks) != 1 else ''}"
    if entity.kind != "speaker":
        section += nodes.paragraph(count, count, classes=["tdk-entity-count"])
        section += subscribe.control(builder, pagename, subscription)
        if people:
            para = nodes.paragraph("", "", classes=["tdk-members"])
            para += nodes.strong("Speakers: ", "Speakers: ")
            para += cards.joined([cards.entity_link(links, "speaker", ident, name) for ident, name in people])
            section += para
        section += cards.listing(links, talks)
        return section
    role, affiliation = current_role(talks, entity.id)
    who = ", ".join(p for p in (role, affiliation) if p)
    person: Person | None = profile.item if profile is not None else None
    if person is not None:
        section["classes"].append("tdk-person")
        section += _profile_head(builder, pagename, person, who)
    elif who:
        section += nodes.paragraph(who, who, classes=["tdk-current-role"])
    section += nodes.paragraph(count, count, classes=["tdk-entity-count"])
    section += subscribe.control(builder, pagename, subscription)
    if bio:
        section += nodes.container("", *bio, classes=["tdk-biography"])
    if person is not None and person.links:
        section += _profile_links(person)
    for event_entry, group in _newest_first(talks):
        label = event_entry.item.label if event_entry is not None else "Other talks"
        part = nodes.section("", ids=[f"talks-{event_entry.item.id if event_entry else 'other'}"])
        part += nodes.title(label, label)
        part += cards.listing(links, group)
        section += part
    return section


def planned(app: Sphinx) -> list[tuple[str, str, Entity, tuple | None]]:
    """(page name, digest, entity, inputs) of every generated page of this build; an entity
    whose page would replace a document has none (collect_pages says so). Made once per build:
    collect_pages and the writer both ask. After a build that changed talks alone (a
    `delta.Delta`), a page it does not reach keeps the digest the build before made, without
    its inputs (None: collect_pages makes them if it writes the page)."""
    domain = get_domain(app.env)
    site = nav.site_signature(app)
    since = plan.since(app)

    def make() -> list[tuple[str, str, Entity, tuple | None]]:
        found: list[tuple[str, str, Entity, tuple | None]] = []
        for pagename, entity in generated(app):
            kept = since[1].pages.get(pagename) if since is not None else None
            if kept is not None and not since[0].reaches_entity(entity):  # type: ignore[index]
                found.append((pagename, kept, entity, None))
                continue
            inputs = page_inputs(domain, entity)
            found.append((pagename, domain.fingerprint((site, inputs)), entity, inputs))
        return found

    return domain.memo(("generated pages", output_target(app.builder), site), make)


def generated(app: Sphinx) -> list[tuple[str, Entity]]:
    """(page name, entity) of every generated page of this build, without what it shows."""
    domain = get_domain(app.env)
    return domain.memo(  # type: ignore[no-any-return]
        "generated page names",
        lambda: [
            (entity.pagename, entity)
            for kind in KINDS
            for entity in domain.entities(kind).values()
            if entity.pagename not in app.env.all_docs
        ],
    )


def digests(app: Sphinx) -> dict[str, str]:
    """Page name -> digest of every generated page: as kept by the build that last read
    (plan.py), or made now."""
    kept = plan.kept(app)
    if kept is not None:
        return dict(kept.pages)
    return {pagename: digest for pagename, digest, _, _ in planned(app)}


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
    changed = {p for p, digest in digests(app).items() if not previous.fresh(_relative(builder, p), digest)}
    stale = [(p, e, i or page_inputs(domain, e)) for p, _, e, i in planned(app) if p in changed] if changed else []
    # a biography is a profile document resolved for this builder, which registers its images
    # with the builder (copied at the end of the build): made here, before any fork
    bios = {
        pagename: profiles.biography(app, inputs[3].docname)
        for pagename, _, inputs in stale
        if inputs[3] is not None and inputs[3].item.biography
    }

    def render(page: tuple[str, Entity, tuple]) -> dict[str, Any]:
        pagename, entity, inputs = page
        return page_context(builder, pagename, entity, inputs, bios.get(pagename))

    # under -j, rendered in forked processes (the main process would otherwise do them alone
    # after the parallel write); Sphinx writes each in order, here
    for (pagename, _, _), context in zip(stale, forked.in_order(app.parallel, render, stale), strict=True):
        yield pagename, context, "page.html"


def page_context(
    builder: StandaloneHTMLBuilder, pagename: str, entity: Entity, inputs: tuple, bio: list[nodes.Node] | None
) -> dict[str, Any]:
    """The template context of an entity's page: its body rendered to HTML, plain strings (sent
    back from a forked process under -j)."""
    compat.prepare_render(builder, pagename)
    page: nodes.Element = entity_body(builder, pagename, inputs, bio)
    if search.uses_pagefind(builder):
        profile = inputs[3]
        aliases = tuple(names(profile.item)[1:]) if profile is not None else ()
        page = search.indexed(
            [page], entity_facets(entity.kind, entity.name), entity.name, entity=True, aliases=aliases
        )
    body = builder.render_partial(page)["fragment"]
    description = entity_description(entity, [talk.item.title for talk, _ in inputs[1]])  # type: ignore[union-attr]
    context = {"title": escape(entity.name), "body": body, "display_toc": False, "toc": ""}
    context["metatags"] = f'<meta name="description" content="{escape(description)}">'
    context["talkdeck_reader"] = reader.uses_script(page)  # no doctree for reader.add_script to look at
    return context


def outputs(app: Sphinx) -> dict[str, Output]:
    """What Sphinx writes that the manifest keeps: each generated page with the digest its skip
    rule compares, and the files of the documents (deleted once their document is gone)."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return {}
    wanted = publication(builder)
    found: dict[str, Output] = {}
    if wanted.entity_pages:
        for pagename, digest in digests(app).items():
            path = _relative(builder, pagename)
            found[path] = Output(digest, files=(path,))
    if wanted.tidy:
        found[DOCUMENTS] = Output("", files=tuple(document_outputs(builder)))
    return found


def collect_search_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: the results page in Sphinx's place, in the theme's page template."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not search.uses_pagefind(builder):
        return []
    count = len(index_shards(app))
    compat.prepare_render(builder, search.SEARCH_PAGE)
    body = builder.render_partial(search.results_page(builder, count))["fragment"]
    context = {
        "title": "Search",
        "body": body,
        "display_toc": False,
        "toc": "",
        # as Sphinx's own search page: a page of results is nothing for a search engine to keep
        "metatags": '<meta name="robots" content="noindex">',
    }
    return [(search.SEARCH_PAGE, context, "page.html")]


def page_files(app: Sphinx) -> list[str]:
    """The HTML file of every document and generated page of this build, sorted: what the
    search index is made from."""
    return _indexed_pages(app)[0]


def index_shards(app: Sphinx) -> list[list[str]]:
    """The pages of each shard of the search index (search.shards, the generated pages apart):
    what the results page names and what exports/pagefind.py indexes, decided here for both."""

    def make() -> list[list[str]]:
        every, apart = _indexed_pages(app)
        return search.shards(every, app.config[search.SHARD_CONFIG], apart)

    return get_domain(app.env).memo(("index shards", output_target(app.builder)), make)  # type: ignore[no-any-return]


def _indexed_pages(app: Sphinx) -> tuple[list[str], frozenset[str]]:
    """Every page's HTML file, sorted, and those of the generated pages among them."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return [], frozenset()

    def make() -> tuple[list[str], frozenset[str]]:
        entity_pages = generated(app) if publication(builder).entity_pages else []
        apart = frozenset(_relative(builder, pagename) for pagename, _ in entity_pages)
        return sorted({_relative(builder, docname) for docname in builder.env.all_docs} | apart), apart

    # made once per build: the results page (its number of shards) and the index both ask
    return get_domain(app.env).memo(("page files", output_target(builder)), make)  # type: ignore[no-any-return]


def _relative(builder: StandaloneHTMLBuilder, pagename: str) -> str:
    """A page's file, relative to the output folder (as text: pathlib's relative_to cost seconds
    over 13,000 pages, asked for each of them several times a build)."""
    if compat.plain_output_paths(builder):
        return pagename + builder.out_suffix
    path, root = os.fspath(builder.get_outfilename(pagename)), os.fspath(builder.outdir) + os.sep
    if not path.startswith(root):
        return Path(path).relative_to(builder.outdir).as_posix()
    return path[len(root) :].replace(os.sep, "/")


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
