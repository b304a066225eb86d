"""Reproducible output: a parallel build (-j 2) writes the same pages as a serial one, and two clean
builds of the same sources are byte-identical.

test-basic has 15 documents; Sphinx only reads in parallel from 6 documents on, so the -j 2 build
really does read and write in worker processes: its status output reports chunks of documents
("reading sources... [ 33%] index .. kcna/index") instead of one document at a time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Build, build_root, normalise

_CHUNK = re.compile(r"^(reading sources|writing output)\.\.\. \[\s*\d+%\] \S+ \.\. \S+$", re.MULTILINE)


def ran_in_workers(result: Build) -> bool:
    found = {match[1] for match in _CHUNK.finditer(result.status)}
    return found == {"reading sources", "writing output"}


def all_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("serial"), parallel=1)


@pytest.fixture(scope="module")
def parallel(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("parallel"), parallel=2)


def test_root_is_big_enough_to_read_in_parallel(serial: Build, parallel: Build) -> None:
    assert len(list(serial.srcdir.rglob("*.md"))) >= 8
    assert ran_in_workers(parallel)
    assert not _CHUNK.search(serial.status)


def test_parallel_build_writes_the_same_pages(serial: Build, parallel: Build) -> None:
    assert parallel.warnings == serial.warnings == ""
    mine, theirs = parallel.pages(), serial.pages()
    assert sorted(mine) == sorted(theirs)
    assert len(mine) > 30  # documents plus the generated speaker, topic, project and organisation pages
    differing = [page for page in sorted(theirs) if normalise(mine[page]) != normalise(theirs[page])]
    assert differing == []


def test_parallel_build_writes_the_same_files(serial: Build, parallel: Build) -> None:
    """Every file, not only pages: search index, inventory, sources, the generated-pages manifest."""
    mine, theirs = all_files(parallel.html), all_files(serial.html)
    assert sorted(mine) == sorted(theirs)
    assert [name for name in theirs if mine[name] != theirs[name]] == []


def test_parallel_build_keeps_every_card(parallel: Build) -> None:
    index = parallel.page("index")
    assert len(index.select(".tdk-grid .tdk-card")) == 9
    assert len(parallel.page("kcna/mesh-intro").select(".tdk-card-page")) == 1


def test_two_clean_builds_are_byte_identical(serial: Build, tmp_path: Path) -> None:
    again = build_root("basic", tmp_path, parallel=1)
    first, second = all_files(serial.html), all_files(again.html)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_parallel_build_reports_the_same_warnings(tmp_path: Path) -> None:
    """Warnings raised while reading in worker processes are not lost or changed."""
    one = build_root("broken", tmp_path / "one", parallel=1)
    two = build_root("broken", tmp_path / "two", parallel=2)
    assert ran_in_workers(two)
    found_one = sorted((w.file, w.line, w.message, w.type) for w in one.records())
    found_two = sorted((w.file, w.line, w.message, w.type) for w in two.records())
    assert len(found_one) > 30
    assert found_two == found_one
