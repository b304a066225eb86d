"""Makes talks, events, speakers, topics, projects and organisations findable from outside:
standard labels (so a plain intersphinx project can `:ref:` them) and general-index entries
for the generated pages. Recomputed from Domain data after every read, stale ones removed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core import people
from ..core.entities import KINDS
from .domain import OBJECT_KINDS, get_domain
from .publish import publication

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def label_name(kind: str, ident: str) -> str:
    """The std label of an object, e.g. 'speaker-alex-leong'."""
    return f"{kind}-{ident}"


def publish_targets(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: refresh our std labels and the index entries of generated pages.

    Sphinx purges labels and index entries per document; generated pages are not documents,
    so we remember what we added last time and replace it wholesale. A builder that writes no
    generated pages gets neither their labels nor their index entries: both would link to a
    file its output does not have.
    """
    domain = get_domain(env)
    std = env.domains.standard_domain
    index = env.domains.index_domain
    for name in domain.data["labels"]:
        std.labels.pop(name, None)
        std.anonlabels.pop(name, None)
    for page in domain.data["index_pages"]:
        index.entries.pop(page, None)
    labels: list[str] = []
    pages: list[str] = []
    entity_pages = publication(app.builder).entity_pages
    for kind in OBJECT_KINDS:
        if kind in KINDS and not entity_pages:
            continue
        for ident in sorted(domain.known(kind)):
            page, anchor, name = domain.target(kind, ident)  # type: ignore[misc]
            label = label_name(kind, ident)
            if label in std.labels:  # the project defined this label itself: leave it alone
                continue
            std.labels[label] = (page, anchor, name)
            std.anonlabels[label] = (page, anchor)
            labels.append(label)
            if kind in KINDS:
                # a person's other spellings and former names find them too (their profile lists them)
                profile = domain.people.get(ident) if kind == "speaker" else None
                shown_names = people.names(profile.item) if profile is not None else [name]  # type: ignore[arg-type]
                for shown in shown_names:
                    entry = ("single", f"{shown}; {KINDS[kind].singular.lower()}", label_name(kind, ident), "", None)
                    index.entries.setdefault(page, []).append(entry)
                pages.append(page)
    domain.data["labels"] = labels
    domain.data["index_pages"] = sorted(set(pages))


def unpublished_label(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    """missing-reference: `:ref:` to a speaker, topic, project or organisation label in a build
    that writes no generated pages shows the name as text, as the cards and roles do there."""
    if node.get("refdomain") != "std" or node.get("reftype") != "ref":
        return None
    kind, _, ident = str(node.get("reftarget", "")).partition("-")
    if kind not in KINDS or publication(app.builder).entity_pages:
        return None
    found = get_domain(env).target(kind, ident)
    if found is None:
        return None
    if node.get("refexplicit"):
        return contnode
    return nodes.inline(found[2], found[2], classes=contnode.get("classes", []))
