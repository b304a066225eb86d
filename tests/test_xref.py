"""Cross-references: the roles, MyST links to the same objects, unknown targets, the general
index, objects.inv, and a plain Sphinx project linking into ours through intersphinx alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.util.inventory import InventoryFile

from conftest import Build, build, build_root, find_warning, search_index, soup, text

ROLES = """\
---
orphan: true
---
# Roles

Talk {talk}`whose-packet`, speaker {speaker}`alex-leong`, named {speaker}`Alex <alex-leong>`,
topic {topic}`security`, project {project}`linkerd`, org {org}`buoyant`,
organisation {organisation}`airbnb`, event {event}`kceu`, by name {speaker}`Alex Leong`.

Links: [the speaker](#speaker-alex-leong), [the talk](#talk-whose-packet), <project:#topic-security>,
{ref}`talk-mesh-intro`, {any}`whose-packet`, {talks:project}`rust`.

Bad: {speaker}`alex-leon` and {talk}`whose-packe`,
and {topic}`securty`.
"""

#: (href, text) of every resolved reference in the page's paragraphs, in order
EXPECTED = [
    ("../kcna/packets.html", "Whose Packet Is It Anyway?"),
    ("../speakers/alex-leong.html", "Alex Leong"),
    ("../speakers/alex-leong.html", "Alex"),
    ("../topics/security.html", "Security"),
    ("../projects/linkerd.html", "Linkerd"),
    ("../organisations/buoyant.html", "Buoyant"),
    ("../organisations/airbnb.html", "Airbnb"),
    ("../kceu/index.html", "KubeCon + CloudNativeCon Europe 2023"),
    ("../speakers/alex-leong.html", "Alex Leong"),
    ("../speakers/alex-leong.html", "the speaker"),
    ("../kcna/packets.html", "the talk"),
    ("../topics/security.html", "Security"),
    ("../kcna/mesh-intro.html", "Service Mesh 101"),
    ("../kcna/packets.html", "Whose Packet Is It Anyway?"),
    ("../projects/rust.html", "Rust"),
]


@pytest.fixture(scope="module")
def roles(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("roles"), extra={"pages/roles.md": ROLES})


def test_roles_and_myst_links_resolve_to_the_object_pages_with_their_names(roles: Build) -> None:
    page = roles.page("pages/roles")
    links = [(a["href"], text(a)) for a in page.select("p a.reference")]
    assert links == EXPECTED


def test_unknown_targets_warn_with_file_line_and_did_you_mean(roles: Build) -> None:
    records = roles.records()
    find_warning(records, "pages/roles.md", 13, "{speaker}: unknown speaker 'alex-leon'", "did you mean 'alex-leong'?")
    find_warning(records, "pages/roles.md", 13, "{talk}: unknown talk 'whose-packe'", "did you mean 'whose-packet'?")
    find_warning(records, "pages/roles.md", 14, "{topic}: unknown topic 'securty'", "did you mean 'security'?")
    assert {w.type for w in records} == {"talkdeck.reference"}
    assert len(records) == 3, roles.warnings


def test_unknown_targets_are_plain_text_not_broken_links(roles: Build) -> None:
    page = roles.page("pages/roles")
    last = page.select("p")[-1]
    assert last.select("a") == []
    assert "alex-leon" in text(last)


# --- the general index --------------------------------------------------------------------------


def index_entries(page) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Main entry -> [(sub-entry, href)] of every table of the general index."""
    found: dict[str, list[tuple[str, str]]] = {}
    for item in page.select("table.indextable > tr > td > ul > li"):
        main = " ".join(item.find(string=True, recursive=False).split())
        found[main] = [(text(a), a["href"]) for a in item.select("ul a")]
    return found


def test_general_index_has_every_talk_and_speaker(basic_build: Build) -> None:
    entries = index_entries(basic_build.page("genindex"))
    assert entries["Service Mesh 101"] == [("talk", "kcna/mesh-intro.html#talk-mesh-intro")]
    assert entries["Whose Packet Is It Anyway?"] == [("talk", "kcna/packets.html#talk-whose-packet")]
    assert entries["Alex Leong"] == [("speaker", "speakers/alex-leong.html#speaker-alex-leong")]
    assert entries["Zoë Example"] == [("speaker", "speakers/zoe-example.html#speaker-zoe-example")]
    talks = sorted(main for main, subs in entries.items() if ("talk", subs[0][1]) in subs)
    assert len(talks) == 9
    speakers = sorted(main for main, subs in entries.items() if subs and subs[0][0] == "speaker")
    assert {"Alex Leong", "Kevin Leimkuhler", "Doug Jordan", "Flynn", "Jason Morgan"} <= set(speakers)
    # every index link points at an anchor that exists on its page
    for subs in entries.values():
        for _, href in subs:
            path, _, anchor = href.partition("#")
            assert soup(basic_build.html / path).find(id=anchor) is not None, href


# --- objects.inv and intersphinx ------------------------------------------------------------------


def load_inventory(html: Path) -> dict[str, dict[str, str]]:
    """type -> name -> URI (relative to the site root)."""
    inventory = InventoryFile.loads((html / "objects.inv").read_bytes(), uri="")
    return {kind: {name: item.uri for name, item in items.items()} for kind, items in inventory.data.items()}


def test_inventory_carries_every_kind_of_object(basic_build: Build) -> None:
    inventory = load_inventory(basic_build.html)
    assert inventory["talks:talk"]["whose-packet"] == "kcna/packets.html"
    assert inventory["talks:event"]["kceu"] == "kceu/index.html"
    assert inventory["talks:speaker"]["alex-leong"] == "speakers/alex-leong.html"
    assert inventory["talks:topic"]["service-mesh"] == "topics/service-mesh.html"
    assert inventory["talks:project"]["linkerd"] == "projects/linkerd.html"
    assert inventory["talks:organisation"]["buoyant"] == "organisations/buoyant.html"
    labels = inventory["std:label"]
    assert labels["talk-whose-packet"] == "kcna/packets.html"
    assert labels["speaker-alex-leong"].startswith("speakers/alex-leong.html")
    assert labels["event-kceu"] == "kceu/index.html"
    # as many talks as the root has, and every speaker of them
    assert len(inventory["talks:talk"]) == 9
    assert {"kevin-leimkuhler", "doug-jordan", "zoe-example", "flynn"} <= set(inventory["talks:speaker"])


PLAIN_CONF = """\
extensions = ["sphinx.ext.intersphinx"]
intersphinx_mapping = {{"talks": ({uri!r}, {inventory!r})}}
intersphinx_disabled_reftypes = []
"""

PLAIN_INDEX = """\
Elsewhere
=========

A talk: :ref:`talks:talk-whose-packet`. A speaker: :ref:`speaker-alex-leong`.
With our own words: :ref:`that packet talk <talk-whose-packet>`.
"""


def test_a_plain_sphinx_project_links_to_our_talks_and_speakers(basic_build: Build, tmp_path: Path) -> None:
    src = tmp_path / "plain"
    src.mkdir()
    site = "https://talks.example.org/"
    (src / "conf.py").write_text(
        PLAIN_CONF.format(uri=site, inventory=str(basic_build.html / "objects.inv")), encoding="utf-8"
    )
    (src / "index.rst").write_text(PLAIN_INDEX, encoding="utf-8")
    result = build(src, tmp_path / "out", freshenv=True, confoverrides={"nitpicky": True})
    assert result.warnings == ""
    page = soup(result.html / "index.html")
    links = [(a["href"], text(a)) for a in page.select("p a.reference.external")]
    assert links == [
        (site + "kcna/packets.html", "Whose Packet Is It Anyway?"),
        (site + "speakers/alex-leong.html", "Alex Leong"),
        (site + "kcna/packets.html", "that packet talk"),
    ]


# --- findable: the search index --------------------------------------------------------------------


def test_searching_a_speaker_name_finds_their_talks(basic_build: Build) -> None:
    """Their talks hold their name in the text the index keeps, and in the talks' speaker facet;
    their own page is in the index too (how it ranks: tests/browser/test_search.py)."""
    index = search_index(basic_build.html)
    talks = [url for url, page in index.items() if "Kevin Leimkuhler" in page["filters"].get("speaker", [])]
    assert "/kcna/packets.html" in talks
    assert all("Leimkuhler" in index[url]["content"] for url in talks)
    assert index["/speakers/kevin-leimkuhler.html"]["meta"]["name"] == "Kevin Leimkuhler"
