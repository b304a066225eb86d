"""Recordings, chapters and captions: the front-matter rules (located), WebVTT files read cue by
cue (a broken cue reported at its line in the .vtt file, by the build and by `check` alike), the
talk page's player, chapters and transcript as parsed HTML, the captions copied to the output
(and parsed back with webvtt-py), JSON-LD parsed, talks.json against its schema, the transcript
in the search index; incremental and `-j 2` builds equal clean ones with captions present."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import webvtt

from conftest import REPO, Build, build, build_root, copy_root, find_warning, search_index, text
from talkdeck.cli.main import main
from talkdeck.core.frontmatter import read_page
from talkdeck.core.media import read_vtt, seconds
from talkdeck.core.recordings import Chapter, Cue, Recording, clock
from talkdeck.importing.values import merge

TALK = """---
talk:
  title: T
  event: e
  format: talk
  speakers: [{{name: A}}]
  summary: S
{fields}
---
"""


def problems(fields: str) -> list[tuple[int, str, str]]:
    data = read_page(TALK.format(fields=fields), "t")
    return [(p.line, p.field, p.message) for p in data.problems]


# --- front-matter -----------------------------------------------------------------------------


def test_recordings_and_chapters_read_into_the_model() -> None:
    data = read_page(
        TALK.format(
            fields="""  recordings:
    - url: https://www.youtube.com/watch?v=abc
      language: pt-BR
      length: 1:02:03
      captions: t.pt.vtt
    - url: _static/media/t.webm
  chapters:
    - start: 0:00
      title: Hello
    - start: 59:59
      title: End"""
        ),
        "t",
    )
    assert data.problems == []
    talk = data.entry.item
    assert talk.recordings == (
        Recording("https://www.youtube.com/watch?v=abc", "pt-BR", 3723, "t.pt.vtt"),
        Recording("_static/media/t.webm"),
    )
    assert talk.chapters == (Chapter(0, "Hello"), Chapter(3599, "End"))
    assert talk.video == "https://www.youtube.com/watch?v=abc"
    assert talk.recordings[1].local and not talk.recordings[0].local


def test_video_is_the_short_form_of_one_recording() -> None:
    talk = read_page(TALK.format(fields="  video: https://vimeo.com/1"), "t").entry.item
    assert talk.recordings == (Recording("https://vimeo.com/1"),) and talk.video == "https://vimeo.com/1"


def test_each_mistake_is_reported_at_its_line() -> None:
    found = problems(
        """  video: https://vimeo.com/1
  recordings:
    - url: javascript:alert(1)
    - url: _static/../secret.mp4
    - url: https://example.org/v
      language: english please
      length: 61:00
      captions: ../elsewhere.vtt
  chapters:
    - start: 4:10
      title: B
    - start: 1:00
      title: A
    - start: 4:1
      title: C"""
    )
    lines = {(line, field) for line, field, _ in found}
    assert (8, "talk.video") in lines  # both forms
    assert (10, "talk.recordings[1].url") in lines
    assert (11, "talk.recordings[2].url") in lines
    assert (13, "talk.recordings[3].language") in lines
    assert (14, "talk.recordings[3].length") in lines
    assert (15, "talk.recordings[3].captions") in lines
    assert (19, "talk.chapters[2].start") in lines  # not after the one above
    assert (21, "talk.chapters[3].start") in lines  # not a time
    messages = {field: message for _, field, message in found}
    assert "M:SS or H:MM:SS" in messages["talk.chapters[3].start"]
    assert "list chapters in the order they start" in messages["talk.chapters[2].start"]
    assert "not both" in messages["talk.video"]


def test_chapters_beyond_the_length_or_without_a_recording() -> None:
    found = problems(
        """  recordings:
    - url: https://example.org/v
      length: 10:00
  chapters:
    - start: 0:00
      title: A
    - start: 10:00
      title: B"""
    )
    assert found == [
        (
            14,
            "talk.chapters[2].start",
            "10:00 is beyond the end of the first recording (10:00, its `length`); check the time or the length",
        )
    ]
    assert problems("  chapters:\n    - start: 0:00\n      title: A")[0][:2] == (8, "talk.chapters")


def test_clock() -> None:
    assert [seconds(t) for t in ("4:10", "04:10", "1:02:03", "0:00", "4:1", "60:00", "1:60:00", "x")] == [
        250,
        250,
        3723,
        0,
        None,
        None,
        None,
        None,
    ]
    assert [clock(s) for s in (0, 250, 3723)] == ["0:00", "4:10", "1:02:03"]


def test_a_schedule_reimport_keeps_the_pages_recordings_and_chapters() -> None:
    old = {
        "title": "T",
        "recordings": [{"url": "https://example.org/a", "captions": "t.en.vtt"}],
        "chapters": [{"start": "0:00", "title": "A"}],
    }
    merged = merge(old, {"title": "T2", "video": "https://example.org/from-the-schedule"})
    assert merged == {"title": "T2", "recordings": old["recordings"], "chapters": old["chapters"]}
    assert merge({"title": "T"}, {"title": "T", "video": "https://example.org/v"})["video"] == "https://example.org/v"


# --- WebVTT -----------------------------------------------------------------------------------

VTT = """WEBVTT

