"""The real site: a strict build (-W --keep-going -n) of the repository with zero warnings,
every talk card on the index with its speakers and affiliations, every talk page titled; and the
public facts of ../shared/facts (recordings, days, times, schedule links, slides, ServiceMeshCon)
on it: the recordings behind the click-to-load player, calendars, schedule.json, redirects from
the pages' old paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Build, build, text

TALKS = {
    "Building a Scalable, Compliant, Multi-Cloud Bank with a Service Mesh": [("Kasper Nissen", "Lunar")],
    # the seed reads as if both were at Airbnb; the talk's schedule entry has Kevin at Buoyant
    "Whose Packet Is It Anyway? Life of a Packet Through a Service Mesh": [
        ("Kevin Leimkuhler", "Buoyant"),
        ("Doug Jordan", "Airbnb"),
    ],
    "Hands-on Workshop: Zero Trust Networking in Practice with a Service Mesh Workshop": [
        ("Jason Morgan", "Buoyant"),
        ("Ashley Davis", "Jetstack"),
    ],
    "Emissary + Linkerd Resilience Patterns: Rate Limits, Retries & Timeouts": [
        ("Flynn", "Buoyant"),
        ("Daniel Bryant", "Ambassador Labs"),
    ],
    "Flagger, Linkerd, And Gateway API: Oh My!": [("Jason Morgan", "Buoyant"), ("Sanskar Jaiswal", "Weaveworks")],
    "What We Learned From the Gateway API: Designing Linkerd\u2019s New Policy CRD": [("Alex Leong", "Buoyant")],
    "Lightning Talk: Writing Service Mesh Control Planes in Rust": [("Eliza Weisman", "Buoyant")],
    "Overview And State Of Linkerd": [("Alex Leong", "Buoyant")],
    "Stretching CNI Boundaries with Service Meshes, a Roadmap for the Future": [("Alex Leong", "Buoyant")],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("site")
    src = tmp / "src"
    ignore = shutil.ignore_patterns(
        ".venv", "venv", "_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "test-artifacts"
    )
    shutil.copytree(REPO, src, ignore=ignore)
    return build(
        src, tmp / "out", freshenv=True, warningiserror=True, keep_going=True, confoverrides={"nitpicky": True}
    )


def test_strict_build_has_no_warnings(site: Build) -> None:
    assert site.statuscode == 0
    assert site.warnings.strip() == ""


def test_every_talk_is_on_the_index_with_speakers_and_affiliations(site: Build) -> None:
    page = site.page("index")
    cards = page.select(".tdk-grid .tdk-card")
    found = {}
    for card in cards:
        speakers = [
            (text(s.select_one(".tdk-speaker-name")), text(s.select_one(".tdk-affiliation")))
            for s in card.select(".tdk-speaker")
        ]
        found[text(card.select_one(".tdk-title"))] = speakers
    assert found == TALKS


def test_each_talk_page_has_its_title_and_card(site: Build) -> None:
    titles = {}
    pages = [p for p in sorted((site.html / "talks").rglob("*.html")) if p.name != "index.html"]
    for path in pages:
        page = site.page(Path(path).relative_to(site.html).with_suffix("").as_posix())
        if page.find("meta", attrs={"http-equiv": "refresh"}):  # an old path (redirect_from)
            continue
        h1 = page.select_one("article h1")
        assert page.select_one("article .tdk-card-page") is not None, path.name
        titles[text(h1).rstrip("¶").strip()] = path.name
    assert set(titles) == set(TALKS)


def test_speaker_pages_list_all_their_talks(site: Build) -> None:
    alex = site.page("speakers/alex-leong")
    assert text(alex.select_one("article h1")).startswith("Alex Leong")
    assert len(alex.select(".tdk-grid .tdk-card")) == 3
    jason = site.page("speakers/jason-morgan")
    assert len(jason.select(".tdk-grid .tdk-card")) == 2


# The talk pages of the site by page name, with their titles: three at ServiceMeshCon.
KUBECON, SMC = "talks/kubecon-na-2022", "talks/servicemeshcon-na-2022"
PAGES = {
    f"{SMC}/building-a-scalable-compliant-multi-cloud-bank": "Building a Scalable, Compliant, Multi-Cloud Bank with a Service Mesh",
    f"{KUBECON}/whose-packet-is-it-anyway": "Whose Packet Is It Anyway? Life of a Packet Through a Service Mesh",
    f"{KUBECON}/zero-trust-networking-workshop": "Hands-on Workshop: Zero Trust Networking in Practice with a Service Mesh Workshop",
    f"{KUBECON}/emissary-linkerd-resilience-patterns": "Emissary + Linkerd Resilience Patterns: Rate Limits, Retries & Timeouts",
    f"{KUBECON}/flagger-linkerd-gateway-api": "Flagger, Linkerd, And Gateway API: Oh My!",
    f"{KUBECON}/designing-linkerds-new-policy-crd": "What We Learned From the Gateway API: Designing Linkerd\u2019s New Policy CRD",
    f"{SMC}/service-mesh-control-planes-in-rust": "Lightning Talk: Writing Service Mesh Control Planes in Rust",
    f"{KUBECON}/overview-and-state-of-linkerd": "Overview And State Of Linkerd",
    f"{SMC}/stretching-cni-boundaries": "Stretching CNI Boundaries with Service Meshes, a Roadmap for the Future",
}
#: Programme order: KubeCon (which starts first), its timed talks by time, then by title; then
#: ServiceMeshCon's, known by their day only, by title.
PROGRAMME = [
    "Flagger, Linkerd, And Gateway API: Oh My!",
    "Whose Packet Is It Anyway? Life of a Packet Through a Service Mesh",
    "Emissary + Linkerd Resilience Patterns: Rate Limits, Retries & Timeouts",
    "Hands-on Workshop: Zero Trust Networking in Practice with a Service Mesh Workshop",
    "Overview And State Of Linkerd",
    "What We Learned From the Gateway API: Designing Linkerd\u2019s New Policy CRD",
    "Building a Scalable, Compliant, Multi-Cloud Bank with a Service Mesh",
    "Lightning Talk: Writing Service Mesh Control Planes in Rust",
    "Stretching CNI Boundaries with Service Meshes, a Roadmap for the Future",
]


def test_index_cards_are_in_programme_order_and_link_to_their_pages(site: Build) -> None:
    links = site.page("index").select(".tdk-grid .tdk-card .tdk-title-link")
    assert [text(a) for a in links] == PROGRAMME
    assert {a["href"]: text(a) for a in links} == {f"{name}.html": title for name, title in PAGES.items()}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_talk_page_title_card_and_speakers(site: Build, name: str) -> None:
    page = site.page(name)
    title = PAGES[name]
    h1s = page.select("article h1")
    assert len(h1s) == 1
    assert text(h1s[0]).rstrip("¶").strip() == title
    label = "ServiceMeshCon NA 2022" if name.startswith(SMC) else "KubeCon NA 2022"
    # the talk and its event's short name, not the site's name
    assert text(page.find("title")) == f"{title} - {label}"
    card = page.select_one("article .tdk-card-page")
    assert len(page.select("article .tdk-card-page")) == 1
    assert card.select_one(".tdk-title") is None  # the h1 is the title
    event = card.select_one("a.tdk-event")
    assert (event["href"], text(event)) == ("index.html", label)
    names = [
        (text(s.select_one(".tdk-speaker-name")), text(s.select_one(".tdk-affiliation")))
        for s in card.select(".tdk-speaker")
    ]
    # on its own page a card shows roles too: 'Linkerd maintainer, Buoyant'
    assert [(n, a.rpartition(", ")[2]) for n, a in names] == TALKS[title]


def test_event_page_lists_all_nine_talks_of_the_week(site: Build) -> None:
    page = site.page("talks/kubecon-na-2022/index")
    assert text(page.select_one("article h1")).rstrip("¶").strip() == "KubeCon + CloudNativeCon North America 2022"
    facts = [text(p) for p in page.select(".tdk-event-card .tdk-fact")]
    assert facts == [
        "When: 24–28 October 2022",
        "Where: Detroit, Michigan, USA",
        "Talks: 6 talks",
        "Co-located events: ServiceMeshCon North America 2022 (3 talks)",
        "Calendar: Add 2 talks to your calendar",
    ]
    # in time order: ServiceMeshCon's day first, then KubeCon's timed talks, then the undated
    assert [text(a) for a in page.select(".tdk-grid .tdk-title-link")] == [*PROGRAMME[6:], *PROGRAMME[:6]]


# --- the wrap-up reads as one site ----------------------------------------------------------------


def prose_links(site: Build) -> dict[str, set[str]]:
    """Kind of object -> names linked from the wrap-up's prose (not from the cards)."""
    found: dict[str, set[str]] = {}
    for ref in site.page("index").select("article p a.reference.internal"):
        inner = ref.select_one(".tdk-ref")
        if inner is None:
            continue
        kind = next(c[len("tdk-ref-") :] for c in inner["class"] if c.startswith("tdk-ref-"))
        found.setdefault(kind, set()).add(text(ref))
        assert (site.html / ref["href"].split("#", 1)[0]).is_file(), ref["href"]
    return found


