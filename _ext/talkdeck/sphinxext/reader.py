"""The reader's tools, in one small script (static/talkdeck-reader.js) that only the pages using
them load, and a second one (talkdeck-mytalks.js) on the My talks page only; neither needs an
account, a server or another host:

- "Add to my talks" on every talk card: a toggle button (`aria-pressed`), written `hidden` and
  shown by the script, so a reader without JavaScript never meets a button that does nothing.
  The saved ids stay in the browser (`localStorage`).
- The `{my-talks}` directive: the page that lists the saved talks from talks.json in programme
  order, offers a share link that carries the selection and the saved timed talks as one
  iCalendar file made in the browser. Without JavaScript it says what it needs.
- Times in the reader's zone: every `<time class="tdk-time">` carries its start (`datetime`,
  with the offset) and end (`data-tdk-end`), which is all the script needs to write it again
  in the reader's zone; the page's HTML stays the event's.

What a builder gets is `publish.PUBLICATIONS`' `reader`; other builders get no button and a
sentence in place of the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.model import Talk
from .nodes import element
from .publish import file_url, publication

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

SCRIPT = "talkdeck-reader.js"
#: The My talks page's own script, built on SCRIPT's `window.talkdeck`, and loaded after it.
LIST_SCRIPT = "talkdeck-mytalks.js"
#: Where the list reads the talks from (exports/talks.py writes it).
DATA = "talks.json"
#: The button's accessible name, pressed or not: a toggle keeps its name, `aria-pressed` says
#: whether the talk is saved (WAI-ARIA's button pattern).
SAVE_LABEL = "Add to my talks"
#: Classes of what the script works on: a page holding any of them loads it.
USES = ("tdk-save", "tdk-time", "tdk-mytalks")


def save_button(builder: Builder, talk: Talk) -> list[nodes.Node]:
    """The toggle of one talk card, or nothing where the builder has no reader's tools."""
    if not publication(builder).reader or builder.format != "html":
        return []
    attributes = {"type": "button", "hidden": "hidden", "aria-pressed": "false", "data-tdk-talk": talk.id}
    return [element("button", attributes, nodes.Text(SAVE_LABEL), classes=["tdk-save"])]


def my_talks(builder: Builder, docname: str, project: str) -> list[nodes.Node]:
    """The `{my-talks}` page's body: the script fills the list from talks.json."""
    if not publication(builder).reader or builder.format != "html":
        text = "The talks you save are listed here on the web version of this site."
        return [nodes.paragraph(text, text, classes=["tdk-mytalks-elsewhere"])]
    attributes = {"data-tdk-data": file_url(builder, docname, DATA), "data-tdk-name": project}
    intro = (
        "This page lists the talks you saved, in programme order. It keeps them in this browser and needs JavaScript."
    )
    empty = (
        "You have not saved any talks yet. Press \u201cAdd to my talks\u201d on a talk\u2019s card, on any page, "
        "and it appears here. Your list stays in this browser: nothing is sent anywhere."
    )
    hidden = {"hidden": "hidden"}
    button = {"type": "button"}

    def text(tag: str, value: str, name: str, attributes: dict[str, str] | None = None) -> nodes.Node:
        return element(tag, attributes or {}, nodes.Text(value), classes=[name])

    shared = element(
        "div",
        {**hidden, "role": "region", "aria-label": "Shared list"},
        text("p", "", "tdk-mytalks-shared-text"),
        text("button", "Save these talks to my talks", "tdk-mytalks-keep", button),
        text("button", "Show my own list", "tdk-mytalks-own", button),
        classes=["tdk-mytalks-shared"],
    )
    actions = element(
        "div",
        hidden,
        text("a", "Link to this list", "tdk-mytalks-share", {"href": "#"}),
        text("button", "Copy the link", "tdk-mytalks-copy", button),
        text("button", "Download the timed talks (.ics)", "tdk-mytalks-ics", button),
        classes=["tdk-mytalks-actions"],
    )
    return [
        element(
            "div",
            attributes,
            nodes.paragraph(intro, intro, classes=["tdk-mytalks-intro"]),
            shared,
            text("p", empty, "tdk-mytalks-empty", hidden),
            element("ol", {"aria-label": "My talks"}, classes=["tdk-mytalks-list"]),
            actions,
            element("p", {"role": "status", "aria-live": "polite"}, classes=["tdk-mytalks-status"]),
            classes=["tdk-mytalks"],
        )
    ]


def uses_script(doctree: nodes.Node) -> bool:
    """Whether a page (or a generated page's body) has anything the script works on."""
    uses = set(USES)
    return any(uses.intersection(node.get("classes", ())) for node in doctree.findall(nodes.Element))


def has_list(doctree: nodes.Node) -> bool:
    return any("tdk-mytalks" in node.get("classes", ()) for node in doctree.findall(nodes.Element))


def add_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: the script on the pages that use it (Sphinx resets it per page); a
    generated page says so in its context (pages.collect_pages), as it has no doctree here."""
    if not publication(app.builder).reader:
        return
    if context.get("talkdeck_reader") or (doctree is not None and uses_script(doctree)):
        app.add_js_file(SCRIPT, loading_method="defer")
        if doctree is not None and has_list(doctree):
            app.add_js_file(LIST_SCRIPT, loading_method="defer")  # after SCRIPT: deferred ones run in order
