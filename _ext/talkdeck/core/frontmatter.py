"""Reads a page's YAML front-matter once, with line numbers, into talk or event records;
no Sphinx imports, so the build and the command line share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import yaml

from .fieldtypes import MISSING
from .model import Entry, Event, Speaker, Talk, slugify
from .problems import Problem, Reader
from .schema import KINDS

#: Front-matter larger than this is refused before YAML sees it.
MAX_BYTES = 64 * 1024
#: Nesting deeper than this is refused (talk data is at most four levels deep).
MAX_DEPTH = 20


@dataclass(frozen=True)
class Block:
    """The YAML between the opening and closing '---' lines and where it sits in the page."""

    text: str
    first_line: int  # 1-based line of the first YAML line
    end_line: int  # 1-based line of the closing '---'


@dataclass
class PageData:
    """What one page's front-matter yields: at most one talk or event, and every problem."""

    entry: Entry | None = None
    problems: list[Problem] = field(default_factory=list)
    #: The front-matter block, when MyST must not see it (it would report the same error again).
    broken_block: Block | None = None
    #: Page lines (first, last) of our keys, which MyST need not parse again (it would only
    #: stringify them into the page metadata); empty when they cannot be cut out line by line.
    owned_lines: tuple[tuple[int, int], ...] = ()
    #: The block, when every key in it is ours: hidden whole rather than left MyST as comments.
    own_block: Block | None = None

    @property
    def yaml_broken(self) -> bool:
        return self.broken_block is not None

    @property
    def only_ours(self) -> bool:
        return self.own_block is not None

    def for_myst(self, source: str) -> str:
        """The page as MyST should read it: our front-matter hidden, every line number kept."""
        block = self.broken_block or self.own_block
        if block is not None:
            return blank_block(source.lstrip("\ufeff"), block)
        if self.owned_lines:
            return hide_lines(source.lstrip("\ufeff"), self.owned_lines)
        return source


