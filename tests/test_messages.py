"""Messages that help: each mistake gets the line to look at and the one fix that fits it, in
these exact words (the build and `check` print the same text: tests/test_parity.py)."""

from __future__ import annotations

import pytest

from talkdeck.core.checks import check_collection
from talkdeck.core.frontmatter import read_page
from talkdeck.core.model import Entry

TALK = """---
talk:
  title: "A talk"
  event: kcna
  format: talk
  speakers:
    - name: Flynn
      affiliation: Buoyant
  topics: [Security, Networking]
  summary: "One sentence."
  start: 2022-10-26 14:30
---

Body.
"""


def problems(source: str) -> list[tuple[int, str]]:
    return [(p.line, p.text()) for p in read_page(source, "a-talk").problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # an impossible date says why, not how to write a date it already is
        (
            "start: 2022-10-26 14:30",
            "start: 2023-02-30 14:30",
            (11, "talk.start: '2023-02-30 14:30' is not a date and time: February 2023 has 28 days"),
        ),
        (
            "start: 2022-10-26 14:30",
            "start: 2024-02-30 14:30",
            (11, "talk.start: '2024-02-30 14:30' is not a date and time: February 2024 has 29 days"),
        ),
        (
            "start: 2022-10-26 14:30",
            "start: 2022-13-01 14:30",
            (
                11,
                "talk.start: '2022-13-01 14:30' is not a date and time: there is no month 13; months go from 01 to 12",
            ),
        ),
        (
            "start: 2022-10-26 14:30",
            "start: 2022-10-26 24:00",
            (11, "talk.start: '2022-10-26 24:00' is not a date and time: there is no hour 24; hours go from 00 to 23"),
        ),
        (
            "start: 2022-10-26 14:30",
            "start: 26.10.2022 14:30",
            (
                11,
                "talk.start: '26.10.2022 14:30' is not a date and time; write it as YYYY-MM-DD HH:MM, "
                "e.g. 2022-10-26 14:30 (or YYYY-MM-DD when only the day is known)",
            ),
        ),
        # a tab: YAML indents with spaces, and where the tab is
        (
            "  format: talk",
            "\tformat: talk",
            (5, "YAML error: a tab in column 1; YAML indents with spaces, not tabs: replace the tab with spaces"),
        ),
        (
            "  format: talk",
            "  format:\ttalk",
            (5, "YAML error: a tab in column 10; YAML indents with spaces, not tabs: replace the tab with spaces"),
        ),
        # an unclosed bracket, brace or quote: the line where it was opened, not where YAML gave up
        (
            "  topics: [Security, Networking]",
            "  topics: [Security, Networking",
            (9, "YAML error: the '[' in column 11 of this line is never closed; end the list with ']' on this line"),
        ),
        (
            "    - name: Flynn\n      affiliation: Buoyant",
            "    - {name: Flynn, affiliation: Buoyant",
            (7, "YAML error: the '{' in column 7 of this line is never closed; end the mapping with '}' on this line"),
        ),
        (
            '  title: "A talk"',
            '  title: "A talk',
            (
                3,
                'YAML error: the " in column 10 of this line starts a quoted value that never ends; '
                'close it with " on the same line',
            ),
        ),
        # ': ' inside a value: the quoted line to write
        (
            '  summary: "One sentence."',
            "  summary: It says: this",
            (
                10,
                "YAML error: mapping values are not allowed here (a ': ' inside a value); put the whole value "
                'in quotes: summary: "It says: this"',
            ),
        ),
        # an empty required field: fill it in (removing the key is no fix)
        (
            '  title: "A talk"',
            "  title:",
            (3, "talk.title: is empty; fill it in (the talk's title as in the schedule)"),
        ),
        (
            '  summary: "One sentence."',
            '  summary: ""',
            (10, "talk.summary: is empty; fill it in (one sentence for the card)"),
        ),
        # an empty optional field may go
        ("  start: 2022-10-26 14:30", "  room:", (11, "talk.room: must not be empty; fill it in or remove the key")),
        # the closing '---' missing
        (
            "---\n\nBody.",
            "\nBody.",
            (
                11,
                "front-matter is not closed: the '---' on line 1 opens it, but no '---' line ends it; "
                "add a line '---' after line 11, the last field",
            ),
        ),
    ],
)
def test_message(old: str, new: str, expected: tuple[int, str]) -> None:
    assert old in TALK
    assert problems(TALK.replace(old, new, 1)) == [expected]


def test_a_spelling_variant_names_the_canonical_spelling_and_a_page_that_uses_it() -> None:
    def entry(docname: str, speaker: str) -> Entry:
        data = read_page(TALK.replace("name: Flynn", f"name: {speaker}"), docname.rsplit("/", 1)[1])
        assert data.entry is not None
        return Entry(docname, data.entry.item, data.entry.lines)

    pages = [entry("talks/a", "flynn"), entry("talks/b", "Flynn"), entry("talks/c", "Flynn")]
    assert [(d, p.line, p.text()) for d, p in check_collection(pages) if p.field.startswith("talk.speakers")] == [
        (
            "talks/a",
            7,
            "talk.speakers[1].name: speaker 'flynn' is written 'Flynn' on 2 pages (e.g. talks/b); "
            "write 'Flynn' here too",
        )
    ]
