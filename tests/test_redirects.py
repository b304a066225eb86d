"""Links that never break: `redirect_from` writes a redirect page at each earlier path (html:
old.html, dirhtml: old/index.html) with a refresh, a canonical link, noindex and a visible link;
an earlier path that collides is a located warning, the same in `check`; removing an entry
removes its page, renaming a page leaves a redirect where it was; the 404 page works at any
depth. test-week's MeshDay talks came from conf/ (meshday/rust.md lists conf/rust,
meshday/cni.md lists conf/cni and old/cni-talk)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Build, build, build_root, build_with, copy_root, find_warning, search_index, soup, text
from talkdeck.cli.check import run
from talkdeck.core.frontmatter import read_page
from talkdeck.core.redirects import plan
from talkdeck.sphinxext.outputs import MANIFEST

REDIRECTS = {"conf/rust": "meshday/rust", "conf/cni": "meshday/cni", "old/cni-talk": "meshday/cni"}
TITLES = {"meshday/rust": "Control Planes in Rust", "meshday/cni": "CNI Boundaries"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("week", tmp_path_factory.mktemp("redirects"))


def redirect(page: BeautifulSoup) -> tuple[str, str, str, str, str]:
    """(refresh target, canonical, robots, visible link, its text) of a redirect page."""
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    delay, _, url = refresh.partition("; url=")
    assert delay == "0"
    link = page.select_one("main a")
    return (
        url,
        page.find("link", rel="canonical")["href"],
        page.find("meta", attrs={"name": "robots"})["content"],
        link["href"],
        text(link),
    )


def test_html_writes_a_redirect_at_each_earlier_path(site: Build) -> None:
    assert site.warnings == ""
    for old, new in REDIRECTS.items():
        page = soup(site.html / f"{old}.html")
        depth = "../" * old.count("/")
        assert redirect(page) == (
            f"{depth}{new}.html",
            f"{depth}{new}.html",
            "noindex",
            f"{depth}{new}.html",
            TITLES[new],
        )
        assert page.find("html")["lang"] == "en"
        assert text(page.find("h1")) == "This page has moved"


def test_dirhtml_writes_them_as_folders_with_absolute_canonical_links(tmp_path: Path) -> None:
    src = copy_root("week", tmp_path / "src")
    out = build_with("dirhtml", src, tmp_path / "out", confoverrides={"html_baseurl": "https://talks.example.org/en/"})
    for old, new in REDIRECTS.items():
        page = soup(out / old / "index.html")
        depth = "../" * (old.count("/") + 1)
        assert redirect(page) == (
            f"{depth}{new}/",
            f"https://talks.example.org/en/{new}/",
            "noindex",
            f"{depth}{new}/",
            TITLES[new],
        )
        # where it leads exists
        assert (out / new / "index.html").is_file()


def test_redirects_stay_out_of_the_sitemap_search_and_inventory(tmp_path: Path) -> None:
    src = copy_root("week", tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + 'extensions.append("sphinx_sitemap")\nhtml_baseurl = "https://talks.example.org/"\n'
        'sitemap_url_scheme = "{link}"\n',
        encoding="utf-8",
    )
    result = build(src, tmp_path / "out", freshenv=True)
    assert result.warnings == ""
    sitemap = (result.html / "sitemap.xml").read_text(encoding="utf-8")
    locs = [loc.text for loc in BeautifulSoup(sitemap, "xml").find_all("loc")]
    assert "https://talks.example.org/meshday/rust.html" in locs
    assert not [loc for loc in locs if "conf/rust" in loc or "old/" in loc or "conf/cni" in loc or "404" in loc]
    indexed = search_index(result.html)  # Pagefind's
    assert "/meshday/rust.html" in indexed
    assert not [url for url in indexed if "conf/rust" in url or "old/" in url or "conf/cni" in url or "404" in url]


def test_the_404_page_works_at_any_depth(tmp_path: Path) -> None:
    src = copy_root("week", tmp_path / "src")
    result = build(src, tmp_path / "out", freshenv=True, confoverrides={"notfound_urls_prefix": "/en/latest/"})
    page = result.page("404")
    assert text(page.find("h1")).rstrip("¶") == "Page not found"
    form = page.select_one("form.tdk-notfound-search")
    assert (form["action"], form["method"]) == ("/en/latest/search.html", "get")
    assert page.select_one("#tdk-notfound-q")["name"] == "q"
    assert page.select_one('label[for="tdk-notfound-q"]') is not None
    assert page.select_one(".tdk-notfound-home a")["href"] == "/en/latest/"
    # the theme's own links are absolute under the prefix too: none is relative to the page
    hrefs = [tag.get("href") or tag.get("src") for tag in page.find_all(["a", "link", "script"])]
    relative = [h for h in hrefs if h and not h.startswith(("/en/latest/", "#", "http"))]
    assert relative == []
    # dirhtml: Read the Docs serves 404/index.html too
    out = build_with("dirhtml", src, tmp_path / "dirhtml", confoverrides={"notfound_urls_prefix": "/en/latest/"})
    dirpage = soup(out / "404" / "index.html")
    assert dirpage.select_one("form.tdk-notfound-search")["action"] == "/en/latest/search/"


# --- what cannot be a redirect -----------------------------------------------------------------


def moved(paths: str) -> str:
    return f"""---
