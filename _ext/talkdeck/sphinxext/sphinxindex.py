"""Sphinx's own search index (`talkdeck_search = "sphinx"`): its index entries kept complete in
incremental builds.

Sphinx feeds a page's index entries to the search index only when it writes the page, and does
not read them back from the previous `searchindex.js`; so after an incremental build, pages that
were not rewritten (most talk pages) lose their "index entry" search hits. The entries are still
in the environment (the `index` domain collects them while reading), so before the search index
is dumped, this module fills in every page that was not written, the way Sphinx would. It also
drops the words that only a removed page had, which Sphinx keeps with an empty list of pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.util.index_entries import split_index_msg

from . import compat

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def page_entries(entries: list[tuple[str, str, str, str, str | None]]) -> list[tuple[str, str, str]]:
    """What Sphinx's `IndexBuilder.feed` records for a page's `index` nodes."""
    found: set[tuple[str, str, str]] = set()
    for entry_type, value, target_id, main, _key in entries:
        try:
            parts = split_index_msg(entry_type, value)
        except ValueError:
            continue
        if entry_type in {"see", "seealso"}:
            found.add((parts[0], target_id or "", main))
        found |= {(part, target_id or "", main) for part in parts}
    return sorted(found)


def complete_index_entries(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """html-collect-pages (it runs before the search index is dumped): one sorted, complete map.

    Sorted by page so that an incremental build writes the same file as a clean one.
    """
    index = compat.search_index(app.builder)  # type: ignore[arg-type]
    if index is None:
        return []  # a builder without a search index
    recorded, titles = index.index_entries, index.titles
    collected = app.env.domains.index_domain.entries
    complete = {}
    for docname in sorted(app.env.all_docs):
        if docname in recorded:
            complete[docname] = recorded[docname]
        elif titles.get(docname):  # Sphinx indexes only pages with a title
            complete[docname] = page_entries(collected.get(docname, []))
    recorded.clear()
    recorded.update(complete)
    # Sphinx prunes a removed page from each word's set of pages but keeps the emptied word
    for mapping in index.mappings:
        for word in [w for w, pages in mapping.items() if not pages]:
            del mapping[word]
    return []  # no pages of its own to add
