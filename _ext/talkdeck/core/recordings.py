"""The records of a talk's recordings, chapters and captions (plain frozen data, no imports of
the rest of the package, so the model can hold them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recording:
    """One recording of a talk: where it is, in which language, how long, and its captions."""

    url: str  # an http(s) URL, or a site path under _static/ (a video file the site serves)
    language: str = ""  # a BCP 47 tag such as 'en' or 'pt-BR'
    length: int = 0  # seconds; 0 when not given
    captions: str = ""  # a WebVTT file name next to the talk page, e.g. 'talk.en.vtt'

    @property
    def local(self) -> bool:
        """A file the site serves itself (played by the site's own <video> element)."""
        return not self.url.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Chapter:
    """A point in the first recording where a part of the talk starts."""

    start: int  # seconds into the recording
    title: str


@dataclass(frozen=True)
class Cue:
    """One caption cue: its times in milliseconds and its text without markup."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Track:
    """A recording's WebVTT captions as read: the file (relative to the source folder, posix),
    its digest (so the copy in the output is remade only when it changes) and its cues."""

    recording: int  # index into the talk's recordings
    path: str
    language: str
    digest: str
    cues: tuple[Cue, ...] = ()

    @property
    def text(self) -> str:
        """The transcript: every cue's text, one line each."""
        return "\n".join(cue.text for cue in self.cues)


def clock(seconds: int) -> str:
    """'4:10' or '1:02:03': how people write a point in a recording."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
