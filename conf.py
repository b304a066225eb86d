"""Sphinx configuration for the Linkerd wrap-up of KubeCon + CloudNativeCon North America 2022."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Linkerd at KubeCon + CloudNativeCon North America 2022"
author = "Flynn and the Linkerd community"
copyright = "2022, the Linkerd authors"  # noqa: A001  (fixed, so builds are reproducible)
language = "en"
# The edition of this wrap-up. An EPUB 3 must name one (its ibooks:version: `sphinx-build -b epub`
# stops on an empty version with -W); the HTML pages show none, objects.inv names it.
version = "2022"

extensions = [
    "myst_parser",
    "sphinx_design",
    "talkdeck",
    "notfound.extension",
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
    "node_modules",
    "**/.pytest_cache",
]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

nitpicky = True

html_theme = "furo"
# The site is named after its one conference; once it holds another one (not an event co-located
# with KubeCon, which is part of its week), talkdeck names it after the archive instead.
html_title = "Linkerd at KubeCon NA 2022"
talkdeck_archive_title = "Linkerd at KubeCon"
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
# `sphinx-build -b singlehtml` writes one page and no search page for the search box to send to.
singlehtml_sidebars = {"**": [name for name in html_sidebars["**"] if name != "sidebar/search.html"]}
html_css_files = ["site.css"]
# The site's icon, drawn by scripts/icons.py: the SVG for browsers that show one, plus an ICO and
# a touch icon (linked by add_icon_links below), so no browser looks for a /favicon.ico.
html_favicon = "_static/favicon.svg"
# An e-book has no tab to show an icon in, and EPUB knows no media type for .ico.
epub_exclude_files = ["_static/favicon.ico"]
html_last_updated_fmt = None
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
# The 404 page (sphinx-notfound-page) is served at any missing address, at any depth: its URLs
# are absolute under the site's path on Read the Docs (e.g. /en/latest/), '/' for a local build.
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"

# Link previews (OpenGraph and Twitter), for the published site only: og:url must be the page's
# absolute address, which only a canonical URL gives (a local build would write relative ones,
# which no preview can use). Talk pages take their title and summary from the front-matter, and
# their picture from talkdeck (og:image: the recording's still, or a card it draws with Pillow);
# once the site holds more than one conference, talkdeck names the archive in og:site_name
# instead of ogp_site_name. No social cards from sphinxext-opengraph: they need matplotlib.
# (sphinxext-opengraph 0.13 prints "matplotlib is not installed" when it is imported, whatever
# ogp_social_cards says; loading it only where it can work keeps a local `make html` quiet.)
ogp_site_url = html_baseurl
ogp_site_name = html_title
ogp_type = "website"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = ('<meta name="twitter:card" content="summary" />',)

# sitemap.xml needs the canonical URL too; a local build (none set) has no sitemap rather than a
# warning. talkdeck makes it list every page, sorted, even after an incremental build.
if html_baseurl:
    extensions += ["sphinxext.opengraph", "sphinx_sitemap"]
    site_url = html_baseurl.rstrip("/") + "/"
    sitemap_url_scheme = "{link}"
    sitemap_excludes = ["search.html", "genindex.html", "search/", "genindex/"]


def add_icon_links(app, pagename, templatename, context, doctree):  # noqa: ANN001, ARG001  (Sphinx's event signature)
    """html-page-context: the raster icons next to html_favicon's SVG, in every page's head."""
    pathto = context["pathto"]
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<link rel="icon" href="{pathto("_static/favicon.ico", 1)}" sizes="16x16 32x32 48x48">'
        + f'\n<link rel="apple-touch-icon" href="{pathto("_static/apple-touch-icon.png", 1)}">'
    )


def setup(app):  # noqa: ANN001, ANN201
    app.connect("html-page-context", add_icon_links)
