"""Every Sphinx (and sphinx-sitemap) internal talkdeck relies on, in one place.

Each is used because no public API does the job; the reason is given with each. None of them
falls back to doing nothing: where the pinned versions (requirements.txt) provide something and
a later one does not, the build stops with `InternalsChanged`, naming what is missing, and
tests/test_compat.py fails on each of them first.
"""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import FunctionType
from typing import TYPE_CHECKING, Any, TypeVar

from sphinx.errors import ExtensionError

from .roles import DOMAIN_NAME

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


def _attribute(owner: object, name: str, kind: type | tuple[type, ...], why: str) -> Any:
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
    builder.secnumbers = _attribute(env, "toc_secnumbers", dict, why).get(pagename, {})
    builder.fignumbers = _attribute(env, "toc_fignumbers", dict, why).get(pagename, {})


def release_read_doctrees(env: BuildEnvironment) -> None:
    """Let go of the doctrees read so far. A serial read keeps every document's doctree in
    memory until the write phase (`_write_doc_doctree_cache`: about 60 KB a talk page, 600 MB
    for 10,000), which then reads each from its pickle instead, as a parallel build always
    does. No setting keeps them out."""
    why = "the doctrees a serial read keeps in memory for the write phase"
    _attribute(env, "_write_doc_doctree_cache", dict, why).clear()


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
        _attribute(env, name, dict, why).clear()


