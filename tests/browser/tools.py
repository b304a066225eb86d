"""The external programs some tests need, and what happens when one is missing.

In CI (the CI variable set, as `.ci/run` runs) a missing tool is a failure: `.ci/run` installs
them, so their absence means the run checked less than it claims. On a developer's machine the
tests are skipped instead, with the reason in pytest's summary (`-ra`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

#: Debian's Chromium (apt package `chromium`); Playwright drives it, never a browser of its own.
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
#: Where `npm ci` puts the Nu HTML Checker (package.json pins vnu-jar).
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: axe-core as package.json pins it: the version Lighthouse runs too, so both say the same.
AXE_CORE = NODE_MODULES / "axe-core" / "axe.min.js"
#: Lighthouse as package.json pins it, run with Node (tests/browser/lighthouse.mjs).
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "package.json"


def require(missing: str | None) -> None:
    """Fail (in CI) or skip (elsewhere) when `missing` names what is not there."""
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{missing}; CI must have it (.ci/run installs it)", pytrace=False)
    pytest.skip(f"{missing}; install it to run this test (README: 'Tests in a browser')")


def chromium_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -r requirements-test.txt)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def java() -> str | None:
    """The java executable, or None."""
    return shutil.which("java")


def vnu_missing() -> str | None:
    if java() is None:
        return "no java on PATH for the Nu HTML Checker (apt-get install default-jre-headless)"
    if not VNU_JAR.is_file():
        return f"no Nu HTML Checker at {VNU_JAR} (run npm ci)"
    return None


def axe_missing() -> str | None:
    if not AXE_CORE.is_file():
        return f"no axe-core at {AXE_CORE} (run npm ci)"
    return None


def node() -> str | None:
    """The node executable, or None."""
    return shutil.which("node")


def lighthouse_missing() -> str | None:
    if node() is None:
        return "no node on PATH for Lighthouse (apt-get install npm)"
    if not LIGHTHOUSE.is_file():
        return f"no Lighthouse at {LIGHTHOUSE.parent} (run npm ci)"
    return None
