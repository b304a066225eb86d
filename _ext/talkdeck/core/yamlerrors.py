"""What a YAML syntax error means for the person who typed it: the line to look at (where a
bracket or quote was opened, where a tab is) and the one fix that fits that mistake, instead of
PyYAML's parser state and a hint for some other mistake."""

from __future__ import annotations

import re

import yaml

from .problems import Problem

_OPENERS = {"flow sequence": ("[", "]", "list"), "flow mapping": ("{", "}", "mapping")}
_START = re.compile(r"found character '(?P<char>.)' that cannot start any token")


def syntax_problem(err: yaml.MarkedYAMLError, text: str, first_line: int) -> Problem:
    """The Problem for a YAML error in a front-matter block whose text starts at `first_line`."""
    problem, context = err.problem or "", err.context or ""
    mark, opened = err.problem_mark, err.context_mark
    lines = text.split("\n")

    if type(err) is yaml.MarkedYAMLError and opened is None:  # the reader's own refusals say what to do
        return _yaml(first_line + (mark.line if mark else 0), problem)

    def at(where: yaml.Mark | None) -> int:
        return first_line + (where.line if where is not None else 0)

    def column(where: yaml.Mark) -> int:
        return where.column + 1

    # a quote left open on an earlier line is closed by the next quote mark YAML meets, lines
    # later, where the error then shows: blame the line that opened it
    here = lines[mark.line][: mark.column] if mark is not None and mark.line < len(lines) else ""
    unclosed = _open_quote(lines, mark.line) if mark is not None and ('"' in here or "'" in here) else None
    if unclosed is not None:
        row, col, quote = unclosed
        return _yaml(
            first_line + row,
            f"the {quote} in column {col + 1} of this line starts a quoted value that never ends; "
            f"close it with {quote} on the same line",
        )
    if mark is not None and "'\\t'" in problem:
        return _yaml(
            at(mark), f"a tab in column {column(mark)}; YAML indents with spaces, not tabs: replace the tab with spaces"
        )
    for kind, (opener, closer, what) in _OPENERS.items():
        if context == f"while parsing a {kind}" and opened is not None:
            return _yaml(
                at(opened),
                f"the '{opener}' in column {column(opened)} of this line is never closed; "
                f"end the {what} with '{closer}' on this line",
            )
    if context == "while scanning a quoted scalar" and opened is not None:
        quote = _char(lines, opened) or '"'
        return _yaml(
            at(opened),
            f"the {quote} in column {column(opened)} of this line starts a quoted value that never ends; "
            f"close it with {quote} on the same line",
        )
    if mark is not None and problem == "mapping values are not allowed here":
        line = lines[mark.line] if mark.line < len(lines) else ""
        key_end = line.find(": ")
        if 0 <= key_end < mark.column:  # a second ': ' after the key's: it is inside the value
            value = line[key_end + 2 :].strip()
            example = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
            return _yaml(
                at(mark),
                f"{problem} (a ': ' inside a value); put the whole value in quotes: "
                f"{line[:key_end].strip()}: {example}",
            )
        return _yaml(at(mark), f"{problem}; this key is indented more than the one above it: line them up")
    found = _START.search(problem)
    if mark is not None and found is not None:
        char = found["char"]
        return _yaml(
            at(mark), f"a value cannot start with '{char}' (column {column(mark)}); put the whole value in quotes"
        )
    if mark is not None and problem.startswith("expected <block end>"):
        line = lines[mark.line] if mark.line < len(lines) else ""
        before = line[: mark.column].rstrip()
        if before.endswith(("'", '"')) and ": " in before:
            return _yaml(
                at(mark),
                "text after a quoted value; for a quote inside a value, wrap the value in the other kind "
                """of quotes, e.g. "it's" or 'say "hi"'""",
            )
        return _yaml(
            at(mark),
            "this line is not indented like the keys around it; indent every key of one mapping by "
            "the same number of spaces, and list items ('- ') the same",
        )
    what = " ".join(p for p in (context, problem) if p)
    return _yaml(at(mark or opened), f"YAML error: {what}; fix the syntax of this line")


_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*:\s+)?(?P<value>[\"'].*)$")


def _open_quote(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of the first value before line `upto` that opens a quote and does not
    close it on its line: YAML reads on to the next quote mark, lines later, and stops there."""
    for row, line in enumerate(lines[:upto]):
        found = _VALUE.match(line)
        if found is None:
            continue
        value = found["value"]
        quote, rest = value[0], value[1:]
        # escaped quotes do not close: \" in double quotes, '' in single ones
        rest = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return row, found.start("value"), quote
    return None


def _char(lines: list[str], mark: yaml.Mark) -> str:
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _yaml(line: int, message: str) -> Problem:
    if not message.startswith("YAML error: "):
        message = "YAML error: " + message
    return Problem(line, "", message, "yaml")
