"""The Atom feed (feed.xml): parsed with xml.etree and checked against test-basic's front-matter;
order, stable ids, links with and without html_baseurl, the link in every page's head, and
reproducible bytes."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import Build, build, build_root, build_with, copy_root, soup, without_epoch
from talkdeck.core.model import Entry, Speaker, Talk
from talkdeck.exports.feed import ordered, render

NS = {"atom": "http://www.w3.org/2005/Atom"}
BASEURL = "https://talks.example.org/wrap-up/"

#: Newest first: timed talks by their start in UTC; untimed ones on their event's first day,
#: after that event's timed talks; ties by title.
ORDER = [
    ("policy-tutorial", "kceu/policy-tutorial", "2023-04-21T09:00:00+00:00"),  # 10:00 London
    ("gateway-panel", "kceu/gateway-panel", "2023-04-20T14:00:00+00:00"),  # 16:00 Amsterdam
    ("keynote", "kceu/keynote", "2023-04-19T07:30:00+00:00"),  # 09:30 Amsterdam
    ("ambient", "kceu/ambient", "2023-04-18T00:00:00+00:00"),  # untimed: kceu starts 18 April
    ("rust-controllers", "kcna/rust-controllers", "2022-10-27T21:00:00+00:00"),  # 17:00 Detroit
    ("mesh-intro", "kcna/mesh-intro", "2022-10-26T18:30:00+00:00"),
    ("zero-trust", "kcna/zero-trust", "2022-10-25T15:00:00+00:00"),
    ("state-of-linkerd", "kcna/state-of-linkerd", "2022-10-24T00:00:00+00:00"),  # "Overview and ..."
    ("whose-packet", "kcna/packets", "2022-10-24T00:00:00+00:00"),  # "Whose Packet ..."
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    with without_epoch():
        return build_root("basic", tmp_path_factory.mktemp("feed"))


def read(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall("atom:entry", NS)


def field(element: ET.Element, name: str) -> str:
    found = element.find(f"atom:{name}", NS)
    assert found is not None, name
    return found.text or ""


def test_feed_header(site: Build) -> None:
    feed = read(site.html / "feed.xml")
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert field(feed, "title") == "talkdeck basic: talks"
    # the latest moment in the data (the policy tutorial's 10:00, read as UTC), not the clock
    assert field(feed, "updated") == "2023-04-21T10:00:00+00:00"
    assert field(feed, "generator") == "talkdeck"
    assert field(feed, "id").startswith("urn:uuid:")
    assert feed.findall("atom:author/atom:name", NS)  # stands in for entries without speakers
    # no html_baseurl: the feed cannot say where it lives
    assert feed.findall("atom:link", NS) == []


def test_entries_newest_first(site: Build) -> None:
    found = entries(read(site.html / "feed.xml"))
    assert [urlsplit(e.find("atom:link", NS).get("href")).path for e in found] == [f"{doc}.html" for _, doc, _ in ORDER]
    assert [field(e, "updated") for e in found] == [when for _, _, when in ORDER]


def test_entry_fields_match_the_front_matter(site: Build) -> None:
    by_link = {e.find("atom:link", NS).get("href"): e for e in entries(read(site.html / "feed.xml"))}
    zero = by_link["kcna/zero-trust.html"]
    assert field(zero, "title") == "Zero Trust in Practice"
    assert field(zero, "summary") == "A hands-on workshop on zero-trust networking."
    assert [a.text for a in zero.findall("atom:author/atom:name", NS)] == ["Jason Morgan", "Ashley Davis"]
    assert [(c.get("term"), c.get("label")) for c in zero.findall("atom:category", NS)] == [
        ("zero-trust", "Zero trust"),
        ("security", "Security"),
    ]


def test_ids_are_unique_and_urns(site: Build) -> None:
    ids = [field(e, "id") for e in entries(read(site.html / "feed.xml"))]
    assert len(set(ids)) == len(ORDER)
    for ident in ids:
        assert ident.startswith("urn:uuid:")
        assert uuid.UUID(ident.removeprefix("urn:uuid:")).version == 5


def test_relative_links_resolve_from_the_feed(site: Build) -> None:
    for entry in entries(read(site.html / "feed.xml")):
        href = entry.find("atom:link", NS).get("href")
        assert (site.html / urlsplit(urljoin("feed.xml", href)).path).is_file()


def test_every_page_links_to_the_feed(site: Build) -> None:
    checked = 0
    for path in sorted(site.html.rglob("*.html")):
        page = path.relative_to(site.html).as_posix()
        links = soup(path).select('head link[rel="alternate"][type="application/atom+xml"]')
        if page in ("genindex.html", "search.html"):
            # the basic theme renders these from layout.html, not page.html (furo: page.html)
            continue
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue  # a redirect page (a profile's own address, a former id) leads elsewhere at once
        # the site's feed, after the page's own on event and entity pages (test_subscriptions)
        site_feed = [link for link in links if link["title"] == "talkdeck basic: talks"]
        assert len(site_feed) == 1, page
        assert links[-1] is site_feed[0], page
        assert urlsplit(urljoin(page, site_feed[0]["href"])).path == "feed.xml", page
        checked += 1
    assert checked > 30  # documents and generated speaker, topic, project, organisation pages


def test_absolute_links_with_a_base_url(tmp_path: Path) -> None:
    with without_epoch():
        result = build_root("basic", tmp_path, confoverrides={"html_baseurl": BASEURL})
    feed = read(result.html / "feed.xml")
    links = {link.get("rel"): link.get("href") for link in feed.findall("atom:link", NS)}
    assert links == {"alternate": BASEURL, "self": BASEURL + "feed.xml"}
    assert [e.find("atom:link", NS).get("href") for e in entries(feed)] == [
        f"{BASEURL}{doc}.html" for _, doc, _ in ORDER
    ]


def test_ids_do_not_depend_on_base_url_title_or_build(site: Build, tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    path = src / "kcna/mesh-intro.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Service Mesh 101", "Service Mesh 102"), encoding="utf-8")
    with without_epoch():
        other = build(src, tmp_path / "out", freshenv=True, confoverrides={"html_baseurl": BASEURL})
    mine = [(field(e, "id"), field(e, "title")) for e in entries(read(other.html / "feed.xml"))]
    theirs = [(field(e, "id"), field(e, "title")) for e in entries(read(site.html / "feed.xml"))]
    assert [i for i, _ in mine] == [i for i, _ in theirs]
    assert ("Service Mesh 102" in dict(mine).values()) and ("Service Mesh 101" in dict(theirs).values())


def test_dirhtml_links(tmp_path: Path) -> None:
    out = build_with("dirhtml", copy_root("basic", tmp_path / "src"), tmp_path / "out")
    hrefs = [e.find("atom:link", NS).get("href") for e in entries(read(out / "feed.xml"))]
    assert hrefs == [f"{doc}/" for _, doc, _ in ORDER]
    head = soup(out / "kcna/mesh-intro/index.html").select_one('link[type="application/atom+xml"]')
    assert head["href"] == "../../feed.xml"


def test_other_builders_have_no_feed(tmp_path: Path) -> None:
    out = build_with("singlehtml", copy_root("basic", tmp_path / "src"), tmp_path / "out")
    assert not (out / "feed.xml").exists()
    assert soup(out / "index.html").select('link[type="application/atom+xml"]') == []


def test_two_builds_and_a_parallel_one_write_the_same_bytes(site: Build, tmp_path: Path) -> None:
    with without_epoch():
        again = build_root("basic", tmp_path / "again")
        parallel = build_root("basic", tmp_path / "parallel", parallel=2)
    data = (site.html / "feed.xml").read_bytes()
    assert (again.html / "feed.xml").read_bytes() == data
    assert (parallel.html / "feed.xml").read_bytes() == data


def test_source_date_epoch_sets_updated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    feed = read(build_root("basic", tmp_path).html / "feed.xml")
    assert datetime.fromisoformat(field(feed, "updated")) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    # entries keep the talks' own moments
    assert [field(e, "updated") for e in entries(feed)] == [when for _, _, when in ORDER]


HOSTILE = """\
---
talk:
  title: "<script>alert(1)</script> \\"quoted\\" & 'single' ]]>"
  event: kcna-2022
  format: talk
  speakers:
    - name: "<img src=x onerror=alert(2)>"
  topics: ["<b>bold</b>"]
  summary: "</summary><entry>"
