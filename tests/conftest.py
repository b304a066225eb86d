"""Shared fixtures and helpers for the talkdeck test suite.

Builds go through ``sphinx.testing`` (``SphinxTestApp``); every build that a test reads from
is made in its own temporary source and build directory, so no test ever sees a pickled
environment left behind by another one (which would make read-time warnings vanish).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

pytest_plugins = ("sphinx.testing.fixtures",)

# Property-based tests (test_properties, test_equivalence) are reproducible by default: the same
# examples on every run and machine, no example database. `--hypothesis-profile=long` tries ten
# times as many (each test asks `examples(n)` for its share).
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None, print_blob=True)
settings.register_profile("long", parent=settings.get_profile("ci"), max_examples=1000)
settings.load_profile("ci")


def examples(n: int) -> int:
    """``n`` examples under the default profile, scaled by the profile in use."""
    return max(1, n * settings.default.max_examples // 100)


TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
ROOTS = TESTS / "roots"

if str(REPO / "_ext") not in sys.path:
    sys.path.insert(0, str(REPO / "_ext"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the ``sphinx`` marker's ``testroot=<name>`` finds ``test-<name>``."""
    return ROOTS


# --- building -----------------------------------------------------------------------


def copy_root(name: str, dest: Path) -> Path:
    """A private, writable copy of ``tests/roots/test-<name>`` at ``dest``."""
    shutil.copytree(ROOTS / f"test-{name}", dest, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return dest


def warnings_of(app: SphinxTestApp) -> str:
    """The warning stream of a build without ANSI colour codes."""
    return strip_colors(app.warning.getvalue())


def make_app(srcdir: Path, outdir: Path, *, parallel: int = 0, freshenv: bool = False, **kwargs) -> SphinxTestApp:
    """A test app reading ``srcdir`` and building into ``outdir`` (html in ``outdir/html``)."""
    return SphinxTestApp(
        "html",
        srcdir=Path(srcdir),
        builddir=Path(outdir),
        parallel=parallel,
        freshenv=freshenv,
        status=StringIO(),
        warning=StringIO(),
        **kwargs,
    )


@dataclass
class Build:
    """What one finished build left: where its HTML is, its warnings and its status output."""

    srcdir: Path
    outdir: Path
    warnings: str
    status: str
    statuscode: int

    @property
    def html(self) -> Path:
        return self.outdir / "html"

    def page(self, docname: str) -> BeautifulSoup:
        return soup(self.html / f"{docname}.html")

    def pages(self) -> dict[str, str]:
        return html_pages(self.html)

    def records(self) -> list[Warning_]:
        return parse_warnings(self.warnings, self.srcdir)


def build(srcdir: Path, outdir: Path, *, parallel: int = 0, freshenv: bool = False, **kwargs) -> Build:
    """Build ``srcdir`` into ``outdir`` and return the warnings (colour codes stripped)."""
    # Sphinx prints no per-chunk progress when CI is set; the parallel tests read that progress
    ci = os.environ.pop("CI", None)
    app = make_app(srcdir, outdir, parallel=parallel, freshenv=freshenv, **kwargs)
    try:
        app.build()
        return Build(Path(srcdir), Path(outdir), warnings_of(app), strip_colors(app.status.getvalue()), app.statuscode)
    finally:
        app.cleanup()
        if ci is not None:
            os.environ["CI"] = ci


def build_root(name: str, tmp: Path, *, parallel: int = 0, extra: dict[str, str] | None = None, **kwargs) -> Build:
    """Copy ``test-<name>`` into ``tmp/src`` (plus ``extra`` files: path -> text) and build it
    freshly into ``tmp/out``."""
    src = copy_root(name, tmp / "src")
    for path, content in (extra or {}).items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(content, encoding="utf-8")
    return build(src, tmp / "out", parallel=parallel, freshenv=True, **kwargs)


@contextmanager
def without_epoch() -> Iterator[None]:
    """Builds whose timestamps come from the data, whatever the environment running the tests says."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        yield


def build_with(buildername: str, src: Path, out: Path, **kwargs: Any) -> Path:
    """A clean build of ``src`` with another builder (dirhtml, singlehtml, text ...) that must
    succeed; returns its output folder."""
    app = SphinxTestApp(
        buildername,
        srcdir=Path(src),
        builddir=Path(out),
        freshenv=True,
        status=StringIO(),
        warning=StringIO(),
        **kwargs,
    )
    try:
        app.build()
        assert app.statuscode == 0
        return Path(app.outdir)
    finally:
        app.cleanup()


# --- reading output -------------------------------------------------------------------


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def html_pages(outdir: Path) -> dict[str, str]:
    """Relative path -> text of every ``.html`` file under ``outdir``."""
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(Path(outdir).rglob("*.html"))
    }


def output_files(html: Path) -> dict[str, bytes]:
    """Every file a build left in its HTML folder, objects.inv decompressed so it can be compared."""
    found = {}
    for path in sorted(Path(html).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "objects.inv":
                head, _, body = data.partition(b"zlib.\n")
                data = head + zlib.decompress(body)
            found[path.relative_to(html).as_posix()] = data
    return found


def search_index(html: Path) -> dict[str, dict[str, Any]]:
    """Every page of a build's Pagefind index by URL: its text, title, filters (facets) and
    metadata, read from the index's fragment files (gzip JSON after a fixed signature), of
    every shard."""
    found = {}
    for _, fragment in search_fragments(html):
        assert fragment["url"] not in found, f"{fragment['url']} is in two shards"
        found[fragment["url"]] = fragment
    return found


def search_fragments(html: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(file, fragment) of every fragment file of every shard of a build's Pagefind index."""
    for path in sorted((Path(html) / "pagefind").rglob("fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        yield path, json.loads(data[len(b"pagefind_dcd") :])


def text(tag) -> str:  # type: ignore[no-untyped-def]
    """The text of a tag with runs of whitespace collapsed."""
    return " ".join(tag.get_text().split()) if tag is not None else ""


#: Two clean builds of the same sources differ in nothing at all (checked by
#: test_parallel.test_two_clean_builds_are_byte_identical): the ``?v=`` query on CSS and JS
#: links is a checksum of the file's content, not a time stamp, there is no "last updated"
#: date, and no absolute path reaches the HTML.  So the normaliser only has to make line
#: endings uniform; it exists so that a future theme that stamps pages can be handled in one
#: place, and it must never hide a difference in content.
def normalise(html: str) -> str:
    return html.replace("\r\n", "\n")


# --- warnings ---------------------------------------------------------------------------

_WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$")


@dataclass(frozen=True)
class Warning_:
    """One located warning as Sphinx printed it."""

    file: str  # path relative to the source directory, e.g. 'talks/bad.md'
    line: int
    message: str
    type: str

    @property
    def field(self) -> str:
        return self.message.split(": ", 1)[0]


def parse_warnings(warnings: str, srcdir: Path) -> list[Warning_]:
    """Every ``path:line: WARNING: message [type]`` line of a warning stream."""
    found = []
    prefix = str(Path(srcdir)) + "/"
    for raw in warnings.splitlines():
        match = _WARNING.match(raw)
        if match is None:
            continue
        path = match["path"]
        if path.startswith(prefix):
            path = path[len(prefix) :]
        found.append(Warning_(path, int(match["line"]), match["message"], match["type"] or ""))
    return found


def find_warning(records: list[Warning_], file: str, line: int, *needles: str) -> Warning_:
    """The one warning at ``file:line`` whose message contains every needle; fails clearly."""
    hits = [w for w in records if w.file == file and w.line == line and all(n in w.message for n in needles)]
    assert len(hits) == 1, (
        f"expected one warning at {file}:{line} containing {needles!r}, found {len(hits)}; "
        f"warnings for {file}: {[(w.line, w.message) for w in records if w.file == file]}"
    )
    return hits[0]


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's site, built strictly as Read the Docs builds it, once per test session:
    the browser tests, Lighthouse and the Nu HTML Checker all look at this one build."""
    from browser.site import build_real_site

    return build_real_site(tmp_path_factory.mktemp("real-site"))


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """tests/roots/test-basic built strictly, once per session, for the browser and HTML checks."""
    from browser.site import build_basic_site

    return build_basic_site(tmp_path_factory.mktemp("basic-site"))


@pytest.fixture(scope="module")
def basic_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One clean build of ``test-basic`` shared by every read-only test of a module."""
    return build_root("basic", tmp_path_factory.mktemp("basic"))
