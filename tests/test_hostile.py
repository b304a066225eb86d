"""Hostile and malformed input: test-hostile (script tags, quotes that leave attributes,
javascript: and data: URLs, billion laughs, deep nesting, tabs, a BOM, CRLF and CR line
endings, control characters, bytes that are not UTF-8) plus pages too large to commit (written
here). The build runs as `python -m sphinx` in a child process with a memory limit and a
timeout: it must end with exit 0, every line it prints must be a located warning inside the
page it names, no traceback, and no page or export may carry markup or a script URL that came
from a page."""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml
from icalendar import Calendar

from conftest import REPO, ROOTS, build, copy_root, output_files, parse_warnings, search_index, soup, text
from talkdeck.core.model import MAX_SLUG, slugify

#: The child build may use this much address space (Sphinx, docutils, the theme: about 0.5 GiB).
MEMORY = 2 * 1024**3
#: ... and this much time (about 5 s on a laptop).
TIMEOUT = 120

#: Expands to six ASCII characters each under NFKD ('rad∕s2'), so a name of 120 of them would
#: need a 720-character file name for its page.
EXPANDING = "\u33af"


def talk_page(fields: str, body: str = "") -> str:
    return "---\ntalk:\n" + fields + "---\n\n```{talk}\n```\n" + body


VALID = "  event: evil-conf\n  format: talk\n  speakers:\n    - name: Generated Person\n  summary: Generated.\n"


QUOTED_NAME = "talks/q\"'<x>& sp.md"


def generated_pages() -> dict[str, str]:
    """Pages too large to commit, path -> text."""
    long_fields = (
        '  title: "' + "T" * 5000 + '"\n'
        "  event: evil-conf\n  format: talk\n  speakers:\n"
        + "".join(f"    - name: P{i}\n" for i in range(500))
        + "  topics: ["
        + ", ".join(f"t{i}" for i in range(1000))
        + "]\n"
        + '  summary: "'
        + "s" * 10000
        + '"\n'
        + '  room: "'
        + "r" * 121
        + '"\n'
    )
    depth = 300
    return {
        # field values far past their limits, in front-matter just under the 64 KiB cap
        "talks/long-fields.md": talk_page(long_fields),
        # front-matter over the cap: refused before YAML reads it
        "talks/huge.md": talk_page('  title: "' + "x" * (200 * 1024) + '"\n' + VALID),
        # a 2 MB paragraph
        "talks/long-body.md": talk_page("  title: Long body\n" + VALID, "\n" + "word " * 400_000 + "\n"),
        # names whose slugs would be longer than a file name may be
        "talks/long-slug.md": talk_page(
            "  title: Long slugs\n  event: evil-conf\n  format: talk\n  speakers:\n"
            f'    - name: "{EXPANDING * 120}"\n'
            f'      affiliation: "{EXPANDING * 120}"\n'
            f'  topics: ["{EXPANDING * 60}"]\n  projects: ["{EXPANDING * 60}"]\n  summary: Slugs.\n'
        ),
        # a file name that must be quoted in every URL (kept out of git: not every system allows it)
        QUOTED_NAME: talk_page("  title: A file name with quotes\n" + VALID + "  start: 2024-03-02 09:00\n"),
        # a body nested as deep as Markdown lets it, and runs of brackets and emphasis markers
        "pages/deep-body.md": "# Deeply nested body\n\n"
        + "\n".join("> " * i + f"level {i}" for i in range(1, depth))
        + "\n\n"
        + "\n".join("  " * i + f"- item {i}" for i in range(depth))
        + "\n\n"
        + "[" * 5000
        + "x"
        + "]" * 5000
        + "\n\n"
        + "*" * 5000
        + "x"
        + "*" * 5000
        + "\n",
    }


def hostile_source(dest: Path) -> Path:
    """A copy of test-hostile with the generated pages added."""
    src = copy_root("hostile", dest)
    for path, content in generated_pages().items():
        (src / path).write_text(content, encoding="utf-8")
    return src


