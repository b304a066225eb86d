"""Unit tests of the pure front-matter modules: frontmatter.read_page and checks.check_collection.

Every malformation asserts the exact line the problem is reported on (1-based line of the page,
counting the opening '---' as line 1), the field path and the words of the message that tell the
author what to do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from talkdeck.core.checks import check_collection
from talkdeck.core.frontmatter import MAX_BYTES, blank_block, default_id, find_block, hide_lines, read_page
from talkdeck.core.model import Entry, Event, Speaker, Talk, slugify, talk_window
from talkdeck.core.recordings import Recording

# A valid talk; the numbers are the page lines.
VALID_TALK = """\
---
talk:
  title: Service Mesh 101
  event: kcna-2022
  format: talk
  speakers:
    - name: Alex Leong
      affiliation: Buoyant
      role: Linkerd maintainer
    - name: Zoë Example
  topics: [Service mesh, Security]
  projects:
    - Linkerd
    - Gateway API
  summary: What a service mesh is.
  video: https://www.youtube.com/watch?v=abc
  slides: https://slides.example.org/mesh.pdf
  start: 2022-10-26 14:30
  duration: 35
  room: Room 140
---

# Body
"""

# The required fields of a talk; `extra` lines start at page line 10.
BASE = """\
talk:
  title: A talk
  event: kcna-2022
  format: talk
  speakers:
    - name: Flynn
      affiliation: Buoyant
  summary: One sentence.