NOTE a comment, which WebVTT never reads as a cue

1
00:00:01.000 --> 00:00:02.500
First <v Ada>cue</v>
on two lines

00:00:03.000 --> 00:00:0x.000
broken

00:00:05.000 --> 00:00:04.000
backwards

00:00:00.500 --> 00:00:06.000
too early

00:07.000 --> 00:09.000 align:start
Last & best
"""


def test_vtt_cues_and_located_problems() -> None:
    cues, found = read_vtt(VTT, "x.vtt")
    assert cues == (Cue(1000, 2500, "First cue on two lines"), Cue(7000, 9000, "Last & best"))
    assert [(p.line, p.file) for p in found] == [(10, "x.vtt"), (13, "x.vtt"), (16, "x.vtt")]
    assert "cannot be read" in found[0].message
    assert "ends (00:00:04.000) before it starts" in found[1].message
    assert "before the cue above it" in found[2].message


def test_not_a_vtt_file() -> None:
    cues, found = read_vtt("1\n00:00:01,000 --> 00:00:02,000\nan SRT file\n", "x.vtt")
    assert cues == () and [(p.line, p.subtype) for p in found] == [(1, "captions")]
    assert "'WEBVTT'" in found[0].message


# --- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    done = build_root("media", tmp_path_factory.mktemp("media"), warningiserror=True)
    assert done.statuscode == 0, done.warnings
    return done


def jsonld(build_: Build, docname: str) -> dict[str, Any]:
    script = build_.page(docname).find("script", type="application/ld+json")
    return json.loads(script.string)


def test_a_hosted_recording_with_another_chapters_and_a_transcript(site: Build) -> None:
    page = site.page("talks/conf/hosted")
    facade = page.select_one("a.tdk-video-facade")
    assert facade["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert facade["data-embed"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert page.select_one("video") is None and page.select_one("iframe") is None
    other = page.select_one(".tdk-recordings a")
    assert other["href"] == "https://vimeo.com/76979871" and text(other) == "Recording 2 (vimeo.com, German)"
    chapters = [(a["data-tdk-seek"], a["href"], text(a)) for a in page.select(".tdk-chapters a")]
    assert chapters == [
        ("0", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=0s", "0:00"),
        ("250", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=250s", "4:10"),
        ("1862", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1862s", "31:02"),
    ]
    assert all(a["data-tdk-target"] == facade["id"] for a in page.select("a[data-tdk-seek]"))
    transcript = page.select_one("details.tdk-transcript")
    assert transcript.get("open") is None and transcript["lang"] == "en"
    assert text(transcript.summary) == "Transcript (English)"
    cues = [text(p) for p in transcript.select("p.tdk-cue")]
    assert cues[1] == "0:04 A retry storm can take down the healthiest cluster."
    assert transcript.select_one("a.tdk-captions-file")["href"] == "hosted.en.vtt"
    # "Watch the video" is the facade: no second link to the same recording
    assert [text(a) for a in page.select(".tdk-links a")] == ["Add to calendar"]


def test_the_sites_own_player_has_its_caption_track(site: Build) -> None:
    page = site.page("talks/conf/served")
    video = page.select_one("video#tdk-player-served")
    assert video.has_attr("controls") and video.select_one("source")["src"] == "../../_static/clip.mp4"
    assert video.select_one("source")["type"] == "video/mp4"
    track = video.select_one("track")
    assert (track["kind"], track["src"], track["srclang"], track["label"]) == (
        "captions",
        "served.en.vtt",
        "en",
        "English captions",
    )
    assert [a["href"] for a in page.select(".tdk-chapters a")] == ["#tdk-player-served"] * 3
    copied = site.html / "talks/conf/served.en.vtt"
    assert copied.read_bytes() == (site.srcdir / "talks/conf/served.en.vtt").read_bytes()
    assert [c.text for c in webvtt.read(str(copied))][0] == "This board has four gigabytes of memory."


def test_peertube_short_form_unknown_host_and_none(site: Build) -> None:
    peer = site.page("talks/conf/peer").select_one("a.tdk-video-facade")
    assert (
        peer["data-embed"] == "https://video.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d?autoplay=1"
    )
    assert peer["data-tdk-player"] == "peertube"
    short = site.page("talks/conf/short").select_one("a.tdk-video-facade")
    assert short["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    elsewhere = site.page("talks/conf/elsewhere")
    assert elsewhere.select_one(".tdk-video-facade") is None
    assert [a["href"] for a in elsewhere.select("a.tdk-video")] == ["https://media.example.net/recordings/panel-42"]
    assert site.page("talks/conf/unrecorded").select_one(".tdk-video, .tdk-chapters, .tdk-transcript") is None


def test_jsonld_recordings_transcript_and_clips(site: Build) -> None:
    hosted = jsonld(site, "talks/conf/hosted")["recordedIn"]
    assert [v["url"] for v in hosted] == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://vimeo.com/76979871"]
    first = hosted[0]
    assert first["@type"] == "VideoObject" and first["duration"] == "PT38M12S" and first["inLanguage"] == "en"
    assert first["transcript"].splitlines()[1] == "A retry storm can take down the healthiest cluster."
    assert [(c["@type"], c["name"], c["startOffset"], c["endOffset"]) for c in first["hasPart"]] == [
        ("Clip", "Why retries hurt", 0, 250),
        ("Clip", "Budgets", 250, 1862),
        ("Clip", "Questions", 1862, 2292),
    ]
    assert "transcript" not in hosted[1] and "hasPart" not in hosted[1]
    served = jsonld(site, "talks/conf/served")["recordedIn"]
    assert served["contentUrl"] == "../../_static/clip.mp4" and served["hasPart"][-1]["endOffset"] == 12
    assert "recordedIn" not in jsonld(site, "talks/conf/elsewhere")  # an unknown host may be any page


def test_talks_json_recordings_against_its_schema(site: Build) -> None:
    data = json.loads((site.html / "talks.json").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "schema/talks.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    talks = {t["id"]: t for t in data["talks"]}
    assert talks["served"]["recordings"] == [
        {"url": "_static/clip.mp4", "language": "en", "length": 12, "captions": "talks/conf/served.en.vtt"}
    ]
    assert talks["served"]["chapters"][1] == {"start": 5, "title": "The proxy"}
    assert [r["url"] for r in talks["hosted"]["recordings"]][1] == "https://vimeo.com/76979871"


def test_the_transcript_is_in_the_search_index(site: Build) -> None:
    """Pagefind's index (the default search) has the phrase on the talk whose captions say it."""
    index = search_index(site.html)
    found = [url for url, page in sorted(index.items()) if "healthiest cluster" in page["content"]]
    assert found == ["/talks/conf/hosted.html"]