@dataclass
class Run:
    """One child build: its folders, exit status, output and how long it took."""

    src: Path
    out: Path
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def page(self, docname: str):  # type: ignore[no-untyped-def]
        return soup(self.out / f"{docname}.html")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_sphinx(src: Path, out: Path, *extra: str) -> Run:
    """Build in a child process under a memory limit and a timeout (the build must not hang)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "_ext"), "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    doctrees = out.with_name(out.name + "-doctrees")
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-N",
            "-E",
            "-d",
            str(doctrees),
            *extra,
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        env=env,
        check=False,
    )
    return Run(src, out, done.returncode, done.stdout, done.stderr, time.monotonic() - started)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("hostile")
    return run_sphinx(hostile_source(tmp / "src"), tmp / "out")


# --- the build ends, within bounds, and says where every problem is -----------------------


def test_build_ends_in_bounded_time_and_memory(hostile: Run) -> None:
    assert hostile.returncode == 0, hostile.stderr[-3000:]
    assert hostile.seconds < TIMEOUT
    for crash in ("Traceback", "Exception occurred", "Encoding error", "MemoryError", "RecursionError"):
        assert crash not in hostile.stderr
        assert crash not in hostile.stdout


_LOCATED = re.compile(r"^(?P<path>/[^:]+):(?P<line>\d+): (?:WARNING|ERROR): \S")


def test_every_line_printed_is_a_located_warning_inside_its_page(hostile: Run) -> None:
    lines = [line for line in hostile.stderr.splitlines() if line.strip()]
    assert len(lines) > 50
    outside = []
    for line in lines:
        match = _LOCATED.match(line)
        if match is None:
            outside.append(line[:300])
            continue
        path = Path(match["path"])
        assert path.is_relative_to(hostile.src), line[:300]
        # a line of the page as an editor counts them (CR alone ends a line too)
        count = len(path.read_bytes().decode("utf-8", "replace").splitlines())
        assert 1 <= int(match["line"]) <= count, line[:300]
    assert outside == []


#: (page, line, needles): what test-hostile must report, each at the line that causes it.
EXPECTED = [
    ("talks/latin1.md", 3, "is not UTF-8 text (byte 0xE9 on this line); save the file as UTF-8"),
    ("talks/bad-body.md", 17, "is not UTF-8 text (byte 0xC3 on this line)"),
    ("talks/bom.md", 9, "talk.start: 'not-a-time' is not a date and time"),
    ("talks/crlf.md", 9, "talk.start: '2024-13-45 99:99' is not a date and time"),
    ("talks/cr.md", 9, "talk.duration: expected a whole number of minutes"),
    ("talks/control.md", 3, "YAML does not allow the invisible character U+0000"),
    (
        "talks/tabs.md",
        3,
        "YAML error: a tab in column 1; YAML indents with spaces, not tabs: replace the tab with spaces",
    ),
    ("talks/aliases.md", 3, "anchors and aliases (*name) are not allowed"),
    ("talks/merge-key.md", 6, "anchors and aliases (*name) are not allowed"),
    ("pages/alias-not-ours.md", 4, "anchors and aliases (*name) are not allowed"),
    ("talks/nesting.md", 6, "nesting is deeper than 20 levels"),
    ("talks/nesting-types.md", 3, "talk.title: expected text, got a mapping"),
    ("talks/nesting-types.md", 9, "talk.speakers[2]: expected a speaker as a mapping", "got a list"),
    ("talks/nesting-types.md", 18, "talk.video: expected text, got a list"),
    ("talks/nesting-types.md", 19, "talk: has a key that is a list, not a name"),
    ("talks/huge.md", 2, "front-matter is larger than 64 KiB"),
    ("pages/timestamp.md", 5, "YAML error: a '!!timestamp' value is not a date"),
    ("talks/bad-date.md", 9, "YAML error: month must be in 1..12"),
    ("talks/long-fields.md", 3, "talk.title: is 5000 characters long; shorten it to at most 300"),
    ("talks/long-fields.md", 7, "talk.speakers: has 500 items; list at most 30"),
    ("talks/long-fields.md", 507, "talk.topics: has 1000 items; list at most 12"),
    ("talks/long-fields.md", 508, "talk.summary: is 10000 characters long"),
    ("talks/long-fields.md", 509, "talk.room: is 121 characters long"),
    ("events/conf.md", 12, "event.url: 'javascript:alert(5)' is not allowed"),
    ("events/far.md", 5, "event.start: the year 1 is out of range; give a year from 1900 to 2999"),
    ("events/far.md", 6, "event.end: the year 9999 is out of range"),
    ("talks/far-future.md", 9, "talk.start: the year 9999 is out of range"),
    ("talks/far-past.md", 9, "talk.start: the year 1 is out of range"),
    ("talks/typo-year.md", 9, "talk.start: is 65741 days from its event's days (2024-03-01 to 2024-03-03)"),
    ("talks/year-edges.md", 9, "talk.start: is 356415 days from its event's days"),
    ("talks/year-edges-early.md", 9, "talk.start: is 45351 days from"),  # 1899-12-31 in Paris
    ("events/centuries.md", 6, "event.end: 2950-01-01 is 365244 days after the start"),
    ("events/long.md", 6, "event.end: 2026-01-01 is 732 days after the start; an event lasts at most 366 days"),
    ("talks/url-javascript.md", 9, "talk.video: 'javascript:alert(1)' is not allowed"),
    ("talks/url-javascript.md", 10, "talk.slides: 'JaVaScRiPt:alert(2)' is not allowed"),
    ("talks/url-data.md", 9, "talk.video: 'data:text/html;base64,"),
    ("talks/url-data.md", 10, "talk.slides: 'data:image/svg+xml,<svg onload=alert(2)>' is not allowed"),
    ("talks/url-tricks.md", 9, "talk.video: 'java\\tscript:alert(1)' is not allowed"),
    ("talks/url-tricks.md", 10, "talk.slides: '//evil.example/x.js' is not allowed"),
    ("pages/directives.md", 3, "unknown talk '\"><script>alert(1)</script>'"),
    ("pages/directives.md", 6, "unknown event 'javascript:alert(2)'"),
    ("pages/directives.md", 22, "talk-index: unknown kind '<script>alert(5)</script>'"),
]


@pytest.mark.parametrize("case", EXPECTED, ids=[f"{c[0]}:{c[1]}" for c in EXPECTED])
def test_each_problem_is_reported_where_it_is(hostile: Run, case: tuple) -> None:
    file, line, *needles = case
    hits = [
        w
        for w in parse_warnings(hostile.stderr, hostile.src)
        if w.file == file and w.line == line and all(n in w.message for n in needles)
    ]
    assert len(hits) == 1, [
        (w.line, w.message[:200]) for w in parse_warnings(hostile.stderr, hostile.src) if w.file == file
    ]
    assert hits[0].type.startswith("talkdeck.")


def test_the_lines_the_generated_pages_are_blamed_on_are_right(tmp_path: Path) -> None:
    """EXPECTED names lines of generated pages; check they are the lines that hold those keys."""
    lines = generated_pages()["talks/long-fields.md"].splitlines()
    assert lines[2].startswith("  title:") and lines[6] == "    - name: P0"  # the list starts on line 7
    assert lines[506].startswith("  topics:") and lines[507].startswith("  summary:")
    assert lines[508].startswith("  room:")
    assert b"\xc3\x28" in (ROOTS / "test-hostile/talks/bad-body.md").read_bytes().splitlines()[16]


def test_pages_that_are_not_utf8_are_left_out(hostile: Run) -> None:
    assert not (hostile.out / "talks/latin1.html").exists()
    assert not (hostile.out / "talks/bad-body.html").exists()
    index = hostile.page("index")
    assert not [a for a in index.find_all("a", href=True) if "latin1" in a["href"] or "bad-body" in a["href"]]


def test_line_endings_and_bom_do_not_lose_the_talk(hostile: Run) -> None:
    for docname, title in (("talks/bom", "BOM first"), ("talks/crlf", "CRLF endings"), ("talks/cr", "CR endings")):
        page = hostile.page(docname)
        assert text(page.find("h1")).rstrip("¶#") == title
        assert text(page.select_one(".tdk-card-page .tdk-speakers")) == "Byte Person"
    tabbed = hostile.page("talks/tab-values")
    assert text(tabbed.find("h1")).rstrip("¶#") == "Tab inside a value"


def test_the_years_at_the_edges_of_the_range_are_built(hostile: Run) -> None:
    """The first and last minute the schema allows, shifted as far as zones and durations go."""
    late = Calendar.from_ical((hostile.out / "calendar/talks/year-edges.ics").read_bytes()).walk("VEVENT")[0]
    assert late.DTSTART.isoformat() == "2999-12-31T23:59:00-12:00"
    assert late.DTEND.isoformat() == "3000-01-01T23:59:00-12:00"
    early = Calendar.from_ical((hostile.out / "calendar/talks/year-edges-early.ics").read_bytes()).walk("VEVENT")[0]
    assert early.DTSTART.isoformat() == "1900-01-01T00:00:00+14:00"
    titles = [straight(text(a)) for a in hostile.page("index").select(".tdk-grid .tdk-title-link")]
    assert titles.index("The first minute of year 1900") < titles.index("The last minute of year 2999")


def test_a_talk_outside_its_event_does_not_stretch_the_schedule(hostile: Run) -> None:
    """A start two centuries off would make the event's schedule list some 65,000 days."""
    conference = json.loads((hostile.out / "schedules/evil-conf.json").read_text(encoding="utf-8"))["schedule"]
    days = conference["conference"]["days"]
    assert [d["date"] for d in days] == ["2024-03-01", "2024-03-02", "2024-03-03"]
    titles = {e["title"] for d in days for room in d["rooms"].values() for e in room}
    assert "A year typed wrong" not in titles and "The last minute of year 2999" not in titles
    assert straight("<script>alert(1)</script> Scripted & \"quoted\" 'talk'") in titles
    assert max(p.stat().st_size for p in (hostile.out / "schedules").glob("*.json")) < 100_000
    # an event whose end was refused, with a talk 74 years after its start: no schedule at all
    assert not (hostile.out / "schedules/centuries.json").exists()
    assert (hostile.out / "calendar/talks/centuries-talk.ics").is_file()


