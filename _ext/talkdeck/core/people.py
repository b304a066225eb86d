"""People kept once: a speaker's profile (`people/<id>.md`) and the rules that tie the names
talks write to it (aliases, former names and ids), its links' services and its picture; no
Sphinx imports, so the build and `check` decide alike.

A talk's speaker belongs to a profile when the speaker's id (their `id:`, or their name as a
slug) is the profile's id, or the slug of its name or of one of its aliases. Such a speaker is
then shown with the profile's id and name everywhere (cards, pages, filters, exports), so a
renamed person keeps one page and old spellings need no edit. Two profiles that claim one
name or id are a problem at the later one's line, and neither takes the other's talks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .media import LocalFile
from .model import Entry, Person, Picture, Speaker, Talk, slugify
from .problems import Problem

#: Where profile pages live, and the folder of the speaker pages they fill.
PEOPLE_FOLDER = "people"
SPEAKER_FOLDER = "speakers"

_PICTURE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:jpe?g|png|webp)$", re.ASCII | re.IGNORECASE)

#: A picture file larger than this is refused (the site serves a small copy anyway).
MAX_PICTURE_BYTES = 5 * 1024 * 1024
#: ... and one with more pixels than this (a small file can decode to gigabytes).
MAX_PICTURE_PIXELS = 40_000_000
#: The longest side of the copy the site serves, in pixels (twice the size it is shown at).
PICTURE_SIDE = 320
#: The formats a picture may be in, as Pillow names them.
PICTURE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


class PictureFile(LocalFile):
    """The name of a picture file in the profile page's folder."""

    description = "file name of a .jpg, .png or .webp picture next to the page"
    pattern = _PICTURE
    kind = "picture file"
    hint = (
        "give the name of a .jpg, .png or .webp file in this page's folder (letters, digits, '.', '-', '_'), "
        "e.g. 'zoe-smith.jpg'; never an address"
    )


_SERVICES = (
    ("github.com", "GitHub"),
    ("gitlab.com", "GitLab"),
    ("bsky.app", "Bluesky"),
    ("linkedin.com", "LinkedIn"),
    ("twitter.com", "X (Twitter)"),
    ("x.com", "X (Twitter)"),
    ("youtube.com", "YouTube"),
    ("youtu.be", "YouTube"),
)
#: Mastodon (any instance) is known by its path, /@user, and nothing after it.
_MASTODON = re.compile(r"^/@[A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+)?/?$")


def service(url: str) -> str:
    """The name of the service a link is on, as the page shows it ('Website' for anything else)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for domain, name in _SERVICES:
        if host == domain or host.endswith("." + domain):
            return name
    if host.endswith(".bsky.social"):
        return "Bluesky"
    if _MASTODON.match(parts.path):
        return "Mastodon"
    return "Website"


def handle(url: str) -> str:
    """What a link is shown as next to its service: the account ('@zoe', 'zoe') or the host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.strip("/")
    name = service(url)
    if name == "Mastodon":
        return f"{path}@{host}" if path.count("@") == 1 else path
    if name == "Website" or not path:
        return host + (f"/{path}" if path and name == "Website" else "")
    return path.split("/")[-1] if name in ("LinkedIn",) else path.split("/")[0]


# --- who is who -----------------------------------------------------------------------------


def keys(person: Person) -> list[tuple[str, str]]:
    """(key, field) of every id a talk may use for the person: the id, the name's slug, each alias's."""
    found = [(person.id, "speaker.id"), (slugify(person.name), "speaker.name")]
    found += [(slugify(alias), f"speaker.aliases[{i}]") for i, alias in enumerate(person.aliases, start=1)]
    return [(k, f) for k, f in found if k]


def names(person: Person) -> list[str]:
    """The names a reader may look the person up by (the site's index, the search): the name,
    then each alias that is a name; a former id (an alias that is its own slug, "wmorgan") is
    kept for the talks that use it, but is no name to look up."""
    return list(dict.fromkeys(n for n in (person.name, *person.aliases) if n == person.name or slugify(n) != n))


