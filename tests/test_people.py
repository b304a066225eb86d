"""Speaker profiles (`people/<id>.md`): the schema, aliases that lead talks' names to one person,
the speaker page a reader visits, redirects for former ids, hostile profiles, and `check` and
the build agreeing on every problem."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from test_parity import run_check, site_with, strict_build

from conftest import REPO, Build, build, build_root, copy_root, parse_warnings, search_index, soup, text
from talkdeck.core import people
from talkdeck.core.frontmatter import read_page
from talkdeck.core.model import Person

# --- the schema, without Sphinx ---------------------------------------------------------------


def _profile(body: str, text_after: str = "") -> str:
    return f"---\nspeaker:\n{body}---\n{text_after}"


def test_a_good_profile_reads_into_a_person_with_its_biography() -> None:
    data = read_page(
        _profile(
            "  name: Zoë Smith\n  aliases: [Zoe Smith, zoe-jones]\n  pronouns: she/her\n"
            "  links: [https://github.com/zoe, https://hachyderm.io/@zoe]\n  picture: zoe.jpg\n",
            "\nZoë writes *Rust*.\n",
        ),
        "zoe-smith",
    )
    assert data.problems == []
    assert data.entry is not None
    person = data.entry.item
    assert person == Person(
        id="zoe-smith",
        name="Zoë Smith",
        aliases=("Zoe Smith", "zoe-jones"),
        pronouns="she/her",
        links=("https://github.com/zoe", "https://hachyderm.io/@zoe"),
        picture="zoe.jpg",
        biography="Zoë writes *Rust*.",
    )
    assert data.orphan  # a profile needs no toctree entry


@pytest.mark.parametrize(
    ("yaml", "line", "field", "needle"),
    [
        ("  name: Zoë\n  links: ['javascript:alert(1)']\n", 4, "speaker.links[1]", "is not allowed; give a full http"),
        ("  name: Zoë\n  links: ['data:text/html;base64,PHNjcmlwdD4=']\n", 4, "speaker.links[1]", "is not allowed"),
        ("  name: Zoë\n  picture: https://example.org/zoe.jpg\n", 4, "speaker.picture", "never an address"),
        ("  name: Zoë\n  picture: ../../etc/passwd\n", 4, "speaker.picture", "not the name of a picture file"),
        ("  name: Zoë\n  aliases: [Zoe, zoe]\n", 4, "speaker.aliases[2]", "repeats item 1"),
        ("  aliases: [Zoe]\n", 3, "speaker.name", "is required"),
        ("  name: Zoë\n  pronoun: she/her\n", 4, "speaker.pronoun", "did you mean 'pronouns'"),
    ],
)
def test_hostile_or_wrong_fields_are_problems_at_their_line(yaml: str, line: int, field: str, needle: str) -> None:
    data = read_page(_profile(yaml), "zoe")
    found = [(p.line, p.field) for p in data.problems if needle in p.message]
    assert found == [(line, field)], data.problems


@pytest.mark.parametrize(
    ("url", "service", "handle"),
    [
        ("https://github.com/zoe", "GitHub", "zoe"),
        ("https://hachyderm.io/@zoe", "Mastodon", "@zoe@hachyderm.io"),
        ("https://fosstodon.org/@zoe_x/", "Mastodon", "@zoe_x@fosstodon.org"),
        ("https://bsky.app/profile/zoe.example.org", "Bluesky", "profile"),
        ("https://www.linkedin.com/in/zoe-smith", "LinkedIn", "zoe-smith"),
        ("https://twitter.com/zoe", "X (Twitter)", "zoe"),
        ("https://x.com/zoe", "X (Twitter)", "zoe"),
        ("https://www.youtube.com/@zoe", "YouTube", "@zoe"),
        ("https://zoe.example.org/", "Website", "zoe.example.org"),
        ("https://zoe.example.org/@home/about", "Website", "zoe.example.org/@home/about"),
    ],
)
def test_links_are_named_by_their_service(url: str, service: str, handle: str) -> None:
    assert people.service(url) == service
    if service != "Bluesky":
        assert people.handle(url) == handle


# --- aliases, roles, cards, filters: the real build --------------------------------------------

WILL_TALK = """\
---
talk:
  title: Renamed But Found
  event: kcna-2022
  format: talk
  start: 2022-10-27 11:00
  speakers:
    - name: Will Morgan
      affiliation: Buoyant
      role: Chief Example Officer
    - name: Someone
      id: wmorgan-not
  summary: A talk that names a person by an alias.
