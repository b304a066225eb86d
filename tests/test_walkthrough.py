"""The contributor walk-through in CONTRIBUTING.md, run as written: `new event`, `new` with every
flag, each usual mistake one at a time with `check FILE` and its fix, then the strict build with
no warnings. The commands, edits and expected output are read from CONTRIBUTING's
`<!-- walkthrough -->` section, so the document and this test cannot drift apart; run this file
with `--update` to rewrite the expected output there after a deliberate change of wording.

Console blocks hold `$ command` lines with the output a contributor sees below them (stdout,
then stderr), and edits to the page `new` wrote last: `# line N becomes "<JSON string>"`,
`# delete line N` and `# undo` (the page as `new` wrote it); any other `# ` line is a comment. Commands: `.venv/bin/talkdeck ...`
(the command line, in-process, from the site's root), `make check [FILES=...]` (the Makefile's
recipe, echoed as make does) and `make html` (the strict build: no warnings)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO, build
from talkdeck.cli import main
from talkdeck.cli.fields import questions

CONTRIBUTING = REPO / "CONTRIBUTING.md"
SECTION = re.compile(r"<!-- walkthrough -->\n(?P<body>.*?)<!-- /walkthrough -->", re.S)
BLOCK = re.compile(r"^```console\n(?P<body>.*?)^```\n", re.S | re.M)
EDIT = re.compile(r'^# line (?P<line>\d+) becomes (?P<text>".*")$')
DELETE = re.compile(r"^# delete line (?P<line>\d+)$")
TRANSCRIPT = REPO / "test-artifacts" / "walkthrough.txt"


@dataclass
class Step:
    """A command and the output CONTRIBUTING shows for it, or an edit (`command` empty)."""

    command: str
    edit: str = ""
    expected: list[str] = field(default_factory=list)


def steps(text: str) -> list[Step]:
    section = SECTION.search(text)
    assert section is not None, "CONTRIBUTING.md has no <!-- walkthrough --> section"
    found: list[Step] = []
    for block in BLOCK.finditer(section["body"]):
        for line in block["body"].splitlines():
            if line.startswith("$ "):
                found.append(Step(line[2:]))
            elif line.startswith("# "):
                found.append(Step("", edit=line))
            else:
                assert found and found[-1].command, f"output before any command: {line!r}"
                found[-1].expected.append(line)
    return found


def make_recipe(target: str) -> str:
    """The first recipe line of a Makefile target."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    return lines[start + 1].strip()


