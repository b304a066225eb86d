"""Redirect pages: one at each earlier path a page lists in `redirect_from` (core/redirects.py
decides which), where this builder would have written the page (`old.html`, `old/index.html`).

Sphinx writes them from html-collect-pages with the `talkdeck/redirect.html` template: a
refresh and a visible link to the page, a canonical link to its address, `noindex`. They are
outputs of the one manifest (outputs.py) with its skip rule, so a redirect whose entry is
removed has its page deleted by the next build, and an unchanged one is not written again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder

from ..core import redirects as earlier
from ..core.entities import KINDS
from .assets import TEMPLATES
from .domain import TalkDomain, get_domain
from .outputs import Manifest, Output
from .publish import absolute_url, page_url, publication

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TEMPLATE = "talkdeck/redirect.html"


def planned_redirects(domain: TalkDomain) -> dict[str, earlier.Redirect]:
    """Earlier path -> redirect, for the redirect pages; the Domain's check_consistency reports the others."""
    pages = {*domain.env.found_docs, *earlier.generated_pages(domain.entries.values())}
    return earlier.with_aliases(earlier.plan(domain.redirects, pages)[0], pages, domain.entries.values())


def planned(app: Sphinx) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(earlier path, its file in the output folder, digest, template context) of every
    redirect page this build writes."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not publication(builder).redirects:
        return
    env = app.env
    template = (TEMPLATES / Path(TEMPLATE)).read_bytes()
    domain = get_domain(env)
    for old, redirect in sorted(planned_redirects(domain).items()):
        url = page_url(builder, redirect.target, old) or ""
        baseurl = builder.config.html_baseurl
        canonical = absolute_url(baseurl, page_url(builder, redirect.target) or "") if baseurl else url
        title = (
            env.titles[redirect.target].astext() if redirect.target in env.titles else _name(domain, redirect.target)
        )
        context = {"talkdeck_redirect": {"url": url, "canonical": canonical, "title": title}}
        shown = repr((url, canonical, title, builder.config.language, template))
        path = builder.get_outfilename(old).relative_to(builder.outdir).as_posix()
        yield old, path, hashlib.sha256(shown.encode()).hexdigest(), context


def _name(domain: TalkDomain, pagename: str) -> str:
    """The name of the generated page a redirect leads to (a person's former id: their speaker page)."""
    folder, _, ident = pagename.rpartition("/")
    for kind in KINDS.values():
        entity = domain.entities(kind.name).get(ident) if kind.folder == folder else None
        if entity is not None:
            return entity.name
    return pagename


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: the redirect pages that are not fresh (the one skip rule)."""
    previous = Manifest.read(Path(app.outdir))
    for old, path, digest, context in planned(app):
        if not previous.fresh(path, digest):
            yield old, context, TEMPLATE


def outputs(app: Sphinx) -> dict[str, Output]:
    """Each redirect page in the manifest, with the digest its skip rule compares."""
    return {path: Output(digest, files=(path,)) for _, path, digest, _ in planned(app)}


def pagenames(app: Sphinx) -> set[str]:
    """The page names of this build's redirect pages (kept out of the sitemap)."""
    return {old for old, _, _, _ in planned(app)}
