"""The part of a written page that the search index reads, found in its bytes, and a digest of
what in that part can change the index.

Pagefind runs with `--root-selector [data-pagefind-body]`, so nothing outside that element of a
page counts. A page whose element changed only in the text of the listings the index leaves out
(the cards that name an edited talk on a speaker's, topic's or event's page) or in its scripts
(JSON-LD) changes nothing Pagefind keeps, so its shard need not be indexed again: a speakers
edit rewrites dozens of pages, mostly for such listings.

The element is found without an HTML parser, so only where that cannot go wrong: the page names
`data-pagefind-body` once, and from there to the element's end every `<` opens a well-formed tag
whose end tag closes the innermost open element (void elements aside), with no comment, doctype
or processing instruction; script, style, title and textarea hold text up to their end tag, as
in every HTML parser. Sphinx writes such markup (text and attribute values escaped); raw HTML in
a page may not, and then `find` gives None and the whole page counts, as before.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The element the index reads, as search.indexed writes it (`starttag` sorts the attributes).
MARK = b"data-pagefind-body"
START = b'<div data-pagefind-body="">'
#: A tag (its attribute values quoted or not, `<` and `>` inside quotes), or a `<` that opens none.
TOKEN = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>|<")
#: In a listing, what Sphinx never writes and a parser would read otherwise than `_listing_end`.
UNUSUAL = re.compile(
    rb"<(?![A-Za-z/])|<(?:script|style|textarea|title)\b|</(?![A-Za-z])|=\"[^\"]*[<>]|='[^']*[<>]", re.IGNORECASE
)
IMAGE = re.compile(rb"<img\b[^>]*>", re.IGNORECASE)
CLASS = re.compile(rb"""\sclass=(?:"([^"]*)"|'([^']*)')""")
#: Elements without content or end tag (HTML's list).
VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())
#: Elements whose content is text up to their end tag, whatever it holds.
RAW_TEXT = frozenset((b"script", b"style", b"textarea", b"title"))
#: Of those, the ones whose text Pagefind never reads (a page's JSON-LD lists the talks of a
#: speaker: a speakers edit changes it on every page that names them).
UNREAD = frozenset((b"script", b"style"))
#: Left-out listings whose text the digest skips: elements that only their own end tag closes
#: (a `p` or `a` is kept whole: HTML closes a `p` at the next block, which this scan does not do).
REDUCED = frozenset((b"div", b"form", b"section", b"nav", b"ul", b"ol", b"table", b"fieldset"))
#: A REDUCED element's start and end tags, counted to find where a listing ends.
SAME_NAME = {name: re.compile(rb"<(/?)" + name + rb"[\s/>]", re.IGNORECASE) for name in REDUCED}


@dataclass(frozen=True)
class Indexed:
    """Where the indexed element is in a page (bytes `start` to `end`), and the digest of what
    in it the index can take."""

    start: int
    end: int
    digest: str


def classes(selectors: Iterable[str]) -> frozenset[bytes]:
    """The class names among CSS selectors of the form `.name` (search.NOT_INDEXED)."""
    return frozenset(s[1:].encode() for s in selectors if s.startswith(".") and s[1:].replace("-", "").isalnum())


def find(data: bytes, left_out: frozenset[bytes]) -> Indexed | None:
    """The indexed element of a written page, or None where it cannot be found for sure (then
    the whole page is what counts). The digest takes the element's tags and text, except the
    text of its scripts and styles (Pagefind reads neither) and what is inside a left-out listing
    (`left_out` classes on a REDUCED element) but the listing's own tag and its images: Pagefind
    takes a left-out element's id and the first image even there. A listing with a
    `data-pagefind-` value inside (which Pagefind takes too) keeps its text and tags."""
    if data.count(MARK) != 1:
        return None
    begin = data.find(START)
    if begin < 0:
        return None
    digest = hashlib.sha256()
    stack: list[bytes] = []
    dropped: int | None = None  # the depth of the left-out listing whose text is skipped
    position = begin
    while True:
        found = TOKEN.search(data, position)
        if found is None or found.group(2) is None:
            return None
        if dropped is None:
            digest.update(data[position : found.start()])
        tag = found.group(0)
        digest.update(tag)
        name = found.group(2).lower()
        position = found.end()
        if found.group(1):  # an end tag
            if not stack or stack[-1] != name:
                return None
            stack.pop()
            if dropped is not None and len(stack) < dropped:
                dropped = None
            if not stack:
                break
            continue
        if dropped is not None and b"data-pagefind-" in tag:
            return find(data, frozenset())  # Pagefind takes this value from the listing: keep its text
        if name in VOID:
            continue
        if found.group(3).endswith(b"/"):
            return None  # `<div/>` opens a div in HTML: a page that says so is not Sphinx's
        if name in RAW_TEXT:
            close = data.find(b"</" + name + b">", position)
            if close < 0 or data.find(b"</" + name, position) != close:
                return None
            if dropped is None and name not in UNREAD:
                digest.update(data[position:close])
            digest.update(b"</" + name + b">")
            position = close + len(name) + 3
            continue
        if dropped is None and name in REDUCED and _listing(found.group(3), left_out):
            end = _listing_end(data, position, name)
            if end is not None:  # the listing's images, not its text and tags
                digest.update(b"".join(IMAGE.findall(data, position, end)))
                digest.update(b"</" + name + b">")
                position = end
                continue
            dropped = len(stack) + 1
        stack.append(name)
    return Indexed(begin, position, digest.hexdigest())


def _listing_end(data: bytes, position: int, name: bytes) -> int | None:
    """Where a left-out listing that opened just before `position` ends, found by its own tag
    alone, or None unless it is markup such as Sphinx writes: no `<` but a tag's, no comment or
    raw text element, no `<` or `>` in an attribute value, no `data-pagefind-` value."""
    depth = 1
    for tag in SAME_NAME[name].finditer(data, position):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = data.find(b">", tag.end() - 1) + 1
            inside = data[position:end]
            return None if UNUSUAL.search(inside) or b"data-pagefind-" in inside else end
    return None


def _listing(attributes: bytes, left_out: frozenset[bytes]) -> bool:
    found = CLASS.search(attributes)
    return found is not None and not left_out.isdisjoint((found.group(1) or found.group(2) or b"").split())
