"""Recordings, chapters and captions: the front-matter value types they use, the rules between
them, and the WebVTT files captions name, read with webvtt-py into cues at their lines. The build
(read phase) and `check` both call `load_tracks`, so they report the same problems; no Sphinx.

Decisions:

- `video: URL` is the short form of `recordings: [{url: URL}]`: the front-matter reader turns it
  into one recording, so every consumer reads one list. A page gives one or the other.
- A recording's `url` is an http(s) URL, or a path under `_static/` to a video file the site
  serves itself (`.mp4` or `.webm`): that one is played by the page's own <video> element, the
  only player that can show caption tracks.
- `length` and a chapter's `start` are written as on a player's clock: `4:10` or `1:02:03`
  (YAML 1.1 would read an unquoted `4:10` as the number 250; the schema reads the text).
- Captions are a WebVTT file next to the talk page, named in the recording (`captions:
  talk.en.vtt`); a cue webvtt-py cannot read in strict mode, a cue that ends before it starts
  and a cue that starts before the one above it are reported at their line in that file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import webvtt
import yaml
from webvtt.errors import MalformedCaptionError, MalformedFileError

from .fieldtypes import MISSING, Text, Url
from .problems import Problem, Reader
from .recordings import Chapter, Cue, Recording, Track, clock
from .records import ListOf

_CLOCK = re.compile(r"^(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)$", re.ASCII)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$", re.ASCII)
_CAPTIONS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.vtt$", re.ASCII)
_LOCAL = re.compile(r"^_static/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.(?:mp4|webm)$", re.ASCII)
#: The most cues one file may hold (a three-hour workshop has about 3,000).
MAX_CUES = 20_000
#: The largest captions file read.
MAX_BYTES = 4 * 1024 * 1024
#: The MIME type of each local video file kind.
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}


def seconds(text: str) -> int | None:
    """'4:10' -> 250, '1:02:03' -> 3723; None for anything else."""
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    hours, minutes, secs = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


class Clock(Text):
    """A point in (or the length of) a recording: M:SS, MM:SS or H:MM:SS."""

    def __init__(self) -> None:
        super().__init__(max_length=16)

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = self.scalar(node, path, r)
        if value is MISSING:
            return value
        found = seconds(value)
        if found is None:
            r.report(node, path, f"{value!r} is not a time in the recording; write it as M:SS or H:MM:SS, e.g. 4:10")
            return MISSING
        return found

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _CLOCK.pattern}


class Language(Text):
    """A language tag (BCP 47) such as 'en' or 'pt-BR'."""

    def __init__(self) -> None:
        super().__init__(max_length=35)

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = super().read(node, path, r)
        if value is not MISSING and not _LANGUAGE.match(value):
            r.report(node, path, f"{value!r} is not a language tag; write e.g. 'en', 'de' or 'pt-BR'")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _LANGUAGE.pattern, "maxLength": self.max_length}


class LocalFile(Text):
    """The name of a file in the page's own folder: a plain name, never a path or an address.
    A subclass gives the names it takes (`pattern`), what they are (`kind`) and what to write."""

    pattern: re.Pattern[str]
    kind = "file"
    hint = ""

    def __init__(self) -> None:
        super().__init__(max_length=120)

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        value = super().read(node, path, r)
        if value is not MISSING and not self.pattern.match(value):
            r.report(node, path, f"{value!r} is not the name of a {self.kind}; {self.hint}")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern.pattern, "maxLength": self.max_length}


class CaptionsFile(LocalFile):
    """The name of a WebVTT file in the talk page's folder."""

    pattern = _CAPTIONS
    kind = "captions file"
    hint = "give the name of a .vtt file in this page's folder (letters, digits, '.', '-', '_'), e.g. 'my-talk.en.vtt'"


class RecordingUrl(Url):
    """An http(s) URL, or the path of a video file under the site's `_static/`."""

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.value.strip().startswith("_static/"):
            value = Text.read(self, node, path, r)
            if value is not MISSING and not _LOCAL.match(value):
                r.report(
                    node,
                    path,
                    f"{value!r} is not a video file the site can play; give a path under _static/ "
                    "ending in .mp4 or .webm (letters, digits, '.', '-', '_'), or an http(s) address",
                )
                return MISSING
            return value
        return super().read(node, path, r)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [super().json_schema(), {"type": "string", "pattern": _LOCAL.pattern}]}


#: The key under which a read chapter keeps its place in the page's list (for the rules' messages).
ITEM = "\0item"


class Chapters(ListOf):
    """Chapters in the order they come in the recording; one that does not start after the
    chapter above it is reported there (a player's chapter list must be in time order)."""

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        values = super().read(node, path, r)
        if values is MISSING:
            return values
        kept: list[dict[str, Any]] = []
        for index, chapter in enumerate(values, start=1):
            start = chapter.get("start")
            if start is not None and kept and kept[-1].get("start") is not None and start <= kept[-1]["start"]:
                where = f"{path}[{index}].start"
                r.report(
                    r.lines.get(where, r.lines.get(f"{path}[{index}]", 0)),
                    where,
                    f"{clock(start)} does not come after the chapter above ({clock(kept[-1]['start'])}); "
                    "list chapters in the order they start",
                )
                continue
            kept.append({**chapter, ITEM: index})
        return tuple(kept)


def video_and_recordings(values: dict[str, Any]) -> tuple[str, str] | None:
    """A rule of the talk record: `video` is the short form of one recording, not a second one."""
    if "video" in values and "recordings" in values:
        return "video", "a page gives `video` or `recordings`, not both; make the video the first recording's `url`"
    return None


