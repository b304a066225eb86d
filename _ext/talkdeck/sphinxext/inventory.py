"""Makes talks, events, speakers, topics, projects and organisations findable from outside:
standard labels (so a plain intersphinx project can `:ref:` them) and general-index entries
for the generated pages. Recomputed from Domain data after every read, stale ones removed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.entities import KINDS
from .domain import OBJECT_KINDS, get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def label_name(kind: str, ident: str) -> str:
    """The std label of an object, e.g. 'speaker-alex-leong'."""
    return f"{kind}-{ident}"


def publish_targets(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: refresh our std labels and the index entries of generated pages.

    Sphinx purges labels and index entries per document; generated pages are not documents,
    so we remember what we added last time and replace it wholesale.
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
    for kind in OBJECT_KINDS:
        for ident in sorted(domain.known(kind)):
            page, anchor, name = domain.target(kind, ident)  # type: ignore[misc]
            label = label_name(kind, ident)
            if label in std.labels:  # the project defined this label itself: leave it alone
                continue
            std.labels[label] = (page, anchor, name)
            std.anonlabels[label] = (page, anchor)
            labels.append(label)
            if kind in KINDS:
                entry = ("single", f"{name}; {KINDS[kind].singular.lower()}", label_name(kind, ident), "", None)
                index.entries.setdefault(page, []).append(entry)
                pages.append(page)
    domain.data["labels"] = labels
    domain.data["index_pages"] = sorted(set(pages))