def test_the_transcript_is_in_sphinxs_search_index(tmp_path: Path) -> None:
    """With talkdeck_search = "sphinx", Sphinx's own index has it."""
    done = build_root("media", tmp_path, confoverrides={"talkdeck_search": "sphinx"}, warningiserror=True)
    assert done.statuscode == 0, done.warnings
    index = (done.html / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    docs = terms["docnames"]
    found = terms["terms"]["healthiest"]
    assert [docs[i] for i in (found if isinstance(found, list) else [found])] == ["talks/conf/hosted"]


# --- broken captions: located, the rest built; `check` says the same -------------------------

BROKEN_VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome.\n\n00:00:04.500 -> 00:00:09.000\nAn arrow too short.\n"


def test_a_broken_cue_is_reported_at_its_line_and_the_site_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("media", tmp_path / "src")
    (src / "talks/conf/hosted.en.vtt").write_text(BROKEN_VTT.replace(" -> ", " --> 00:00:0x.0 "), encoding="utf-8")
    served = src / "talks/conf/served.md"
    served.write_text(served.read_text(encoding="utf-8").replace("served.en.vtt", "missing.en.vtt"), encoding="utf-8")
    done = build(src, tmp_path / "out", freshenv=True, keep_going=True)
    records = done.records()
    broken = find_warning(records, "talks/conf/hosted.en.vtt", 6, "cannot be read")
    assert broken.type == "talkdeck.captions"
    find_warning(records, "talks/conf/served.md", 13, "talk.recordings[1].captions", "no file 'missing.en.vtt'")
    assert len(records) == 2, done.warnings
    # the rest is built: the good cue is in the transcript, every page is written
    cues = [text(p) for p in done.page("talks/conf/hosted").select("p.tdk-cue")]
    assert cues == ["0:01 Welcome."]
    assert len(list(done.html.joinpath("talks/conf").glob("*.html"))) == 7
    # check reports the same (file, line, message, type), without a build
    monkeypatch.chdir(src)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    lines = {line for line in out.splitlines() if line.startswith("talks/")}
    built = {f"{w.file}:{w.line}: {w.message} [{w.type}]" for w in records}
    assert lines == built


# --- incremental and parallel builds ---------------------------------------------------------


def all_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_editing_only_the_captions_rebuilds_as_a_clean_build_would(tmp_path: Path) -> None:
    src = copy_root("media", tmp_path / "src")
    first = build(src, tmp_path / "out", freshenv=True, warningiserror=True)
    assert first.statuscode == 0
    vtt = src / "talks/conf/hosted.en.vtt"
    vtt.write_text(vtt.read_text(encoding="utf-8").replace("healthiest cluster", "sturdiest cluster"), encoding="utf-8")
    again = build(src, tmp_path / "out", warningiserror=True)
    assert re.search(r"1 changed|\b1 (source|file) changed|updating environment: 0 added, 1 changed", again.status)
    page = again.page("talks/conf/hosted")
    assert "sturdiest cluster" in text(page.select_one("details.tdk-transcript"))
    assert "sturdiest" in jsonld(again, "talks/conf/hosted")["recordedIn"][0]["transcript"]
    assert b"sturdiest" in (again.html / "talks/conf/hosted.en.vtt").read_bytes()
    clean = build(src, tmp_path / "clean", freshenv=True, warningiserror=True)
    assert all_files(again.html) == all_files(clean.html)


def test_parallel_build_equals_serial_with_captions(tmp_path: Path) -> None:
    serial = build_root("media", tmp_path / "one", parallel=1, warningiserror=True)
    parallel = build_root("media", tmp_path / "two", parallel=2, warningiserror=True)
    assert len(list(serial.srcdir.rglob("*.md"))) >= 6
    assert all_files(serial.html) == all_files(parallel.html)
    assert (parallel.html / "talks/conf/served.en.vtt").is_file()
