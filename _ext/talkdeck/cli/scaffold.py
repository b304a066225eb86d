"""The `new` command's conversation: take the flags, check each answer as it comes, refuse an
existing file before asking anything, ask (at a terminal) for what is missing in the schema's
order, offer to create an event that has no page yet, then write the page."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.model import slugify
from ..core.problems import did_you_mean
from ..core.sources import Site
from . import new
from .fields import Question, questions
from .hints import command

Prompt = Callable[[str], str]


class Usage(Exception):
    """The command line itself is wrong (exit 2)."""


def interactive() -> bool:
    """Prompt only a person at a terminal; scripts and CI get an error naming the missing flags."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def say(text: str) -> None:
    print(text, file=sys.stderr)


def from_flags(kind: str, args: argparse.Namespace, given: set[str]) -> new.Answers:
    """The answers the flags give; flags of the other kind of page are a usage error."""
    own = {q.dest for q in questions(kind)}
    stray = sorted(dest for dest in given if dest not in own)
    if stray:
        other = {"event": "an event", "speaker": "a profile"}.get(kind, "a talk")
        flags = ", ".join("--" + d.replace("_", "-") for d in stray)
        raise Usage(f"{flags}: not a field of {other}; `new {kind} --help` lists its flags")
    answers = new.Answers(kind)
    for question in questions(kind):
        raw = getattr(args, question.dest, None)
        if raw in (None, "", []):
            continue
        try:
            answers.values[question.name] = question.parse(raw)
        except ValueError as err:
            raise Usage(str(err)) from None
    return answers


def flag_problems(answers: new.Answers) -> dict[str, list[str]]:
    """question name -> what the schema says is wrong with the flag's value."""
    found = {}
    for question in questions(answers.kind):
        if question.name in answers.values:
            problems = new.answer_problems(question, answers.values[question.name])
            if problems:
                found[question.name] = problems
    return found


def event_command(event: str, cwd: Path) -> str:
    """The exact command that scaffolds a missing event page (capitals to fill in)."""
    parts = ["new", "event", "--id", event]
    for question in questions("event"):
        if question.spec.required and question.name != "id":
            parts += [question.flag, question.metavar]
    return command(cwd, *parts)


def run(kind: str, args: argparse.Namespace, given: set[str], site: Site, root: Path, cwd: Path) -> Path:
    """Everything `new` does up to the written page; raises Refused or Usage."""
    answers = from_flags(kind, args, given)
    ask = interactive()
    problems = flag_problems(answers)
    if problems and not ask:
        raise new.Refused("the flags have problems:\n  " + "\n  ".join(p for ps in problems.values() for p in ps))
    for name, found in problems.items():  # at a terminal: say why, then ask again
        for problem in found:
            say(problem)
        del answers.values[name]
    _early_refusals(answers, site, root, cwd, ask)
    missing = answers.missing()
    if missing and not ask:
        raise Usage(f"missing {', '.join(q.flag for q in missing)} (or run it at a terminal to be asked)")
    if ask:
        converse(answers, site, root, cwd, input)
    notes: list[str] = []
    try:
        return new.create(site, root, answers, notes)
    finally:
        for note in notes:
            say(f"note: {note}")


def _early_refusals(answers: new.Answers, site: Site, root: Path, cwd: Path, ask: bool) -> None:
    """Before any question: an existing file, and (without a terminal) an event with no page."""
    path = new.target(root, answers)
    if path is not None:
        new.refuse_existing(path, new.relative(path), answers.kind)
    event = answers.get("event") if answers.kind == "talk" else ""
    if event and event not in new.known_events(site):
        if ask:
            return  # asked about when its turn comes
        events = new.known_events(site)
        known = ", ".join(sorted(events)) or "none yet"
        raise new.Refused(
            f"--event: unknown event {event!r}{did_you_mean(event, events)} (known: {known}); "
            f"add its page first:\n  {event_command(event, cwd)}"
        )


# --- the prompts ----------------------------------------------------------------------------


