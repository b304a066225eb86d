"""The Nu HTML Checker (vnu.jar from npm, run with Java) over every page of the real site (furo,
built as Read the Docs builds it) and of tests/roots/test-basic (the basic theme): 0 errors,
the theme's and Sphinx's markup included. Nothing is excused: what they write wrong is fixed at
its source (talkdeck.sphinxext.a11y, templates/themes/)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser.site import site_pages
from browser.tools import VNU_JAR, java, require, vnu_missing
from conftest import Build


@dataclass(frozen=True)
class Finding:
    where: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.message}"


def run_vnu(*targets: Path) -> tuple[list[dict], set[Path]]:
    """vnu's JSON messages for every .html file under `targets` (it writes them to stderr), and
    the files it checked (--verbose names them on stdout, also those without any message)."""
    done = subprocess.run(
        [java() or "java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", "--verbose"]
        + [str(target) for target in targets],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    checked = {Path(line.strip()) for line in done.stdout.splitlines() if line.strip().endswith(".html")}
    return json.loads(done.stderr)["messages"], checked


def errors(messages: list[dict]) -> list[Finding]:
    return [
        Finding(Path(unquote(urlsplit(m["url"]).path)), m.get("lastLine", 0), m["message"])
        for m in messages
        if m.get("type") == "error"
    ]


@pytest.fixture(scope="module")
def checked(real_site: Build, basic_site: Build) -> tuple[list[Build], list[dict], set[Path]]:
    require(vnu_missing())
    sites = [real_site, basic_site]
    return sites, *run_vnu(*(site.html for site in sites))


def test_every_page_was_checked(checked: tuple[list[Build], list[dict], set[Path]]) -> None:
    sites, messages, named = checked
    # --verbose names every file checked: a page without any message (a redirect page) too
    named = named | {Path(unquote(urlsplit(m["url"]).path)) for m in messages if "url" in m}
    for site in sites:
        pages = {site.html / path for path in site_pages(site.html)}
        assert len(pages) > 40
        assert pages <= named, sorted(str(p) for p in pages - named)[:10]
    # the real site's redirect pages (redirect_from) are among them
    assert sites[0].html / "talks/kubecon-na-2022/stretching-cni-boundaries.html" in named


def test_no_errors_on_any_page(checked: tuple[list[Build], list[dict], set[Path]]) -> None:
    found = errors(checked[1])
    assert not found, f"{len(found)} errors:\n" + "\n".join(map(str, found))


def test_the_checker_finds_errors(tmp_path: Path) -> None:
    """The check can fail: a caption heading without its level and an id used twice are reported."""
    require(vnu_missing())
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html>\n<html lang=en><head><title>t</title></head><body>\n"
        '<nav aria-label="Site"><p class="caption" role="heading">Browse</p></nav>\n'
        '<main><span id="x"></span><span id="x"></span></main>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    assert [(f.line, f.message) for f in errors(run_vnu(tmp_path)[0])] == [
        (3, "Element “p” is missing required attribute “aria-level”."),
        (4, "Duplicate ID “x”."),
    ]
