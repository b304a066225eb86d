"""The real site: a strict build (-W --keep-going -n) of the repository with zero warnings,
every talk card on the index with its speakers and affiliations, every talk page titled."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, Build, build, text

TALKS = {
    "Building a Scalable, Compliant, Multi-Cloud Bank with a Service Mesh": [("Kasper Nissen", "Lunar")],
    "Whose Packet Is It Anyway? Life of a Packet Through a Service Mesh": [
        ("Kevin Leimkuhler", "Airbnb"),
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
    folder = site.html / "talks" / "kubecon-na-2022"
    titles = {}
    for path in sorted(folder.glob("*.html")):
        if path.name == "index.html":
            continue
        page = site.page(Path(path).relative_to(site.html).with_suffix("").as_posix())
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


# The talk pages of the site by file name, with their titles.
PAGES = {
    "building-a-scalable-compliant-multi-cloud-bank": "Building a Scalable, Compliant, Multi-Cloud Bank with a Service Mesh",
    "whose-packet-is-it-anyway": "Whose Packet Is It Anyway? Life of a Packet Through a Service Mesh",
    "zero-trust-networking-workshop": "Hands-on Workshop: Zero Trust Networking in Practice with a Service Mesh Workshop",
    "emissary-linkerd-resilience-patterns": "Emissary + Linkerd Resilience Patterns: Rate Limits, Retries & Timeouts",
    "flagger-linkerd-gateway-api": "Flagger, Linkerd, And Gateway API: Oh My!",
    "designing-linkerds-new-policy-crd": "What We Learned From the Gateway API: Designing Linkerd\u2019s New Policy CRD",
    "service-mesh-control-planes-in-rust": "Lightning Talk: Writing Service Mesh Control Planes in Rust",
    "overview-and-state-of-linkerd": "Overview And State Of Linkerd",
    "stretching-cni-boundaries": "Stretching CNI Boundaries with Service Meshes, a Roadmap for the Future",
}


def test_index_cards_are_in_title_order_and_link_to_their_pages(site: Build) -> None:
    links = site.page("index").select(".tdk-grid .tdk-card .tdk-title-link")
    # one event and no start times, so the default order (event, start, title) is by title
    assert [text(a) for a in links] == sorted(TALKS, key=str.casefold)
    assert {a["href"]: text(a) for a in links} == {
        f"talks/kubecon-na-2022/{name}.html": title for name, title in PAGES.items()
    }


@pytest.mark.parametrize("name", sorted(PAGES))
def test_talk_page_title_card_and_speakers(site: Build, name: str) -> None:
    page = site.page(f"talks/kubecon-na-2022/{name}")
    title = PAGES[name]
    h1s = page.select("article h1")
    assert len(h1s) == 1
    assert text(h1s[0]).rstrip("¶").strip() == title
    assert text(page.find("title")).startswith(title)
    card = page.select_one("article .tdk-card-page")
    assert len(page.select("article .tdk-card-page")) == 1
    assert card.select_one(".tdk-title") is None  # the h1 is the title
    event = card.select_one("a.tdk-event")
    assert (event["href"], text(event)) == ("index.html", "KubeCon NA 2022")
    names = [
        (text(s.select_one(".tdk-speaker-name")), text(s.select_one(".tdk-affiliation")))
        for s in card.select(".tdk-speaker")
    ]
    # on its own page a card shows roles too: 'Linkerd maintainer, Buoyant'
    assert [(n, a.rpartition(", ")[2]) for n, a in names] == TALKS[title]


def test_event_page_lists_all_nine_talks(site: Build) -> None:
    page = site.page("talks/kubecon-na-2022/index")
    assert text(page.select_one("article h1")).rstrip("¶").strip() == "KubeCon + CloudNativeCon North America 2022"
    facts = [text(p) for p in page.select(".tdk-event-card .tdk-fact")]
    assert facts == ["When: 24–28 October 2022", "Where: Detroit, Michigan, USA", "Talks: 9 talks"]
    assert sorted(text(a) for a in page.select(".tdk-grid .tdk-title-link")) == sorted(TALKS)


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
    assert sorted(sidebar[1:]) == sorted(TALKS)
    assert page.select_one("a.next-page") is not None and page.select_one("a.prev-page") is not None
    # the theme's own navigation has the overview pages but no talk page
    tree = [a["href"] for a in page.select(".sidebar-tree:not(.tdk-sidebar) a")]
    assert "../../speakers.html" in tree
    assert not any(name in href for href in tree for name in PAGES)


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
