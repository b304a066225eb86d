"""The one front-matter writer: `new` and `import` both write their pages' `talk:` and `event:`
blocks here, in one key order, with every value written so that YAML reads back exactly the
text given: plain where that is unambiguous (easier for a contributor to edit), double-quoted
otherwise. Reading is `frontmatter.read_page`'s job; tests prove the two agree."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from .fieldtypes import Minutes
from .records import ListOf, Record
from .schema import EVENT, PERSON, SPEAKER, TALK

#: Keys in the order pages are written: the schema's, so a field added there is written too.
TALK_ORDER = tuple(TALK.fields)
SPEAKER_ORDER = tuple(SPEAKER.fields)
EVENT_ORDER = tuple(EVENT.fields)
#: Free text a contributor edits: always quoted, so that a ': ' or ' #' typed into it later
#: cannot change what the page means.
_QUOTED = {"talk": frozenset({"title", "summary"}), "event": frozenset({"name"}), "speaker": frozenset({"name"})}

#: Characters YAML would take as line breaks or cannot hold: escaped inside quotes.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: Values YAML reads back as the same text for sure, without a parse to prove it: a guid, an
#: http(s) URL without spaces, '#', quotes, brackets or a colon at its end.
_PLAIN_SAFE = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|https?://[^\s#'\"`{}\[\],]*[^\s#'\"`{}\[\],:])$",
    re.ASCII,
)
#: An event's first or last day as people write it (YYYY-MM-DD): plain, although YAML alone
#: would read it as a date (the schema reads every value as the text written).
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def quoted(value: str) -> str:
    """A double-quoted YAML scalar; JSON's escapes are YAML's, plus the characters JSON leaves raw."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(_escape(c) if ord(c) > 0x7E and unicodedata.category(c) in _UNSAFE_CATEGORIES else c for c in text)


def _escape(char: str) -> str:
    """YAML's escape of one character: \\u and four digits, \\U and eight beyond the BMP."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _reads_back(snippet: str, expected: object) -> bool:
    try:
        return yaml.safe_load(snippet) == expected
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return False


@functools.lru_cache(maxsize=4096)
def scalar(value: str, *, in_list: bool = False) -> str:
    """`value` as a block-mapping value, or as an item of a [flow, list] when `in_list`.

    Cached: a schedule repeats rooms, names and topics hundreds of times, and proving a plain
    value reads back costs a YAML parse."""
    if not in_list and _PLAIN_SAFE.match(value):
        return value
    if value and value == value.strip() and "\n" not in value and "#" not in value and value.isprintable():
        snippet = f"k: [{value}]" if in_list else f"k: {value}"
        if _reads_back(snippet, {"k": [value] if in_list else value}):
            return value
    return quoted(value)


def flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(scalar(v, in_list=True) for v in values) + "]"


def talk_block(values: Mapping[str, Any]) -> list[str]:
    """The `talk:` mapping as lines, keys in the schema's order (others are not written)."""
    return ["talk:", *record_lines("talk", TALK, values, "  ")]


def event_block(values: Mapping[str, Any]) -> list[str]:
    """The `event:` mapping as lines, keys in the schema's order."""
    return ["event:", *record_lines("event", EVENT, values, "  ")]


def speaker_block(values: Mapping[str, Any]) -> list[str]:
    """A profile's `speaker:` mapping as lines, keys in the schema's order."""
    return ["speaker:", *record_lines("speaker", PERSON, values, "  ")]


def record_lines(kind: str, record: Record, values: Mapping[str, Any], indent: str) -> list[str]:
    """One record's fields as block-mapping lines, each written as its schema type reads it:
    a list of records as '- key: value' items, a list of text as one [flow, list], a record as
    an indented mapping, minutes as a number, anything else as text."""
    lines = []
    for key, spec in record.fields.items():
        if key not in values:
            continue
        value, kind_of = values[key], spec.type
        if isinstance(kind_of, ListOf) and isinstance(kind_of.item, Record):
            lines.append(f"{indent}{key}:")
            for item in value:
                inner = record_lines(kind, kind_of.item, item, indent + "    ")
                lines.extend(f"{indent}  - {line.lstrip()}" if n == 0 else line for n, line in enumerate(inner))
        elif isinstance(kind_of, ListOf):
            lines.append(f"{indent}{key}: {flow_list([str(v) for v in value])}")
        elif isinstance(kind_of, Record):
            lines.append(f"{indent}{key}:")
            lines.extend(record_lines(kind, kind_of, value, indent + "  "))
        elif isinstance(kind_of, Minutes) and (isinstance(value, int) or str(value).isascii() and str(value).isdigit()):
            lines.append(f"{indent}{key}: {int(value)}")  # anything else is written as the text it is
        else:
            lines.append(f"{indent}{key}: {_value(kind, key, str(value))}")
    return lines


def _value(kind: str, key: str, value: str) -> str:
    if key in _QUOTED.get(kind, ()):
        return quoted(value)
    if _DATE.match(value):  # a day as people write it, YYYY-MM-DD: the schema reads the text
        return value
    return scalar(value)
