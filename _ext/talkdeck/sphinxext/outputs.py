"""Everything talkdeck puts in an output folder, under one manifest and one skip rule.

An output is one or more files made together (a generated page, talks.json, the schedules, one
calendar, the feed, a schema file), named by a key and described by the digest of everything
they show. The rule, the same for every output: it is made again unless the manifest of the
previous build holds the same digest for its key and all its files are still there. Making a
thousand calendars costs seconds; comparing their digests costs nothing.

After a build the manifest lists every output with its files, and each file the previous
manifest listed that no output has now is deleted: the generated page of a speaker who is gone,
the calendar of a talk that lost its start, and the page and source copy Sphinx wrote for a
document that was removed or renamed (Sphinx never deletes those, so a stale page would stay
reachable). The manifest holds no path outside the folder and nothing from the machine, so two
checkouts building the same sources write the same one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: The manifest, in the output folder.
MANIFEST = ".talkdeck-outputs.json"
#: Part of the manifest: a manifest of another format is ignored (every output is remade).
FORMAT = 1
#: Manifests of earlier talkdeck versions (one per kind of output), deleted when found.
LEGACY = (".talkdeck-pages.json", ".talkdeck-exports.json", ".talkdeck-calendars.json")


class OutputFailed(Exception):
    """An output could not be made (a tool it runs failed); the message says why and what to do.
    The build goes on without it, and the next build tries again."""


@dataclass(frozen=True)
class Output:
    """Files made together: the digest of what they show, and how to make their bytes (path in
    the output folder -> bytes). Without `make` Sphinx writes them (generated pages, documents)
    and `files` names them."""

    digest: str
    make: Callable[[], dict[str, bytes]] | None = None
    files: tuple[str, ...] = field(default=())
    #: Made in this process after the others, never in a forked one: an output that runs a
    #: tool with threads of its own over the pages (the search index).
    alone: bool = False


@dataclass(frozen=True)
class Manifest:
    """What a build left in an output folder: key -> (digest, files)."""

    outdir: Path
    outputs: Mapping[str, tuple[str, tuple[str, ...]]]

    @classmethod
    def read(cls, outdir: Path) -> Manifest:
        """The previous build's manifest; empty when there is none or it cannot be read, which
        makes this build remake everything."""
        try:
            found = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = None
        outputs: dict[str, tuple[str, tuple[str, ...]]] = {}
        if isinstance(found, dict) and found.get("format") == FORMAT and isinstance(found.get("outputs"), dict):
            for key, value in found["outputs"].items():
                if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
                    files = value[1] if isinstance(value[1], list) else []
                    outputs[key] = (value[0], tuple(f for f in files if _inside(f)))
        return cls(outdir, outputs)

    def fresh(self, key: str, digest: str) -> bool:
        """The skip rule: the same digest as when last made, and every file still there."""
        found = self.outputs.get(key)
        if found is None or found[0] != digest:
            return False
        # as text, not pathlib: a no-op at 10,000 talks asks this of 40,000 files
        root = os.fspath(self.outdir)
        return all(os.path.isfile(os.path.join(root, *f.split("/"))) for f in found[1])

    def files(self, key: str) -> tuple[str, ...]:
        return self.outputs.get(key, ("", ()))[1]

    def all_files(self) -> set[str]:
        return {path for _, files in self.outputs.values() for path in files}

    def text(self) -> str:
        body = {key: [digest, list(files)] for key, (digest, files) in self.outputs.items()}
        return json.dumps({"format": FORMAT, "outputs": body}, indent=0, sort_keys=True) + "\n"


#: What making an output gives: its files' bytes by path, or why it could not be made.
Made = dict[str, bytes] | OutputFailed
#: Makes the bytes of several outputs and hands each result, by its index, to `done`: one after
#: the other (`make_serially`), or spread over forked processes (the exports' writer under -j).
#: Either way the same bytes; only the order in which `done` sees them may differ.
Maker = Callable[[Sequence[Callable[[], dict[str, bytes]]], Callable[[int, Made], None]], None]


def attempt(make: Callable[[], dict[str, bytes]]) -> Made:
    """One output's bytes, or the OutputFailed that says why there are none."""
    try:
        return make()
    except OutputFailed as err:
        return err


def make_serially(makers: Sequence[Callable[[], dict[str, bytes]]], done: Callable[[int, Made], None]) -> None:
    for index, make in enumerate(makers):
        done(index, attempt(make))


