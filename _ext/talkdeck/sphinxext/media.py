"""A talk page's recordings: the player of the first one (the click-to-load facade of a known
host, or the site's own <video> element for a file it serves, with its caption tracks), the other
recordings as links, the chapters as links that start the player there, and each captions file
as a collapsed transcript with time stamps.

Nothing is requested from a video host until the reader asks for its player: before that, a
chapter or time stamp only sets where the facade will start (talkdeck-video.js); after it, the
player is moved there (YouTube and PeerTube: a new `start`, Vimeo: `#t=`; our own player: its
`currentTime`). Without JavaScript each of these is a plain link to that point of the video.
PeerTube instances are embedded only when the site lists them (`talkdeck_peertube_hosts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes

from ..core.media import VIDEO_TYPES
from ..core.recordings import Recording, Track, clock
from ..core.videohosts import parse_video, split_plain
from .domain import get_domain
from .publish import file_url, publication

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

#: conf.py: host names of PeerTube instances whose videos the site embeds.
PEERTUBE_CONFIG = "talkdeck_peertube_hosts"
_PEERTUBE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese", "ja": "Japanese"}


@dataclass(frozen=True)
class Player:
    """How a recording is played on its page: by which kind of player, from which addresses."""

    kind: str  # "youtube", "vimeo", "peertube" or "file"
    label: str  # the host's name, for "Click to load the ... player"
    watch_url: str  # the video's own page (or the file), where links without JavaScript go
    embed_url: str = ""  # the privacy-enhanced player (not for "file")
    player_url: str = ""  # the same, playing at once: what the facade loads on a click
    link_url: str = ""  # where the facade links: the page's own URL, with the start it names

    @property
    def href(self) -> str:
        return self.link_url or self.watch_url

    def at(self, seconds: int) -> str:
        """A link to the video at `seconds`, for readers without JavaScript."""
        if self.kind == "youtube":
            return f"{self.watch_url}&t={seconds}s" if "?" in self.watch_url else f"{self.watch_url}?t={seconds}s"
        if self.kind == "vimeo":
            return f"{self.watch_url}#t={seconds}s"
        if self.kind == "peertube":
            return f"{self.watch_url}?start={seconds}s"
        return f"{self.watch_url}#t={seconds}"


def peertube_hosts(config: Config) -> frozenset[str]:
    return frozenset(h.strip().lower() for h in getattr(config, PEERTUBE_CONFIG, ()) if isinstance(h, str))


def check_config(app: Sphinx, config: Config) -> None:
    """config-inited: every listed PeerTube host must be a host name (no scheme, path or port)."""
    from .report import logger

    for host in getattr(config, PEERTUBE_CONFIG, ()):
        if not isinstance(host, str) or not _HOST.match(host.strip().lower()):
            logger.warning(
                f"{PEERTUBE_CONFIG}: {host!r} is not a host name; list names such as 'peertube.example.org'",
                type="talkdeck",
                subtype="config",
            )


def player_of(recording: Recording, peertube: frozenset[str], file_href: str = "") -> Player | None:
    """The player of a recording, or None when the page can only link to it."""
    if recording.local:
        return Player("file", "", file_href or recording.url)
    video = parse_video(recording.url)
    if video is not None:
        base = replace(video, start=0)  # chapters and time stamps add their own start
        return Player(video.host, video.label, base.watch_url, base.embed_url, video.player_url, video.watch_url)
    return _peertube(recording.url, peertube)


def _peertube(url: str, hosts: frozenset[str]) -> Player | None:
    """A video on a PeerTube instance the site lists: /w/<id> or /videos/watch/<id>."""
    parts = split_plain(url, ("https",)) if hosts else None
    host = (parts.hostname or "") if parts else ""
    if host not in hosts:
        return None
    path = [p for p in parts.path.split("/") if p]
    if len(path) == 2 and path[0] == "w":
        ident = path[1]
    elif len(path) == 3 and path[:2] == ["videos", "watch"]:
        ident = path[2]
    else:
        return None
    if not _PEERTUBE_ID.fullmatch(ident):
        return None
    embed = f"https://{host}/videos/embed/{ident}"
    return Player("peertube", "PeerTube", f"https://{host}/w/{ident}", embed, f"{embed}?autoplay=1")


def language_name(tag: str) -> str:
    return _LANGUAGES.get(tag.split("-")[0].lower(), tag)


# --- nodes ------------------------------------------------------------------------------------


class media_element(nodes.General, nodes.Element):
    """One HTML element of the player, its chapters or transcript: the tag comes from this
    module only, attribute values go through `starttag`, which escapes; `empty` for <source>
    and <track>, which have no end tag."""


def visit_media_html(self: HTML5Translator, node: media_element) -> None:
    self.body.append(self.starttag(node, node["tag"], "", empty=node.get("empty", False), **node["attributes"]))


def depart_media_html(self: HTML5Translator, node: media_element) -> None:
    if not node.get("empty", False):
        self.body.append(f"</{node['tag']}>")


def visit_media_other(self: object, node: media_element) -> None:
    """Other writers: the text inside (a transcript reads as paragraphs), no media elements."""
    if node.get("empty", False) or node["tag"] in ("video",):
        raise nodes.SkipNode


def depart_media_other(self: object, node: media_element) -> None:
    pass


def element(
    tag: str, *children: nodes.Node, classes: tuple[str, ...] = (), empty: bool = False, **attributes: str
) -> media_element:
    return media_element("", *children, tag=tag, attributes=attributes, classes=list(classes), empty=empty)


def _text(text: str, *classes: str) -> nodes.inline:
    return nodes.inline(text, text, classes=list(classes))


# --- the block on a talk's page ------------------------------------------------------------------


@dataclass
class RecordingBlock:
    """What a talk page shows of its recordings; `played`: the first one has a player here."""

    nodes: list[nodes.Node]
    played: bool


def href(builder: Builder, fromdoc: str, recording: Recording) -> str:
    """Where a link to a recording goes from a page: a file the site serves, relative to it."""
    return file_url(builder, fromdoc, recording.url) if recording.local else recording.url


def recording_block(
    builder: Builder, docname: str, recordings: tuple[Recording, ...], chapters: tuple, title: str
) -> RecordingBlock:
    """The player, other recordings, chapters and transcripts of a talk, for its own page."""
    html = builder.format == "html"
    tracks = get_domain(builder.env).tracks_of(docname)
    copied = publication(builder).captions  # the .vtt files are in this output, next to the page
    peertube = peertube_hosts(builder.config)
    first = recordings[0]
    player = player_of(first, peertube, href(builder, docname, first)) if html else None
    found: list[nodes.Node] = []
    player_id = f"tdk-player-{docname.rsplit('/', 1)[-1]}"
    if player is not None:
        found.append(_player(builder, docname, player, first, tracks if copied else (), title, player_id))
    others = [
        nodes.reference(
            "", "", _text(_recording_label(r, n)), refuri=href(builder, docname, r), classes=["tdk-recording-link"]
        )
        for n, r in enumerate(recordings[1:], start=2)
    ]
    if others:
        para = nodes.paragraph(
            "", "", _text("Other recordings: ", "tdk-label"), classes=["sd-card-text", "tdk-recordings"]
        )
        for index, link in enumerate(others):
            if index:
                para += nodes.Text(" \u00b7 ")
            para += link
        found.append(para)
    if chapters:
        found.append(_chapters(chapters, player, player_id))
    for track in tracks:
        played = player if track.recording == 0 else None
        link = file_url(builder, docname, track.path) if copied else ""
        found.append(_transcript(track, recordings[track.recording], played, player_id, len(recordings) > 1, link))
    return RecordingBlock(found, player is not None)


def _recording_label(recording: Recording, number: int) -> str:
    parts = [urlsplit(recording.url).hostname or "this site"] if not recording.local else ["video file"]
    if recording.language:
        parts.append(language_name(recording.language))
    if recording.length:
        parts.append(clock(recording.length))
    return f"Recording {number} ({', '.join(parts)})"


def _player(
    builder: Builder,
    docname: str,
    player: Player,
    recording: Recording,
    tracks: tuple[Track, ...],
    title: str,
    ident: str,
) -> nodes.Element:
    if player.kind == "file":
        kind = VIDEO_TYPES.get("." + recording.url.rsplit(".", 1)[-1], "video/mp4")
        video = element(
            "video",
            element("source", empty=True, src=player.watch_url, type=kind),
            classes=("tdk-video-player",),
            controls="controls",
            preload="metadata",
            **{"aria-label": f"Recording: {title}", "data-tdk-player": "file"},
        )
        video["ids"] = [ident]
        for track in tracks:
            if track.recording == 0:
                language = track.language or recording.language or builder.config.language or "en"
                video += element(
                    "track",
                    empty=True,
                    kind="captions",
                    src=file_url(builder, docname, track.path),
                    srclang=language,
                    label=f"{language_name(language)} captions",
                )
        fallback = nodes.reference("", "", _text("Download the recording"), refuri=player.watch_url)
        video += nodes.paragraph("", "", fallback)
        return nodes.container("", video, classes=["tdk-video", "tdk-video-own"])
    label = "Watch the video"
    note = f"Click to load the {player.label} player"
    facade = element(
        "a",
        _text("", "tdk-video-play"),
        _text(label, "tdk-video-label"),
        _text(note, "tdk-video-note"),
        classes=("tdk-video-facade",),
        href=player.href,
        **{"data-embed": player.player_url, "data-title": title, "data-tdk-player": player.kind},
    )
    facade["ids"] = [ident]
    return nodes.paragraph("", "", facade, classes=["sd-card-text", "tdk-video"])


def _seek(seconds: int, player: Player | None, ident: str, text: str, *classes: str) -> nodes.Node:
    """A time stamp that starts the page's player there; a link to that point without JavaScript."""
    if player is None:
        return _text(text, *classes)
    return element(
        "a",
        _text(text),
        classes=("tdk-seek", *classes),
        href=player.at(seconds) if player.kind != "file" else f"#{ident}",
        **{"data-tdk-seek": str(seconds), "data-tdk-target": ident},
    )