"""


def page(yaml: str) -> str:
    """A page whose front-matter is `yaml`; its first YAML line is page line 2."""
    return f"---\n{yaml}---\n\nSome text.\n"


def talk(extra: str = "", **fields: str) -> str:
    """BASE with fields replaced (value '' drops the key) and `extra` lines appended (from line 10)."""
    lines = BASE.splitlines()
    for key, value in fields.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"  {key}:"))
        lines[index] = f"  {key}: {value}" if value else ""
    body = "\n".join(line for line in lines if line) + "\n" + extra
    return page(body)


def problems(source: str, docid: str = "a-talk") -> list[tuple[int, str, str, str]]:
    data = read_page(source, docid)
    return [(p.line, p.field, p.message, p.subtype) for p in data.problems]


def only(source: str) -> tuple[int, str, str, str]:
    found = problems(source)
    assert len(found) == 1, found
    return found[0]


def assert_problem(source: str, line: int, field: str, *needles: str, subtype: str = "frontmatter") -> None:
    """Exactly one problem is reported, at `line`, for `field`, and its message has every needle."""
    got_line, got_field, message, got_subtype = only(source)
    assert (got_line, got_field, got_subtype) == (line, field, subtype), (got_line, got_field, message)
    for needle in needles:
        assert needle in message, message


# --- valid pages ---------------------------------------------------------------------------


def test_valid_talk_parses_to_the_model() -> None:
    data = read_page(VALID_TALK, "mesh-101")
    assert data.problems == []
    assert data.yaml_broken is False
    talk_ = data.entry.item
    assert talk_ == Talk(
        id="mesh-101",
        title="Service Mesh 101",
        event="kcna-2022",
        format="talk",
        speakers=(
            Speaker(id="alex-leong", name="Alex Leong", affiliation="Buoyant", role="Linkerd maintainer"),
            Speaker(id="zoe-example", name="Zoë Example"),
        ),
        topics=("Service mesh", "Security"),
        projects=("Linkerd", "Gateway API"),
        summary="What a service mesh is.",
        recordings=(Recording("https://www.youtube.com/watch?v=abc"),),  # `video:` is one recording
        slides="https://slides.example.org/mesh.pdf",
        start=datetime(2022, 10, 26, 14, 30),
        duration=35,
        room="Room 140",
    )
    assert isinstance(talk_.topics, tuple) and isinstance(talk_.speakers, tuple)
    assert talk_.format_label == "Talk"


def test_valid_talk_records_the_line_of_every_field() -> None:
    entry = read_page(VALID_TALK, "x").entry
    assert entry.line("") == 2  # the `talk:` key
    assert entry.line("talk") == 3  # where its mapping starts
    assert entry.line("talk.title") == 3
    assert entry.line("talk.speakers") == 6
    assert entry.line("talk.start") == 18
    assert entry.line("talk.room") == 20
    # a field that is not there falls back to its parent
    assert entry.line("talk.id") == 3


def test_explicit_ids_and_scalar_values_are_text() -> None:
    data = read_page(
        page(
            "talk:\n  id: my-own-id\n  title: 2022\n  event: kcna-2022\n  format: lightning-talk\n"
            "  speakers:\n    - name: Jo Bloggs\n      id: jo-b\n  summary: yes\n  timezone: Europe/Amsterdam\n"
            "  start: 2023-04-19T09:30\n"
        ),
        "file-name",
    )
    assert data.problems == []
    item = data.entry.item
    assert item.id == "my-own-id"
    assert item.title == "2022"  # a YAML int is taken as the text it was written as
    assert item.summary == "yes"  # ... and so is a YAML bool
    assert item.speakers == (Speaker(id="jo-b", name="Jo Bloggs"),)
    assert item.timezone == "Europe/Amsterdam"
    assert item.start == datetime(2023, 4, 19, 9, 30)
    assert item.format_label == "Lightning talk"


def test_valid_event_parses_to_the_model() -> None:
    source = page(
        "event:\n  name: KubeCon + CloudNativeCon Europe 2023\n  short_name: KubeCon EU 2023\n"
        "  city: Amsterdam\n  country: Netherlands\n  start: 2023-04-18\n  end: 2023-04-21\n"
        "  timezone: Europe/Amsterdam\n  url: https://events.example.org/eu\n"
    )
    data = read_page(source, default_id("events/kceu/index"))
    assert data.problems == []
    event = data.entry.item
    assert event == Event(
        id="kceu",
        name="KubeCon + CloudNativeCon Europe 2023",
        short_name="KubeCon EU 2023",
        city="Amsterdam",
        country="Netherlands",
        start=date(2023, 4, 18),
        end=date(2023, 4, 21),
        timezone="Europe/Amsterdam",
        url="https://events.example.org/eu",
    )
    assert event.label == "KubeCon EU 2023"
    assert event.place == "Amsterdam, Netherlands"


def test_pages_without_talk_data_yield_nothing() -> None:
    assert read_page("# Just a page\n", "x").entry is None
    assert read_page(page("title: A MyST title\nhtml_meta:\n  description: d\n"), "x").entry is None
    assert read_page(page("- a\n- b\n"), "x").entry is None
    assert read_page("---\n---\n# Empty front-matter\n", "x").problems == []


@pytest.mark.parametrize(
    ("docname", "expected"),
    [("talks/kubecon/index", "kubecon"), ("talks/Whose Packet", "whose-packet"), ("index", "index")],
)
def test_default_id(docname: str, expected: str) -> None:
    assert default_id(docname) == expected


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zoë Example", "zoe-example"),
        ("Linkerd’s Policy CRD", "linkerds-policy-crd"),
        ("  A -- B  ", "a-b"),
        ("Gateway API", "gateway-api"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_find_block_and_blank_block_keep_line_numbers() -> None:
    source = "\ufeff---\ntalk:\n  title: [oops\n---\nbody line 5\n"
    block = find_block(source)
    assert (block.first_line, block.end_line) == (2, 4)
    blanked = blank_block(source.lstrip("\ufeff"), block)
    assert blanked.splitlines() == ["---", "{}", "#", "---", "body line 5"]  # an empty mapping MyST accepts quietly
    assert find_block("no front-matter\n---\n") is None
    assert find_block("---\nnever closed\n") is None


@pytest.mark.parametrize(
    ("zone", "start", "iso", "tzname"),
    [
        ("America/Detroit", datetime(2022, 10, 26, 14, 30), "2022-10-26T14:30:00-04:00", "EDT"),
        ("America/Detroit", datetime(2022, 11, 7, 9, 0), "2022-11-07T09:00:00-05:00", "EST"),
        ("Europe/Amsterdam", datetime(2023, 4, 19, 9, 30), "2023-04-19T09:30:00+02:00", "CEST"),
    ],
)
def test_talk_window_uses_the_zone_of_the_event(zone: str, start: datetime, iso: str, tzname: str) -> None:
    event = Event(id="e", name="E", timezone=zone)
    begin, end = talk_window(Talk(id="t", title="T", start=start, duration=35), event)
    assert begin.isoformat() == iso
    assert begin.tzname() == tzname
    assert (end - begin).total_seconds() == 35 * 60


def test_talk_window_prefers_the_talks_own_zone_and_needs_a_zone() -> None:
    event = Event(id="e", name="E", timezone="Europe/Amsterdam")
    own = Talk(id="t", title="T", start=datetime(2023, 4, 21, 10, 0), timezone="Europe/London")
    assert talk_window(own, event)[0].isoformat() == "2023-04-21T10:00:00+01:00"
    assert talk_window(replace(own, timezone=""), None) is None
    assert talk_window(replace(own, start=None), event) is None


# --- malformations: one problem each, at its line ------------------------------------------------


def test_yaml_syntax_error() -> None:
    source = page("talk:\n  title: A talk\n  summary: it says: this\n")
    assert_problem(
        source, 4, "", "YAML error: mapping values are not allowed here (a ': ' inside a value)", subtype="yaml"
    )
    assert read_page(source, "x").yaml_broken is True


def test_yaml_tab_indentation_error() -> None:
    source = page("talk:\n  title: A talk\n\tevent: kcna-2022\n")
    assert_problem(source, 4, "", "YAML error: a tab in column 1; YAML indents with spaces, not tabs", subtype="yaml")


@pytest.mark.parametrize(
    ("field", "help_text"),
    [
        ("title", "the talk's title as in the schedule"),
        ("event", "id of the event page"),
        ("format", "one of: keynote, talk, lightning-talk, workshop"),
        ("speakers", "one entry per speaker"),
        ("summary", "one sentence for the card"),
    ],
)
def test_missing_required_field(field: str, help_text: str) -> None:
    source = talk(**{field: ""})
    if field == "speakers":
        source = source.replace("    - name: Flynn\n      affiliation: Buoyant\n", "")
    # reported where the talk's mapping starts: its first key, page line 3
    assert_problem(source, 3, f"talk.{field}", f"is required: add '{field}:'", help_text)


def test_missing_title_falls_back_to_the_page_id() -> None:
    assert read_page(talk(title=""), "my-page").entry.item.title == "my-page"


def test_topics_given_as_text_instead_of_a_list() -> None:
    assert_problem(
        talk("  topics: Security\n"),
        10,
        "talk.topics",
        "expected a list, got text",
        "write [Security] or one '- item' per line",
    )


def test_speakers_given_as_nothing() -> None:
    assert_problem(
        talk(speakers="~").replace("    - name: Flynn\n      affiliation: Buoyant\n", ""),
        6,
        "talk.speakers",
        "is empty; fill it in (one entry per speaker",
    )


def test_summary_given_as_a_mapping() -> None:
    assert_problem(
        talk(summary="").replace("\n---", "\n  summary:\n    short: one\n    long: two\n---", 1),
        10,
        "talk.summary",
        "expected text, got a mapping",
        "write it on one line",
    )


def test_title_given_as_a_list() -> None:
    assert_problem(talk(title="[Part one, Part two]"), 3, "talk.title", "expected text, got a list")


def test_unknown_key_with_did_you_mean() -> None:
    source = talk("  speakrs: []\n")
    assert_problem(source, 10, "talk.speakrs", "unknown key", "did you mean 'speakers'?")


def test_unknown_key_without_a_near_match_lists_the_known_keys() -> None:
    assert_problem(talk("  colour: red\n"), 10, "talk.colour", "unknown key; known keys: id, title, event, format")


def test_unknown_format_with_did_you_mean() -> None:
    assert_problem(
        talk(format="workshp"),
        5,
        "talk.format",
        "unknown format 'workshp'",
        "did you mean 'workshop'?",
        "(known: keynote, lightning-talk",
    )


@pytest.mark.parametrize(
    ("key", "url"),
    [
        ("video", "javascript:alert(1)"),
        ("video", "JavaScript:alert(document.cookie)"),
        ("slides", "data:text/html;base64,PHNjcmlwdD4="),
        ("slides", "file:///etc/passwd"),
        ("video", "//example.org/no-scheme"),
        ("video", "https://exa mple.org/space"),
    ],
)
def test_unsafe_or_incomplete_urls_are_refused(key: str, url: str) -> None:
    source = talk(f'  {key}: "{url}"\n')
    assert_problem(source, 10, f"talk.{key}", f"{url!r} is not allowed", "give a full http:// or https:// address")
    assert getattr(read_page(source, "x").entry.item, key) == ""


@pytest.mark.parametrize("url", ["https://example.org/a?b=c&d=e", "HTTP://EXAMPLE.ORG/"])
def test_http_urls_are_accepted(url: str) -> None:
    assert problems(talk(f'  video: "{url}"\n')) == []


def test_duplicate_speaker_ignoring_case() -> None:
    source = talk().replace("      affiliation: Buoyant\n", "      affiliation: Buoyant\n    - name: FLYNN\n")
    assert_problem(source, 9, "talk.speakers[2]", "repeats item 1", "list each entry once")
    assert [s.name for s in read_page(source, "x").entry.item.speakers] == ["Flynn"]


def test_duplicate_yaml_key() -> None:
    assert_problem(talk("  title: Again\n"), 10, "talk.title", "is given twice (first on line 3)", "keep one")
    # the first value wins
    assert read_page(talk("  title: Again\n"), "x").entry.item.title == "A talk"


@pytest.mark.parametrize("value", ["26/10/2022 14:30", "tomorrow", "2022-10-26 1:30"])
def test_bad_start_time(value: str) -> None:
    assert_problem(
        talk(f'  start: "{value}"\n'),
        10,
        "talk.start",
        f"{value!r} is not a date and time",
        "write it as YYYY-MM-DD HH:MM",
    )


def test_start_time_with_an_offset() -> None:
    assert_problem(
        talk("  start: 2022-10-26T14:30+02:00\n"), 10, "talk.start", "without an offset", "name the zone in `timezone`"
    )


def test_start_without_a_time_of_day_is_the_day_only() -> None:
    item = read_page(talk("  start: 2022-10-26\n"), "x").entry.item
    assert problems(talk("  start: 2022-10-26\n")) == []
    assert (item.start, item.day, item.start_day) == (None, date(2022, 10, 26), date(2022, 10, 26))
    timed = read_page(talk("  start: 2022-10-26 14:30\n"), "x").entry.item
    assert (timed.start, timed.day, timed.start_day) == (datetime(2022, 10, 26, 14, 30), None, date(2022, 10, 26))


@pytest.mark.parametrize(
    ("value", "why"),
    [("2022-02-30", "February 2022 has 28 days"), ("2022-13-01", "there is no month 13; months go from 01 to 12")],
)
def test_a_day_only_start_must_be_a_date(value: str, why: str) -> None:
    """The same words as an event's impossible day: what is wrong with it, not only its shape."""
    assert_problem(talk(f"  start: {value}\n"), 10, "talk.start", f"{value!r} is not a date: {why}")


