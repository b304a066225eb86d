"""The site's icon, drawn once as a few shapes and written as every file browsers ask for.

`python scripts/icons.py` writes, into `_static/`:

- `favicon.svg`: the drawing itself (what current browsers show);
- `favicon.ico`: 16, 32 and 48 px images, as PNGs inside the ICO (older browsers, Windows);
- `apple-touch-icon.png`: 180 px on a full square (iOS rounds the corners itself).

The PNGs are rasterised here, in Python, from the same shapes as the SVG (each pixel is the
average of a grid of samples), so the files need no drawing program and are the same bytes on
every machine; tests/test_icons.py checks that the committed files are what this writes.
The drawing: a slide with a play button in front of a second slide, on the site's dark blue.
"""

from __future__ import annotations

import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "_static"
#: The drawing's coordinates run from 0 to VIEW on both axes.
VIEW = 32
BLUE = (0x17, 0x3B, 0x6C)
GREEN = (0x37, 0xC9, 0xA4)
WHITE = (0xFF, 0xFF, 0xFF)


@dataclass(frozen=True)
class Box:
    """A rectangle with rounded corners."""

    x: float
    y: float
    width: float
    height: float
    radius: float
    colour: tuple[int, int, int]

    def covers(self, px: float, py: float) -> bool:
        # the nearest point of the rectangle shrunk by the radius, then the distance to it
        nx = min(max(px, self.x + self.radius), self.x + self.width - self.radius)
        ny = min(max(py, self.y + self.radius), self.y + self.height - self.radius)
        inside = self.x <= px <= self.x + self.width and self.y <= py <= self.y + self.height
        return inside and (px - nx) ** 2 + (py - ny) ** 2 <= self.radius**2

    def svg(self) -> str:
        return (
            f'<rect x="{self.x:g}" y="{self.y:g}" width="{self.width:g}" height="{self.height:g}" '
            f'rx="{self.radius:g}" fill="{hex_colour(self.colour)}"/>'
        )


@dataclass(frozen=True)
class Triangle:
    points: tuple[tuple[float, float], tuple[float, float], tuple[float, float]]
    colour: tuple[int, int, int]

    def covers(self, px: float, py: float) -> bool:
        (ax, ay), (bx, by), (cx, cy) = self.points
        sides = (
            (bx - ax) * (py - ay) - (by - ay) * (px - ax),
            (cx - bx) * (py - by) - (cy - by) * (px - bx),
            (ax - cx) * (py - cy) - (ay - cy) * (px - cx),
        )
        return all(s >= 0 for s in sides) or all(s <= 0 for s in sides)

    def svg(self) -> str:
        points = " ".join(f"{x:g},{y:g}" for x, y in self.points)
        return f'<polygon points="{points}" fill="{hex_colour(self.colour)}"/>'


Shape = Box | Triangle


def hex_colour(colour: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in colour)


def drawing(rounded: bool = True) -> tuple[Shape, ...]:
    """The shapes, back to front; `rounded=False` fills the whole square (touch icons)."""
    return (
        Box(0, 0, VIEW, VIEW, 7 if rounded else 0, BLUE),
        Box(10, 6, 17, 12, 2, GREEN),
        Box(5, 11, 19, 14, 2, WHITE),
        Triangle(((11.5, 14.5), (11.5, 21.5), (17.5, 18)), BLUE),
    )


def svg(shapes: tuple[Shape, ...]) -> bytes:
    body = "".join(f"\n  {shape.svg()}" for shape in shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW} {VIEW}" width="{VIEW}" height="{VIEW}">'
        f"{body}\n</svg>\n"
    ).encode()


def raster(shapes: tuple[Shape, ...], size: int, samples: int) -> bytes:
    """RGBA rows of a `size` px square, each pixel the average of samples x samples points."""
    scale = VIEW / size
    offsets = [(i + 0.5) / samples for i in range(samples)]
    out = bytearray()
    for row in range(size):
        for column in range(size):
            red = green = blue = alpha = 0
            for dy in offsets:
                for dx in offsets:
                    px, py = (column + dx) * scale, (row + dy) * scale
                    colour = next((s.colour for s in reversed(shapes) if s.covers(px, py)), None)
                    if colour is not None:
                        red, green, blue, alpha = red + colour[0], green + colour[1], blue + colour[2], alpha + 1
            if alpha:
                # colour averaged over the covered samples, coverage as opacity
                out += bytes((round(red / alpha), round(green / alpha), round(blue / alpha)))
                out.append(round(255 * alpha / samples**2))
            else:
                out += b"\0\0\0\0"
    return bytes(out)


def png(rgba: bytes, size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    stride = size * 4
    rows = b"".join(b"\0" + rgba[y * stride : (y + 1) * stride] for y in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO of PNG images by size (every browser that reads ICO reads PNG entries)."""
    entries, data = b"", b""
    offset = 6 + 16 * len(images)
    for size, image in sorted(images.items()):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset + len(data))
        data += image
    return struct.pack("<HHH", 0, 1, len(images)) + entries + data


def files() -> dict[str, bytes]:
    """Every icon file by name, as this drawing makes it."""
    shapes = drawing()
    small = {size: png(raster(shapes, size, 8), size) for size in (16, 32, 48)}
    square = drawing(rounded=False)
    return {
        "favicon.svg": svg(shapes),
        "favicon.ico": ico(small),
        "apple-touch-icon.png": png(raster(square, 180, 3), 180),
    }


def main() -> int:
    for name, data in files().items():
        (STATIC / name).write_bytes(data)
        print(f"wrote _static/{name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
