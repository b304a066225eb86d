"""A build of test-broken: every malformation is reported in one build as
`<file>:<line>: WARNING: <field>: <message> [talkdeck.<subtype>]`, the build goes on, every page
still gets its HTML, and nothing a page says can inject markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from conftest import Build, build, build_root, copy_root, find_warning, parse_warnings, soup, text, warnings_of

#: (file, line, subtype, needles): everything test-broken is expected to report.
EXPECTED = [
    (
        "talks/yaml-syntax.md",
        5,
        "yaml",
        "YAML error: mapping values are not allowed here (a ': ' inside a value); put the whole value in quotes: "
        'summary: "it says: this is not valid"',
    ),
    ("talks/alias.md", 3, "yaml", "YAML error: anchors and aliases (*name) are not allowed", "write the value out"),
    ("talks/missing-title.md", 3, "frontmatter", "talk.title: is required: add 'title:'"),
    ("talks/missing-fields.md", 3, "frontmatter", "talk.event: is required: add 'event:'"),
    ("talks/missing-fields.md", 3, "frontmatter", "talk.format: is required: add 'format:'", "one of: keynote"),
    ("talks/missing-fields.md", 3, "frontmatter", "talk.speakers: is required: add 'speakers:'"),
    ("talks/missing-fields.md", 3, "frontmatter", "talk.summary: is required: add 'summary:'"),
    ("talks/topics-string.md", 9, "frontmatter", "talk.topics: expected a list, got text", "write [Security]"),
    ("talks/title-list.md", 3, "frontmatter", "talk.title: expected text, got a list"),
    ("talks/summary-mapping.md", 9, "frontmatter", "talk.summary: expected text, got a mapping"),
    ("talks/unknown-key.md", 6, "frontmatter", "talk.speakrs: unknown key", "did you mean 'speakers'?"),
    ("talks/unknown-key.md", 3, "frontmatter", "talk.speakers: is required"),
    ("talks/unknown-format.md", 5, "frontmatter", "talk.format: unknown format 'workshp'", "did you mean 'workshop'?"),
    (
        "talks/unknown-event.md",
        4,
        "reference",
        "talk.event: unknown event 'kcna-2202'",
        "did you mean 'kcna-2022'?",
        "use the id of an event page",
    ),
    (
        "talks/bad-video.md",
        9,
        "frontmatter",
        "talk.video: 'javascript:alert(1)' is not allowed",
        "give a full http:// or https:// address",
    ),
    ("talks/bad-slides.md", 9, "frontmatter", "talk.slides: 'data:text/html;base64,", "is not allowed"),
    ("talks/duplicate-speaker.md", 9, "frontmatter", "talk.speakers[2]: repeats item 1", "list each entry once"),
    (
        "talks/dup-id-b.md",
        5,
        "duplicate",
        "talk.id: talk id 'shared-id' is already used by talks/dup-id-a",
        "give this page its own 'id:' or rename the file",
    ),
    ("talks/duplicate-key.md", 6, "frontmatter", "talk.title: is given twice (first on line 3); keep one"),
    (
        "talks/bad-start.md",
        9,
        "frontmatter",
        "talk.start: '2022-10-26 25:99' is not a date and time: there is no hour 25; hours go from 00 to 23",
    ),
    (
        "talks/bad-timezone.md",
        10,
        "frontmatter",
        "talk.timezone: unknown time zone 'Europe/Amsterdm'",
        "did you mean 'Europe/Amsterdam'?",
    ),
    ("talks/bad-duration.md", 9, "frontmatter", "talk.duration: 2000 is out of range; give 1 to 1440 minutes"),
    (
        "talks/talk-and-event.md",
        9,
        "frontmatter",
        "event: a page describes one thing",
        "both 'talk' and 'event'",
        "move one to its own page",
    ),
    ("talks/bad-id.md", 3, "frontmatter", "talk.id: 'My Talk!' is not an id", "e.g. 'my-talk'"),
    ("events/bad-dates.md", 4, "frontmatter", "event.start: '2022-10-32' is not a date: October 2022 has 31 days"),
    (
        "pages/no-talk-card.md",
        5,
        "directive",
        "talk: without an id this directive shows the page's own talk",
        "no valid 'talk:' front-matter",
    ),
    ("pages/no-event-card.md", 3, "directive", "event: without an id this directive shows the page's own event"),
    ("pages/unknown-card.md", 3, "reference", "unknown talk 'hostle'", "did you mean 'hostile'?"),
    ("pages/unknown-card.md", 6, "reference", "unknown event 'kcna-2023'", "did you mean 'kcna-2022'?"),
    ("pages/grid-unknown.md", 3, "reference", ":topic: unknown topic 'securty'", "did you mean 'security'?"),
    ("pages/grid-unknown.md", 3, "reference", ":speaker: unknown speaker 'flyn'", "did you mean 'flynn'?"),
    ("pages/grid-unknown.md", 3, "reference", ":format: unknown format 'workshp'", "did you mean 'workshop'?"),
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("broken", tmp_path_factory.mktemp("broken"))


def _id(case: tuple) -> str:
    return f"{case[0]}:{case[1]}:{case[3][:30]}"


@pytest.mark.parametrize("case", EXPECTED, ids=[_id(c) for c in EXPECTED])
def test_problem_is_reported_with_file_line_field_and_fix(broken: Build, case: tuple) -> None:
    file, line, subtype, *needles = case
    warning = find_warning(broken.records(), file, line, *needles)
    assert warning.type == f"talkdeck.{subtype}"


def test_the_build_reports_exactly_the_expected_talkdeck_warnings(broken: Build) -> None:
    ours = [w for w in broken.records() if w.type.startswith("talkdeck")]
    assert len(ours) == len(EXPECTED), "\n".join(f"{w.file}:{w.line}: {w.message}" for w in ours)
    # and every talkdeck warning is located: a page and a line inside it
    for warning in ours:
        assert (broken.srcdir / warning.file).is_file()
        assert 1 <= warning.line <= len((broken.srcdir / warning.file).read_text().splitlines())


def test_warning_line_format_is_exactly_what_sphinx_prints(broken: Build) -> None:
    expected = (
        f"{broken.srcdir}/talks/unknown-format.md:5: WARNING: talk.format: unknown format 'workshp'; "
        "did you mean 'workshop'?"
    )
    assert any(
        line.startswith(expected) and line.endswith("[talkdeck.frontmatter]") for line in broken.warnings.splitlines()
    ), broken.warnings


def test_every_page_still_gets_html_and_nothing_crashes(broken: Build) -> None:
    assert broken.statuscode == 0
    assert "Traceback" not in broken.warnings + broken.status
    assert "Exception occurred" not in broken.warnings + broken.status
    sources = sorted(p.relative_to(broken.srcdir).with_suffix("").as_posix() for p in broken.srcdir.rglob("*.md"))
    assert len(sources) == 29
    for docname in sources:
        assert (broken.html / f"{docname}.html").is_file(), docname


def test_pages_with_invalid_fields_still_show_their_valid_data(broken: Build) -> None:
    page = broken.page("talks/bad-video")
    card = page.select_one(".tdk-card-page")
    assert text(card.select_one(".tdk-summary")) == "The video link would run script."
    assert not page.select(".tdk-video")
    assert not page.find_all("a", href=lambda h: h and h.lower().startswith(("javascript:", "data:")))
    assert not broken.page("talks/bad-slides").select(".tdk-slides")
    # a missing title falls back to the page's id, and the page is titled with it
    assert text(broken.page("talks/missing-title").find("h1")).rstrip("¶") == "missing-title"


def test_broken_yaml_page_still_renders_its_body(broken: Build) -> None:
    page = broken.page("talks/yaml-syntax")
    assert "The YAML above does not parse." in text(page.select_one("div.body"))
    # the broken front-matter is not shown as text
    assert "this is not valid" not in text(page.select_one("div.body"))


@pytest.mark.parametrize("file", ["talks/yaml-syntax.md", "talks/alias.md", "events/bad-dates.md"])
def test_one_problem_is_reported_once(broken: Build, file: str) -> None:
    located = [w for w in broken.records() if w.file == file]
    assert [w.type for w in located] == [f"talkdeck.{'frontmatter' if 'events' in file else 'yaml'}"], located


def test_hostile_strings_are_escaped(broken: Build) -> None:
    raw = (broken.html / "talks/hostile.html").read_text()
    page = soup(broken.html / "talks/hostile.html")
    # nothing from the page became markup; its JSON-LD holds the strings as JSON, < > & escaped
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":
            assert "<" not in script.get_text() and json.loads(script.get_text())["@type"] == "Event"
            continue
        assert "alert" not in script.get_text()
    assert not page.find_all(["iframe", "img", "b"])
    for tag in page.find_all(True):
        assert not any(attr.startswith("on") for attr in tag.attrs)
    assert "<script>alert" not in raw
    # ... but all of it is there as text
    h1 = text(page.find("h1")).rstrip("¶")
    assert h1.startswith("<script>alert(1)</script> ")
    assert (
        h1.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
        == "<script>alert(1)</script> \"quoted\" & 'single'"
    )
    card = page.select_one(".tdk-card-page")
    assert text(card.select_one(".tdk-speaker-name")) == "<img src=x onerror=alert(2)>"
    assert text(card.select_one(".tdk-affiliation")) == 'Evil "Corp"'
    assert text(card.select_one(".tdk-summary")) == "</p><script>alert(3)</script>"
    assert text(card.select_one(".tdk-room")) == "<iframe>"
    assert text(card.select_one(".tdk-topics")) == "<b>bold</b>"
    # a quote in a URL cannot end the attribute
    video = card.select_one("a.tdk-video")
    assert video["href"] == 'https://example.org/watch?v=1&x="><script>alert(4)</script>'
    assert list(video.attrs) == ["class", "href"]


def test_hostile_title_is_escaped_in_other_pages_cards(broken: Build) -> None:
    page = broken.page("index")
    for script in page.find_all("script"):
        assert "alert" not in script.get_text()
    link = page.find("a", href="talks/hostile.html", class_="tdk-title-link")
    assert text(link) == "<script>alert(1)</script> \"quoted\" & 'single'"


def live_markup(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Elements that could only have come from a page's front-matter text."""
    found = [str(tag)[:80] for tag in page.find_all(["img", "iframe", "b"])]
    for tag in page.find_all("script"):
        # JSON-LD holds the strings as JSON text: fine while no < can end the script
        data = tag.get("type") == "application/ld+json"
        if ("<" if data else "alert") in tag.get_text():
            found.append(str(tag)[:80])
    return found


