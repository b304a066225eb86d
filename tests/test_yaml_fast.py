"""The front-matter reader's two composers agree: libyaml's (C), and PyYAML's pure-Python
loader that words every error. For any text,
`compose` gives the same node tree (tags, values, styles and every mark the reader uses) as the
pure loader, or the same problem at the same line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import PAGE_TEXT

from conftest import REPO, examples
from talkdeck.core import yamlread
from talkdeck.core.frontmatter import Block, compose, find_block

#: Text made of what YAML is made of, so the parsers meet their corner cases often.
YAMLISH = st.lists(
    st.sampled_from([*"talk: -[]{},'\"#&*!|>?%@`\t\n \\x1é\r\x85\u2028", "\r\n", "\n  ", "---", "..."]), max_size=60
).map("".join)

#: Lines in the shapes the fast path takes (`key: value`, `- item`), with values full of what
#: could make the two readers part: colons, hashes, quotes, dashes, brackets, commas, spaces.
VALUE = st.lists(
    st.sampled_from([*"ab0-:#'\"?,[]{}.!&*|> é’", ": ", " #", "''", '\\"', "\\\\", "- "]), max_size=12
).map("".join)
LINE = st.tuples(
    st.sampled_from(["", "  ", "    ", " "]),
    st.sampled_from(["", "- "]),
    st.sampled_from(["", "title:", "a_b :", "x:"]),
    VALUE,
).map(lambda parts: f"{parts[0]}{parts[1]}{parts[2]}{' ' if parts[2] and parts[3] else ''}{parts[3]}")
PLAINISH = st.lists(LINE, min_size=1, max_size=6).map("\n".join)
#: Plain lines nested deep (indentation, '- ', flow lists): near and past MAX_DEPTH.
NESTED = st.lists(
    st.tuples(
        st.integers(0, 30), st.sampled_from(["", "- ", "- - "]), st.sampled_from(["k:", "k: v", "v", "k: [a, [b]]"])
    ),
    min_size=1,
    max_size=30,
).map(lambda lines: "\n".join(" " * indent + dash + rest for indent, dash, rest in lines))


def shape(node: yaml.Node | None) -> object:
    """Everything about a node tree that the readers can see (they ask whether a collection is in
    flow style; libyaml says False where PyYAML says None for a sequence not indented under its
    key, and '' where PyYAML says None for a plain scalar's style)."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style or None, marks)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, bool(node.flow_style), marks, [shape(child) for child in node.value])
    return ("map", node.tag, bool(node.flow_style), marks, [(shape(k), shape(v)) for k, v in node.value])


def agree(text: str) -> None:
    block = Block(text, 2, text.count("\n") + 3)
    fast_node, fast_problem = compose(block)
    pure_node, pure_problem = yamlread.compose_pure(block.text, block.first_line)
    assert fast_problem == pure_problem
    assert shape(fast_node) == shape(pure_node)


def test_libyaml_is_used() -> None:
    """The fast path is there (PyYAML built with libyaml, as the pinned wheels are): plain text,
    with or without a final line break, is composed by libyaml alone (PyYAML's Python composer
    never runs); anything else by the pure loader."""
    assert yamlread._CParser is not None
    called = []
    original = yaml.composer.Composer.compose_node
    try:
        yaml.composer.Composer.compose_node = lambda *a: called.append(a) or original(*a)  # type: ignore[method-assign]
        for text in ("talk:\n  title: x\n  speakers:\n    - name: A\n", "talk:\n  title: x"):
            node, problem = yamlread.compose(text, 2)
            assert problem is None and called == [], text
        yamlread.compose("talk: |\n  block\n", 2)  # a block scalar: the pure loader
        assert called
    finally:
        yaml.composer.Composer.compose_node = original  # type: ignore[method-assign]


def test_too_deep_is_refused_by_either_composer() -> None:
    deep = "".join(f"{' ' * i}k{i}:\n" for i in range(25)) + " " * 25 + "k: v\n"
    agree(deep)
    agree(deep.rstrip("\n"))
    assert "deeper than" in compose(Block(deep, 2, deep.count("\n") + 3))[1].message


def pages() -> list[Path]:
    return sorted(p for folder in ("talks", "tests/roots") for p in (REPO / folder).rglob("*.md"))


@pytest.mark.parametrize("path", pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_page_of_the_repository(path: Path) -> None:
    block = find_block(path.read_text(encoding="utf-8", errors="surrogateescape"))
    if block is not None:
        agree(block.text)


@pytest.mark.parametrize(
    "text",
    [
        "talk:\n  title: a\n   b: c\n",
        "talk: {title: [x}\n",
        "talk:\n\ttitle: x\n",
        "talk:\n  title: 'open\n",
        "talk: &a [1]\nother: *a\n",
        "talk:\n  title: x\n  title: y\n",
        "talk:\n  - a\n b\n",
        "%YAML 1.1\n---\ntalk: x\n",
        "talk: !!timestamp nope\n",
        "talk: x\n---\nsecond: document\n",
        "talk: \x85x\n",
        "? [a, b]\n: c\n",
        "talk: |\n  block\n   more\n",
        "talk: >-\n  folded\n\n  text\n",
    ],
)
def test_known_mistakes(text: str) -> None:
    agree(text)


@settings(max_examples=examples(500), suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_TEXT | YAMLISH | PLAINISH | NESTED, st.booleans())
def test_any_text(text: str, final_break: bool) -> None:
    agree(text + "\n" if final_break else text)
