"""The extension's one warning type and its subtypes, so `suppress_warnings` can pick them."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from docutils.nodes import Node
from docutils.utils import get_source_line
from sphinx.util import logging

from ..core.problems import Problem

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref

logger = logging.getLogger("talkdeck")

#: Every warning of this extension has this type; silence one kind with
#: ``suppress_warnings = ["talkdeck.<subtype>"]``.
WARNING_TYPE = "talkdeck"


class Subtype(str, Enum):
    """What a warning is about."""

    #: The page is not text in the source encoding (UTF-8), so it cannot be read at all.
    encoding = "encoding"
    #: The front-matter is not YAML at all.
    yaml = "yaml"
    #: A field is missing, unknown, of the wrong type or has a bad value.
    frontmatter = "frontmatter"
    #: Two pages claim the same talk or event id.
    duplicate = "duplicate"
    #: A talk, event, speaker, topic ... id named somewhere does not exist.
    reference = "reference"
    #: A directive is used where it cannot work, or with a bad option.
    directive = "directive"
    #: A recording's captions file is missing, or a cue in it cannot be used.
    captions = "captions"
    #: The search index could not be made (no Pagefind binary, Pagefind failed), or
    #: `talkdeck_search` has an unknown value.
    search = "search"
    #: A profile's picture is missing, too large, or not a picture the site can serve.
    picture = "picture"
    #: Something in a profile's biography the speaker page does not show (HTML).
    biography = "biography"


def warn(message: str, docname: str, line: int | None, subtype: Subtype | str) -> None:
    """Log one located warning; the location is what lets a contributor fix it."""
    logger.warning(message, location=(docname, line), type=WARNING_TYPE, subtype=str(Subtype(subtype).value))


def warn_at(message: str, node: Node, subtype: Subtype | str) -> None:
    """Log a warning located at a node (its source file and line)."""
    logger.warning(message, location=node, type=WARNING_TYPE, subtype=str(Subtype(subtype).value))


def warn_problem(problem: Problem, docname: str) -> None:
    if problem.file:  # another file than the page (a captions file): named as it is, with its line
        location = f"{problem.file}:{problem.line}"
        logger.warning(
            problem.text(), location=location, type=WARNING_TYPE, subtype=str(Subtype(problem.subtype).value)
        )
        return
    warn(problem.text(), docname, problem.line, problem.subtype)


def exact_location(node: pending_xref) -> tuple[str | None, int | None]:
    """The file and line of a role inside a multi-line paragraph: the first line from the
    paragraph's start that holds the role's raw text (read only when warning)."""
    source, line = get_source_line(node)
    raw = str(node.get("tdk_raw", ""))
    # the role's name is spelled differently in MyST ({speaker}) and rst (:speaker:)
    raw = raw[raw.find("`") :].split("\n", 1)[0] if "`" in raw else ""
    if not raw or not source or not line:
        return source, line
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return source, line
    for number in range(line, min(len(lines), line + 200) + 1):
        if raw in lines[number - 1]:
            return source, number
    return source, line