def profiles(entries: Iterable[Entry]) -> dict[str, Entry]:
    """Profile id -> entry; a duplicate id goes to the page whose name sorts first."""
    chosen: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.docname):
        if isinstance(entry.item, Person):
            chosen.setdefault(entry.item.id, entry)
    return chosen


def claims(people: Mapping[str, Entry]) -> tuple[dict[str, str], list[tuple[str, Problem]]]:
    """key -> person id for every name and id the profiles claim, and the problems of keys two
    profiles claim (the page whose name sorts first keeps the key)."""
    owner: dict[str, str] = {}
    found: list[tuple[str, Problem]] = []
    for entry in sorted(people.values(), key=lambda e: e.docname):
        person: Person = entry.item  # type: ignore[assignment]
        for key, field in keys(person):
            first = owner.setdefault(key, person.id)
            if first != person.id:
                other: Person = people[first].item  # type: ignore[assignment]
                found.append(
                    (
                        entry.docname,
                        Problem(
                            entry.line(field),
                            field,
                            f"{key!r} already names {other.name} ({people[first].docname}); one name or id can "
                            "lead to one person only: remove it here, or there",
                            "duplicate",
                        ),
                    )
                )
    return owner, found


def resolve(entries: Iterable[Entry]) -> list[Entry]:
    """Every entry, each talk's speakers that belong to a profile given the profile's id and name."""
    entries = list(entries)
    people = profiles(entries)
    if not people:
        return entries
    owner, _ = claims(people)
    resolved = []
    for entry in entries:
        talk = entry.item
        if isinstance(talk, Talk) and any(s.id in owner for s in talk.speakers):
            speakers = tuple(_as_profile(s, people[owner[s.id]].item) if s.id in owner else s for s in talk.speakers)  # type: ignore[arg-type]
            entry = replace(entry, item=replace(talk, speakers=speakers))
        resolved.append(entry)
    return resolved


def _as_profile(speaker: Speaker, person: Person) -> Speaker:
    return replace(speaker, id=person.id, name=person.name)


def problems(entries: Iterable[Entry]) -> list[tuple[str, Problem]]:
    """Names two profiles claim, and talks that write a person's name in a way their profile
    does not list (the spelling check of names without a profile, for names with one)."""
    entries = list(entries)
    people = profiles(entries)
    if not people:
        return []
    owner, found = claims(people)
    named: set[str] = set()
    for entry in sorted(entries, key=lambda e: e.docname):
        talk = entry.item
        if not isinstance(talk, Talk):
            continue
        for index, speaker in enumerate(talk.speakers, start=1):
            if speaker.id not in owner:
                continue
            named.add(owner[speaker.id])
            profile = people[owner[speaker.id]]
            person: Person = profile.item  # type: ignore[assignment]
            if speaker.name in (person.name, *person.aliases):
                continue
            field = f"talk.speakers[{index}].name"
            found.append(
                (
                    entry.docname,
                    Problem(
                        entry.line(field),
                        field,
                        f"speaker {speaker.name!r} is {person.name!r} in their profile ({profile.docname}); write "
                        f"{person.name!r} here, or add {speaker.name!r} to the profile's aliases",
                        "reference",
                    ),
                )
            )
    for person_id, entry in sorted(people.items()):
        if person_id not in named:
            person: Person = entry.item  # type: ignore[assignment]
            found.append(
                (
                    entry.docname,
                    Problem(
                        entry.line("speaker.name"),
                        "speaker.name",
                        f"no talk names {person.name!r} (by this name, the id {person.id!r} or an alias); write the "
                        "name as the talks do, or add the talks' spelling to `aliases`",
                        "reference",
                    ),
                )
            )
    return found


def alias_redirects(entries: Iterable[Entry]) -> list[tuple[str, str, str, int]]:
    """(profile docname, earlier speaker page, current speaker page, line) for every alias whose
    slug is not the person's id: links to a speaker's old id keep working."""
    people = profiles(entries)
    owner, _ = claims(people)
    found = []
    for person_id, entry in sorted(people.items()):
        person: Person = entry.item  # type: ignore[assignment]
        seen = {person.id}
        for key, field in keys(person)[1:]:
            if key not in seen and owner.get(key) == person_id:
                seen.add(key)
                found.append(
                    (entry.docname, f"{SPEAKER_FOLDER}/{key}", f"{SPEAKER_FOLDER}/{person.id}", entry.line(field))
                )
    return found


