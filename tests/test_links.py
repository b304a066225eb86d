"""Every internal link and asset reference of the built real site resolves: each href and src
of every page (and every url() of its CSS) names a file that exists, and each #fragment an id
or name on the page it points to. External (http, https, mailto ...) references are not
followed: the build makes no network requests and neither do the tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser.site import READTHEDOCS_URL, build_real_site
from conftest import Build

#: Attributes that reference another file or a place in one.
REFERENCES = {"href": ("a", "link", "area"), "src": ("img", "script", "iframe", "source", "audio", "video", "track")}
#: The site's own path on Read the Docs ('/en/latest/'): the 404 page's links are absolute under it.
SITE_PATH = urlsplit(READTHEDOCS_URL).path
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")


@dataclass(frozen=True)
class Broken:
    page: str
    reference: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.reference} ({self.why})"


@cache
def anchors(path: Path) -> frozenset[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset(str(t["id"]) for t in soup.find_all(id=True)) | frozenset(
        str(t["name"]) for t in soup.find_all("a", attrs={"name": True})
    )


def internal(reference: str) -> bool:
    parts = urlsplit(reference)
    return not parts.scheme and not parts.netloc


def target(root: Path, page: Path, reference: str) -> tuple[Path, str]:
    """The file a reference from `page` names, and its fragment."""
    parts = urlsplit(reference)
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith(SITE_PATH):  # absolute under the path Read the Docs serves the site at (the 404 page)
        path = "/" + path.removeprefix(SITE_PATH)
    found = (root / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    if path.endswith("/") or found.is_dir():
        found = found / "index.html"
    return found.resolve(), unquote(parts.fragment)


def check(root: Path, page: Path, reference: str) -> str | None:
    """Why an internal reference is broken, or None."""
    found, fragment = target(root, page, reference)
    if not found.is_relative_to(root.resolve()):
        return "outside the site"
    if not found.is_file():
        return "no such file"
    if fragment and found.suffix in (".html", ".xhtml") and fragment not in anchors(found):
        return f"no id {fragment!r} there"
    return None


def references(page: Path) -> list[str]:
    """Every href/src of a page's HTML, and every url() of its CSS."""
    if page.suffix == ".css":
        return [m["url"] for m in _CSS_URL.finditer(page.read_text(encoding="utf-8"))]
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for attribute, tags in REFERENCES.items():
        found += [str(tag[attribute]) for tag in soup.find_all(tags, attrs={attribute: True})]
    return found


def broken_references(root: Path, suffix: str = ".html") -> tuple[list[Broken], int]:
    """The broken internal references of the pages (`suffix`: '.xhtml' for an epub's) and
    stylesheets under `root`, and how many were checked."""
    broken, checked = [], 0
    root = root.resolve()
    for page in sorted([*root.rglob(f"*{suffix}"), *root.rglob("*.css")]):
        for reference in references(page):
            if not internal(reference) or reference.startswith("data:"):
                continue
            checked += 1
            why = check(root, page, reference)
            if why is not None:
                broken.append(Broken(page.relative_to(root).as_posix(), reference, why))
    return broken, checked


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_real_site(tmp_path_factory.mktemp("links-site"))


def test_every_internal_reference_resolves(site: Build) -> None:
    broken, checked = broken_references(site.html)
    assert not broken, f"{len(broken)} of {checked} broken:\n" + "\n".join(map(str, broken))
    # every page links to the stylesheet, the index and its neighbours: far more than pages
    assert checked > 20 * len(list(site.html.rglob("*.html")))


def test_the_cards_filter_and_sidebar_links_are_among_those_checked(site: Build) -> None:
    index = BeautifulSoup((site.html / "index.html").read_text(encoding="utf-8"), "html.parser")
    ours = [a["href"] for a in index.select(".tdk-card a[href], .tdk-filter a[href], .tdk-sidebar a[href]")]
    assert ours and all(internal(h) or h.startswith("https://") for h in ours)
    checked = set(references(site.html / "index.html"))
    assert set(ours) <= checked


def test_broken_references_are_found(tmp_path: Path) -> None:
    """The checker itself: a missing file, a missing fragment, a file outside, a broken CSS url()."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text('<p id="here">x</p>', encoding="utf-8")
    (tmp_path / "style.css").write_text("a { background: url('missing.png') } b { background: url(data:x) }")
    (tmp_path / "page.html").write_text(
        '<a href="sub/">ok</a> <a href="sub/#here">ok</a> <a href="#top" id="top">ok</a>'
        '<a href="https://example.org/x">external</a> <link href="style.css" rel="stylesheet">'
        '<a href="gone.html">1</a> <a href="sub/index.html#nowhere">2</a> <img src="../outside.png">',
        encoding="utf-8",
    )
    broken, checked = broken_references(tmp_path)
    assert checked == 8
    assert sorted((b.page, b.reference, b.why) for b in broken) == [
        ("page.html", "../outside.png", "outside the site"),
        ("page.html", "gone.html", "no such file"),
        ("page.html", "sub/index.html#nowhere", "no id 'nowhere' there"),
        ("style.css", "missing.png", "no such file"),
    ]
