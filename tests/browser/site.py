"""The real site built once from a copy of the repository, and a local server for it."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conftest import REPO, Build, build

#: Never part of the site: copying them would only slow the build down.
IGNORED = (".venv", "venv", "_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "test-artifacts")
IGNORED += ("node_modules",)


def build_real_site(tmp: Path) -> Build:
    """A strict build of a copy of the repository, as tests/test_site.py makes it."""
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(*IGNORED))
    done = build(
        src, tmp / "out", freshenv=True, warningiserror=True, keep_going=True, confoverrides={"nitpicky": True}
    )
    assert done.statuscode == 0, done.warnings
    return done


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the base class's name)
        """No request log on stderr."""


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