def test_a_day_only_start_in_range() -> None:
    assert_problem(talk("  start: 1800-10-26\n"), 10, "talk.start", "the year 1800 is out of range")


def test_bad_event_date() -> None:
    source = page("event:\n  name: E\n  start: 2022-10-32\n  end: 2022-10-28\n  timezone: UTC\n")
    assert_problem(source, 4, "event.start", "'2022-10-32' is not a date: October 2022 has 31 days")


def test_unknown_time_zone_with_did_you_mean() -> None:
    assert_problem(
        talk("  timezone: Europe/Amsterdm\n"),
        10,
        "talk.timezone",
        "unknown time zone 'Europe/Amsterdm'; did you mean 'Europe/Amsterdam'?",
    )


@pytest.mark.parametrize("zone", ["../../etc/passwd", "Mars/Olympus_Mons"])
def test_time_zone_that_is_not_a_zone(zone: str) -> None:
    assert_problem(
        talk(f"  timezone: {zone}\n"),
        10,
        "talk.timezone",
        f"unknown time zone {zone!r}; use an IANA name such as 'America/Detroit'",
    )


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("0", "0 is out of range; give 1 to 1440 minutes"),
        ("2000", "2000 is out of range; give 1 to 1440 minutes"),
        ("-5", "expected a whole number of minutes"),
        ("35 min", "expected a whole number of minutes"),
        ("1.5", "expected a whole number of minutes"),
    ],
)
def test_duration_out_of_range_or_not_a_number(value: str, needle: str) -> None:
    assert_problem(talk(f"  duration: {value}\n"), 10, "talk.duration", needle)


