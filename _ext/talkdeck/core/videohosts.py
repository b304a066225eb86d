"""Known video hosts: a recording's URL reduced to its host and id, and the addresses rebuilt
from them (the video's page, the privacy-enhanced player, the host's still); no Sphinx imports.

Parsing is strict: http(s) only, known host names spelled exactly, ids in the host's own
alphabet, no user info, backslashes or whitespace (which browsers and Python split
differently). Anything else is an unknown host: a plain link, never an embed or a picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, urlsplit

_YOUTUBE = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
)
_YOUTU_BE = frozenset({"youtu.be"})
_VIMEO = frozenset({"vimeo.com", "www.vimeo.com"})
_VIMEO_PLAYER = frozenset({"player.vimeo.com"})
#: Paths of a YouTube video page other than /watch?v=: /embed/<id>, /shorts/<id>, /live/<id>, /v/<id>.
_YOUTUBE_PATHS = frozenset({"embed", "shorts", "live", "v"})

# YouTube ids are 11 characters today; the alphabet is what keeps a URL safe, so only the
# alphabet is strict and the length is lenient (a test site's short ids work too).
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_VIMEO_ID = re.compile(r"[0-9]{1,20}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{1,40}")
_TIME = re.compile(r"(?:(\d{1,3})h)?(?:(\d{1,5})m)?(?:(\d{1,6})s?)?")
_UNSAFE = re.compile(r"[\s\\\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Video:
    """A video on a host we know how to embed, reduced to what we need to rebuild its URLs."""

    host: str  # "youtube" or "vimeo"
    id: str
    start: int = 0  # seconds into the video (YouTube's t= / start=)
    hash: str = ""  # the key of an unlisted Vimeo video

    @property
    def label(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.host]

    @property
    def watch_url(self) -> str:
        """The video's own page, rebuilt from the id: what the facade links to."""
        if self.host == "youtube":
            return f"https://www.youtube.com/watch?v={self.id}" + (f"&t={self.start}s" if self.start else "")
        return f"https://vimeo.com/{self.id}" + (f"/{self.hash}" if self.hash else "")

    @property
    def embed_url(self) -> str:
        """The privacy-enhanced player (no cookies until played; Vimeo: do not track)."""
        if self.host == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.id}" + (f"?start={self.start}" if self.start else "")
        return f"https://player.vimeo.com/video/{self.id}?dnt=1" + (f"&h={self.hash}" if self.hash else "")

    @property
    def player_url(self) -> str:
        """The player the facade loads on click, so it starts playing at once."""
        if self.host == "youtube":
            start = f"&start={self.start}" if self.start else ""
            return f"https://www.youtube-nocookie.com/embed/{self.id}?autoplay=1{start}"
        return f"https://player.vimeo.com/video/{self.id}?dnt=1&autoplay=1" + (f"&h={self.hash}" if self.hash else "")

    @property
    def thumbnail_url(self) -> str:
        """YouTube's still for the video (for structured data only: pages never load it)."""
        return f"https://i.ytimg.com/vi/{self.id}/hqdefault.jpg" if self.host == "youtube" else ""


_DEFAULT_PORTS = {"http": 80, "https": 443}


def split_plain(url: object, schemes: tuple[str, ...]) -> SplitResult | None:
    """A URL's parts if it is a plain address in one of `schemes`: no space, backslash or control
    character, no credentials, no port but the scheme's own; None otherwise. Every host check
    starts here, so an embed is never made from a URL a browser would read differently."""
    if not isinstance(url, str) or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in schemes or "@" in parts.netloc or port not in (None, _DEFAULT_PORTS[parts.scheme]):
        return None
    return parts


def parse_video(url: str) -> Video | None:
    """The video a URL points at on a known host, or None (unknown host, bad id, not http(s))."""
    parts = split_plain(url, ("http", "https"))
    if parts is None:
        return None
    host = parts.hostname or ""
    path = parts.path.split("/")[1:]
    if path and path[-1] == "":
        path = path[:-1]  # one trailing slash
    query = parse_qs(parts.query)
    if host in _YOUTUBE:
        if path == ["watch"]:
            ident = _first(query, "v")
        elif len(path) == 2 and path[0] in _YOUTUBE_PATHS:
            ident = path[1]
        else:
            return None
        return _youtube(ident, query)
    if host in _YOUTU_BE:
        return _youtube(path[0], query) if len(path) == 1 else None
    if host in _VIMEO_PLAYER:
        if len(path) == 2 and path[0] == "video":
            return _vimeo(path[1], _first(query, "h"))
        return None
    if host in _VIMEO:
        return _vimeo_page(path)
    return None


def _first(query: dict[str, list[str]], key: str) -> str:
    values = query.get(key) or [""]
    return values[0]


def _youtube(ident: str, query: dict[str, list[str]]) -> Video | None:
    if not _YOUTUBE_ID.fullmatch(ident):
        return None
    return Video("youtube", ident, start=seconds(_first(query, "t") or _first(query, "start")))


def _vimeo(ident: str, key: str = "") -> Video | None:
    if not _VIMEO_ID.fullmatch(ident) or (key and not _VIMEO_HASH.fullmatch(key)):
        return None
    return Video("vimeo", ident, hash=key)


def _vimeo_page(path: list[str]) -> Video | None:
    """vimeo.com/<id>, /<id>/<hash>, /channels/<name>/<id>, /groups/<name>/videos/<id>,
    /showcase/<n>/video/<id>, /album/<n>/video/<id>."""
    if len(path) == 1:
        return _vimeo(path[0])
    if len(path) == 2 and _VIMEO_ID.fullmatch(path[0]):
        return _vimeo(path[0], path[1])
    if len(path) == 3 and path[0] == "channels":
        return _vimeo(path[2])
    if len(path) == 4 and (path[0], path[2]) in (("groups", "videos"), ("showcase", "video"), ("album", "video")):
        return _vimeo(path[3])
    return None


def seconds(value: str) -> int:
    """'90', '90s', '1m30s', '1h2m3s' -> seconds; anything else (or nothing) -> 0."""
    match = _TIME.fullmatch(value)
    if not value or match is None:
        return 0
    hours, minutes, secs = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + secs
