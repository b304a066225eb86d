"""Reads a page's YAML front-matter once, with line numbers, into talk or event records;
no Sphinx imports, so the build and the command line share it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import yaml

from . import yamlread
from .fieldtypes import MISSING
from .model import Entry, Person, slugify
from .people import biography
from .problems import Problem, Reader
from .schema import KINDS, PAGE, build_item
from .yamlread import MAX_DEPTH as MAX_DEPTH  # the nesting limit, where the reader's users look for it

#: Front-matter larger than this is refused before YAML sees it.
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Block:
    """The YAML between the opening and closing '---' lines and where it sits in the page."""

    text: str
    first_line: int  # 1-based line of the first YAML line
    end_line: int  # 1-based line of the closing '---' (of the line it is missing from, when not closed)
    closed: bool = True


@dataclass
class PageData:
    """What one page's front-matter yields: at most one talk or event, the page's earlier paths
    (`redirect_from`, each with its line), and every problem."""

    entry: Entry | None = None
    problems: list[Problem] = field(default_factory=list)
    redirects: tuple[tuple[str, int], ...] = ()
    #: The front-matter block, when MyST must not see it (it would report the same error again).
    broken_block: Block | None = None
    #: Page lines (first, last) of our keys, which MyST need not parse again (it would only
    #: stringify them into the page metadata); empty when they cannot be cut out line by line.
    owned_lines: tuple[tuple[int, int], ...] = ()
    #: The block, when every key in it is ours: hidden whole rather than left MyST as comments.
    own_block: Block | None = None
    #: The page needs no toctree entry, and MyST is told so (`orphan`): a talk or event page
    #: (event pages and grids lead to it), or one whose front-matter problems are reported here.
    orphan: bool = False
    #: Top-level front-matter keys MyST reads (everything but ours), e.g. 'orphan'.
    other_keys: tuple[str, ...] = ()

    @property
    def yaml_broken(self) -> bool:
        return self.broken_block is not None

    @property
    def only_ours(self) -> bool:
        return self.own_block is not None

    @property
    def listed_by_front_matter(self) -> bool:
        """Whether Sphinx will not ask for a toctree entry: ours, or the page's own `orphan:`."""
        return self.orphan or "orphan" in self.other_keys

    def for_myst(self, source: str) -> str:
        """The page as MyST should read it: our front-matter hidden, every line number kept, and
        `orphan: true` in its place when the page needs no toctree entry."""
        block = self.broken_block or self.own_block
        if block is not None and not block.closed:
            return _unclosed_for_myst(source.lstrip("\ufeff"), block, self.orphan)
        if block is not None:
            return blank_block(source.lstrip("\ufeff"), block, self.orphan)
        if self.owned_lines:
            return hide_lines(source.lstrip("\ufeff"), self.owned_lines, self.orphan)
        return source


#: Lines that end a front-matter block whose closing '---' is missing: a blank line, or the
#: start of the page body (a directive fence, a heading).
_BODY_START = ("```", "~~~", ":::", "# ", "(")


