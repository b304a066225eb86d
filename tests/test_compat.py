"""Every Sphinx and sphinx-sitemap internal talkdeck uses (sphinxext/compat.py) is there in the
pinned versions and does what talkdeck relies on. Nothing here skips: after an upgrade that
drops or changes one, these tests fail, and so does the build (InternalsChanged), instead of
talkdeck silently doing nothing.
"""

from __future__ import annotations

import os
import re
import time
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
import sphinx
import sphinx_sitemap
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, copy_root, warnings_of
from talkdeck.sphinxext import compat
from talkdeck.sphinxext.domain import get_domain


def pinned(name: str) -> str:
    found = re.search(rf"^{re.escape(name)}==(\S+)$", (REPO / "requirements.txt").read_text(encoding="utf-8"), re.M)
    assert found, f"{name} is not pinned in requirements.txt"
    return found[1]


def test_the_pinned_versions_are_the_ones_tested() -> None:
    assert sphinx.__version__ == pinned("sphinx")
    assert sphinx_sitemap.__version__ == pinned("sphinx-sitemap")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """A finished build of test-basic with sphinx-sitemap, kept open for its builder and env."""
    tmp = tmp_path_factory.mktemp("compat")
    src = copy_root("basic", tmp / "src")
    built = SphinxTestApp(
        "html",
        srcdir=src,
        builddir=tmp / "out",
        freshenv=True,
        status=StringIO(),
        warning=StringIO(),
        confoverrides={
            "extensions": ["myst_parser", "sphinx_design", "talkdeck", "sphinx_sitemap"],
            "html_baseurl": "https://talks.example.org/",
            "sitemap_url_scheme": "{link}",
            "talkdeck_search": "sphinx",  # Sphinx's own search index, which search_index reads
        },
    )
    built.build()
    assert warnings_of(built) == ""
    yield built
    built.cleanup()


def test_search_index(app: SphinxTestApp) -> None:
    index = compat.search_index(app.builder)
    assert index is not None
    assert index.titles["kcna/mesh-intro"] == "Service Mesh 101"
    assert ("Service Mesh 101", "talk-mesh-intro", "") in index.index_entries["kcna/mesh-intro"]
    words, title_words = index.mappings
    assert "kcna/mesh-intro" in title_words["mesh"]
    assert any("kcna/mesh-intro" in pages for pages in words.values())
    # what search.py completes is what searchindex.js holds
    assert "Service Mesh 101" in (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")


def test_search_index_of_a_builder_without_one(tmp_path: Path) -> None:
    assert compat.search_index(SimpleNamespace(search=False)) is None  # type: ignore[arg-type]
    with pytest.raises(compat.InternalsChanged, match="_index_entries"):
        compat.search_index(SimpleNamespace(search=True, indexer=object()))  # type: ignore[arg-type]


def test_switch_off_search(tmp_path: Path) -> None:
    builder = SimpleNamespace(search=True)
    compat.switch_off_search(builder)  # type: ignore[arg-type]
    assert builder.search is False
    with pytest.raises(compat.InternalsChanged, match="search"):
        compat.switch_off_search(SimpleNamespace())  # type: ignore[arg-type]
    # and the pinned Sphinx obeys it: no searchindex.js, no search page of its own (search.py's)
    src = copy_root("basic", tmp_path / "src")
    built = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", freshenv=True, status=StringIO(), warning=StringIO()
    )
    try:
        assert built.builder.search is False  # builder-inited has run
        built.build()
        assert not (Path(built.outdir) / "searchindex.js").exists()
        assert "tdk-search" in (Path(built.outdir) / "search.html").read_text(encoding="utf-8")
    finally:
        built.cleanup()


def test_sitemap_links(app: SphinxTestApp) -> None:
    links = compat.sitemap_links(app)
    assert links is not None
    links.put(("x.html", None))  # the queue sphinx-sitemap reads its pages from
    assert links.get_nowait() == ("x.html", None)
    sitemap = (Path(app.outdir) / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://talks.example.org/speakers/alex-leong.html" in sitemap  # a page only talkdeck adds
    assert compat.sitemap_links(SimpleNamespace(extensions={})) is None  # type: ignore[arg-type]
    with pytest.raises(compat.InternalsChanged, match="sitemap_links"):
        compat.sitemap_links(SimpleNamespace(extensions={"sphinx_sitemap": None}))  # type: ignore[arg-type]


def test_config_hash(app: SphinxTestApp) -> None:
    buildinfo = (Path(app.outdir) / ".buildinfo").read_text(encoding="utf-8")
    config, tags = (re.search(rf"^{key}: (\w+)$", buildinfo, re.M)[1] for key in ("config", "tags"))  # type: ignore[index]
    assert compat.config_hash(app.builder) == f"{config}/{tags}"


def test_plain_output_paths(app: SphinxTestApp, tmp_path: Path) -> None:
    """Where it holds, a page's name plus the suffix is its file's path in the output folder."""
    assert compat.plain_output_paths(app.builder)
    outdir = Path(app.outdir)
    for docname in sorted(app.env.all_docs):
        assert Path(app.builder.get_outfilename(docname)) == outdir / (docname + app.builder.out_suffix)
    src = copy_root("basic", tmp_path / "src")
    dirhtml = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / "out", status=StringIO(), warning=StringIO())
    try:
        assert not compat.plain_output_paths(dirhtml.builder)  # a folder per page
    finally:
        dirhtml.cleanup()


