"""The readers that hold other readers: a list of values, and a record (a mapping with known
keys) that reports unknown keys with a did-you-mean, repeated and missing keys, and rules
across its fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from .fieldtypes import MISSING, NULL_TAG, Type, is_empty, kind_of
from .problems import Reader, did_you_mean


class ListOf(Type):
    """A YAML list; a lone value where a list belongs is reported with the bracketed fix."""

    def __init__(self, item: Type, min_items: int = 0, max_items: int = 50, unique_by: Any = None) -> None:
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.unique_by = unique_by

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.tag != NULL_TAG:
                r.report(node, path, f"expected a list, got text; write [{node.value}] or one '- item' per line")
            else:
                r.report(
                    node,
                    path,
                    f"expected a list, got {'nothing' if isinstance(node, yaml.ScalarNode) else kind_of(node)}; write one '- item' per line",
                )
            return MISSING
        if len(node.value) < self.min_items:
            r.report(node, path, f"needs at least {self.min_items} item(s)")
            return MISSING
        if len(node.value) > self.max_items:
            r.report(node, path, f"has {len(node.value)} items; list at most {self.max_items}")
            return MISSING
        values, seen = [], {}
        for index, child in enumerate(node.value, start=1):
            item_path = f"{path}[{index}]"
            r.lines[item_path] = r.line(child)
            value = self.item.read(child, item_path, r)
            if value is MISSING:
                continue
            key = self.unique_by(value) if self.unique_by else value
            if key is not None and key in seen:
                r.report(child, item_path, f"repeats item {seen[key]}; list each entry once")
                continue
            seen[key] = index
            values.append(value)
        return tuple(values)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique_by is None:  # items are compared as they are, as read() does
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    """A named field of a record, with the help text the docs and JSON Schema show."""

    type: Type
    help: str
    required: bool = False
    #: The command that writes this field, when people should not (`new` then asks nothing for it).
    written_by: str = ""
    #: Whether `new` prompts for it; False for what few pages need (recordings with captions,
    #: chapters: the prompt asks for `video`). Every field is a flag either way.
    asked: bool = True


#: A check across the fields of one record: given the values read so far, the name of the field
#: to blame and what to do about it, or None when they agree.
Rule = Callable[[dict[str, Any]], tuple[str, str] | None]


class Record(Type):
    """A mapping with known keys: reports unknown keys (with did-you-mean), duplicates and gaps."""

    def __init__(self, fields: dict[str, Field], what: str, rules: Sequence[Rule] = ()) -> None:
        self.fields = fields
        self.what = what
        self.rules = tuple(rules)

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        if not isinstance(node, yaml.MappingNode):
            what = f"expected {self.what} as a mapping of 'key: value' lines, got {kind_of(node)}"
            r.report(node, path, f"{what}; {self._fix(node, path)}")
            return MISSING
        values: dict[str, Any] = {}
        seen: dict[str, int] = {}
        r.lines.setdefault(path, r.line(node))
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # '? [a, b]': no name to compare or look up
                known = ", ".join(self.fields)
                r.report(key_node, path, f"has a key that is {kind_of(key_node)}, not a name; use one of: {known}")
                continue
            key = key_node.value
            key_path = f"{path}.{key}" if path else key
            if key in seen:
                r.report(key_node, key_path, f"is given twice (first on line {seen[key]}); keep one")
                continue
            seen[key] = r.line(key_node)
            spec = self.fields.get(key)
            if spec is None:
                hint = did_you_mean(key, self.fields)
                known = ", ".join(self.fields)
                r.report(key_node, key_path, f"unknown key{hint or f'; known keys: {known}'}")
                continue
            r.lines[key_path] = r.line(key_node)
            if spec.required and is_empty(value_node):  # removing the key is no fix for these
                r.report(value_node, key_path, f"is empty; fill it in ({spec.help})")
                continue
            value = spec.type.read(value_node, key_path, r)
            if value is not MISSING:
                values[key] = value
        for name, spec in self.fields.items():
            if spec.required and name not in seen:
                r.report(node, f"{path}.{name}" if path else name, f"is required: add '{name}:' ({spec.help})")
        for rule in self.rules:
            self._apply(rule, values, node, path, r)
        return values

    def _fix(self, node: yaml.Node, path: str) -> str:
        """How to write the mapping; nothing after 'talk:' usually means its fields lost their indent."""
        first = next((name for name, spec in self.fields.items() if spec.required), "key")
        text = node.value.strip() if kind_of(node) == "text" else ""
        short = text if len(text) <= 60 and "\n" not in text else ""
        example = f"{first}: {short or '...'}"
        if path.endswith("]"):
            return f"write its fields after the '-', e.g. '- {example}'"
        return f"indent its fields under '{path.rpartition('.')[2]}:', e.g. '  {example}'"

    @staticmethod
    def _apply(rule: Rule, values: dict[str, Any], node: yaml.Node, path: str, r: Reader) -> None:
        """Report a broken rule at the blamed field and drop that value, so no page shows it."""
        broken = rule(values)
        if broken is None:
            return
        name, message = broken
        key_path = f"{path}.{name}" if path else name
        r.report(r.lines.get(key_path, r.line(node)), key_path, message)
        values.pop(name, None)

    def json_schema(self) -> dict[str, Any]:
        props = {}
        for name, spec in self.fields.items():
            props[name] = {**spec.type.json_schema(), "description": spec.help}
        schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [n for n, s in self.fields.items() if s.required]
        if required:
            schema["required"] = required
        return schema
