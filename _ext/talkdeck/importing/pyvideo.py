"""A pyvideo event folder (pyvideo/data's format: `category.json` and `videos/*.json`) read into
the Schedule the planner takes, every problem at its file, line and JSON path; the planner then
gives it the schedule import's guarantees (nothing written on a problem, re-imports found by
guid, pages read back with the checker's calls).

Decisions, as the format leaves them open (exports/pyvideo.py writes the other way):

- A video's guid is `pyvideo:<file name without .json>`; pyvideo keeps one file per video, so
  the name is its identity.
- title; speakers (names only: pyvideo has no affiliations); `summary`, else the first
  paragraph of `description`, is the card's summary, and `description` the page's text; `tags`
  are the topics; `videos` are the recordings in their order, the first with `language`
  (ISO 639-3 back to a two-letter tag where the table knows it) and `duration` as its length;
  a related URL labelled as slides is `slides`. `recorded` with a time and offset is the start;
  a date alone gives no start (the talk's day is not a time). A video without speakers is
  skipped and reported, as a talk page needs one.
- The event page must exist: pyvideo has no time zone, and the page's is the one a start is
  written in. Its dates are compared with the category's and differences reported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path as FilePath

from ..core.model import Event
from .document import MISSING, Values, http_url, kind_of, parse_day
from .records import MAX_TITLE, Conference, Issue, Link, Person, Schedule, ScheduledTalk, cut, one_line
from .schedule import decode
from .source import ReadError, Source

#: ISO 639-3 -> ISO 639-1 for the tags exports/pyvideo.py writes (the same table, turned round).
_ISO639_1 = {
    "ara": "ar", "deu": "de", "eng": "en", "spa": "es", "fra": "fr", "hin": "hi", "ita": "it", "jpn": "ja",
    "kor": "ko", "nld": "nl", "pol": "pl", "por": "pt", "rus": "ru", "swe": "sv", "tur": "tr", "ukr": "uk",
    "zho": "zh",
}  # fmt: skip
MAX_FILES = 20_000


def is_pyvideo_folder(path: FilePath) -> bool:
    return path.is_dir() and (path / "category.json").is_file()


def _read(path: FilePath, shown: str, found: Schedule) -> Source | None:
    from .json_reader import read_json

    try:
        return read_json(decode(path.read_bytes()))
    except ReadError as err:
        found.problems.append(Issue(err.line, "", err.message, shown))
    except OSError as err:
        found.problems.append(Issue(1, "", f"cannot be read ({err.strerror or err})", shown))
    return None


def _located(found: Schedule, since: tuple[int, int, int], shown: str) -> None:
    """Name the file on the issues added since `since` (problems, notes, skipped)."""
    for items, start in zip((found.problems, found.notes, found.skipped), since, strict=True):
        for index in range(start, len(items)):
            items[index] = Issue(items[index].line, items[index].where, items[index].message, shown)


def _counts(found: Schedule) -> tuple[int, int, int]:
    return len(found.problems), len(found.notes), len(found.skipped)


def read_folder(folder: FilePath, event: Event | None, show: Callable[[FilePath], str] = str) -> Schedule:
    """The talks of a pyvideo event folder, as the planner takes them."""
    found = Schedule()
    shown = show(folder / "category.json")
    if event is None:
        found.problems.append(
            Issue(
                1,
                "",
                "the site has no page for this event; pyvideo gives no time zone, so create it first "
                "(talkdeck new event) and import again",
                shown,
            )
        )
        return found
    source = _read(folder / "category.json", shown, found)
    if source is None:
        return found
    since = _counts(found)
    r = Values(source, found)
    root = source.data
    if not isinstance(root, dict):
        r.problem((), f"expected an object (pyvideo's category), got {kind_of(root)}")
        _located(found, since, shown)
        return found
    title = one_line(r.text(root, (), "title", required="the event's name"))
    start = parse_day(r.text(root, (), "start_date"))
    end = parse_day(r.text(root, (), "end_date"))
    url = r.text(root, (), "url")
    found.conference = Conference(
        title or event.name,
        "",
        start or event.start,
        end or event.end,
        event.timezone,
        url if http_url(url) else "",
        "",
    )
    _located(found, since, shown)
    videos = folder / "videos"
    files = sorted(videos.glob("*.json")) if videos.is_dir() else []
    if not files:
        found.problems.append(Issue(1, "", "the folder has no videos/*.json; nothing to import", shown))
    for path in files[:MAX_FILES]:
        shown_video = show(path)
        source = _read(path, shown_video, found)
        if source is None:
            continue
        since = _counts(found)
        talk = _video(Values(source, found), source, path.stem, event.timezone)
        _located(found, since, shown_video)
        if talk is not None:
            found.talks.append(talk)
    return found


def _video(r: Values, source: Source, stem: str, zone: str) -> ScheduledTalk | None:
    before = len(r.found.problems)
    data = source.data
    if not isinstance(data, dict):
        r.problem((), f"expected an object (a pyvideo video), got {kind_of(data)}")
        return None
    for path, message in source.problems:
        r.problem(path, message)
    title = one_line(r.text(data, (), "title", required="the talk page's title"))
    if len(title) > MAX_TITLE:
        r.note(("title",), f"is {len(title)} characters long; cut to {MAX_TITLE}")
        title = cut(title, MAX_TITLE)
    summary = one_line(r.text(data, (), "summary"))
    description = r.text(data, (), "description")
    speakers = r.get(data, (), "speakers", list)
    persons = []
    for index, name in enumerate(speakers if isinstance(speakers, list) else []):
        if not isinstance(name, str) or not one_line(name):
            r.problem(("speakers", index), f"expected a speaker's name, got {kind_of(name)}")
        else:
            persons.append(Person(cut(one_line(name), 120)))
    tags = r.get(data, (), "tags", list)
    topics = tuple(
        dict.fromkeys(
            cut(one_line(t), 60) for t in (tags if isinstance(tags, list) else []) if isinstance(t, str) and one_line(t)
        )
    )
    language = r.text(data, (), "language")
    length = r.get(data, (), "duration", int)
    recordings = []
    videos = r.get(data, (), "videos", list, required="the recordings, at least one")
    for index, item in enumerate(videos if isinstance(videos, list) else []):
        url = item.get("url") if isinstance(item, dict) else None
        if not isinstance(url, str) or not http_url(url):
            r.problem(("videos", index, "url"), f"{url!r} is not an http(s) address; give the video's full URL")
            continue
        first = not recordings
        tag = _ISO639_1.get(language, language) if first and language else ""
        seconds = length if first and isinstance(length, int) and length > 0 else 0
        recordings.append((url, tag, seconds))
    if isinstance(videos, list) and not videos:
        r.problem(("videos",), "is empty; a pyvideo video has at least one")
    links = []
    related = r.get(data, (), "related_urls", list)
    for item in related if isinstance(related, list) else []:
        url, label = (item.get("url"), item.get("label", "")) if isinstance(item, dict) else (item, "")
        if isinstance(url, str) and http_url(url) and isinstance(label, str):
            links.append(Link(url, label, "slides" if "slide" in label.lower() else ""))
    recorded = r.text(data, (), "recorded")
    start = None
    if recorded and "T" in recorded:
        try:
            start = datetime.fromisoformat(recorded)
        except ValueError:
            start = None
        if start is None or start.tzinfo is None:
            r.problem(
                ("recorded",),
                f"{recorded!r} is not a date and time with its UTC offset; write e.g. 2024-05-14T10:00:00+02:00",
            )
            start = None
    guid = f"pyvideo:{stem}"
    if len(r.found.problems) > before or title is MISSING:
        return None
    if not persons:
        r.found.skipped.append(Issue(r.source.line(()), "", f"{title!r} has no speakers; a talk page needs one"))
        r.found.skipped_guids.add(guid)
        return None
    return ScheduledTalk(
        guid=guid[:100],
        line=r.source.line(()),
        where="",
        title=title,
        subtitle=summary,
        type="",
        track="",
        start=start,
        minutes=0,
        room="",
        slug=stem,
        abstract=description,
        description="",
        persons=tuple(persons),
        links=tuple(links),
        recordings=tuple(recordings),
        tags=topics,
    )
