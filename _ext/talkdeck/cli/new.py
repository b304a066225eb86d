"""`new` and `new event`: a talk page, or an event page, that passes `check` and the strict build
as written, so a contributor starts from something valid and only replaces the description.

The fields, flags and prompts come from the schema (fields.py); this module knows where pages go,
what their body says, and which problems only the whole site shows (an id in use, a name the
site spells another way)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.checks import check_collection, first_by_id, spellings
from ..core.frontmatter import default_id, read_page
from ..core.model import Event, Person, Talk, file_slug, slugify
from ..core.sources import Site, docname_of
from ..core.yamlwrite import event_block, speaker_block, talk_block
from .fields import Question, questions

#: The description the contributor replaces; plain prose, so it builds clean under -W -n.
PLACEHOLDER = (
    "Describe the talk here in your own words: what it covers, who it is for and what the\n"
    "audience takes away. Replace this paragraph before you open the pull request."
)
#: A profile's body is the biography, in the person's own words; a MyST comment until they give one.
BIO_PLACEHOLDER = (
    "% The biography goes here, in the person's own words (Markdown); leave it empty until they give one.\n"
    "% Talks name this person as they did: add other spellings and former names to `aliases`."
)
EVENT_PLACEHOLDER = (
    "Say in a few sentences what this event was and what the community brought to it, in your\n"
    "own words. Replace this paragraph before you open the pull request."
)


class Refused(Exception):
    """Why no page was written; the message is for the contributor."""


@dataclass
class Answers:
    """One page's answers so far: field name -> value (text, a list of text, a list of records)."""

    kind: str  # 'talk', 'event' or 'speaker' (a profile)
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.values.get(name, "")

    def missing(self) -> list[Question]:
        """The required fields that have no value yet, in the order they are asked."""
        return [q for q in questions(self.kind) if q.spec.required and not self.get(q.name)]

    def page_values(self) -> dict[str, Any]:
        """The values as the front-matter holds them; a record's fields (`a.b`) nested."""
        out: dict[str, Any] = {}
        for name, value in self.values.items():
            if value is None or value == []:
                continue
            head, _, tail = name.partition(".")
            if tail:
                out.setdefault(head, {})[tail] = value
            else:
                out[head] = value
        return out


# --- where pages go -------------------------------------------------------------------------


def event_id(answers: Answers) -> str:
    """An event page's id: --id, else its short name (or name) as a slug: 'KubeCon EU 2024' ->
    'kubecon-eu-2024'."""
    return answers.get("id") or slugify(answers.get("short_name") or answers.get("name"))


def target(root: Path, answers: Answers) -> Path | None:
    """The file the page goes to, once the answers say it; None while they do not yet. A profile
    goes to `people/<id>.md` under the site's root (`root` is then that root)."""
    if answers.kind == "speaker":
        ident = answers.get("id") or slugify(answers.get("name"))
        return root / "people" / f"{ident}.md" if ident else None
    if answers.kind == "event":
        ident = event_id(answers)
        return root / ident / "index.md" if ident else None
    name = answers.get("id") or file_slug(answers.get("title"))
    event = answers.get("event")
    if answers.get("title") and not name:
        raise Refused(f"--title {answers.get('title')!r} has no letters or digits to make a file name from; give --id")
    return root / event / f"{name}.md" if name and event else None


def refuse_existing(path: Path | None, shown: str, kind: str) -> None:
    if path is not None and path.exists():
        what = {"talk": "title or --id", "speaker": "--id"}.get(kind, "--id (or short name)")
        raise Refused(f"{shown} already exists; edit that page, or choose another {what}")


def known_events(site: Site) -> dict[str, Any]:
    return first_by_id(site.entries(), Event)


def id_in_use(site: Site, root: Path, answers: Answers) -> str:
    """'talk id 'x' is already used by <page>' when the page's id (given, or from its file name)
    belongs to another page already; '' otherwise."""
    path = target(root, answers)
    if path is None:
        return ""
    kind = answers.kind
    ident = answers.get("id") or default_id(docname_of(path, site.srcdir))
    owner = first_by_id(site.entries(), {"talk": Talk, "speaker": Person}.get(kind, Event)).get(ident)
    if owner is None or owner.docname == docname_of(path, site.srcdir):
        return ""
    return f"{kind} id {ident!r} is already used by {owner.docname}"


