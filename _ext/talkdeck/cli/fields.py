"""`new`'s flags and prompts, made from the schema's records so that every field a page can have
is a flag and a prompt, in the schema's order, and every answer is checked by the schema's own
reader as soon as it is given (the same code the build and `check` read pages with).

A field's flag is its name (`--short-name` for `short_name`); a list takes one value per flag,
so the flag is singular (`--topic` for `topics`) and repeats; a list of records (`speakers`)
takes each item as its fields joined by '|', in the record's order (`NAME|AFFILIATION|ROLE|ID`);
a record (a mapping) is one flag per field (`--<field>-<key>`). `id`, which names the file, is
asked last: its default comes from the other answers. Fields a command writes (`written_by`)
get no flag: that command sets them. Fields few pages need (`asked=False`: recordings, chapters)
are flags but not prompts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..core.fieldtypes import MISSING, Choice, Type
from ..core.problems import Problem, Reader
from ..core.records import Field, ListOf, Record
from ..core.schema import KINDS
from ..core.yamlwrite import record_lines

#: Separates a list item's fields in one flag value: 'Name|Affiliation|Role'.
SEPARATOR = "|"


@dataclass(frozen=True)
class Question:
    """One field of a record as a flag and a prompt."""

    kind: str  # 'talk' or 'event'
    path: tuple[str, ...]  # ('title',) or ('import', 'guid')
    spec: Field

    @property
    def name(self) -> str:
        return ".".join(self.path)

    @property
    def dest(self) -> str:
        return "_".join(self.path)

    @property
    def repeats(self) -> bool:
        return isinstance(self.spec.type, ListOf)

    @property
    def parts(self) -> tuple[str, ...]:
        """The fields of a list item that is a record, in order; empty otherwise."""
        item = self.spec.type.item if isinstance(self.spec.type, ListOf) else None
        return tuple(item.fields) if isinstance(item, Record) else ()

    @property
    def flag(self) -> str:
        last = self.path[-1]
        if self.repeats and last.endswith("ses"):
            last = last[:-2]  # --alias for aliases
        elif self.repeats and last.endswith("s"):
            last = last[:-1]
        return "--" + "-".join((*self.path[:-1], last)).replace("_", "-")

    @property
    def metavar(self) -> str:
        if self.parts:
            return SEPARATOR.join(p.upper() for p in self.parts)
        return self.flag.lstrip("-").replace("-", "_").upper()

    def help(self) -> str:
        text = self.spec.help
        if isinstance(self.spec.type, Choice):
            text = "one of: " + ", ".join(self.spec.type.choices)
        if self.repeats:
            text += "; repeat the flag for each"
        return ("required: " if self.spec.required else "") + text.replace("%", "%%")

    def parse(self, raw: list[str] | str) -> Any:
        """A flag's or prompt's text as the value the page gets (a list of items for lists)."""
        if not self.repeats:
            return str(raw).strip()
        items = [raw] if isinstance(raw, str) else raw
        if not self.parts:
            return [item.strip() for item in items if item.strip()]
        return [self.item(item) for item in items if item.strip()]

    def item(self, text: str) -> dict[str, str]:
        """'Name|Affiliation|Role' -> {'name': ..., 'affiliation': ..., 'role': ...}; empty parts left out."""
        values = [part.strip() for part in text.split(SEPARATOR)]
        if len(values) > len(self.parts):
            raise ValueError(
                f"{self.flag} {text!r}: give at most {self.metavar} ('{SEPARATOR}' separates them; "
                f"{len(values)} parts given)"
            )
        first = self.parts[0]
        return {k: v for k, v in zip(self.parts, values, strict=False) if v or k == first}

    def check(self, value: Any) -> list[Problem]:
        """The schema's verdict on one answer, read as a page would hold it."""
        if value in ("", [], None):
            if self.spec.required:
                return [Problem(0, self.name, f"is required ({self.spec.help})")]
            return []
        record = Record({self.path[-1]: self.spec}, "the answer")
        lines = record_lines(self.kind, record, {self.path[-1]: value}, "")
        reader = Reader()
        try:
            node = yaml.compose("\n".join(lines), Loader=yaml.SafeLoader)
        except yaml.YAMLError as err:  # the writer quotes everything it cannot write plain
            return [Problem(0, self.name, f"cannot be written as YAML ({err})")]
        assert isinstance(node, yaml.MappingNode)
        got: Type = self.spec.type
        if got.read(node.value[0][1], self.name, reader) is MISSING and not reader.problems:
            reader.report(0, self.name, "is not a valid value")
        return reader.problems


def questions(kind: str, prompted: bool = False) -> list[Question]:
    """Every field of a `talk:` or `event:` record as a Question (each is a flag), in the order
    `new` asks them; with `prompted`, only those its prompts ask for (not recordings, chapters)."""
    found: list[Question] = []
    last: list[Question] = []
    for name, spec in KINDS[kind].fields.items():
        if spec.written_by or (prompted and not spec.asked):
            continue
        if isinstance(spec.type, Record):
            found.extend(Question(kind, (name, key), sub) for key, sub in spec.type.fields.items())
            continue
        (last if name == "id" else found).append(Question(kind, (name,), spec))
    return found + last


def by_flag(kind: str) -> dict[str, Question]:
    return {q.flag: q for q in questions(kind)}
