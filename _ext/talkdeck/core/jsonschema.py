"""The published forms of the one front-matter schema in `schema.py`: the committed JSON Schema
file (also copied into the built site) and the rows of the docs' field tables. Both are generated
from the same `Record`s the build validates with, so neither can drift from it.

``python -m talkdeck.core.jsonschema`` rewrites ``schema/talk.schema.json``; ``--check`` only
compares. No Sphinx or docutils: the pre-commit hook runs it with PyYAML alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fieldtypes import Choice, Date, LocalTime, Minutes, PagePath, Slug, Text, TimeZone, Type, Url
from .records import ListOf, Record
from .schema import KINDS, PAGE

#: The repository root (this file is ``_ext/talkdeck/core/jsonschema.py``).
ROOT = Path(__file__).resolve().parents[3]
#: Where the published schema lives, relative both to the repository and to the HTML output.
SCHEMA_PATH = "schema/talk.schema.json"
SCHEMA_FILE = ROOT / SCHEMA_PATH
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A name, not an address: where the site is served depends on the Read the Docs project.
SCHEMA_ID = "urn:talkdeck:schema:front-matter:1"
REGENERATE = ".venv/bin/python -m talkdeck.core.jsonschema"


# --- the JSON Schema file -----------------------------------------------------------------


def document_schema() -> dict[str, Any]:
    """The whole front-matter document: exactly one of the keys `talk` / `event` / `speaker`; other
    top-level keys belong to MyST and are left open, as the build leaves them."""
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "talkdeck page front-matter",
        "description": (
            "The YAML front-matter of a talk page (key 'talk'), an event page (key 'event') or a speaker's "
            "profile page (key 'speaker', people/<id>.md), with "
            "the page's earlier paths (key 'redirect_from'). "
            "Generated from _ext/talkdeck/core/schema.py; do not edit by hand. "
            "Dates and times are text: write them as YYYY-MM-DD and YYYY-MM-DD HH:MM."
        ),
        "type": "object",
        "properties": {
            **{kind: {"$ref": f"#/$defs/{kind}"} for kind in KINDS},
            **{name: {**spec.type.json_schema(), "description": spec.help} for name, spec in PAGE.fields.items()},
        },
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
    """``python -m talkdeck.core.jsonschema [--check] [PATH]``: regenerate or compare the schema file."""
    return generated_file_command(
        argv,
        prog="python -m talkdeck.core.jsonschema",
        description="Write the JSON Schema of talk and event front-matter, generated from schema.py.",
        default=SCHEMA_FILE,
        source="_ext/talkdeck/core/schema.py",
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
        alone = ", or a date alone, YYYY-MM-DD" if kind.date_only else ""
        return f"local date and time, YYYY-MM-DD HH:MM{alone}"
    if isinstance(kind, PagePath):
        return "a page's path: folders and file name without .md"
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


if __name__ == "__main__":
    sys.exit(main())
