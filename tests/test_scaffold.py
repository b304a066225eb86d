"""`new`'s flags and prompts come from the schema (every field, in its order), hints print
commands that work from where the contributor is, and `make live` installs only what it needs."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import REPO
from talkdeck.cli.fields import questions
from talkdeck.cli.hints import command, make, program
from talkdeck.cli.main import _parser
from talkdeck.core.fieldtypes import Type
from talkdeck.core.records import Field, ListOf, Record
from talkdeck.core.schema import KINDS


def schema_fields(record: Record, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Field]]:
    """Every field of a record, a nested record's fields too (its path, its spec)."""
    found = []
    for name, spec in record.fields.items():
        found.append(((*prefix, name), spec))
        if isinstance(spec.type, Record):
            found.extend(schema_fields(spec.type, (*prefix, name)))
    return found


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_schema_field_has_a_flag_of_new(kind: str) -> None:
    """Walks the schema: a field added there is a flag of `new` with no more code, unless the
    schema says a command writes it (recordings and chapters are flags, not prompts)."""
    options = {opt: action for action in _subparser("new")._actions for opt in action.option_strings}
    by_path = {q.path: q for q in questions(kind)}
    walked = schema_fields(KINDS[kind])
    assert walked, kind
    for path, spec in walked:
        if _written_by(KINDS[kind], path):
            continue  # the schema says a command writes it
        if isinstance(spec.type, Record):
            continue  # a record is asked field by field (its fields are walked too)
        question = by_path[path]
        assert question.flag in options, question.flag
        action = options[question.flag]
        assert action.dest == question.dest
        assert (action.__class__.__name__ == "_AppendAction") == isinstance(spec.type, ListOf)


def _written_by(record: Record, path: tuple[str, ...]) -> bool:
    spec = record.fields[path[0]]
    return bool(spec.written_by) or (
        len(path) > 1 and isinstance(spec.type, Record) and _written_by(spec.type, path[1:])
    )


def _subparser(name: str):  # type: ignore[no-untyped-def]
    parser = _parser(Path.cwd())
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub.choices[name]


