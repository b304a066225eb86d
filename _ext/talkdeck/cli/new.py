"""`new`: a talk page that passes `check` and a strict build as written, so a contributor
starts from something valid and only replaces the description."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.checks import check_collection, first_by_id, spellings
from ..core.frontmatter import default_id, read_page
from ..core.model import FORMATS, Event, file_slug, slugify
from ..core.problems import did_you_mean
from ..core.sources import Site, docname_of
from ..core.yamlwrite import talk_block

#: The description the contributor replaces; plain prose, so it builds clean under -W -n.
PLACEHOLDER = (
    "Describe the talk here in your own words: what it covers, who it is for and what the\n"
    "audience takes away. Replace this paragraph before you open the pull request."
)

#: Which command-line flag holds each front-matter field, to say what to fix.
_FLAGS = {"title": "--title", "event": "--event", "format": "--format", "summary": "--summary", "id": "--id"}


class Refused(Exception):
    """Why no page was written; the message is for the contributor."""


@dataclass
class Answers:
    """The talk as given on the command line or at the prompts."""

    title: str = ""
    event: str = ""
    format: str = ""
    speakers: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    summary: str = ""
    id: str = ""

    def missing(self) -> list[str]:
        """The flags of required fields that have no value yet."""
        required = {"title": "--title", "event": "--event", "format": "--format", "speakers": "--speaker"}
        required["summary"] = "--summary"
        return [flag for name, flag in required.items() if not getattr(self, name)]


def parse_speaker(text: str) -> dict[str, str]:
    """'Name|Affiliation|Role' -> the speaker's fields; affiliation and role may be left out."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) > 3:
        raise Refused(f"--speaker {text!r}: give at most 'Name|Affiliation|Role' (a '|' separates the three)")
    return {k: v for k, v in zip(("name", "affiliation", "role"), parts, strict=False) if v or k == "name"}


def canonical_spellings(site: Site) -> dict[str, dict[str, str]]:
    """kind -> id -> the name already used on the site, so a new page spells it the same way."""
    return spellings(site.entries())


def _adopt(value: str, known: dict[str, str], notes: list[str]) -> str:
    name = known.get(slugify(value), value)
    if name != value:
        notes.append(f"using {name!r} for {value!r}, as other talks spell it")
    return name


def render(answers: Answers, spellings: dict[str, dict[str, str]], notes: list[str]) -> str:
    """The page: front-matter in the README's order, the card, and the placeholder description."""
    values: dict[str, Any] = {"id": answers.id} if answers.id else {}
    values.update(title=answers.title, event=answers.event, format=answers.format)
    speakers = []
    for raw in answers.speakers:
        speaker = parse_speaker(raw)
        speaker["name"] = _adopt(speaker["name"], spellings["speaker"], notes)
        if "affiliation" in speaker:
            speaker["affiliation"] = _adopt(speaker["affiliation"], spellings["organisation"], notes)
        speakers.append(speaker)
    values["speakers"] = speakers
    if answers.topics:
        values["topics"] = [_adopt(t, spellings["topic"], notes) for t in answers.topics]
    if answers.projects:
        values["projects"] = [_adopt(p, spellings["project"], notes) for p in answers.projects]
    values["summary"] = answers.summary
    lines = [
        "---",
        *talk_block(values),
        "  # optional: video, slides (http(s) URLs), start (YYYY-MM-DD HH:MM, local time),",
        "  # timezone (defaults to the event's), duration (minutes), room",
        "---",
        "",
        "```{talk}",
        "```",
        "",
        PLACEHOLDER,
        "",
    ]
    return "\n".join(lines)


def _flag(field_path: str) -> str:
    """'talk.speakers[2].name' -> '--speaker #2 (name)', the flag the contributor typed."""
    rest = field_path.removeprefix("talk.").removeprefix("talk")
    head, _, tail = rest.partition(".")
    base, _, index = head.partition("[")
    if base == "speakers":
        return (f"--speaker #{index.rstrip(']')}" + (f" ({tail})" if tail else "")) if index else "--speaker"
    if base in ("topics", "projects"):
        return f"--{base[:-1]}" + (f" #{index.rstrip(']')}" if index else "")
    return _FLAGS.get(base, field_path or "the page")


