"""schema.org structured data for each talk page: an Event in a JSON-LD script, from the Domain.

Decisions where schema.org or search engines ask for more than the data holds:

- startDate/endDate for timed talks whose time zone is known (ISO 8601 with offset); a talk
  known by its day only has that day as its startDate (a schema.org Date), no endDate; a talk
  without either gets no dates rather than invented ones (its superEvent carries the event's).
- superEvent is the talk's event; an event co-located with a conference has that conference as
  its own superEvent (one level: core/events.py).
- sameAs is the talk's page in the conference's own schedule, when known (`schedule_url`).
- eventAttendanceMode is "offline" whenever the talk or its event has a place; eventStatus is
  always "scheduled" (the data has no cancellations).
- Each recording is a VideoObject of the Event's `recordedIn` (one object, or a list when
  there are several), only for hosts media.py can play (YouTube, Vimeo, listed PeerTube
  instances, a file the site serves): an unknown link may be any page, not a video. A
  recording's captions are its `transcript` (the cues' text); the chapters are Clips in the
  first recording's `hasPart`, each ending where the next starts (the last at the recording's
  `length`, when given). uploadDate, which Google wants, is not known and is left out rather
  than guessed; thumbnailUrl is given for YouTube only (Vimeo needs its API).
- URLs are absolute under html_baseurl, else relative to the page itself.

The script body is json.dumps(sort_keys=True) with <, >, & and U+2028/U+2029 written as \\u
escapes, so no title or summary can close the script element or open a comment in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.entities import pagename
from ..core.model import Entry, Event, Talk, slugify, talk_window
from ..core.recordings import Track
from .domain import get_domain
from .media import peertube_hosts, video_objects
from .publish import absolute_url, file_url, page_url, publication
from .specs import same_as

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

SCHEMA = "https://schema.org"
_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})
_SURROGATE = re.compile("[\ud800-\udfff]")


def script_json(data: Any) -> str:
    """JSON safe to put between <script> and </script> as it is."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False).translate(_ESCAPES)
    # a lone surrogate (YAML lets one through as "\ud800") cannot be written as UTF-8
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def talk_event(
    talk: Talk,
    event_entry: Entry | None,
    docname: str,
    link: Callable[[str], str],
    parent_entry: Entry | None = None,
    tracks: tuple[Track, ...] = (),
    peertube: frozenset[str] = frozenset(),
    file_link: Callable[[str], str] = str,
    same_as: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """The schema.org Event of one talk; `link` turns a page name into the URL to give;
    `parent_entry` is the conference the talk's event is co-located with; `file_link` turns a
    file of the output folder (a video the site serves) into its URL; `same_as` gives a
    speaker's profile links (their site and accounts), by speaker id."""
    event: Event | None = event_entry.item if event_entry is not None else None  # type: ignore[assignment]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": talk.title,
        "url": link(docname),
        "eventStatus": f"{SCHEMA}/EventScheduled",
    }
    if talk.summary:
        data["description"] = talk.summary
    if talk.topics:
        data["keywords"] = list(talk.topics)
    window = talk_window(talk, event)
    if window is not None:
        data["startDate"] = window[0].isoformat()
        if talk.duration:
            data["endDate"] = window[1].isoformat()
    elif talk.start is None and talk.day is not None:
        data["startDate"] = talk.day.isoformat()
    if talk.schedule_url:
        data["sameAs"] = talk.schedule_url
    location = _place(talk.room or (event.place if event else ""), event)
    if location is not None:
        data["location"] = location
        data["eventAttendanceMode"] = f"{SCHEMA}/OfflineEventAttendanceMode"
    if talk.speakers:
        data["performer"] = [
            _person(speaker.id, speaker.name, speaker.affiliation, link, (same_as or {}).get(speaker.id, ()))
            for speaker in talk.speakers
        ]
    if event_entry is not None and event is not None:
        data["superEvent"] = _event(event, link(event_entry.docname))
        if parent_entry is not None:
            data["superEvent"]["superEvent"] = _event(parent_entry.item, link(parent_entry.docname))  # type: ignore[arg-type]
    videos = video_objects(talk.recordings, talk.chapters, tracks, talk.title, talk.summary, peertube, file_link)
    if videos:
        data["recordedIn"] = videos[0] if len(videos) == 1 else videos
    return data