orphan: true
redirect_from: {paths}
talk:
  title: Moved Here
  event: conf-2022
  format: talk
  speakers:
    - name: Flynn
  summary: A page with earlier paths.
---

```{{talk}}
```
"""


def test_colliding_earlier_paths_are_located_warnings_in_the_build_and_check(tmp_path: Path) -> None:
    pages = {
        # a live document, a generated page, its own path, Sphinx's search page, MeshDay's claim
        "moved.md": moved("[conf/keynote, speakers/flynn, moved, search, conf/rust, fine/path]"),
        # an address rather than a path
        "address.md": moved("[/conf/old.html]"),
    }
    src = copy_root("week", tmp_path / "src")
    for name, content in pages.items():
        (src / name).write_text(content, encoding="utf-8")
    result = build(src, tmp_path / "out", freshenv=True)
    records = result.records()
    find_warning(
        records, "moved.md", 3, "redirect_from[1]: 'conf/keynote' is the path of a page the site has (conf/keynote)"
    )
    find_warning(records, "moved.md", 3, "redirect_from[2]: 'speakers/flynn' is the path of a page the site has")
    find_warning(records, "moved.md", 3, "redirect_from[3]: 'moved' is this page's own path")
    find_warning(records, "moved.md", 3, "redirect_from[4]: 'search' is a page Sphinx writes itself")
    find_warning(
        records,
        "moved.md",
        3,
        "redirect_from[5]: 'conf/rust' is already an earlier path of meshday/rust (line 14)",
    )
    find_warning(records, "address.md", 3, "redirect_from[1]: '/conf/old.html' is an address", "'conf/old'")
    ours = sorted((w.file, w.line, w.message) for w in records if w.type.startswith("talkdeck"))
    assert len(ours) == 6
    # the one good entry is written, the others are not (the live pages are untouched)
    assert redirect(soup(result.html / "fine/path.html"))[0] == "../moved.html"
    assert soup(result.html / "conf/keynote.html").find("meta", attrs={"http-equiv": "refresh"}) is None
    assert redirect(soup(result.html / "conf/rust.html"))[0] == "../meshday/rust.html"
    # check says the same, with the same words and lines
    checked = run(src, True, ["moved.md", "address.md"], src)
    assert sorted((f.path.name, f.line, f.message) for f in checked.findings) == ours


def test_each_entry_has_its_own_line() -> None:
    source = "---\nredirect_from:\n  - a/b\n  - a/b\n  - c\n---\n"
    data = read_page(source, "x")
    assert data.redirects == (("a/b", 3), ("c", 5))
    assert [(p.line, p.field) for p in data.problems] == [(4, "redirect_from[2]")]
    accepted, problems = plan({"x": data.redirects, "y": (("c/index", 9),)}, {"x", "y"})
    # dirhtml writes 'c' and 'c/index' to one file: the second page's claim is refused
    assert sorted(accepted) == ["a/b", "c"]
    assert [(d, p.line, p.field) for d, p in problems] == [("y", 9, "redirect_from[1]")]


# --- incremental ---------------------------------------------------------------------------------


def manifest_files(html: Path) -> set[str]:
    found = json.loads((html / MANIFEST).read_text(encoding="utf-8"))["outputs"]
    return {f for _, files in found.values() for f in files}


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_removing_an_entry_removes_its_page_and_renaming_leaves_a_redirect(tmp_path: Path, builder: str) -> None:
    src = copy_root("week", tmp_path / "src")
    out = tmp_path / "out"

    def rebuild() -> Path:
        from io import StringIO

        from sphinx.testing.util import SphinxTestApp

        app = SphinxTestApp(builder, srcdir=src, builddir=out, status=StringIO(), warning=StringIO())
        try:
            app.build()
            assert app.statuscode == 0
            assert app.warning.getvalue() == ""
            return Path(app.outdir)
        finally:
            app.cleanup()

    def file_of(path: str) -> str:
        return f"{path}.html" if builder == "html" else f"{path}/index.html"

    html = rebuild()
    assert (html / file_of("old/cni-talk")).is_file()
    cni = src / "meshday" / "cni.md"
    cni.write_text(cni.read_text(encoding="utf-8").replace(", old/cni-talk]", "]"), encoding="utf-8")
    html = rebuild()
    assert not (html / file_of("old/cni-talk")).exists()
    assert not (html / "old").exists()  # the folder it left empty too
    assert (html / file_of("conf/cni")).is_file()
    assert file_of("old/cni-talk") not in manifest_files(html)
    # rename a page and list its old path: the old file becomes the redirect
    rust = src / "meshday" / "rust.md"
    renamed = src / "meshday" / "rust-control-planes.md"
    renamed.write_text(
        rust.read_text(encoding="utf-8").replace("  - conf/rust\n", "  - conf/rust\n  - meshday/rust\n"),
        encoding="utf-8",
    )
    rust.unlink()
    html = rebuild()
    page = soup(html / file_of("meshday/rust"))
    depth = "" if builder == "html" else "../"
    assert redirect(page)[0] == f"{depth}rust-control-planes" + (".html" if builder == "html" else "/")
    assert redirect(soup(html / file_of("conf/rust")))[0].endswith(
        "rust-control-planes" + (".html" if builder == "html" else "/")
    )
    assert (html / file_of("meshday/rust-control-planes")).is_file()
    shutil.rmtree(out)
