"""The site's icon (scripts/icons.py): the committed files are what the script draws, each is a
well-formed file of its kind at the sizes browsers ask for, and conf.py and every page link them."""

from __future__ import annotations

import runpy
import struct
import zlib
from xml.etree import ElementTree

import pytest

from conftest import REPO, Build, soup

STATIC = REPO / "_static"


@pytest.fixture(scope="module")
def drawn() -> dict[str, bytes]:
    return runpy.run_path(str(REPO / "scripts" / "icons.py"))["files"]()


def png_image(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGBA pixels of an 8-bit RGBA PNG, every chunk's checksum verified."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 6)
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[y * (width * 4 + 1) + 1 : (y + 1) * (width * 4 + 1)] for y in range(height)]
    return width, height, b"".join(rows)


def test_the_committed_icons_are_what_the_script_draws(drawn: dict[str, bytes]) -> None:
    assert sorted(drawn) == ["apple-touch-icon.png", "favicon.ico", "favicon.svg"]
    for name, data in drawn.items():
        assert (STATIC / name).read_bytes() == data, f"_static/{name} is stale: run python scripts/icons.py"


def test_each_icon_is_a_well_formed_file(drawn: dict[str, bytes]) -> None:
    svg = ElementTree.fromstring(drawn["favicon.svg"])
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 32 32"
    width, height, pixels = png_image(drawn["apple-touch-icon.png"])
    assert (width, height) == (180, 180)
    assert pixels[3::4] == bytes([255]) * (180 * 180), "a touch icon is opaque: iOS rounds it itself"
    ico = drawn["favicon.ico"]
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 3)
    for index, size in enumerate((16, 32, 48)):
        w, h, _, _, planes, bits, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index])
        assert (w, h, planes, bits) == (size, size, 1, 32)
        width, height, pixels = png_image(ico[offset : offset + length])
        assert (width, height) == (size, size)
        # transparent outside the rounded corners, opaque in the middle
        assert pixels[3] == 0 and pixels[(size * size // 2 + size // 2) * 4 + 3] == 255


def test_every_page_links_the_icons(real_site: Build) -> None:
    for name in ("index.html", "speakers.html", "search.html", "genindex.html"):
        head = soup(real_site.html / name).head
        links = {
            tuple(link["rel"]): link["href"] for link in head.select("link[rel~=icon], link[rel=apple-touch-icon]")
        }
        assert links == {
            ("shortcut", "icon"): "_static/favicon.svg",
            ("icon",): "_static/favicon.ico",
            ("apple-touch-icon",): "_static/apple-touch-icon.png",
        }, name
        for href in links.values():
            assert (real_site.html / href).read_bytes() == (STATIC / href.removeprefix("_static/")).read_bytes()
