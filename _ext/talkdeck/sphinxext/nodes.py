"""The extension's own nodes: the placeholder the read phase leaves where cards go (made by the
directives and `read.InjectTitle`, replaced when a page is written by
`listings.fill_placeholders`), and one HTML element docutils has no node for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


class placeholder(nodes.General, nodes.Element):
    """Stands where cards go until the page is written; carries its Spec."""


class tdk_element(nodes.General, nodes.Element):
    """One HTML element with attributes that docutils has no node for (fieldset, button, data-*).

    The tag comes from talkdeck's code only; attribute values go through `starttag`, which escapes.
    Only HTML writers know it: the other builders never get one.
    """


#: Elements without content or end tag.
VOID = frozenset({"input", "br", "hr", "img", "meta", "link"})


def visit_element_html(self: HTML5Translator, node: tdk_element) -> None:
    if node["tag"] in VOID:
        self.body.append(self.emptytag(node, node["tag"], "", **node["attributes"]))
    else:
        self.body.append(self.starttag(node, node["tag"], "", **node["attributes"]))


def depart_element_html(self: HTML5Translator, node: tdk_element) -> None:
    if node["tag"] not in VOID:
        self.body.append(f"</{node['tag']}>")


def element(tag: str, attributes: dict[str, str], *children: nodes.Node, classes: list[str]) -> tdk_element:
    return tdk_element("", *children, tag=tag, attributes=attributes, classes=classes)