@pytest.mark.parametrize("value", ['"²"', "9" * 5000])
def test_duration_with_digits_int_refuses(value: str) -> None:
    assert_problem(talk(f"  duration: {value}\n"), 10, "talk.duration", "expected a whole number of minutes")


def test_yaml_alias_is_refused() -> None:
    laughs = (
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "talk:\n  title: *c\n"
    )
    assert_problem(
        page(laughs), 3, "", "anchors and aliases (*name) are not allowed", "write the value out", subtype="yaml"
    )
    assert read_page(page(laughs), "x").entry is None


def test_deep_nesting_is_refused() -> None:
    assert_problem(page("x: " + "[" * 30 + "]" * 30 + "\n"), 2, "", "nesting is deeper than 20 levels", subtype="yaml")


def test_oversized_front_matter_is_refused() -> None:
    source = talk("  room: " + "x" * (MAX_BYTES + 10) + "\n")
    assert_problem(source, 2, "", f"larger than {MAX_BYTES // 1024} KiB", subtype="yaml")


def test_talk_and_event_on_one_page() -> None:
    source = talk("event:\n  name: Another event\n")
    assert_problem(
        source, 10, "event", "a page describes one thing", "both 'talk' and 'event'", "move one to its own page"
    )
    assert isinstance(read_page(source, "x").entry.item, Talk)


