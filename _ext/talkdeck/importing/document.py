"""Typed access to a schedule document's values: each value of the kind the format gives it, or
a problem kept at its line and place (`schedule.conference.days[1]...` or its XML path)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .records import Issue, Schedule, one_line
from .source import Path, Source

MISSING: Any = object()


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


class Values:
    """Typed access to the schedule's values; every problem is kept with its place."""

    def __init__(self, source: Source, found: Schedule) -> None:
        self.source = source
        self.found = found

    def issue(self, path: Path, message: str) -> Issue:
        return Issue(self.source.line(path), self.source.label(path), message)

    def problem(self, path: Path, message: str) -> None:
        self.found.problems.append(self.issue(path, message))

    def note(self, path: Path, message: str) -> None:
        self.found.notes.append(self.issue(path, message))

    def get(self, mapping: dict, path: Path, key: str, kind: type, *, required: str = "") -> Any:
        """`mapping[key]` when it has the `kind` (text also for XML's numbers), None when null or
        absent and optional; MISSING, with a problem, otherwise. `required` says what it is for."""
        if key not in mapping or mapping[key] is None:
            if required:
                where = path if key not in mapping else (*path, key)
                self.problem(where, f"'{key}' is missing; the import needs it ({required})")
                return MISSING
            return None
        value = mapping[key]
        if kind is int and isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            wanted = {str: "text", int: "a whole number", list: "a list", dict: "an object"}[kind]
            self.problem((*path, key), f"expected {wanted}, got {kind_of(value)}")
            return MISSING
        return value

    def text(self, mapping: dict, path: Path, key: str, *, required: str = "") -> str:
        value = self.get(mapping, path, key, str, required=required)
        if isinstance(value, str) and required and not one_line(value):
            self.problem((*path, key), f"is empty; the import needs it ({required})")
            return ""
        return value if isinstance(value, str) else ""


def time_zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ValueError, KeyError, OSError):
        return None


def parse_day(text: str) -> date | None:
    """A conference day: 'YYYY-MM-DD' or a date-time whose date counts."""
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        return None


def http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)
