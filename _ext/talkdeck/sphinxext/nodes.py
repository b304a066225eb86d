"""The node the read phase leaves where cards go: made by the directives and `read.InjectTitle`,
replaced when a page is written (`listings.fill_placeholders`)."""

from __future__ import annotations

from docutils import nodes


class placeholder(nodes.General, nodes.Element):
    """Stands where cards go until the page is written; carries its Spec."""
