"""The architecture as written down agrees with the tree: the README's "Architecture" section
lists every module of `_ext/talkdeck` once and nothing else, its table of layers is the one
tests/test_layers.py enforces, every module path the README and CONTRIBUTING name exists, and
no module is longer than 400 lines (past that, a module holds more than one job)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_layers import LAYERS, MAY_IMPORT

from conftest import REPO

PACKAGE = REPO / "_ext" / "talkdeck"
MAX_LINES = 400
_MAP_LINE = re.compile(r"^- `([^`]+\.py)`: \S")
_PATH = re.compile(r"_ext/talkdeck/[\w/]+\.py")
_MODULE = re.compile(r"-m (talkdeck(?:\.\w+)+)")


def modules() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


def architecture(text: str) -> list[str]:
    """The lines of the README's Architecture section."""
    start = text.index("\n## Architecture\n")
    end = text.find("\n## ", start + 1)
    return text[start:end].splitlines()


def module_map(text: str) -> list[str]:
    return [m[1] for line in architecture(text) if (m := _MAP_LINE.match(line))]


def layer_table(text: str) -> list[tuple[str, frozenset[str]]]:
    """(layer, what it may import) per row of the section's table."""
    rows = [line for line in architecture(text) if line.startswith("| ") and not line.startswith("| layer ")]
    found = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if set(cells[0]) <= {"-", " "}:
            continue
        layer, _, allowed = cells
        names = [name for name, _ in LAYERS] if allowed == "all layers" else allowed.split(", ")
        found.append((layer, frozenset(names)))
    return found


def over_limit(package: Path) -> dict[str, int]:
    """Modules longer than MAX_LINES, with their number of lines."""
    counts = {
        path.relative_to(package).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(package.rglob("*.py"))
    }
    return {name: n for name, n in counts.items() if n > MAX_LINES}


def test_no_module_is_over_the_limit() -> None:
    assert over_limit(PACKAGE) == {}, "split these by job, and add the new modules to the README's Architecture"


def test_the_readme_lists_every_module_once_and_only_those() -> None:
    listed = module_map((REPO / "README.md").read_text(encoding="utf-8"))
    assert len(listed) > 40
    assert sorted(set(listed)) == sorted(listed), "a module is listed twice"
    assert sorted(listed) == modules()


def test_the_readme_table_is_the_layer_rules() -> None:
    table = layer_table((REPO / "README.md").read_text(encoding="utf-8"))
    assert [layer for layer, _ in table] == [name for name, _ in LAYERS]
    assert dict(table) == MAY_IMPORT


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md"])
def test_every_module_the_docs_name_exists(doc: str) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    paths = set(_PATH.findall(text))
    dotted = {name.replace(".", "/") for name in _MODULE.findall(text)}
    assert paths or dotted
    missing = [p for p in sorted(paths) if not (REPO / p).is_file()]
    missing += [d for d in sorted(dotted) if not (REPO / "_ext" / f"{d}.py").is_file()]
    assert missing == []


def test_the_checks_fail_on_drift() -> None:
    """The parsers see a missing, an extra and a repeated module, and a changed rule."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    drifted = text.replace("- `core/model.py`:", "- `core/models.py`:").replace(
        "| cli | `cli/` | core, importing, cli |", "| cli | `cli/` | core, importing, cli, sphinxext.base |"
    )
    listed = module_map(drifted)
    assert "core/models.py" in listed and "core/model.py" not in listed
    assert dict(layer_table(drifted))["cli"] != MAY_IMPORT["cli"]
    mentioned = set(_PATH.findall("see `_ext/talkdeck/core/nowhere.py`"))
    assert [p for p in mentioned if not (REPO / p).is_file()] == ["_ext/talkdeck/core/nowhere.py"]


def test_the_limit_finds_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "long.py").write_text("x = 1\n" * 401, encoding="utf-8")
    (tmp_path / "core" / "short.py").write_text("x = 1\n" * 400, encoding="utf-8")
    assert over_limit(tmp_path) == {"core/long.py": 401}


def test_the_readme_field_table_names_every_key_of_the_schema() -> None:
    """README's "Fields" table and CONTRIBUTING name every key the schema has, and no other."""
    from talkdeck.core.jsonschema import rows
    from talkdeck.core.schema import KINDS, PAGE

    keys = {f"{kind}.{row.path}" for kind, record in KINDS.items() for row in rows(record)}
    keys |= {row.path for row in rows(PAGE)}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n### Fields\n")
    table = readme[start : readme.index("\n\n", readme.index("| key |", start))]
    lines = [line for line in table.splitlines() if line.startswith("| `")]
    listed = {key for line in lines for key in re.findall(r"`([\w.\[\]]+)`", line.split("|")[1])}
    assert listed == keys
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for key in ("schedule_url", "redirect_from", "part_of", "YYYY-MM-DD"):
        assert key in contributing, key
