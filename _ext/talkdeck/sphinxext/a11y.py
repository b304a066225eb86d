"""Markup that Sphinx and the themes write wrong for assistive technology, corrected at its source.

- Toctree captions: Sphinx writes them as ``<p class="caption" role="heading">``, and a heading
  role needs ``aria-level`` (screen readers otherwise guess, axe and the Nu checker report it).
  Sphinx's own start tag is replaced by the same tag with the level added: one more than the
  sections around the toctree, 2 outside any (a theme's sidebar), so it nests under the page's
  title. Registered as the HTML visitor of ``title`` for every HTML builder, it defers to the
  builder's translator class for everything else, so it composes with any theme's translator.
- Tables (and math blocks) that furo wraps in a ``div.table-wrapper`` keep their id on the
  table only; furo copies every attribute onto the wrapper, so each id was there twice.
- Templates per theme (``templates/themes/<html_theme>/``, put first by assets.add_templates):
  furo's page gets named, unique landmarks with all its content inside them and a heading on
  the search page; basic's layout a skip link, headings in the page's order, two distinct
  relation bars and a search form that says where it goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: The node whose HTML visitor is replaced: Sphinx writes toctree captions as titles.
title = nodes.title
#: furo's wrappers (furo.WrapTableAndMathInAContainerTransform), which copy the wrapped node's ids.
WRAPPERS = frozenset({"table-wrapper", "math-wrapper"})


def is_toctree_caption(node: nodes.Node) -> bool:
    """The title Sphinx writes as a toctree's caption (HTML5Translator.visit_title's own test)."""
    parent = node.parent
    return (
        isinstance(node, nodes.title) and isinstance(parent, addnodes.compact_paragraph) and bool(parent.get("toctree"))
    )


def caption_level(node: nodes.Node) -> int:
    """One below the innermost section around the node; 2 (under the page title) outside any."""
    depth = sum(1 for ancestor in _ancestors(node) if isinstance(ancestor, nodes.section))
    return min(max(depth + 1, 2), 6)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def visit_title(self: HTML5Translator, node: nodes.title) -> None:
    start = len(self.body)
    type(self).visit_title(self, node)
    if is_toctree_caption(node) and self.body[start].startswith("<p"):
        level = str(caption_level(node))
        self.body[start] = self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **{"aria-level": level})


def depart_title(self: HTML5Translator, node: nodes.title) -> None:
    type(self).depart_title(self, node)


def page_theme(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """html-page-context: `talkdeck_theme`, the theme this builder writes with, for the templates
    in templates/themes/: their folder is chosen by html_theme, and an epub build of the same
    project uses its own theme, whose pages must stay as they are."""
    theme = getattr(app.builder, "theme", None)
    context["talkdeck_theme"] = getattr(theme, "name", "")


class UniqueWrapperIds(SphinxPostTransform):
    """A wrapper furo put around a table or math block gives its copy of the ids back."""

    formats = ("html",)
    default_priority = 510  # after furo's wrapping (500)

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if WRAPPERS.isdisjoint(wrapper["classes"]) or len(wrapper.children) != 1:
                continue
            inner = wrapper.children[0]
            if isinstance(inner, nodes.Element) and inner["ids"] and inner["ids"] == wrapper["ids"]:
                wrapper["ids"] = []
