"""What is wrong with a page, and where: one Problem per mistake with its line, its field and
what to do, collected by a Reader while the schema reads a page's YAML."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import yaml

from .model import slugify


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page: where, which field, and what to do about it."""

    line: int
    field: str
    message: str
    subtype: str = "frontmatter"
    #: The file the line is in, when it is not the page itself (a talk's captions file).
    file: str = ""

    def text(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def did_you_mean(word: str, choices: object) -> str:
    """A ' did you mean ...?' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)  # type: ignore[arg-type]
    return f"; did you mean {close[0]!r}?" if close else ""


def unknown(kind: str, ident: str, known: object) -> str:
    """'unknown speaker 'x'; did you mean 'y'?', or how to find a valid id when nothing is close."""
    return f"unknown {kind} {ident!r}" + (did_you_mean(slugify(ident), known) or f"; use the id of an existing {kind}")


@dataclass
class Reader:
    """Carries the line offset of the YAML block and the problems found so far."""

    offset: int = 0
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def report(self, node: yaml.Node | int, path: str, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.problems.append(Problem(line, path, message))
