"""The extension's one warning type and its subtypes, so `suppress_warnings` can pick them."""

from __future__ import annotations

from enum import Enum

from docutils.nodes import Node
from sphinx.util import logging

from ..core.problems import Problem

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
