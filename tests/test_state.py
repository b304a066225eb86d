"""All build state lives in the Domain: no module keeps build data in a global, every key the
Domain holds is declared in `initial_data`, and what the Domain holds after a parallel read is
what a serial read holds, before and after a page is removed."""

from __future__ import annotations

import ast
import pickle
import re
import zlib
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Build, build, build_root
from talkdeck.sphinxext.domain import TalkDomain

PACKAGE = REPO / "_ext" / "talkdeck"

#: Module-level caches that are allowed: memos of pure functions, whose answer depends on their
#: arguments alone, never on a build (the same input gives the same output in every build).
PURE_CACHES = {
    "core/model.py": {"slugify"},
    "core/yamlread.py": {"_plain_tag"},
    "core/yamlwrite.py": {"scalar"},
    "exports/calendars.py": {"_zone", "_zone_bytes"},
    "exports/previews.py": {"_font", "palette", "shades"},
    "sphinxext/speedups.py": {"_myst_defaults"},
}
_CONTAINERS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}
_WEAK = {"WeakKeyDictionary", "WeakValueDictionary", "WeakSet"}
_MUTATORS = {
    "append",
    "extend",
    "insert",
    "update",
    "setdefault",
    "pop",
    "popitem",
    "clear",
    "add",
    "discard",
    "remove",
}


def _call_name(node: ast.expr) -> str:
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_container(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp):
        return True
    return isinstance(value, ast.Call) and _call_name(value) in _CONTAINERS | _WEAK


def module_state(path: Path, package: Path = PACKAGE) -> list[str]:
    """Module-level containers that code changes after import, `global` statements, weak maps
    and caches, each as 'file:line: what'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(package).as_posix()
    containers: dict[str, int] = {}
    found = []
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        for target in targets:
            if isinstance(target, ast.Name) and _is_container(value):
                containers[target.id] = node.lineno
                if isinstance(value, ast.Call) and _call_name(value) in _WEAK:
                    found.append(f"{name}:{node.lineno}: {target.id} is a module-level {_call_name(value)}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"{name}:{node.lineno}: global {', '.join(node.names)}")
        changed = None
        if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            for target in node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    changed = target.value.id
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _MUTATORS
            and isinstance(node.func.value, ast.Name)
        ):
            changed = node.func.value.id
        if changed in containers:
            found.append(f"{name}:{node.lineno}: changes the module-level {changed} (line {containers[changed]})")
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                text = ast.unparse(decorator)
                if ("cache" in text or "memo" in text) and node.name not in PURE_CACHES.get(name, set()):
                    found.append(f"{name}:{node.lineno}: {node.name} keeps a module-level cache ({text})")
    return found


def test_no_module_keeps_build_data_in_a_global() -> None:
    found = [problem for path in sorted(PACKAGE.rglob("*.py")) for problem in module_state(path)]
    assert found == []


def test_the_scan_finds_module_state(tmp_path: Path) -> None:
    """The scan is not blind: a module with each kind of global state is reported line by line."""
    module = tmp_path / "sphinxext" / "probe.py"
    module.parent.mkdir()
    module.write_text(
        "import functools, weakref\n"
        "_URIS = weakref.WeakKeyDictionary()\n"
        "SEEN = {}\n"
        "ORDER: list[str] = []\n"
        "CONSTANT = {'a': 1}\n"
        "def remember(key, value):\n"
        "    SEEN[key] = value\n"
        "    ORDER.append(key)\n"
        "    return CONSTANT['a']\n"
        "@functools.lru_cache(maxsize=None)\n"
        "def uri(builder, page):\n"
        "    global LAST\n",
        encoding="utf-8",
    )
    assert sorted(module_state(module, tmp_path)) == sorted(
        [
            "sphinxext/probe.py:2: _URIS is a module-level WeakKeyDictionary",
            "sphinxext/probe.py:12: global LAST",
            "sphinxext/probe.py:7: changes the module-level SEEN (line 3)",
            "sphinxext/probe.py:8: changes the module-level ORDER (line 4)",
            "sphinxext/probe.py:11: uri keeps a module-level cache (functools.lru_cache(maxsize=None))",
        ]
    )


# --- the Domain ---------------------------------------------------------------------------------


def domain_data(result: Build) -> dict[str, Any]:
    """The Domain's data as the build pickled it with the environment."""
    with (result.outdir / "doctrees" / "environment.pickle").open("rb") as pickled:
        env = pickle.load(pickled)
    return env.domaindata[TalkDomain.name]


