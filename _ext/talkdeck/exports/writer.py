"""The one build-finished handler: every file talkdeck puts in the output folder, through one
manifest and one skip rule (`sphinxext.outputs`); under -j the exports among them are started
when Sphinx starts writing the documents (`start_exports`).

What a builder gets is `publish.PUBLICATIONS`' answer; each export is a pure function of the
site's data (`site.SiteData`) to outputs; the generated pages and the documents' files, which
Sphinx writes, are in the same manifest so that what a build no longer has is deleted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import jsonschema
from ..sphinxext import forked, pages, plan, redirects
from ..sphinxext.domain import get_domain, output_target
from ..sphinxext.meta import complete_sitemap
from ..sphinxext.outputs import (
    Ahead,
    Made,
    Manifest,
    Output,
    attempt,
    delete,
    make_ahead,
    make_serially,
    stale,
    write,
)
from ..sphinxext.publish import Urls, export_timestamp, publication
from ..sphinxext.report import WARNING_TYPE, Subtype, logger
from ..sphinxext.search import uses_pagefind
from . import calendars, captions, feed, frab, pagefind, pictures, previews, pyvideo, talks
from .site import SiteData, digest, records_digest

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def site_data(app: Sphinx) -> SiteData:
    """The Domain's data as this build publishes it."""
    domain = get_domain(app.env)
    since = plan.since(app)
    return SiteData(
        domain=domain,
        urls=Urls.of_builder(app.builder),
        generated=export_timestamp(domain.entries.values()),
        language=app.config.language or "en",
        project=app.config.project,
        author=app.config.author,
        records=records_digest(domain),
        delta=since[0] if since is not None else None,
        previous=since[1].exports if since is not None else {},
    )


def text_output(path: str, text: str) -> Output:
    """A file cheap enough to make on every build: its text is its own digest."""
    data = text.encode()
    return Output(digest(data), lambda: {path: data})


def planned(app: Sphinx, previous: Manifest, made_exports: dict[str, Output] | None = None) -> dict[str, Output]:
    """Every output of this build, by key, after the build that left `previous` (the exports as
    `current_exports` gave them, if it did)."""
    if made_exports is None:
        made_exports = current_exports(app, previous)
    found = pages.outputs(app) | redirects.outputs(app) | made_exports
    if publication(app.builder).search:
        found |= pagefind.outputs(app)
    return found


def current_exports(app: Sphinx, previous: Manifest) -> dict[str, Output]:
    """The exports, by key: when the digests kept from the build that last read (plan.py) are
    all fresh in the previous manifest, as those digests and files, with nothing to make;
    otherwise made from the data (`exports`)."""
    kept = plan.kept(app)
    if kept is not None and all(previous.fresh(key, digest) for key, digest in kept.exports.items()):
        return {key: Output(digest, files=previous.files(key)) for key, digest in kept.exports.items()}
    return exports(app)


def keep_plan(app: Sphinx, env: object) -> list[str]:
    """env-updated, after the VEVENTs are kept: the digests of the generated pages and exports,
    kept with the environment for the builds that read nothing (plan.py); this build's writer
    takes the same outputs (made once a build). Nothing to rewrite."""
    if plan.made_from(app) is not None and plan.kept(app) is None:  # none kept: pages.digests makes them
        made = pages.digests(app) if publication(app.builder).entity_pages else {}
        plan.keep(app, plan.Plan(made, {key: output.digest for key, output in exports(app).items()}))
    return []


def exports(app: Sphinx) -> dict[str, Output]:
    """The outputs made from the Domain's data alone (none reads a written page), by key; made
    once a build (kept by the Domain until its data changes)."""
    return get_domain(app.env).memo(("exports", output_target(app.builder)), lambda: _exports(app))  # type: ignore[no-any-return]