def _chapters(chapters: tuple, player: Player | None, ident: str) -> nodes.Element:
    items = element("ol", classes=("tdk-chapters",))
    for chapter in chapters:
        items += element(
            "li",
            _seek(chapter.start, player, ident, clock(chapter.start), "tdk-chapter-time"),
            nodes.Text(" "),
            _text(chapter.title, "tdk-chapter-title"),
        )
    return nodes.container(
        "",
        nodes.paragraph("Chapters", "Chapters", classes=["tdk-chapters-title"]),
        items,
        classes=["tdk-chapters-block"],
    )


def _transcript(
    track: Track, recording: Recording, player: Player | None, ident: str, several: bool, link: str
) -> nodes.Element:
    language = track.language or recording.language
    title = "Transcript" + (f" ({language_name(language)})" if language and several else "")
    body = element("div", classes=("tdk-transcript-cues",))
    for cue in track.cues:
        seconds = cue.start // 1000
        body += nodes.paragraph(
            "",
            "",
            _seek(seconds, player, ident, clock(seconds), "tdk-cue-time"),
            nodes.Text(" "),
            _text(cue.text, "tdk-cue-text"),
            classes=["tdk-cue"],
        )
    if link:
        download = nodes.reference("", "", _text("Captions file (WebVTT)"), refuri=link, classes=["tdk-captions-file"])
        body += nodes.paragraph("", "", download, classes=["tdk-captions-link"])
    attributes = {"lang": language} if language else {}
    return element("details", element("summary", _text(title)), body, classes=("tdk-transcript",), **attributes)


