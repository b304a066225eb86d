"""Every Sphinx (and sphinx-sitemap) internal talkdeck relies on, in one place; speedups.py
has those it uses only to make Sphinx's own work cheaper, checked the same way (`attribute`).

Each is used because no public API does the job; the reason is given with each. None of them
falls back to doing nothing: where the pinned versions (requirements.txt) provide something and
a later one does not, the build stops with `InternalsChanged`, naming what is missing, and
tests/test_compat.py fails on each of them first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import FunctionType
from typing import TYPE_CHECKING, Any, TypeVar

from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

Result = TypeVar("Result")


class InternalsChanged(ExtensionError):
    """A Sphinx internal talkdeck uses is not what the pinned Sphinx has."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(
            f"talkdeck relies on {what} ({why}), which this version of Sphinx or sphinx-sitemap does not "
            f"provide as expected; use the versions in requirements.txt or update talkdeck/sphinxext/compat.py"
        )


def attribute(owner: object, name: str, kind: type | tuple[type, ...], why: str) -> Any:
    value = getattr(owner, name, None)
    if not isinstance(value, kind):
        raise InternalsChanged(f"{type(owner).__name__}.{name}", why)
    return value


def prepare_render(builder: StandaloneHTMLBuilder, pagename: str) -> None:
    """Before rendering a generated page's nodes with `render_partial`: the section and figure
    numbers the HTML translator reads from the builder, which Sphinx sets only in `write_doc`
    (a rebuild that writes no document has none, and the translator fails)."""
    why = "the numbers the HTML translator reads, set per document by write_doc"
    env = builder.env
    builder.secnumbers = attribute(env, "toc_secnumbers", dict, why).get(pagename, {})
    builder.fignumbers = attribute(env, "toc_fignumbers", dict, why).get(pagename, {})


def release_read_doctrees(env: BuildEnvironment) -> None:
    """Let go of the doctrees read so far. A serial read keeps every document's doctree in
    memory until the write phase (`_write_doc_doctree_cache`: about 60 KB a talk page, 600 MB
    for 10,000), which then reads each from its pickle instead, as a parallel build always
    does. No setting keeps them out."""
    why = "the doctrees a serial read keeps in memory for the write phase"
    attribute(env, "_write_doc_doctree_cache", dict, why).clear()


#: What Sphinx keeps per document and merges back from a forked reader for its chunk's documents
#: only (its title, toctree and metadata collectors' merge_other): the bulk of the environment.
PER_DOCUMENT = ("titles", "longtitles", "tocs", "toc_num_entries", "metadata")


def forget_merged_documents(env: BuildEnvironment) -> None:
    """In a process Sphinx forked to read a chunk of documents (-j), before it reads one: let go
    of what the environment holds for the documents read before the fork. Sphinx pickles the
    reader's whole environment back to the main process once a chunk (the more documents, the
    more chunks, each larger: quadratic), and merges only the chunk's documents from it."""
    why = "per-document data of the environment a forked reader sends back"
    for name in PER_DOCUMENT:
        attribute(env, name, dict, why).clear()


def config_hash(builder: StandaloneHTMLBuilder) -> str:
    """The digest of the HTML configuration Sphinx keeps in .buildinfo (and rewrites every page
    when it changes); generated pages follow the same rule (nav.site_signature)."""
    why = "Sphinx's digest of the configuration, after which it rewrites every page"
    info = attribute(builder, "build_info", object, why)
    return f"{attribute(info, 'config_hash', str, why)}/{attribute(info, 'tags_hash', str, why)}"


def plain_output_paths(builder: StandaloneHTMLBuilder) -> bool:
    """Whether a page's file is its name plus the output suffix, as the HTML builder's own
    get_output_path joins them (not dirhtml's folder per page): then that text is the file's
    path relative to the output folder, without a Path made for each of 30,000 pages."""
    from sphinx.builders.html import StandaloneHTMLBuilder as plain

    kind = type(builder)
    return all(
        getattr(kind, name, None) is getattr(plain, name, None) is not None
        for name in ("get_output_path", "get_outfilename")
    )


def switch_off_search(builder: StandaloneHTMLBuilder) -> None:
    """No searchindex.js, no indexing of each page, and no search page of Sphinx's: search.py
    writes its own search page over Pagefind's index. `search` is the class attribute the HTML
    builder reads for that (HTML Help and the Qt builders set it to False); no setting does it."""
    why = "whether the HTML builder indexes pages and writes searchindex.js and search.html"
    attribute(builder, "search", bool, why)
    builder.search = False


@dataclass(frozen=True)
class SearchIndex:
    """The parts of Sphinx's search index (sphinx.search.IndexBuilder) search.py completes."""

    #: page -> its index entries, as IndexBuilder.feed records them
    index_entries: dict[str, list[tuple[str, str, str]]]
    #: page -> title; Sphinx indexes only pages with one
    titles: dict[str, str | None]
    #: word -> pages, for the words of the text and of the titles
    mappings: tuple[dict[str, set[str]], dict[str, set[str]]]


def search_index(builder: StandaloneHTMLBuilder) -> SearchIndex | None:
    """The search index being built, before it is written (html-collect-pages runs before); None
    for a builder that writes none. Sphinx feeds a page's index entries to it only when it
    writes the page, and has no API to add those of pages it did not rewrite."""
    why = "the search index's own dicts, completed for the pages an incremental build did not rewrite"
    if not attribute(builder, "search", bool, why):
        return None
    indexer = attribute(builder, "indexer", object, why)
    return SearchIndex(
        attribute(indexer, "_index_entries", dict, why),
        attribute(indexer, "_titles", dict, why),
        (attribute(indexer, "_mapping", dict, why), attribute(indexer, "_title_mapping", dict, why)),
    )