def converse(answers: new.Answers, site: Site, root: Path, cwd: Path, prompt: Prompt) -> None:
    """Ask, in the schema's order, for every field the flags left out: required ones until
    they are valid, optional ones once (an empty answer leaves them out)."""
    for question in questions(answers.kind, prompted=True):
        if question.name in answers.values:
            if question.name == "event" and answers.kind == "talk":
                _ensure_event(answers, site, root, cwd, prompt)
            continue
        while True:
            value = _ask(question, answers, site, prompt)
            problems = new.answer_problems(question, value)
            if not problems:
                break
            for problem in problems:
                say(f"  {problem.split(': ', 1)[1]}")
        if value not in ("", [], None):
            answers.values[question.name] = value
        if question.name == "event" and answers.kind == "talk":
            _ensure_event(answers, site, root, cwd, prompt)
        path = new.target(root, answers)
        if path is not None and path.exists():  # say it now, not after every other question
            say(f"  {new.relative(path)} already exists; give another {question.name}")
            answers.values.pop(question.name, None)
            converse(answers, site, root, cwd, prompt)
            return
        taken = new.id_in_use(site, root, answers)
        if taken and question.name != "id":  # the file name would give an id another page has
            say(f"  {taken}; give this page its own id")
            _ask_id(answers, site, root, prompt)


def _ask_id(answers: new.Answers, site: Site, root: Path, prompt: Prompt) -> None:
    question = next(q for q in questions(answers.kind) if q.name == "id")
    while True:
        value = question.parse(prompt(f"Id ({question.spec.help}): "))
        problems = new.answer_problems(question, value) if value else [f"{question.flag}: is needed here"]
        answers.values["id"] = value
        taken = new.id_in_use(site, root, answers) if not problems else ""
        if not problems and not taken:
            return
        for problem in problems or [taken]:
            say(f"  {problem.split(': ', 1)[-1] if problems else problem}")


def _ask(question: Question, answers: new.Answers, site: Site, prompt: Prompt) -> Any:
    label = question.name.replace("_", " ").replace(".", " ").capitalize()
    need = "" if question.spec.required else "optional; "
    if question.parts:
        say(f"{label}: one per line as {question.metavar} ({need}{question.spec.help}); an empty line ends the list.")
        items: list[str] = []
        while True:
            text = prompt(f"{label} {len(items) + 1}: ").strip()
            if not text:
                break
            try:
                question.item(text)
            except ValueError as err:
                say(f"  {err}")
                continue
            items.append(text)
        return question.parse(items)
    default = _default(question, answers, site)
    shown = f" [{default}]" if default else ""
    if question.repeats:
        text = prompt(f"{label}, comma-separated ({need}{question.spec.help}){shown}: ").strip() or default
        return question.parse([part for part in text.split(",")])
    answer = prompt(f"{label} ({need}{question.help().removeprefix('required: ')}){shown}: ")
    # an id's default is only shown: the page gets it from its file name without an `id:` line
    return question.parse(answer or ("" if question.name == "id" else default))


def _default(question: Question, answers: new.Answers, site: Site) -> str:
    if answers.kind == "talk" and question.name == "event":
        events = sorted(new.known_events(site))
        return events[0] if len(events) == 1 else ""
    if answers.kind == "talk" and question.name == "format":
        return "talk"
    if question.name == "id":
        if answers.kind == "speaker":
            return slugify(answers.get("name"))
        return new.event_id(answers) if answers.kind == "event" else slugify(answers.get("title"))
    return ""


def _ensure_event(answers: new.Answers, site: Site, root: Path, cwd: Path, prompt: Prompt) -> None:
    """An event with no page: offer to create it (then carry on with the talk), else ask again."""
    events = new.known_events(site)
    event = answers.get("event")
    while event not in events:
        hint = did_you_mean(event, events)
        say(f"  unknown event {event!r}{hint}")
        reply = prompt(f"Create an event page for {event!r} now? [y/N]: ").strip().lower()
        if reply in ("y", "yes"):
            scaffold = new.Answers("event", {"id": event})
            converse(scaffold, site, root, cwd, prompt)
            notes: list[str] = []
            path = new.create(site, root, scaffold, notes)
            say(f"wrote {new.relative(path)}; now the talk")
            return
        event = prompt(f"Event id (known: {', '.join(sorted(events)) or 'none yet'}): ").strip()
        answers.values["event"] = event
