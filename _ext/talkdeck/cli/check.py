"""`check`: the build's front-matter problems without the build. Per-page problems come from
read_page and cross-page ones from check_collection, the same calls the build makes, so the
words, lines and subtypes cannot drift apart."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.reach import NOT_INCLUDED, NOT_INCLUDED_TYPE
from ..core.sources import Finding, Site, load, walk


@dataclass
class Selection:
    """The pages to report on, and what the command line named that is not a page."""

    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def select(site: Site, args: Iterable[str], cwd: Path) -> Selection:
    """The pages named on the command line (files, or folders of .md files); every page the
    build reads when nothing is named (every page under talks/ without a conf.py). A folder means
    the pages the build reads in it; a page or folder the build does not read is still checked,
    as if it were added to the site."""
    chosen = Selection()
    for arg in list(args) or [str(site.srcdir if site.root is not None else site.srcdir / "talks")]:
        path = Path(os.path.abspath(cwd / arg))
        if path.is_dir():
            inside = [p for p in site.pages if p.is_relative_to(path)]
            if not inside:
                inside = list(walk(path, site.srcdir, lambda _path: False))
                if inside:
                    chosen.notes.append(f"{show(path, cwd)}: the build does not read these pages; checked as if it did")
            chosen.paths.extend(inside)
        elif path.is_file() or path.is_symlink():
            if path.suffix != ".md":
                chosen.notes.append(f"{show(path, cwd)}: skipped, not a .md page")
                continue
            if path not in site.pages:
                chosen.notes.append(f"{show(path, cwd)}: the build does not read this page; checked as if it did")
            chosen.paths.append(path)
        else:
            chosen.missing.append(arg)
    chosen.paths = list(dict.fromkeys(chosen.paths))
    for path in chosen.paths:
        site.add(path)
    return chosen


def findings(site: Site, paths: Iterable[Path]) -> list[Finding]:
    """Every problem of the given pages, per page first and then across pages, sorted by file
    and line (the build's order within a line)."""
    wanted = {path: site.pages[path] for path in paths}
    found: list[Finding] = []
    for path, page in wanted.items():
        if page.error is not None:
            found.append(page.error)
        for problem in [*page.data.problems, *page.captions]:
            where = Path(problem.file) if problem.file else path
            found.append(Finding(where, problem.line, problem.text(), f"talkdeck.{problem.subtype}"))
    by_docname = {page.docname: path for path, page in wanted.items()}
    for docname, problem in site.cross_page():
        if docname in by_docname:
            found.append(Finding(by_docname[docname], problem.line, problem.text(), f"talkdeck.{problem.subtype}"))
    for docname in site.unreached():
        if docname in by_docname:
            found.append(Finding(by_docname[docname], 0, NOT_INCLUDED, NOT_INCLUDED_TYPE))
    return sorted(found, key=lambda f: (str(f.path), f.line))


@dataclass
class Result:
    """What `check` found, and over how many pages."""

    findings: list[Finding]
    pages: int
    notes: list[str]
    missing: list[str]


def run(srcdir: Path, has_conf: bool, args: Iterable[str], cwd: Path) -> Result:
    site = load(srcdir, has_conf)
    chosen = select(site, args, cwd)
    return Result(findings(site, chosen.paths), len(chosen.paths), chosen.notes, chosen.missing)


def show(path: Path, cwd: Path) -> str:
    """A path as the contributor would type it: relative to where they are."""
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive
        return str(path)


def text_line(finding: Finding, cwd: Path) -> str:
    """`file:line: message [talkdeck.subtype]`, the build's warning without 'WARNING: '."""
    tail = f" [{finding.type}]" if finding.type else ""
    where = f":{finding.line}" if finding.line else ""
    return f"{show(finding.path, cwd)}{where}: {finding.message}{tail}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(finding: Finding, cwd: Path) -> str:
    """A GitHub Actions error annotation, escaped as the Actions toolkit does
    (data: % CR LF; properties also ':' and ',')."""
    file = _escape_property(Path(show(finding.path, cwd)).as_posix())
    title = _escape_property(finding.type or "talkdeck")
    line = f",line={finding.line}" if finding.line else ""
    return f"::error file={file}{line},title={title}::{_escape_data(finding.message)}"


def summary(result: Result) -> str:
    files = len({f.path for f in result.findings})
    count = len(result.findings)
    checked = f"{result.pages} page{'s' * (result.pages != 1)} checked"
    if not count:
        return f"{checked}: no problems"
    return f"{checked}: {count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}"
