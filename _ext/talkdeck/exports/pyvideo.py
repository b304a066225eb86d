"""pyvideo's data format: for every event with recorded talks, `pyvideo/<event-id>/category.json`
and `pyvideo/<event-id>/videos/<talk-id>.json`, as the pyvideo/data repository keeps them and its
schemas (`.schemas/category.json`, `.schemas/video.json`) describe, so that pyvideo.org and
other video indexes can take the site's recordings; `talkdeck import` reads such a folder back.

Decisions, as the format leaves them open:

- Only talks with at least one recording at an http(s) address are videos (the format needs
  one); a site's own video file counts under `html_baseurl` only, as pyvideo wants full URLs,
  and so do the talk page, slides and captions in `related_urls`.
- `videos` lists every recording in the page's order, each `type` the host (`youtube`,
  `vimeo`, `peertube`), the file kind (`mp4`, `webm`) or `url`; `language` and `duration`
  (seconds) are the first recording's, the language as ISO 639-3 (`en` -> `eng`) for the tags
  the table below knows, else as the page gives it.
- `description` is the talk's summary (the page's own text stays on the site), `summary` is
  null; `tags` are its topics; `recorded` is its start with the UTC offset, its day when only
  that is known, or the event's first day; `slug` is the talk's id, which is also the file name.
- Files are indented JSON with sorted keys, as in pyvideo/data.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..core.model import Event, Talk, talk_window
from ..core.recordings import Recording
from ..sphinxext.outputs import Output
from .site import SiteData, code, recording_url

if TYPE_CHECKING:
    from ..sphinxext.domain import TalkDomain
    from ..sphinxext.publish import Urls

FOLDER = "pyvideo"
#: ISO 639-1 -> ISO 639-3 for the languages talks are usually given in.
ISO639_3 = {
    "ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "hi": "hin", "it": "ita", "ja": "jpn",
    "ko": "kor", "nl": "nld", "pl": "pol", "pt": "por", "ru": "rus", "sv": "swe", "tr": "tur", "uk": "ukr",
    "zh": "zho",
}  # fmt: skip
ISO639_1 = {three: two for two, three in ISO639_3.items()}


def _http(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def video_type(recording: Recording) -> str:
    """The `type` of a recording in `videos`: its host, or its file kind."""
    if recording.local:
        return recording.url.rsplit(".", 1)[-1].lower()
    host = recording.url.split("/")[2].lower() if recording.url.count("/") >= 2 else ""
    for name, kind in (("youtube", "youtube"), ("youtu.be", "youtube"), ("vimeo.com", "vimeo")):
        if name in host:
            return kind
    ending = recording.url.split("?")[0].rsplit(".", 1)[-1].lower()
    return ending if ending in ("mp4", "webm") else "url"


def language3(tag: str) -> str:
    return ISO639_3.get(tag.split("-")[0].lower(), tag) if tag else tag


def category(event: Event, page: str) -> dict[str, Any]:
    data: dict[str, Any] = {"title": event.name, "description": None}
    url = event.url or page
    if _http(url):
        data["url"] = url
    if event.start is not None:
        data["start_date"] = event.start.isoformat()
    if event.end is not None:
        data["end_date"] = event.end.isoformat()
    return data


def video(domain: TalkDomain, talk: Talk, docname: str, urls: Urls) -> dict[str, Any] | None:
    """One talk as a pyvideo video record, or None when it has no recording at a full URL."""
    videos = [{"type": video_type(r), "url": url} for r in talk.recordings if _http(url := recording_url(urls, r))]
    if not videos:
        return None
    event_entry = domain.event_of(talk)
    event: Event | None = event_entry.item if event_entry is not None else None  # type: ignore[assignment]
    window = talk_window(talk, event)
    if window is not None:
        recorded = window[0].isoformat()
    elif talk.start_day is not None:
        recorded = talk.start_day.isoformat()
    else:
        recorded = event.start.isoformat() if event is not None and event.start else None
    first = talk.recordings[0]
    related = []
    page = urls.canonical(docname)
    if page:
        related.append({"label": "Talk page", "url": page})
    if _http(talk.slides):
        related.append({"label": "Slides", "url": talk.slides})
    for track in domain.tracks_of(docname):
        url = urls.file(track.path)
        if _http(url):
            language = f" ({track.language or talk.recordings[track.recording].language})"
            related.append({"label": "Captions" + (language if language != " ()" else "") + ", WebVTT", "url": url})
    thumbnail = None
    if videos[0]["type"] == "youtube" and "v=" in videos[0]["url"]:
        thumbnail = f"https://i.ytimg.com/vi/{videos[0]['url'].split('v=')[1].split('&')[0]}/hqdefault.jpg"
    return {
        "copyright_text": None,
        "description": talk.summary,
        "duration": first.length or None,
        "language": language3(first.language) or None,
        "recorded": recorded,
        "related_urls": related,
        "slug": talk.id,
        "speakers": list(dict.fromkeys(s.name for s in talk.speakers)),
        "summary": None,
        "tags": list(dict.fromkeys(talk.topics)),
        "thumbnail_url": thumbnail,
        "title": talk.title,
        "videos": videos,
    }


def text(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def documents(domain: TalkDomain, urls: Urls) -> dict[str, dict[str, Any]]:
    """Output path -> document, for every event that has a video."""
    found: dict[str, dict[str, Any]] = {}
    for event_id, event_entry in sorted(domain.events.items()):
        videos = {}
        for entry in domain.programme(event_id):
            record = video(domain, entry.item, entry.docname, urls)  # type: ignore[arg-type]
            if record is not None:
                videos[f"{FOLDER}/{event_id}/videos/{entry.item.id}.json"] = record
        if videos:
            event: Event = event_entry.item  # type: ignore[assignment]
            found[f"{FOLDER}/{event_id}/category.json"] = category(event, urls.canonical(event_entry.docname))
            found |= videos
    return found


def outputs(site: SiteData) -> dict[str, Output]:
    """Every pyvideo file as one output: which events and talks have one is known once made."""

    def make() -> dict[str, bytes]:
        return {path: text(document) for path, document in documents(site.domain, site.urls).items()}

    tracks = sorted((d, tuple(t.path for t in ts)) for d, ts in site.domain.all_tracks().items())
    return {FOLDER: Output(site.key(code("pyvideo.py", "site.py"), tracks), make)}
