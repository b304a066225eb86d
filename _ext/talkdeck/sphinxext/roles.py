"""The roles that name a talk, event, speaker ... ({talk}`id`): cross-references the Domain resolves."""

from __future__ import annotations

from docutils import nodes
from sphinx.roles import XRefRole

#: The Domain's name (domain.TalkDomain), which every reference names.
DOMAIN_NAME = "talks"


class TalkRole(XRefRole):
    """A cross-reference to a talk, event, speaker ...; written without text it shows the name."""

    innernodeclass = nodes.inline

    def __init__(self, kind: str) -> None:
        super().__init__(warn_dangling=True)
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain, self.reftype = DOMAIN_NAME, self.kind
        self.classes = ["xref", "tdk-ref", f"tdk-ref-{self.kind}"]
        if self.disabled:
            return self.create_non_xref_node()
        result, messages = self.create_xref_node()
        # MyST gives a role the line of its paragraph; keep the raw text to find the exact line
        # should the reference turn out to be unknown
        result[0]["tdk_raw"] = self.rawtext
        return result, messages