@pytest.mark.parametrize("docname", ["talks/bad-start", "talks/bad-timezone"])
def test_hostile_title_is_escaped_in_the_neighbours_navigation(broken: Build, docname: str) -> None:
    page = broken.page(docname)
    assert live_markup(page) == []
    assert any(text(a).startswith("<script>alert(1)</script>") for a in page.find_all("a", href="hostile.html"))


@pytest.mark.parametrize("docname", ["speakers/img-src-x-onerror-alert-2", "topics/b-bold-b"])
def test_hostile_names_are_escaped_on_generated_pages(broken: Build, docname: str) -> None:
    assert live_markup(broken.page(docname)) == []


def test_no_other_page_carries_markup_from_front_matter(broken: Build) -> None:
    known = {"talks/bad-start", "talks/bad-timezone", "speakers/img-src-x-onerror-alert-2", "topics/b-bold-b"}
    for path in sorted(broken.html.rglob("*.html")):
        docname = path.relative_to(broken.html).with_suffix("").as_posix()
        if docname not in known:
            assert live_markup(soup(path)) == [], docname


# --- builds with other settings ----------------------------------------------------------------


# This one goes through sphinx.testing's own `app` fixture and marker (the root is found through the
# `rootdir` fixture); `srcdir` makes it a private copy, so no pickled environment is shared.
@pytest.mark.sphinx("html", testroot="broken", srcdir="broken-strict", freshenv=True, warningiserror=True)
def test_warnings_as_errors_fail_the_build_after_reporting_everything(app) -> None:  # type: ignore[no-untyped-def]
    app.build()
    assert app.statuscode == 1
    records = parse_warnings(warnings_of(app), app.srcdir)
    ours = [w for w in records if w.type.startswith("talkdeck")]
    assert len(ours) == len(EXPECTED)  # -W with keep-going: every problem, not just the first
    find_warning(records, "talks/unknown-format.md", 5, "talk.format: unknown format 'workshp'")
    status = strip_colors(app.status.getvalue())
    assert "build finished with problems" in status
    assert "warnings treated as errors" in status


