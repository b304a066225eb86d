"""The one front-matter writer (core.yamlwrite), as `new` and `import` use it: whatever the
values, the page each writes reads back (core.frontmatter.read_page, the build's and the
checker's reader) to exactly the values given, and YAML itself reads every written value as the
exact text, also where the schema then refuses it (empty text, line breaks)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from talkdeck.cli.fields import questions
from talkdeck.cli.new import Answers, render
from talkdeck.core.frontmatter import find_block, read_page
from talkdeck.core.model import Event, Talk
from talkdeck.core.yamlwrite import EVENT_ORDER, TALK_ORDER, event_block, talk_block
from talkdeck.importing.pages import event_page, talk_page

#: Values that YAML would read as something else, or not at all, if written as they are.
HOSTILE = [
    "plain words",
    "a: b",
    "x: y: z",
    "a:b",
    "- a list item?",
    "-",
    "#not a comment",
    "a #not a comment",
    "a#b",
    "'single'",
    '"double"',
    "it's",
    "no",
    "on",
    "Off",
    "yes",
    "NULL",
    "~",
    "true",
    "1",
    "0123",
    "+1",
    "1.5",
    "1e3",
    "0x1F",
    ".inf",
    "2022-10-26",
    "2022-10-26 14:30",
    "2022-10-26T14:30:00Z",
    "12:30",
    "Zoë Ünal",
    "日本語のタイトル",
    "emoji 🎉",
    "a, b",
    "[x]",
    "{x: y}",
    "*alias",
    "&anchor",
    "!tag",
    "%directive",
    "@at",
    "`tick",
    "|pipe",
    ">folded",
    "?key",
    "=",
    "<<",
    "back\\slash",
    "tab\tinside",
    "https://example.org/talk:",
    "https://example.org/v?x=1&y=2#frag",
    "12345678-1234-1234-1234-123456789abc",
    "unassigned \U00018cd6 beyond the BMP",  # escaped as \U00018cd6, not \u18cd followed by '6'
    "private use \U000f0001",
]
#: Values YAML must still read back exactly, though the schema refuses them (and says so).
REFUSED = ["", "two\nlines", "a\u2028b", "\x01control", "\x7f"]
#: Values YAML reads back exactly and the schema takes without their outer white space.
STRIPPED = [" leading space", "trailing space ", "\ttab", "zero\u200bwidth "]
NO_SPELLINGS: dict[str, dict[str, str]] = {"speaker": {}, "organisation": {}, "topic": {}, "project": {}}


def written(page: str) -> dict[str, Any]:
    """The front-matter as YAML reads it, every scalar as the exact text written (the schema
    reads text, not YAML's guesses at dates and numbers)."""
    block = find_block(page)
    assert block is not None
    return _text(yaml.compose(block.text, Loader=yaml.SafeLoader))


def _text(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {_text(k): _text(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_text(item) for item in node.value]
    assert node.tag != "tag:yaml.org,2002:null" or node.value in ("", "~", "null"), node
    return None if node.tag == "tag:yaml.org,2002:null" else node.value


def new_page(value: str) -> str:
    """`new` with `value` in every free-text field (a '|' would split the speaker)."""
    person = value.replace("|", "/")
    speakers = next(q for q in questions("talk") if q.name == "speakers")
    answers = Answers(
        "talk",
        {
            "title": value,
            "event": "kubecon-na-2022",
            "format": "talk",
            "speakers": speakers.parse([f"{person}|{person}|{person}", "Second Speaker"]),
            "topics": [value, "Security"],
            "projects": [value],
            "summary": value,
        },
    )
    return render(answers, NO_SPELLINGS, [])


def import_values(value: str) -> dict[str, Any]:
    return {
        "title": value,
        "event": "kubecon-na-2022",
        "format": "talk",
        "speakers": [{"name": value, "affiliation": value}],
        "topics": [value],
        "summary": value,
        "video": "https://www.youtube.com/watch?v=abc",
        "start": "2022-10-26 14:30",
        "timezone": "America/Detroit",
        "duration": "35",
        "room": value,
        "import": {"guid": "12345678-1234-1234-1234-123456789abc", "digest": value},
    }


EVENT_VALUES = {
    "id": "kubecon-na-2022",
    "short_name": "KubeCon NA",
    "city": "Detroit",
    "start": "2022-10-24",
    "end": "2022-10-28",
    "timezone": "America/Detroit",
    "url": "https://events.linuxfoundation.org/",
}


@pytest.mark.parametrize("value", HOSTILE)
def test_new_writes_what_the_reader_reads(value: str) -> None:
    page = new_page(value)
    person = value.replace("|", "/")
    assert written(page)["talk"] == {
        "title": value,
        "event": "kubecon-na-2022",
        "format": "talk",
        "speakers": [{"name": person, "affiliation": person, "role": person}, {"name": "Second Speaker"}],
        "topics": [value, "Security"],
        "projects": [value],
        "summary": value,
    }
    data = read_page(page, "a-talk")
    assert data.problems == []
    talk = data.entry.item
    assert isinstance(talk, Talk)
    assert (talk.title, talk.summary, talk.topics, talk.projects) == (value, value, (value, "Security"), (value,))
    first = talk.speakers[0]
    assert (first.name, first.affiliation, first.role) == (person, person, person)


@pytest.mark.parametrize("value", HOSTILE)
def test_import_writes_what_the_reader_reads(value: str) -> None:
    values = import_values(value)
    page = talk_page(values, "The abstract.")
    assert written(page)["talk"] == values
    data = read_page(page, "a-talk")
    assert data.problems == []
    talk = data.entry.item
    assert isinstance(talk, Talk)
    assert (talk.title, talk.summary, talk.room, talk.topics) == (value, value, value, (value,))
    assert (talk.speakers[0].name, talk.speakers[0].affiliation) == (value, value)
    assert (talk.duration, str(talk.start), talk.video) == (35, "2022-10-26 14:30:00", values["video"])


@pytest.mark.parametrize("value", HOSTILE)
def test_an_imported_event_page_reads_back(value: str) -> None:
    values = {**EVENT_VALUES, "name": value, "short_name": value, "city": value}
    page = event_page(values, "kubecon-na-2022")
    assert written(page)["event"] == values
    data = read_page(page, "kubecon-na-2022")
    assert data.problems == []
    event = data.entry.item
    assert isinstance(event, Event)
    assert (event.name, event.short_name, event.city, str(event.start), str(event.end)) == (
        value,
        value,
        value,
        "2022-10-24",
        "2022-10-28",
    )


@pytest.mark.parametrize("value", REFUSED)
def test_values_the_schema_refuses_are_still_written_exactly(value: str) -> None:
    """YAML reads them back as given; the reader then names the field, as `check` would."""
    page = new_page(value)
    assert written(page)["talk"]["title"] == value
    assert written(page)["talk"]["topics"] == [value, "Security"]
    data = read_page(page, "a-talk")
    assert "talk.title" in {p.field for p in data.problems}
    imported = talk_page(import_values(value), "")
    assert written(imported)["talk"]["room"] == value
    assert "talk.room" in {p.field for p in read_page(imported, "a-talk").problems}


@pytest.mark.parametrize("value", STRIPPED)
def test_outer_white_space_is_written_and_the_schema_strips_it(value: str) -> None:
    page = new_page(value)
    assert written(page)["talk"]["title"] == value
    data = read_page(page, "a-talk")
    assert data.problems == []
    assert data.entry.item.title == value.strip()


def test_new_and_import_write_one_block_the_same_way() -> None:
    """Both call talk_block: the same values give the same lines, keys in one order."""
    values = {
        "title": "Mesh: the sequel",
        "event": "kubecon-na-2022",
        "format": "talk",
        "speakers": [{"name": "Zoë", "affiliation": "Example, Inc.", "role": "no"}],
        "topics": ["Security", "on"],
        "projects": ["Linkerd"],
        "summary": "It's #1.",
    }
    flags = {
        "title": "Mesh: the sequel",
        "event": "kubecon-na-2022",
        "format": "talk",
        "speakers": ["Zoë|Example, Inc.|no"],
        "topics": ["Security", "on"],
        "projects": ["Linkerd"],
        "summary": "It's #1.",
    }
    answers = Answers("talk", {q.name: q.parse(flags[q.name]) for q in questions("talk") if q.name in flags})
    new_lines = render(answers, NO_SPELLINGS, []).splitlines()
    block = talk_block(values)
    assert new_lines[1 : 1 + len(block)] == block
    assert "\n".join(block) in talk_page(values, "")
    assert block == [
        "talk:",
        '  title: "Mesh: the sequel"',
        "  event: kubecon-na-2022",
        "  format: talk",
        "  speakers:",
        "    - name: Zoë",
        "      affiliation: Example, Inc.",
        '      role: "no"',
        '  topics: [Security, "on"]',
        "  projects: [Linkerd]",
        '  summary: "It\'s #1."',
    ]


def test_keys_are_written_in_one_order() -> None:
    shuffled = dict(reversed(list(import_values("x").items())))
    keys = [line.split(":")[0].strip() for line in talk_block(shuffled)[1:] if line.startswith("  ") and line[2] != " "]
    assert keys == [k for k in TALK_ORDER if k in shuffled]
    event = event_block(dict(reversed(list({**EVENT_VALUES, "name": "N"}.items()))))
    assert [line.split(":")[0].strip() for line in event[1:]] == [
        k for k in EVENT_ORDER if k in EVENT_VALUES or k == "name"
    ]


#: Any text YAML can carry (its reader refuses some code points outright).
CARRIED = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\ufeff\ufffe\uffff"), max_size=40
).filter(lambda s: all(c in "\t\n" or c >= " " for c in s))


@settings(max_examples=examples(300))
@given(title=CARRIED, topics=st.lists(CARRIED, max_size=3), room=CARRIED)
def test_any_text_is_written_so_that_yaml_reads_it_back(title: str, topics: list[str], room: str) -> None:
    values = {"title": title, "topics": topics, "room": room, "speakers": [{"name": room, "role": title}]}
    page = talk_page(values, "")
    assert written(page)["talk"] == values
    data = read_page(page, "a-talk")
    if data.entry is not None and not data.problems:  # what the schema takes, it takes unchanged
        talk = data.entry.item
        assert (talk.title, talk.room, talk.topics) == (title, room, tuple(topics))


def test_a_day_only_start_a_schedule_link_and_a_parent_event_read_back() -> None:
    """The fields issue 15 added go through the one writer like the others."""
    values = {
        "title": "T",
        "event": "smc",
        "format": "talk",
        "speakers": [{"name": "A"}],
        "summary": "S.",
        "schedule_url": "https://sched.co/182Go",
        "start": "2022-10-25",
    }
    talk = read_page(talk_page(values, ""), "t")
    assert talk.problems == []
    assert (talk.entry.item.day.isoformat(), talk.entry.item.schedule_url) == ("2022-10-25", "https://sched.co/182Go")
    event = {"name": "SMC", "start": "2022-10-25", "end": "2022-10-25", "timezone": "UTC", "part_of": "kubecon"}
    page = "---\n" + "\n".join(event_block(event)) + "\n---\n"
    assert event_block(event)[-1] == "  part_of: kubecon"
    assert read_page(page, "smc").entry.item.part_of == "kubecon"
