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
    ignore = shutil.ignore_patterns(".venv", "venv", "_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache",
                                    "test-artifacts")
    shutil.copytree(REPO, src, ignore=ignore)
    return build(src, tmp / "out", freshenv=True, warningiserror=True, keep_going=True,
                 confoverrides={"nitpicky": True})


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
