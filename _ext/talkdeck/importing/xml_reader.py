"""An XML schedule (frab's / pretalx's schedule.xml, c3voc's schedule.xml.xsd) read into the
same shape as the JSON format, with the line of every element.

The standard library's expat parses it, with entity declarations refused (no "billion laughs",
no external entities: what defusedxml refuses, without the dependency) and no network access.
Elements the importer does not use are skipped; text is taken as written (attributes and
element text are all strings here, which the importer accepts where JSON has numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from .source import Path, ReadError, Source

#: <conference> children -> the JSON key (the XML calls the day count <days>).
_CONFERENCE = {
    "title": "title",
    "acronym": "acronym",
    "start": "start",
    "end": "end",
    "days": "daysCount",
    "timeslot_duration": "timeslot_duration",
    "time_zone_name": "time_zone_name",
    "url": "url",
    "logo": "logo",
    "description": "description",
}
#: <event> children taken as text.
_EVENT_TEXT = (
    "date",
    "start",
    "end",
    "duration",
    "room",
    "slug",
    "url",
    "title",
    "subtitle",
    "track",
    "type",
    "language",
    "abstract",
    "description",
    "logo",
)
#: Nesting far deeper than a schedule's six levels is refused.
MAX_DEPTH = 64


@dataclass
class Element:
    """One element: its name, attributes, line, children and the text directly inside it."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        """All text inside, children's too (a description may hold XHTML elements)."""
        return "".join(self.parts) + "".join(child.text() for child in self.children)