def config_hash(builder: StandaloneHTMLBuilder) -> str:
    """The digest of the HTML configuration Sphinx keeps in .buildinfo (and rewrites every page
    when it changes); generated pages follow the same rule (nav.site_signature)."""
    why = "Sphinx's digest of the configuration, after which it rewrites every page"
    info = _attribute(builder, "build_info", object, why)
    return f"{_attribute(info, 'config_hash', str, why)}/{_attribute(info, 'tags_hash', str, why)}"


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
    _attribute(builder, "search", bool, why)
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
    if not _attribute(builder, "search", bool, why):
        return None
    indexer = _attribute(builder, "indexer", object, why)
    return SearchIndex(
        _attribute(indexer, "_index_entries", dict, why),
        _attribute(indexer, "_titles", dict, why),
        (_attribute(indexer, "_mapping", dict, why), _attribute(indexer, "_title_mapping", dict, why)),
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
    found = _attribute(env, "found_docs", set, "the documents Sphinx found, which it reads and lists")
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
    if not _attribute(builder, "copysource", bool, "whether the builder copies sources") or not (
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
    if not _attribute(parallel, "parallel_available", bool, why):
        return None
    return _attribute(parallel, "ParallelTasks", type, why)  # type: ignore[no-any-return]


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
    base: type = _attribute(builders, "ParallelTasks", type, why)
    if getattr(base, "talkdeck_bounded", False):
        return
    for name in ("_join_one", "terminate"):
        _attribute(base, name, FunctionType, why)

    class BoundedTasks(base):  # type: ignore[misc,valid-type]
        talkdeck_bounded = True

        def add_task(self, task_func: Callable[..., Any], arg: Any = None, result_func: Any = None) -> None:
            super().add_task(task_func, arg, result_func)
            waiting = _attribute(self, "_precvs_waiting", dict, why)
            try:
                while len(waiting) > _attribute(self, "nproc", int, why):
                    if not self._join_one():
                        time.sleep(0.02)
            except BaseException:
                self.terminate()  # as Sphinx's join does when a task failed
                raise

    builders.ParallelTasks = BoundedTasks  # type: ignore[attr-defined]


def return_rendered_nodes() -> None:
    """Sphinx's `render_partial` renders a node by adding it to a new document, which it then
    drops; but the node keeps that document as its parent. A node the environment keeps (every
    page's title, rendered for its template) so keeps a document, its reporter and transformer
    (some 35 objects) alive for the rest of the build, which every full collection of the
    garbage collector scans again: at 10,000 talks the write phase's collections grew to half a
    second each. The node is given back the parent and document it had, and the document goes."""
    from docutils import nodes
    from sphinx.builders.html import StandaloneHTMLBuilder

    why = "the HTML builder's rendering of a lone node"
    made = _attribute(StandaloneHTMLBuilder, "render_partial", FunctionType, why)
    if getattr(made, "talkdeck_returned", False):
        return
    if not isinstance(getattr(nodes.Node, "document", None), property):
        raise InternalsChanged("docutils' Node.document", why)

    @functools.wraps(made)
    def render_partial(self: StandaloneHTMLBuilder, node: Any) -> dict[str, str]:
        if node is None:
            return made(self, node)  # type: ignore[no-any-return]
        parent, document = node.parent, vars(node).get("_document")
        try:
            return made(self, node)  # type: ignore[no-any-return]
        finally:
            node.parent, node.document = parent, document

    render_partial.talkdeck_returned = True  # type: ignore[attr-defined]
    StandaloneHTMLBuilder.render_partial = render_partial  # type: ignore[method-assign]


def share_page_settings() -> None:
    """Make each page's docutils settings once, not once a page. Sphinx builds them for every
    page it reads (`_get_settings`: docutils' whole option parser, and its configuration files
    read again) and MyST once more for a document it throws away (`make_document`, the default
    of an argument it does not use): 7% of a build. Sphinx's are kept by the environment's
    Domain (they name the environment), MyST's by parser class (a pure function of it); each
    page gets its own copy, with its own lists and record of dependencies, as a fresh parse."""
    import myst_parser.mdit_to_docutils.base as myst_base
    import sphinx.util.docutils as sphinx_docutils

    why = "the settings Sphinx and MyST make for every page"
    made = _attribute(sphinx_docutils, "_get_settings", FunctionType, why)
    if not getattr(made, "talkdeck_shared", False):
        sphinx_docutils._get_settings = _kept_by_environment(made)  # type: ignore[attr-defined]
    _attribute(myst_base, "get_default_settings", FunctionType, why)
    myst_base.get_default_settings = _default_settings  # type: ignore[attr-defined]


def _kept_by_environment(make: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(make)
    def shared(*components: Any, defaults: Mapping[str, Any], **options: Any) -> Any:
        keep = getattr(_domain_of(defaults.get("env")), "keep", None)
        if keep is None:  # settings for no environment, or one without talkdeck
            return make(*components, defaults=defaults, **options)
        kinds = tuple(c if isinstance(c, type) else type(c) for c in components)
        key = ("docutils settings", kinds, _identity(dict(defaults)), _identity(options))
        return _copy_settings(keep(key, lambda: make(*components, defaults=defaults, **options)))

    shared.talkdeck_shared = True  # type: ignore[attr-defined]
    return shared


def _domain_of(env: Any) -> Any:
    """The environment's talkdeck Domain; None for settings made without an environment, or for
    an environment without talkdeck (another project built in the same process)."""
    get_domain = getattr(env, "get_domain", None)
    try:
        return get_domain(DOMAIN_NAME) if get_domain is not None else None
    except ExtensionError:  # the Domain is not registered
        return None


@functools.cache
def _myst_defaults(parser_cls: type) -> Any:
    from docutils.frontend import get_default_settings

    return get_default_settings(parser_cls)


def _default_settings(*components: Any) -> Any:
    """docutils' get_default_settings for MyST: made once per parser class, copied per document."""
    if len(components) == 1 and isinstance(components[0], type):
        return _copy_settings(_myst_defaults(components[0]))
    from docutils.frontend import get_default_settings

    return get_default_settings(*components)


def _identity(value: Any) -> Any:
    """A value as a key: itself when hashable, else its identity (the environment in the
    defaults; the Domain that keeps the settings belongs to it, so the id is not reused)."""
    if isinstance(value, dict):
        return tuple((k, _identity(v)) for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return value


def _copy_settings(settings: Any) -> Any:
    from docutils.utils import DependencyList

    mine = copy.copy(settings)
    for name, value in vars(settings).items():
        if isinstance(value, (list, dict, set)):
            setattr(mine, name, copy.copy(value))
    mine.record_dependencies = DependencyList()
    return mine
