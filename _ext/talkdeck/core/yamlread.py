"""A front-matter block's YAML as a node tree with marks, or the one problem that stops YAML
from reading it; no Sphinx imports.

Two readers make the same tree: libyaml (C: scanner, parser and composer), for text in the
plain shapes front-matter is written in, and PyYAML's pure-Python loader, for everything else
and to word every mistake (yamlerrors.py knows its messages). Both refuse aliases and deep
nesting. tests/test_yaml_fast.py holds them to the same trees and problems.
"""

from __future__ import annotations

import functools
import re

import yaml

from .problems import Problem
from .yamlerrors import syntax_problem

#: Nesting deeper than this is refused (talk data is at most four levels deep).
MAX_DEPTH = 20


class _Guard:
    """Refuses aliases (no 'billion laughs') and deep nesting while the node tree is composed."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise yaml.MarkedYAMLError(
                None, None, "anchors and aliases (*name) are not allowed; write the value out", event.start_mark
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                None,
                None,
                f"nesting is deeper than {MAX_DEPTH} levels",
                self.peek_event().start_mark,  # type: ignore[attr-defined]
            )
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _Loader(_Guard, yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, guarded: it words every error the way the contributor
    reads it (yamlerrors.py knows its messages)."""


_CParser = getattr(getattr(yaml, "_yaml", None), "CParser", None)
#: Line breaks as YAML's readers count them.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: The plain shapes front-matter is written in, line by line: `key: value`, `- key: value`, `- value`,
#: a key alone, blank and comment lines; values plain (no indicator first, no ': ' or ' #' inside),
#: quoted, or a flow list of such. Text of these lines alone is read alike by libyaml and PyYAML
#: (tests/test_yaml_fast.py); anything else (tabs, block scalars, anchors, tags, flow mappings,
#: odd characters) goes to the pure loader alone, which words every mistake.
_DQ = r'"(?:[^"\\\n]|\\["\\])*"'
_SQ = r"'(?:[^'\n]|'')*'"
_ITEM = rf"(?:{_DQ}|{_SQ}|[A-Za-z0-9(/+_$~=;^\u00a0-\ud7ff\ue000-\ufffd][^,\[\]{{}}#:'\"\n]*?)"
_FLOW = rf"\[ *(?:{_ITEM} *(?:, *{_ITEM} *)*)?\]"
_PLAIN = r"[A-Za-z0-9(/+_$~=;^\u00a0-\ud7ff\ue000-\ufffd](?:(?!: |:$| #)[^\[\]{}\n])*"
_VALUE = rf"(?:{_DQ}|{_SQ}|{_FLOW}|{_PLAIN})"
_PLAIN_LINES = re.compile(
    rf"(?:(?: *(?:- +)?(?:[A-Za-z_][A-Za-z0-9_]* *:(?: +{_VALUE})?|{_VALUE}) *| *#[^\n]*| *)(?:\n|\Z))*\Z"
)
#: Characters either reader treats specially: tabs, breaks other than '\n', what PyYAML refuses.
_ODD = re.compile(f"[\t\r\x85\u2028\u2029\ufeff]|{yaml.reader.Reader.NON_PRINTABLE.pattern}")


if _CParser is not None:

    class _CLoader(_CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc, valid-type]
        """libyaml's own composer (C) as well: the same tree and marks again, in a tenth of the
        Python composer's time. Plain lines hold no anchors or aliases; `_settled` checks the
        depth afterwards and mends the marks at the end of the text."""

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
            """PyYAML's tag for a node; a plain scalar's remembered per text (`_plain_tag`)."""
            if kind is yaml.ScalarNode and implicit[0]:
                return _plain_tag(value)
            return super().resolve(kind, value, implicit)


#: SafeLoader's resolvers; it has no path resolvers, so a plain scalar's tag depends on its text alone.
_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=50_000)
def _plain_tag(value: str) -> str:
    """The tag of a plain scalar: keys and values repeat from page to page, and resolving is
    most of what libyaml's composer still does in Python."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))


#: Each line's indentation, '- ' included: a bound on how deep its tree can be.
_INDENT = re.compile(r"^[ -]*", re.MULTILINE)


def _settled(root: yaml.Node | None, text: str, unbroken: bool) -> bool:
    """Whether a tree libyaml composed from `text` is within MAX_DEPTH; made like PyYAML's for
    `unbroken` text (composed with a line break added: libyaml ends its last collections at the
    start of a line after it), whose marks after that break go to the end of the last line."""
    if root is None:
        return True
    # a level deeper takes a column more of indentation, or a '[' or a '- ' (counted as two)
    widest = max(map(len, _INDENT.findall(text)), default=0) + 2 * text.count("[") + 2
    if widest + 2 >= MAX_DEPTH and _depth(root) > MAX_DEPTH:
        return False
    if unbroken:
        after = len(text)
        lines = _BREAK.split(text[:-1])
        end = yaml.Mark("<unicode string>", after - 1, len(lines) - 1, len(lines[-1]), None, None)
        node: yaml.Node | None = root
        while node is not None and node.end_mark.index == after:  # the last node of each level
            node.end_mark = end
            if node.start_mark.index == after:
                node.start_mark = end
            last = node.value[-1] if isinstance(node, yaml.CollectionNode) and node.value else None
            node = last[1] if isinstance(last, tuple) else last
    return True


def _depth(root: yaml.Node) -> int:
    deepest, pending = 0, [(root, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        if isinstance(node, yaml.SequenceNode):
            pending.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend((child, depth + 1) for pair in node.value for child in pair)
    return deepest


def compose(text: str, first_line: int) -> tuple[yaml.Node | None, Problem | None]:
    """The node tree of a block's text (its first line is the page's `first_line`), or the
    problem that stops YAML from reading it."""
    if _CParser is not None and not _ODD.search(text) and _PLAIN_LINES.match(text):
        unbroken = not text.endswith("\n")
        whole = text + "\n" if unbroken else text
        loader = _CLoader(whole)
        try:
            root = loader.get_single_node()
            if _settled(root, whole, unbroken):
                return root, None
        except (yaml.YAMLError, ValueError, UnicodeError):
            pass  # the pure loader below finds the same mistake and words it
        finally:
            loader.dispose()
    return compose_pure(text, first_line)


def compose_pure(text: str, first_line: int) -> tuple[yaml.Node | None, Problem | None]:
    """`compose` by PyYAML's pure-Python loader alone."""
    loader: _Loader | None = None
    try:
        # inside the try: the reader rejects control characters as soon as it is made
        loader = _Loader(text)
        return loader.get_single_node(), None
    except yaml.MarkedYAMLError as err:
        return None, syntax_problem(err, text, first_line)
    except yaml.reader.ReaderError as err:
        line = first_line + text[: err.position].count("\n")
        code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "?")
        return None, Problem(line, "", f"YAML does not allow the invisible character U+{code:04X}; delete it", "yaml")
    except yaml.YAMLError as err:
        return None, Problem(first_line, "", f"YAML error: {err}; fix the syntax", "yaml")
    finally:
        if loader is not None:
            loader.dispose()
