"""Days and times as cards show them, in fixed English so that builds are reproducible, and the
<time> element they are written in."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from docutils import nodes

from ..core.fieldtypes import MONTHS

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class time_node(nodes.inline):
    """Inline text that HTML renders as <time datetime=...>; other writers treat it as inline."""


def visit_time_html(self: HTML5Translator, node: time_node) -> None:
    # a timed talk's end, for the switch to the reader's zone (talkdeck-reader.js), which
    # writes the window again from these two attributes
    end = {"data-tdk-end": node["end"]} if node.get("end") else {}
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"], **end))


def depart_time_html(self: HTML5Translator, node: time_node) -> None:
    self.body.append("</time>")


def format_day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_days(start: date | None, end: date | None) -> str:
    """'24–28 October 2022', or both dates in full when the months differ."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{format_day(end)}"
    return f"{format_day(start)} \u2013 {format_day(end)}"


def format_weekday(day: date) -> str:
    """'Tuesday 25 October 2022': the day of a talk whose time is not known."""
    return f"{_DAYS[day.weekday()]} {format_day(day)}"


def format_window(start: datetime, end: datetime | None) -> str:
    """'Wednesday 26 October 2022, 14:30–15:05 EDT'; fixed English, so builds are reproducible."""
    text = f"{format_weekday(start.date())}, {start:%H:%M}"
    if end is not None and end != start:
        text += f"\u2013{end:%H:%M}"
    zone = start.tzname()
    return f"{text} {zone}" if zone else text
