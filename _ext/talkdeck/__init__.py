"""talkdeck: conference talks as MyST pages, rendered as cards, grids and cross-referenced pages.

Importing the package loads nothing from Sphinx, so the contributor command line
(`python -m talkdeck`) starts fast; Sphinx calls `setup`, which loads the extension.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .core.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Everything the extension adds to Sphinx, and every event handler in the order a build
    runs them. Handlers of one event run in the order they are connected here."""
    # imported here, not above: `import talkdeck` (the command line) must not load Sphinx
    from .exports import feed, writer
    from .sphinxext import (
        a11y,
        assets,
        compat,
        dates,
        directives,
        domain,
        fields,
        filters,
        heap,
        inventory,
        jsonld,
        listings,
        media,
        meta,
        nav,
        nodes,
        notfound,
        pages,
        profiles,
        read,
        reader,
        redirects,
        roles,
        search,
        speedups,
        sphinxindex,
        subscribe,
        titles,
        unchanged,
        video,
    )

    app.setup_extension("sphinx_design")  # cards and grids are sphinx-design components
    compat.bound_parallel_queue()  # under -j, the main process holds a few chunks of doctrees, not most of them
    speedups.install(app)  # Sphinx's own work per page, made cheaper
    # the site's name once it holds more than one conference (titles.py); None: `project`
    app.add_config_value("talkdeck_archive_title", None, "html", types=frozenset({str, type(None)}))
    # "pagefind": Pagefind's index of every page, with facets; "sphinx": Sphinx's searchindex.js
    app.add_config_value("talkdeck_search", search.ENGINES[0], "html", types=frozenset({str}))
    app.add_config_value(search.SHARD_CONFIG, search.SHARD_PAGES, "html", types=frozenset({int}))

    # what pages can use
    app.add_domain(domain.TalkDomain)
    for kind in domain.OBJECT_KINDS:
        app.add_role(kind, roles.TalkRole(kind))
    app.add_role("org", roles.TalkRole("organisation"))
    app.add_role("talk-schema", fields.schema_role)
    app.add_directive("talk", directives.TalkDirective)
    app.add_directive("event", directives.EventDirective)
    app.add_directive("talk-grid", directives.TalkGridDirective)
    app.add_directive("talk-index", directives.TalkIndexDirective)
    app.add_directive("talk-filter", filters.TalkFilterDirective)
    app.add_directive("talk-fields", fields.TalkFieldsDirective)
    app.add_directive("my-talks", directives.MyTalksDirective)
    app.add_node(nodes.placeholder)
    app.add_node(filters.filter_placeholder)
    app.add_node(dates.time_node, html=(dates.visit_time_html, dates.depart_time_html))
    app.add_node(nodes.tdk_element, html=(nodes.visit_element_html, nodes.depart_element_html))
    other = (media.visit_media_other, media.depart_media_other)
    app.add_node(
        media.media_element,
        html=(media.visit_media_html, media.depart_media_html),
        **{name: other for name in ("text", "latex", "man", "texinfo")},
    )
    app.add_node(jsonld.jsonld, html=(jsonld.visit_jsonld_html, jsonld.depart_jsonld_html))
    app.add_transform(read.InjectTitle)  # a talk or event page's title, from its front-matter
    # what Sphinx and the themes write wrong for assistive technology (see also templates/themes/)
    app.add_node(a11y.title, override=True, html=(a11y.visit_title, a11y.depart_title))
    app.add_post_transform(a11y.UniqueWrapperIds)

    # settings
    app.add_config_value(media.PEERTUBE_CONFIG, [], "env", types=(list, tuple))

    # set-up
    app.connect("config-inited", assets.add_templates)
    app.connect("config-inited", media.check_config)
    app.connect("config-inited", search.check_engine)
    app.connect("builder-inited", assets.add_stylesheet)
    app.connect("builder-inited", video.add_script)
    app.connect("builder-inited", search.switch_off_sphinx_search)
    # reading: front-matter into the Domain; directives leave placeholders
    app.connect("env-before-read-docs", read.skip_undecodable)
    app.connect("env-before-read-docs", read.note_reader)
    app.connect("source-read", heap.freeze_documents_read, priority=600)  # once the last doctree is let go
    app.connect("source-read", read.on_source_read)
    app.connect("doctree-read", meta.page_meta)
    app.connect("doctree-read", filters.check_filters)
    app.connect("doctree-read", profiles.drop_html)
    # after reading (the Domain then reports cross-page problems, at env-check-consistency)
    app.connect("env-updated", unchanged.settle, priority=100)  # before anything asks what changed
    app.connect("env-updated", listings.pages_to_rewrite)
    app.connect("env-updated", nav.rewrite_all_on_nav_change)
    app.connect("env-updated", titles.rewrite_all_on_title_change)
    app.connect("env-updated", inventory.publish_targets)
    app.connect("env-updated", writer.keep_calendar_parts)  # kept with the environment
    app.connect("env-updated", writer.keep_plan)  # after the VEVENTs; kept with the environment
    app.connect("env-updated", heap.keep_read_data, priority=900)  # after every other handler
    app.connect("write-started", writer.start_exports)  # made while Sphinx writes the documents
    # writing each page: references resolved, placeholders filled, the page's template context
    app.connect("missing-reference", inventory.unpublished_label)
    app.connect("warn-missing-reference", domain.warn_missing_reference)
    app.connect("doctree-resolved", fields.resolve_schema_links)
    app.connect("doctree-resolved", listings.fill_placeholders)
    app.connect("doctree-resolved", jsonld.add_jsonld)
    app.connect("doctree-resolved", filters.fill_filters)  # from the cards filled just above
    app.connect("doctree-resolved", search.mark_page)  # the whole page, as the handlers above left it
    # the site's title first: the 404 body names it
    app.connect("html-page-context", titles.page_context)
    # before sphinxext-opengraph (500) reads the page's metadata
    app.connect("html-page-context", meta.link_preview, priority=400)
    app.connect("html-page-context", nav.page_context)  # and for the generated pages below
    app.connect("html-page-context", nav.shared_navigation, priority=400)  # before the theme asks
    app.connect("html-page-context", nav.single_page_context)
    app.connect("html-page-context", feed.announce_feed)
    app.connect("html-page-context", subscribe.head_links)
    app.connect("html-page-context", filters.add_script)
    app.connect("html-page-context", a11y.page_theme)  # which theme templates/themes/ speaks for
    app.connect("html-page-context", notfound.page_context)
    app.connect("html-page-context", search.add_script)
    app.connect("html-page-context", reader.add_script)
    app.connect("html-page-context", profiles.page_context)  # a profile's own address: to its speaker page
    # after the documents: the generated pages, the redirect pages and the results page
    # (Pagefind), or Sphinx's search index completed before Sphinx writes it ("sphinx")
    app.connect("html-collect-pages", pages.collect_pages)
    app.connect("html-collect-pages", redirects.collect_pages)
    app.connect("html-collect-pages", pages.collect_search_page)
    app.connect("html-collect-pages", sphinxindex.complete_index_entries)
    # after writing: every file from the Domain's data into the output folder, under one
    # manifest; then sphinx-sitemap's list completed, before it writes sitemap.xml (at 500)
    app.connect("build-finished", writer.write_outputs, priority=400)
    app.connect("build-finished", heap.release_read_data, priority=900)

    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