def test_the_wrap_up_links_people_topics_projects_and_talks(site: Build) -> None:
    links = prose_links(site)
    assert {"Flynn", "Alex Leong", "Jason Morgan", "Ashley Davis", "Daniel Bryant", "Sanskar Jaiswal"} <= links[
        "speaker"
    ]
    assert {"Zero trust", "Security", "Resilience", "Observability", "GitOps"} <= links["topic"]
    assert {"Linkerd", "Flagger", "Gateway API", "cert-manager"} <= links["project"]
    assert {"Overview And State Of Linkerd", "Flagger, Linkerd, And Gateway API: Oh My!"} <= links["talk"]
    assert links["organisation"] == {"Buoyant"}


def test_speaker_overview_counts_every_speakers_talks(site: Build) -> None:
    rows = {
        text(li.select_one("a")): (li.select_one("a")["href"], text(li.select_one(".tdk-count")))
        for li in site.page("speakers").select(".tdk-overview li")
    }
    assert rows["Alex Leong"] == ("speakers/alex-leong.html", "(3 talks)")
    assert rows["Jason Morgan"] == ("speakers/jason-morgan.html", "(2 talks)")
    assert len(rows) == len({name for people in TALKS.values() for name, _ in people})
    for overview in ("topics", "projects", "organisations", "events"):
        assert site.page(overview).select(".tdk-overview li"), overview