def chapters_fit(values: dict[str, Any]) -> tuple[str, str] | None:
    """A rule of the talk record: chapters need a recording, and start within its length."""
    chapters = values.get("chapters")
    if not chapters:
        return None
    recordings = values.get("recordings") or ([{"url": values["video"]}] if "video" in values else [])
    if not recordings:
        values.pop("chapters")
        return "chapters", "chapters need a recording to start; add `recordings:` (or `video:`) first"
    length = recordings[0].get("length")
    for chapter in chapters:
        index = chapter.get(ITEM, 0)
        if length and chapter.get("start", 0) >= length:
            values["chapters"] = tuple(c for c in chapters if c.get("start", 0) < length)
            return f"chapters[{index}].start", (
                f"{clock(chapter['start'])} is beyond the end of the first recording ({clock(length)}, its "
                "`length`); check the time or the length"
            )
    return None


def recordings_of(values: dict[str, Any]) -> tuple[Recording, ...]:
    """The talk's recordings from its front-matter values: `recordings`, else `video` as one."""
    if "recordings" in values:
        return tuple(
            Recording(
                url=r["url"],
                language=r.get("language", ""),
                length=r.get("length", 0),
                captions=r.get("captions", ""),
            )
            for r in values["recordings"]
            if "url" in r
        )
    return (Recording(values["video"]),) if values.get("video") else ()


def chapters_of(values: dict[str, Any]) -> tuple[Chapter, ...]:
    return tuple(Chapter(c["start"], c["title"]) for c in values.get("chapters", ()) if "start" in c and "title" in c)


# --- captions files ---------------------------------------------------------------------------


def read_vtt(text: str, file: str) -> tuple[tuple[Cue, ...], list[Problem]]:
    """The cues of a WebVTT file, and a problem at the line of every cue that cannot be used.

    The file is cut into blocks at blank lines (as WebVTT does), and each block that holds a
    cue timing arrow is read by webvtt-py in strict mode, so the line of a bad cue is known."""
    problems: list[Problem] = []
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def problem(line: int, message: str) -> None:
        problems.append(Problem(line, "", message, "captions", file))

    if not lines or not lines[0].startswith("WEBVTT") or lines[0][6:7] not in ("", " ", "\t"):
        problem(1, "is not a WebVTT file: its first line must be 'WEBVTT'; export the captions as WebVTT (.vtt)")
        return (), problems
    cues: list[Cue] = []
    for first, block in _blocks(lines):
        timing = next((n for n, line in enumerate(block) if "-->" in line), None)
        if timing is None or first == 1:
            continue  # the header, a NOTE, STYLE or REGION block
        line = first + timing
        try:
            parsed = webvtt.from_string("WEBVTT\n\n" + "\n".join(block) + "\n", strict=True)
        except (MalformedCaptionError, MalformedFileError, ValueError):
            parsed = None
        captions = list(parsed) if parsed is not None else []
        if len(captions) != 1:
            problem(
                line,
                f"cue timing {block[timing].strip()[:80]!r} cannot be read; write it as "
                "'00:01:02.500 --> 00:01:05.000' (hours optional, three digits after the point)",
            )
            continue
        caption = captions[0]
        start, end = caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds()
        if end <= start:
            problem(line, f"the cue ends ({caption.end}) before it starts ({caption.start}); fix the end time")
            continue
        if cues and start < cues[-1].start:
            problem(line, f"the cue starts ({caption.start}) before the cue above it; keep cues in time order")
            continue
        if len(cues) >= MAX_CUES:
            problem(line, f"more than {MAX_CUES} cues; split the recording's captions")
            break
        text_of = " ".join(caption.text.split())
        cues.append(Cue(start, end, text_of))
    return tuple(cues), problems


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(1-based first line, lines) of each block between blank lines."""
    found: list[tuple[int, list[str]]] = []
    block: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            found.append((start, block))
            block = []
    if block:
        found.append((start, block))
    return found


def captions_path(page: Path, recording: Recording) -> Path:
    """Where a recording's captions file is: in the talk page's folder."""
    return page.parent / recording.captions


def load_tracks(
    recordings: tuple[Recording, ...], page: Path, srcdir: Path, line_of: Callable[[str], int]
) -> tuple[tuple[Track, ...], list[Problem]]:
    """Read the captions files a talk's recordings name: the tracks, and every problem (a missing
    or unreadable file at the page's `captions` line; a bad cue at its line in the file)."""
    tracks: list[Track] = []
    problems: list[Problem] = []
    for index, recording in enumerate(recordings):
        if not recording.captions:
            continue
        field = f"talk.recordings[{index + 1}].captions"
        path = captions_path(page, recording)
        try:
            raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
        except OSError:
            problems.append(
                Problem(
                    line_of(field),
                    field,
                    f"there is no file {recording.captions!r} next to this page; add it, or correct the name",
                    "captions",
                )
            )
            continue
        if raw is None:
            problems.append(
                Problem(line_of(field), field, f"is larger than {MAX_BYTES // 1024 // 1024} MiB; split it", "captions")
            )
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            problems.append(
                Problem(line, "", "is not UTF-8 text (as WebVTT must be); save it as UTF-8", "captions", str(path))
            )
            continue
        cues, found = read_vtt(text, str(path))
        problems.extend(found)
        try:
            relative = path.relative_to(srcdir).as_posix()
        except ValueError:
            relative = recording.captions
        digest = hashlib.sha256(raw).hexdigest()
        tracks.append(Track(index, relative, recording.language, digest, cues))
    return tuple(tracks), problems