def sitemap_links(app: Sphinx) -> Any | None:
    """sphinx-sitemap's queue of (link, last modified) of the pages written by this run, which it
    reads at build-finished to write sitemap.xml; None when sphinx-sitemap is not loaded. It has
    no API to add pages (meta.complete_sitemap adds every other page of the output)."""
    if "sphinx_sitemap" not in app.extensions:
        return None
    links = getattr(app, "sitemap_links", None)
    if not all(callable(getattr(links, method, None)) for method in ("get_nowait", "put")):
        raise InternalsChanged("sphinx-sitemap's app.sitemap_links", "the queue of pages it puts in sitemap.xml")
    return links


def forget_document(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Leave a found document out of the build, as if its file did not exist (read.py leaves out
    a page that is not UTF-8): Sphinx has no API for it. A document an earlier build read loses
    what it said, as Sphinx does for a removed one (env-purge-doc, then clear_doc)."""
    found = attribute(env, "found_docs", set, "the documents Sphinx found, which it reads and lists")
    found.discard(docname)
    if docname in env.found_docs:  # a copy: leaving it out did nothing
        raise InternalsChanged("BuildEnvironment.found_docs", "the documents Sphinx found, which it reads and lists")
    if docname in env.all_docs:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)


def source_copy(builder: StandaloneHTMLBuilder, docname: str) -> str | None:
    """Where the HTML builder copies a document's source ('_sources/<name>'), named as its
    get_doc_context names it; None when it copies none. pages.document_outputs needs the name
    to delete the copy of a document that is gone, and Sphinx does not say it."""
    if not attribute(builder, "copysource", bool, "whether the builder copies sources") or not (
        builder.config.html_copy_source
    ):
        return None
    suffix = str(builder.env.doc2path(docname, False))[len(docname) :]
    name = docname + suffix
    if suffix != builder.config.html_sourcelink_suffix:
        name += builder.config.html_sourcelink_suffix
    return f"_sources/{name}"


def _parallel_tasks() -> type | None:
    """Sphinx's ParallelTasks, or None where it cannot fork."""
    from sphinx.util import parallel

    why = "the forked tasks Sphinx reads and writes documents with under -j"
    if not attribute(parallel, "parallel_available", bool, why):
        return None
    return attribute(parallel, "ParallelTasks", type, why)  # type: ignore[no-any-return]


def run_in_processes(
    nproc: int, func: Callable[[Any], Any], args: Iterable[Any], result: Callable[[Any, Any], None]
) -> None:
    """`func(arg)` for each argument in up to `nproc` forked processes, `result(arg, value)` in
    this one as each ends: Sphinx's own ParallelTasks (what `-j` reads and writes with), as no
    public API forks; where forking is not available, one after the other."""
    forking = _parallel_tasks()
    if forking is None:
        for arg in args:
            result(arg, func(arg))
        return
    tasks = forking(nproc)
    for arg in args:
        tasks.add_task(func, arg, result)
    tasks.join()


def start_in_process(func: Callable[[], Result]) -> Callable[[], Result]:
    """`func()` in one forked process started now (Sphinx's ParallelTasks, as above); what this
    returns waits for it and gives its value, its warnings told here as Sphinx tells a forked
    writer's. Where forking is not available, `func()` runs when its value is asked for."""
    forking = _parallel_tasks()
    if forking is None:
        return func
    tasks = forking(1)
    found: list[Result] = []
    tasks.add_task(func, None, lambda _, value: found.append(value))

    def wait() -> Result:
        tasks.join()
        return found[0]

    return wait


def bound_parallel_queue() -> None:
    """Under -j, Sphinx's writer resolves a chunk of documents in the main process and queues it
    for a forked writer without waiting for one to be free (`ParallelTasks.add_task` never
    blocks): it runs ahead of its writers and ends up holding the resolved doctrees of most of
    the site at once (1.1 GB at 10,000 talks with -j 2, twice a serial build's peak). Sphinx's
    builders get a ParallelTasks whose `add_task` waits while more tasks wait than run: the
    writers always have the next chunk, and the main process holds a few. Same tasks, same
    order, same results; reading (its tasks hold page names) only waits where `join` would."""
    from sphinx import builders

    why = "the forked tasks Sphinx reads and writes documents with under -j"
    base: type = attribute(builders, "ParallelTasks", type, why)
    if getattr(base, "talkdeck_bounded", False):
        return
    for name in ("_join_one", "terminate"):
        attribute(base, name, FunctionType, why)

    class BoundedTasks(base):  # type: ignore[misc,valid-type]
        talkdeck_bounded = True

        def add_task(self, task_func: Callable[..., Any], arg: Any = None, result_func: Any = None) -> None:
            super().add_task(task_func, arg, result_func)
            waiting = attribute(self, "_precvs_waiting", dict, why)
            try:
                while len(waiting) > attribute(self, "nproc", int, why):
                    if not self._join_one():
                        time.sleep(0.02)
            except BaseException:
                self.terminate()  # as Sphinx's join does when a task failed
                raise

    builders.ParallelTasks = BoundedTasks  # type: ignore[attr-defined]