def _exports(app: Sphinx) -> dict[str, Output]:
    wanted = publication(app.builder)
    found: dict[str, Output] = {}
    site = site_data(app)
    if wanted.entity_pages:
        found |= pictures.outputs(site.domain, Path(app.srcdir))
    if wanted.data:
        found |= talks.outputs(site) | frab.outputs(site) | pyvideo.outputs(site)
    if wanted.calendars:
        found |= calendars.outputs(site)
    if wanted.feed:
        found |= feed.outputs(site)
    if wanted.previews:
        found |= previews.outputs(site)
    if wanted.captions:
        found |= captions.outputs(site.domain, Path(app.srcdir))
    if wanted.schemas:
        found[jsonschema.SCHEMA_PATH] = text_output(jsonschema.SCHEMA_PATH, jsonschema.render_schema())
        found[talks.SCHEMA_PATH] = text_output(talks.SCHEMA_PATH, talks.render_schema())
    return found


#: Sphinx's search index, which a build with Pagefind's does not write: one left by an earlier
#: build (talkdeck_search = "sphinx") is deleted, as nothing would load it.
SPHINX_INDEX = "searchindex.js"


def report_failure(message: str) -> None:
    """An output that could not be made (only the search index runs a tool that can fail)."""
    logger.warning(message, type=WARNING_TYPE, subtype=Subtype.search.value)


def keep_calendar_parts(app: Sphinx, env: object) -> list[str]:
    """env-updated: the talks' VEVENTs serialised once for this and later builds (kept in the
    Domain, which Sphinx pickles after this), in forked processes under -j; no page to write again."""
    if publication(app.builder).calendars and plan.kept(app) is None:  # kept with the plan, from the same data
        calendars.keep_parts(site_data(app), functools.partial(forked.in_order, app.parallel))
    return []


def make_in_parallel(
    nproc: int, makers: Sequence[Callable[[], dict[str, bytes]]], done: Callable[[int, Made], None]
) -> None:
    """The outputs made in forked processes (`-j`, sphinxext/forked.py), each chunk's bytes handed
    to `done` in this process as it ends: a clean build draws hundreds of preview cards and
    serialises hundreds of calendars, which would otherwise keep one core busy after the
    parallel write has ended."""
    forked.each(nproc, attempt, makers, done)


def start_exports(app: Sphinx, builder: Builder) -> None:
    """write-started: under -j, the stale exports are made in a forked process while Sphinx
    writes the documents. Sphinx writes them with one process fewer than -j asks for (the main
    one resolves each doctree for the writer), and once the main one is done the writer works
    alone; at 1,000 talks one core was idle for half of that phase, and the exports then kept
    both busy after it. `write_outputs` takes what this made for the digests it still has."""
    if not builder.parallel_ok:
        return
    outdir = Path(app.outdir)
    previous = Manifest.read(outdir)
    made = current_exports(app, previous)
    keys = stale(previous, made)
    if forked.pays(app.parallel, len(keys)):
        _ahead(app)[output_target(builder)] = (made, forked.started(functools.partial(make_ahead, outdir, made, keys)))


def _ahead(app: Sphinx) -> dict[str, tuple[dict[str, Output], Callable[[], Ahead]]]:
    """The exports started ahead, by output target, and what they were: kept by the Domain for
    this build alone (nothing in the write phase changes the data they show)."""
    return get_domain(app.env).keep("exports started ahead", dict)  # type: ignore[no-any-return]


def write_outputs(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: write what changed, delete what is gone, keep the manifest; then give
    sphinx-sitemap every page (it writes sitemap.xml in its own build-finished handler, which
    runs after this one)."""
    made, started = _ahead(app).pop(output_target(app.builder), (None, None))
    ahead = started() if started else None  # waited for even after a failure: none outlives the build
    if exception is not None:
        return
    previous = Manifest.read(Path(app.outdir))  # once: what to plan and what to write both compare with it
    outputs = planned(app, previous, made)
    if outputs:
        nproc = app.parallel
        make_all = functools.partial(make_in_parallel, nproc) if nproc > 1 else make_serially
        write(Path(app.outdir), outputs, report_failure, make_all, ahead, previous)
    if uses_pagefind(app.builder) and (Path(app.outdir) / SPHINX_INDEX).is_file():
        delete(Path(app.outdir), [SPHINX_INDEX])
    if publication(app.builder).sitemap:
        complete_sitemap(app)
