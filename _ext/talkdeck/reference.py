"""The published forms of the one front-matter schema in `schema.py`: the committed JSON Schema
file, its copy in the built site and the field tables of the docs. All three are generated from
the same `Record`s the build validates with, so none of them can drift from it.

``python -m talkdeck.reference`` rewrites ``schema/talk.schema.json``; ``--check`` only compares.
Nothing from Sphinx or docutils is imported at module level: the command line imports this
module, and the pre-commit hook runs with PyYAML alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .schema import KINDS, Choice, Date, ListOf, LocalTime, Minutes, Record, Slug, Text, TimeZone, Type, Url

if TYPE_CHECKING:
    from docutils import nodes
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: The repository root (this file is ``_ext/talkdeck/reference.py``).
ROOT = Path(__file__).resolve().parents[2]
#: Where the published schema lives, relative both to the repository and to the HTML output.
SCHEMA_PATH = "schema/talk.schema.json"
SCHEMA_FILE = ROOT / SCHEMA_PATH
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A name, not an address: where the site is served depends on the Read the Docs project.
SCHEMA_ID = "urn:talkdeck:schema:front-matter:1"
REGENERATE = ".venv/bin/python -m talkdeck.reference"

#: Marks the reference nodes of the `talk-schema` role, resolved per builder when written.
_LINK_ATTR = "talkdeck_schema_link"


# --- the JSON Schema file -----------------------------------------------------------------


def document_schema() -> dict[str, Any]:
    """The whole front-matter document: exactly one of the keys `talk` / `event`; other
    top-level keys belong to MyST and are left open, as the build leaves them."""
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "talkdeck page front-matter",
        "description": (
            "The YAML front-matter of a talk page (key 'talk') or an event page (key 'event'). "
            "Generated from _ext/talkdeck/schema.py; do not edit by hand. "
            "Dates and times are text: write them as YYYY-MM-DD and YYYY-MM-DD HH:MM."
        ),
        "type": "object",
        "properties": {kind: {"$ref": f"#/$defs/{kind}"} for kind in KINDS},
        "oneOf": [{"required": [kind]} for kind in KINDS],
        "$defs": {kind: record.json_schema() for kind, record in KINDS.items()},
    }


def render_schema() -> str:
    """The schema file's exact text: stable key order, UTF-8, one trailing newline."""
    return json.dumps(document_schema(), indent=2, ensure_ascii=False) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file already holds it, so unchanged files keep their mtime."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def generated_file_command(
    argv: Sequence[str] | None,
    *,
    prog: str,
    description: str,
    default: Path,
    source: str,
    render: Callable[[], str],
    regenerate: str,
) -> int:
    """``<prog> [--check] [PATH]``: write a file generated from the code, or check it is current.

    Shared by the two published JSON Schemas (front-matter here, talks.json in exports.py)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("path", nargs="?", type=Path, default=default, help=f"default: {_shown(default)}")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 when the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    shown = _shown(args.path)
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.is_file() else None
        if current != text:
            print(f"{shown}: out of date with {source}; regenerate it with: {regenerate}")
            return 1
        print(f"{shown}: up to date")
        return 0
    print(f"{shown}: {'written' if write_if_changed(args.path, text) else 'already up to date'}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m talkdeck.reference [--check] [PATH]``: regenerate or compare the schema file."""
    return generated_file_command(
        argv,
        prog="python -m talkdeck.reference",
        description="Write the JSON Schema of talk and event front-matter, generated from schema.py.",
        default=SCHEMA_FILE,
        source="_ext/talkdeck/schema.py",
        render=render_schema,
        regenerate=REGENERATE,
    )


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


# --- the field reference ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of a field table: the key path inside its record, and what to write there."""

    path: str  # e.g. 'speakers[].name'
    type: str
    required: bool
    help: str


