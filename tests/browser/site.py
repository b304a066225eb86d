"""The real site built once from a copy of the repository, and a local server for it."""

from __future__ import annotations

import functools
import gzip
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from conftest import REPO, Build, copy_root

#: Never part of the site: copying them would only slow the build down.
IGNORED = (".venv", "venv", "_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "test-artifacts")
IGNORED += ("node_modules",)


#: Where Read the Docs publishes the site's latest version. The browser and HTML checks build the
#: site as Read the Docs does, with READTHEDOCS_CANONICAL_URL set: canonical links, sitemap,
#: absolute feed links (what Lighthouse's SEO audits look at).
READTHEDOCS_URL = "https://linkerd-kubecon-2022.readthedocs.io/en/latest/"


def strict_build(src: Path, out: Path, canonical: str | None = None) -> Build:
    """`sphinx-build -W --keep-going -n` in a child process, as `make html` and Read the Docs run it.

    A child, not this process: sphinx-sitemap starts a multiprocessing manager by forking, and a
    fork of the test process would keep Playwright's driver pipes open (its browser then never
    closes) and could inherit a lock another thread holds.
    """
    env = {k: v for k, v in os.environ.items() if k != "READTHEDOCS_CANONICAL_URL"}
    if canonical is not None:
        env["READTHEDOCS_CANONICAL_URL"] = canonical
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-E", "-b", "html"]
    command += ["-d", str(out / "doctrees"), str(src), str(out / "html")]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-5000:]
    return Build(src, out, done.stderr, done.stdout, done.returncode)


def build_real_site(tmp: Path, canonical: str | None = READTHEDOCS_URL) -> Build:
    """A strict build of a copy of the repository, as Read the Docs makes it (conf.py reads the
    canonical URL from the environment)."""
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(*IGNORED))
    return strict_build(src, tmp / "out", canonical)


def build_basic_site(tmp: Path) -> Build:
    """A strict build of a copy of tests/roots/test-basic (basic theme, videos, timed talks)."""
    return strict_build(copy_root("basic", tmp / "src"), tmp / "out")


def is_redirect(page: Path) -> bool:
    """Whether a page is one of the redirect pages the build writes at earlier paths
    (redirect_from): it sends the browser on at once."""
    return 'http-equiv="refresh"' in page.read_text(encoding="utf-8")


def site_pages(html: Path, redirects: bool = True) -> list[str]:
    """Every page of a built site, relative to its root, sorted (Sphinx's own folders left out);
    without the redirect pages when `redirects` is false."""
    skip = {"_static", "_sources", "_images"}
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if skip.isdisjoint(p.parts) and (redirects or not is_redirect(p))
    )


def one_of_each(paths: list[str]) -> list[str]:
    """A page of every kind: each top-level page, each folder's index.html (an event) and the
    first other page of each folder (a talk, a speaker, a topic, a project, an organisation)."""
    chosen, folders = [], set()
    for path in paths:
        folder, _, name = path.rpartition("/")
        if not folder or name == "index.html":
            chosen.append(path)
        elif folder not in folders:
            folders.add(folder)
            chosen.append(path)
    return chosen


#: What Read the Docs (like any web server) sends compressed to a browser that accepts gzip.
COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ico"})


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the folder as a web host does: text compressed with gzip when the browser asks."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the base class's name)
        """No request log on stderr."""

    #: The path the site is served under, as Read the Docs serves it ('/en/latest/'), or '/'.
    prefix = "/"
    #: Where each requested path goes, when a test wants to know what the browser fetched.
    seen: list[str] | None = None

    def translate_path(self, path: str) -> str:
        """The file for a URL path under `prefix` (do_GET answers 404 outside it)."""
        return super().translate_path("/" + path[len(self.prefix) :] if path.startswith(self.prefix) else path)

    def do_GET(self) -> None:
        if self.seen is not None:
            self.seen.append(urlsplit(self.path).path)
        if not self.path.startswith(self.prefix):  # e.g. /robots.txt: not part of this site
            self.send_error(404)
            return
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or not path.is_file() or path.suffix not in COMPRESSED:
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(root: Path, prefix: str = "/", seen: list[str] | None = None) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) from a thread, under the path `prefix` (the real
    site under Read the Docs' '/en/latest/', where the 404 page's absolute links point); yields
    the base URL. Each requested path goes into `seen`, when given."""
    handler = type("_Handler", (_QuietHandler,), {"prefix": prefix, "seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
