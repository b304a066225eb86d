"""The one definition of valid front-matter: typed fields that read YAML nodes into values,
collecting every problem with its line and a fix; no Sphinx imports."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

import yaml

from .model import FORMATS, slugify

MISSING: Any = object()

_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$", re.ASCII)
_TIME_SHAPE = re.compile(
    _LOCAL_TIME.pattern[:-1] + r"(Z|[+-]\d{2}:?\d{2})?$", re.ASCII
)  # offsets get their own message
_MINUTES = re.compile(r"^[0-9]{1,5}$")
#: Years a date or time may have: any conference, past or planned, and far enough from year 1 and
#: 9999 that moving a time by its zone or duration (or past an event's last day) stays a datetime.
YEARS = (1900, 2999)
_JSON_YEAR = "(19[0-9]{2}|2[0-9]{3})"
#: `_LOCAL_TIME` with the ranges datetime.fromisoformat enforces, for the JSON Schema (ASCII digits).
_JSON_LOCAL_TIME = (
    "^" + _JSON_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page: where, which field, and what to do about it."""

    line: int
    field: str
    message: str
    subtype: str = "frontmatter"

    def text(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def did_you_mean(word: str, choices: object) -> str:
    """A ' did you mean ...?' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)  # type: ignore[arg-type]
    return f"; did you mean {close[0]!r}?" if close else ""


def unknown(kind: str, ident: str, known: object) -> str:
    """'unknown speaker 'x'; did you mean 'y'?', or how to find a valid id when nothing is close."""
    return f"unknown {kind} {ident!r}" + (did_you_mean(slugify(ident), known) or f"; use the id of an existing {kind}")


@dataclass
class Reader:
    """Carries the line offset of the YAML block and the problems found so far."""

    offset: int = 0
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def report(self, node: yaml.Node | int, path: str, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.problems.append(Problem(line, path, message))


def _kind(node: yaml.Node) -> str:
    """What a node is, in the words a contributor would use for what they wrote."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL_TAG or not node.value.strip():
        return "nothing"
    return "text"


class Type:
    """A value type: reads a YAML node (or reports why not) and describes itself as JSON Schema."""

    description = ""

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


#: Characters no title or name should hold: C0 controls (bar tab and line breaks, which have
#: their own rule), DEL, C1 controls and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


class Text(Type):
    """One line of text; any YAML scalar is taken as the text it was written as."""

    def __init__(self, max_length: int = 300, multiline: bool = False) -> None:
        self.max_length = max_length
        self.multiline = multiline

    def scalar(self, node: yaml.Node, path: str, r: Reader) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            r.report(node, path, f"expected text, got {_kind(node)}; write it on one line after the colon")
            return MISSING
        if node.tag == _NULL_TAG or not node.value.strip():
            r.report(node, path, "must not be empty; fill it in or remove the key")
            return MISSING
        return node.value.strip()

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = self.scalar(node, path, r)
        if value is MISSING:
            return value
        if len(value) > self.max_length:
            r.report(node, path, f"is {len(value)} characters long; shorten it to at most {self.max_length}")
            return MISSING
        if not self.multiline and ("\n" in value or "\r" in value):
            r.report(node, path, "must be a single line; join the lines")
            return MISSING
        bad = _CONTROL.search(value)
        if bad is not None:
            r.report(node, path, f"contains the invisible character U+{ord(bad.group()):04X}; delete it")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length, "not": {"pattern": _CONTROL.pattern}}


class Slug(Text):
    """An id: lower-case letters, digits and hyphens."""

    def __init__(self) -> None:
        super().__init__(max_length=100)

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = super().read(node, path, r)
        if value is not MISSING and not _SLUG.match(value):
            r.report(
                node,
                path,
                f"{value!r} is not an id; use lower-case letters, digits and hyphens, e.g. {slugify(value)!r}",
            )
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _SLUG.pattern, "maxLength": self.max_length}


class Choice(Slug):
    """An id from a fixed set, with a did-you-mean for near misses."""

    def __init__(self, choices: dict[str, str], what: str) -> None:
        super().__init__()
        self.choices = choices
        self.what = what

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = Text.read(self, node, path, r)
        if value is MISSING:
            return value
        if value not in self.choices:
            known = ", ".join(sorted(self.choices))
            r.report(node, path, f"unknown {self.what} {value!r}{did_you_mean(value, self.choices)} (known: {known})")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"enum": sorted(self.choices)}