---

```{talk}
```

Also by {speaker}`Will Morgan` and {speaker}`wmorgan`.
"""

OLD_ID_TALK = """\
---
talk:
  title: Found By Former Id
  event: kceu
  format: talk
  speakers:
    - name: William Morgan
      id: wmorgan
  summary: A talk that names a person by a former id.
---

```{talk}
```
"""


@pytest.fixture(scope="module")
def aliased(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root(
        "basic",
        tmp_path_factory.mktemp("aliased"),
        extra={"kcna/renamed.md": WILL_TALK, "kceu/former-id.md": OLD_ID_TALK},
    )


def test_aliases_resolve_without_a_warning(aliased: Build) -> None:
    assert aliased.warnings == ""
    assert aliased.statuscode == 0


def test_cards_name_the_person_and_link_their_page(aliased: Build) -> None:
    for docname in ("kcna/renamed", "kceu/former-id"):
        links = {text(a): a["href"] for a in aliased.page(docname).select(".tdk-card .tdk-speaker-name[href]")}
        assert links.get("William Morgan") == "../speakers/william-morgan.html", (docname, links)
        assert "Will Morgan" not in links


def test_roles_by_alias_lead_to_the_person(aliased: Build) -> None:
    refs = [span.parent for span in aliased.page("kcna/renamed").select(".tdk-ref-speaker")]
    assert [(text(a), a["href"]) for a in refs] == [("William Morgan", "../speakers/william-morgan.html")] * 2


def test_the_speaker_page_has_every_talk_once_newest_event_first(aliased: Build) -> None:
    page = aliased.page("speakers/william-morgan")
    groups = [
        (text(s.select_one("h2")).rstrip("¶"), [text(a) for a in s.select(".tdk-title-link")])
        for s in page.select("section section")
    ]
    titles = [t for _, ts in groups for t in ts]
    assert len(titles) == len(set(titles)) == 3, groups
    assert "Renamed But Found" in titles and "Found By Former Id" in titles
    assert [g for g, _ in groups] == ["KubeCon EU 2023", "KubeCon NA 2022"]
    # the role and affiliation of the newest talk
    assert text(page.select_one(".tdk-current-role")) == "CEO, Buoyant"  # kceu's, 2023
    assert text(page.select_one(".tdk-entity-count")) == "Speaker · 3 talks"


def test_filters_and_talks_json_know_one_person(aliased: Build) -> None:
    data = json.loads((aliased.html / "talks.json").read_text())
    speakers = {s["id"]: s for s in data["speakers"]}
    assert "william-morgan" in speakers and "will-morgan" not in speakers and "wmorgan" not in speakers
    assert len(speakers["william-morgan"]["talks"]) == 3
    index = aliased.page("index")
    values = {b.get("data-tdk-value") for b in index.select("[data-tdk-facet=speaker] [data-tdk-value]")}
    if values:  # the index has a filter: its speaker facet has the person once, by id
        assert "william-morgan" in values and "will-morgan" not in values


def test_talks_json_and_json_ld_carry_the_profile(aliased: Build) -> None:
    data = json.loads((aliased.html / "talks.json").read_text())
    william = next(s for s in data["speakers"] if s["id"] == "william-morgan")
    assert william["aliases"] == ["Will Morgan", "wmorgan"]
    assert william["pronouns"] == "he/him"
    assert william["links"][0] == "https://github.com/wmorgan-example"
    assert (
        william["picture"].startswith("_images/people/william-morgan-")
        and (aliased.html / william["picture"]).is_file()
    )
    assert william["biography"].startswith("William writes test fixtures")
    alex = next(s for s in data["speakers"] if s["id"] == "alex-leong")
    assert (alex["aliases"], alex["links"], alex["picture"], alex["biography"]) == ([], [], None, "")
    from jsonschema import Draft202012Validator

    schema = json.loads((aliased.html / "schema/talks.schema.json").read_text())
    Draft202012Validator(schema).validate(data)
    [script] = aliased.page("kcna/renamed").select('script[type="application/ld+json"]')
    performers = {p["name"]: p for p in json.loads(script.string)["performer"]}
    assert performers["William Morgan"]["sameAs"] == [
        "https://github.com/wmorgan-example",
        "https://hachyderm.io/@wm_example",
        "https://wm.example.org/",
    ]
    assert "sameAs" not in performers["Someone"]


def test_the_index_finds_the_person_by_an_alias(aliased: Build) -> None:
    index = aliased.page("genindex")
    entries = [(text(li), li.select_one("a")["href"]) for li in index.select("li") if li.select_one("a")]
    assert any(t.startswith("Will Morgan") and h.startswith("speakers/william-morgan.html") for t, h in entries), (
        entries
    )
    assert not any(t.startswith("wmorgan") for t, _ in entries)  # a former id is no name to look up


def test_the_search_finds_the_person_by_an_alias(aliased: Build) -> None:
    """The person's page carries their other names for Pagefind to weigh as their name (the
    ranking itself: tests/browser/test_people.py); the same names as the site's index."""
    pages = search_index(aliased.html)
    meta = pages["/speakers/william-morgan.html"]["meta"]
    assert (meta["entity"], meta["aliases"]) == ("William Morgan", "Will Morgan")
    assert "aliases" not in pages["/speakers/alex-leong.html"]["meta"]  # no profile, no other names
    assert not any("aliases" in page["meta"] for url, page in pages.items() if not url.startswith("/speakers/"))


