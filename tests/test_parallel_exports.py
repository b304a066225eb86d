"""Under `-j`, the outputs the writer makes (calendars, preview cards, feeds, ...) are made in a
forked process while Sphinx writes the documents (or, when that could not start them, in forked
processes at the end, a chunk each), and the output folder is byte-identical to a serial build's;
the search index, which runs Pagefind over the pages, is made afterwards in the main process; an
output that fails in a forked process is reported like one that fails in the main process."""

from __future__ import annotations

import os

import pytest
from sphinx.environment import BuildEnvironment
from test_nav import generator
from test_parallel import all_files

from conftest import Build, build
from talkdeck.exports import writer
from talkdeck.sphinxext import compat, forked, outputs
from talkdeck.sphinxext.outputs import Made, Output, OutputFailed

TALKS = 72  # 72 timed talks, 160 entity pages and 450 outputs: more than forked.LEAST of each
SPREAD: list[tuple[str, int]] = []
#: What the forked process started at write-started made, as the writer was given it.
AHEAD: list[outputs.Ahead] = []
#: What each forked reader sent back under -j 2: (the documents it read, the documents the Domain's
#: entries and Sphinx's titles and tocs it sent hold).
MERGED: list[tuple[set[str], set[str], set[str]]] = []


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build, list[int], list[str]]:
    """A -j 1 and a -j 2 build of the same site; the number of chunks of each forked run (as
    `compat.run_in_processes` saw it), the files made in the main process by the writer, and
    what `forked.each` was given (its function's name, how many items) under -j 2 (in SPREAD)."""
    tmp = tmp_path_factory.mktemp("parallel-exports")
    src = tmp / "src"
    src.mkdir()
    generator().generate(src, TALKS)
    chunks: list[int] = []
    alone: list[str] = []
    real_run, real_attempt = compat.run_in_processes, outputs.attempt

    real_each = forked.each
    real_write = writer.write

    def write(*args, **kwargs):  # type: ignore[no-untyped-def]
        AHEAD.append(args[4] or {})
        return real_write(*args, **kwargs)

    real_merge = BuildEnvironment.merge_info_from

    def merge(self, docnames, other, app):  # type: ignore[no-untyped-def]
        sent = set(other.domaindata["talks"]["entries"])
        MERGED.append((set(docnames), sent, set(other.titles) | set(other.tocs)))
        real_merge(self, docnames, other, app)

    def each(nproc, func, items, done):  # type: ignore[no-untyped-def]
        SPREAD.append((func.__name__, len(items)))
        real_each(nproc, func, items, done)

    def counted(nproc, func, args, result):  # type: ignore[no-untyped-def]
        args = list(args)
        chunks.append(len(args))
        real_run(nproc, func, args, result)

    def attempted(make):  # type: ignore[no-untyped-def]
        made = real_attempt(make)
        if isinstance(made, dict):  # in the main process: the outputs made here, after the forked ones
            alone.extend(sorted(made))
        return made

    serial = build(src, tmp / "serial", parallel=1, freshenv=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compat, "run_in_processes", counted)
        patch.setattr(outputs, "attempt", attempted)
        patch.setattr(forked, "each", each)
        patch.setattr(BuildEnvironment, "merge_info_from", merge)
        patch.setattr(writer, "write", write)
        parallel = build(src, tmp / "parallel", parallel=2, freshenv=True)
    return serial, parallel, chunks, alone


def test_the_exports_were_made_in_forked_processes(builds: tuple[Build, Build, list[int], list[str]]) -> None:
    serial, parallel, chunks, alone = builds
    assert serial.warnings == parallel.warnings == ""
    # the talks' VEVENTs (calendars.keep_parts), then the entity pages (rendered by
    # pages.page_context), each spread over forked processes in chunks
    assert [name for name, _ in SPREAD] == ["serialise", "render"], SPREAD
    assert all(count >= forked.LEAST for _, count in SPREAD), SPREAD
    assert len(chunks) == 2 and min(chunks) >= 2, chunks  # two runs, each in chunks
    # the exports were made by the process started at write-started: every stale one, as files
    assert len(AHEAD) == 1 and len(AHEAD[0]) >= forked.LEAST, AHEAD
    made_ahead = {path for _, paths in AHEAD[0].values() for path in paths}
    assert all(isinstance(paths, tuple) for _, paths in AHEAD[0].values())  # none failed
    assert {path.split("/")[0] for path in made_ahead} >= {"calendar", "previews", "feeds"}, sorted(made_ahead)[:9]
    assert outputs.Manifest.read(parallel.html).all_files() >= made_ahead  # and the writer kept them
    # only the search index was made in the main process (the forked ones patch nothing back)
    assert alone and all(path.startswith("pagefind/") for path in alone), alone[:5]