def test_a_new_schema_field_becomes_a_flag_and_a_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field another issue adds (here a list and a text) needs no change to `new`."""
    fields = dict(KINDS["talk"].fields)
    fields["redirect_from"] = Field(ListOf(Type.__new__(type(fields["room"].type))), "old addresses")
    fields["language"] = Field(type(fields["room"].type)(), "the talk's language")
    monkeypatch.setitem(KINDS, "talk", Record(fields, "the talk"))
    asked = {q.name: q for q in questions("talk")}
    assert asked["redirect_from"].flag == "--redirect-from" and asked["redirect_from"].repeats
    assert asked["language"].flag == "--language" and not asked["language"].repeats
    assert list(asked)[-1] == "id"
    options = {opt for action in _subparser("new")._actions for opt in action.option_strings}
    assert {"--redirect-from", "--language"} <= options


def test_the_prompts_follow_the_schema_with_the_id_last() -> None:
    offered = [n for n, spec in KINDS["talk"].fields.items() if spec.asked and n not in ("id", "import")]
    assert [q.name for q in questions("talk", prompted=True)] == [*offered, "id"]
    # recordings and chapters are flags, not prompts (the prompt asks for `video`)
    assert {"recordings", "chapters"} == {n for n, spec in KINDS["talk"].fields.items() if not spec.asked}
    flags = [q.name for q in questions("talk")]
    assert {"recordings", "chapters"} <= set(flags) and flags[-1] == "id"
    assert [q.name for q in questions("event")] == [n for n in KINDS["event"].fields if n != "id"] + ["id"]


def test_each_answer_is_read_by_the_schema() -> None:
    start = next(q for q in questions("talk") if q.name == "start")
    assert [p.text() for p in start.check("2023-02-30 14:30")] == [
        "start: '2023-02-30 14:30' is not a date and time: February 2023 has 28 days"
    ]
    assert start.check("2023-02-28 14:30") == []
    speakers = next(q for q in questions("talk") if q.name == "speakers")
    assert speakers.parse(["Zoë Ünal|Example, Inc.|Engineer"]) == [
        {"name": "Zoë Ünal", "affiliation": "Example, Inc.", "role": "Engineer"}
    ]
    assert [p.text() for p in speakers.check(speakers.parse(["|Lunar"]))] == [
        "speakers[1].name: is empty; fill it in (the speaker's full name as they write it)"
    ]


# --- hints ----------------------------------------------------------------------------------


def test_hints_name_the_venv_script_as_typed_from_where_you_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    script = site / ".venv" / "bin" / "talkdeck"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(site / ".venv" / "bin" / "python"))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert program(site) == ".venv/bin/talkdeck"
    assert program(site / "talks") == "../.venv/bin/talkdeck"
    assert command(site, "check", "talks/a b.md") == ".venv/bin/talkdeck check 'talks/a b.md'"
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}/usr/bin")
    assert program(site / "talks") == "talkdeck"  # the venv is active
    assert make(site, site, "html") == "make html"
    assert make(site, site / "talks" / "x", "html") == "make -C ../.. html"


def test_without_the_script_hints_use_this_interpreter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bin").mkdir()
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python3"))
    assert program(tmp_path) == "bin/python3 -m talkdeck"


# --- make ------------------------------------------------------------------------------------


def _requirements(name: str) -> set[str]:
    found: set[str] = set()
    for line in (REPO / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found |= _requirements(line[3:])
        elif line:
            found.add(re.split(r"[=<>\[]", line, maxsplit=1)[0].lower())
    return found


def test_make_live_installs_the_site_and_sphinx_autobuild_only() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^live: \$\(VENV\)/\.live-deps$", makefile, re.M)
    recipe = makefile.split("$(VENV)/.live-deps: ", 1)[1].split("\n\n", 1)[0]
    assert (
        "-r requirements-live.txt" in recipe and "requirements-test" not in recipe and "requirements-dev" not in recipe
    )
    assert _requirements("requirements-live.txt") == _requirements("requirements.txt") | {"sphinx-autobuild"}
    assert not _requirements("requirements-live.txt") & {"pytest", "playwright", "hypothesis"}


def test_make_check_runs_the_venvs_talkdeck() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check: \$\(VENV\)/\.site-deps\n\t\$\(BIN\)/talkdeck check \$\(FILES\)$", makefile, re.M)


BAD_VALUES = ["thirty", "\x00", "[", "{a", "a: b", "'", '"', "-1", "99999999999999999999", "\t", "é" * 400, "../x"]


@pytest.mark.parametrize("kind", ["talk", "event"])
def test_any_value_of_any_flag_is_a_problem_or_a_page_never_a_traceback(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from talkdeck.cli import main

    (tmp_path / "conf.py").write_text("")
    (tmp_path / "talks" / "ev").mkdir(parents=True)
    (tmp_path / "talks" / "ev" / "index.md").write_text(
        "---\nevent:\n  name: Ev\n  start: 2024-01-01\n  end: 2024-01-02\n  timezone: UTC\n---\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("talkdeck.cli.scaffold.interactive", lambda: False)
    base = {
        "talk": ["--title", "T", "--event", "ev", "--format", "talk", "--speaker", "A", "--summary", "S"],
        "event": ["event", "--name", "N", "--start", "2024-02-01", "--end", "2024-02-02", "--timezone", "UTC"],
    }[kind]
    for question in questions(kind):
        for value in BAD_VALUES:
            code = main(
                ["new", *base, question.flag, value, "--id", "bad-values"]
                if question.name != "id"
                else ["new", *base, question.flag, value]
            )
            out, err = capsys.readouterr()
            assert code in (0, 1, 2), (question.flag, value)
            assert "Traceback" not in err
            if code == 0:  # written: then it passes check
                page = tmp_path / out.strip()
                assert main(["check", str(page)]) == 0, capsys.readouterr()
                capsys.readouterr()
                page.unlink()