def test_former_ids_get_redirect_pages(aliased: Build) -> None:
    for old in ("will-morgan", "wmorgan"):
        page = aliased.page(f"speakers/{old}")
        assert page.select_one('meta[name="robots"]')["content"] == "noindex"
        assert page.select_one("main a")["href"] == "william-morgan.html"
        assert text(page.select_one("main a")) == "William Morgan"


def test_the_profile_document_address_leads_to_the_speaker_page(aliased: Build) -> None:
    page = aliased.page("people/william-morgan")
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../speakers/william-morgan.html"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


def test_the_profile_shows_picture_pronouns_biography_and_links(aliased: Build) -> None:
    page = aliased.page("speakers/william-morgan")
    img = page.select_one("img.tdk-person-picture")
    assert img is not None
    assert (img["alt"], img["loading"], img["width"], img["height"]) == ("William Morgan", "lazy", "240", "320")
    served = (aliased.html / "speakers" / img["src"]).resolve()
    assert served.is_relative_to(aliased.html.resolve()) and served.suffix == ".jpg"
    with Image.open(served) as picture:
        assert (picture.format, picture.size) == ("JPEG", (240, 320))
    assert served.stat().st_size < 40_000
    assert text(page.select_one(".tdk-pronouns")) == "Pronouns: he/him"
    bio = page.select_one(".tdk-biography")
    assert "writes test fixtures" in text(bio) and bio.select_one("em") is not None
    assert bio.select_one("a")["href"] == "https://wm.example.org/"
    links = [
        (text(li.select_one(".tdk-service")), li.select_one("a")["href"]) for li in page.select(".tdk-person-links li")
    ]
    assert links == [
        ("GitHub", "https://github.com/wmorgan-example"),
        ("Mastodon", "https://hachyderm.io/@wm_example"),
        ("Website", "https://wm.example.org/"),
    ]


def test_a_speaker_without_a_profile_keeps_the_plain_page(aliased: Build) -> None:
    page = aliased.page("speakers/alex-leong")
    assert page.select_one("img, .tdk-biography, .tdk-pronouns, .tdk-person-links") is None
    assert not page.select(".tdk-appearances")
    titles = [text(a) for a in page.select(".tdk-title-link")]
    assert len(titles) == len(set(titles)) == 3


# --- hostile profiles: located warnings, the rest of the site builds ---------------------------


