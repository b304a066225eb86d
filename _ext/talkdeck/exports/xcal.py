"""xCal (RFC 6321): an event's calendar as XML, next to its JSON and XML schedules
(`schedules/<event-id>.xcs`). It is the same calendar as `calendar/events/<event-id>.ics`
(calendars.py makes the icalendar object once for both), written as RFC 6321 writes iCalendar:
every component with its `properties` and `components`, every value in an element named by its
type (`text`, `date-time`, `uri`, `utc-offset` ...), a time zone as the `tzid` parameter.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar
from icalendar.cal import Component
from icalendar.prop import vCategory, vDDDLists, vDDDTypes, vRecur, vUri, vUTCOffset
from lxml import etree

NAMESPACE = "urn:ietf:params:xml:ns:icalendar-2.0"
_Q = f"{{{NAMESPACE}}}"


def _el(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, _Q + tag)
    if text is not None:
        child.text = text
    return child


def _offset(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def _moment(value: object) -> tuple[str, str, str]:
    """(value type, text, tzid) of a date or date-time as RFC 6321 writes it."""
    if isinstance(value, datetime):
        text = value.replace(tzinfo=None).isoformat(timespec="seconds")
        if value.tzinfo is None:
            return "date-time", text, ""
        if value.utcoffset() == timedelta(0) and str(value.tzinfo) in ("UTC", "utc"):
            return "date-time", text + "Z", ""
        return "date-time", text, str(getattr(value.tzinfo, "key", "") or value.tzinfo)
    if isinstance(value, date):
        return "date", value.isoformat(), ""
    return "text", str(value), ""


def _property(parent: etree._Element, name: str, value: object) -> None:
    prop = _el(parent, name.lower())
    params = {k.lower(): v for k, v in getattr(value, "params", {}).items() if k.upper() not in ("VALUE", "TZID")}
    values: list[tuple[str, str]] = []
    tzid = ""
    if isinstance(value, vDDDTypes):
        kind, text, tzid = _moment(value.dt)
        values.append((kind, text))
    elif isinstance(value, vDDDLists):
        for item in value.dts:
            kind, text, tzid = _moment(item.dt)
            values.append((kind, text))
    elif isinstance(value, vUTCOffset):
        values.append(("utc-offset", _offset(value.td)))
    elif isinstance(value, vUri):
        values.append(("uri", str(value)))
    elif isinstance(value, vCategory):
        values.extend(("text", str(c)) for c in value.cats)
    elif isinstance(value, vRecur):
        recur = etree.Element(_Q + "recur")
        for key, items in value.items():
            for item in items if isinstance(items, list) else [items]:
                _el(recur, key.lower(), _moment(item)[1] if isinstance(item, date) else str(item))
        values.append(("recur", ""))
    else:
        values.append(("text", str(value)))
    if tzid:
        params["tzid"] = tzid
    if params:
        holder = _el(prop, "parameters")
        for key in sorted(params):
            _el(_el(holder, key), "text", str(params[key]))
    for kind, text in values:
        if kind == "recur":
            prop.append(recur)
        else:
            _el(prop, kind, text)


def _component(parent: etree._Element, component: Component) -> None:
    node = _el(parent, component.name.lower())
    properties = _el(node, "properties")
    for name, value in component.property_items(recursive=False, sorted=False)[1:-1]:
        for one in value if isinstance(value, list) else [value]:
            _property(properties, name, one)
    if component.subcomponents:
        inner = _el(node, "components")
        for sub in component.subcomponents:
            _component(inner, sub)


def to_xcal(calendar: Calendar) -> bytes:
    root = etree.Element(_Q + "icalendar", nsmap={None: NAMESPACE})
    _component(root, calendar)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
