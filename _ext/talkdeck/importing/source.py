"""A schedule file read into plain values (the JSON format's shape, whichever format it came in)
and where each value sits in the file, so every problem can name its line and its place."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

#: A place in the document: keys and list indexes from the top, e.g. ('schedule', 'conference').
Path = tuple[str | int, ...]

_NAME = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


class ReadError(Exception):
    """The file cannot be read as a schedule at all (not JSON/XML, not UTF-8, too large)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Source:
    """The values of a schedule file, the line each one starts on, and how the file names it.

    JSON places are named as JSON paths (`schedule.conference.days[0].rooms["Hall A"][2]`,
    indexes from 0); the XML reader records XPath-like names for its elements (indexes from 1).
    `problems` are what the reader found that is not a value problem (a key given twice)."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    labels: dict[Path, str] = field(default_factory=dict)
    problems: list[tuple[Path, str]] = field(default_factory=list)
    xml: bool = False

    def line(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor the reader saw (a missing key's parent)."""
        while path:
            found = self.lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.lines.get((), 1)

    def label(self, path: Path) -> str:
        """How to name `path` in a message: the reader's name for it, else the JSON path."""
        for cut in range(len(path), 0, -1):
            known = self.labels.get(path[:cut])
            if known is not None:
                rest = path[cut:]
                if self.xml:  # a key the file does not have, named as an element would be
                    return known + "".join(f"[{p + 1}]" if isinstance(p, int) else f"/{p}" for p in rest)
                return known + json_path(rest, nested=True)
        return json_path(path) or "the file"


def json_path(path: Path, nested: bool = False) -> str:
    """('schedule', 'days', 0, 'rooms', 'Hall A') -> 'schedule.days[0].rooms["Hall A"]'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.match(part):
            out += f".{part}" if out or nested else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out