def test_source_copy(app: SphinxTestApp) -> None:
    outdir = Path(app.outdir)
    copies = {p.relative_to(outdir).as_posix() for p in (outdir / "_sources").rglob("*") if p.is_file()}
    assert {compat.source_copy(app.builder, docname) for docname in app.env.all_docs} == copies
    assert "_sources/kcna/mesh-intro.md.txt" in copies


def test_prepare_render(app: SphinxTestApp) -> None:
    compat.prepare_render(app.builder, "speakers/alex-leong")
    assert app.builder.fignumbers == {} and app.builder.secnumbers == {}


def test_release_read_doctrees(tmp_path: Path) -> None:
    """A serial read keeps each doctree for the write phase until talkdeck lets it go: during
    the read, the cache never holds more than the document just read; the write phase reads
    the others from their pickles (the pages are written all the same)."""
    src = copy_root("basic", tmp_path / "src")
    held: list[int] = []
    built = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", freshenv=True, status=StringIO(), warning=StringIO()
    )
    built.connect("source-read", lambda app, docname, source: held.append(len(app.env._write_doc_doctree_cache)))
    built.connect("env-updated", lambda app, env: held.append(len(env._write_doc_doctree_cache)) or [])
    try:
        built.build()
        assert warnings_of(built) == ""
    finally:
        built.cleanup()
    assert len(held) > 5 and max(held) <= 1, held
    assert (tmp_path / "out" / "html" / "kcna" / "packets.html").is_file()
    with pytest.raises(compat.InternalsChanged, match="_write_doc_doctree_cache"):
        compat.release_read_doctrees(SimpleNamespace())  # type: ignore[arg-type]


def test_forget_merged_documents() -> None:
    """Every per-document store Sphinx merges back from a forked reader is emptied, and only those."""
    env = SimpleNamespace(**{name: {"a": 1} for name in compat.PER_DOCUMENT}, all_docs={"a": 1.0})
    compat.forget_merged_documents(env)  # type: ignore[arg-type]
    assert [getattr(env, name) for name in compat.PER_DOCUMENT] == [{}] * len(compat.PER_DOCUMENT)
    assert env.all_docs == {"a": 1.0}
    with pytest.raises(compat.InternalsChanged, match="titles"):
        compat.forget_merged_documents(SimpleNamespace())  # type: ignore[arg-type]


def test_run_in_processes() -> None:
    """Each argument's value comes back from a forked process (another pid), once."""
    found: dict[int, tuple[int, int]] = {}
    compat.run_in_processes(2, lambda n: (n * n, os.getpid()), range(5), found.__setitem__)
    assert sorted((n, square) for n, (square, _) in found.items()) == [(n, n * n) for n in range(5)]
    assert os.getpid() not in {pid for _, pid in found.values()}


def test_start_in_process() -> None:
    """The function runs in a forked process started at once; waiting gives its value."""
    wait = compat.start_in_process(lambda: (os.getpid(), time.monotonic()))
    time.sleep(0.5)
    asked = time.monotonic()
    pid, ran = wait()
    assert pid != os.getpid()
    assert ran < asked  # it ran before its value was asked for


def test_bound_parallel_queue() -> None:
    """The ParallelTasks Sphinx's builders use (under -j, its writer queues each chunk of resolved
    doctrees with one) waits in `add_task` while more tasks wait than run; every task's value
    still comes back, from a forked process. Sphinx's own would queue all six at once."""
    from sphinx import builders
    from sphinx.util import parallel

    compat.bound_parallel_queue()  # setup() installed it; again changes nothing
    assert builders.ParallelTasks is not parallel.ParallelTasks and builders.ParallelTasks.talkdeck_bounded
    tasks = builders.ParallelTasks(1)
    waiting: list[int] = []
    found: dict[int, tuple[int, int]] = {}
    for n in range(6):
        tasks.add_task(lambda n: (time.sleep(0.1), (n * n, os.getpid()))[1], n, found.__setitem__)
        waiting.append(len(tasks._precvs_waiting))
    tasks.join()
    assert max(waiting) == 1
    assert sorted((n, square) for n, (square, _) in found.items()) == [(n, n * n) for n in range(6)]
    assert os.getpid() not in {pid for _, pid in found.values()}
    unqueued = parallel.ParallelTasks(1)
    for n in range(6):
        unqueued.add_task(lambda n: time.sleep(0.1), n)
    assert len(unqueued._precvs_waiting) == 5  # what the bound is for
    unqueued.join()
    with pytest.raises(compat.InternalsChanged, match="_join_one"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(builders, "ParallelTasks", type("ParallelTasks", (), {"terminate": lambda self: None}))
        compat.bound_parallel_queue()


def test_forget_document(app: SphinxTestApp) -> None:
    """Last: it changes the environment the other tests read."""
    env = app.env
    purged = []
    app.connect("env-purge-doc", lambda _app, _env, docname: purged.append(docname))
    compat.forget_document(app, env, "kcna/mesh-intro")
    assert purged == ["kcna/mesh-intro"]
    assert "kcna/mesh-intro" not in env.found_docs
    assert "kcna/mesh-intro" not in env.all_docs
    assert "kcna/mesh-intro" not in get_domain(env).entries