@pytest.mark.parametrize(("value", "suggestion"), [("My Talk!", "my-talk"), ("über_cool", "uber-cool")])
def test_id_that_is_not_a_slug(value: str, suggestion: str) -> None:
    source = talk(f'  id: "{value}"\n')
    assert_problem(
        source,
        10,
        "talk.id",
        f"{value!r} is not an id",
        "lower-case letters, digits and hyphens",
        f"e.g. {suggestion!r}",
    )
    assert read_page(source, "file-id").entry.item.id == "file-id"


def test_event_reference_that_is_not_a_slug() -> None:
    assert_problem(talk(event="KubeCon NA"), 4, "talk.event", "'KubeCon NA' is not an id", "'kubecon-na'")


def test_empty_title() -> None:
    assert_problem(talk(title='""'), 3, "talk.title", "is empty; fill it in (the talk's title as in the schedule)")


def test_multi_line_title() -> None:
    source = talk(title="|").replace("  title: |\n", "  title: |\n    line one\n    line two\n")
    assert_problem(source, 3, "talk.title", "must be a single line", "join the lines")


def test_summary_too_long() -> None:
    assert_problem(talk(summary="x" * 250), 9, "talk.summary", "is 250 characters long", "at most 200")


def test_empty_speaker_list() -> None:
    source = talk(speakers="[]").replace("    - name: Flynn\n      affiliation: Buoyant\n", "")
    assert_problem(source, 6, "talk.speakers", "needs at least 1 item(s)")