def test_slugs_stay_short_enough_for_file_names(hostile: Run) -> None:
    slug = slugify(EXPANDING * 120)
    assert len(slug) == MAX_SLUG - 1  # 'rad-s2' repeated, cut at 100, trailing hyphen dropped
    for kind in ("speakers", "organisations"):
        assert (hostile.out / f"{kind}/{slug}.html").is_file()
    assert (hostile.out / f"topics/{slugify(EXPANDING * 60)}.html").is_file()
    assert max(len(p.name.encode()) for p in hostile.out.rglob("*")) <= MAX_SLUG + len(".html")


# --- nothing injected -----------------------------------------------------------------------

#: The one inline script of the theme (furo sets the colour scheme before the page paints).
THEME_SCRIPT = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'
#: Attributes whose value is fetched or followed as a URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "srcset", "ping"}
#: Elements no page of this site has, so one could only come from page data.
FOREIGN = {"iframe", "object", "embed", "frame", "frameset", "base", "img", "x", "b", "applet"}


def scheme(value: str) -> str:
    """The scheme a browser would see: it drops ASCII whitespace and controls anywhere in a URL."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return match[1] if match else ""


def injections(html: Path, out: Path) -> list[str]:
    """Everything in one page that could run script or was not written by the theme or talkdeck."""
    found = []
    page = soup(html)
    for element in page.find_all(True):
        where = f"{html.relative_to(out)}: <{element.name}>"
        if element.name in FOREIGN or (element.name == "meta" and element.get("http-equiv")):
            found.append(where)
        for name, value in element.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name.startswith("on"):
                found.append(f"{where} {name}=")
            # the one other scheme talkdeck writes: a calendar to subscribe to, under html_baseurl
            schemes = (
                "",
                "http",
                "https",
                *(["webcal"] if "tdk-subscribe-calendar" in element.get("class", []) else []),
            )
            for one in values:
                if (
                    scheme(one) in ("javascript", "data", "vbscript")
                    or name in URL_ATTRIBUTES
                    and scheme(one) not in schemes
                ):
                    found.append(f"{where} {name}={one[:80]!r}")
            if name == "style" and "position:fixed" in "".join(values).replace(" ", ""):
                found.append(f"{where} style={value!r}")
        if element.name == "style" and ("alert" in element.get_text() or "display:none" in element.get_text()):
            found.append(f"{where} {element.get_text()[:80]!r}")
        if element.name == "script":
            found.extend(_bad_script(element, html, out))
    return found


def _bad_script(element, html: Path, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    where = f"{html.relative_to(out)}: <script>"
    if element.get("type") == "application/ld+json":
        raw = element.string or ""
        try:
            json.loads(raw)
        except ValueError:
            return [f"{where} JSON-LD that does not parse: {raw[:80]!r}"]
        return [f"{where} JSON-LD with '</'"] if "</" in raw else []
    if element.get("src"):
        target = (html.parent / urlsplit(element["src"]).path).resolve()
        if not target.is_relative_to(out.resolve()):
            return [f"{where} src outside the site: {element['src']!r}"]
        relative = target.relative_to(out.resolve()).as_posix()
        if not (relative.startswith("_static/") or relative == "searchindex.js") or not target.is_file():
            return [f"{where} src={element['src']!r}"]
        return [f"{where} src with content"] if element.get_text().strip() else []
    if element.get_text().strip() == THEME_SCRIPT:
        return []
    return [f"{where} inline {element.get_text()[:80]!r}"]


def test_no_page_carries_script_or_markup_from_the_pages(hostile: Run) -> None:
    pages = sorted(hostile.out.rglob("*.html"))
    assert len(pages) > 40
    found = [problem for page in pages for problem in injections(page, hostile.out)]
    assert found == []


def test_the_checker_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The injection check itself, on a page that has every kind of thing it must find."""
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static/ok.js").write_text("")
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script src='_static/ok.js'></script><script>alert(1)</script>"
        '<script type="application/ld+json">{"a": "</script>"}</script></head><body>'
        "<a href=' java\tscript:alert(1)'>x</a><div onmouseover='x'></div><img src=x>"
        "<a href='ftp://x'>y</a><span data-x='data:text/html,x'></span><script src='../evil.js'></script>"
        "<a class='tdk-subscribe-calendar' href='webcal://x/a.ics'>ok</a><a href='webcal://x/b.ics'>z</a>"
        f"<script>{THEME_SCRIPT}</script></body></html>"
    )
    found = injections(page, tmp_path)
    assert len(found) == 9, found