def _png_of_size(size: int) -> bytes:
    """A PNG header followed by filler: a 'picture' of `size` bytes."""
    raw = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 4000, 4000, 8, 2, 0, 0, 0)
    raw += struct.pack(">I", zlib.crc32(raw[12:29]))
    return raw + b"\0" * (size - len(raw))


HOSTILE_TALK = """\
---
talk:
  title: Hostile Profiles
  event: kubecon-na-2022
  format: talk
  speakers:
    - name: Mallory Example
    - name: Trent Example
    - name: Peggy Example
    - name: alex leong
  summary: Names every hostile profile.
---

```{talk}
```
"""

HOSTILE = {
    "talks/kubecon-na-2022/hostile-profiles.md": HOSTILE_TALK,
    "people/mallory-example.md": _profile(
        "  name: Mallory Example\n  links: ['javascript:alert(1)', https://github.com/mallory]\n  picture: huge.png\n",
        "\nHello <script>alert('bio')</script> there.\n\n<img src=x onerror=alert(1)>\n",
    ),
    "people/trent-example.md": _profile("  name: Trent Example\n  picture: trent.png\n"),
    "people/zz-peggy.md": _profile("  name: Peggy Example\n  aliases: [Peggy E, Alex Leong]\n"),
    "people/nobody.md": _profile("  name: Nobody Talks\n"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("hostile-people")
    src = site_with(tmp, HOSTILE)
    (src / "people/huge.png").write_bytes(_png_of_size(20 * 1024 * 1024))
    (src / "people/trent.png").write_text("not a picture at all\n", encoding="utf-8")
    return src, tmp


EXPECTED = {
    ("people/mallory-example.md", 4, "speaker.links[1]", "is not allowed"),
    ("people/mallory-example.md", 5, "speaker.picture", "'huge.png' is 20.0 MB"),
    ("people/trent-example.md", 4, "speaker.picture", "not a picture Pillow can read"),
    ("people/zz-peggy.md", 4, "speaker.aliases[2]", "'alex-leong' already names Alex Leong (people/alex-leong)"),
    ("people/nobody.md", 3, "speaker.name", "no talk names 'Nobody Talks'"),
    ("talks/kubecon-na-2022/hostile-profiles.md", 10, "talk.speakers[4].name", "is 'Alex Leong' in their profile"),
}


def _matches(records: set, expected: set) -> set:
    return {
        (file, line, field, needle)
        for file, line, field, needle in expected
        for r_file, r_line, message, _ in records
        if (r_file, r_line) == (file, line) and message.startswith(f"{field}: ") and needle in message
    }


def test_hostile_profiles_are_warnings_and_the_site_builds(hostile: tuple[Path, Path]) -> None:
    src, tmp = hostile
    result = build(src, tmp / "out", freshenv=True, keep_going=True)
    records = {(w.file, w.line, w.message, w.type) for w in parse_warnings(result.warnings, src)}
    assert _matches(records, EXPECTED) == EXPECTED, sorted(records)
    # HTML in a biography: dropped, with a warning at its line (the build sees bodies; check does not)
    bio_lines = sorted(line for file, line, message, _ in records if message.startswith("biography:"))
    assert bio_lines == [8, 10], sorted(records)
    assert len(records) == len(EXPECTED) + 2, sorted(records)
    mallory = soup(result.html / "speakers/mallory-example.html")
    body = str(mallory.select_one("article"))
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body
    assert "Hello" in text(mallory.select_one(".tdk-biography"))
    assert mallory.select_one("img") is None  # the 20 MB picture is left out, not served
    assert [a["href"] for a in mallory.select(".tdk-person-links a")] == ["https://github.com/mallory"]
    assert not list((result.html / "_images").glob("people/mallory*"))
    assert max(p.stat().st_size for p in result.html.rglob("*") if p.is_file()) < 5 * 1024 * 1024
    # the colliding alias leaves Alex Leong's talks with Alex Leong
    # a profile's id is its file name; its name's slug (the id talks gave it before) redirects there
    peggy = soup(result.html / "speakers/zz-peggy.html")
    assert [text(a) for a in peggy.select(".tdk-title-link")] == ["Hostile Profiles"]
    assert soup(result.html / "speakers/peggy-example.html").select_one("main a")["href"] == "zz-peggy.html"
    assert not (result.html / "speakers/nobody-talks.html").exists()  # no talks: no page, no redirect to one
    alex = soup(result.html / "speakers/alex-leong.html")
    assert len(alex.select(".tdk-title-link")) == 4


def test_check_reports_what_the_build_does_about_profiles(
    hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src, tmp = hostile
    checked = run_check(src, monkeypatch, capsys)
    built = strict_build(src, tmp / "strict")
    assert _matches(checked, EXPECTED) == EXPECTED
    body_only = {r for r in built if r[2].startswith("biography:")}
    assert len(body_only) == 2
    assert built - body_only == checked


# --- incremental and parallel builds agree after editing a profile -----------------------------


def _outputs(html: Path) -> dict[str, bytes]:
    skip = {".buildinfo", "searchindex.js"}
    return {
        p.relative_to(html).as_posix(): p.read_bytes()
        for p in sorted(html.rglob("*"))
        if p.is_file() and p.name not in skip and ".doctrees" not in p.parts
    }


def test_editing_a_profile_rebuilds_like_a_clean_parallel_build(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    first = build(src, tmp_path / "inc")
    assert first.statuscode == 0, first.warnings
    profile = src / "people/william-morgan.md"
    edited = profile.read_text(encoding="utf-8").replace("name: William Morgan", "name: Wil Morgan-Example")
    edited = edited.replace("aliases: [Will Morgan, wmorgan]", "aliases: [William Morgan, Will Morgan, wmorgan]")
    edited = edited.replace(
        "https://wm.example.org/\n", "https://wm.example.org/\n    - https://bsky.app/profile/wm.example.org\n"
    )
    profile.write_text(edited.replace("*meshes*", "**service meshes**"), encoding="utf-8")
    with Image.open(src / "people/william-morgan.png") as image:
        image.rotate(90, expand=True).save(src / "people/william-morgan.png")
    again = build(src, tmp_path / "inc")
    assert again.warnings == ""
    clean = build(src, tmp_path / "clean", parallel=2, freshenv=True)
    assert clean.warnings == ""
    assert _outputs(again.html) == _outputs(clean.html)
    page = soup(again.html / "speakers/william-morgan.html")
    assert text(page.select_one("h1")).rstrip("¶") == "Wil Morgan-Example"
    assert page.select_one(".tdk-biography strong") is not None
    img = page.select_one("img.tdk-person-picture")
    assert (img["width"], img["height"]) == ("320", "240")
    assert len(list((again.html / "_images/people").iterdir())) == 1  # the old picture is deleted
    assert "https://bsky.app/profile/wm.example.org" in (again.html / "kceu/keynote.html").read_text()  # JSON-LD
    # every card names the new name
    card = soup(again.html / "index.html")
    assert "Wil Morgan-Example" in text(card) and "William Morgan" not in text(card)


def test_editing_only_a_profiles_links_rewrites_the_talk_pages_that_name_the_person(tmp_path: Path) -> None:
    """The links show only in the talk pages' JSON-LD (sameAs): their digest holds them."""
    src = copy_root("basic", tmp_path / "src")
    assert build(src, tmp_path / "inc").warnings == ""
    profile = src / "people/william-morgan.md"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("https://wm.example.org/\n", "https://wm.example.net/\n"),
        encoding="utf-8",
    )
    again = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", freshenv=True)
    keynote = (again.html / "kceu/keynote.html").read_text(encoding="utf-8")
    assert "https://wm.example.net/" in keynote and 'https://wm.example.org/"' not in keynote
    assert _outputs(again.html) == _outputs(clean.html)


# --- the real site -------------------------------------------------------------------------------


def test_every_detroit_speaker_has_a_profile_with_only_known_facts() -> None:
    from talkdeck.core.sources import load

    site = load(REPO, has_conf=True)
    entries = site.entries()
    profiles = people.profiles(entries)
    speakers = {s.id for e in entries if hasattr(e.item, "speakers") for s in e.item.speakers}
    assert set(profiles) == speakers
    for entry in profiles.values():
        person = entry.item
        assert (person.aliases, person.pronouns, person.links, person.picture, person.biography) == ((), "", (), "", "")
    assert site.cross_page() == []


def test_real_site_speaker_page_with_profile(real_site: Build) -> None:
    page = real_site.page("speakers/kasper-nissen")
    assert text(page.select_one("h1")).rstrip("¶") == "Kasper Nissen"
    assert text(page.select_one(".tdk-current-role")) == "Lead Platform Architect, Lunar"
    # KubeCon ends after ServiceMeshCon, its co-located event: it is the newer of the two
    alex = real_site.page("speakers/alex-leong")
    assert [text(h).rstrip("¶") for h in alex.select("section section h2")] == [
        "KubeCon NA 2022",
        "ServiceMeshCon NA 2022",
    ]
    assert [text(h).rstrip("¶") for h in page.select("section section h2")] == ["ServiceMeshCon NA 2022"]
    redirect = real_site.page("people/kasper-nissen")
    assert redirect.select_one('link[rel="canonical"]')["href"].endswith("speakers/kasper-nissen.html")


def test_a_picture_is_scaled_to_the_same_bytes_every_time() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (900, 300), (10, 200, 30, 128)).save(buffer, "PNG")
    raw = buffer.getvalue()
    picture = people.Picture("x.png", 900, 300, "d")
    first, second = people.optimised(raw, picture), people.optimised(raw, picture)
    assert first == second
    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size, image.mode) == ("JPEG", (320, 107), "RGB")
        assert "exif" not in image.info


# --- importing a schedule: biographies and avatars --------------------------------------------


def test_import_writes_new_profiles_and_never_touches_an_existing_one(tmp_path: Path) -> None:
    from test_import import MESHCON, PRETALX, cli, load

    src = copy_root("basic", tmp_path / "src")
    document = load(PRETALX)
    event = document["schedule"]["conference"]["days"][1]["rooms"]["Hall A"][0]
    event["persons"] = [
        {
            "code": "MALLOR",
            "name": "Mallory Import",
            "avatar": "https://pretalx.example.org/media/avatars/mallory.png",
            "biography": "Builds *meshes*.\n\n<script>alert(1)</script> {speaker}`x`",
        },
        {"code": "WILLIA", "name": "Will Morgan", "avatar": "https://x.example/w.png", "biography": "Not his words."},
        {"code": "NOAVAT", "name": "Plain Person", "avatar": "javascript:alert(1)", "biography": None},
    ]
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    profile = src / "people/william-morgan.md"
    before = profile.read_bytes()
    code, out, err = cli(src, "import", str(path), "--event", MESHCON, "--root", ".")
    assert code == 0, out + err
    assert profile.read_bytes() == before
    assert "'Will Morgan' has a profile already; the import leaves it as it is" in err
    assert "is not an http(s) address; left out" in err
    assert not (src / "people/plain-person.md").exists()  # nothing to say about them
    written = (src / "people/mallory-import.md").read_text(encoding="utf-8")
    assert "add       people/mallory-import.md  (a speaker profile)" in out
    data = read_page(written, "mallory-import")
    assert data.problems == [] and data.entry.item.name == "Mallory Import"
    # the avatar stays an address in a comment, never downloaded nor shown; the text stays text
    assert "% The schedule has a picture at https://pretalx.example.org/media/avatars/mallory.png" in written
    assert not list(src.rglob("mallory.png"))
    assert cli(src, "check", ".")[0] == 0
    result = build(src, tmp_path / "out", freshenv=True)
    assert result.warnings == "", result.warnings
    page = soup(result.html / "speakers/mallory-import.html")
    bio = page.select_one(".tdk-biography")
    # the schedule's HTML is stripped (script and all), its Markdown and MyST shown as written
    assert text(bio) == "Builds *meshes*. {speaker}`x`"
    assert bio.select_one("script, em, img, a") is None
    assert "pretalx.example.org" not in str(page)
