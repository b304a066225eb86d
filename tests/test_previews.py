"""Link previews with a picture: a talk page's og:image is its YouTube recording's still (a known
address, no build-time request), else a card the build draws with Pillow (1200x630 PNG, the same
bytes on every build, remade when what it shows changes, deleted with its talk); always with
width, height and alternative text; absolute under the site's URL when it is known; and no page
loads any of them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import Build, build, build_root, copy_root, soup
from talkdeck.core.model import Event, Speaker, Talk
from talkdeck.core.previews import talk_preview
from talkdeck.core.recordings import Recording
from talkdeck.exports.previews import draw, wrap


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("week", tmp_path_factory.mktemp("previews"))


def og(result: Build, docname: str) -> dict[str, str]:
    page = result.page(docname)
    return {
        m["property"]: m["content"] for m in page.find_all("meta", property=True) if m["property"].startswith("og:")
    }


def test_a_youtube_recording_shows_its_still(site: Build) -> None:
    tags = og(site, "meshday/rust")
    assert tags["og:image"] == "https://i.ytimg.com/vi/ONkWwoJoF3I/hqdefault.jpg"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("480", "360")
    assert tags["og:image:alt"] == "A still from the recording of “Control Planes in Rust”"
    assert not (site.html / "previews" / "rust.png").exists()


def test_other_talks_show_a_drawn_card(site: Build) -> None:
    for docname, ident, alt in (
        ("meshday/cni", "cni", "MeshDay NA 2022 · 2022-10-25. CNI Boundaries. Alex Leong (Buoyant)"),  # Vimeo
        ("conf/undated", "undated", "Conf NA 2022. Sometime That Week. Jason Morgan (Buoyant)"),  # no recording
    ):
        tags = og(site, docname)
        assert tags["og:image"] == f"previews/{ident}.png"
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert tags["og:image:alt"] == alt
        with Image.open(site.html / "previews" / f"{ident}.png") as image:
            assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "P")
            # the text is there: the title's colour (white) and the background both appear
            colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=4096)}
            assert {(255, 255, 255), (22, 32, 51)} <= colours


def test_no_page_loads_a_preview(site: Build) -> None:
    """og:image is for the services that unfurl a link: no element of a page fetches it."""
    for path in site.html.rglob("*.html"):
        page = soup(path)
        sources = [str(t.get("src") or t.get("srcset") or "") for t in page.find_all(["img", "source", "iframe"])]
        sources += [str(t.get("href")) for t in page.find_all("link", rel=lambda r: r and "preload" in r)]
        assert not [s for s in sources if "ytimg" in s or "previews/" in s], path


def test_absolute_under_the_site_url(tmp_path: Path) -> None:
    src = copy_root("week", tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'ogp_site_url = "https://talks.example.org/"\n',
        encoding="utf-8",
    )
    result = build(src, tmp_path / "out", freshenv=True)
    assert og(result, "conf/undated")["og:image"] == "https://talks.example.org/previews/undated.png"
    assert og(result, "meshday/rust")["og:image"] == "https://i.ytimg.com/vi/ONkWwoJoF3I/hqdefault.jpg"


def test_cards_are_remade_when_their_talk_changes_and_deleted_with_it(tmp_path: Path) -> None:
    src = copy_root("week", tmp_path / "src")
    first = build(src, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (first.html / "previews").iterdir()}
    again = build_root("week", tmp_path / "again")
    assert {p.name: p.read_bytes() for p in (again.html / "previews").iterdir()} == before
    undated = src / "conf" / "undated.md"
    undated.write_text(undated.read_text(encoding="utf-8").replace("Sometime That Week", "Later That Week"))
    (src / "conf" / "evening.md").unlink()
    second = build(src, tmp_path / "out")
    after = {p.name: p.read_bytes() for p in (second.html / "previews").iterdir()}
    assert sorted(after) == sorted(set(before) - {"evening.png"})
    assert after["undated.png"] != before["undated.png"]
    assert after["keynote.png"] == before["keynote.png"]
    shutil.rmtree(tmp_path / "again")


def test_a_title_too_long_for_the_card_ends_in_an_ellipsis() -> None:
    from PIL import ImageFont

    font = ImageFont.load_default(size=64)
    lines = wrap("word " * 80, font, 1056, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1056 for line in lines)
    # one word wider than a line is cut
    assert all(font.getlength(line) <= 1056 for line in wrap("x" * 300, font, 1056, 4))
    talk = Talk("t", "W" * 500, event="e", speakers=(Speaker("a", "A"),))
    with Image.open(io.BytesIO(draw(talk, Event("e", "E")))) as image:
        assert image.size == (1200, 630)


def test_an_id_that_cannot_name_a_file_gets_no_card() -> None:
    assert talk_preview(Talk("Not An Id", "T"), None) is None
    assert talk_preview(Talk("ok", "T", recordings=(Recording("https://vimeo.com/1"),)), None).drawn
