"""Link previews and the sitemap, with the settings conf.py gives: OpenGraph and Twitter meta
from the talk data, the canonical link, and a sitemap of every page (generated ones too) that is
the same after an incremental or a parallel build, and absent (without a warning) locally."""

from __future__ import annotations

import json
import runpy
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, Build, build, build_root, copy_root, warnings_of

BASE = "https://talks.example.org/en/latest/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
#: What conf.py sets for link previews and the sitemap, passed on to the test root.
SHARED_SETTINGS = (
    "ogp_site_url",
    "ogp_site_name",
    "ogp_type",
    "ogp_enable_meta_description",
    "ogp_social_cards",
    "ogp_custom_meta_tags",
    "talkdeck_archive_title",
    "site_url",
    "sitemap_url_scheme",
    "sitemap_excludes",
)
TITLE = "Quotes \"double\" & 'single' </script><!-- &amp; <b>x</b>"
SUMMARY = 'A summary with "quotes", <tags> & &lt;entities&gt;.'
HOSTILE_PAGE = f"""---
talk:
  title: {json.dumps(TITLE)}
  event: kcna-2022
  format: talk
  summary: {json.dumps(SUMMARY)}
  speakers:
    - name: Eve
---

```{{talk}}
```
"""


def site_conf(monkeypatch: pytest.MonkeyPatch, canonical: str | None) -> dict:
    """The repository's conf.py as Read the Docs (canonical URL set) or a laptop (unset) runs it."""
    if canonical is None:
        monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    else:
        monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", canonical)
    return runpy.run_path(str(REPO / "conf.py"))


def overrides(conf: dict) -> dict:
    """conf.py's sharing settings on top of test-basic's own configuration."""
    extensions = ["myst_parser", "sphinx_design", "talkdeck"]
    extensions += [e for e in conf["extensions"] if e in ("sphinxext.opengraph", "sphinx_sitemap")]
    # conf.py sets ogp_* always; Sphinx reads them only when the extension is loaded
    found = {
        name: conf[name]
        for name in SHARED_SETTINGS
        if name in conf and (not name.startswith("ogp_") or "sphinxext.opengraph" in extensions)
    }
    return {"extensions": extensions, "html_baseurl": conf["html_baseurl"], **found}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    with pytest.MonkeyPatch.context() as monkeypatch:
        conf = site_conf(monkeypatch, BASE)
    extra = {"kcna/hostile-meta.md": HOSTILE_PAGE}
    settings = {**overrides(conf), "html_theme": conf["html_theme"]}  # furo, whose head differs from basic's
    return build_root("basic", tmp_path_factory.mktemp("published"), extra=extra, confoverrides=settings)


def meta(page: BeautifulSoup, key: str, attribute: str = "property") -> list[str]:
    return [tag["content"] for tag in page.find_all("meta", attrs={attribute: key})]


def sitemap(outdir: Path) -> list[str]:
    root = ElementTree.parse(outdir / "sitemap.xml").getroot()
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def test_conf_enables_the_sitemap_only_with_a_canonical_url(monkeypatch: pytest.MonkeyPatch) -> None:
    local = site_conf(monkeypatch, None)
    assert local["html_baseurl"] == ""
    assert "sphinxext.opengraph" not in local["extensions"] and "sphinx_sitemap" not in local["extensions"]
    published = site_conf(monkeypatch, BASE)
    assert published["html_baseurl"] == BASE and published["ogp_site_url"] == BASE
    assert "sphinx_sitemap" in published["extensions"] and "sphinxext.opengraph" in published["extensions"]
    assert published["sitemap_url_scheme"] == "{link}"
    assert published["ogp_social_cards"] == {"enable": False}  # no images, no matplotlib


def test_published_build_has_no_warnings(published: Build) -> None:
    assert published.warnings.strip() == ""


def test_talk_page_previews_with_its_summary(published: Build) -> None:
    page = published.page("kcna/mesh-intro")
    assert meta(page, "og:title") == ["Service Mesh 101"]
    assert meta(page, "og:description") == ["What a service mesh is and why you might want one."]
    assert meta(page, "description", "name") == ["What a service mesh is and why you might want one."]
    assert meta(page, "og:url") == [BASE + "kcna/mesh-intro.html"]
    assert meta(page, "og:type") == ["website"]
    # test-basic holds two conferences: the site is an archive, named as conf.py names it
    assert meta(page, "og:site_name") == ["Linkerd at KubeCon"]
    assert meta(page, "twitter:card", "name") == ["summary"]
    # no social card of sphinxext-opengraph's: talkdeck's picture, the recording's still
    assert meta(page, "og:image") == ["https://i.ytimg.com/vi/mesh101/hqdefault.jpg"]
    assert [link["href"] for link in page.find_all("link", rel="canonical")] == [BASE + "kcna/mesh-intro.html"]


def test_every_talk_page_has_its_own_description(published: Build) -> None:
    for docname, summary in (
        ("kceu/keynote", "Where service meshes go next."),
        ("kcna/packets", "Following one packet through a mesh."),
    ):
        page = published.page(docname)
        assert meta(page, "og:description") == [summary]
        assert meta(page, "description", "name") == [summary]


