"""The text of imported pages: their front-matter (written by core.yamlwrite, so YAML reads back
exactly the schedule's values), a body that shows the schedule's words and nothing else (no
HTML, no Markdown or MyST markup reaches the build), and the one edit a re-import makes to an
existing page: its `talk:` block replaced, every other line kept byte for byte."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import yaml

from ..core.frontmatter import find_block
from ..core.yamlwrite import event_block, speaker_block, talk_block

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TALK_COMMENT = (
    "# Imported by `python -m talkdeck import`. A re-import replaces the fields under talk:\n"
    "# (keeping id, projects and each speaker's affiliation and role); the text below the card is yours.\n"
)
EVENT_COMMENT = (
    "# Created by `python -m talkdeck import`; a re-import only reports how it differs from the schedule.\n"
    "# orphan: the events page links here; list it in a toctree instead to show it in the sidebar.\n"
)

#: Tags that make a text HTML rather than plain text that mentions a '<': a closing tag, or an
#: opening one whose attributes (if any) have values ('a<b and c>d' is not HTML).
_TAG_NAMES = (
    r"(?:p|br|hr|a|b|i|u|s|em|strong|small|big|sup|sub|del|ins|mark|code|pre|kbd|tt|span|div|font|center|"
    r"blockquote|q|cite|abbr|ul|ol|li|dl|dt|dd|h[1-6]|table|thead|tbody|tr|td|th|img|figure|figcaption|"
    r"section|article|header|footer|nav|script|style|iframe|object|embed|video|audio|source|svg|math|"
    r"form|input|button|textarea|select|option|link|meta|title|head|body|html|noscript|template)"
)
_HTML_TAG = re.compile(
    rf"</{_TAG_NAMES}\s*>|<{_TAG_NAMES}(?:\s+[\w:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>]+))*\s*/?>",
    re.IGNORECASE,
)
_BLOCKS = frozenset(
    {"p", "div", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "tr"}
    | {"section", "article", "header", "footer", "figure", "figcaption", "hr"}
)
_HIDDEN = frozenset(
    {"script", "style", "head", "title", "iframe", "object", "embed", "svg", "math", "template", "noscript"}
    | {"textarea", "select"}
)
#: Invisible and direction-changing characters: dropped from the text (line breaks stay).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
#: Markdown and MyST marks, made literal wherever they stand.
_MARKS = re.compile(r"([\\`*_\[\]{}<>|~$&^])")
#: Marks that only mean something at the start of a line: headings, lists, quotes, fences,
#: MyST targets `(x)=`, comments `%`, block breaks `+++`, definition lists `: `, setext lines.
_LINE_START = frozenset("#+-=%:>(!")
_BULLET = re.compile(r"^[-*+•‣▪◦–]\s+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,9})[.)]\s+(.*)$")
_NUMBER_START = re.compile(r"^(\d{1,9})[.)]")


class _TextOnly(HTMLParser):
    """The text of an HTML fragment: blocks become paragraphs, list items lines, the rest goes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in _BLOCKS:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(data)


def plain_text(text: str) -> str:
    """The schedule's text without HTML: tags stripped (script and style with their content) and
    entities decoded, when it has tags; plain text (which may mention '<') as it is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_TAG.search(text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.out)
    return _INVISIBLE.sub("", text).replace("\t", " ")


def _literal(text: str) -> str:
    return _MARKS.sub(r"\\\1", text)


def _line(text: str) -> str:
    """One line of text as Markdown that shows exactly it; simple list items stay list items."""
    bullet = _BULLET.match(text)
    if bullet and bullet[1]:
        return "- " + _start(_literal(bullet[1]))
    numbered = _NUMBERED.match(text)
    if numbered and numbered[2]:
        return f"{numbered[1]}. " + _start(_literal(numbered[2]))
    return _start(_literal(text))


def _start(text: str) -> str:
    """Escape a mark that would open a block at the start of a line ('2024.' -> '2024\\.')."""
    if text[:1] in _LINE_START:
        return "\\" + text
    number = _NUMBER_START.match(text)
    return f"{number[1]}\\{text[len(number[1]) :]}" if number else text


def markdown(text: str) -> str:
    """The schedule's text as Markdown paragraphs that render as that text and nothing more."""
    paragraphs: list[list[str]] = [[]]
    for raw in plain_text(text).split("\n"):
        line = " ".join(raw.split())
        if line:
            paragraphs[-1].append(_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def body(abstract: str, description: str) -> str:
    """The page's own text on first import: the abstract, then the description."""
    parts = [markdown(abstract)]
    if description.strip() != abstract.strip():
        parts.append(markdown(description))
    return "\n\n".join(p for p in parts if p)


# --- front-matter ---------------------------------------------------------------------------


def profile_page(name: str, biography: str, avatar: str) -> str:
    """A new speaker profile from a schedule: the name, the biography as plain text, and the
    avatar's address as a comment for a maintainer (it is never downloaded, nor shown)."""
    lines = ["---", *speaker_block({"name": name}), "---", ""]
    if avatar:
        lines += [
            f"% The schedule has a picture at {avatar} (not downloaded: save it next to this page, with the",
            "% person's consent, and name it in `picture:`).",
            "",
        ]
    text = markdown(biography)
    return "\n".join(lines) + (text + "\n" if text else "")


def talk_page(values: dict[str, Any], text: str) -> str:
    """A new talk page: front-matter, the card, and the schedule's text."""
    head = "---\n" + TALK_COMMENT + "\n".join(talk_block(values)) + "\n---\n\n```{talk}\n```\n"
    return head + (f"\n{text}\n" if text else "")


def event_page(values: dict[str, Any], event_id: str) -> str:
    """A new event page: front-matter, the facts, and a grid of its talks."""
    lines = ["---", EVENT_COMMENT.rstrip("\n"), "orphan: true", *event_block(values)]
    lines += ["---", "", "```{event}", "```", "", "```{talk-grid}", f":event: {event_id}", "```", ""]
    return "\n".join(lines)


def plain(node: yaml.Node) -> Any:
    """A YAML node as the text it was written as (what the schema reads), lists and mappings of it."""
    if isinstance(node, yaml.MappingNode):
        return {plain(k): plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(item) for item in node.value]
    return node.value.strip() if node.tag != "tag:yaml.org,2002:null" else None


def read_talk(text: str) -> tuple[dict[str, Any] | None, tuple[int, int] | None]:
    """The `talk:` mapping of a page as text values, and the page lines (first, last) it spans;
    the span is None when the mapping is not in block style at the left margin.

    Only for pages read_page has read without a YAML problem: it refuses aliases, which this
    reading would follow."""
    block = find_block(text)
    if block is None:
        return None, None
    try:  # libyaml when PyYAML has it: ten times faster, and the marks are the same
        root = yaml.compose(block.text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, ValueError):
        return None, None
    if not isinstance(root, yaml.MappingNode):
        return None, None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "talk":
            values = plain(value)
            if not isinstance(values, dict):
                return None, None
            if root.flow_style or key.start_mark.column != 0 or value.flow_style:
                return values, None
            last = value.end_mark.line - (1 if value.end_mark.column == 0 else 0)
            first = block.first_line + key.start_mark.line
            return values, (first, block.first_line + max(last, key.start_mark.line))
    return None, None


def replace_talk(text: str, span: tuple[int, int], values: dict[str, Any]) -> str:
    """`text` with the lines of its `talk:` mapping replaced by `values`; all else as it was."""
    lines = text.splitlines(keepends=True)
    ending = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    first, last = span
    new = [line + ending for line in talk_block(values)]
    return "".join(lines[: first - 1] + new + lines[last:])