class Url(Text):
    """An absolute http(s) URL; anything else could run script or leak local files."""

    def __init__(self) -> None:
        super().__init__(max_length=2000)

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = super().read(node, path, r)
        if value is MISSING:
            return value
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
            r.report(node, path, f"{value!r} is not allowed; give a full http:// or https:// address")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        # any case of scheme, and a host right after '//', as urlsplit reads them
        pattern = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#][^\\s]*$"
        return {"type": "string", "format": "uri", "pattern": pattern, "maxLength": self.max_length}


class Date(Text):
    """A calendar date written YYYY-MM-DD."""

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = self.scalar(node, path, r)
        if value is MISSING:
            return value
        try:
            day = date.fromisoformat(value)
        except ValueError:
            r.report(node, path, f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-10-26")
            return MISSING
        return _in_years(day, node, path, r)

    def json_schema(self) -> dict[str, Any]:
        # the pattern too: in draft 2020-12 most validators treat "format" as a note only
        return {"type": "string", "format": "date", "pattern": f"^{_JSON_YEAR}-[0-9]{{2}}-[0-9]{{2}}$"}


class LocalTime(Text):
    """A local date and time without an offset; the time zone is a field of its own."""

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = self.scalar(node, path, r)
        if value is MISSING:
            return value
        try:
            if not _TIME_SHAPE.match(value):
                raise ValueError(value)
            moment = datetime.fromisoformat(value)
        except ValueError:
            r.report(
                node, path, f"{value!r} is not a date and time; write it as YYYY-MM-DD HH:MM, e.g. 2022-10-26 14:30"
            )
            return MISSING
        if moment.tzinfo is not None:
            r.report(node, path, "write the local time without an offset and name the zone in `timezone`")
            return MISSING
        return _in_years(moment.replace(second=0, microsecond=0), node, path, r)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _JSON_LOCAL_TIME}


def _in_years(value: Any, node: yaml.Node, path: str, r: Reader) -> Any:
    if YEARS[0] <= value.year <= YEARS[1]:
        return value
    r.report(node, path, f"the year {value.year} is out of range; give a year from {YEARS[0]} to {YEARS[1]}")
    return MISSING


class TimeZone(Text):
    """An IANA time zone name such as America/Detroit."""

    def __init__(self) -> None:
        super().__init__(max_length=64)

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = super().read(node, path, r)
        if value is MISSING:
            return value
        try:
            ZoneInfo(value)
        except (ValueError, KeyError, OSError):
            hint = did_you_mean(value, available_timezones())
            r.report(node, path, f"unknown time zone {value!r}{hint}; use an IANA name such as 'America/Detroit'")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        # IANA names include digits and signs: EST5EDT, Etc/GMT+5, America/Port-au-Prince
        return {"type": "string", "pattern": "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$", "maxLength": self.max_length}


class Minutes(Type):
    """A whole number of minutes."""

    def __init__(self, maximum: int = 24 * 60) -> None:
        self.maximum = maximum

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        if not isinstance(node, yaml.ScalarNode) or not _MINUTES.match(node.value.strip()):
            r.report(node, path, "expected a whole number of minutes, e.g. 35")
            return MISSING
        value = int(node.value)
        if not 1 <= value <= self.maximum:
            r.report(node, path, f"{value} is out of range; give 1 to {self.maximum} minutes")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1, "maximum": self.maximum}