def test_talk_pages_show_related_talks_by_speaker_then_topic(site: Build) -> None:
    page = site.page("talks/kubecon-na-2022/overview-and-state-of-linkerd")
    related = [text(a) for a in page.select("article .tdk-rows .tdk-title-link")]
    # Alex Leong's two other talks come first, then talks that share topics
    assert set(related[:2]) == {
        "What We Learned From the Gateway API: Designing Linkerd\u2019s New Policy CRD",
        "Stretching CNI Boundaries with Service Meshes, a Roadmap for the Future",
    }
    assert "Overview And State Of Linkerd" not in related
    assert 2 < len(related) <= 6


def test_talk_pages_have_the_event_sidebar_and_neighbours(site: Build) -> None:
    page = site.page("talks/kubecon-na-2022/overview-and-state-of-linkerd")
    sidebar = [text(a) for a in page.select("nav.tdk-sidebar a")]
    assert sidebar[0] == "KubeCon + CloudNativeCon North America 2022"
    assert sidebar[1:] == PROGRAMME[:6]  # its own event's talks
    assert page.select_one("a.next-page") is not None and page.select_one("a.prev-page") is not None
    # the theme's own navigation has the overview pages but no talk page
    tree = [a["href"] for a in page.select(".sidebar-tree:not(.tdk-sidebar) a")]
    assert "../../speakers.html" in tree
    assert not any(name.rpartition("/")[2] in href for href in tree for name in PAGES)


def test_a_clean_strict_build_prints_nothing_but_sphinxs_own_progress(tmp_path: Path) -> None:
    """`make html`'s command on a fresh copy: exit 0, an empty stderr, and no third-party noise
    on stdout (sphinxext-opengraph, loaded only for the published site, prints a line about
    matplotlib when imported)."""
    import os
    import subprocess
    import sys

    src = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", "venv", "_build", ".git", "__pycache__", "node_modules", "tests", "benchmarks", "test-artifacts"
    )
    shutil.copytree(REPO, src, ignore=ignore)
    env = {k: v for k, v in os.environ.items() if k != "READTHEDOCS_CANONICAL_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-b", "html", ".", "_build/html"],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "matplotlib" not in result.stdout
    assert result.stdout.rstrip().endswith("The HTML pages are in _build/html.")