def _address(event: Event | None) -> dict[str, str] | None:
    if event is None:
        return None
    fields = {"addressLocality": event.city, "addressRegion": event.region, "addressCountry": event.country}
    address = {key: value for key, value in fields.items() if value}
    return {"@type": "PostalAddress", **address} if address else None


def _place(name: str, event: Event | None) -> dict[str, Any] | None:
    address = _address(event)
    if not name and address is None:
        return None
    place: dict[str, Any] = {"@type": "Place"}
    if name:
        place["name"] = name
    if address is not None:
        place["address"] = address
    return place


def _person(
    ident: str, name: str, affiliation: str, link: Callable[[str], str], same_as: tuple[str, ...] = ()
) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": name}
    if ident:
        person["url"] = link(pagename("speaker", ident))
    if same_as:
        person["sameAs"] = list(same_as)
    if affiliation:
        organisation: dict[str, Any] = {"@type": "Organization", "name": affiliation}
        if slugify(affiliation):
            organisation["url"] = link(pagename("organisation", slugify(affiliation)))
        person["affiliation"] = organisation
    return person


def _event(event: Event, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Event", "name": event.name, "url": url}
    if event.start is not None:
        data["startDate"] = event.start.isoformat()
    if event.end is not None or event.start is not None:
        data["endDate"] = (event.end or event.start).isoformat()  # type: ignore[union-attr]
    location = _place(event.place, event)
    if location is not None:
        data["location"] = location
    if event.url.startswith(("https://", "http://")):
        data["sameAs"] = event.url
    return data


# --- Sphinx ---------------------------------------------------------------------------


class jsonld(nodes.Invisible, nodes.Element):
    """Structured data; only HTML writes it (as a script), and it holds no text to index."""


def visit_jsonld_html(self: HTML5Translator, node: jsonld) -> None:
    self.body.append(self.starttag(node, "script", type="application/ld+json"))
    self.body.append(node["json"])
    self.body.append("\n</script>\n")
    raise nodes.SkipNode


def depart_jsonld_html(self: HTML5Translator, node: jsonld) -> None:
    """Never reached: the visitor skips the node."""


def linker(builder: Builder, fromdoc: str) -> Callable[[str], str]:
    """Page name -> its URL: absolute under html_baseurl, else relative to `fromdoc`."""
    baseurl = builder.config.html_baseurl

    def link(pagename: str) -> str:
        target = page_url(builder, pagename) or ""
        if baseurl:
            return absolute_url(baseurl, target)
        # the page itself comes back as "": name it, so the value is a usable URL
        return page_url(builder, pagename, fromdoc) or target.rsplit("/", 1)[-1] or "./"

    return link


def file_linker(builder: Builder, fromdoc: str) -> Callable[[str], str]:
    """A file of the output folder -> its URL: absolute under html_baseurl, else relative."""
    baseurl = builder.config.html_baseurl

    def link(path: str) -> str:
        return absolute_url(baseurl, path) if baseurl else file_url(builder, fromdoc, path)

    return link


def add_jsonld(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: a talk page (html, dirhtml) gets its Event as JSON-LD."""
    if not publication(app.builder).jsonld:
        return
    domain = get_domain(app.env)
    entry = domain.talk_of(docname)
    if entry is None:
        return
    talk: Talk = entry.item  # type: ignore[assignment]
    event = domain.event_of(talk)
    parent = domain.parent_of(event.item) if event is not None else None  # type: ignore[arg-type]
    data = talk_event(
        talk,
        event,
        docname,
        linker(app.builder, docname),
        parent,
        domain.tracks_of(docname),
        peertube_hosts(app.config),
        file_linker(app.builder, docname),
        same_as(domain, entry),
    )
    doctree += jsonld(json=script_json(data))
