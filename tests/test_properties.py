"""Property-based tests (hypothesis) of front-matter: generated YAML, from well-formed talks to
random types, unicode, missing and extra keys, nesting, aliases and broken syntax, goes through
`frontmatter.read_page` (the schema) and, for a few examples, through a real Sphinx build.

Properties: reading never raises; every problem has a line inside the front-matter block and
names its field (YAML syntax errors have no field: they are about the block); a talk written
with valid values comes back unchanged and with no problem; a build never stops and every
warning it prints is located at `file:line`.

Runs are reproducible (profile "ci" in conftest.py: derandomised, no example database);
`--hypothesis-profile=long` tries ten times as many examples."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import REPO, build, examples
from talkdeck.core.frontmatter import MAX_DEPTH, find_block, read_page
from talkdeck.core.model import FORMATS, Talk
from talkdeck.core.schema import EVENT, TALK

# --- strategies ---------------------------------------------------------------------------------

#: Characters YAML can carry at all (its reader refuses the others), minus line and paragraph
#: separators and controls, which no title or name may hold.
LETTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\ufeff\ufffe\uffff",
)
#: Anything at all, for the values that are meant to be wrong.
ANY_CHAR = st.characters(codec="utf-8", exclude_categories=("Cs",))


def one_line(max_size: int) -> st.SearchStrategy[str]:
    """Text the schema accepts as one line: printable, stripped, not empty."""
    return st.text(LETTERS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


SLUG = st.from_regex(r"\A[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}\Z")
SPEAKER = st.fixed_dictionaries(
    {"name": one_line(60)},
    optional={"affiliation": one_line(60), "role": one_line(60), "id": SLUG},
)
LOCAL_TIME = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.strftime("%Y-%m-%d %H:%M")
)


@st.composite
def valid_talks(draw: st.DrawFn) -> dict[str, Any]:
    """A talk mapping every field of which is valid."""
    speakers = draw(st.lists(SPEAKER, min_size=1, max_size=5, unique_by=lambda s: s["name"].casefold()))
    talk: dict[str, Any] = {
        "title": draw(one_line(300)),
        "event": draw(SLUG),
        "format": draw(st.sampled_from(sorted(FORMATS))),
        "speakers": speakers,
        "summary": draw(one_line(200)),
    }
    optional = {
        "id": SLUG,
        "topics": st.lists(one_line(60), max_size=12, unique=True),
        "projects": st.lists(one_line(60), max_size=20, unique=True),
        "video": st.sampled_from(["https://www.youtube.com/watch?v=abc_DEF-123", "http://example.org/v?x=1&y=2"]),
        "slides": st.from_regex(r"\Ahttps://[a-z]{1,10}\.example/[a-zA-Z0-9/_.-]{0,20}\Z"),
        "start": LOCAL_TIME,
        "timezone": st.sampled_from(["America/Detroit", "Europe/Amsterdam", "UTC", "Asia/Kolkata"]),
        "duration": st.integers(min_value=1, max_value=24 * 60),
        "room": one_line(120),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        talk[key] = draw(optional[key])
    return talk


#: Any value YAML can hold: scalars of every type, and lists and mappings of them, nested.
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(ANY_CHAR, max_size=30)
    | st.dates()
    | st.datetimes()
    | st.binary(max_size=10)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(LETTERS, max_size=12), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def messy_records(draw: st.DrawFn, record: Any) -> dict[str, Any]:
    """A mapping of some of a record's keys to valid-ish or random values, plus unknown keys."""
    result: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(sorted(record.fields)), unique=True)):
        result[key] = draw(VALUES | st.sampled_from(["", " ", "talk", "2022-10-26 14:30", "kcna-2022", "[x]"]))
    if draw(st.booleans()):
        result.update(draw(st.dictionaries(st.text(LETTERS, min_size=1, max_size=10), VALUES, max_size=3)))
    return result


