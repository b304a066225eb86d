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

from ..core.schema import KINDS
from ..core.sources import Site, find_srcdir, load
from . import check as cli_check
from . import listing as cli_list
from . import new as cli_new
from . import scaffold
from .fields import Question, questions
from .hints import command, make, program

USAGE_ERROR = 2


def _parser(cwd: Path | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program(cwd) if cwd is not None else "talkdeck",
        description="Add and check talk pages without building the site. Run it from the site's root.",
    )
    parser.add_argument(
        "--srcdir",
        help="the site's source folder (default: the nearest folder with a conf.py, else the current one)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{new,check,list,import}")

    new = commands.add_parser(
        "new",
        help="write a new talk page (or `new event`: an event page; `new person`: a speaker's profile); asks for "
        "what the flags leave out at a terminal",
        description="Write a new talk page, with `event` an event page, or with `person` a speaker's profile "
        "(people/<id>.md), that passes `check` and the strict "
        "build as written. Every field of the page is a flag; at a terminal it asks for the rest, in this order.",
    )
    new.add_argument(
        "what", nargs="?", choices=("talk", "event", "person"), default="talk", help="default: talk; person: a profile"
    )
    _add_field_flags(new)
    new.add_argument("--root", default="talks", help="folder of the event folders (default: talks)")

    check = commands.add_parser("check", help="report every front-matter problem the build would report")
    check.add_argument("paths", nargs="*", help=".md pages or folders (default: every page under talks/)")
    check.add_argument("--format", choices=("text", "github"), default="text", dest="output")

    listing = commands.add_parser("list", help="ids and names already in use, with their talk counts")
    listing.add_argument("kind", nargs="?", choices=cli_list.KINDS, help="one kind (default: all)")
    listing.add_argument("--json", action="store_true", help="print JSON")

    schedule = commands.add_parser(
        "import", help="write talk pages from a frab/pretalx schedule.json or .xml, or a pyvideo event folder"
    )
    schedule.add_argument(
        "schedule",
        metavar="PATH",
        help="the schedule file (schedule.json or schedule.xml), or a pyvideo event folder (category.json, videos/)",
    )
    schedule.add_argument("--event", required=True, help="id of the event (its page is created when missing)")
    schedule.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    schedule.add_argument("--root", default="talks", help="folder of the event folders (default: talks)")
    return parser


def _add_field_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per schema field of a talk and of an event (fields.py); a flag both have is one."""
    seen: dict[str, list[tuple[str, Question]]] = {}
    for kind in KINDS:
        for question in questions(kind):
            seen.setdefault(question.flag, []).append((kind, question))
    for flag, owners in seen.items():
        question = owners[0][1]
        helps = [f"{kind}: {q.help()}" for kind, q in owners] if len(owners) > 1 else [owners[0][1].help()]
        if len(owners) == 1 and owners[0][0] != "talk":
            helps = [f"{owners[0][0]}: " + helps[0]]
        parser.add_argument(
            flag,
            dest=question.dest,
            action="append" if question.repeats else "store",
            metavar=question.metavar,
            default=argparse.SUPPRESS,
            help="; ".join(helps),
        )


def _site_root(option: str | None, cwd: Path) -> tuple[Path, bool]:
    """The source folder and whether it has a conf.py (then the whole folder is the site)."""
    if option:
        srcdir = Path(os.path.abspath(cwd / option))
        return srcdir, (srcdir / "conf.py").is_file()
    found = find_srcdir(cwd)
    return (found, True) if found is not None else (cwd, False)


def _check(args: argparse.Namespace, srcdir: Path, has_conf: bool, cwd: Path) -> int:
    if not args.paths and not has_conf and not (srcdir / "talks").is_dir():
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
        print(
            f"error: no folder {args.root!r} here; run it from the site's root (the folder with conf.py) or pass --root",
            file=sys.stderr,
        )
        return USAGE_ERROR
    fields = {q.dest for kind in KINDS for q in questions(kind)}
    given = {name for name in vars(args) if name in fields}
    site = load(srcdir, has_conf)
    kind = "speaker" if args.what == "person" else args.what
    try:
        path = scaffold.run(kind, args, given, site, srcdir if kind == "speaker" else root, cwd)
    except scaffold.Usage as wrong:
        print(f"error: {wrong}", file=sys.stderr)
        return USAGE_ERROR
    except cli_new.Refused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    shown = cli_check.show(path, cwd)
    print(shown)
    what = {"talk": "the description", "event": "the paragraph about the event"}.get(
        args.what, "the comment with the person's biography (or leave the page without one)"
    )
    print(
        f"Now replace {what} in {shown}, then run `{command(cwd, 'check', shown)}` and `{make(srcdir, cwd, 'html')}`.",
        file=sys.stderr,
    )
    return 0


def _list(args: argparse.Namespace, site: Site) -> int:
    if not site.pages and not (site.srcdir / "talks").is_dir():
        print(f"error: no talks/ folder in {site.srcdir}; run from the site's root", file=sys.stderr)
        return USAGE_ERROR
    kinds = [args.kind] if args.kind else list(cli_list.KINDS)
    print(cli_list.as_json(site, kinds) if args.json else cli_list.as_text(site, kinds))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure is a message and an exit code, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # a name in any script, on any terminal
    try:
        cwd: Path | None = Path.cwd()
    except OSError as err:
        cwd, gone = None, err
    args = _parser(cwd).parse_args(argv)
    if cwd is None:
        print(f"error: the current folder is gone ({gone.strerror}); cd somewhere else", file=sys.stderr)
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
