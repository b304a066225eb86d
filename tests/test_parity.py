"""Parity: `check` and the strict build report the same (file, line, message) set about
front-matter, ids, events, spellings, delimiters, encodings and whether a page is reachable
(toctree or orphan), over a corpus of contributor mistakes added to a copy of this site, and over
tests/roots/test-broken. They call the same code (core/frontmatter, core/checks, core/reach,
core/sources); this test proves the result agrees.

What `check` cannot see is the short list in BODY_ONLY, documented in README's "Command line":
roles and directives in page bodies (talkdeck's own, and the toctree). The build's warnings minus
check's findings must be exactly the corpus's body mistakes, nothing more."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, ROOTS, build
from talkdeck.cli import main

EVENT = "kubecon-na-2022"
HERE = f"talks/{EVENT}"


def talk(name: str, extra: str = "", **fields: str | None) -> str:
    """A valid talk page for the corpus; `fields` replace a line's value, `extra` adds lines."""
    values = {
        "title": f'"{name}"',
        "event": EVENT,
        "format": "talk",
        "speakers": "\n    - name: Jane Example\n      affiliation: Example Corp",
        "topics": "[Security]",
        "summary": '"A sentence for the card."',
    }
    values.update(fields)
    lines = [f"  {key}: {value}" if value is not None else f"  {key}:" for key, value in values.items() if value != "-"]
    head = "---\ntalk:\n" + "\n".join(lines) + "\n" + extra
    return head + "---\n\n```{talk}\n```\n\nThe description, in our own words.\n"


def event(label: str, extra: str = "", **fields: str) -> str:
    values = {"name": f'"{label}"', "start": "2024-03-19", "end": "2024-03-22", "timezone": "Europe/Paris"}
    values.update(fields)
    lines = [f"  {key}: {value}" for key, value in values.items() if value != "-"]
    return "---\nevent:\n" + "\n".join(lines) + "\n" + extra + "---\n\n```{event}\n```\n\nAbout the event.\n"


@dataclass(frozen=True)
class Mistake:
    """One contributor mistake: a page added to the site, and what both must say about it
    (line 0: the whole file; None: nothing, it is not a mistake any more)."""

    path: str
    text: str | bytes
    line: int | None
    needle: str = ""


def _unclosed() -> str:
    return talk("Unclosed").replace("---\n\n```{talk}", "\n```{talk}", 1)


