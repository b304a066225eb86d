"""Links that never break: the earlier paths pages list in `redirect_from`, which of them get a
redirect page, and the ones that cannot (no Sphinx imports, so `check` and the build decide
alike).

An earlier path is a docname (the file's path without `.md`), the same for every builder: the
build writes it where that builder would have written the page (`old.html` for html,
`old/index.html` for dirhtml). It cannot be a page the site has (a document or a generated
speaker, topic ... page), nor a page Sphinx writes itself, nor an earlier path another page
already claims (the first page by name keeps it). Since dirhtml writes `x` and `x/index` to the
same file, the two count as one path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import people
from .entities import KINDS, ids, pagename
from .model import Entry, Talk
from .problems import Problem

#: Pages Sphinx (or sphinx-notfound-page) writes that are not documents.
RESERVED = frozenset({"genindex", "search", "404"})


@dataclass(frozen=True)
class Redirect:
    """One earlier path, the page it now leads to and the line of its `redirect_from` entry."""

    old: str
    target: str
    line: int


def _same_file(path: str) -> str:
    """`x` and `x/index` are one file for dirhtml; compare them as one."""
    return path.removesuffix("/index") if path.endswith("/index") else path


def generated_pages(entries: Iterable[Entry]) -> set[str]:
    """The page names of the generated speaker, topic, project and organisation pages (a speaker
    with a profile under the profile's id)."""
    talks = [e for e in people.resolve(entries) if isinstance(e.item, Talk)]
    return {pagename(kind, ident) for kind in KINDS for ident in ids(kind, talks)}


def plan(
    redirects: Mapping[str, Sequence[tuple[str, int]]], pages: Iterable[str]
) -> tuple[dict[str, Redirect], list[tuple[str, Problem]]]:
    """The redirects to write (earlier path -> Redirect) and the problems of the others, from
    every page's earlier paths (docname -> (path, line) ...) and the pages the site has."""
    live = {_same_file(page): page for page in sorted(pages)}
    accepted: dict[str, Redirect] = {}
    claimed: dict[str, Redirect] = {}
    found: list[tuple[str, Problem]] = []
    for docname in sorted(redirects):
        for index, (old, line) in enumerate(redirects[docname], start=1):
            key = _same_file(old)

            def report(message: str, docname: str = docname, line: int = line, index: int = index) -> None:
                found.append((docname, Problem(line, f"redirect_from[{index}]", message, "duplicate")))

            if key == _same_file(docname):
                report(f"{old!r} is this page's own path; list only paths the page had before")
            elif key in live:
                report(
                    f"{old!r} is the path of a page the site has ({live[key]}); a redirect there would replace "
                    "it: remove this entry, or rename that page"
                )
            elif key in RESERVED:
                report(f"{old!r} is a page Sphinx writes itself; remove this entry")
            elif key in claimed:
                first = claimed[key]
                report(
                    f"{old!r} is already an earlier path of {first.target} (line {first.line}); a path can lead to "
                    "one page only: remove it here or there"
                )
            else:
                claimed[key] = accepted[old] = Redirect(old, docname, line)
    return accepted, found


def with_aliases(planned: dict[str, Redirect], pages: Iterable[str], entries: Iterable[Entry]) -> dict[str, Redirect]:
    """`planned` and a redirect at each former speaker id a profile lists as an alias, to the
    person's speaker page, where no page and no earlier path is (a name changes, links don't)."""
    pages = set(pages)
    taken = {_same_file(p) for p in (*pages, *planned)}
    found = dict(planned)
    for _, old, target, line in people.alias_redirects(entries):
        if _same_file(old) not in taken and target in pages:
            found[old] = Redirect(old, target, line)
    return found
