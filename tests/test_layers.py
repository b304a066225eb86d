"""The package's layers, held by a scan of its imports (`ast`, nothing is imported).

Every import of every module counts: at the top, inside functions (where a lazy import can hide
a cycle) and under `if TYPE_CHECKING:`; relative and absolute. The scan fails on

- an import cycle between modules, of any length and through any kind of import;
- core, the command line or the importer importing Sphinx, docutils, MyST or sphinx-design;
- a module importing from a layer its own layer may not import (a lower layer reaching up).

The rules are the two tables below; the README's "Architecture" section shows them too.
"""

from __future__ import annotations

import ast
import fnmatch
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "_ext" / "talkdeck"

#: Each module's layer: the first entry whose patterns match its name inside the package ("" is
#: the package root, `talkdeck/__init__.py`). Inside `sphinxext`, the read phase (front-matter
#: into the Domain, directives leaving placeholders) stands apart from the write phase (cards,
#: listings, pages, navigation, search, sharing), and both stand on the Domain and what it stores.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("core", "core.*")),
    ("importing", ("importing", "importing.*")),
    ("cli", ("cli", "cli.*")),
    (
        "sphinxext.base",
        (
            "sphinxext.compat",
            "sphinxext.delta",
            "sphinxext.domain",
            "sphinxext.nodes",
            "sphinxext.publish",
            "sphinxext.related",
            "sphinxext.report",
            "sphinxext.roles",
            "sphinxext.specs",
            "sphinxext.speedups",
            "sphinxext.unchanged",
        ),
    ),
    ("sphinxext.read", ("sphinxext.read", "sphinxext.directives")),
    ("sphinxext.write", ("sphinxext", "sphinxext.*")),
    ("exports", ("exports", "exports.*")),
    ("root", ("", "__main__")),
)

#: Which layers a module of each layer may import from (its own layer included where listed).
MAY_IMPORT: dict[str, frozenset[str]] = {
    "core": frozenset({"core"}),
    "importing": frozenset({"core", "importing"}),
    "cli": frozenset({"core", "importing", "cli"}),
    "sphinxext.base": frozenset({"core", "sphinxext.base"}),
    "sphinxext.read": frozenset({"core", "sphinxext.base", "sphinxext.read"}),
    "sphinxext.write": frozenset({"core", "sphinxext.base", "sphinxext.write"}),
    "exports": frozenset({"core", "sphinxext.base", "sphinxext.read", "sphinxext.write", "exports"}),
    "root": frozenset(name for name, _ in LAYERS),
}

#: Layers that must load without Sphinx: `python -m talkdeck` starts in well under a second.
WITHOUT_SPHINX = frozenset({"core", "importing", "cli"})


def is_sphinx(top: str) -> bool:
    """Sphinx, docutils, MyST and Sphinx's extensions (sphinx_design, sphinxext.*, sphinxcontrib)."""
    return top in ("docutils", "myst_parser") or top.startswith("sphinx")