MISTAKES = [
    # delimiters and YAML syntax
    Mistake(f"{HERE}/m-unclosed.md", _unclosed(), 10, "front-matter is not closed"),
    Mistake(f"{HERE}/m-tab.md", talk("Tab").replace("  format: talk", "\tformat: talk"), 5, "YAML indents with spaces"),
    Mistake(f"{HERE}/m-bracket.md", talk("Bracket", topics="[Security, Zero trust"), 9, "the '[' in column 11"),
    Mistake(
        f"{HERE}/m-brace.md",
        talk("Brace", speakers="\n    - {name: Jane Example, affiliation: Example Corp"),
        7,
        "the '{' in column 7",
    ),
    Mistake(f"{HERE}/m-quote.md", talk("Quote", summary='"A sentence that never ends'), 10, "quoted value that never"),
    Mistake(f"{HERE}/m-colon.md", talk("Colon", summary="It says: this"), 10, "put the whole value in quotes"),
    Mistake(f"{HERE}/m-alias.md", talk("Alias", summary="*who"), 10, "anchors and aliases"),
    # values
    Mistake(f"{HERE}/m-feb30.md", talk("Feb 30", extra="  start: 2022-02-30 14:30\n"), 11, "February 2022 has 28"),
    Mistake(f"{HERE}/m-hour.md", talk("Hour", extra="  start: 2022-10-26 25:00\n"), 11, "there is no hour 25"),
    Mistake(f"{HERE}/m-offset.md", talk("Offset", extra="  start: 2022-10-26T14:30+02:00\n"), 11, "without an offset"),
    Mistake(f"{HERE}/m-empty-title.md", talk("x", title=None), 3, "talk.title: is empty; fill it in"),
    Mistake(f"{HERE}/m-empty-summary.md", talk("Empty summary", summary='""'), 10, "talk.summary: is empty"),
    Mistake(f"{HERE}/m-empty-room.md", talk("Empty room", extra="  room:\n"), 11, "fill it in or remove the key"),
    Mistake(f"{HERE}/m-no-speakers.md", talk("No speakers", speakers="-"), 3, "talk.speakers: is required"),
    Mistake(f"{HERE}/m-format.md", talk("Format", format="workshp"), 5, "did you mean 'workshop'?"),
    Mistake(f"{HERE}/m-key.md", talk("Key", extra="  vidoe: https://example.org/v\n"), 11, "did you mean 'video'?"),
    Mistake(f"{HERE}/m-video.md", talk("Video", extra="  video: javascript:alert(1)\n"), 11, "is not allowed"),
    Mistake(f"{HERE}/m-slides.md", talk("Slides", extra="  slides: example.org/slides.pdf\n"), 11, "http"),
    Mistake(f"{HERE}/m-zone.md", talk("Zone", extra="  timezone: Europe/Pari\n"), 11, "unknown time zone"),
    Mistake(f"{HERE}/m-duration.md", talk("Duration", extra="  duration: thirty\n"), 11, "whole number of minutes"),
    Mistake(f"{HERE}/m-title-list.md", talk("x", title="[One, Two]"), 3, "expected text, got a list"),
    Mistake(f"{HERE}/m-topics-text.md", talk("Topics", topics="Security"), 9, "write [Security]"),
    Mistake(f"{HERE}/m-twice.md", talk("Twice", extra='  title: "Again"\n'), 11, "is given twice"),
    Mistake(
        f"{HERE}/m-same-speaker.md",
        talk("Same speaker", speakers="\n    - name: Jane Example\n    - name: jane example"),
        8,
        "repeats item 1",
    ),
    Mistake(f"{HERE}/m-bad-id.md", talk("Bad id", extra="  id: My Talk\n"), 11, "is not an id"),
    Mistake(
        f"{HERE}/m-both.md",
        talk("Both", extra="").replace("---\n\n", "event:\n  name: E\n---\n\n", 1),
        11,
        "a page describes one thing",
    ),
    # across pages: events, ids, spellings (blame lands on the deviating page only)
    Mistake(f"{HERE}/m-event.md", talk("Event", event="kubecon-na-2202"), 4, "did you mean 'kubecon-na-2022'?"),
    Mistake(
        f"{HERE}/zz-dup-id.md",  # sorts after the page that has the id, which keeps it
        talk("Dup id", extra="  id: whose-packet-is-it-anyway\n"),
        11,
        "is already used by talks/kubecon-na-2022/whose-packet-is-it-anyway",
    ),
    Mistake(
        f"{HERE}/m-speaker.md",
        talk("Speaker", speakers="\n    - name: alex leong\n      affiliation: Buoyant"),
        7,
        # Alex Leong has a profile (people/alex-leong.md): the profile's name is the one to write
        "speaker 'alex leong' is 'Alex Leong' in their profile (people/alex-leong)",
    ),
    Mistake(f"{HERE}/m-topic.md", talk("Topic", topics="[service Mesh]"), 9, "write 'Service mesh' here too"),
    Mistake(f"{HERE}/m-project.md", talk("Project", extra="  projects: [linkerd]\n"), 11, "project 'linkerd'"),
    Mistake(
        f"{HERE}/m-org.md",
        talk("Org", speakers="\n    - name: Jane Example\n      affiliation: buoyant"),
        8,
        "organisation 'buoyant' is written 'Buoyant'",
    ),
    Mistake(f"{HERE}/m-far.md", talk("Far", extra="  start: 2032-10-26 14:30\n"), 11, "days from its event's days"),
    # event pages
    Mistake("talks/kubecon-eu-2024/index.md", event("KubeCon EU 2024"), None),  # a new event: no toctree needed
    Mistake("talks/m-ends-early/index.md", event("Ends early", end="2024-03-01"), 5, "is before the start"),
    Mistake("talks/m-leap/index.md", event("Leap", start="2023-02-29"), 4, "February 2023 has 28 days"),
    Mistake("talks/m-no-zone/index.md", event("No zone", timezone="-"), 3, "event.timezone: is required"),
    # reachability and encoding
    Mistake("m-stray.md", "# A stray page\n\nNo toctree lists it.\n", 0, "document isn't included in any toctree"),
    Mistake("m-orphan.md", "---\norphan: true\n---\n\n# An orphan page\n\nOn purpose.\n", None),
    Mistake(f"{HERE}/m-latin1.md", talk("Caf\xe9").encode("latin-1"), 3, "is not UTF-8 text (byte 0xE9"),
]

