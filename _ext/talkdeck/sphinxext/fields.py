"""The field reference in the docs: the `talk-fields` directive renders the schema's field tables
and the `talk-schema` role links the published JSON Schema file, both from `core.jsonschema`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core import fieldtypes, jsonschema, problems, records, schema
from ..core.jsonschema import SCHEMA_PATH, rows
from ..core.schema import KINDS, PAGE
from .report import Subtype, warn

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx

#: Marks the reference nodes of the `talk-schema` role, resolved per builder when written.
_LINK_ATTR = "talkdeck_schema_link"


def _inline(text: str) -> list[nodes.Node]:
    """Help text as nodes: `backquoted` runs become literals, everything else stays plain text."""
    from docutils import nodes

    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backquote: show the text as written
        return [nodes.Text(text)]
    return [nodes.literal(part, part) if index % 2 else nodes.Text(part) for index, part in enumerate(parts) if part]


#: The field tables: a talk page's and an event page's record, and the keys any page may have.
RECORDS = {**KINDS, "page": PAGE}


def field_table(kind: str) -> nodes.table:
    """The table of one front-matter kind: field, type, required, help."""
    from docutils import nodes

    headers = ("field", "type", "required", "help")
    # quotes in help are YAML examples ('Lead Platform Architect'): keep them straight
    table = nodes.table(classes=["tdk-fields"], support_smartquotes=False)
    if kind == "page":
        title = nodes.title("", "Keys any page may have, next to ", nodes.literal("talk:", "talk:"), nodes.Text(" or "))
        title += [nodes.literal("event:", "event:"), nodes.Text(" or on their own")]
    else:
        title = nodes.title(
            "", "", nodes.literal(f"{kind}:", f"{kind}:"), nodes.Text(f" fields of {KINDS[kind].what} page")
        )
    table += title
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (22, 22, 10, 46):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.Text(h) for h in headers])
    group += head
    body = nodes.tbody()
    for row in rows(RECORDS[kind]):
        body += _row(
            [
                nodes.literal(row.path, row.path),
                nodes.Text(row.type),
                nodes.Text("yes" if row.required else "no"),
                _inline(row.help),
            ]
        )
    group += body
    return table


def _row(cells: list[Any]) -> nodes.row:
    from docutils import nodes

    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", *(cell if isinstance(cell, list) else [cell]))
        row += entry
    return row


# --- Sphinx -------------------------------------------------------------------------------


class TalkFieldsDirective(SphinxDirective):
    """```{talk-fields} [talk|event]```: the field table(s) of the schema, generated at read time."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        # the page must be read again when the schema (or this rendering of it) changes
        for module in (schema, records, fieldtypes, problems, jsonschema):
            self.env.note_dependency(module.__file__)
        self.env.note_dependency(__file__)
        kinds = [self.arguments[0]] if self.arguments else list(RECORDS)
        unknown = [k for k in kinds if k not in RECORDS]
        if unknown:
            known = ", ".join(RECORDS)
            warn(
                f"talk-fields: unknown kind {unknown[0]!r}; use one of {known}",
                self.env.docname,
                self.lineno,
                Subtype.directive,
            )
            return []
        tables = [field_table(kind) for kind in kinds]
        for kind, table in zip(kinds, tables, strict=True):
            self.set_source_info(table)
            table["names"].append(f"{kind}-fields")  # a stable anchor: reference.html#talk-fields
            self.state.document.note_explicit_target(table, table)
        return tables


def schema_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{talk-schema}`label` ``: a link to the published schema, its URL fixed per builder when written."""
    from docutils import nodes

    label = text or SCHEMA_PATH.rsplit("/", 1)[-1]
    node = nodes.reference(rawtext, "", nodes.literal(label, label), internal=False)
    node[_LINK_ATTR] = True
    return [node], []


def resolve_schema_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: point schema links at the published file, or leave only their text."""
    from docutils import nodes

    from .publish import file_url, publication

    for node in list(doctree.findall(nodes.reference)):
        if not node.get(_LINK_ATTR):
            continue
        if publication(app.builder).schemas:
            node["refuri"] = file_url(app.builder, docname, SCHEMA_PATH)
        else:
            node.replace_self(node.children)