@st.composite
def messy_talks(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly a valid talk with some fields replaced, dropped or added; sometimes anything."""
    talk = draw(valid_talks())
    for key in draw(st.lists(st.sampled_from(sorted(TALK.fields)), max_size=4, unique=True)):
        if draw(st.booleans()):
            talk.pop(key, None)
        else:
            talk[key] = draw(VALUES)
    if draw(st.booleans()):
        talk["speakers"] = draw(
            st.lists(VALUES | SPEAKER | messy_records(TALK.fields["speakers"].type.item), max_size=4)
        )
    return talk


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A whole front-matter mapping: a talk or an event (or both, or neither) and other keys."""
    doc: dict[str, Any] = {}
    kinds = draw(st.sampled_from([("talk",), ("event",), ("talk", "event"), ()]))
    for kind in kinds:
        if kind == "talk":
            doc["talk"] = draw(st.one_of(messy_talks(), messy_records(TALK), VALUES))
        else:
            doc["event"] = draw(st.one_of(messy_records(EVENT), VALUES))
    doc.update(draw(st.dictionaries(st.sampled_from(["orphan", "title", "og:title", "x"]), VALUES, max_size=2)))
    return doc


def dump(data: Any, *, shared: bool = False) -> str:
    """YAML text for ``data``; ``shared`` keeps repeated lists and mappings as aliases."""
    if not shared:
        data = _unshare(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=80)


def _unshare(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _unshare(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshare(v) for v in value]
    return value


@st.composite
def broken_text(draw: st.DrawFn) -> str:
    """A dumped document with characters inserted, deleted or swapped: YAML that may not parse."""
    text = dump(draw(documents()))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["insert", "delete", "tab", "indent"]))
        if action == "insert":
            text = (
                text[:at]
                + draw(st.text(ANY_CHAR | st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\n\t")), max_size=3))
                + text[at:]
            )
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=5)) :]
        elif action == "tab":
            text = text[:at] + "\t" + text[at:]
        else:
            text = text[:at] + "\n" + " " * draw(st.integers(min_value=0, max_value=7)) + text[at:]
    return text


@st.composite
def shared_text(draw: st.DrawFn) -> str:
    """A document whose talk repeats one list or mapping object: YAML aliases."""
    doc = draw(documents())
    part = draw(st.lists(st.text(LETTERS, max_size=5), min_size=1, max_size=3) | st.just({"name": "A"}))
    doc["talk"] = {**(doc.get("talk") if isinstance(doc.get("talk"), dict) else {}), "topics": part, "projects": part}
    return dump(doc, shared=True)


def nested_text(depth: int) -> str:
    return "talk:\n  title: " + "[" * depth + "x" + "]" * depth + "\n"


PAGE_TEXT = st.one_of(
    documents().map(dump),
    broken_text(),
    shared_text(),
    st.integers(min_value=1, max_value=200).map(nested_text),
    st.text(ANY_CHAR, max_size=200),
)


def page(yaml_text: str, ending: str = "\n") -> str:
    return ("---\n" + yaml_text.rstrip("\n") + "\n---\n\nBody.\n").replace("\n", ending)


# --- reading ----------------------------------------------------------------------------------


def check_problems(source: str) -> None:
    """Read a page; every problem has a line inside its front-matter and names what it is about."""
    data = read_page(source, "generated")
    if not data.problems:
        return
    block = find_block(source)
    assert block is not None
    for problem in data.problems:
        assert block.first_line <= problem.line <= block.end_line, (problem, block)
        assert problem.message.strip()
        if problem.subtype == "yaml":  # the whole block cannot be read: no field to name
            assert problem.field == ""
        else:
            assert problem.subtype == "frontmatter"
            # a path into the record: 'talk', 'talk.speakers[2].name' (keys may be any text)
            assert re.match(r"^(talk|event)($|\.|\[\d+\])", problem.field, re.DOTALL), problem


