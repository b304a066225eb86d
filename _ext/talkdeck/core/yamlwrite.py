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

#: Keys of a talk in the order pages are written (the README's, then what only imports add).
TALK_ORDER = (
    "id",
    "title",
    "event",
    "format",
    "speakers",
    "topics",
    "projects",
    "summary",
    "video",
    "slides",
    "start",
    "timezone",
    "duration",
    "room",
    "import",
)
SPEAKER_ORDER = ("name", "affiliation", "role", "id")
EVENT_ORDER = ("id", "name", "short_name", "city", "region", "country", "start", "end", "timezone", "url")
#: Free text a contributor edits: always quoted, so that a ': ' or ' #' typed into it later
#: cannot change what the page means.
_QUOTED = {"talk": frozenset({"title", "summary"}), "event": frozenset({"name"})}

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
    """The `talk:` mapping as lines, keys in TALK_ORDER (others are not written). Values are
    text, except `speakers` (mappings of text, keys in SPEAKER_ORDER), `topics` and `projects`
    (lists of text, one flow list each), `import` (a mapping of text) and `duration` (minutes)."""
    lines = ["talk:"]
    for key in TALK_ORDER:
        if key not in values:
            continue
        value = values[key]
        if key == "speakers":
            lines.append("  speakers:")
            for speaker in value:
                for index, name in enumerate(k for k in SPEAKER_ORDER if k in speaker):
                    lead = "    - " if index == 0 else "      "
                    lines.append(f"{lead}{name}: {scalar(speaker[name])}")
        elif key in ("topics", "projects"):
            lines.append(f"  {key}: {flow_list(list(value))}")
        elif key == "import":
            lines.append("  import:")
            lines.extend(f"    {name}: {scalar(text)}" for name, text in value.items())
        elif key == "duration":
            lines.append(f"  duration: {int(value)}")
        else:
            lines.append(f"  {key}: {_value('talk', key, value)}")
    return lines


def event_block(values: Mapping[str, str]) -> list[str]:
    """The `event:` mapping as lines, keys in EVENT_ORDER; every value is text."""
    return ["event:"] + [f"  {key}: {_value('event', key, values[key])}" for key in EVENT_ORDER if key in values]


def _value(kind: str, key: str, value: str) -> str:
    if key in _QUOTED[kind]:
        return quoted(value)
    if kind == "event" and key in ("start", "end") and _DATE.match(value):
        return value
    return scalar(value)
