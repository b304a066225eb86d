"""JSON-LD on talk pages: a schema.org Event per talk with the talk's data, parsed back with
json from the page; hostile titles cannot leave the script element; same output under -j 2."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from conftest import Build, build_root
from talkdeck.core.model import Entry, Event, Speaker, Talk
from talkdeck.core.recordings import Recording
from talkdeck.sphinxext.jsonld import script_json, talk_event

LD = "application/ld+json"
BASE = "https://talks.example.org/en/latest/"

#: docname -> (title, summary, startDate, endDate, room, [(speaker, affiliation)], event docname)
TALKS = {
    "kcna/mesh-intro": (
        "Service Mesh 101",
        "What a service mesh is and why you might want one.",
        "2022-10-26T14:30:00-04:00",
        "2022-10-26T15:05:00-04:00",
        "Room 140",
        [("Alex Leong", "Buoyant")],
        "kcna/index",
    ),
    "kcna/packets": (
        "Whose Packet Is It Anyway?",
        "Following one packet through a mesh.",
        None,
        None,
        None,
        [("Kevin Leimkuhler", "Airbnb"), ("Doug Jordan", "Airbnb")],
        "kcna/index",
    ),
    "kcna/rust-controllers": (
        "Controllers in Rust",
        "Writing Kubernetes controllers in Rust.",
        "2022-10-27T17:00:00-04:00",
        "2022-10-27T17:05:00-04:00",
        None,
        [("Eliza Weisman", "Buoyant")],
        "kcna/index",
    ),
    "kcna/zero-trust": (
        "Zero Trust in Practice",
        "A hands-on workshop on zero-trust networking.",
        "2022-10-25T11:00:00-04:00",
        "2022-10-25T12:30:00-04:00",
        "Room 201",
        [("Jason Morgan", "Buoyant"), ("Ashley Davis", "Jetstack")],
        "kcna/index",
    ),
    "kceu/keynote": (
        "A Keynote About Meshes",
        "Where service meshes go next.",
        "2023-04-19T09:30:00+02:00",
        "2023-04-19T09:45:00+02:00",
        "Hall 12",
        [("William Morgan", "Buoyant")],
        "kceu/index",
    ),
    "kceu/gateway-panel": (
        "Gateway API Panel",
        "Maintainers discuss the Gateway API.",
        "2023-04-20T16:00:00+02:00",
        "2023-04-20T16:35:00+02:00",
        "G102",
        [("Flynn", "Buoyant"), ("Alex Leong", "Buoyant")],
        "kceu/index",
    ),
    # in Europe/London although its event is in Amsterdam; no duration, so no end
    "kceu/policy-tutorial": (
        "Policy Tutorial",
        "Writing authorization policy step by step.",
        "2023-04-21T10:00:00+01:00",
        None,
        None,
        [("Flynn", "Buoyant")],
        "kceu/index",
    ),
}

EVENTS = {
    "kcna/index": (
        "KubeCon + CloudNativeCon North America 2022",
        "2022-10-24",
        "2022-10-28",
        ("Detroit", "Michigan", "USA"),
    ),
    "kceu/index": (
        "KubeCon + CloudNativeCon Europe 2023",
        "2023-04-18",
        "2023-04-21",
        ("Amsterdam", None, "Netherlands"),
    ),
}


def ld_scripts(page: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in page.find_all("script", type=LD)]


def event_of(build: Build, docname: str) -> dict:
    found = ld_scripts(build.page(docname))
    assert len(found) == 1, f"{docname}: {len(found)} JSON-LD scripts"
    return found[0]


@pytest.mark.parametrize("docname", sorted(TALKS))
def test_each_talk_page_has_its_event(basic_build: Build, docname: str) -> None:
    title, summary, start, end, room, speakers, event_doc = TALKS[docname]
    data = event_of(basic_build, docname)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == title
    assert data["description"] == summary
    assert data.get("startDate") == start
    assert data.get("endDate") == end
    assert data["url"] == docname.split("/")[-1] + ".html"  # relative to the page: no html_baseurl
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    if start is not None:
        # the offset is the real one for that date and zone
        assert datetime.fromisoformat(start).utcoffset() is not None
    name, first, last, (city, region, country) = EVENTS[event_doc]
    location = data["location"]
    assert location["@type"] == "Place"
    assert location["name"] == (room or ", ".join(p for p in (city, region, country) if p))
    address = location["address"]
    assert (address.get("addressLocality"), address.get("addressRegion"), address.get("addressCountry")) == (
        city,
        region,
        country,
    )
    assert [
        (p["@type"], p["name"], p["affiliation"]["@type"], p["affiliation"]["name"]) for p in data["performer"]
    ] == [("Person", who, "Organization", org) for who, org in speakers]
    assert [p["url"] for p in data["performer"]] == [
        "../speakers/" + who.lower().replace(" ", "-") + ".html" for who, _ in speakers
    ]
    parent = data["superEvent"]
    assert (parent["@type"], parent["name"], parent["startDate"], parent["endDate"]) == ("Event", name, first, last)
    assert parent["url"] == "index.html"
    assert parent["location"]["address"]["addressCountry"] == country


def test_untimed_talk_has_no_dates_and_the_event_its_web_site(basic_build: Build) -> None:
    data = event_of(basic_build, "kcna/packets")
    assert "startDate" not in data and "endDate" not in data
    assert data["superEvent"]["sameAs"] == "https://events.example.org/kcna-2022/"
    assert "sameAs" not in event_of(basic_build, "kceu/keynote")["superEvent"]  # kceu gives no url
    assert data["keywords"] == ["Networking", "Observability"]


def test_video_object_only_for_the_known_host(basic_build: Build) -> None:
    video = event_of(basic_build, "kcna/mesh-intro")["recordedIn"]
    assert video == {
        "@type": "VideoObject",
        "name": "Service Mesh 101",
        "description": "What a service mesh is and why you might want one.",
        "embedUrl": "https://www.youtube-nocookie.com/embed/mesh101",
        "url": "https://www.youtube.com/watch?v=mesh101",
        "thumbnailUrl": "https://i.ytimg.com/vi/mesh101/hqdefault.jpg",
    }
    with_video = [
        path
        for path, html in basic_build.pages().items()
        for data in ld_scripts(BeautifulSoup(html, "html.parser"))
        if "recordedIn" in data
    ]
    assert with_video == ["kcna/mesh-intro.html"]  # gateway-panel's video is on an unknown host


def test_only_talk_pages_carry_json_ld(basic_build: Build) -> None:
    carrying = sorted(
        path for path, html in basic_build.pages().items() if ld_scripts(BeautifulSoup(html, "html.parser"))
    )
    assert carrying == sorted([f"{d}.html" for d in TALKS] + ["kcna/state-of-linkerd.html", "kceu/ambient.html"])


def test_absolute_urls_under_html_baseurl(tmp_path) -> None:  # type: ignore[no-untyped-def]
    built = build_root("basic", tmp_path, confoverrides={"html_baseurl": BASE})
    data = event_of(built, "kcna/mesh-intro")
    assert data["url"] == BASE + "kcna/mesh-intro.html"
    assert data["superEvent"]["url"] == BASE + "kcna/index.html"
    assert data["performer"][0]["url"] == BASE + "speakers/alex-leong.html"
    assert data["performer"][0]["affiliation"]["url"] == BASE + "organisations/buoyant.html"


# (U+2028 never gets this far: the schema refuses invisible characters; script_json is tested with it)
HOSTILE = "</script><script>alert(1)</script><!-- \"quoted\" & 'single' &amp; <b>"


def test_hostile_title_cannot_leave_the_script(tmp_path) -> None:  # type: ignore[no-untyped-def]
    page_text = f"""---