# --- the picture ----------------------------------------------------------------------------


def picture_path(page: Path, person: Person) -> Path:
    """Where a profile's picture is: in the profile page's folder."""
    return page.parent / person.picture


def load_picture(entry: Entry, page: Path, srcdir: Path) -> tuple[Entry, list[Problem]]:
    """The profile with its picture checked and measured (`image`), or the problem that keeps the
    picture off the page: missing, too large, too many pixels, not a JPEG, PNG or WebP image."""
    person: Person = entry.item  # type: ignore[assignment]
    if not person.picture:
        return entry, []
    field = "speaker.picture"
    path = picture_path(page, person)

    def problem(message: str) -> tuple[Entry, list[Problem]]:
        return entry, [Problem(entry.line(field), field, message, "picture")]

    try:
        size = path.stat().st_size
    except OSError:
        return problem(f"there is no file {person.picture!r} next to this page; add it, or correct the name")
    if size > MAX_PICTURE_BYTES:
        return problem(
            f"{person.picture!r} is {size / 1024 / 1024:.1f} MB; save it at most "
            f"{MAX_PICTURE_BYTES // 1024 // 1024} MB (the site shows it at most {PICTURE_SIDE} pixels wide)"
        )
    raw = path.read_bytes()
    from PIL import Image, UnidentifiedImageError  # a picture is rare: load Pillow only then

    try:
        with Image.open(_io(raw)) as image:
            width, height, kind = image.width, image.height, image.format
            if kind in PICTURE_FORMATS and width * height <= MAX_PICTURE_PIXELS:
                image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return problem(f"{person.picture!r} is not a picture Pillow can read; save it as JPEG, PNG or WebP")
    if kind not in PICTURE_FORMATS:
        return problem(f"{person.picture!r} is a {kind} image; save it as JPEG, PNG or WebP")
    if width * height > MAX_PICTURE_PIXELS:
        return problem(
            f"{person.picture!r} is {width}\u00d7{height} pixels; scale it down to at most "
            f"{MAX_PICTURE_PIXELS // 1_000_000} million pixels"
        )
    try:
        relative = path.resolve().relative_to(srcdir.resolve()).as_posix()
    except ValueError:
        return problem(f"{person.picture!r} is outside the site's folder; keep the picture next to this page")
    image = Picture(relative, width, height, hashlib.sha256(raw).hexdigest())
    return replace(entry, item=replace(person, image=image)), []


def _io(raw: bytes) -> Any:
    import io

    return io.BytesIO(raw)


def shown_size(picture: Picture) -> tuple[int, int]:
    """The width and height of the copy the site serves: the longest side at most PICTURE_SIDE."""
    scale = min(1.0, PICTURE_SIDE / max(picture.width, picture.height))
    return max(1, round(picture.width * scale)), max(1, round(picture.height * scale))


def picture_file(person: Person) -> str:
    """The served copy's path in the output folder; its name changes with the picture."""
    assert person.image is not None
    return f"_images/people/{person.id}-{person.image.digest[:12]}.jpg"


def optimised(raw: bytes, picture: Picture) -> bytes:
    """The copy the site serves: scaled to shown_size, RGB, baseline JPEG without metadata, so the
    same picture gives the same bytes on every build."""
    from PIL import Image

    with Image.open(_io(raw)) as image:
        image = image.convert("RGBA") if image.mode in ("P", "LA", "PA") else image
        if image.mode == "RGBA":
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image = image.convert("RGB").resize(shown_size(picture), Image.Resampling.LANCZOS)
        out = _io(b"")
        image.save(out, "JPEG", quality=82, optimize=True, progressive=False)
        return out.getvalue()


def biography(source: str, body_start: int) -> str:
    """A profile page's body (from its line `body_start`, after the front-matter), as written."""
    return "\n".join(source.splitlines()[body_start - 1 :]).strip()