#: Mistakes in page bodies, which only the build sees (README, "Command line"): talkdeck's roles
#: and directives, and the toctree directive. (file, line, message) of each.
BODY_MISTAKES = {
    f"{HERE}/b-role.md": talk("Role body").replace("The description", "Ask {speaker}`Jane Exampel`; the description"),
    f"{HERE}/b-card.md": talk("Card body").replace("```{talk}\n```", "```{talk} no-such-talk\n```"),
    "b-grid.md": "---\norphan: true\n---\n\n# Grid\n\n```{talk-grid}\n:topic: Securty\n```\n",
}
BODY_ONLY = {
    (
        f"{HERE}/b-role.md",
        16,
        "{speaker}: unknown speaker 'Jane Exampel'; did you mean 'jane-example'?",
        "talkdeck.reference",
    ),
    (f"{HERE}/b-card.md", 13, "unknown talk 'no-such-talk'; use the id of an existing talk", "talkdeck.reference"),
    ("b-grid.md", 7, ":topic: unknown topic 'securty'; did you mean 'security'?", "talkdeck.reference"),
}

_LINE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?: (?:WARNING: )?(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$")
Record = tuple[str, int, str, str]


def parse(text: str, srcdir: Path) -> set[Record]:
    """`file[:line]: [WARNING: ]message [type]` lines (the build's and check's) as records."""
    found = set()
    prefix = str(srcdir) + "/"
    for raw in text.splitlines():
        match = _LINE.match(raw)
        assert match is not None, raw
        found.add((match["path"].removeprefix(prefix), int(match["line"] or 0), match["message"], match["type"] or ""))
    return found


def run_check(srcdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> set[Record]:
    monkeypatch.chdir(srcdir)
    main(["check"])
    out, _ = capsys.readouterr()
    return parse(out, srcdir)


def strict_build(srcdir: Path, out: Path) -> set[Record]:
    result = build(srcdir, out, freshenv=True, warningiserror=True, keep_going=True)
    return parse(result.warnings, srcdir)


def site_with(tmp: Path, pages: dict[str, str | bytes]) -> Path:
    ignore = shutil.ignore_patterns(
        ".venv", "_build", ".git", "__pycache__", "node_modules", "tests", "benchmarks", "test-artifacts", "*.egg-info"
    )
    src = Path(shutil.copytree(REPO, tmp / "src", ignore=ignore))
    for path, content in pages.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (src / path).write_bytes(content)
        else:
            (src / path).write_text(content, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[Record], set[Record]]:
    tmp = tmp_path_factory.mktemp("parity")
    src = site_with(tmp, {m.path: m.text for m in MISTAKES} | BODY_MISTAKES)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(src)
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            main(["check"])
    return src, parse(out.getvalue(), src), strict_build(src, tmp / "out")


def test_the_corpus_has_at_least_thirty_mistakes() -> None:
    assert len([m for m in MISTAKES if m.line is not None]) >= 30
    assert len({m.path for m in MISTAKES}) == len(MISTAKES)


def test_check_and_the_strict_build_report_the_same_set(corpus: tuple[Path, set[Record], set[Record]]) -> None:
    _, checked, built = corpus
    assert built - checked == BODY_ONLY, "the build reports what check does not:\n" + "\n".join(
        map(str, sorted(built - checked - BODY_ONLY))
    )
    assert checked - built == set(), "check reports what the build does not:\n" + "\n".join(
        map(str, sorted(checked - built))
    )


@pytest.mark.parametrize(
    "mistake", MISTAKES, ids=[Path(m.path).stem if "index" not in m.path else m.path.split("/")[1] for m in MISTAKES]
)
def test_each_mistake_is_reported_once_where_it_is(
    corpus: tuple[Path, set[Record], set[Record]], mistake: Mistake
) -> None:
    _, checked, _ = corpus
    mine = [r for r in checked if r[0] == mistake.path]
    if mistake.line is None:
        assert mine == []
        return
    assert [(line, mistake.needle in message) for _, line, message, _ in mine] == [(mistake.line, True)], mine


def test_blame_lands_on_the_deviating_pages_only(corpus: tuple[Path, set[Record], set[Record]]) -> None:
    _, checked, _ = corpus
    spelled = {r[0] for r in checked if "here too" in r[2] or "in their profile" in r[2]}
    assert spelled == {f"{HERE}/m-speaker.md", f"{HERE}/m-topic.md", f"{HERE}/m-project.md", f"{HERE}/m-org.md"}


def test_test_broken_reports_the_same_set_minus_its_body_directives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = Path(shutil.copytree(ROOTS / "test-broken", tmp_path / "src"))
    checked = run_check(src, monkeypatch, capsys)
    built = strict_build(src, tmp_path / "out")
    assert checked - built == set()
    only_built = built - checked
    # the body-only kinds: talkdeck's directives and grids in pages/, and the toctree of index.md
    # listing the two pages whose YAML cannot be read (they have no title to link with)
    assert {(r[0].split("/")[0], r[3]) for r in only_built} == {
        ("pages", "talkdeck.directive"),
        ("pages", "talkdeck.reference"),
        ("index.md", "toc.no_title"),
    }
    assert len(checked) == 25