talk:
  title: {json.dumps(HOSTILE)}
  event: kcna-2022
  format: talk
  summary: '</script><!-- & -->'
  speakers:
    - name: Eve
      affiliation: '</script>&'
---

```{{talk}}
```
"""
    built = build_root("basic", tmp_path, extra={"kcna/hostile-ld.md": page_text})
    assert built.warnings.strip() == ""
    raw = (built.html / "kcna/hostile-ld.html").read_text(encoding="utf-8")
    page = built.page("kcna/hostile-ld")
    scripts = page.find_all("script", type=LD)
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["name"] == HOSTILE
    assert data["description"] == "</script><!-- & -->"
    assert data["performer"][0]["affiliation"]["name"] == "</script>&"
    body = scripts[0].string
    assert not any(c in body for c in "<>&\u2028\u2029")
    # every <script in the file is an element the parser found: none was opened by the data
    assert raw.count("<script") == len(page.find_all("script"))


def test_script_json_escapes_and_round_trips() -> None:
    value = {"t": HOSTILE + "\u2028", "u": "\u2029 line", "z": "zoë 😀", "lone": "\ud800"}
    text = script_json(value)
    assert not any(c in text for c in "<>&\u2028\u2029\ud800")
    assert "zoë 😀" in text  # ensure_ascii=False keeps other characters readable
    assert json.loads(text) == value
    assert text == script_json(dict(reversed(value.items())))  # keys sorted


def test_talk_event_without_event_time_zone_or_place() -> None:
    talk = Talk(
        id="t",
        title="T",
        event="gone",
        speakers=(Speaker("a", "A"),),
        start=datetime(2022, 10, 26, 14, 30),
        recordings=(Recording("https://example.org/v"),),
    )
    data = talk_event(talk, None, "talks/t", lambda page: f"/{page}")
    # no zone known: no date rather than one without offset; no place, no superEvent, no video
    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "T",
        "url": "/talks/t",
        "eventStatus": "https://schema.org/EventScheduled",
        "performer": [{"@type": "Person", "name": "A", "url": "/speakers/a"}],
    }
    event = Entry("ev/index", Event(id="ev", name="Ev", timezone="Europe/Paris"))
    timed = talk_event(talk, event, "talks/t", lambda page: f"/{page}")
    assert timed["startDate"] == "2022-10-26T14:30:00+02:00" and "endDate" not in timed
    assert timed["superEvent"] == {"@type": "Event", "name": "Ev", "url": "/ev/index"}


def test_json_ld_identical_under_parallel_build(basic_build: Build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    parallel = build_root("basic", tmp_path, parallel=2)
    for docname in sorted([*TALKS, "kcna/state-of-linkerd", "kceu/ambient"]):
        serial = [tag.string for tag in basic_build.page(docname).find_all("script", type=LD)]
        assert serial and serial == [tag.string for tag in parallel.page(docname).find_all("script", type=LD)]
