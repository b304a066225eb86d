"""Which pages a reader can reach, as Sphinx decides it, without Sphinx: a page is reached when
it is the root document, says `orphan:` in its front-matter (talkdeck says it for talk and event
pages and for pages whose front-matter problems it reports), or is listed by a `toctree`
directive on any page. Everything else gets Sphinx's "document isn't included in any toctree";
`check` reports the same, with the same words, from this module.

Toctrees are read from the MyST source: fenced (```` ``` ````, `~~~`) or colon-fenced (`:::`)
`{toctree}` directives, their `:glob:` option and `Title <target>` entries, relative to the
page's folder or absolute from the source folder, with or without the `.md` suffix."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator

#: Sphinx's own words and type for a page no toctree lists (sphinx.environment.check_consistency).
NOT_INCLUDED = "document isn't included in any toctree"
NOT_INCLUDED_TYPE = "toc.not_included"

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\{toctree\}[ \t]*(?P<arg>.*)$")
_OPTION = re.compile(r"^\s*:(?P<name>[\w-]+):(?:\s+(?P<value>.*))?$")
_EXPLICIT = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")
_GLOB_CHARS = re.compile(r"[*?\[]")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^mailto:")


def toctree_entries(text: str) -> Iterator[tuple[str, bool]]:
    """(entry, glob) for every entry of every toctree directive in a MyST page."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opened = _OPEN.match(lines[index])
        index += 1
        if opened is None:
            continue
        fence = opened["fence"]
        body: list[str] = []
        while index < len(lines):
            line = lines[index]
            index += 1
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            body.append(line)
        yield from _entries(body)


def _entries(body: list[str]) -> Iterator[tuple[str, bool]]:
    glob = False
    lines = list(body)
    if lines and lines[0].strip() == "---":  # options as a YAML block
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            glob = any(re.match(r"^\s*glob\s*:\s*(true|yes|on)?\s*$", line, re.I) for line in lines[1:end])
            lines = lines[end + 1 :]
    else:
        while lines and _OPTION.match(lines[0]):
            glob = glob or _OPTION.match(lines[0])["name"] == "glob"  # type: ignore[index]
            lines.pop(0)
    for line in lines:
        entry = line.strip()
        if entry:
            yield entry, glob


def _target(entry: str) -> str:
    explicit = _EXPLICIT.match(entry)
    return explicit["target"].strip() if explicit else entry


def resolve(docname: str, entry: str, suffixes: Iterable[str] = (".md",)) -> str | None:
    """The docname an entry on page `docname` names, or None for `self` and URLs."""
    target = _target(entry)
    if target == "self" or _URL.match(target):
        return None
    for suffix in suffixes:
        if target.endswith(suffix):
            target = target[: -len(suffix)]
            break
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))


def listed(pages: dict[str, str], suffixes: Iterable[str] = (".md",)) -> set[str]:
    """Every docname some page's toctree lists; `pages` maps docname -> page text."""
    found: set[str] = set()
    docnames = sorted(pages)
    for docname, text in pages.items():
        if "{toctree}" not in text:
            continue
        for entry, glob in toctree_entries(text):
            target = resolve(docname, entry, suffixes)
            if target is None:
                continue
            if glob and _GLOB_CHARS.search(target):
                pattern = re.compile(glob_regex(target))
                found.update(d for d in docnames if d != docname and pattern.match(d))
            else:
                found.add(target)
    return found


def glob_regex(pattern: str) -> str:
    """A glob as Sphinx reads it (sphinx.util.matching), for exclude patterns and toctree globs
    alike: '*' and '?' stop at '/', '**' does not."""
    out, i, n = "", 0, len(pattern)
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*" and pattern[i : i + 1] == "*":
            i += 1
            out += ".*"
        elif char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[":
            j = i + (pattern[i : i + 1] == "!")
            j += pattern[j : j + 1] == "]"
            j = pattern.find("]", j)
            if j < 0:
                out += "\\["
                continue
            stuff = pattern[i:j].replace("\\", "\\\\")
            i = j + 1
            if stuff.startswith("!"):
                stuff = "^/" + stuff[1:]
            elif stuff.startswith("^"):
                stuff = "\\" + stuff
            out += f"[{stuff}]"
        else:
            out += re.escape(char)
    return out + "$"


def unreached(pages: dict[str, str], needs_no_toctree: set[str], root_doc: str) -> list[str]:
    """The docnames Sphinx will say are in no toctree, sorted."""
    included = listed(pages)
    return sorted(d for d in pages if d != root_doc and d not in included and d not in needs_no_toctree)