---

```{talk}
```
"""


def test_hostile_text_round_trips(tmp_path: Path) -> None:
    with without_epoch():
        result = build_root("basic", tmp_path, extra={"kcna/hostile.md": HOSTILE})
    assert result.warnings == ""
    found = entries(read(result.html / "feed.xml"))
    assert len(found) == len(ORDER) + 1
    [entry] = [e for e in found if e.find("atom:link", NS).get("href") == "kcna/hostile.html"]
    assert field(entry, "title") == "<script>alert(1)</script> \"quoted\" & 'single' ]]>"
    assert field(entry, "summary") == "</summary><entry>"
    assert [a.text for a in entry.findall("atom:author/atom:name", NS)] == ["<img src=x onerror=alert(2)>"]
    assert [c.get("label") for c in entry.findall("atom:category", NS)] == ["<b>bold</b>"]


class _Domain:
    """Just what the feed reads from the Domain."""

    def __init__(self, *talks: Talk) -> None:
        self.talks = {t.id: Entry(f"talks/{t.id}", t) for t in talks}

    def event_of(self, talk: Talk) -> None:
        return None


def test_control_characters_never_reach_the_xml() -> None:
    """The schema refuses them in front-matter; lxml would raise on them, so the feed strips them."""
    talk = Talk(id="t", title="Bell\x07", summary="Esc\x1b", speakers=(Speaker("s", "Nul\x00"),), topics=("x\x01",))
    data = render(
        ordered(_Domain(talk)),  # type: ignore[arg-type]
        key="feed/test",
        title="Site\x02",
        author="",
        updated=datetime(2023, 1, 1, tzinfo=UTC),
        url_of=lambda docname: f"{docname}.html",
    )
    [entry] = entries(ET.fromstring(data))
    assert (field(entry, "title"), field(entry, "summary")) == ("Bell", "Esc")
    assert [a.text for a in entry.findall("atom:author/atom:name", NS)] == ["Nul"]
    assert [c.get("label") for c in entry.findall("atom:category", NS)] == ["x"]
