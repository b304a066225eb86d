"""The captions files of talks' recordings, copied from the source folder to the same place in
the output folder (next to the talk's page), each as one output whose digest is the file's: a
build remakes only the copies whose file changed, and deletes those no talk names any more."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..sphinxext.outputs import Output

if TYPE_CHECKING:
    from ..sphinxext.domain import TalkDomain

#: Output keys: this prefix and the file's path.
KEY = "captions:"


def outputs(domain: TalkDomain, srcdir: Path) -> dict[str, Output]:
    """One output per captions file any talk names (two talks may name the same file)."""
    found: dict[str, Output] = {}
    for _docname, tracks in sorted(domain.all_tracks().items()):
        for track in tracks:
            path = track.path

            def make(path: str = path) -> dict[str, bytes]:
                return {path: srcdir.joinpath(*path.split("/")).read_bytes()}

            found[KEY + path] = Output(track.digest, make)
    return found
