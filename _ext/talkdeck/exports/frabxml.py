"""schedule.xml: an event's programme in the frab / pentabarf XML schedule format, valid
against c3voc's `schedule.xml.xsd` (https://c3voc.de/schedule/schema.xsd), which conference
apps such as Giggity and EventFahrplan load. It is the same document as the JSON schedule
(frab.py decides everything: which talks, the zone, rooms, guids, ids, the version), written
as XML; only what the XSD types cannot hold is left out: a relative URL (the format wants
http(s) ones, so pages' and the conference's `url` need `html_baseurl`), a slug that is not of
c3voc's `<acronym>-<name>` shape, and an empty track (an element the XSD requires, written empty).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

_SLUG = re.compile(r"^[a-z0-9_]{4,}-[a-z0-9\-_]{4,}$")
#: Conference fields written as elements of the same name, in this order.
_CONFERENCE = ("acronym", "title", "start", "end", "time_zone_name", "base_url", "url")


def _http(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def _add(parent: etree._Element, tag: str, text: object = None, **attributes: str) -> etree._Element:
    child = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        child.text = str(text)
    return child


def schedule_xml(document: dict[str, Any]) -> bytes:
    """The XML form of one JSON schedule document (frab.schedule_document's)."""
    schedule = document["schedule"]
    conference = schedule["conference"]
    root = etree.Element("schedule")
    generator = document.get("generator", {})
    _add(root, "generator", name=generator.get("name"), version=generator.get("version"))
    _add(root, "version", schedule["version"])
    head = _add(root, "conference")
    values = {**conference, "base_url": schedule.get("base_url")}
    for key in _CONFERENCE:
        value = values.get(key)
        if value is None or (key in ("base_url", "url") and not _http(value)):
            continue
        _add(head, key, value)
    _add(head, "days", conference["daysCount"])
    _add(head, "timeslot_duration", conference["timeslot_duration"])
    for day in conference["days"]:
        day_node = _add(
            root, "day", date=day["date"], start=day["day_start"], end=day["day_end"], index=str(day["index"])
        )
        for room in conference["rooms"]:
            talks = day["rooms"].get(room["name"], [])
            room_node = _add(day_node, "room", name=room["name"], guid=room["guid"])
            for talk in talks:
                _event(room_node, talk)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _event(parent: etree._Element, talk: dict[str, Any]) -> None:
    node = _add(parent, "event", guid=talk["guid"], id=str(talk["id"]))
    for key in ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "language"):
        _add(node, key, talk.get(key) or "")
    _add(node, "track", talk.get("track") or "")
    if _SLUG.match(talk.get("slug") or ""):
        _add(node, "slug", talk["slug"])
    if talk.get("description"):
        _add(node, "description", talk["description"])
    if _http(talk.get("url")):
        _add(node, "url", talk["url"])
    persons = _add(node, "persons")
    for person in talk.get("persons", []):
        _add(persons, "person", person["public_name"], guid=person.get("guid"))
    links = _add(node, "links")
    for link in talk.get("links", []):
        _add(links, "link", link["title"], href=link["url"], type=link.get("type"))