def straight(value: str) -> str:
    """Text with Sphinx's smart quotes (on by default, for every text node) made straight again."""
    return value.translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))


def source_data(src: Path, docname: str) -> dict:
    """A page's talk as YAML gives it (the pages used here are plain YAML, no aliases)."""
    block = (src / f"{docname}.md").read_text(encoding="utf-8").split("---\n")[1]
    return yaml.safe_load(block)["talk"]


@pytest.mark.parametrize("docname", ["talks/script", "talks/attributes"])
def test_hostile_text_is_shown_as_text(hostile: Run, docname: str) -> None:
    talk = source_data(hostile.src, docname)
    page = hostile.page(docname)
    assert straight(text(page.find("h1")).rstrip("¶#")) == " ".join(talk["title"].split())
    card = page.select_one(".tdk-card-page")
    names = [straight(text(s)) for s in card.select(".tdk-speaker-name")]
    assert names == [" ".join(s["name"].split()) for s in talk["speakers"]]
    ld = json.loads(page.find("script", type="application/ld+json").string)
    assert ld["name"] == talk["title"]


def test_exports_keep_hostile_text_as_data(hostile: Run) -> None:
    talk = source_data(hostile.src, "talks/script")
    data = json.loads((hostile.out / "talks.json").read_text(encoding="utf-8"))
    mine = next(t for t in data["talks"] if t["id"] == "script")
    assert mine["title"] == talk["title"]
    assert mine["room"] == talk["room"]
    assert mine["summary"] == talk["summary"]
    assert [s["name"] for s in mine["speakers"]] == [s["name"] for s in talk["speakers"]]
    assert [t["name"] for t in mine["topics"]] == talk["topics"]
    assert mine["video"] == talk["video"]  # an http(s) URL, kept as given; pages escape it
    # every URL in the data is http(s) or relative
    urls = list(_values_of(data, {"absolute_url", "url", "video", "slides"}))
    assert len(urls) > 50 and all(scheme(u) in ("", "http", "https") for u in urls)
    for path in [hostile.out / "schedule.json", *sorted((hostile.out / "schedules").glob("*.json"))]:
        json.loads(path.read_text(encoding="utf-8"))