def test_a_forked_reader_sends_back_only_what_it_read(builds: tuple[Build, Build, list[int], list[str]]) -> None:
    """Sphinx sends a forked reader's whole environment back and merges the documents it read; one
    forked after others were merged would send those again (TalkDomain.forget_merged_pages,
    compat.forget_merged_documents)."""
    assert len(MERGED) > 2, MERGED  # more chunks than processes: some forked after a merge
    read = [docs for docs, _, _ in MERGED]
    assert sum(map(len, read)) == len(set().union(*read)) > TALKS
    for docs, entries, sphinx_data in MERGED:
        assert entries and entries <= docs, sorted(entries - docs)[:5]
        assert sphinx_data == docs, sorted(sphinx_data ^ docs)[:5]


def test_the_output_folders_are_byte_identical(builds: tuple[Build, Build, list[int], list[str]]) -> None:
    serial, parallel, _, _ = builds
    mine, theirs = all_files(parallel.html), all_files(serial.html)
    assert sorted(mine) == sorted(theirs)
    assert len([name for name in mine if name.startswith(("calendar/", "previews/"))]) > forked.LEAST
    assert any(name.startswith("pagefind/") for name in mine)
    assert [name for name in theirs if mine[name] != theirs[name]] == []


def test_a_folder_path_is_never_in_an_output_file(builds: tuple[Build, Build, list[int], list[str]]) -> None:
    _, parallel, _, _ = builds
    root = str(parallel.srcdir.parent).encode()
    assert [name for name, data in all_files(parallel.html).items() if root in data] == []


def made(index: int) -> dict[str, bytes]:
    return {f"file-{index}": f"{index} {os.getpid()}".encode()}


def make(index: int) -> dict[str, bytes]:
    if index % 7 == 3:
        raise OutputFailed(f"output {index} failed")
    return made(index)


@pytest.mark.parametrize("count", [0, 1, forked.LEAST - 1, forked.LEAST, 3 * forked.CHUNK + 7])
def test_every_result_comes_back_in_its_place(count: int) -> None:
    found: dict[int, Made] = {}
    writer.make_in_parallel(2, [lambda index=index: make(index) for index in range(count)], found.__setitem__)
    assert sorted(found) == list(range(count))
    for index, result in found.items():
        if index % 7 == 3:
            assert isinstance(result, OutputFailed) and str(result) == f"output {index} failed"
        else:
            assert isinstance(result, dict) and list(result) == [f"file-{index}"]
            assert result[f"file-{index}"].split()[0] == str(index).encode()
    pids = {result[f"file-{i}"].split()[1] for i, result in found.items() if isinstance(result, dict)}
    spread = count >= forked.LEAST
    assert (str(os.getpid()).encode() in pids) is (not spread and bool(pids)), pids
    if count > 2 * forked.CHUNK:  # chunks of at most CHUNK, each its own process
        assert len(pids) >= count // forked.CHUNK


def test_the_writer_reports_a_forked_failure_and_writes_the_rest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    planned = {f"out-{i:03d}": Output(str(i), lambda i=i: make(i)) for i in range(forked.LEAST + 6)}
    told: list[str] = []
    manifest = outputs.write(
        tmp_path, planned, told.append, lambda makers, done: writer.make_in_parallel(2, makers, done)
    )
    failing = [i for i in range(len(planned)) if i % 7 == 3]
    assert told == [f"output {i} failed" for i in failing]
    assert sorted(manifest.outputs) == [f"out-{i:03d}" for i in range(len(planned)) if i not in failing]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("file-")) == sorted(
        f"file-{i}" for i in range(len(planned)) if i not in failing
    )
    # the next build makes again only what failed
    again: list[int] = []
    planned = {key: Output(o.digest, lambda i=int(key[4:]): again.append(i) or made(i)) for key, o in planned.items()}
    outputs.write(tmp_path, planned, told.append)
    assert again == failing


def test_work_started_ahead_runs_at_the_lowest_priority() -> None:
    """The exports made while Sphinx writes the documents take only a core its processes leave idle."""
    mine = os.nice(0)
    pid, niceness = forked.started(lambda: (os.getpid(), os.nice(0)))()
    assert pid != os.getpid()
    assert niceness == 19 > mine == os.nice(0)  # the forked process alone
