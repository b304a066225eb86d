"""A JSON schedule with the line of every value. `json` parses it (and words a syntax error with
its line and column); then one walk over the valid text records where each value starts and
which keys are given twice (json would silently keep the last)."""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring

from .source import Path, ReadError, Source

#: Schedules nest about eight levels deep; far deeper is not a schedule.
MAX_DEPTH = 64

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def read_json(text: str) -> Source:
    """Parse `text` (already decoded) into a Source, or raise ReadError at the line of the fault."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ReadError(err.lineno, f"not valid JSON: {err.msg} (column {err.colno}); fix the syntax") from None
    except RecursionError:
        raise ReadError(1, f"not a schedule: nested more than {MAX_DEPTH} levels deep") from None
    breaks = [m.start() for m in re.finditer("\n", text)]
    source = Source(data)
    offsets: dict[Path, int] = {}
    twice: list[tuple[Path, int, int]] = []
    _walk(text, 0, (), offsets, twice, 0, breaks)
    source.lines = {path: bisect.bisect_left(breaks, offset) + 1 for path, offset in offsets.items()}
    for path, offset, first in twice:
        source.lines[path] = bisect.bisect_left(breaks, offset) + 1
        source.problems.append((path, f"is given twice (first on line {first}); keep one"))
    return source


def _skip(text: str, index: int) -> int:
    return _SPACE.match(text, index).end()  # type: ignore[union-attr]


def _walk(
    text: str,
    index: int,
    path: Path,
    offsets: dict[Path, int],
    twice: list[tuple[Path, int, int]],
    depth: int,
    breaks: list[int],
) -> int:
    """Record where the value at `index` starts (and all inside it); return the index after it.
    The text is valid JSON, so the walk need not check its syntax."""
    index = _skip(text, index)
    offsets.setdefault(path, index)
    if depth > MAX_DEPTH:
        raise ReadError(bisect.bisect_left(breaks, index) + 1, f"not a schedule: nested more than {MAX_DEPTH} levels")
    char = text[index]
    if char == "{":
        index = _skip(text, index + 1)
        seen: dict[str, int] = {}
        while text[index] != "}":
            key_at = index
            key, index = scanstring(text, index + 1)
            child = (*path, key)
            if key in seen:
                twice.append((child, key_at, bisect.bisect_left(breaks, seen[key]) + 1))
                index = _walk(text, _skip(text, index) + 1, (*path, key, "\0twice"), {}, [], depth + 1, breaks)
            else:
                seen[key] = key_at
                offsets[child] = key_at
                index = _walk(text, _skip(text, index) + 1, child, offsets, twice, depth + 1, breaks)
            index = _skip(text, index)
            if text[index] == ",":
                index = _skip(text, index + 1)
        return index + 1
    if char == "[":
        index = _skip(text, index + 1)
        position = 0
        while text[index] != "]":
            index = _walk(text, index, (*path, position), offsets, twice, depth + 1, breaks)
            position += 1
            index = _skip(text, index)
            if text[index] == ",":
                index = _skip(text, index + 1)
        return index + 1
    _value, end = _DECODER.raw_decode(text, index)
    return end
