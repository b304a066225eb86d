"""Each of speedups.py's patches is installed by the extension and gives what Sphinx gives
without it (the same checksums, settings of a page's own, the messages the verbosity shows),
and stops the build where the pinned versions' internals are not there."""

from __future__ import annotations

import logging
import re
import zlib
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root, make_app, warnings_of
from talkdeck.sphinxext import compat, speedups


def test_checksum_assets_once(tmp_path: Path) -> None:
    """Every CSS and JS file a page links carries the checksum of the file written (Sphinx's
    `?v=`), and each file's path is resolved once for the whole build, not once a page."""
    import sphinx.builders.html as html
    import sphinx.builders.html._assets as assets

    resolved: list[Path] = []
    inner = assets._file_checksum_inner

    def counted(file: Path) -> str:
        resolved.append(file)
        return inner(file)

    src = copy_root("basic", tmp_path / "src")
    app = make_app(src, tmp_path / "out", freshenv=True)
    assert html._file_checksum.talkdeck_once  # installed by the extension's setup
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(assets, "_file_checksum_inner", counted)
            app.build()
        assert warnings_of(app) == ""
    finally:
        app.cleanup()
    out = tmp_path / "out" / "html"
    pages = sorted(out.rglob("*.html"))
    linked = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["link", "script"]):
            url = tag.get("href") or tag.get("src") or ""
            found = re.fullmatch(r"([^?#:]+)\?v=([0-9a-f]{8})", url)
            if found is None:
                continue
            data = (page.parent / found[1]).read_bytes().translate(None, b"\r")
            assert found[2] == f"{zlib.crc32(data):08x}", (page, url)
            linked += 1
    assert len(pages) > 10 and linked > 5 * len(pages)
    assert 0 < len(resolved) == len(set(resolved)) < linked / len(pages) + 5, len(resolved)
    with pytest.raises(compat.InternalsChanged, match="_file_checksum"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(html, "_file_checksum", None)
        speedups.checksum_assets_once()


def test_skip_unshown_logs(tmp_path: Path) -> None:
    """At the default verbosity no debug record is made, and the build still shows its status
    and its warnings; at -vv the debug messages are there."""
    src = copy_root("basic", tmp_path / "src")
    (src / "kcna" / "dangling.md").write_text("# Dangling\n\n{doc}`nowhere`\n", encoding="utf-8")
    shown = {}
    for verbosity in (0, 2):
        app = make_app(src, tmp_path / f"out{verbosity}", freshenv=True, verbosity=verbosity)
        try:
            sphinx_logger = logging.getLogger("sphinx")
            shown[verbosity] = sphinx_logger.isEnabledFor(logging.DEBUG)
            app.build()
            status, warnings = app.status.getvalue(), warnings_of(app)
        finally:
            app.cleanup()
        assert "build succeeded" in status
        assert re.search(r"dangling\.md:3: WARNING: unknown document: 'nowhere'", warnings), warnings
        assert ("[app] emitting event" in status) == (verbosity == 2)
    assert shown == {0: False, 2: True}


def test_fixed_templates(tmp_path: Path) -> None:
    """The HTML builder's templates are not checked for changes while it writes; the pages are
    written from them."""
    src = copy_root("basic", tmp_path / "src")
    app = make_app(src, tmp_path / "out", freshenv=True)
    try:
        assert app.builder.templates.environment.auto_reload is False
        app.build()
        assert warnings_of(app) == ""
    finally:
        app.cleanup()
    page = BeautifulSoup((tmp_path / "out/html/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text() == "All talks¶"
    with pytest.raises(compat.InternalsChanged, match="auto_reload"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(app.builder.templates, "environment", None)
        speedups.fixed_templates(app)


def test_return_rendered_nodes(tmp_path: Path) -> None:
    """A node rendered alone keeps the parent and document it had: the throwaway document
    Sphinx adds it to goes with the call (a page title the environment keeps would keep it)."""
    import gc
    import weakref

    import docutils.utils
    from docutils import nodes
    from sphinx.builders.html import StandaloneHTMLBuilder

    app = make_app(copy_root("basic", tmp_path / "src"), tmp_path / "out", freshenv=True)
    app.cleanup()  # the builder is all this needs
    speedups.return_rendered_nodes()  # setup() installed it; again changes nothing
    assert StandaloneHTMLBuilder.render_partial.talkdeck_returned
    made: list[weakref.ref] = []
    new_document = docutils.utils.new_document

    def noted(*args, **kwargs):  # type: ignore[no-untyped-def]
        document = new_document(*args, **kwargs)
        made.append(weakref.ref(document))
        return document

    title = nodes.title("Packets", "Packets")
    section = nodes.section()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docutils.utils, "new_document", noted)
        assert app.builder.render_partial(title)["title"] == "Packets"
        assert title.parent is None and title.document is None
        section += title
        assert app.builder.render_partial(title)["title"] == "Packets"
    assert title.parent is section and title.document is None
    gc.collect()
    assert len(made) == 2 and [ref() for ref in made] == [None, None]
    with pytest.raises(compat.InternalsChanged, match="render_partial"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(StandaloneHTMLBuilder, "render_partial", None)
        speedups.return_rendered_nodes()


def test_share_page_settings(tmp_path: Path) -> None:
    """docutils' option parser runs a few times a build, not twice a page; every page still reads
    with settings of its own (its own lists and record of dependencies); the pages are written."""
    from docutils import frontend

    src = copy_root("basic", tmp_path / "src")
    parsers: list[int] = []
    pages: list[tuple[object, object, object]] = []  # kept alive, so no two share an id
    real = frontend.OptionParser.__init__

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsers.append(1)
        real(self, *args, **kwargs)

    built = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", freshenv=True, status=StringIO(), warning=StringIO()
    )
    settings = lambda app, doctree: pages.append(  # noqa: E731
        (doctree.settings, doctree.settings.record_dependencies, doctree.settings.smartquotes_locales)
    )
    built.connect("doctree-read", settings)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(frontend.OptionParser, "__init__", counted)
            built.build()
        assert warnings_of(built) == ""
    finally:
        built.cleanup()
    assert len(pages) > 10 and len(parsers) <= 4, (len(pages), len(parsers))
    for column in range(3):
        assert len({id(page[column]) for page in pages}) == len(pages)
    assert (tmp_path / "out" / "html" / "kcna" / "packets.html").is_file()
    with pytest.raises(compat.InternalsChanged, match="_get_settings"), pytest.MonkeyPatch.context() as patch:
        import sphinx.util.docutils

        patch.delattr(sphinx.util.docutils, "_get_settings")
        speedups.share_page_settings()