def _values_of(data: object, keys: set[str]):  # type: ignore[no-untyped-def]
    """Every string under one of ``keys`` anywhere in parsed JSON."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str):
                yield value
            else:
                yield from _values_of(value, keys)
    elif isinstance(data, list):
        for value in data:
            yield from _values_of(value, keys)


def test_calendars_keep_hostile_text_as_data(hostile: Run) -> None:
    talk = source_data(hostile.src, "talks/script")
    calendar = Calendar.from_ical((hostile.out / "calendar/talks/script.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 1  # nothing in the text started a second event
    assert str(events[0]["SUMMARY"]) == talk["title"]
    assert str(events[0]["LOCATION"]).startswith(talk["room"] + ", ")  # then the event's city
    for path in sorted((hostile.out / "calendar").rglob("*.ics")):
        Calendar.from_ical(path.read_bytes())


def test_feed_and_sitemap_keep_hostile_text_as_data(hostile: Run) -> None:
    talk = source_data(hostile.src, "talks/script")
    feed = ET.parse(hostile.out / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert talk["title"] in titles
    assert {e.tag for e in feed.iter()} <= {f"{atom}{n}" for n in _ATOM}
    for element in feed.iter():
        assert element.get("type") in (None, "text", "application/atom+xml", "text/html"), element.attrib
        assert scheme(element.get("href", "")) in ("", "http", "https")
    sitemap = ET.parse(hostile.out / "sitemap.xml").getroot()
    locs = [e.text or "" for e in sitemap.iter() if e.tag.endswith("loc")]
    assert len(locs) > 40
    assert len(set(locs)) == len(locs)  # a name that needs quoting was listed quoted and unquoted
    assert all(re.fullmatch(r"https://example\.org/hostile/[A-Za-z0-9%._~/-]*", loc) for loc in locs), locs
    assert "https://example.org/hostile/talks/q%22%27%3Cx%3E%26%20sp.html" in locs


_ATOM = {"feed", "id", "title", "updated", "author", "name", "link", "generator", "entry", "summary", "category"}


def test_search_index_is_data(hostile: Run) -> None:
    """A title made of markup is text in the index (Pagefind's fragments are JSON), and the page
    gives it to the index in an escaped attribute (an HTML parser reads back the same text)."""
    title = "<script>alert(1)</script> Scripted & \"quoted\" 'talk'"
    index = search_index(hostile.out)
    found = [url for url, page in index.items() if straight(page["meta"]["name"]) == title]
    assert len(found) == 1, sorted(straight(page["meta"]["name"]) for page in index.values())
    page = soup(hostile.out / found[0].lstrip("/"))
    meta = page.select_one('[data-pagefind-meta="name[data-tdk-value]"]')
    assert straight(meta["data-tdk-value"]) == title and not meta.contents
    raw = (hostile.out / found[0].lstrip("/")).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw


# --- the same under -j 2 ----------------------------------------------------------------------


def test_parallel_build_of_hostile_pages_is_the_same(hostile: Run, tmp_path: Path) -> None:
    two = run_sphinx(hostile.src, tmp_path / "out", "-j", "2")
    assert two.returncode == 0, two.stderr[-3000:]
    assert "Traceback" not in two.stderr
    mine, theirs = output_files(two.out), output_files(hostile.out)
    assert sorted(mine) == sorted(theirs)
    assert [path for path in sorted(theirs) if mine[path] != theirs[path]] == []
    assert sorted(set(two.stderr.splitlines())) == sorted(set(hostile.stderr.splitlines()))


# --- a page that stops being UTF-8 between builds ----------------------------------------------


def test_a_page_that_stops_being_utf8_leaves_the_site_as_a_clean_build_would(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    build(src, tmp_path / "out", freshenv=True)
    page = src / "kcna/mesh-intro.md"
    page.write_bytes(page.read_bytes().replace(b"The body of the mesh", "Caf\xe9 body".encode("latin-1")))
    line = page.read_bytes().split(b"\xe9")[0].count(b"\n") + 1
    again = build(src, tmp_path / "out")
    [warning] = [w for w in again.records() if w.type == "talkdeck.encoding"]
    assert (warning.file, warning.line) == ("kcna/mesh-intro.md", line)
    assert not (tmp_path / "out/html/kcna/mesh-intro.html").exists()
    assert "Service Mesh 101" not in (tmp_path / "out/html/index.html").read_text(encoding="utf-8")
    clean_src = tmp_path / "clean-src"
    shutil.copytree(src, clean_src)
    clean = build(clean_src, tmp_path / "clean-out", freshenv=True)
    mine, theirs = output_files(again.html), output_files(clean.html)
    assert sorted(mine) == sorted(theirs)
    assert [path for path in sorted(theirs) if mine[path] != theirs[path]] == []
    # fixed again: back in every listing
    page.write_bytes(page.read_bytes().replace("Caf\xe9".encode("latin-1"), "Café".encode()))
    fixed = build(src, tmp_path / "out")
    assert fixed.warnings == ""
    assert "Service Mesh 101" in (tmp_path / "out/html/index.html").read_text(encoding="utf-8")


def test_long_slugs_are_cut_at_a_hyphen_boundary_and_stay_ids() -> None:
    assert slugify("a" * 300) == "a" * MAX_SLUG
    assert slugify("ab-" * 50) == ("ab-" * 34)[:MAX_SLUG].rstrip("-")
    assert slugify("kubernetes") == "kubernetes"
    valid_id = "x" * MAX_SLUG
    assert slugify(valid_id) == valid_id


def test_paths_in_warnings_are_the_source_files(hostile: Run) -> None:
    """Warnings name files that exist under the source folder (never a temporary or output path)."""
    files = {w.file for w in parse_warnings(hostile.stderr, hostile.src)}
    assert files and all((hostile.src / PurePosixPath(f)).is_file() for f in files)
