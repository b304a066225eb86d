"""What a build does once per site must not be done once per page: a site of 10,000 talks
would pay it 10,000 times over (issue 17). Counted, not timed, on sites from
benchmarks/scale.py's generator."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from test_nav import generator

from conftest import build, build_with, html_pages
from talkdeck.sphinxext import domain


@pytest.mark.parametrize("talks", [16, 64])
def test_the_site_wide_index_is_made_a_fixed_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, talks: int
) -> None:
    """The index of talks and events by id (domain._lookup) is made from every page; reading
    a page must not make it again (the talk directive asked for it once per page)."""
    made: list[int] = []
    first_by_id = domain.first_by_id

    def counted(entries, kind):  # type: ignore[no-untyped-def]
        made.append(1)
        return first_by_id(entries, kind)

    monkeypatch.setattr(domain, "first_by_id", counted)
    src = tmp_path / "src"
    src.mkdir()
    generator().generate(src, talks)
    result = build(src, tmp_path / "out", freshenv=True)
    assert result.warnings == ""
    assert 0 < len(made) <= 4, f"{len(made)} indexes made for {talks} talks"


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_the_navigation_is_made_once_per_folder_and_is_sphinx_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, buildername: str
) -> None:
    """Pages outside the toctree share their folder's navigation (nav.shared_navigation): every
    page is byte for byte what Sphinx's own per-page navigation gives, and with the html
    builder the tree is resolved once per folder, not once per page."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    from talkdeck.sphinxext import nav

    src = tmp_path / "src"
    src.mkdir()
    generator().generate(src, 40)  # 4 events of 10 talks, speakers' and topics' pages
    resolved: list[str] = []
    local_toctree = StandaloneHTMLBuilder._get_local_toctree

    def counted(self, docname, *args, **kwargs):  # type: ignore[no-untyped-def]
        resolved.append(docname)
        return local_toctree(self, docname, *args, **kwargs)

    monkeypatch.setattr(StandaloneHTMLBuilder, "_get_local_toctree", counted)
    shared = build_with(buildername, src, tmp_path / "shared")
    shared_count = len(resolved)
    resolved.clear()
    monkeypatch.setattr(nav, "shared_navigation", lambda *args: None)
    own = build_with(buildername, src, tmp_path / "own")
    made, expected = html_pages(shared), html_pages(own)
    assert sorted(made) == sorted(expected)
    assert len(made) > 60
    differ = [page for page in expected if made[page] != expected[page]]
    assert differ == [], f"{len(differ)} pages differ, the first: {differ[:3]}"
    assert len(resolved) >= len(expected) - 5  # Sphinx alone: a tree per page (the search page has none)
    if buildername == "html":
        folders = {posixpath.dirname(page) for page in expected}
        assert shared_count <= len(folders) + 10, (shared_count, len(folders))


def test_the_read_data_is_left_out_of_collections_until_the_build_ends(tmp_path: Path) -> None:
    """While pages are written, the objects the read phase left (the environment, the Domain's
    records) are frozen out of the garbage collector's scans (sphinxext/heap.py); after the build
    nothing is, so a process that builds again frees what it no longer holds."""
    import gc

    from conftest import make_app

    src = tmp_path / "src"
    src.mkdir()
    generator().generate(src, 16)
    frozen: list[int] = []
    app = make_app(src, tmp_path / "out", freshenv=True)
    app.connect("doctree-resolved", lambda app, doctree, docname: frozen.append(gc.get_freeze_count()))
    try:
        app.build()
        assert len(frozen) > 16
        assert min(frozen) > 1000, frozen[:3]  # every object alive after reading
        assert gc.get_freeze_count() == 0
    finally:
        app.cleanup()


def test_what_the_pages_read_so_far_left_is_frozen_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading freezes what is alive before its first page and, every READ_BATCH pages, what
    those pages left (sphinxext/heap.py), so a page's collections do not scan the pages before
    it; what they left unreachable is collected first, so no garbage is kept frozen. A process
    forked to read (-j) freezes what it was forked with before its first page."""
    import gc
    import os

    from conftest import make_app
    from talkdeck.sphinxext import heap

    monkeypatch.setattr(heap, "READ_BATCH", 4)
    src = tmp_path / "src"
    src.mkdir()
    generator().generate(src, 24)
    seen = tmp_path / "seen.txt"

    def note(app, docname, source):  # type: ignore[no-untyped-def]
        with seen.open("a") as out:  # a forked reader's list would die with it
            out.write(f"{os.getpid()} {gc.get_freeze_count()} {len(gc.get_objects())}\n")

    for parallel, out in ((0, "serial"), (2, "parallel")):
        seen.write_text("")
        app = make_app(src, tmp_path / out, parallel=parallel, freshenv=True)
        app.connect("source-read", note, priority=900)  # after heap's handler (600)
        try:
            app.build()
            assert app._warning.getvalue() == ""
        finally:
            app.cleanup()
        rows = [tuple(map(int, line.split())) for line in seen.read_text().splitlines()]
        assert len(rows) > 24, len(rows)
        by_process: dict[int, list[tuple[int, int]]] = {}
        for pid, frozen, alive in rows:
            by_process.setdefault(pid, []).append((frozen, alive))
        if parallel:
            assert os.getpid() not in by_process and len(by_process) >= 2, sorted(by_process)
        for pid, found in by_process.items():
            assert found[0][0] > 1000, (pid, found[:2])  # frozen before its first page
            counts = [frozen for frozen, _ in found]  # what refcounting frees leaves it too
            batches = range(heap.READ_BATCH - 1, len(counts), heap.READ_BATCH)  # its 4th page, 8th ...
            assert batches and all(counts[i] > counts[i - 1] for i in batches), (pid, counts)
            # what is not frozen stays small: at most the pages since the last freeze
            assert max(alive for _, alive in found) < found[0][0], (pid, found)
    assert gc.get_freeze_count() == 0