def test_speaker_given_as_text() -> None:
    source = talk().replace("    - name: Flynn\n      affiliation: Buoyant\n", "    - Flynn\n")
    assert_problem(
        source,
        7,
        "talk.speakers[1]",
        "expected a speaker as a mapping of 'key: value' lines, got text",
        "write its fields after the '-', e.g. '- name: Flynn'",
    )


def test_empty_speaker_item() -> None:
    source = talk().replace("    - name: Flynn\n      affiliation: Buoyant\n", "    -\n")
    assert_problem(source, 7, "talk.speakers[1]", "got nothing", "e.g. '- name: ...'")


def test_talk_given_as_text() -> None:
    assert_problem(
        page("talk: Service Mesh 101\n"),
        2,
        "talk",
        "expected the talk as a mapping",
        "got text; indent its fields under 'talk:', e.g. '  title: Service Mesh 101'",
    )


def test_too_many_topics() -> None:
    source = talk("  topics: [" + ", ".join(f"t{i}" for i in range(13)) + "]\n")
    assert_problem(source, 10, "talk.topics", "has 13 items; list at most 12")


def test_unknown_event_key_with_did_you_mean() -> None:
    source = page("event:\n  name: E\n  cty: Detroit\n  start: 2022-10-24\n  end: 2022-10-28\n  timezone: UTC\n")
    assert_problem(source, 4, "event.cty", "unknown key", "did you mean 'city'?")


def test_event_missing_time_zone() -> None:
    source = page("event:\n  name: E\n  start: 2022-10-24\n  end: 2022-10-28\n")
    assert_problem(source, 3, "event.timezone", "is required: add 'timezone:'", "IANA time zone")


def test_empty_speaker_name() -> None:
    source = talk().replace("    - name: Flynn\n", '    - name: ""\n')
    assert_problem(source, 7, "talk.speakers[1].name", "is empty; fill it in (the speaker's full name")


def test_speaker_without_a_name() -> None:
    source = talk().replace("    - name: Flynn\n      affiliation: Buoyant\n", "    - affiliation: Buoyant\n")
    assert_problem(source, 7, "talk.speakers[1].name", "is required: add 'name:'")


def test_every_problem_of_a_page_is_reported_at_once() -> None:
    source = talk("  speakrs: []\n  duration: 0\n  video: javascript:x\n", format="workshp")
    found = problems(source)
    assert [(line, field) for line, field, _, _ in found] == [
        (5, "talk.format"),
        (10, "talk.speakrs"),
        (11, "talk.duration"),
        (12, "talk.video"),
    ]


# --- checks across pages -------------------------------------------------------------------------


def entry(docname: str, source: str) -> Entry:
    data = read_page(source, default_id(docname))
    assert data.entry is not None, data.problems
    return replace(data.entry, docname=docname)


EVENT = page(
    "event:\n  id: kcna-2022\n  name: KubeCon NA\n  start: 2022-10-24\n  end: 2022-10-28\n  timezone: America/Detroit\n"
)


def test_a_consistent_collection_has_no_problems() -> None:
    entries = [entry("events/kcna", EVENT), entry("talks/a", talk()), entry("talks/b", talk())]
    assert check_collection(entries) == []


