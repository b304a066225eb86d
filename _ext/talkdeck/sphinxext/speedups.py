"""Sphinx's own work per page, made cheaper: the Sphinx, docutils and MyST internals talkdeck
patches for speed alone. Each patch is a pure saving: the pages, the warnings and every other
output are what they would be without it (tests/test_speedups.py checks what each gives against
what Sphinx makes of the same files: the checksums, a page's own settings, the messages shown).
Like compat.py's, each stops the build (`InternalsChanged`) where the pinned versions' internals
are not there, rather than quietly doing nothing.

At 1,000 talks the asset checksums, the templates' time stamps and the unshown log records were
1.4 s of a 21 s clean build (three interleaved pairs of builds with and without them), all of
it for every page that Sphinx writes; the settings each page is read with, 7%.
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable, Mapping
from types import FunctionType
from typing import TYPE_CHECKING, Any

from sphinx.errors import ExtensionError

from .compat import InternalsChanged, attribute
from .roles import DOMAIN_NAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder


def install(app: Sphinx) -> None:
    """Every patch, from the extension's setup (installing one twice changes nothing)."""
    share_page_settings()  # docutils' settings made once, not for every page read
    return_rendered_nodes()  # a page's title, rendered, keeps no throwaway document alive
    checksum_assets_once()  # the ?v= of each CSS and JS file worked out once, not once a page
    skip_unshown_logs(app)  # no log record made that no handler of this build shows
    app.connect("builder-inited", fixed_templates)  # no time stamp read for each template a page uses


def checksum_assets_once() -> None:
    """Every page Sphinx writes links its CSS and JS files with a checksum (`?v=`), and for each
    it resolves the file's path on disk (`Path.resolve`: a system call per folder) before the
    checksum Sphinx already keeps for the whole process by the resolved path: 0.7 s of a
    1,000-talk build. The same output folder and file name resolve to the same path, so the
    answer is kept by them, as long as Sphinx keeps its own."""
    import sphinx.builders.html as html

    why = "the checksums of the CSS and JS files each page links"
    if getattr(getattr(html, "_file_checksum", None), "talkdeck_once", False):
        return
    made = attribute(html, "_file_checksum", FunctionType, why)
    once = functools.cache(made)
    once.talkdeck_once = True  # type: ignore[attr-defined]
    html._file_checksum = once  # type: ignore[attr-defined]


def skip_unshown_logs(app: Sphinx) -> None:
    """Sphinx's logger takes every level and leaves the choice to its handlers, which drop what
    the build's verbosity does not show; so each debug message (several a page: every event
    emitted, every page written) is made into a record and formatted for nothing. The logger
    now takes from the lowest level a handler of this build takes."""
    from sphinx.util import logging as sphinx_logging

    why = "the levels Sphinx's logger and its handlers take"
    levels = attribute(sphinx_logging, "VERBOSITY_MAP", dict, why)
    name = attribute(sphinx_logging, "NAMESPACE", str, why)
    logger = logging.getLogger(name)
    lowest = min((handler.level for handler in logger.handlers), default=logging.NOTSET)
    if not logger.handlers or lowest < levels[max(app.verbosity, 0)]:
        return  # not set up as Sphinx does, or a handler that shows more: the logger takes all
    logger.setLevel(lowest)


def fixed_templates(app: Sphinx) -> None:
    """builder-inited: Jinja checks a template's file for changes each time a page uses it (the
    page's template and each it includes: 0.3 s at 1,000 talks); a build's templates do not
    change while it writes, and each build makes its own template environment."""
    templates = getattr(app.builder, "templates", None)
    if templates is None:
        return  # a builder without templates
    environment = getattr(templates, "environment", None)
    if not hasattr(environment, "auto_reload"):
        raise InternalsChanged(
            "the templates' environment.auto_reload", "Jinja's check of a template's file for changes"
        )
    environment.auto_reload = False  # type: ignore[union-attr]


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
    made = attribute(StandaloneHTMLBuilder, "render_partial", FunctionType, why)
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
    made = attribute(sphinx_docutils, "_get_settings", FunctionType, why)
    if not getattr(made, "talkdeck_shared", False):
        sphinx_docutils._get_settings = _kept_by_environment(made)  # type: ignore[attr-defined]
    attribute(myst_base, "get_default_settings", FunctionType, why)
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