@settings(max_examples=examples(400), suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_TEXT, st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_reading_any_front_matter_never_raises_and_locates_every_problem(text: str, ending: str, bom: bool) -> None:
    check_problems(("\ufeff" if bom else "") + page(text, ending))


@settings(max_examples=examples(300))
@given(valid_talks())
def test_a_valid_talk_reads_back_unchanged(talk: dict[str, Any]) -> None:
    data = read_page(page(dump({"talk": talk})), "generated")
    assert data.problems == []
    assert data.entry is not None
    item = data.entry.item
    assert isinstance(item, Talk)
    assert (item.id, item.title, item.event, item.format, item.summary) == (
        talk.get("id", "generated"),
        talk["title"],
        talk["event"],
        talk["format"],
        talk["summary"],
    )
    assert [(s.name, s.affiliation, s.role) for s in item.speakers] == [
        (s["name"], s.get("affiliation", ""), s.get("role", "")) for s in talk["speakers"]
    ]
    assert list(item.topics) == talk.get("topics", [])
    assert list(item.projects) == talk.get("projects", [])
    assert (item.video, item.slides, item.room) == (talk.get("video", ""), talk.get("slides", ""), talk.get("room", ""))
    assert item.duration == talk.get("duration", 0)
    expected_start = datetime.strptime(talk["start"], "%Y-%m-%d %H:%M") if "start" in talk else None
    assert item.start == expected_start


@settings(max_examples=examples(200))
@given(valid_talks(), st.sampled_from(sorted(TALK.fields)), VALUES)
def test_one_wrong_value_is_one_located_problem_at_its_key(talk: dict[str, Any], key: str, value: Any) -> None:
    """A wrong value is blamed on the line of its key (or inside it), never elsewhere."""
    talk[key] = value
    source = page(dump({"talk": talk}))
    data = read_page(source, "generated")
    check_problems(source)
    lines = source.splitlines()
    key_line = next(i for i, line in enumerate(lines, start=1) if line.startswith(f"  {key}:"))
    after = next(
        (i for i, line in enumerate(lines, start=1) if i > key_line and re.match(r"^  [^\s-]|^---", line)), len(lines)
    )
    for problem in data.problems:
        if problem.subtype == "yaml":
            continue
        if problem.field.startswith(f"talk.{key}"):
            assert key_line <= problem.line < after, (problem, key_line, after)
        else:  # only a required key the wrong value made unreadable can be blamed elsewhere
            assert problem.field == "talk" or problem.message.startswith("is required"), problem


SCHEMA = Draft202012Validator(json.loads((REPO / "schema/talk.schema.json").read_text(encoding="utf-8")))


@settings(max_examples=examples(200))
@given(valid_talks(), st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)), st.dates())
def test_reader_and_published_schema_agree_on_dates_and_times(talk: dict[str, Any], start: datetime, day: date) -> None:
    """Any year, the build's reader and the JSON Schema contributors validate with give one answer
    (years far from now are refused: a time near year 1 or 9999 cannot be moved by its zone)."""
    talk["start"] = start.strftime("%Y-%m-%d %H:%M").rjust(16, "0")
    event = {"name": "E", "start": day.isoformat(), "end": day.isoformat(), "timezone": "UTC"}
    for document in ({"talk": talk}, {"event": event}):
        data = read_page(page(dump(document)), "generated")
        assert (data.problems == []) == SCHEMA.is_valid(document), (document, data.problems)


def test_nesting_limit_is_where_the_strategies_reach() -> None:
    """nested_text goes past the depth limit, so the refusal path is among the examples."""
    data = read_page(page(nested_text(MAX_DEPTH + 5)), "generated")
    assert [p.subtype for p in data.problems] == ["yaml"]
    assert "nesting is deeper" in data.problems[0].message


def test_values_strategy_reaches_every_yaml_type() -> None:
    """The random values dump to every YAML type the schema has to refuse (a check of the test)."""
    text = dump({"v": [None, True, 1, 1.5, "s", date(2020, 1, 1), datetime(2020, 1, 1, 1, 1), b"x", [1], {"a": 1}]})
    assert "!!binary" in text and "2020-01-01 01:01:00" in text
    assert json.dumps(yaml.safe_load(text), default=str)


# --- building -----------------------------------------------------------------------------------

CONF = """\
project = "generated"
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
source_suffix = {".md": "markdown"}
html_theme = "basic"
templates_path: list[str] = []
"""
INDEX = """\
# Generated

```{talk-grid}
```

```{toctree}
:glob:

*
```
"""
EVENT_PAGE = """\
---
event:
  id: gen-event
  name: Generated Event
  start: 2024-05-01
  end: 2024-05-03
  timezone: Europe/Berlin
---

```{event}
```
"""
_LOCATED = re.compile(r"^(?P<path>\S[^:]*):(?P<line>\d+): (WARNING|ERROR): ")


@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(PAGE_TEXT | valid_talks().map(lambda t: dump({"talk": {**t, "event": "gen-event"}})), max_size=3))
def test_a_build_of_generated_pages_never_stops_and_locates_every_warning(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        (src / "conf.py").write_text(CONF, encoding="utf-8")
        (src / "index.md").write_text(INDEX, encoding="utf-8")
        (src / "event.md").write_text(EVENT_PAGE, encoding="utf-8")
        for number, text in enumerate(texts):
            (src / f"talk-{number}.md").write_text(page(text) + "\n```{talk}\n```\n", encoding="utf-8")
        result = build(src, Path(tmp) / "out", freshenv=True)
        assert result.statuscode == 0
        assert "Traceback" not in result.warnings
        for line in result.warnings.splitlines():
            if not line.strip():
                continue
            match = _LOCATED.match(line)
            assert match is not None, line
            assert Path(match["path"]).is_relative_to(src), line
            assert int(match["line"]) >= 1, line
        for number in range(len(texts)):
            assert (Path(tmp) / "out/html" / f"talk-{number}.html").is_file()


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
def test_depth_limit_boundary(depth: int) -> None:
    """Talk data is at most four levels deep; the limit refuses only what is deeper than it."""
    data = read_page(page("talk:\n  title: " + "[" * depth + "]" * depth + "\n"), "generated")
    refused = any("nesting is deeper" in p.message for p in data.problems)
    assert refused == (depth + 2 > MAX_DEPTH)
