"""The file side of `import`: what the tree already holds (pages an earlier import wrote, ids in
use, the event page), and writing the planned pages together: each to a temporary file beside
its page, then all renamed, with the ones already renamed put back should a later one fail."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.checks import first_by_id
from ..core.model import Event, Talk
from ..core.sources import load, walk
from .pages import read_talk
from .plan import ImportedPage, PagePlan, Plan, SiteView
from .records import Issue


class WriteError(Exception):
    """The pages could not all be written; none was (the message says which file and why)."""


@dataclass
class Tree:
    """The site as the import sees it, and what stops an import before the schedule is read."""

    view: SiteView
    problems: list[Issue] = field(default_factory=list)


def read_tree(srcdir: Path, has_conf: bool, root: Path, event_id: str, show: Callable[[Path], str] = str) -> Tree:
    """Every page the build reads, plus the event folder's; pages an import wrote, by guid."""
    site = load(srcdir, has_conf)
    folder = root / event_id
    if folder.is_dir():
        for path in walk(folder, srcdir, lambda _path: False):
            site.add(path)
    entries = site.entries()
    problems: list[Issue] = []
    imported: dict[str, ImportedPage] = {}
    for path, page in sorted(site.pages.items()):
        if page.text is None or "guid:" not in page.text:
            continue  # cheap: only pages that may hold an import record are read again
        entry = page.data.entry
        if page.data.yaml_broken or (entry is None and page.data.problems):
            problems.append(
                Issue(0, "", f"{show(path)} may hold an import record but cannot be read; run `check` on it")
            )
            continue
        if entry is None:
            continue
        values, span = read_talk(page.text)
        record = values.get("import") if values else None
        guid = record.get("guid") if isinstance(record, dict) else None
        if not isinstance(guid, str) or not guid or not isinstance(entry.item, Talk):
            continue
        if guid in imported:
            first = imported[guid].path
            problems.append(
                Issue(0, "", f"{show(path)} and {show(first)} both hold import guid {guid!r}; remove it from one")
            )
            continue
        imported[guid] = ImportedPage(path, page.docname, guid, entry.item.event, page.text, values, span)
    event_entry = first_by_id(entries, Event).get(event_id)
    event_path = next(
        (p for p, page in site.pages.items() if event_entry and page.docname == event_entry.docname), None
    )
    files = {p for p in folder.glob("*.md")} if folder.is_dir() else set()
    view = SiteView(
        srcdir=srcdir,
        folder=folder,
        entries=entries,
        imported=imported,
        files=files,
        event=event_entry.item if event_entry else None,  # type: ignore[arg-type]
        event_path=event_path,
        show=show,
    )
    return Tree(view, problems)


def _new_mode() -> int:
    """What a plainly created file gets: 0o666 less the umask (mkstemp would give 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write(plan: Plan) -> None:
    """Write every page the plan adds or updates, or none; raise WriteError saying why not."""
    pages = plan.writes
    staged: list[tuple[Path, PagePlan]] = []
    made: list[Path] = []
    try:
        for page in pages:
            current = _read(page.path)
            if current != page.old:
                raise WriteError(f"{page.path} changed while importing; run the import again")
            folder = page.path.parent
            for parent in reversed([folder, *folder.parents]):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            handle, temp = tempfile.mkstemp(prefix=f".{page.path.name}.", suffix=".tmp", dir=folder)
            staged.append((Path(temp), page))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(page.text)
            os.chmod(temp, page.path.stat().st_mode & 0o7777 if page.old is not None else _new_mode())
    except OSError as err:
        _discard(staged, made)
        raise WriteError(f"{err.filename or 'a page'}: {err.strerror or err}; nothing was written") from None
    except WriteError:
        _discard(staged, made)
        raise
    done: list[PagePlan] = []
    try:
        for temp, page in staged:
            os.replace(temp, page.path)
            done.append(page)
    except OSError as err:
        for page in done:  # put back what was there
            if page.old is None:
                page.path.unlink(missing_ok=True)
            else:
                page.path.write_text(page.old, encoding="utf-8", newline="")
        _discard(staged, made)
        raise WriteError(f"{err.filename or 'a page'}: {err.strerror or err}; nothing was written") from None


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        return None


def _discard(staged: list[tuple[Path, PagePlan]], made: list[Path]) -> None:
    for temp, _page in staged:
        temp.unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):  # not empty: something else was put there meanwhile
            folder.rmdir()