def test_duplicate_talk_ids_across_two_pages() -> None:
    first = entry("talks/a", talk("  id: shared\n"))
    second = entry("talks/b", talk(title="Other").replace("talk:\n", "talk:\n  id: shared\n"))
    found = check_collection([second, entry("events/kcna", EVENT), first])
    assert len(found) == 1
    docname, problem = found[0]
    # the page whose name sorts later is the duplicate, reported at its own 'id:' line
    assert (docname, problem.line, problem.field, problem.subtype) == ("talks/b", 3, "talk.id", "duplicate")
    assert "talk id 'shared' is already used by talks/a" in problem.message
    assert "give this page its own 'id:' or rename the file" in problem.message


def test_duplicate_default_ids_are_reported_where_the_talk_starts() -> None:
    found = check_collection([entry("events/kcna", EVENT), entry("a/x", talk()), entry("b/x", talk())])
    assert [(d, p.line, p.field) for d, p in found] == [("b/x", 3, "talk.id")]
    assert "talk id 'x' is already used by a/x" in found[0][1].message


def test_duplicate_event_ids() -> None:
    found = check_collection([entry("events/a", EVENT), entry("events/b", EVENT)])
    assert [(d, p.line, p.field, p.subtype) for d, p in found] == [("events/b", 3, "event.id", "duplicate")]
    assert "event id 'kcna-2022' is already used by events/a" in found[0][1].message


def test_unknown_event_id_with_did_you_mean() -> None:
    found = check_collection([entry("events/kcna", EVENT), entry("talks/a", talk(event="kcna-2202"))])
    assert len(found) == 1
    docname, problem = found[0]
    assert (docname, problem.line, problem.field, problem.subtype) == ("talks/a", 4, "talk.event", "reference")
    assert "unknown event 'kcna-2202'; did you mean 'kcna-2022'?" in problem.message
    assert "(known: kcna-2022)" in problem.message
    assert "use the id of an event page" in problem.message


def test_unknown_event_id_without_any_events() -> None:
    ((docname, problem),) = check_collection([entry("talks/a", talk())])
    assert problem.line == 4
    assert "unknown event 'kcna-2022' (known: none yet)" in problem.message


def test_start_without_any_time_zone() -> None:
    event = page("event:\n  id: kcna-2022\n  name: KubeCon NA\n  start: 2022-10-24\n  end: 2022-10-28\n")
    talks = [entry("events/kcna", event), entry("talks/a", talk("  start: 2022-10-26 14:30\n"))]
    found = check_collection(talks)
    assert [(d, p.line, p.field) for d, p in found] == [("talks/a", 10, "talk.start")]
    assert "has no time zone; add 'timezone:' to the talk or to its event" in found[0][1].message
    # a zone on the talk itself is enough
    talks[1] = entry("talks/a", talk("  start: 2022-10-26 14:30\n  timezone: UTC\n"))
    assert check_collection(talks) == []


# --- messages that point the wrong way -----------------------------------------------------------


def test_event_that_ends_before_it_starts() -> None:
    source = page("event:\n  name: E\n  start: 2022-10-24\n  end: 2022-10-20\n  timezone: UTC\n")
    assert_problem(source, 5, "event.end", "2022-10-20 is before the start, 2022-10-24", "on or after `start`")
    # the impossible last day is dropped, so the card shows the first day alone
    assert read_page(source, "x").entry.item.end is None


def test_one_day_event_may_end_on_its_start() -> None:
    assert problems(page("event:\n  name: E\n  start: 2022-10-24\n  end: 2022-10-24\n  timezone: UTC\n")) == []


def test_talk_with_nothing_under_it() -> None:
    source = page("talk:\ntitle: Not indented\n")
    line, field, message, _ = problems(source)[0]
    assert (line, field) == (2, "talk")
    assert "got nothing" in message
    assert "indent its fields under 'talk:'" in message


@pytest.mark.parametrize("value", ["", " ~", " null", ' ""'])
def test_empty_event_says_got_nothing(value: str) -> None:
    assert_problem(page(f"event:{value}\n"), 2, "event", "got nothing", "indent its fields under 'event:'")