class ListOf(Type):
    """A YAML list; a lone value where a list belongs is reported with the bracketed fix."""

    def __init__(self, item: Type, min_items: int = 0, max_items: int = 50, unique_by: Any = None) -> None:
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.unique_by = unique_by

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.tag != _NULL_TAG:
                r.report(node, path, f"expected a list, got text; write [{node.value}] or one '- item' per line")
            else:
                r.report(
                    node,
                    path,
                    f"expected a list, got {'nothing' if isinstance(node, yaml.ScalarNode) else _kind(node)}; write one '- item' per line",
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
            what = f"expected {self.what} as a mapping of 'key: value' lines, got {_kind(node)}"
            r.report(node, path, f"{what}; {self._fix(node, path)}")
            return MISSING
        values: dict[str, Any] = {}
        seen: dict[str, int] = {}
        r.lines.setdefault(path, r.line(node))
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # '? [a, b]': no name to compare or look up
                known = ", ".join(self.fields)
                r.report(key_node, path, f"has a key that is {_kind(key_node)}, not a name; use one of: {known}")
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
        text = node.value.strip() if _kind(node) == "text" else ""
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


SPEAKER = Record(
    {
        "name": Field(Text(max_length=120), "the speaker's full name as they write it", required=True),
        "affiliation": Field(Text(max_length=120), "organisation at the time of the talk"),
        "role": Field(Text(max_length=120), "job title or role, e.g. 'Lead Platform Architect'"),
        "id": Field(Slug(), "stable id, when two people share a name; defaults to the name as a slug"),
    },
    "a speaker",
)

TALK = Record(
    {
        "id": Field(Slug(), "stable id used in links; defaults to the file name"),
        "title": Field(Text(), "the talk's title as in the schedule", required=True),
        "event": Field(Slug(), "id of the event page, e.g. 'kubecon-na-2022'", required=True),
        "format": Field(Choice(FORMATS, "format"), "one of: " + ", ".join(FORMATS), required=True),
        "speakers": Field(
            ListOf(
                SPEAKER, min_items=1, max_items=30, unique_by=lambda s: s["name"].casefold() if "name" in s else None
            ),
            "one entry per speaker, each with a name and usually an affiliation",
            required=True,
        ),
        "topics": Field(
            ListOf(Text(max_length=60), max_items=12), "subjects the talk covers, e.g. [Security, Zero trust]"
        ),
        "projects": Field(
            ListOf(Text(max_length=60), max_items=20), "projects the talk names, e.g. [Linkerd, Kubernetes]"
        ),
        "summary": Field(Text(max_length=200), "one sentence for the card", required=True),
        "video": Field(Url(), "recording, an http(s) URL"),
        "slides": Field(Url(), "slides, an http(s) URL"),
        "start": Field(LocalTime(), "local start time, YYYY-MM-DD HH:MM"),
        "timezone": Field(TimeZone(), "IANA time zone of `start`; defaults to the event's"),
        "duration": Field(Minutes(), "length in minutes"),
        "room": Field(Text(max_length=120), "room or stage"),
        "import": Field(
            Record(
                {
                    "guid": Field(Text(max_length=100), "the talk's guid in the schedule", required=True),
                    "digest": Field(Text(max_length=64), "fingerprint of the schedule's abstract and description"),
                },
                "the import record",
            ),
            "written by `python -m talkdeck import`, which finds the page again by `guid`; leave it as it is",
        ),
    },
    "the talk",
)


def _ends_after_start(values: dict[str, Any]) -> tuple[str, str] | None:
    """An event's last day must not come before its first; the card would read '24–20 October'."""
    start, end = values.get("start"), values.get("end")
    if start is None or end is None or end >= start:
        return None
    return "end", (
        f"{end.isoformat()} is before the start, {start.isoformat()}; "
        "give the last day of the event, on or after `start`"
    )


#: The longest event: the schedule export has an entry per day, so an event page spanning
#: centuries (a typo in a year) would write hundreds of megabytes.
MAX_EVENT_DAYS = 366


def _lasts_at_most_a_year(values: dict[str, Any]) -> tuple[str, str] | None:
    start, end = values.get("start"), values.get("end")
    if start is None or end is None or (end - start).days < MAX_EVENT_DAYS:
        return None
    return "end", (
        f"{end.isoformat()} is {(end - start).days + 1} days after the start; "
        f"an event lasts at most {MAX_EVENT_DAYS} days: check the years"
    )


EVENT = Record(
    {
        "id": Field(Slug(), "stable id talks refer to; defaults to the folder or file name"),
        "name": Field(Text(), "full name of the event", required=True),
        "short_name": Field(Text(max_length=60), "short label for cards"),
        "city": Field(Text(max_length=80), "city"),
        "region": Field(Text(max_length=80), "state or region"),
        "country": Field(Text(max_length=80), "country"),
        "start": Field(Date(), "first day, YYYY-MM-DD", required=True),
        "end": Field(Date(), "last day, YYYY-MM-DD, on or after `start`", required=True),
        "timezone": Field(TimeZone(), "IANA time zone of the venue, e.g. America/Detroit", required=True),
        "url": Field(Url(), "the event's web site"),
    },
    "the event",
    rules=(_ends_after_start, _lasts_at_most_a_year),
)

#: Top-level front-matter keys this extension owns, and their schema.
KINDS: dict[str, Record] = {"talk": TALK, "event": EVENT}
