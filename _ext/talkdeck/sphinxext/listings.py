"""Placeholders filled when a page is written: each one's nodes come from the Domain at
doctree-resolved, and pages are rewritten whenever what their placeholders show changes
(env-updated), though their sources did not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from . import cards, delta, reader, subscribe
from .domain import Spec, TalkDomain, get_domain, output_target
from .nodes import placeholder
from .specs import EventSpec, GridSpec, IndexSpec, MyTalksSpec, RelatedSpec, SubscribeSpec

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def render(spec: Spec, inputs: tuple, links: cards.Links) -> list[nodes.Node]:
    """The nodes a placeholder stands for, from exactly the inputs its digest covers."""
    if isinstance(spec, IndexSpec):
        return [cards.overview(links, inputs, spec.kind)]
    if isinstance(spec, RelatedSpec):
        if not inputs:
            return []
        heading = "More from these speakers and topics"
        # rows, not cards: the card above is the page's subject, these are pointers onwards
        return [
            nodes.rubric(heading, heading, classes=["tdk-related-heading"]),
            cards.talk_rows(links, inputs),
        ]
    if isinstance(spec, GridSpec):
        if not inputs:
            return [nodes.paragraph("No talks match yet.", "No talks match yet.", classes=["tdk-empty"])]
        return [cards.grid([cards.talk_card(links, talk, event) for talk, event in inputs])]
    if not inputs:
        return []  # an unknown id: check_consistency has already said so, with the line
    if isinstance(spec, MyTalksSpec):
        return reader.my_talks(links.builder, links.fromdoc, links.builder.config.project)
    if isinstance(spec, SubscribeSpec):
        return subscribe.control(links.builder, links.fromdoc, *inputs)
    if isinstance(spec, EventSpec):
        return [cards.event_card(links, *inputs)]
    return [cards.talk_card(links, *inputs)]


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: replace every placeholder of the page with its cards."""
    domain = get_domain(app.env)
    links = cards.Links(app.builder, docname)
    for node in list(doctree.findall(placeholder)):
        spec: Spec = node["spec"]
        node.replace_self(render(spec, spec.inputs(domain, docname), links))


def digest(domain: TalkDomain, docname: str) -> str:
    return domain.fingerprint([spec.inputs(domain, docname) for spec in domain.placeholders.get(docname, ())])


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: pages whose placeholders would now show different data.

    Their sources did not change, so re-reading them is unnecessary: the placeholders are filled
    at write time, so rewriting them is enough. This covers added, edited and removed talks. A
    build that changed none of the Domain's data since the last digests (a no-op) has none; one
    that changed talks alone, since digests made just before it read (a `delta.Delta`), works
    out again the pages those talks reach.
    """
    domain = get_domain(env)
    target = output_target(app.builder)
    if domain.digests_current(target):
        return []
    written = domain.written(target)
    stale = []
    for docname in sorted(reached(domain, written, domain.data["digested"].get(target))):
        new = digest(domain, docname)
        if written.get(docname) != new:
            written[docname] = new
            stale.append(docname)
    domain.note_digested(target)
    return stale


def reached(domain: TalkDomain, written: dict[str, str], digested: int | None) -> list[str]:
    """The pages whose listings' digests are worked out again: every page with placeholders,
    or, when the digests were made just before the talks of this build's `Delta` changed, the
    pages it reaches (and those without a digest)."""
    found = delta.current(domain)
    if found is None or digested != found.base:
        return list(domain.placeholders)
    return [
        docname
        for docname, specs in domain.placeholders.items()
        if docname in found.docnames
        or docname not in written
        or any(spec.reaches(domain, docname, found) for spec in specs)
    ]