def parse(raw: bytes) -> Element:
    """The element tree of `raw`, or ReadError at the line expat stopped on."""
    parser = expat.ParserCreate()
    stack: list[Element] = []
    root: list[Element] = []

    def refuse_entity(name: str, *_args: Any) -> None:
        raise ReadError(parser.CurrentLineNumber, f"the XML declares the entity {name!r}; entities are not allowed")

    def refuse_external(*_args: Any) -> int:
        raise ReadError(parser.CurrentLineNumber, "the XML refers to an external entity; that is not allowed")

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = Element(tag, attrs, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(element)
        else:
            root.append(element)
        stack.append(element)
        if len(stack) > MAX_DEPTH:
            raise ReadError(element.line, f"not a schedule: elements nested more than {MAX_DEPTH} levels deep")

    def end(_tag: str) -> None:
        stack.pop()

    def data(text: str) -> None:
        if stack:
            stack[-1].parts.append(text)

    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.buffer_text = True
    try:
        parser.Parse(raw, True)
    except expat.ExpatError as err:
        reason = expat.ErrorString(err.code)
        raise ReadError(
            err.lineno, f"not well-formed XML: {reason} (column {err.offset + 1}); fix the syntax"
        ) from None
    return root[0]


class _Converter:
    """Builds the JSON-shaped values, recording each one's line and XPath-like name."""

    def __init__(self) -> None:
        self.source = Source({}, xml=True)

    def place(self, path: Path, element: Element, label: str) -> None:
        self.source.lines[path] = element.line
        self.source.labels[path] = label

    def text_children(self, element: Element, names: dict[str, str], path: Path, label: str) -> dict[str, Any]:
        """Text children named in `names`, under their JSON keys; a repeated one is a problem."""
        values: dict[str, Any] = {}
        for child in element.children:
            key = names.get(child.tag)
            if key is None:
                continue
            child_path = (*path, key)
            if key in values:
                self.source.problems.append(
                    (
                        child_path,
                        f"<{child.tag}> is given twice (first on line {self.source.lines[child_path]}); keep one",
                    )
                )
                continue
            values[key] = child.text()
            self.place(child_path, child, f"{label}/{child.tag}")
        return values

    def convert(self, root: Element) -> Source:
        if root.tag != "schedule":
            raise ReadError(root.line, f"the root element is <{root.tag}>; a schedule.xml starts with <schedule>")
        top = ("schedule",)
        self.place((), root, "/schedule")
        self.place(top, root, "/schedule")
        schedule = self.text_children(root, {"version": "version", "url": "url"}, top, "/schedule")
        self.source.data = {"schedule": schedule}
        days: list[dict[str, Any]] = []
        conference_path = (*top, "conference")
        for child in root.children:
            if child.tag == "conference":
                if "conference" in schedule:
                    self.source.problems.append((conference_path, "<conference> is given twice; keep one"))
                    continue
                label = "/schedule/conference"
                self.place(conference_path, child, label)
                conference = self.text_children(child, _CONFERENCE, conference_path, label)
                base = self.text_children(child, {"base_url": "base_url"}, top, label)
                schedule.update(base)  # the JSON format has base_url next to conference
                schedule["conference"] = conference
            elif child.tag == "day":
                days.append(self.day(child, len(days), (*conference_path, "days", len(days))))
        if "conference" in schedule:
            schedule["conference"]["days"] = days
            self.source.lines[(*conference_path, "days")] = self.source.lines[conference_path]
        return self.source

    def day(self, element: Element, index: int, path: Path) -> dict[str, Any]:
        label = f"/schedule/day[{index + 1}]"
        self.place(path, element, label)
        day: dict[str, Any] = {"rooms": {}}
        for attr, key in (("index", "index"), ("date", "date"), ("start", "day_start"), ("end", "day_end")):
            if attr in element.attrs:
                day[key] = element.attrs[attr]
                self.place((*path, key), element, f"{label}/@{attr}")
        self.place((*path, "rooms"), element, label)
        for room in (c for c in element.children if c.tag == "room"):
            name = room.attrs.get("name", "")
            room_path = (*path, "rooms", name)
            room_label = f'{label}/room[@name="{name}"]'
            events = day["rooms"].setdefault(name, [])  # a room given twice: its events run on
            if room_path not in self.source.lines:
                self.place(room_path, room, room_label)
            for child in (c for c in room.children if c.tag == "event"):
                events.append(self.event(child, (*room_path, len(events)), room_label, len(events)))
        return day

    def event(self, element: Element, path: Path, room_label: str, index: int) -> dict[str, Any]:
        label = f"{room_label}/event[{index + 1}]"
        self.place(path, element, label)
        event: dict[str, Any] = {}
        for attr in ("guid", "id", "code"):
            if attr in element.attrs:
                event[attr] = element.attrs[attr]
                self.place((*path, attr), element, f"{label}/@{attr}")
        event.update(self.text_children(element, {name: name for name in _EVENT_TEXT}, path, label))
        for child in element.children:
            if child.tag == "persons":
                event["persons"] = self.people(child, (*path, "persons"), f"{label}/persons")
            elif child.tag in ("links", "attachments"):
                event[child.tag] = self.references(child, (*path, child.tag), f"{label}/{child.tag}")
        return event

    def people(self, element: Element, path: Path, label: str) -> list[dict[str, Any]]:
        self.place(path, element, label)
        found = []
        for child in (c for c in element.children if c.tag == "person"):
            item_path = (*path, len(found))
            self.place(item_path, child, f"{label}/person[{len(found) + 1}]")
            person: dict[str, Any] = {k: v for k, v in child.attrs.items() if k in ("id", "guid", "code")}
            person["name"] = child.text()
            found.append(person)
        return found

    def references(self, element: Element, path: Path, label: str) -> list[dict[str, Any]]:
        """<link href="..." type="...">title</link> (and <attachment>) as {url, title, type}."""
        self.place(path, element, label)
        found = []
        for child in element.children:
            item_path = (*path, len(found))
            self.place(item_path, child, f"{label}/{child.tag}[{len(found) + 1}]")
            reference: dict[str, Any] = {"title": child.text()}
            if "href" in child.attrs:
                reference["url"] = child.attrs["href"]
            if "type" in child.attrs:
                reference["type"] = child.attrs["type"]
            found.append(reference)
        return found


def read_xml(raw: bytes) -> Source:
    """Parse `raw` (bytes: the XML declaration names the encoding) into a Source."""
    return _Converter().convert(parse(raw))
