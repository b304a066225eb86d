"""Writing front-matter values so that YAML reads back exactly the text given: plain where
that is unambiguous (easier for a contributor to edit), double-quoted otherwise."""

from __future__ import annotations

import json
import unicodedata

import yaml

#: Characters YAML would take as line breaks or cannot hold: escaped inside quotes.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def quoted(value: str) -> str:
    """A double-quoted YAML scalar; JSON's escapes are YAML's, plus the characters JSON leaves raw."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in _UNSAFE_CATEGORIES and ord(c) > 0x7E else c for c in text
    )


def _reads_back(snippet: str, expected: object) -> bool:
    try:
        return yaml.safe_load(snippet) == expected
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return False


def scalar(value: str, *, in_list: bool = False) -> str:
    """`value` as a block-mapping value, or as an item of a [flow, list] when `in_list`."""
    if value and value == value.strip() and "\n" not in value and "#" not in value and value.isprintable():
        snippet = f"k: [{value}]" if in_list else f"k: {value}"
        if _reads_back(snippet, {"k": [value] if in_list else value}):
            return value
    return quoted(value)


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v, in_list=True) for v in values) + "]"
