"""A digest of what a page or a file shows, from the records it shows: each record's text is made
once for all the pages that show it, as long as the records stay as they are."""

from __future__ import annotations

import hashlib

from .model import Entry


def fingerprint(shown: object, texts: dict[int, tuple[Entry, str]]) -> str:
    """The digest of `shown` (entries, tuples and lists of them, and plain values); `texts` keeps
    each entry's text by its identity, with the entry, for the next call."""

    def text(value: object) -> str:
        if isinstance(value, Entry):
            known = texts.get(id(value))
            if known is None or known[0] is not value:
                known = texts[id(value)] = (value, repr(value))
            return known[1]
        if isinstance(value, (tuple, list)):
            return "(" + ",".join(text(v) for v in value) + ")"
        return repr(value)

    return hashlib.sha256(text(shown).encode()).hexdigest()
