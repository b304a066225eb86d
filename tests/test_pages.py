"""Generated speaker, topic, project and organisation pages; overview pages with counts; cards
linking to them; one identity per speaker across spellings; nothing written into the sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Build, build_root, find_warning, text

#: A talk at the other event that spells known people and topics differently (lines numbered).
VARIANTS = """\
---
talk:
  title: Spelling Things Differently
  event: kceu
  format: talk
  speakers:
    - name: alex  leong
      affiliation: Independent
    - name: Zoe Example
      affiliation: Buoyant
  topics: [service Mesh, Security]
  projects: [linkerd]
  summary: The same people and topics, spelled another way.
---

```{talk}
```
"""

#: The same person with another affiliation: no warning, both affiliations on their page.
MOVED = """\
---
talk:
  title: After Moving On
  event: kceu
  format: talk
  speakers:
    - name: Alex Leong
      affiliation: Independent
  topics: [Security]
  summary: The same speaker, with another affiliation.
---

```{talk}
```
"""


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("variants"), extra={"kceu/variants.md": VARIANTS})


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("moved"), extra={"kceu/moved.md": MOVED})


def card_titles(build: Build, docname: str) -> list[str]:
    return [text(a) for a in build.page(docname).select(".tdk-grid .tdk-title-link")]


# --- one identity per speaker ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "written", "canonical"),
    [
        (7, "talk.speakers[1].name", "alex  leong", "Alex Leong"),
        (9, "talk.speakers[2].name", "Zoe Example", "Zoë Example"),
        (11, "talk.topics[1]", "service Mesh", "Service mesh"),
        (12, "talk.projects[1]", "linkerd", "Linkerd"),
    ],
)
def test_another_spelling_of_a_known_name_says_did_you_mean(
    variants: Build, line: int, field: str, written: str, canonical: str
) -> None:
    warning = find_warning(
        variants.records(), "kceu/variants.md", line, f"{field}: ", repr(written), f"write {canonical!r} here too"
    )
    assert warning.type == "talkdeck.reference"


def test_spelling_variants_are_the_only_warnings_and_the_talk_still_counts(variants: Build) -> None:
    assert len(variants.records()) == 4, variants.warnings
    # one identity: the variant spelling adds the talk to the existing speaker page
    assert "Spelling Things Differently" in card_titles(variants, "speakers/alex-leong")
    assert not (variants.html / "speakers/alex-leong-2.html").exists()


def test_an_affiliation_may_differ_per_talk(moved: Build) -> None:
    assert moved.warnings == ""
    page = moved.page("speakers/alex-leong")
    # each talk once, as a card, with the affiliation the speaker gave on it
    affiliations = {
        text(card.select_one(".tdk-title-link")): [
            text(s.select_one(".tdk-affiliation")) for s in card.select(".tdk-speaker") if "Alex Leong" in text(s)
        ]
        for card in page.select(".tdk-card")
    }
    assert affiliations["After Moving On"] == ["Independent"]
    assert affiliations["Service Mesh 101"] == ["Buoyant"]
    assert not page.select(".tdk-appearances")
    titles = [text(a) for a in page.select(".tdk-title-link")]
    assert len(titles) == len(set(titles)), titles
    assert "After Moving On" in card_titles(moved, "organisations/independent")
    assert "After Moving On" not in card_titles(moved, "organisations/buoyant")


# --- the generated pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("docname", "heading", "count", "talks"),
    [
        ("speakers/flynn", "Flynn", "Speaker · 2 talks", ["Gateway API Panel", "Policy Tutorial"]),
        ("speakers/zoe-example", "Zoë Example", "Speaker · 1 talk", ["Ambient or Sidecar?"]),
        (
            "topics/networking",
            "Networking",
            "Topic · 3 talks",
            ["Gateway API Panel", "Ambient or Sidecar?", "Whose Packet Is It Anyway?"],
        ),
        ("projects/rust", "Rust", "Project · 1 talk", ["Controllers in Rust"]),
        ("organisations/airbnb", "Airbnb", "Organisation · 1 talk", ["Whose Packet Is It Anyway?"]),
    ],
)
def test_each_entity_has_a_page_with_all_its_talks(
    basic_build: Build, docname: str, heading: str, count: str, talks: list[str]
) -> None:
    page = basic_build.page(docname)
    assert text(page.find("h1")).rstrip("¶") == heading
    assert text(page.find("title")).startswith(heading)
    assert text(page.select_one(".tdk-entity-count")) == count
    assert sorted(card_titles(basic_build, docname)) == sorted(talks)


def test_organisation_pages_list_their_speakers(basic_build: Build) -> None:
    page = basic_build.page("organisations/airbnb")
    members = [(text(a), a["href"]) for a in page.select(".tdk-members a")]
    assert members == [
        ("Doug Jordan", "../speakers/doug-jordan.html"),
        ("Kevin Leimkuhler", "../speakers/kevin-leimkuhler.html"),
    ]


def test_overview_pages_count_the_talks_of_every_entity(basic_build: Build) -> None:
    page = basic_build.page("pages/overviews")

    def rows(section: str) -> dict[str, tuple[str, str]]:
        items = page.find("section", id=section).select(".tdk-overview li")
        return {
            text(li.select_one("a")): (li.select_one("a")["href"], text(li.select_one(".tdk-count"))) for li in items
        }

    speakers = rows("speakers")
    assert speakers["Flynn"] == ("../speakers/flynn.html", "(2 talks)")
    assert speakers["Zoë Example"] == ("../speakers/zoe-example.html", "(1 talk)")
    assert rows("topics")["Security"] == ("../topics/security.html", "(3 talks)")
    # a project's link says what it is, in text only screen readers read ("Go" alone says nothing)
    assert rows("projects")["Linkerd (project)"][1] == "(9 talks)"
    assert {text(s) for s in page.find("section", id="projects").select("a .tdk-visually-hidden")} == {"(project)"}
    assert not page.find("section", id="topics").select(".tdk-visually-hidden")
    assert rows("organisations")["Buoyant"] == ("../organisations/buoyant.html", "(8 talks)")
    assert rows("events") == {
        "KubeCon + CloudNativeCon North America 2022": ("../kcna/index.html", "(5 talks)"),
        "KubeCon + CloudNativeCon Europe 2023": ("../kceu/index.html", "(4 talks)"),
    }
    # every page the overviews link to exists
    for section in ("speakers", "topics", "projects", "organisations"):
        for href, _ in rows(section).values():
            assert (basic_build.html / "pages" / href).resolve().is_file(), href


def test_cards_link_speakers_topics_and_projects_to_their_pages(basic_build: Build) -> None:
    card = next(c for c in basic_build.page("index").select(".tdk-card") if "Whose Packet" in text(c))
    assert [(text(a), a["href"]) for a in card.select("a.tdk-speaker-name")] == [
        ("Kevin Leimkuhler", "speakers/kevin-leimkuhler.html"),
        ("Doug Jordan", "speakers/doug-jordan.html"),
    ]
    assert [(text(a), a["href"]) for a in card.select("a.tdk-topic")] == [
        ("Networking", "topics/networking.html"),
        ("Observability", "topics/observability.html"),
    ]
    assert [a["href"] for a in card.select("a.tdk-project")] == ["projects/kubernetes.html", "projects/linkerd.html"]
    # on a generated page, the links are relative to it
    card = basic_build.page("speakers/flynn").select_one(".tdk-card")
    assert card.select_one("a.tdk-project")["href"].startswith("../projects/")


def test_every_link_between_pages_points_at_a_file_that_exists(basic_build: Build) -> None:
    broken = []
    for name in basic_build.pages():
        page = basic_build.page(name[: -len(".html")])
        for a in page.select("a.reference.internal[href]"):
            target = a["href"].split("#", 1)[0]
            if target and not (basic_build.html / Path(name).parent / target).resolve().is_file():
                broken.append((name, a["href"]))
    assert broken == []


def test_nothing_is_written_into_the_source_folder(tmp_path: Path) -> None:
    from conftest import ROOTS

    result = build_root("basic", tmp_path)
    written = sorted(p.relative_to(result.srcdir).as_posix() for p in result.srcdir.rglob("*") if p.is_file())
    original = sorted(
        p.relative_to(ROOTS / "test-basic").as_posix() for p in (ROOTS / "test-basic").rglob("*") if p.is_file()
    )
    assert written == original


def test_an_entity_with_many_talks_lists_them_as_rows(tmp_path: Path) -> None:
    """Past CARD_LIMIT talks, a page shows one row per talk instead of a card (cheaper, easier
    to scan); every talk is still there, linked."""
    extra = {
        f"kcna/many-{i:02d}.md": MOVED.replace("After Moving On", f"Security talk {i:02d}").replace(
            "Alex Leong", "Many Talks"
        )
        for i in range(13)
    }
    result = build_root("basic", tmp_path, extra=extra)
    assert result.warnings == ""
    page = result.page("speakers/many-talks")
    assert page.select(".tdk-grid") == []
    rows = [text(a) for a in page.select(".tdk-rows .tdk-row a.tdk-title-link")]
    assert rows == [f"Security talk {i:02d}" for i in range(13)]
    assert text(page.select_one(".tdk-entity-count")) == "Speaker · 13 talks"
    # a topic with fewer talks keeps its cards
    assert result.page("topics/observability").select(".tdk-grid .tdk-card")