# --- the scan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import statement's target: a module of the package, or an outside top-level name."""

    module: str  # the importing module, relative to the package ("" is the root)
    target: str  # a module of the package (relative), or the outside package's top-level name
    ours: bool
    line: int
    how: str  # "top", "function" or "type" (under `if TYPE_CHECKING:`)
    file: str  # the importing module's file, from the package's parent folder

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def module_names(package: Path) -> dict[str, Path]:
    """Every module of the package by dotted name relative to it; packages by their folder."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def scan(package: Path) -> list[Import]:
    """Every import of every module of `package` (a folder whose name is the package's)."""
    modules = module_names(package)
    found: list[Import] = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        file = path.relative_to(package.parent).as_posix()
        found += _ModuleImports(package.name, module, path, file, modules).collect(tree)
    return found


@dataclass
class _ModuleImports:
    """The imports of one module, each resolved to a module of the package or an outside name."""

    package: str
    module: str
    path: Path
    file: str
    modules: dict[str, Path]

    def collect(self, tree: ast.Module) -> list[Import]:
        self.found: list[Import] = []
        self.visit(tree, "top")
        return self.found

    def visit(self, node: ast.AST, how: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for item in child.body:
                    self.record(item, "type")
                    self.visit(item, "type")
                for item in child.orelse:
                    self.record(item, how)
                    self.visit(item, how)
                continue
            inner = how
            if how == "top" and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                inner = "function"
            self.record(child, inner)
            self.visit(child, inner)

    def resolve(self, node: ast.ImportFrom) -> str | None:
        """The package-relative module a `from ... import` names, or None when it is outside."""
        if not node.level:
            head, _, rest = (node.module or "").partition(".")
            return rest if head == self.package else None
        base = self.module.split(".") if self.module else []
        if self.path.name != "__init__.py":
            base = base[:-1]
        up = node.level - 1
        if up > len(base):
            raise AssertionError(f"{self.path}:{node.lineno}: relative import beyond the package")
        return _join(*base[: len(base) - up], node.module or "")

    def record(self, node: ast.AST, how: str) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                head, _, rest = alias.name.partition(".")
                ours = head == self.package
                self.found.append(Import(self.module, rest if ours else head, ours, node.lineno, how, self.file))
        elif isinstance(node, ast.ImportFrom):
            base = self.resolve(node)
            if base is None:
                outside = (node.module or "").partition(".")[0]
                self.found.append(Import(self.module, outside, False, node.lineno, how, self.file))
                return
            for alias in node.names:
                # `from . import cards` names a module; `from .domain import get_domain` a name in one
                target = _join(base, alias.name)
                target = target if target in self.modules else base
                self.found.append(Import(self.module, target, True, node.lineno, how, self.file))


def layer_of(module: str) -> str | None:
    for layer, patterns in LAYERS:
        if any(fnmatch.fnmatchcase(module, pattern) for pattern in patterns):
            return layer
    return None


def cycles(imports: list[Import]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop (Tarjan's SCCs)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.ours and imp.target != imp.module:
            graph.setdefault(imp.module, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def strongconnect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                strongconnect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return sorted(groups)


def problems(package: Path) -> list[str]:
    """Everything that breaks the layers, one line each with file and line."""
    imports = scan(package)
    found = []
    for module, path in module_names(package).items():
        if layer_of(module) is None:
            found.append(
                f"{path.relative_to(package.parent).as_posix()}: in no layer; add it to LAYERS in tests/test_layers.py"
            )
    for imp in imports:
        layer = layer_of(imp.module)
        if layer is None:
            continue
        label = f"{imp.where}: {imp.module or '(root)'} ({layer})"
        if not imp.ours:
            if layer in WITHOUT_SPHINX and is_sphinx(imp.target):
                found.append(f"{label} imports {imp.target} ({imp.how}); {layer} must load without Sphinx")
            continue
        target_layer = layer_of(imp.target)
        if target_layer is not None and target_layer not in MAY_IMPORT[layer]:
            found.append(
                f"{label} imports {imp.target or '(root)'} ({target_layer}, {imp.how}); "
                f"{layer} may import only {', '.join(sorted(MAY_IMPORT[layer]))}"
            )
    for group in cycles(imports):
        edges = sorted(
            {
                f"{i.module or '(root)'} -> {i.target or '(root)'} ({i.where}, {i.how})"
                for i in imports
                if i.ours and i.module in group and i.target in group and i.target != i.module
            }
        )
        found.append(f"import cycle between {', '.join(m or '(root)' for m in group)}: " + "; ".join(edges))
    return found


# --- the package -------------------------------------------------------------------------------


def test_the_package_keeps_its_layers() -> None:
    assert problems(PACKAGE) == []


def test_every_layer_has_modules_and_a_rule() -> None:
    """No stale rows: each layer of the table holds at least one module of the real tree."""
    used = {layer_of(module) for module in module_names(PACKAGE)}
    assert [name for name, _ in LAYERS if name not in used] == []
    assert set(MAY_IMPORT) == {name for name, _ in LAYERS}


def test_the_scan_sees_every_kind_of_import() -> None:
    """The scan is not blind: it finds the package's lazy and type-only imports too."""
    kinds = {imp.how for imp in scan(PACKAGE) if imp.ours}
    assert kinds == {"top", "function", "type"}
    outside = {imp.target for imp in scan(PACKAGE) if not imp.ours}
    assert {"sphinx", "docutils", "yaml"} <= outside


# --- the checker itself, on a package made to break every rule ----------------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "talkdeck",
        {
            "__init__.py": "def setup(app):\n    from .sphinxext import cards\n",
            "core/__init__.py": "",
            # a lazy import of Sphinx is still an import of Sphinx
            "core/model.py": "def f():\n    from sphinx.util import logging\n",
            # a type-only import reaching up a layer
            "core/schema.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..sphinxext.domain import D\n",
            # a cycle hidden by a function-level import, through an absolute one
            "core/a.py": "import talkdeck.core.b\n",
            "core/b.py": "def g():\n    from . import a\n",
            "cli/__init__.py": "",
            "cli/main.py": "import docutils.nodes\nfrom ..importing import plan\n",
            "importing/__init__.py": "",
            "importing/plan.py": "from ..cli.main import x\n",
            "sphinxext/__init__.py": "",
            "sphinxext/domain.py": "from ..core.model import Talk\n",
            "sphinxext/read.py": "from .cards import y\nfrom .domain import get_domain\n",
            "sphinxext/cards.py": "from sphinx_design.shared import create_component\nfrom ..exports import calendars\n",
            "exports/__init__.py": "",
            "exports/calendars.py": "from ..sphinxext import cards\n",
            "extra/__init__.py": "",
        },
    )


def test_the_checker_reports_each_kind_of_break(broken: Path) -> None:
    found = problems(broken)
    expected = [
        "talkdeck/extra/__init__.py: in no layer; add it to LAYERS in tests/test_layers.py",
        "talkdeck/core/model.py:2: core.model (core) imports sphinx (function); core must load without Sphinx",
        "talkdeck/core/schema.py:3: core.schema (core) imports sphinxext.domain (sphinxext.base, type); "
        "core may import only core",
        "talkdeck/cli/main.py:1: cli.main (cli) imports docutils (top); cli must load without Sphinx",
        "talkdeck/importing/plan.py:1: importing.plan (importing) imports cli.main (cli, top); "
        "importing may import only core, importing",
        "talkdeck/sphinxext/read.py:1: sphinxext.read (sphinxext.read) imports sphinxext.cards (sphinxext.write, top); "
        "sphinxext.read may import only core, sphinxext.base, sphinxext.read",
        "talkdeck/sphinxext/cards.py:2: sphinxext.cards (sphinxext.write) imports exports.calendars (exports, top); "
        "sphinxext.write may import only core, sphinxext.base, sphinxext.write",
        "import cycle between cli.main, importing.plan: "
        "cli.main -> importing.plan (talkdeck/cli/main.py:2, top); "
        "importing.plan -> cli.main (talkdeck/importing/plan.py:1, top)",
        "import cycle between core.a, core.b: "
        "core.a -> core.b (talkdeck/core/a.py:1, top); core.b -> core.a (talkdeck/core/b.py:2, function)",
        "import cycle between exports.calendars, sphinxext.cards: "
        "exports.calendars -> sphinxext.cards (talkdeck/exports/calendars.py:1, top); "
        "sphinxext.cards -> exports.calendars (talkdeck/sphinxext/cards.py:2, top)",
    ]
    assert sorted(found) == sorted(expected)
    # sphinx_design in a Sphinx layer and the root's lazy import of anything are allowed
    assert not [p for p in found if "sphinx_design" in p or p.startswith("talkdeck/__init__.py")]


def test_a_clean_package_passes(broken: Path) -> None:
    """The same package with the breaks taken out reports nothing."""
    for name in ("core/model.py", "core/schema.py", "core/b.py", "importing/plan.py", "sphinxext/read.py"):
        (broken / name).write_text("", encoding="utf-8")
    (broken / "cli/main.py").write_text("from ..importing import plan\n", encoding="utf-8")
    (broken / "sphinxext/cards.py").write_text("from .domain import get_domain\n", encoding="utf-8")
    (broken / "extra/__init__.py").unlink()
    (broken / "extra").rmdir()
    assert problems(broken) == []