# --- the public facts on the site ---------------------------------------------------------------

#: The seven recordings (YouTube ids), by talk page.
RECORDINGS = {
    f"{SMC}/building-a-scalable-compliant-multi-cloud-bank": "JcBBHKHpOyU",
    f"{KUBECON}/whose-packet-is-it-anyway": "TJM7juAD8B0",
    f"{KUBECON}/emissary-linkerd-resilience-patterns": "hOGPz1DJqb8",
    f"{KUBECON}/flagger-linkerd-gateway-api": "9Ag45POgnKw",
    f"{KUBECON}/overview-and-state-of-linkerd": "BufQKvH6K1Q",
    f"{SMC}/stretching-cni-boundaries": "8OoIz0S2QVQ",
    f"{SMC}/service-mesh-control-planes-in-rust": "ONkWwoJoF3I",
}
#: What each talk's card says about when it was: five days, two of them with a time.
WHEN = {
    f"{SMC}/building-a-scalable-compliant-multi-cloud-bank": ("2022-10-25", "Tuesday 25 October 2022"),
    f"{SMC}/stretching-cni-boundaries": ("2022-10-25", "Tuesday 25 October 2022"),
    f"{SMC}/service-mesh-control-planes-in-rust": ("2022-10-25", "Tuesday 25 October 2022"),
    f"{KUBECON}/whose-packet-is-it-anyway": ("2022-10-26T17:25:00-04:00", "Wednesday 26 October 2022, 17:25 EDT"),
    f"{KUBECON}/flagger-linkerd-gateway-api": (
        "2022-10-26T15:25:00-04:00",
        "Wednesday 26 October 2022, 15:25\u201316:00 EDT",
    ),
}
SCHEDULE_LINKS = {
    f"{KUBECON}/whose-packet-is-it-anyway": "https://kccncna2022.sched.com/event/182KR",
    f"{KUBECON}/emissary-linkerd-resilience-patterns": "https://kccncna2022.sched.com/event/182Ie",
    f"{KUBECON}/flagger-linkerd-gateway-api": "https://sched.co/182Go",
    f"{KUBECON}/overview-and-state-of-linkerd": "https://kccncna2022.sched.com/event/182OJ",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_recordings_play_behind_the_click_to_load_facade(site: Build, name: str) -> None:
    page = site.page(name)
    facade = page.select("article .tdk-video-facade")
    if name not in RECORDINGS:
        assert facade == [] and page.select("article .tdk-video") == []
        return
    (link,) = facade
    ident = RECORDINGS[name]
    assert link["href"] == f"https://www.youtube.com/watch?v={ident}"
    assert link["data-embed"] == f"https://www.youtube-nocookie.com/embed/{ident}?autoplay=1"
    # nothing loads from the host until the reader clicks
    assert page.find("iframe") is None
    assert not [t for t in page.find_all(src=True) if "youtube" in t["src"] or "ytimg" in t["src"]]


def test_days_and_times_as_public_sources_give_them(site: Build) -> None:
    for name in PAGES:
        when = site.page(name).select_one("article .tdk-card-page .tdk-when time")
        if name not in WHEN:
            assert when is None, name
            continue
        assert (when["datetime"], text(when)) == WHEN[name], name


def test_schedule_links_slides_and_the_per_talk_affiliation(site: Build) -> None:
    for name in PAGES:
        link = site.page(name).select_one("article .tdk-card-page a.tdk-schedule")
        assert (link["href"] if link else None) == SCHEDULE_LINKS.get(name), name
    rust = site.page(f"{SMC}/service-mesh-control-planes-in-rust").select_one("article .tdk-card-page a.tdk-slides")
    assert rust["href"] == "https://elizas.website/slides/servicemeshcon-10-2022.pdf"
    kevin = site.page("speakers/kevin-leimkuhler")
    assert [text(a) for a in kevin.select(".tdk-card .tdk-speaker .tdk-affiliation")] == ["Buoyant", "Airbnb"]
    assert text(kevin.select_one(".tdk-current-role")) == "Buoyant"


def test_calendars_for_the_timed_talks_and_the_events(site: Build) -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from icalendar import Calendar

    detroit = ZoneInfo("America/Detroit")

    def entries(path: str) -> dict[str, Any]:
        ical = Calendar.from_ical((site.html / path).read_bytes())
        return {str(e["SUMMARY"]): e for e in ical.walk("VEVENT")}

    (whose,) = entries("calendar/talks/whose-packet-is-it-anyway.ics").values()
    assert whose.decoded("DTSTART") == datetime(2022, 10, 26, 17, 25, tzinfo=detroit)
    assert "DTEND" not in whose  # its end is not known
    (flagger,) = entries("calendar/talks/flagger-linkerd-gateway-api.ics").values()
    assert (flagger.decoded("DTSTART"), flagger.decoded("DTEND")) == (
        datetime(2022, 10, 26, 15, 25, tzinfo=detroit),
        datetime(2022, 10, 26, 16, 0, tzinfo=detroit),
    )
    assert sorted(entries("calendar/events/kubecon-na-2022.ics")) == [
        PAGES[f"{KUBECON}/flagger-linkerd-gateway-api"],
        PAGES[f"{KUBECON}/whose-packet-is-it-anyway"],
    ]
    smc = entries("calendar/events/servicemeshcon-na-2022.ics")
    assert len(smc) == 3 and {e.decoded("DTSTART") for e in smc.values()} == {date(2022, 10, 25)}
    talk_files = sorted(p.stem for p in (site.html / "calendar" / "talks").iterdir())
    assert talk_files == sorted(n.rpartition("/")[2] for n in WHEN)


def test_schedule_json_has_the_timed_talks(site: Build) -> None:
    document = json.loads((site.html / "schedule.json").read_text(encoding="utf-8"))
    conference = document["schedule"]["conference"]
    assert conference["title"] == "KubeCon + CloudNativeCon North America 2022"
    found = {e["title"]: e for day in conference["days"] for room in day["rooms"].values() for e in room}
    assert {title: (e["date"], e["duration"]) for title, e in found.items()} == {
        "Flagger, Linkerd, And Gateway API: Oh My!": ("2022-10-26T15:25:00-04:00", "00:35"),
        "Whose Packet Is It Anyway? Life of a Packet Through a Service Mesh": ("2022-10-26T17:25:00-04:00", "00:00"),
    }
    assert conference["meta"]["co_located"][0]["title"] == "ServiceMeshCon North America 2022"


def test_servicemeshcon_has_its_page_listing_its_three_talks(site: Build) -> None:
    page = site.page(f"{SMC}/index")
    assert text(page.select_one("article h1")).rstrip("¶").strip() == "ServiceMeshCon North America 2022"
    facts = [text(p) for p in page.select(".tdk-event-card .tdk-fact")]
    assert facts[:4] == [
        "When: 25 October 2022",
        "Where: Detroit, Michigan, USA",
        "Co-located with: KubeCon + CloudNativeCon North America 2022",
        "Talks: 3 talks",
    ]
    assert sorted(text(a) for a in page.select(".tdk-grid .tdk-title-link")) == sorted(
        title for name, title in PAGES.items() if name.startswith(SMC)
    )
    # the wrap-up names it where it talks about those talks
    prose = " ".join(text(p) for p in site.page("index").select("article p"))
    assert "ServiceMeshCon North America 2022" in prose


def test_the_moved_pages_redirect_from_their_old_paths(site: Build) -> None:
    for name in (n for n in PAGES if n.startswith(SMC)):
        old = f"{KUBECON}/{name.rpartition('/')[2]}"
        page = site.page(old)
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        target = f"../servicemeshcon-na-2022/{name.rpartition('/')[2]}.html"
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
        assert page.select_one("main a")["href"] == target


def test_a_404_page_with_search_and_a_link_home(site: Build) -> None:
    page = site.page("404")
    assert page.select_one("form.tdk-notfound-search")["action"] == "/search.html"
    assert page.select_one(".tdk-notfound-home a")["href"] == "/"
