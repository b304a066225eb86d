"""What a search costs a reader, and what the index costs the build, at 1,000 and 10,000 talks.

Usage: python benchmarks/search.py [N ...]   (default: 1000 10000)

For each N it generates an archive of N talks (benchmarks/archive.py: real-looking names, a few
busy speakers, forty topics, events across ten years) and measures, each build in a fresh
`sphinx-build` process:

- Sphinx's own index: a clean build with `talkdeck_search = "sphinx"`, the size of its
  searchindex.js (the file every search downloads whole), raw and gzip-compressed;
- Pagefind's: a clean build with the default, the files and bytes of pagefind/ on disk, the
  seconds Pagefind itself takes (run again on the same pages, as the build runs it), and a no-op
  rebuild (which reads every page for the index's digest but does not run Pagefind);
- the first query in a real browser (Debian's Chromium through Playwright): the results page
  opened with the busiest speaker's name, as the theme's search box sends it, until its results
  and facets show; every request the page makes for the search (talkdeck-search.js and
  pagefind/) is counted by the local server that serves the site, with its bytes raw and
  gzip-compressed (what a server such as Read the Docs' sends; Pagefind's chunks are gzip
  files already). The page itself, the theme's CSS and scripts are the same for both and left out.
"""

from __future__ import annotations

import functools
import gzip
import json
import resource
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "_ext"))

from archive import generate  # noqa: E402
from scale import sphinx  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def sizes(data: bytes) -> tuple[int, int]:
    """Raw bytes, and what gzip makes of them (never more than raw: chunks are gzip already)."""
    return len(data), min(len(data), len(gzip.compress(data, 6)))


def folder_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def first_query(site: Path, term: str, then: str) -> dict[str, object]:
    """Open search.html?q=term in Chromium, then search for `then` on the same page; what each
    fetched from the local server for the search: until the first results show, until the
    facets show too, and for the next query."""
    from playwright.sync_api import sync_playwright

    fetched: list[str] = []

    class Counting(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet."""

        def do_GET(self) -> None:
            fetched.append(urlsplit(self.path).path)
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Counting, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    marks = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/search.html?q={quote(term)}")
            page.wait_for_selector(".tdk-search-result", timeout=300_000)
            marks["results"] = len(fetched)
            page.wait_for_selector(".tdk-search-facet:not([hidden])", timeout=300_000)
            page.wait_for_load_state("networkidle")
            marks["facets"] = len(fetched)
            first = page.locator(".tdk-search-result a").first.get_attribute("href")
            page.fill("#tdk-search-query", then)
            page.press("#tdk-search-query", "Enter")
            page.wait_for_function(
                "(t) => document.querySelector('.tdk-search-status').textContent.includes(t)", arg=then
            )
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)
            marks["next"] = len(fetched)
            browser.close()
    finally:
        server.shutdown()

    def cost(paths: list[str]) -> dict[str, object]:
        searched = [p for p in paths if p.startswith("/pagefind/") or p.endswith("/talkdeck-search.js")]
        raw = packed = 0
        kinds: dict[str, int] = {}
        for path in searched:
            r, g = sizes((site / path.lstrip("/")).read_bytes())
            raw, packed = raw + r, packed + g
            kind = path.split("/")[2] if path.count("/") > 2 else "runtime"
            kinds[kind] = kinds.get(kind, 0) + g
        return {"requests": len(searched), "raw": raw, "gzip": packed, "kinds": kinds}

    return {
        "first": first,
        "results": cost(fetched[: marks["results"]]),
        "facets": cost(fetched[: marks["facets"]]),
        "next": cost(fetched[marks["facets"] : marks["next"]]),
    }


def indexed_shards(out: Path) -> list[tuple[str, list[str]]]:
    """Each shard's folder and the pages the build indexed in it, read from its fragments (gzip
    JSON after a fixed signature, one a page), as the build split them."""
    found: dict[str, list[str]] = {}
    for path in sorted((out / "pagefind").rglob("fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        found.setdefault(path.parent.parent.relative_to(out).as_posix(), []).append(json.loads(data)["url"][1:])
    return sorted((folder, sorted(pages)) for folder, pages in found.items())


def pagefind_alone(out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of Pagefind over the build's pages, run as exports/pagefind.py runs it
    shard by shard (hard links, the binary, the bundle read back and made stable)."""
    from talkdeck.exports import pagefind

    binary = pagefind.executable()
    assert binary is not None, "no Pagefind binary: pip install -r requirements.txt"
    shards = indexed_shards(out)
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for folder, pages in shards:
        pagefind.index(binary, out, pages, pagefind.Options("en", True), folder)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before, strict=True))
    return wall, cpu


def measure(n: int) -> dict[str, object]:
    row: dict[str, object] = {"n": n}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        archive = generate(src, n)
        row["speaker"] = f"{archive.busiest_speaker} ({archive.busiest_talks} talks)"
        plain = sphinx(src, "-D", "talkdeck_search=sphinx")
        html = src / "_build" / "html"
        index = (html / "searchindex.js").read_bytes()
        scripts = b"".join((html / "_static" / name).read_bytes() for name in ("searchtools.js", "language_data.js"))
        row["sphinx"], row["searchindex"], row["scripts"] = plain, sizes(index), sizes(scripts)
        (src / "_build").rename(Path(tmp) / "sphinx-build")
        row["pagefind"] = sphinx(src)
        out = src / "_build" / "html"
        row["disk"] = folder_bytes(out / "pagefind")
        row["noop"] = sphinx(src)
        row["alone"] = pagefind_alone(out)
        row["query"] = first_query(out, archive.busiest_speaker, archive.busiest_topic)
    return row


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv if a.isdigit()] or [1000, 10000]
    rows = []
    for n in counts:
        rows.append(measure(n))
        print(json.dumps(rows[-1], default=lambda o: o.__dict__), file=sys.stderr)
    print("What a search transfers (bytes raw / gzip; Sphinx: searchindex.js, and with searchtools.js")
    print("and language_data.js; Pagefind: talkdeck-search.js and pagefind/, counted by the server)")
    print(
        f"{'talks':>6} {'searchindex.js':>20} {'+ scripts gzip':>14} {'first query':>22} "
        f"{'next query':>18} {'index on disk':>22}"
    )
    for row in rows:
        si, sc, q, disk = row["searchindex"], row["scripts"], row["query"], row["disk"]

        def cell(part: dict) -> str:
            return f"{part['requests']:>3} req {part['raw']:>8,}/{part['gzip']:>8,}"

        print(
            f"{row['n']:>6} {si[0]:>10,}/{si[1]:>9,} {si[1] + sc[1]:>14,} {cell(q['facets']):>22} "  # type: ignore[index]
            f"{cell(q['next']):>18} {disk[1]:>12,} in {disk[0]:>5} files"  # type: ignore[index]
        )
    print()
    print("Builds, each in a fresh process: CPU seconds (children included)")
    print(f"{'talks':>6} {'clean, sphinx':>14} {'clean, pagefind':>16} {'Pagefind alone':>15} {'no-op rebuild':>14}")
    for row in rows:
        plain, ours, noop, (_, cpu) = row["sphinx"], row["pagefind"], row["noop"], row["alone"]
        print(f"{row['n']:>6} {plain.cpu:>13.1f}s {ours.cpu:>15.1f}s {cpu:>14.1f}s {noop.cpu:>13.1f}s")  # type: ignore[union-attr]
    for row in rows:
        print(f"{row['n']:>6} first query's bytes by kind (gzip): {row['query']['facets']['kinds']}")  # type: ignore[index]


if __name__ == "__main__":
    main(sys.argv[1:])
