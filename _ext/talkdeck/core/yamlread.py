"""A front-matter block's YAML as a node tree with marks, or the one problem that stops YAML
from reading it; no Sphinx imports.

Two readers make the same tree: libyaml's scanner and parser (C) under PyYAML's Python composer,
for text in the plain shapes front-matter is written in, and PyYAML's pure-Python loader, for
everything else and to word every mistake (yamlerrors.py knows its messages). Both refuse
aliases and deep nesting. tests/test_yaml_fast.py holds them to the same trees and problems.
"""

from __future__ import annotations

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
_ENDS_WITH_BREAK = re.compile("[\r\n\x85\u2028\u2029]\\Z")


if _CParser is not None:

    class _FastLoader(
        _Guard, yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
    ):  # type: ignore[misc, valid-type]
        """libyaml's scanner and parser (C) under the same Python composer and guards: the same
        node tree, with the same marks, in a fraction of the time. Used only for text the pure
        reader accepts; any error is worded again by `_Loader`."""

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._length, self._end = len(text), None
            if text and not _ENDS_WITH_BREAK.search(text):
                # libyaml puts the end of a text without a final line break at the start of a
                # line after it; PyYAML at the end of the last line, where the reader expects it
                lines = _BREAK.split(text)
                self._end = yaml.Mark("<unicode string>", len(text), len(lines) - 1, len(lines[-1]), None, None)

        def get_event(self):  # type: ignore[no-untyped-def]
            event = super().get_event()
            if self._end is not None and event.end_mark.index == self._length:
                event.end_mark = self._end
                if event.start_mark.index == self._length:
                    event.start_mark = self._end
            return event

        def compose_scalar_node(self, anchor):  # type: ignore[no-untyped-def]
            node = super().compose_scalar_node(anchor)
            node.style = node.style or None  # libyaml says '' for a plain scalar, PyYAML None
            return node


def compose(text: str, first_line: int) -> tuple[yaml.Node | None, Problem | None]:
    """The node tree of a block's text (its first line is the page's `first_line`), or the
    problem that stops YAML from reading it."""
    if _CParser is not None and not _ODD.search(text) and _PLAIN_LINES.match(text):
        fast = _FastLoader(text)
        try:
            return fast.get_single_node(), None
        except (yaml.YAMLError, ValueError, UnicodeError):
            pass  # the pure loader below finds the same mistake and words it
        finally:
            fast.dispose()
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