# --- structured data -----------------------------------------------------------------------------


def duration(seconds: int) -> str:
    """ISO 8601, as schema.org wants a duration: PT38M12S."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def video_objects(
    recordings: tuple[Recording, ...],
    chapters: tuple,
    tracks: tuple[Track, ...],
    title: str,
    summary: str,
    peertube: frozenset[str],
    file_link: Callable[[str], str],
) -> list[dict[str, Any]]:
    """A schema.org VideoObject for each recording the site can play (a known host or its own
    file; a link to anywhere else may be any page), with its transcript; the first one's
    chapters as Clips."""
    found = []
    texts = {track.recording: track.text for track in tracks}
    for index, recording in enumerate(recordings):
        player = player_of(recording, peertube, file_link(recording.url) if recording.local else "")
        if player is None:
            continue
        data: dict[str, Any] = {"@type": "VideoObject", "name": title}
        if player.kind == "file":
            data["contentUrl"] = player.watch_url
        else:
            data["url"] = player.watch_url
            data["embedUrl"] = player.embed_url
        if summary:
            data["description"] = summary
        if recording.language:
            data["inLanguage"] = recording.language
        if recording.length:
            data["duration"] = duration(recording.length)
        if player.kind == "youtube":
            data["thumbnailUrl"] = f"https://i.ytimg.com/vi/{player.watch_url.rsplit('=', 1)[-1]}/hqdefault.jpg"
        if texts.get(index):
            data["transcript"] = texts[index]
        if index == 0 and chapters:
            data["hasPart"] = [
                _clip(chapter, chapters[n + 1].start if n + 1 < len(chapters) else recording.length, player)
                for n, chapter in enumerate(chapters)
            ]
        found.append(data)
    return found


def _clip(chapter: Any, end: int, player: Player) -> dict[str, Any]:
    clip: dict[str, Any] = {"@type": "Clip", "name": chapter.title, "startOffset": chapter.start}
    if end:
        clip["endOffset"] = end
    clip["url"] = player.at(chapter.start)
    return clip