def inventory_labels(result: Build) -> set[str]:
    head, _, body = (result.html / "objects.inv").read_bytes().partition(b"zlib.\n")
    lines = zlib.decompress(body).decode().splitlines()
    return {line.split(" ", 1)[0] for line in lines if " std:label " in line}


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """Everything but the write digests and the outputs' kept digests, which are keyed by the
    output folder, and the count of changes they were made at (a parallel read merges in chunks:
    other steps, same data)."""
    return {key: value for key, value in data.items() if key not in ("digests", "generation", "digested", "plans")}


def kept_digests(data: dict[str, Any]) -> list[tuple[dict[str, str], dict[str, str]]]:
    """The generated pages' and exports' digests kept for each output target (plan.py)."""
    return [(pages, exports) for _, pages, exports in data["plans"].values()]


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("serial"), parallel=1)


@pytest.fixture(scope="module")
def parallel(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("parallel"), parallel=2)


def test_every_key_of_the_domain_is_declared(serial: Build, parallel: Build) -> None:
    for result in (serial, parallel):
        assert set(domain_data(result)) == {*TalkDomain.initial_data, "version"}


def test_a_parallel_read_holds_what_a_serial_one_holds(serial: Build, parallel: Build) -> None:
    assert re.search(r"^reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+$", parallel.status, re.M)  # workers read
    mine, theirs = domain_data(parallel), domain_data(serial)
    assert comparable(mine) == comparable(theirs)
    assert kept_digests(mine) == kept_digests(theirs)
    [(pages, exports)] = kept_digests(mine)
    assert "speakers/kevin-leimkuhler" in pages and "talks.json" in exports and len(exports) > 20
    assert len(mine["entries"]) == 12  # nine talks, two events, one profile
    assert "speaker-kevin-leimkuhler" in mine["labels"]
    assert "speakers/kevin-leimkuhler" in mine["index_pages"]


def test_the_labels_the_domain_keeps_are_the_ones_published(serial: Build) -> None:
    data = domain_data(serial)
    published = inventory_labels(serial)
    assert set(data["labels"]) <= published
    assert {label for label in published if label.startswith(("talk-", "speaker-", "event-"))} <= set(data["labels"])


def test_removing_a_page_removes_its_labels_and_index_pages(tmp_path: Path) -> None:
    """After an incremental build without a talk, neither the Domain nor objects.inv names the
    talk or the speakers only it had; the result is what a clean build of the rest holds."""
    first = build_root("basic", tmp_path / "site", parallel=2)
    assert {"talk-whose-packet", "speaker-kevin-leimkuhler"} <= set(domain_data(first)["labels"])
    (first.srcdir / "kcna" / "packets.md").unlink()
    again = build(first.srcdir, first.outdir, parallel=2)
    assert again.statuscode == 0, again.warnings
    data = domain_data(again)
    gone = {"talk-whose-packet", "speaker-kevin-leimkuhler", "speaker-doug-jordan"}
    assert gone.isdisjoint(data["labels"])
    assert gone.isdisjoint(inventory_labels(again))
    assert "speakers/kevin-leimkuhler" not in data["index_pages"]
    clean = build(first.srcdir, tmp_path / "clean", parallel=2, freshenv=True)
    assert comparable(domain_data(clean)) == comparable(data)
    assert kept_digests(domain_data(clean)) == kept_digests(data)
