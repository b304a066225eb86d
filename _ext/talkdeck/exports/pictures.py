"""The profile pictures the speaker pages show: each scaled down once (core/people.py decides
how), written to `_images/people/<id>-<digest>.jpg`; never fetched from anywhere."""

from __future__ import annotations

from pathlib import Path

from ..core.model import Person
from ..core.people import PICTURE_SIDE, optimised, picture_file
from ..sphinxext.domain import TalkDomain
from ..sphinxext.outputs import Output


def outputs(domain: TalkDomain, srcdir: Path) -> dict[str, Output]:
    """One output per profile with a picture whose speaker has a page; its digest is the
    picture's own, so it is scaled again only when the file changes."""
    found: dict[str, Output] = {}
    speakers = domain.entities("speaker")
    for person_id, entry in sorted(domain.people.items()):
        person: Person = entry.item  # type: ignore[assignment]
        if person.image is None or person_id not in speakers:
            continue
        path = picture_file(person)

        def make(path: str = path, person: Person = person) -> dict[str, bytes]:
            assert person.image is not None
            return {path: optimised((srcdir / person.image.path).read_bytes(), person.image)}

        found[path] = Output(f"{person.image.digest}:{PICTURE_SIDE}", make)
    return found
