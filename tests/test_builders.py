"""The builder matrix: the real site and test-basic build with html, dirhtml, singlehtml, epub,
text and latex under -W (warnings are errors), every internal link and asset of every
HTML-format output (the epub's XHTML included) names a file that exists, and each builder's
output holds exactly the files `publish.PUBLICATIONS` says it gets.

test-basic gets one more page here that uses every kind of link to a generated page: the roles,
a std label of an entity (`{ref}`), and the field reference's `{talk-schema}` link.
"""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from test_links import broken_references

from browser.site import IGNORED
from conftest import REPO, copy_root, warnings_of
from talkdeck.sphinxext.publish import PUBLICATIONS, Publication

BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "text", "latex")
#: The page of a built output that holds the index's cards.
INDEX = {"html": "index.html", "dirhtml": "index.html", "singlehtml": "index.html", "epub": "index.xhtml"}

LINKS_PAGE = """---
orphan: true
---
# Every link to a generated page

Roles: {speaker}`Alex Leong`, {topic}`Security`, {project}`Linkerd`, {org}`Buoyant`,
{talk}`mesh-intro`, {event}`kcna-2022`. A label: {ref}`speaker-alex-leong`; with words:
{ref}`the speaker <speaker-alex-leong>`. The schema: {talk-schema}`talk.schema.json`.

```{talk-index} speakers
```
"""


def copy_site(dest: Path) -> Path:
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(*IGNORED, "tests"))
    return dest


def source(root: str, dest: Path) -> Path:
    if root == "site":
        return copy_site(dest)
    src = copy_root("basic", dest)
    (src / "pages" / "links.md").write_text(LINKS_PAGE, encoding="utf-8")
    return src


def strict_build(buildername: str, src: Path, out: Path) -> tuple[Path, str, int]:
    app = SphinxTestApp(
        buildername,
        srcdir=src,
        builddir=out,
        freshenv=True,
        warningiserror=True,
        keep_going=True,
        confoverrides={"nitpicky": True},
        status=StringIO(),
        warning=StringIO(),
    )
    try:
        app.build()
        return Path(app.outdir), warnings_of(app), app.statuscode
    finally:
        app.cleanup()


@pytest.fixture(scope="module", params=["site", "basic"])
def root(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    return request.param, source(request.param, tmp_path_factory.mktemp(request.param) / "src")


@pytest.mark.parametrize("buildername", BUILDERS)
def test_strict_build_with_every_link_resolving(root: tuple[str, Path], buildername: str, tmp_path: Path) -> None:
    name, src = root
    outdir, warnings, status = strict_build(buildername, src, tmp_path / "out")
    assert warnings == "", f"{name} with {buildername}:\n{warnings}"
    assert status == 0
    files = {p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file()}
    assert files, f"{buildername} wrote nothing"
    if buildername in INDEX:
        suffix = ".xhtml" if buildername == "epub" else ".html"
        broken, checked = broken_references(outdir, suffix)
        assert not broken, f"{len(broken)} of {checked} broken:\n" + "\n".join(map(str, broken))
        assert checked > 50
    check_published_files(PUBLICATIONS.get(buildername, Publication()), files, name)
    check_links_to_generated_pages(buildername, outdir, name)


def check_published_files(publication: Publication, files: set[str], root: str) -> None:
    """The files talkdeck adds are there exactly when the table says the builder gets them
    (the real site has no timed talk, so no calendar)."""
    found = {
        "entity_pages": any(f.startswith("speakers/") for f in files),
        "data": "talks.json" in files and any(f.startswith("schedules/") for f in files),
        "calendars": any(f.startswith("calendar/talks/") and f.endswith(".ics") for f in files),
        "feed": "feed.xml" in files,
        "schemas": {"schema/talk.schema.json", "schema/talks.schema.json"} <= files,
    }
    # one manifest, exactly when talkdeck writes any file of its own
    assert (".talkdeck-outputs.json" in files) == any(found.values())
    assert not any(f.startswith(".talkdeck") and f != ".talkdeck-outputs.json" for f in files)
    for key, present in found.items():
        if not getattr(publication, key):
            assert not present, f"{key} written though the builder does not publish it"
        elif key != "calendars" or root != "site":
            assert present, f"{key} missing though the builder publishes it"


def check_links_to_generated_pages(buildername: str, outdir: Path, root: str) -> None:
    """Where the builder writes no generated pages, a name is text, never a link to one."""
    publishes = PUBLICATIONS.get(buildername, Publication()).entity_pages
    if buildername not in INDEX:
        text = "\n".join(p.read_text(encoding="utf-8") for p in [*outdir.rglob("*.txt"), *outdir.rglob("*.tex")])
        assert "Alex Leong" in text or root == "site"
        assert "speakers/" not in text
        return
    page = BeautifulSoup((outdir / INDEX[buildername]).read_text(encoding="utf-8"), "html.parser")
    speakers = page.select(".tdk-card .tdk-speaker-name")
    assert speakers
    linked = [s for s in speakers if s.name == "a" or s.find_parent("a") is not None]
    assert bool(linked) == publishes
    hrefs = [str(a["href"]) for a in page.find_all("a", href=True)]
    assert any("speakers/" in h for h in hrefs) == publishes


def test_latex_keeps_the_talk_titles_as_text(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    outdir, warnings, status = strict_build("latex", src, tmp_path / "out")
    assert (warnings, status) == ("", 0)
    tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Whose Packet Is It Anyway?" in tex