def test_talk_key_given_twice() -> None:
    source = talk("talk:\n  title: Again\n")
    assert_problem(source, 10, "talk", "is given twice (first on line 2)", "keep one 'talk:'")
    # the first block is read, as for any other key given twice
    assert read_page(source, "x").entry.item.title == "A talk"


def test_talk_key_given_twice_next_to_an_event() -> None:
    found = sorted(problems(talk("event:\n  name: E\ntalk:\n  title: Again\n")))
    assert [(line, field) for line, field, _, _ in found] == [(10, "event"), (12, "talk")]
    assert "it has both 'talk' and 'event'" in found[0][2]
    assert "is given twice (first on line 2)" in found[1][2]


def test_keys_that_are_lists_are_not_reported_as_given_twice() -> None:
    found = problems(talk("  ? [a]\n  : 1\n  ? [b]\n  : 2\n"))
    assert [(line, field) for line, field, _, _ in found] == [(10, "talk"), (12, "talk")]
    for _, _, message, _ in found:
        assert "has a key that is a list, not a name; use one of: id, title" in message


def test_key_given_twice_inside_a_speaker() -> None:
    source = talk().replace("      affiliation: Buoyant\n", "      affiliation: Buoyant\n      name: Flynn Again\n")
    assert_problem(source, 9, "talk.speakers[1].name", "is given twice (first on line 7)", "keep one")
    assert [s.name for s in read_page(source, "x").entry.item.speakers] == ["Flynn"]


def test_key_given_twice_inside_an_event() -> None:
    source = page("event:\n  name: E\n  start: 2022-10-24\n  end: 2022-10-28\n  timezone: UTC\n  start: 2022-10-25\n")
    assert_problem(source, 7, "event.start", "is given twice (first on line 4)", "keep one")


# --- MyST never parses our keys a second time ----------------------------------------------------

SHARED = """\
---
orphan: true
talk:
  title: Shared block
  speakers:
    - name: Flynn
# a comment that belongs to nobody
html_meta:
  description: kept for MyST
---
Body
"""


def test_our_key_is_cut_out_line_by_line_and_the_rest_is_left_to_myst() -> None:
    data = read_page(SHARED, "shared")
    assert data.entry is not None and data.entry.item.title == "Shared block"
    assert data.owned_lines == ((3, 7),)  # up to the next key: the comment line goes too
    assert not data.only_ours
    hidden = hide_lines(SHARED, data.owned_lines)
    assert hidden.count("\n") == SHARED.count("\n")
    import yaml

    block = find_block(hidden)
    assert block is not None
    assert yaml.safe_load(block.text) == {"orphan": True, "html_meta": {"description": "kept for MyST"}}


def test_a_block_that_is_all_ours_is_hidden_whole() -> None:
    data = read_page("---\ntalk:\n  title: Alone\n---\n", "alone")
    assert data.only_ours


def test_flow_style_front_matter_is_left_whole() -> None:
    data = read_page("---\n{talk: {title: Flow}, orphan: true}\n---\n", "flow")
    assert data.entry is not None and data.owned_lines == ()


@pytest.mark.parametrize(("raw", "code"), [("a\x06b", "0006"), ("\x7f", "007F")])
def test_a_control_character_yaml_refuses_is_a_located_problem(raw: str, code: str) -> None:
    source = page(f"talk:\n  title: {raw}\n")
    [problem] = read_page(source, "x").problems
    assert (problem.line, problem.subtype) == (3, "yaml")
    assert f"U+{code}" in problem.message


@pytest.mark.parametrize(("escaped", "code"), [("\\u2028", "2028"), ("\\x00", "0000"), ("\\x9b", "009B")])
def test_invisible_characters_yaml_allows_are_refused_in_text(escaped: str, code: str) -> None:
    source = talk(title=f'"Bad{escaped}title"')
    assert_problem(source, 3, "talk.title", f"U+{code}", "delete it")
