"""Other builders: the site is written for HTML, but a LaTeX, text, single-page or dirhtml build
of the same sources must finish without an error or a warning of ours."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from conftest import copy_root


@pytest.mark.parametrize("buildername", ["latex", "text", "singlehtml", "dirhtml", "epub"])
def test_the_root_builds_with_other_builders(tmp_path: Path, buildername: str) -> None:
    src = copy_root("basic", tmp_path / "src")
    app = SphinxTestApp(buildername, srcdir=src, builddir=tmp_path / "out", status=StringIO(), warning=StringIO())
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue())
    finally:
        app.cleanup()
    ours = [line for line in warnings.splitlines() if "talkdeck" in line or "Traceback" in line]
    assert ours == []
    assert app.statuscode == 0
    written = [p for p in (tmp_path / "out" / buildername).rglob("*") if p.is_file()]
    assert written, f"{buildername} wrote nothing"


def test_latex_keeps_the_talk_titles_as_text(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    app = SphinxTestApp("latex", srcdir=src, builddir=tmp_path / "out", status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    tex = next((tmp_path / "out" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert "Whose Packet Is It Anyway?" in tex