class Walk:
    """Runs steps in a copy of the site and records what a contributor would see."""

    def __init__(self, src: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.src, self.out, self.monkeypatch = src, out, monkeypatch
        self.page: Path | None = None
        self.written = ""
        self.transcript: list[str] = []

    def run(self, step: Step) -> list[str]:
        if not step.command:
            self.edit(step.edit)
            self.transcript.append(step.edit)
            return []
        self.transcript.append(f"$ {step.command}")
        words = shlex.split(step.command)
        if words[0] == "make" and words[1] == "html":
            got = self.strict_build()
        elif words[0] == "make" and words[1] == "check":
            files = " ".join(w.removeprefix("FILES=") for w in words[2:] if w.startswith("FILES="))
            echoed = make_recipe("check").replace("$(BIN)", ".venv/bin").replace("$(FILES)", files).rstrip()
            got = [echoed, *self.talkdeck(shlex.split(echoed)[1:])]
        else:
            assert words[0] == ".venv/bin/talkdeck", step.command
            got = self.talkdeck(words[1:])
            if words[1] == "new" and got and got[0].endswith(".md"):
                self.page, self.written = self.src / got[0], (self.src / got[0]).read_text(encoding="utf-8")
        self.transcript.extend(got)
        return got

    def talkdeck(self, args: list[str]) -> list[str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
        lines = out.getvalue().splitlines() + err.getvalue().splitlines()
        return lines + ([f"(exit {code})"] if code else [])

    def strict_build(self) -> list[str]:
        result = build(self.src, self.out, freshenv=True, warningiserror=True, keep_going=True)
        assert result.warnings == "", result.warnings
        assert result.statuscode == 0
        return [line for line in result.status.splitlines() if line.startswith("build succeeded")]

    def edit(self, edit: str) -> None:
        assert self.page is not None, "an edit before `new` wrote a page"
        lines = self.page.read_text(encoding="utf-8").split("\n")
        if edit == "# undo":
            self.page.write_text(self.written, encoding="utf-8")
            return
        if match := EDIT.match(edit):
            lines[int(match["line"]) - 1] = json.loads(match["text"])
        elif match := DELETE.match(edit):
            del lines[int(match["line"]) - 1]
        else:
            return  # a comment: what the next edit is about
        self.page.write_text("\n".join(lines), encoding="utf-8")


def site_copy(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ignore = shutil.ignore_patterns(
        ".venv", "_build", ".git", "__pycache__", "node_modules", "tests", "benchmarks", "test-artifacts", "*.egg-info"
    )
    src = Path(shutil.copytree(REPO, tmp / "src", ignore=ignore))
    # the venv a contributor has after `make html`: hints name its talkdeck script as they would type it
    script = src / ".venv" / "bin" / "talkdeck"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(src / ".venv" / "bin" / "python"))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.chdir(src)
    return src


def walk(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Step], list[list[str]], Walk]:
    src = site_copy(tmp, monkeypatch)
    walker = Walk(src, tmp / "out", monkeypatch)
    monkeypatch.setattr("talkdeck.cli.scaffold.interactive", lambda: False)
    found = steps(CONTRIBUTING.read_text(encoding="utf-8"))
    return found, [walker.run(step) for step in found], walker


def test_the_walkthrough_runs_as_contributing_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found, outputs, walker = walk(tmp_path, monkeypatch)
    TRANSCRIPT.parent.mkdir(exist_ok=True)
    TRANSCRIPT.write_text("\n".join(walker.transcript) + "\n", encoding="utf-8")
    for step, got in zip(found, outputs, strict=True):
        if step.command:
            assert got == step.expected, f"$ {step.command}"
    # and it ends clean: the last check finds nothing and the strict build passes
    commands = [s.command for s in found if s.command]
    assert commands[-1] == "make html"


def test_the_walkthrough_covers_every_flag_and_the_usual_mistakes() -> None:
    found = steps(CONTRIBUTING.read_text(encoding="utf-8"))
    news = [shlex.split(s.command) for s in found if s.command.startswith(".venv/bin/talkdeck new")]
    events = [words for words in news if words[2:3] == ["event"]]
    talks = [words for words in news if words[2:3] != ["event"]]
    # a conference and a day co-located with it: `--part-of` needs an event to belong to
    assert {w for words in events for w in words if w.startswith("--")} == {q.flag for q in questions("event")}
    # the first talk has every prompt's flag; a second one what only flags give (recordings, chapters)
    prompted = {q.flag for q in questions("talk", prompted=True)}
    assert {w for w in talks[0] if w.startswith("--")} == prompted
    assert {w for words in talks for w in words if w.startswith("--")} == {q.flag for q in questions("talk")}
    edits = [s.edit for s in found if EDIT.match(s.edit) or DELETE.match(s.edit)]
    checks = [s for s in found if s.command.startswith(("make check FILES=", ".venv/bin/talkdeck check "))]
    assert len(edits) >= 8 and len(checks) > len(edits)  # one check per mistake, and one when fixed


def test_contributing_lists_the_prompts_in_the_order_new_asks_them() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for kind in ("talk", "event"):
        match = re.search(rf"<!-- {kind}-fields -->(.*?)<!-- /{kind}-fields -->", text, re.S)
        assert match is not None
        assert re.findall(r"`([\w.]+)`", match[1]) == [q.name for q in questions(kind, prompted=True)]


def update() -> None:
    """Rewrite the expected output in CONTRIBUTING.md from a run of its commands."""
    with pytest.MonkeyPatch.context() as patch:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            found, outputs, _ = walk(Path(tmp), patch)
    text = CONTRIBUTING.read_text(encoding="utf-8")
    section = SECTION.search(text)
    assert section is not None
    results = iter(zip(found, outputs, strict=True))

    def block(match: re.Match[str]) -> str:
        lines = []
        for line in match["body"].splitlines():
            if line.startswith(("$ ", "# ")):
                step, got = next(results)
                lines.append(line)
                lines.extend(got)
        return "```console\n" + "\n".join(lines) + "\n```\n"

    body = BLOCK.sub(block, section["body"])
    CONTRIBUTING.write_text(text[: section.start("body")] + body + text[section.end("body") :], encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        sys.path.insert(0, str(REPO / "_ext"))
        update()
