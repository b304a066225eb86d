"""The search index: Pagefind's bundle in pagefind/, made by the pinned Pagefind binary
(`pagefind[bin]` in requirements.txt) from the pages this build wrote, as one output of the one
writer.

Pagefind is given exactly the pages of this build (hard links to them in a temporary folder
inside the output folder), so a page the writer is about to delete is never indexed. It writes
its bundle in memory where the machine has a folder there (`scratch`), as the writer copies to
the output folder only the files whose bytes changed. The same
pages give the same bytes (exports/stable.py puts in order the one part Pagefind leaves in a
random order), so -j 2 and incremental builds write the index a clean build writes.

Pagefind reads only the element marked `data-pagefind-body` (`--root-selector`), and an output's
digest is that of what the index takes from each page of its shard (exports/indexed.py: the
element, less the text of the listings it leaves out), with Pagefind's version and options. A
build that changed no page (a no-op rebuild), or changed pages only in what the index leaves out
(the cards that name an edited talk on a speaker's or topic's page), does not run Pagefind. Each
page's digest is kept by the digest of its bytes in the doctree folder, so a page is looked
through once, when it changes, and read only when its size or time stamp moved.

Of the bundle, the files the results page loads are kept: pagefind.js and its worker, the
WebAssembly, the entry and meta files, and the index, filter and fragment chunks, which a query
fetches as it needs them. Pagefind's ready-made interfaces (pagefind-ui.js and the others) are
not: the results page is talkdeck's own (sphinxext/search.py, talkdeck-search.js).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..sphinxext import pages
from ..sphinxext.outputs import Output, OutputFailed
from ..sphinxext.report import WARNING_TYPE, Subtype, logger
from ..sphinxext.search import NOT_INDEXED, shard_folder, uses_pagefind
from . import indexed
from .stable import UnknownFormat, stable

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The manifest's key of the index (of its first shard; the others' add their number).
KEY = "search index"
#: The files of Pagefind's bundle that the results page loads, relative to the bundle.
RUNTIME = re.compile(
    r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta|wasm\.[\w-]+\.pagefind"
    r"|(index|filter|fragment)/[\w-]+\.pf_(index|filter|fragment)"
)
#: Part of the digest: change it when the way the index is made changes in a way the options
#: and Pagefind's version would not show.
FORMAT = 2
#: What Pagefind reads of a page (search.indexed marks it).
ROOT = "[data-pagefind-body]"
#: Folders in memory, where a machine has them (Linux's shared memory), for Pagefind's bundle.
MEMORY = (Path("/dev/shm"),)
#: Each page's digest by the digest of its bytes, in the doctree folder (one per builder).
KNOWN = "talkdeck-search-{builder}.json"
#: The classes of the listings the index leaves out (their text is not in a page's digest).
LEFT_OUT = indexed.classes(NOT_INDEXED)


@dataclass(frozen=True)
class Options:
    """How Pagefind is run: everything besides the pages that decides the index's bytes."""

    #: ISO 639-1: the whole site is one index in one language (conf.py's `language`).
    language: str
    #: Keep `index.html` at the end of result URLs: the html builder links `x/index.html`,
    #: dirhtml links `x/`.
    keep_index_url: bool
    exclude: tuple[str, ...] = NOT_INDEXED

    def arguments(self) -> list[str]:
        found = [
            "--force-language",
            self.language,
            "--root-selector",
            ROOT,
            "--exclude-selectors",
            ", ".join(self.exclude),
        ]
        return [*found, "--keep-index-url"] if self.keep_index_url else found


