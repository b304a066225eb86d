"""Sphinx configuration for the Linkerd wrap-up of KubeCon + CloudNativeCon North America 2022."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Linkerd at KubeCon + CloudNativeCon North America 2022"
author = "Flynn and the Linkerd community"
copyright = "2022, the Linkerd authors"  # noqa: A001  (fixed, so builds are reproducible)
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "talkdeck",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    ".venv",
    "venv",
    ".git",
    ".github",
    ".ci",
    "tests",
    "benchmarks",
    "README.md",
    "CONTRIBUTING.md",
    ".pytest_cache",
    ".ruff_cache",
    "test-artifacts",
    "**/.pytest_cache",
]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

nitpicky = True

html_theme = "furo"
html_title = "Linkerd at KubeCon NA 2022"
html_static_path = ["_static"]
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "talkdeck/sidebar-talks.html",
        "sidebar/ethical-ads.html",
        "sidebar/scroll-end.html",
        "sidebar/variant-selector.html",
    ]
}
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
