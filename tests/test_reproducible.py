"""Two checkouts of the same sources at different paths build byte-identical output folders,
every file compared, hidden ones included (.buildinfo, talkdeck's manifest).

Each build runs in its own interpreter, so the real site's conf.py imports the extension from
its own copy of _ext/, as a second checkout would. test-basic uses the installed extension, at
one place for both copies. The doctree cache is not part of the output: it is written outside
(-d), as `sphinx-build -M` and Read the Docs do; it is Sphinx's own and holds the source path
by design.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_builders import copy_site

from conftest import copy_root

#: Builds with the sphinx-build command line, then names the talkdeck package it loaded.
RUNNER = (
    "import sys\n"
    "from sphinx.cmd.build import main\n"
    "code = main(sys.argv[1:])\n"
    "import talkdeck\n"
    "print('talkdeck from', talkdeck.__file__)\n"
    "sys.exit(code)\n"
)


def build(src: Path, out: Path) -> str:
    """A strict html build of `src` into `out`; what it printed."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "-q", "-W", "--keep-going", "-n", "-b", "html"]
        + ["-d", str(out.parent / "doctrees"), str(src), str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=src,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("root", ["site", "basic"])
def test_two_checkouts_build_the_same_files(root: str, tmp_path: Path) -> None:
    places = (tmp_path / "a", tmp_path / "second" / "checkout at a deeper path")
    outputs = []
    for place in places:
        src = copy_site(place / "src") if root == "site" else copy_root("basic", place / "src")
        printed = build(src, place / "out")
        if root == "site":  # the extension of this checkout, not the one the tests run
            assert f"talkdeck from {src / '_ext'}" in printed
        outputs.append(files(place / "out"))
    first, second = outputs
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
    hidden = [path for path in first if path.startswith(".")]
    assert {".buildinfo", ".talkdeck-outputs.json"} <= set(hidden)
    # and no path of the machine in any file
    assert [path for path, data in first.items() if str(tmp_path).encode() in data] == []