def test_a_clean_root_passes_with_warnings_as_errors(tmp_path: Path) -> None:
    result = build_root("basic", tmp_path, warningiserror=True)
    assert result.warnings == ""
    assert result.statuscode == 0


def test_suppress_warnings_silences_one_subtype(tmp_path: Path) -> None:
    result = build_root("broken", tmp_path, confoverrides={"suppress_warnings": ["talkdeck.frontmatter"]})
    types = {w.type for w in result.records()}
    assert "talkdeck.frontmatter" not in types
    assert {"talkdeck.yaml", "talkdeck.reference", "talkdeck.duplicate", "talkdeck.directive"} <= types
    expected_left = [c for c in EXPECTED if c[2] != "frontmatter"]
    assert len([w for w in result.records() if w.type.startswith("talkdeck")]) == len(expected_left)


def test_suppress_warnings_silences_the_whole_type(tmp_path: Path) -> None:
    result = build_root("broken", tmp_path, confoverrides={"suppress_warnings": ["talkdeck"]})
    assert not [w for w in result.records() if w.type.startswith("talkdeck")]


# --- problems that once crashed the build instead of warning ------------------------------------

TALK = """\
---
talk:
  title: A talk
  event: kcna-2022
  format: talk
  speakers:
{speakers}
  summary: One sentence.
---

```{{talk}}
```
"""


def _root_with(tmp_path: Path, name: str, source: str) -> Path:
    src = copy_root("broken", tmp_path / "src")
    for path in list((src / "talks").iterdir()) + list((src / "pages").iterdir()):
        path.unlink()
    (src / "talks" / name).write_text(source)
    return src


@pytest.mark.parametrize("speakers", ['    - name: ""', "    - affiliation: Buoyant"], ids=["empty-name", "no-name"])
def test_speaker_without_a_usable_name_is_a_warning_not_a_crash(tmp_path: Path, speakers: str) -> None:
    src = _root_with(tmp_path, "nameless.md", TALK.format(speakers=speakers))
    result = build(src, tmp_path / "out", freshenv=True)
    find_warning(result.records(), "talks/nameless.md", 7, "talk.speakers[1].name")
    assert (result.html / "talks/nameless.html").is_file()
