"""The Nu HTML Checker (vnu.jar from npm, run with Java) over every page of the built site:
0 errors in our markup. Errors that come from the theme (furo and Sphinx's templates and
transforms) are listed apart, each recognised by its message and the element it points at;
any other error fails too, so nothing new slips through as "the theme's".

An error is ours when the element it points at, or one around it, carries a tdk- class or id
(cards, grids, the filter, generated pages, the sidebar template)."""

from __future__ import annotations

import json
import re
import subprocess
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from browser.site import build_real_site
from browser.tools import VNU_JAR, java, require, vnu_missing
from conftest import REPO, Build

REPORT = REPO / "test-artifacts" / "vnu-theme-errors.txt"


@dataclass(frozen=True)
class Finding:
    where: str  # the page, relative to the checked folder
    line: int
    message: str
    element: str  # the start tag the checker points at, as the page has it
    theme: str = ""  # which of THEME it is, if any

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.message} {self.element}"


@cache
def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def element_at(soup: BeautifulSoup, line: int, column: int) -> Tag | None:
    """The element whose start tag begins last at or before line:column (1-based)."""
    found = None
    for tag in soup.find_all(True):
        if tag.sourceline is None:
            continue
        if (tag.sourceline, tag.sourcepos + 1) <= (line, column):
            found = tag
        else:
            break
    return found


def ours(tag: Tag | None) -> bool:
    for node in [tag, *(tag.parents if tag is not None else [])]:
        if not isinstance(node, Tag):
            continue
        if any(c.startswith("tdk-") for c in node.get("class", [])) or str(node.get("id", "")).startswith("tdk-"):
            return True
    return False


def _toctree_caption(message: str, tag: Tag) -> bool:
    """Sphinx renders toctree captions as <p role="heading"> without aria-level (furo's sidebar)."""
    parent = tag.parent
    return (
        "“aria-level”" in message
        and tag.name == "p"
        and "caption" in tag.get("class", [])
        and parent is not None
        and "sidebar-tree" in parent.get("class", [])
        and "tdk-sidebar" not in parent.get("class", [])
    )


def _table_wrapper_id(message: str, tag: Tag) -> bool:
    """furo wraps every table in div.table-wrapper and copies the table's attributes, id too."""
    match = re.fullmatch(r"Duplicate ID “(.+)”\.", message)
    if match is None or tag.name != "table":
        return False
    wrapper = tag.parent
    return (
        wrapper is not None
        and wrapper.name == "div"
        and "table-wrapper" in wrapper.get("class", [])
        and wrapper.get("id") == tag.get("id") == match[1]
    )


#: Errors the theme causes: (what it is, test on message and element).
THEME: tuple[tuple[str, Callable[[str, Tag], bool]], ...] = (
    ("Sphinx toctree caption without aria-level", _toctree_caption),
    ("furo's table wrapper repeats the table's id", _table_wrapper_id),
)


def classify(messages: list[dict], root: Path) -> dict[str, list[Finding]]:
    """Errors by origin: 'ours', 'theme' and 'other' (neither: fails as well)."""
    found: dict[str, list[Finding]] = {"ours": [], "theme": [], "other": []}
    for message in messages:
        if message.get("type") != "error":
            continue
        path = Path(unquote(urlsplit(message["url"]).path))
        soup = parsed(path)
        # the end of the range is the end of the start tag it means; its start is less exact
        line = message.get("lastLine", 0)
        tag = element_at(soup, line, message.get("lastColumn", 1))
        start = str(tag).split(">", 1)[0] + ">" if tag is not None else ""
        theme = next((name for name, test in THEME if tag is not None and test(message["message"], tag)), "")
        finding = Finding(path.relative_to(root).as_posix(), line, message["message"], start, theme)
        found["theme" if theme else "ours" if ours(tag) else "other"].append(finding)
    return found


def run_vnu(target: Path) -> list[dict]:
    """vnu's JSON messages for every .html file under `target` (it writes them to stderr)."""
    done = subprocess.run(
        [java() or "java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(target)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return json.loads(done.stderr)["messages"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    require(vnu_missing())
    return build_real_site(tmp_path_factory.mktemp("vnu-site"))


@pytest.fixture(scope="module")
def messages(site: Build) -> list[dict]:
    return run_vnu(site.html)


def test_every_page_was_checked(site: Build, messages: list[dict]) -> None:
    checked = {Path(unquote(urlsplit(m["url"]).path)) for m in messages if "url" in m}
    pages = set(site.html.rglob("*.html"))
    # pages with no message at all are not named; the furo page template always earns an info
    assert pages == checked, sorted(str(p) for p in pages ^ checked)[:10]


def test_no_errors_in_our_markup(site: Build, messages: list[dict]) -> None:
    found = classify(messages, site.html)
    theme = found["theme"]
    if theme:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text("".join(f"{f}\n" for f in theme), encoding="utf-8")
        kinds = sorted({f.theme for f in theme})
        warnings.warn(
            f"Nu HTML Checker: {len(theme)} errors come from the theme, not from talkdeck "
            f"({'; '.join(kinds)}); listed in {REPORT.relative_to(REPO)}",
            stacklevel=1,
        )
    assert not found["ours"], "errors in talkdeck's markup:\n" + "\n".join(map(str, found["ours"]))
    assert not found["other"], "errors neither ours nor known theme ones:\n" + "\n".join(map(str, found["other"]))


def test_the_checker_finds_an_error_in_our_markup(tmp_path: Path) -> None:
    """The pipeline can fail: an invalid tdk- element is reported as ours, a furo caption is not."""
    require(vnu_missing())
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html>\n<html lang=en><head><title>t</title></head><body>\n"
        '<nav class="sidebar-tree"><p class="caption" role="heading">Browse</p></nav>\n'
        '<div class="tdk-card"><p role="heading">Title</p><span id="x"></span><span id="x"></span></div>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    found = classify(run_vnu(tmp_path), tmp_path)
    assert [(f.line, f.message) for f in found["ours"]] == [
        (4, "Element “p” is missing required attribute “aria-level”."),
        (4, "Duplicate ID “x”."),
    ]
    assert [(f.line, f.element) for f in found["theme"]] == [(3, '<p class="caption" role="heading">')]
    assert found["other"] == []