def find_block(source: str) -> Block | None:
    """Locate front-matter the way MyST does: '---' on the first line up to the next '---'."""
    lines = source.lstrip("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return Block("\n".join(lines[1:index]), 2, index + 1)
    return None


def blank_block(source: str, block: Block) -> str:
    """The page with its front-matter lines turned into YAML comments, keeping every line number.

    Used when the YAML is broken, so MyST does not report the same error a second time.
    """
    lines = source.splitlines(keepends=True)
    for index in range(block.first_line - 1, block.end_line - 1):
        ending = "\r\n" if lines[index].endswith("\r\n") else "\n"
        # an empty mapping, then comments: MyST sees valid, empty front-matter
        lines[index] = ("{}" if index == block.first_line - 1 else "#") + ending
    return "".join(lines)


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses aliases (no 'billion laughs') and deep nesting."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "anchors and aliases (*name) are not allowed; write the value out", event.start_mark
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                None, None, f"nesting is deeper than {MAX_DEPTH} levels", self.peek_event().start_mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(block: Block) -> tuple[yaml.Node | None, Problem | None]:
    """The YAML node tree of a block, or the one problem that stops YAML from reading it."""
    if len(block.text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None, Problem(
            block.first_line,
            "",
            f"front-matter is larger than {MAX_BYTES // 1024} KiB; move long text into the page body",
            "yaml",
        )
    loader: _Loader | None = None
    try:
        # inside the try: the reader rejects control characters as soon as it is made
        loader = _Loader(block.text)
        return loader.get_single_node(), None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = block.first_line + (mark.line if mark else 0)
        what = " ".join(p for p in (err.context, err.problem) if p)
        return None, Problem(
            line,
            "",
            f"YAML error: {what}; fix the syntax (quote values that contain ': ' or start with a special character)",
            "yaml",
        )
    except yaml.reader.ReaderError as err:
        line = block.first_line + block.text[: err.position].count("\n")
        code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "?")
        return None, Problem(line, "", f"YAML does not allow the invisible character U+{code:04X}; delete it", "yaml")
    except yaml.YAMLError as err:
        return None, Problem(block.first_line, "", f"YAML error: {err}; fix the syntax", "yaml")
    finally:
        if loader is not None:
            loader.dispose()


def read_page(source: str, default_id: str) -> PageData:
    """Read and validate a page's talk or event front-matter; other keys are left to MyST."""
    block = find_block(source)
    if block is None:
        return PageData()
    root, problem = compose(block)
    if problem is not None:
        return PageData(problems=[problem], broken_block=block)
    unbuildable = None if root is None else _construct_problem(root, block)  # what MyST's yaml.safe_load would choke on
    if unbuildable is not None and not (isinstance(root, yaml.MappingNode) and _owned(root)):
        # not ours, but MyST would stop the build on it (PyYAML raises more than YAMLError)
        return PageData(problems=[unbuildable], broken_block=block)
    if not isinstance(root, yaml.MappingNode):
        return PageData()
    owned = _owned(root)
    if not owned:
        return PageData()
    reader = Reader(offset=block.first_line - 1)
    kinds = _first_of_each_kind(owned, reader)
    if len(kinds) > 1:
        names = " and ".join(repr(k.value) for k, _ in kinds)
        reader.report(
            kinds[1][0], kinds[1][0].value, f"a page describes one thing; it has both {names}: move one to its own page"
        )
    key, value = kinds[0]
    reader.lines[""] = reader.line(key)
    values = KINDS[key.value].read(value, key.value, reader)
    entry = None
    if values is not MISSING:
        item = _build_talk(values, default_id) if key.value == "talk" else _build_event(values, default_id)
        lines = tuple(sorted(reader.lines.items()))
        entry = Entry("", item, lines)
    if unbuildable is not None:
        if not reader.problems:  # otherwise the schema has already named the bad value, with its line
            reader.problems.append(unbuildable)
        return PageData(entry, reader.problems, broken_block=block)
    spans = _line_spans(root, owned, block)
    whole = block if spans and len(owned) == len(root.value) else None
    return PageData(entry, reader.problems, owned_lines=spans, own_block=whole)


def _owned(root: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    return [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value in KINDS]


def _line_spans(
    root: yaml.MappingNode, owned: list[tuple[yaml.Node, yaml.Node]], block: Block
) -> tuple[tuple[int, int], ...]:
    """Where our keys and their values sit, when each has whole lines of its own (block style)."""
    if root.flow_style or any(key.start_mark.column != 0 for key, _ in owned):
        return ()
    spans = []
    for key, value in owned:
        end = value.end_mark.line - (1 if value.end_mark.column == 0 else 0)
        spans.append((block.first_line + key.start_mark.line, block.first_line + max(end, key.start_mark.line)))
    return tuple(spans)


def hide_lines(source: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The page with the given lines turned into YAML comments, keeping every line number."""
    lines = source.splitlines(keepends=True)
    for first, last in spans:
        for index in range(first - 1, min(last, len(lines))):
            ending = "\r\n" if lines[index].endswith("\r\n") else "\n"
            lines[index] = "#" + ending
    return "".join(lines)


def _first_of_each_kind(owned: list[tuple[yaml.Node, yaml.Node]], reader: Reader) -> list[tuple[yaml.Node, yaml.Node]]:
    """The first 'talk:' or 'event:' of each kind, reporting repeats: YAML would silently keep the last."""
    first: dict[str, yaml.Node] = {}
    kept: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in owned:
        if key.value in first:
            reader.report(
                key,
                key.value,
                f"is given twice (first on line {reader.line(first[key.value])}); "
                f"keep one '{key.value}:' and put all its fields under it",
            )
            continue
        first[key.value] = key
        kept.append((key, value))
    return kept


def _construct_problem(root: yaml.Node, block: Block) -> Problem | None:
    """Build Python values from the already-composed nodes (no second parse), as MyST will."""
    loader = yaml.SafeLoader("")
    try:
        loader.construct_document(root)
    except _CONSTRUCT_ERRORS as err:
        mark = getattr(err, "problem_mark", None) or _bad_scalar_mark(root)
        line = block.first_line + (mark.line if mark else 0)
        if isinstance(err, AttributeError):  # PyYAML's own slip on '!!timestamp' text that is not one
            return Problem(line, "", "YAML error: a '!!timestamp' value is not a date; fix the value", "yaml")
        return Problem(line, "", f"YAML error: {getattr(err, 'problem', None) or err}; fix the value", "yaml")
    finally:
        if loader is not None:
            loader.dispose()
    return None


_CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, AttributeError)


def _bad_scalar_mark(root: yaml.Node) -> yaml.Mark | None:
    """Where the first value PyYAML cannot build is: its ValueError (a date like 2021-99-99) has no mark."""
    loader = yaml.SafeLoader("")
    pending = [root]
    try:
        while pending:
            node = pending.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except _CONSTRUCT_ERRORS:
                    return node.start_mark
            elif isinstance(node, yaml.SequenceNode):
                pending[:0] = node.value
            elif isinstance(node, yaml.MappingNode):
                pending[:0] = [child for pair in node.value for child in pair]
    finally:
        loader.dispose()
    return None


def _build_talk(values: dict, default_id: str) -> Talk:
    speakers = tuple(
        Speaker(
            id=s.get("id") or slugify(s["name"]),
            name=s["name"],
            affiliation=s.get("affiliation", ""),
            role=s.get("role", ""),
        )
        for s in values.get("speakers", ())
        if "name" in s
    )
    start: datetime | None = values.get("start")
    return Talk(
        id=values.get("id") or default_id,
        title=values.get("title") or default_id,
        event=values.get("event", ""),
        format=values.get("format", ""),
        speakers=speakers,
        topics=values.get("topics", ()),
        projects=values.get("projects", ()),
        summary=values.get("summary", ""),
        video=values.get("video", ""),
        slides=values.get("slides", ""),
        start=start,
        timezone=values.get("timezone", ""),
        duration=values.get("duration", 0),
        room=values.get("room", ""),
    )


def _build_event(values: dict, default_id: str) -> Event:
    return Event(
        id=values.get("id") or default_id,
        name=values.get("name") or default_id,
        short_name=values.get("short_name", ""),
        city=values.get("city", ""),
        region=values.get("region", ""),
        country=values.get("country", ""),
        start=values.get("start"),
        end=values.get("end"),
        timezone=values.get("timezone", ""),
        url=values.get("url", ""),
    )


def default_id(docname: str) -> str:
    """A page's id when its front-matter names none: the file name, or the folder of an index page."""
    parts = docname.split("/")
    if parts[-1] == "index" and len(parts) > 1:
        return slugify(parts[-2])
    return slugify(parts[-1])