def find_unclosed(source: str) -> Block | None:
    """Front-matter opened by '---' on the first line and never closed (MyST then takes the
    '---' for a horizontal rule and the fields for text): the lines up to the first blank line
    or the start of the body, as the block the contributor meant."""
    lines = source.lstrip("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---" or find_block(source) is not None:
        return None
    end = 1
    while end < len(lines) and lines[end].strip() and not lines[end].startswith(_BODY_START):
        end += 1
    return Block("\n".join(lines[1:end]), 2, end + 1, closed=False)


def _unclosed_for_myst(source: str, block: Block, orphan: bool) -> str:
    """The page with the unclosed block's lines emptied ('---' first, so no horizontal rule),
    or turned into a closed block that says `orphan: true` when there are lines enough."""
    lines = source.splitlines(keepends=True)
    last = block.end_line - 1  # the block's last line, 1-based
    for index in range(last):
        ending = "\r\n" if lines[index].endswith("\r\n") else "\n"
        text = ""
        if orphan:
            text = "---" if index in (0, last - 1) else "orphan: true" if index == 1 else "#"
        lines[index] = text + ending
    return "".join(lines)


def unclosed_problem(block: Block) -> Problem:
    last = block.end_line - 1
    where = f"after line {last}, the last field" if last > 1 else "below it"
    return Problem(
        last,
        "",
        f"front-matter is not closed: the '---' on line 1 opens it, but no '---' line ends it; "
        f"add a line '---' {where}",
        "yaml",
    )


def find_block(source: str) -> Block | None:
    """Locate front-matter the way MyST does: '---' on the first line up to the next '---'."""
    lines = source.lstrip("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return Block("\n".join(lines[1:index]), 2, index + 1)
    return None


def blank_block(source: str, block: Block, orphan: bool = False) -> str:
    """The page with its front-matter lines turned into YAML comments, keeping every line number.

    Used when the YAML is broken, so MyST does not report the same error a second time.
    """
    lines = source.splitlines(keepends=True)
    for index in range(block.first_line - 1, block.end_line - 1):
        ending = "\r\n" if lines[index].endswith("\r\n") else "\n"
        # an empty mapping (or just `orphan`), then comments: MyST sees valid front-matter
        first = "orphan: true" if orphan else "{}"
        lines[index] = (first if index == block.first_line - 1 else "#") + ending
    return "".join(lines)


def compose(block: Block) -> tuple[yaml.Node | None, Problem | None]:
    """The YAML node tree of a block, or the one problem that stops YAML from reading it."""
    if len(block.text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None, Problem(
            block.first_line,
            "",
            f"front-matter is larger than {MAX_BYTES // 1024} KiB; move long text into the page body",
            "yaml",
        )
    return yamlread.compose(block.text, block.first_line)


def read_page(source: str, default_id: str) -> PageData:
    """Read and validate a page's talk or event front-matter; other keys are left to MyST."""
    block = find_block(source) or find_unclosed(source)
    if block is None:
        return PageData()
    data = _read_block(block, default_id)
    if data.entry is not None and isinstance(data.entry.item, Person) and block.closed:
        # a profile's body is the person's biography, as written
        bio = biography(source.lstrip("\ufeff"), block.end_line + 1)
        data.entry = replace(data.entry, item=replace(data.entry.item, biography=bio))
    if not block.closed:  # whatever else is wrong, MyST must not see these lines as text
        data.problems.insert(0, unclosed_problem(block))
        data.broken_block, data.owned_lines, data.own_block = block, (), None
    # the page's problems are reported here: it needs no toctree entry as well (where MyST can be told)
    claimed = data.entry is not None or bool(data.problems)
    if not block.closed:
        room = block.end_line - 1 >= 3  # '---', 'orphan: true', '---'
    elif data.broken_block or data.own_block:
        room = block.end_line > block.first_line
    else:
        room = bool(data.owned_lines)
    data.orphan = claimed and room
    return data


def _read_block(block: Block, default_id: str) -> PageData:
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
    others = tuple(
        k.value
        for k, _ in root.value
        if isinstance(k, yaml.ScalarNode) and k.value not in KINDS and k.value not in PAGE.fields
    )
    if not owned:
        return PageData(other_keys=others)
    reader = Reader(offset=block.first_line - 1)
    firsts = _first_of_each_key(owned, reader)
    kinds = [(key, value) for key, value in firsts if key.value in KINDS]
    if len(kinds) > 1:
        names = " and ".join(repr(k.value) for k, _ in kinds)
        reader.report(
            kinds[1][0], kinds[1][0].value, f"a page describes one thing; it has both {names}: move one to its own page"
        )
    entry = None
    if kinds:
        key, value = kinds[0]
        reader.lines[""] = reader.line(key)
        values = KINDS[key.value].read(value, key.value, reader)
        if values is not MISSING:
            item = build_item(key.value, values, default_id)
            lines = tuple(sorted(reader.lines.items()))
            entry = Entry("", item, lines)
    redirects = _page_fields([(k, v) for k, v in firsts if k.value in PAGE.fields], reader)
    if unbuildable is not None:
        if not reader.problems:  # otherwise the schema has already named the bad value, with its line
            reader.problems.append(unbuildable)
        return PageData(entry, reader.problems, redirects, broken_block=block, other_keys=others)
    spans = _line_spans(root, owned, block)
    whole = block if spans and len(owned) == len(root.value) else None
    return PageData(entry, reader.problems, redirects, owned_lines=spans, own_block=whole, other_keys=others)


def _owned(root: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    return [
        (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and (k.value in KINDS or k.value in PAGE.fields)
    ]


def _page_fields(pairs: list[tuple[yaml.Node, yaml.Node]], reader: Reader) -> tuple[tuple[str, int], ...]:
    """The keys any page may have: `redirect_from`, each earlier path with its own line."""
    found: tuple[tuple[str, int], ...] = ()
    for key, value in pairs:
        reader.lines[key.value] = reader.line(key)
        paths = PAGE.fields[key.value].type.read(value, key.value, reader)
        if paths is MISSING:
            continue
        # the list's reader leaves out the items it reported: find each kept one's own line
        children, kept, start = value.value, [], 0
        for path in paths:
            while not (isinstance(children[start], yaml.ScalarNode) and children[start].value.strip() == path):
                start += 1
            kept.append((path, reader.line(children[start])))
            start += 1
        found = tuple(kept)
    return found


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


def hide_lines(source: str, spans: tuple[tuple[int, int], ...], orphan: bool = False) -> str:
    """The page with the given lines turned into YAML comments, keeping every line number; the
    first of them says `orphan: true` when asked (a top-level key, as the hidden ones were)."""
    lines = source.splitlines(keepends=True)
    for first, last in spans:
        for index in range(first - 1, min(last, len(lines))):
            ending = "\r\n" if lines[index].endswith("\r\n") else "\n"
            lines[index] = ("orphan: true" if orphan and (first, index) == (spans[0][0], first - 1) else "#") + ending
    return "".join(lines)


def _first_of_each_key(owned: list[tuple[yaml.Node, yaml.Node]], reader: Reader) -> list[tuple[yaml.Node, yaml.Node]]:
    """The first 'talk:', 'event:' or 'redirect_from:', reporting repeats: YAML would silently keep the last."""
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


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map", "merge"))


def _risky_scalars(root: yaml.Node) -> list[yaml.ScalarNode] | None:
    """The scalars whose building can fail (any tag but str: dates, numbers, '=', custom tags),
    in document order; None when a collection could fail itself (a tag of its own, a merge or a
    collection as a key), so that only the whole document tells."""
    found: list[yaml.ScalarNode] = []
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag != _STR:
                found.append(node)
        elif isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return None
            pending.extend(reversed(node.value))
        else:
            if node.tag != _MAP:
                return None
            for key, value in reversed(node.value):
                if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE:
                    return None
                pending.extend((value, key))
    return found


def _construct_problem(root: yaml.Node, block: Block) -> Problem | None:
    """Build Python values from the already-composed nodes (no second parse, so a constructor
    alone: no reader or parser), as MyST will.
    Strings and plain collections always build: only the other scalars are built, unless one
    fails or the tree holds what only the whole document can tell (then all of it, as before)."""
    risky = _risky_scalars(root)
    if risky is not None:
        quick = yaml.constructor.SafeConstructor()
        try:
            for node in risky:
                quick.construct_object(node)
            return None
        except _CONSTRUCT_ERRORS:
            pass  # the whole document below finds it again, and says where
    try:
        yaml.constructor.SafeConstructor().construct_document(root)
    except _CONSTRUCT_ERRORS as err:
        mark = getattr(err, "problem_mark", None) or _bad_scalar_mark(root)
        line = block.first_line + (mark.line if mark else 0)
        if isinstance(err, AttributeError):  # PyYAML's own slip on '!!timestamp' text that is not one
            return Problem(line, "", "YAML error: a '!!timestamp' value is not a date; fix the value", "yaml")
        return Problem(line, "", f"YAML error: {getattr(err, 'problem', None) or err}; fix the value", "yaml")
    return None


_CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, AttributeError)


def _bad_scalar_mark(root: yaml.Node) -> yaml.Mark | None:
    """Where the first value PyYAML cannot build is: its ValueError (a date like 2021-99-99) has no mark."""
    constructor = yaml.constructor.SafeConstructor()
    pending = [root]
    while pending:
        node = pending.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except _CONSTRUCT_ERRORS:
                return node.start_mark
        elif isinstance(node, yaml.SequenceNode):
            pending[:0] = node.value
        elif isinstance(node, yaml.MappingNode):
            pending[:0] = [child for pair in node.value for child in pair]
    return None


def default_id(docname: str) -> str:
    """A page's id when its front-matter names none: the file name, or the folder of an index page."""
    parts = docname.split("/")
    if parts[-1] == "index" and len(parts) > 1:
        return slugify(parts[-2])
    return slugify(parts[-1])