#: An output made ahead of the writer (`make_ahead`): the digest it was made for, and the files
#: written, or why it could not be made.
MadeAhead = tuple[str, tuple[str, ...] | str]
#: Those outputs, by key.
Ahead = Mapping[str, MadeAhead]


def stale(previous: Manifest, planned: Mapping[str, Output]) -> list[str]:
    """The keys of the outputs to make after the build that left `previous`: the skip rule."""
    return [
        key
        for key, output in sorted(planned.items())
        if output.make is not None and not previous.fresh(key, output.digest)
    ]


def make_ahead(outdir: Path, planned: Mapping[str, Output], keys: Sequence[str]) -> dict[str, MadeAhead]:
    """Make and write these outputs before the writer runs (in a forked process while Sphinx
    writes the documents); `write` takes each as made if its digest is still the same."""
    done: dict[str, MadeAhead] = {}
    for key in keys:
        made = attempt(planned[key].make)  # type: ignore[arg-type]
        done[key] = (planned[key].digest, str(made) if isinstance(made, OutputFailed) else _write_made(outdir, made))
    return done


def write(
    outdir: Path,
    planned: Mapping[str, Output],
    failed: Callable[[str], None] | None = None,
    make_all: Maker = make_serially,
    ahead: Ahead | None = None,
    previous: Manifest | None = None,
) -> Manifest:
    """The one writer: make the outputs that are not fresh and write the files whose bytes
    changed (unchanged files keep their time stamps), delete what the previous build wrote and
    this one did not, and keep the manifest. An output that fails is told to `failed` and left
    out of the manifest, so the next build makes it again. Those `ahead` made for the same
    digest are taken as they are; `make_all` makes the other stale outputs (each written as soon
    as it is made); those marked `alone` are made afterwards, here. `previous` is the folder's
    manifest when the caller has read it already."""
    previous = Manifest.read(outdir) if previous is None else previous
    to_make = stale(previous, planned)
    making = set(to_make)
    now: dict[str, tuple[str, tuple[str, ...]]] = {}
    for key, output in sorted(planned.items()):
        if output.make is None:
            now[key] = (output.digest, tuple(sorted(output.files)))
        elif key not in making:
            now[key] = (output.digest, previous.files(key))
    problems: dict[str, str] = {}
    ahead = ahead or {}
    remaining: list[str] = []
    for key in to_make:
        digest, result = ahead.get(key) or (None, None)
        if digest != planned[key].digest:
            remaining.append(key)
        elif isinstance(result, str):
            problems[key] = result
        else:
            now[key] = (digest, result)  # type: ignore[assignment]

    def keep(key: str, made: Made) -> None:
        if isinstance(made, OutputFailed):
            problems[key] = str(made)
        else:
            now[key] = (planned[key].digest, _write_made(outdir, made))

    shared = [key for key in remaining if not planned[key].alone]
    if shared:
        make_all([planned[key].make for key in shared], lambda index, made: keep(shared[index], made))  # type: ignore[misc]
    for key in remaining:
        if planned[key].alone:
            keep(key, attempt(planned[key].make))  # type: ignore[arg-type]
    for _, problem in sorted(problems.items()):
        if failed is None:
            raise OutputFailed(problem)
        failed(problem)
    manifest = Manifest(outdir, now)
    delete(outdir, sorted(previous.all_files() - manifest.all_files()))
    delete(outdir, [name for name in LEGACY if (outdir / name).is_file()])
    write_if_changed(outdir / MANIFEST, manifest.text().encode())
    return manifest


def _write_made(outdir: Path, made: dict[str, bytes]) -> tuple[str, ...]:
    """Write one output's files; their paths, sorted."""
    for path, data in sorted(made.items()):
        write_if_changed(_path(outdir, path), data)
    return tuple(sorted(made))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds it."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def delete(outdir: Path, paths: Iterable[str]) -> None:
    """Delete files of the output folder, and the folders they leave empty."""
    for relative in paths:
        path = _path(outdir, relative)
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _inside(relative: object) -> bool:
    """A relative path that stays inside the output folder (a manifest is read from disk)."""
    if not isinstance(relative, str) or "\\" in relative or "\x00" in relative:
        return False
    # no empty, "." or ".." part, tested on the whole text (a manifest lists 40,000 files)
    bounded = f"/{relative}/"
    return not ("//" in bounded or "/./" in bounded or "/../" in bounded)


def _path(outdir: Path, relative: str) -> Path:
    return outdir.joinpath(*relative.split("/"))