def test_other_pages_keep_sphinxext_opengraphs_own_description(published: Build) -> None:
    page = published.page("kcna/index")
    assert len(meta(page, "description", "name")) == 1
    assert len(meta(page, "og:description")) == 1
    assert meta(page, "og:url") == [BASE + "kcna/index.html"]
    assert meta(page, "twitter:card", "name") == ["summary"]


def test_hostile_title_and_summary_stay_inside_meta_content(published: Build) -> None:
    page = published.page("kcna/hostile-meta")
    assert meta(page, "og:title") == [TITLE]
    assert meta(page, "og:description") == [SUMMARY]
    assert meta(page, "description", "name") == [SUMMARY]
    head = page.find("head")
    assert head.find("b") is None and head.find("tags") is None


def test_sitemap_lists_every_page_and_generated_ones(published: Build) -> None:
    locs = sitemap(published.html)
    assert locs == sorted(locs) and len(locs) == len(set(locs))
    assert all(loc.startswith(BASE) for loc in locs)
    pages = {loc[len(BASE) :] for loc in locs}
    # redirect pages (a profile's own address, a person's former ids) lead elsewhere: not listed
    redirects = {p for p, html in published.pages().items() if 'http-equiv="refresh"' in html}
    assert {"people/william-morgan.html", "speakers/wmorgan.html"} <= redirects
    written = {p for p in published.pages() if p not in ("search.html", "genindex.html")}
    assert pages == written - redirects
    for expected in (
        "kcna/mesh-intro.html",
        "kceu/gateway-panel.html",
        "speakers/alex-leong.html",
        "topics/service-mesh.html",
        "projects/linkerd.html",
        "organisations/buoyant.html",
        "index.html",
    ):
        assert expected in pages


def test_sitemap_is_complete_after_incremental_and_parallel_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = overrides(site_conf(monkeypatch, BASE))
    first = build_root("basic", tmp_path / "a", confoverrides=settings)
    full = sitemap(first.html)
    assert "https://talks.example.org/en/latest/speakers/eliza-weisman.html" in full
    # nothing changed: nothing is rewritten, yet the sitemap stays whole
    again = build(first.srcdir, first.outdir, confoverrides=settings)
    assert "0 source files" in again.status or "no targets are out of date" in again.status
    assert sitemap(first.html) == full
    # one talk edited: one page rewritten, every page still listed
    talk = first.srcdir / "kcna/rust-controllers.md"
    talk.write_text(talk.read_text(encoding="utf-8").replace("in Rust.", "in Rust, again."), encoding="utf-8")
    edited = build(first.srcdir, first.outdir, confoverrides=settings)
    assert edited.warnings.strip() == ""
    assert sitemap(first.html) == full
    # parallel writes finish in any order; the sitemap does not show it
    parallel = build_root("basic", tmp_path / "b", parallel=2, confoverrides=settings)
    assert (parallel.html / "sitemap.xml").read_bytes() == (first.html / "sitemap.xml").read_bytes()
    # the per-page OpenGraph fields are set while reading, so -j 2 readers carry them too
    for docname in ("kcna/mesh-intro", "kceu/keynote"):
        serial = meta(first.page(docname), "og:description")
        assert len(serial) == 1 and meta(parallel.page(docname), "og:description") == serial
        assert meta(parallel.page(docname), "description", "name") == serial


def test_local_build_has_no_sitemap_no_canonical_no_previews_and_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = build_root("basic", tmp_path, confoverrides=overrides(site_conf(monkeypatch, None)))
    assert local.warnings.strip() == ""
    assert not (local.html / "sitemap.xml").exists()
    page = local.page("kcna/mesh-intro")
    assert page.find_all("link", rel="canonical") == []
    # no link previews without an absolute address for og:url; the description is talkdeck's own
    assert page.find_all("meta", property=lambda p: p and p.startswith("og:")) == []
    assert meta(page, "description", "name") == ["What a service mesh is and why you might want one."]


def test_dirhtml_sitemap_and_json_ld_use_directory_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = overrides(site_conf(monkeypatch, BASE))
    src = copy_root("basic", tmp_path / "src")
    app = SphinxTestApp(
        "dirhtml", srcdir=src, builddir=tmp_path / "out", freshenv=True, status=StringIO(), warning=StringIO(),
        confoverrides=settings,
    )  # fmt: skip
    try:
        app.build()
        assert warnings_of(app).strip() == ""
    finally:
        app.cleanup()
    out = tmp_path / "out" / "dirhtml"
    locs = sitemap(out)
    assert BASE in locs and BASE + "kcna/mesh-intro/" in locs and BASE + "speakers/alex-leong/" in locs
    assert not any(loc.endswith(".html") for loc in locs)
    page = BeautifulSoup((out / "kcna/mesh-intro/index.html").read_text(encoding="utf-8"), "html.parser")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["url"] == BASE + "kcna/mesh-intro/"
    assert data["superEvent"]["url"] == BASE + "kcna/"