def describe(kind: Type) -> str:
    """A reader's name for a value type; `Type.description` wins when a type sets one."""
    if kind.description:
        return kind.description
    if isinstance(kind, Choice):
        return "one of: " + ", ".join(kind.choices)
    if isinstance(kind, Slug):
        return "id: a-z, 0-9 and -"
    if isinstance(kind, Url):
        return "http(s) URL"
    if isinstance(kind, Date):
        return "date, YYYY-MM-DD"
    if isinstance(kind, LocalTime):
        return "local date and time, YYYY-MM-DD HH:MM"
    if isinstance(kind, TimeZone):
        return "IANA time zone name"
    if isinstance(kind, Minutes):
        return f"whole minutes, 1 to {kind.maximum}"
    if isinstance(kind, Text):
        return f"text, up to {kind.max_length} characters" + ("" if kind.multiline else " on one line")
    if isinstance(kind, ListOf):
        size = f"{kind.min_items} to {kind.max_items}" if kind.min_items else f"up to {kind.max_items}"
        if isinstance(kind.item, Record):
            return f"list of {size} entries, each a mapping of the keys below"
        return f"list of {size} items ({describe(kind.item)})"
    if isinstance(kind, Record):
        return "mapping of the keys below"
    return (type(kind).__doc__ or type(kind).__name__).strip().splitlines()[0]


def rows(record: Record, prefix: str = "") -> Iterator[Row]:
    """Every field of a record, depth first; fields of list items are written `list[].key`."""
    for name, spec in record.fields.items():
        path = f"{prefix}{name}"
        kind = spec.type
        text = describe(kind)
        if isinstance(kind, Choice) and all(choice in spec.help for choice in kind.choices):
            text = "one of a fixed set of ids (see help)"
        yield Row(path, text, spec.required, spec.help)
        if isinstance(kind, ListOf) and isinstance(kind.item, Record):
            yield from rows(kind.item, f"{path}[].")
        elif isinstance(kind, Record):
            yield from rows(kind, f"{path}.")


def _inline(text: str) -> list[nodes.Node]:
    """Help text as nodes: `backquoted` runs become literals, everything else stays plain text."""
    from docutils import nodes

    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backquote: show the text as written
        return [nodes.Text(text)]
    return [nodes.literal(part, part) if index % 2 else nodes.Text(part) for index, part in enumerate(parts) if part]


def field_table(kind: str) -> nodes.table:
    """The table of one front-matter kind: field, type, required, help."""
    from docutils import nodes

    headers = ("field", "type", "required", "help")
    # quotes in help are YAML examples ('Lead Platform Architect'): keep them straight
    table = nodes.table(classes=["tdk-fields"], support_smartquotes=False)
    table += nodes.title(
        "", "", nodes.literal(f"{kind}:", f"{kind}:"), nodes.Text(f" fields of {KINDS[kind].what} page")
    )
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (22, 22, 10, 46):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.Text(h) for h in headers])
    group += head
    body = nodes.tbody()
    for row in rows(KINDS[kind]):
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


def _directive() -> type:
    """The `talk-fields` directive class, made on demand so this module imports without Sphinx."""
    from sphinx.util.docutils import SphinxDirective

    from . import schema
    from .report import Subtype, warn

    class TalkFieldsDirective(SphinxDirective):
        """```{talk-fields} [talk|event]```: the field table(s) of the schema, generated at read time."""

        optional_arguments = 1

        def run(self) -> list[nodes.Node]:
            # the page must be read again when the schema (or this rendering of it) changes
            self.env.note_dependency(schema.__file__)
            self.env.note_dependency(__file__)
            kinds = [self.arguments[0]] if self.arguments else list(KINDS)
            unknown = [k for k in kinds if k not in KINDS]
            if unknown:
                known = ", ".join(KINDS)
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

    return TalkFieldsDirective


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


def _publishes(app: Sphinx) -> bool:
    """HTML builders that write a browsable folder (not an EPUB archive) get the schema."""
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def resolve_schema_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: point schema links at the published file, or leave only their text."""
    from docutils import nodes
    from sphinx.util.osutil import relative_uri

    for node in list(doctree.findall(nodes.reference)):
        if not node.get(_LINK_ATTR):
            continue
        if _publishes(app):
            node["refuri"] = relative_uri(app.builder.get_target_uri(docname), SCHEMA_PATH)
        else:
            node.replace_self(node.children)


def publish_schema(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: write the schema, generated from code, into the HTML output folder."""
    if exception is None and _publishes(app):
        write_if_changed(Path(app.outdir, *SCHEMA_PATH.split("/")), render_schema())


def setup(app: Sphinx) -> ExtensionMetadata:
    """Loaded by the extension's setup: the directive, the link role and the published file."""
    from . import __version__

    app.add_directive("talk-fields", _directive())
    app.add_role("talk-schema", schema_role)
    app.connect("doctree-resolved", resolve_schema_links)
    app.connect("build-finished", publish_schema)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main())
