"""`import SCHEDULE|PYVIDEO-FOLDER --event ID [--dry-run]`: read, check, plan, then write all pages or none,
and say what happened: one line per page written or missing on stdout; problems as
`file:line: place: message`, notes and the summary on stderr."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from ..core.model import slugify
from ..importing.plan import Plan, plan
from ..importing.pyvideo import is_pyvideo_folder, read_folder
from ..importing.records import Issue, Schedule
from ..importing.schedule import read_schedule, read_source
from ..importing.source import ReadError
from ..importing.tree import Tree, WriteError, read_tree, write
from .check import show

USAGE_ERROR = 2


def _located(issue: Issue, schedule: str) -> str:
    """`schedule.json:41: schedule.conference...: message`; site problems have no line."""
    if issue.file:
        return f"{issue.file}:{issue.line}: {issue.text()}"
    return f"{schedule}:{issue.line}: {issue.text()}" if issue.line else issue.text()


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if value is not None else "(none)"
    return text if len(text) <= 100 else text[:99] + "…"


def run(schedule_arg: str, event_id: str, root_arg: str, dry_run: bool, srcdir: Path, has_conf: bool, cwd: Path) -> int:
    """The whole command; returns the exit code."""
    if slugify(event_id) != event_id:
        print(f"error: --event {event_id!r} is not an id; use e.g. {slugify(event_id)!r}", file=sys.stderr)
        return USAGE_ERROR
    root = Path(os.path.abspath(cwd / root_arg))
    if not root.is_dir():
        print(f"error: no folder {root_arg!r} here; run from the site's root or pass --root", file=sys.stderr)
        return USAGE_ERROR
    path = Path(os.path.abspath(cwd / schedule_arg))
    shown = show(path, cwd)
    if path.is_dir():
        if not is_pyvideo_folder(path):
            print(
                f"error: {schedule_arg}: a folder, but not a pyvideo event (no category.json); "
                "give a schedule file or a pyvideo event folder",
                file=sys.stderr,
            )
            return USAGE_ERROR
        began = time.perf_counter()
        tree = read_tree(srcdir, has_conf, root, event_id, lambda p: show(p, cwd))
        schedule = read_folder(path, tree.view.event, lambda p: show(p, cwd))
        return _finish(schedule, event_id, tree, shown, dry_run, cwd, began)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        print(f"error: {schedule_arg}: no such file", file=sys.stderr)
        return USAGE_ERROR
    except OSError as err:
        print(f"error: {schedule_arg}: {err.strerror or err}", file=sys.stderr)
        return USAGE_ERROR
    began = time.perf_counter()
    try:
        source = read_source(raw)
    except ReadError as err:
        print(f"{shown}:{err.line}: {err.message}")
        print("nothing written: the schedule could not be read", file=sys.stderr)
        return 1
    tree = read_tree(srcdir, has_conf, root, event_id, lambda p: show(p, cwd))
    event = tree.view.event
    schedule = read_schedule(source, event.timezone if event else "")
    return _finish(schedule, event_id, tree, shown, dry_run, cwd, began)


def _finish(schedule: Schedule, event_id: str, tree: Tree, shown: str, dry_run: bool, cwd: Path, began: float) -> int:
    """Plan, report, and write all pages or none: the same for a schedule and a pyvideo folder."""
    result = plan(schedule, event_id, tree.view)
    result.problems[:0] = tree.problems
    if result.problems:
        for issue in result.problems:
            print(_located(issue, shown))
        count = len(result.problems)
        print(f"nothing written: {count} problem{'s' * (count != 1)} to fix first", file=sys.stderr)
        return 1
    _report(result, shown, cwd)
    if not dry_run:
        try:
            write(result)
        except WriteError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    print(_summary(result, dry_run, time.perf_counter() - began), file=sys.stderr)
    return 0


def _report(result: Plan, shown: str, cwd: Path) -> None:
    for note in result.notes:
        print(f"note: {_located(note, shown)}", file=sys.stderr)
    for skipped in result.skipped:
        print(f"skipped: {_located(skipped, shown)}", file=sys.stderr)
    for difference in result.event_differences:
        print(
            f"note: {show(result.event_path, cwd) if result.event_path else 'the event page'}: {difference}",
            file=sys.stderr,
        )
    if result.event_page is not None:
        print(f"add       {show(result.event_page.path, cwd)}  (the event page)")
    for page in result.pages:
        if page.action == "unchanged":
            continue
        print(f"{page.action:<9} {show(page.path, cwd)}")
        for name, before, after in page.changes:
            print(f"            {name}: {_value(before)} -> {_value(after)}")
    for page in result.profiles:
        print(f"add       {show(page.path, cwd)}  (a speaker profile)")
    for page in result.pages:
        if page.description_changed:
            print(
                f"changed   {show(page.path, cwd)}: the schedule's abstract or description changed; "
                "the page's text is yours and was left as it is"
            )
    for gone in result.missing:
        print(f"missing   {show(gone.path, cwd)}: guid {gone.guid} is no longer in the schedule; not deleted")


def _summary(result: Plan, dry_run: bool, seconds: float) -> str:
    counts = (
        f"{result.count('add')} added, {result.count('update')} updated, {result.count('unchanged')} unchanged, "
        f"{len(result.missing)} missing, {len(result.skipped)} skipped"
    )
    event = "; event page created" if result.event_page else ""
    if result.profiles:
        event += f"; {len(result.profiles)} speaker profile{'s' * (len(result.profiles) != 1)} created"
    if dry_run:
        return f"dry run, nothing written: {counts}{event.replace('created', 'would be created')}"
    return f"{result.event_id}: {counts}{event} ({seconds:.2f} s)"
