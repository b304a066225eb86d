"""Commands to print in hints, written so they work from where the contributor is: the venv's
`talkdeck` script by the path they would type (`.venv/bin/talkdeck`, or `talkdeck` when it is
on PATH), never a bare `python -m talkdeck`, which fails outside the venv."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path


def program(cwd: Path) -> str:
    """How to run this command line again from `cwd`."""
    script = Path(sys.executable).parent / ("talkdeck.exe" if os.name == "nt" else "talkdeck")
    if script.is_file():
        on_path = shutil.which("talkdeck")
        if on_path is not None and Path(on_path).resolve() == script.resolve():
            return "talkdeck"
        return _relative(script, cwd)
    # no console script (PYTHONPATH=_ext): this interpreter, by the path that reaches it
    return f"{_relative(Path(sys.executable), cwd)} -m talkdeck"


def command(cwd: Path, *args: str) -> str:
    """`program` followed by the arguments, quoted for a POSIX shell where they need it."""
    return " ".join([program(cwd), *(shlex.quote(arg) for arg in args)])


def _relative(path: Path, cwd: Path) -> str:
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive
        return str(path)
    if rel.startswith(".."):
        return str(path) if rel.count("..") > 2 else rel
    return rel if "/" in rel or os.sep in rel else f"./{rel}"


def make(srcdir: Path, cwd: Path, target: str) -> str:
    """`make <target>` as typed from `cwd` (the Makefile is in the site's root)."""
    if cwd == srcdir:
        return f"make {target}"
    return f"make -C {shlex.quote(_relative(srcdir, cwd).removeprefix('./'))} {target}"