# --- the page -------------------------------------------------------------------------------


def _adopt(value: str, known: dict[str, str], notes: list[str]) -> str:
    name = known.get(slugify(value), value)
    if name != value:
        notes.append(f"using {name!r} for {value!r}, as other talks spell it")
    return name


def render(answers: Answers, names: dict[str, dict[str, str]], notes: list[str]) -> str:
    """The page: front-matter in the schema's order, the card, and a placeholder description.
    A name the site already spells another way (`linkerd`) is written the site's way."""
    values = answers.page_values()
    if answers.kind == "speaker":
        return "\n".join(["---", *speaker_block(values), "---", "", BIO_PLACEHOLDER, ""])
    if answers.kind == "event":
        values.pop("id", None)  # the folder name is the id
        lines = ["---", *event_block(values), "---", "", "```{event}", "```", "", EVENT_PLACEHOLDER, ""]
        lines += ["# Talks", "", "```{talk-grid}", f":event: {event_id(answers)}", "```", ""]
        return "\n".join(lines)
    speakers = []
    for speaker in values.get("speakers", ()):
        speaker = dict(speaker)
        speaker["name"] = _adopt(speaker["name"], names["speaker"], notes)
        if speaker.get("affiliation"):
            speaker["affiliation"] = _adopt(speaker["affiliation"], names["organisation"], notes)
        speakers.append(speaker)
    if speakers:
        values["speakers"] = speakers
    for key, kind in (("topics", "topic"), ("projects", "project")):
        if values.get(key):
            values[key] = [_adopt(v, names[kind], notes) for v in values[key]]
    return "\n".join(["---", *talk_block(values), "---", "", "```{talk}", "```", "", PLACEHOLDER, ""])


def flag_of(kind: str, field_path: str) -> str:
    """'talk.speakers[2].name' -> '--speaker #2 (name)': the flag the contributor typed."""
    rest = field_path.removeprefix(kind).removeprefix(".")
    head, _, tail = rest.partition(".")
    base, _, index = head.partition("[")
    for question in questions(kind):
        if question.path[0] == base and (len(question.path) == 1 or question.path[1] == tail):
            number = f" #{index.rstrip(']')}" if index else ""
            part = f" ({tail})" if tail and len(question.path) == 1 else ""
            return question.flag + number + part
    return field_path or "the page"


def validate(site: Site, path: Path, text: str, kind: str) -> list[str]:
    """The problems adding the page would bring, phrased by flag; empty when it is clean.

    Includes problems it would cause on other pages (a duplicate id is reported on whichever
    page sorts second, which may be the page that was there first)."""
    docname = docname_of(path, site.srcdir)
    data = read_page(text, default_id(docname))
    problems = [f"{flag_of(kind, p.field)}: {p.message}" for p in data.problems]
    if data.entry is not None:
        before = set(check_collection(site.entries()))
        after = check_collection([*site.entries(), replace(data.entry, docname=docname)])
        for where, p in after:
            if where == docname:
                problems.append(f"{flag_of(kind, p.field)}: {p.message}")
            elif (where, p) not in before:
                problems.append(f"it would make {where}.md report: {p.text()}")
    return problems


def create(site: Site, root: Path, answers: Answers, notes: list[str]) -> Path:
    """Write the page, or raise Refused saying why not; never overwrites."""
    path = target(root, answers)
    if path is None:
        raise Refused("no file name: give a title (or --id) and an event")
    refuse_existing(path, relative(path), answers.kind)
    text = render(answers, spellings(site.entries()), notes)
    problems = validate(site, path, text, answers.kind)
    if problems:
        raise Refused("the page would not pass `check`:\n  " + "\n  ".join(problems))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        refuse_existing(path, relative(path), answers.kind)
        raise
    except OSError as err:
        raise Refused(f"cannot write {relative(path)}: {err.strerror or err}") from None
    site.add(path)  # what comes next (a talk for a new event) sees it
    return path


def answer_problems(question: Question, value: Any) -> list[str]:
    """The schema's verdict on one answer, phrased by flag."""
    return [f"{flag_of(question.kind, f'{question.kind}.{p.field}')}: {p.message}" for p in question.check(value)]


def relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
