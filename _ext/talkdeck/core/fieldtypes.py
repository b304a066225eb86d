"""The typed readers of front-matter values: each reads one YAML node into a value (text, an id,
a URL, a date, a time zone, minutes) or reports at its line why not, and describes itself as
JSON Schema. The records built from them are in records.py and schema.py."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

import yaml

from .model import slugify
from .problems import Reader, did_you_mean

MISSING: Any = object()

_STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
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


#: A date with the ranges date.fromisoformat enforces, for the JSON Schema (ASCII digits).
_JSON_DATE = "^" + _JSON_YEAR + "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def kind_of(node: yaml.Node) -> str:
    """What a node is, in the words a contributor would use for what they wrote."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL_TAG or not node.value.strip():
        return "nothing"
    return "text"


def is_empty(node: yaml.Node) -> bool:
    """Nothing after the colon (or only quotes with nothing between them)."""
    return isinstance(node, yaml.ScalarNode) and (node.tag == NULL_TAG or not node.value.strip())


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
            r.report(node, path, f"expected text, got {kind_of(node)}; write it on one line after the colon")
            return MISSING
        if node.tag == NULL_TAG or not node.value.strip():
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
            shaped = _DATE_SHAPE.match(value)
            why = _impossible(shaped) if shaped else ""
            if why:
                r.report(node, path, f"{value!r} is not a date: {why}")
            else:
                r.report(node, path, f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-10-26")
            return MISSING
        return _in_years(day, node, path, r)

    def json_schema(self) -> dict[str, Any]:
        # the pattern too: in draft 2020-12 most validators treat "format" as a note only
        return {"type": "string", "format": "date", "pattern": f"^{_JSON_YEAR}-[0-9]{{2}}-[0-9]{{2}}$"}


class LocalTime(Text):
    """A local date and time without an offset; the time zone is a field of its own. With
    `date_only`, a date alone (YYYY-MM-DD) is read too, as a `date`: the day is known, the
    time is not."""

    def __init__(self, date_only: bool = False) -> None:
        super().__init__()
        self.date_only = date_only

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = self.scalar(node, path, r)
        if value is MISSING:
            return value
        day_alone = _DATE_SHAPE.match(value) if self.date_only else None
        if day_alone:
            try:
                return _in_years(date.fromisoformat(value), node, path, r)
            except ValueError:
                why = _impossible(day_alone)
                r.report(node, path, f"{value!r} is not a date: {why}" if why else f"{value!r} is not a date")
                return MISSING
        try:
            if not _TIME_SHAPE.match(value):
                raise ValueError(value)
            moment = datetime.fromisoformat(value)
        except ValueError:
            shaped = _TIME_SHAPE.match(value)
            why = _impossible(_DATE_SHAPE.match(value[:10])) if shaped else ""
            why = why or (_impossible_time(value[11:]) if shaped else "")
            if why:
                r.report(node, path, f"{value!r} is not a date and time: {why}")
            else:
                alone = " (or YYYY-MM-DD when only the day is known)" if self.date_only else ""
                r.report(
                    node,
                    path,
                    f"{value!r} is not a date and time; write it as YYYY-MM-DD HH:MM, e.g. 2022-10-26 14:30{alone}",
                )
            return MISSING
        if moment.tzinfo is not None:
            r.report(node, path, "write the local time without an offset and name the zone in `timezone`")
            return MISSING
        return _in_years(moment.replace(second=0, microsecond=0), node, path, r)

    def json_schema(self) -> dict[str, Any]:
        if self.date_only:
            return {"type": "string", "pattern": f"{_JSON_LOCAL_TIME}|{_JSON_DATE}"}
        return {"type": "string", "pattern": _JSON_LOCAL_TIME}


_DATE_SHAPE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
#: English month names, for messages and for the dates pages show (no locale: output is the same everywhere).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _impossible(shaped: re.Match[str] | None) -> str:
    """Why a date written YYYY-MM-DD names no day ('February 2023 has 28 days'), or ''."""
    if shaped is None:
        return ""
    year, month, day = (int(part) for part in shaped.groups())
    if not 1 <= month <= 12:
        return f"there is no month {shaped[2]}; months go from 01 to 12"
    if year == 0:
        return "there is no year 0000"
    if day == 0:
        return "days start at 01"
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"{MONTHS[month - 1]} {year} has {days} days"
    return ""


def _impossible_time(clock: str) -> str:
    """Why HH:MM[:SS] names no time of day ('there is no hour 25'), or ''."""
    parts = clock.replace("T", "")[:8].split(":")
    hour, minute = int(parts[0]), int(parts[1][:2])
    if hour > 23:
        return f"there is no hour {parts[0]}; hours go from 00 to 23"
    if minute > 59:
        return f"there is no minute {parts[1][:2]}; minutes go from 00 to 59"
    if len(parts) > 2 and parts[2][:2].isdigit() and int(parts[2][:2]) > 59:
        return f"there is no second {parts[2][:2]}; seconds go from 00 to 59"
    return ""


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
            hint = did_you_mean(value, available_timezones()) or "; use an IANA name such as 'America/Detroit'"
            r.report(node, path, f"unknown time zone {value!r}{hint}")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        # IANA names include digits and signs: EST5EDT, Etc/GMT+5, America/Port-au-Prince
        return {"type": "string", "pattern": "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$", "maxLength": self.max_length}


class PagePath(Text):
    """The path of a page as it was: its file name without `.md`, from the site's root, in
    folders separated by '/' (a docname), e.g. talks/kubecon-na-2022/old-name. Every builder
    makes its own address of it (old-name.html, old-name/index.html), so a suffix or a slash
    at either end is refused with the path to write instead."""

    #: Letters, digits and - _ . ~ in each folder and name: the same in a URL and a file name.
    SEGMENT = "[A-Za-z0-9~-][A-Za-z0-9._~-]*"

    def __init__(self) -> None:
        super().__init__(max_length=200)
        self._segment = re.compile(self.SEGMENT, re.ASCII)

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = super().read(node, path, r)
        if value is MISSING:
            return value
        fixed = value.strip("/")
        for suffix in (".html", ".md"):
            fixed = fixed.removesuffix(suffix)
        if fixed != value and fixed and all(self._segment.fullmatch(part) for part in fixed.split("/")):
            r.report(
                node,
                path,
                f"{value!r} is an address; give the page's path without a suffix or a slash at either end: {fixed!r}",
            )
            return MISSING
        if not all(self._segment.fullmatch(part) for part in value.split("/")):
            r.report(
                node,
                path,
                f"{value!r} is not a page's path; write folders and the file name without '.md', separated "
                "by '/', using letters, digits, '-', '_', '.' and '~' (no name may start with '.' or '_'), "
                "e.g. 'talks/kubecon-na-2022/old-name'",
            )
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "maxLength": self.max_length,
            "pattern": f"^{self.SEGMENT}(/{self.SEGMENT})*$",
            "not": {"pattern": "\\.(html|md)$"},
        }


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