def executable() -> Path | None:
    """The Pagefind binary: PAGEFIND_BINARY_PATH, else the one `pagefind[bin]` installs."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return found if found is not None and found.is_file() else None


def outputs(app: Sphinx) -> dict[str, Output]:
    """The index as one output per shard (search.shards), when this build publishes one
    (search.uses_pagefind): a build that changed the pages of one shard runs Pagefind once."""
    builder = app.builder
    if not uses_pagefind(builder):
        return {}
    binary = executable()
    if binary is None:
        logger.warning(
            "no search index: the Pagefind binary is missing; install the pinned requirements "
            "(pip install -r requirements.txt, which has pagefind[bin]), or set talkdeck_search = 'sphinx' in conf.py",
            type=WARNING_TYPE,
            subtype=Subtype.search.value,
        )
        return {}
    language = (app.config.language or "en").replace("_", "-").split("-")[0].lower()
    options = Options(language, builder.name != "dirhtml")
    outdir = Path(builder.outdir)
    made_by = repr((FORMAT, version(binary), options))
    every = pages.page_files(app)
    digests = page_digests(outdir, every, Path(app.doctreedir, KNOWN.format(builder=builder.name)))
    found = {}
    for number, files in enumerate(pages.index_shards(app)):
        digest = hashlib.sha256(f"{made_by} {number}".encode())
        for relative in files:
            digest.update(f"{relative}\0{digests[relative]}\0".encode())

        def make(files: list[str] = files, folder: str = shard_folder(number)) -> dict[str, bytes]:
            return index(binary, outdir, files, options, folder)

        found[f"{KEY} {number}" if number else KEY] = Output(digest.hexdigest(), make, alone=True)
    return found


def page_digests(outdir: Path, files: list[str], known_at: Path) -> dict[str, str]:
    """Each page's digest as its shard's digest takes it: of what the index reads in the page
    (indexed.find), else of the whole page. A page is looked through only when its bytes changed
    since the last build (`known_at` keeps the digests by the page's own: it is a cache, never
    trusted beyond the bytes it was made from). A page whose size and modification time are
    those kept is not even read, unless it was modified no earlier than the cache was written
    (the time stamps of a file system can be coarse: git's rule for a "racily clean" file)."""
    try:
        written = known_at.stat().st_mtime_ns
        known = json.loads(known_at.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written, known = 0, {}
    if not isinstance(known, dict):
        known = {}
    found: dict[str, str] = {}
    kept: dict[str, list[str | int]] = {}
    for relative in files:
        path = outdir / relative
        before = known.get(relative)
        if not (isinstance(before, list) and len(before) == 4 and all(isinstance(v, str) for v in before[:2])):
            before = None
        stat = path.stat()
        if before is not None and before[2:] == [stat.st_size, stat.st_mtime_ns] and stat.st_mtime_ns < written:
            found[relative], kept[relative] = before[1], before
            continue
        data = path.read_bytes()
        whole = hashlib.sha256(data).hexdigest()
        if before is not None and before[0] == whole:
            digest = before[1]
        else:
            part = indexed.find(data, LEFT_OUT)
            digest = f"part {part.digest}" if part is not None else f"page {whole}"
        found[relative] = digest
        kept[relative] = [whole, digest, stat.st_size, stat.st_mtime_ns]
    if kept != known:
        with contextlib.suppress(OSError):  # a cache: one cut short reads as no JSON, and the next
            known_at.write_text(json.dumps(kept, indent=0, sort_keys=True), encoding="utf-8")  # build looks again
    return found


def version(binary: Path) -> str:
    """`pagefind --version`: part of the digest, as another Pagefind writes other bytes."""
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False, env=_environment())
    return done.stdout.strip() or f"unknown ({done.returncode})"


def index(binary: Path, outdir: Path, files: list[str], options: Options, folder: str) -> dict[str, bytes]:
    """Run Pagefind over `files` (relative to `outdir`); the bundle's runtime files by path, in
    `folder` (a shard after the first keeps its index alone: the first's pagefind.js merges it
    and its WebAssembly runs every shard). The bundle is written in memory where the machine
    has a folder there (`scratch`), else next to the pages; Pagefind failing in memory (a full
    one) is tried once more on disk."""
    with tempfile.TemporaryDirectory(prefix=".talkdeck-search-", dir=outdir) as tmp:
        site = Path(tmp, "site")
        for relative in files:
            _link(outdir / relative, site / relative)
        for place in (*scratch(), Path(tmp)):
            found = _bundle(binary, site, place, options, folder)
            if isinstance(found, dict):
                made = found
                break
        else:
            raise OutputFailed(f"no search index: {found}")
    try:
        made = stable(made)
    except UnknownFormat as err:
        raise OutputFailed(
            f"no search index: Pagefind wrote files talkdeck cannot read ({err}); use the pinned Pagefind"
        ) from None
    return {f"{folder}/{relative}": data for relative, data in sorted(made.items())}


def scratch() -> tuple[Path, ...]:
    """The folders in memory Pagefind's bundle may be written to first (MEMORY, where it is a
    folder this process can write in). Pagefind creates a file for every page it indexes, of
    which the writer copies to the output folder only those whose bytes changed: on this
    project's 2-core machine, creating them on disk cost Pagefind more than indexing did (6.4 s
    against 2.8 s CPU for a shard of 1,899 pages)."""
    return tuple(place for place in MEMORY if place.is_dir() and os.access(place, os.W_OK | os.X_OK))


def _bundle(binary: Path, site: Path, place: Path, options: Options, folder: str) -> dict[str, bytes] | str:
    """Pagefind's bundle written in a temporary folder in `place`: the files the results page
    loads, by path in it; or why there is none."""
    try:
        with tempfile.TemporaryDirectory(prefix=".talkdeck-bundle-", dir=place) as written:
            bundle = Path(written, "bundle")
            command = [binary, "--site", site, "--output-path", bundle, "--quiet", *options.arguments()]
            done = subprocess.run(
                command, cwd=site.parent, capture_output=True, text=True, check=False, env=_environment()
            )
            if done.returncode != 0:
                said = (done.stderr.strip() or done.stdout.strip()).splitlines()[-5:]
                return f"Pagefind stopped ({done.returncode}): {' / '.join(said)}"
            made = {}
            for path in sorted(bundle.rglob("*")):
                relative = path.relative_to(bundle).as_posix()
                if (
                    path.is_file()
                    and RUNTIME.fullmatch(relative)
                    and (folder == shard_folder(0) or not relative.endswith((".js", ".pagefind")))
                ):
                    made[relative] = path.read_bytes()
            return made
    except OSError as err:  # a folder full or gone
        return f"Pagefind's bundle could not be written ({err.strerror or err})"


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)


def _environment() -> dict[str, str]:
    """The build's environment without PAGEFIND_* settings, which would change the index."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
