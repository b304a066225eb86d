"""The contributor command line, `python -m talkdeck new|check|list|import`: the build's checks in a
fraction of a second, without Sphinx, so a pull request can be right before the build runs;
`import` turns a frab / pretalx schedule into talk pages (see talkdeck.importing).

Exit codes: 0 fine, 1 problems found (or `new` refused), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.sources import Site, find_srcdir, load
from . import check as cli_check
from . import listing as cli_list
from . import new as cli_new

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m talkdeck",
        description="Add and check talk pages without building the site. Run it from the site's root.",
    )
    parser.add_argument(
        "--srcdir",
        help="the site's source folder (default: the nearest folder with a conf.py, else the current one)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{new,check,list,import}")

    new = commands.add_parser("new", help="write a new talk page; asks for what the flags leave out at a terminal")
    new.add_argument("--title", default="", help="the talk's title as in the schedule")
    new.add_argument("--event", default="", help="id of the event (see `list events`)")
    new.add_argument("--speaker", action="append", default=[], metavar="'NAME|AFFILIATION|ROLE'", help="repeatable")
    new.add_argument("--format", default="", help="one of: " + ", ".join(cli_new.FORMATS))
    new.add_argument("--topic", action="append", default=[], help="repeatable (see `list topics`)")
    new.add_argument("--project", action="append", default=[], help="repeatable (see `list projects`)")
    new.add_argument("--summary", default="", help="one sentence for the card")
    new.add_argument("--id", default="", help="talk id and file name (default: the title as a slug)")
    new.add_argument("--root", default="talks", help="folder of the event folders (default: talks)")

    check = commands.add_parser("check", help="report every front-matter problem the build would report")
    check.add_argument("paths", nargs="*", help=".md pages or folders (default: every page under talks/)")
    check.add_argument("--format", choices=("text", "github"), default="text", dest="output")

    listing = commands.add_parser("list", help="ids and names already in use, with their talk counts")
    listing.add_argument("kind", nargs="?", choices=cli_list.KINDS, help="one kind (default: all)")
    listing.add_argument("--json", action="store_true", help="print JSON")

    schedule = commands.add_parser("import", help="write talk pages from a frab/pretalx schedule.json or .xml")
    schedule.add_argument("schedule", metavar="SCHEDULE", help="the schedule file: schedule.json or schedule.xml")
    schedule.add_argument("--event", required=True, help="id of the event (its page is created when missing)")
    schedule.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    schedule.add_argument("--root", default="talks", help="folder of the event folders (default: talks)")
    return parser


def _site_root(option: str | None, cwd: Path) -> tuple[Path, bool]:
    """The source folder and whether it has a conf.py (then the whole folder is the site)."""
    if option:
        srcdir = Path(os.path.abspath(cwd / option))
        return srcdir, (srcdir / "conf.py").is_file()
    found = find_srcdir(cwd)
    return (found, True) if found is not None else (cwd, False)


def _check(args: argparse.Namespace, srcdir: Path, has_conf: bool, cwd: Path) -> int:
    if not args.paths and not (srcdir / "talks").is_dir():
        print(f"error: no talks/ folder in {srcdir}; run from the site's root or name the pages", file=sys.stderr)
        return USAGE_ERROR
    result = cli_check.run(srcdir, has_conf, args.paths, cwd)
    for missing in result.missing:
        print(f"error: {missing}: no such file or folder", file=sys.stderr)
    line = cli_check.github_line if args.output == "github" else cli_check.text_line
    for finding in result.findings:
        print(line(finding, cwd))
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    print(cli_check.summary(result), file=sys.stderr)
    if result.missing:
        return USAGE_ERROR
    return 1 if result.findings else 0


def _new(args: argparse.Namespace, srcdir: Path, has_conf: bool, cwd: Path) -> int:
    root = Path(os.path.abspath(cwd / args.root))
    if not root.is_dir():
        print(f"error: no folder {args.root!r} here; run from the site's root or pass --root", file=sys.stderr)
        return USAGE_ERROR
    answers = cli_new.Answers(
        args.title.strip(),
        args.event.strip(),
        args.format.strip(),
        [s for s in args.speaker if s.strip()],
        [t.strip() for t in args.topic if t.strip()],
        [p.strip() for p in args.project if p.strip()],
        args.summary.strip(),
        args.id.strip(),
    )
    site = load(srcdir, has_conf)
    if answers.missing():
        if not cli_new.interactive():
            print(
                f"error: missing {', '.join(answers.missing())} (or run it at a terminal to be asked)", file=sys.stderr
            )
            return USAGE_ERROR
        cli_new.ask(answers, site)
    notes: list[str] = []
    try:
        path = cli_new.create(site, root, answers, notes)
    except cli_new.Refused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    finally:
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
    shown = cli_check.show(path, cwd)
    print(shown)
    print(
        f"Now replace the description in {shown}, then run `python -m talkdeck check {shown}` and `make html`.",
        file=sys.stderr,
    )
    return 0


def _list(args: argparse.Namespace, site: Site) -> int:
    kinds = [args.kind] if args.kind else list(cli_list.KINDS)
    print(cli_list.as_json(site, kinds) if args.json else cli_list.as_text(site, kinds))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure is a message and an exit code, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # a name in any script, on any terminal
    args = _parser().parse_args(argv)
    try:
        cwd = Path.cwd()
    except OSError as err:
        print(f"error: the current folder is gone ({err.strerror}); cd somewhere else", file=sys.stderr)
        return USAGE_ERROR
    srcdir, has_conf = _site_root(args.srcdir, cwd)
    if not srcdir.is_dir():
        print(f"error: --srcdir {args.srcdir!r} is not a folder", file=sys.stderr)
        return USAGE_ERROR
    try:
        if args.command == "check":
            return _check(args, srcdir, has_conf, cwd)
        if args.command == "new":
            return _new(args, srcdir, has_conf, cwd)
        if args.command == "import":
            from . import importcmd as import_cli  # only this command needs the schedule readers

            return import_cli.run(args.schedule, args.event, args.root, args.dry_run, srcdir, has_conf, cwd)
        return _list(args, load(srcdir, has_conf))
    except (KeyboardInterrupt, EOFError):
        print("\naborted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `... | head`: the reader has all it wants; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as err:  # a folder we may not enter, a full disk: say which and stop
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return 1