def target(root: Path, answers: Answers) -> Path:
    """`<root>/<event>/<slug of the title>.md`, or the id's file name when one is given."""
    if answers.id and slugify(answers.id) != answers.id:
        raise Refused(
            f"--id {answers.id!r} is not an id; use lower-case letters, digits and hyphens, e.g. {slugify(answers.id)!r}"
        )
    name = answers.id or file_slug(answers.title)
    if not name:
        raise Refused(f"--title {answers.title!r} has no letters or digits to make a file name from; give --id")
    return root / answers.event / f"{name}.md"


def check_event(site: Site, event: str) -> None:
    events = first_by_id(site.entries(), Event)
    if event not in events:
        known = ", ".join(sorted(events)) or "none yet"
        raise Refused(
            f"--event: unknown event {event!r}{did_you_mean(event, events)} (known: {known}); "
            "use the id of an event page, or add the event page first"
        )


def validate(site: Site, path: Path, text: str) -> list[str]:
    """The problems adding the page would bring, phrased by flag; empty when it is clean.

    Includes problems it would cause on other pages: a duplicate id is reported on whichever
    page sorts second, which may be the page that was there first."""
    docname = docname_of(path, site.srcdir)
    data = read_page(text, default_id(docname))
    problems = [f"{_flag(p.field)}: {p.message}" for p in data.problems]
    if data.entry is not None:
        before = set(check_collection(site.entries()))
        after = check_collection([*site.entries(), replace(data.entry, docname=docname)])
        for where, p in after:
            if where == docname:
                problems.append(f"{_flag(p.field)}: {p.message}")
            elif (where, p) not in before:
                problems.append(f"it would make {where}.md report: {p.text()}")
    return problems


def create(site: Site, root: Path, answers: Answers, notes: list[str]) -> Path:
    """Write the page, or raise Refused saying why not; never overwrites."""
    check_event(site, answers.event)
    for raw in answers.speakers:
        parse_speaker(raw)
    path = target(root, answers)
    if path.exists():
        raise Refused(f"{relative(path)} already exists; edit that page, or choose another title or --id")
    text = render(answers, canonical_spellings(site), notes)
    problems = validate(site, path, text)
    if problems:
        raise Refused("the page would not pass `check`:\n  " + "\n  ".join(problems))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise Refused(f"{relative(path)} already exists; edit that page, or choose another title or --id") from None
    except OSError as err:
        raise Refused(f"cannot write {relative(path)}: {err.strerror or err}") from None
    return path


# --- prompts --------------------------------------------------------------------------------


def ask(answers: Answers, site: Site, prompt: Callable[[str], str] | None = None) -> None:
    """Fill in what the flags left out by asking; only called when stdin is a terminal."""
    prompt = prompt or input
    events = sorted(first_by_id(site.entries(), Event))
    if not answers.title:
        answers.title = _required(prompt, "Title (as in the schedule): ")
    if not answers.event:
        default = events[0] if len(events) == 1 else ""
        while True:
            answers.event = prompt(f"Event id (known: {', '.join(events) or 'none yet'}){_default(default)}: ").strip()
            answers.event = answers.event or default
            if answers.event in events:
                break
            print(f"  unknown event {answers.event!r}{did_you_mean(answers.event, events)}", file=sys.stderr)
    if not answers.format:
        while True:
            answers.format = prompt(f"Format ({', '.join(FORMATS)}) [talk]: ").strip() or "talk"
            if answers.format in FORMATS:
                break
            print(f"  unknown format {answers.format!r}{did_you_mean(answers.format, FORMATS)}", file=sys.stderr)
    if not answers.speakers:
        print("Speakers, one per line as Name|Affiliation|Role (affiliation and role optional);", file=sys.stderr)
        print("an empty line ends the list.", file=sys.stderr)
        while True:
            speaker = prompt(f"Speaker {len(answers.speakers) + 1}: ").strip()
            if not speaker and answers.speakers:
                break
            if speaker:
                answers.speakers.append(speaker)
    if not answers.topics:
        answers.topics = _items(prompt("Topics, comma-separated (optional; see `list topics`): "))
    if not answers.projects:
        answers.projects = _items(prompt("Projects, comma-separated (optional; see `list projects`): "))
    if not answers.summary:
        answers.summary = _required(prompt, "Summary (one sentence for the card): ")


def _default(value: str) -> str:
    return f" [{value}]" if value else ""


def _required(prompt: Callable[[str], str], question: str) -> str:
    while True:
        answer = prompt(question).strip()
        if answer:
            return answer


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def interactive() -> bool:
    """Prompt only a person at a terminal; scripts and CI get an error naming the missing flags."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
