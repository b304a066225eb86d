"""test-hostile: pages written to break the build or inject markup; it must end with located
warnings, no traceback, and nothing from a page turned into markup or a script URL.

The site's theme and sidebars, and a base URL, so every export (sitemap, feed, calendars with
URLs, JSON-LD, OpenGraph) and the talk sidebar see the hostile text too. Pages that need exact
bytes (not UTF-8, a BOM, CR line endings) are committed byte for byte (.gitattributes: -text);
pages that only need size are written by tests/test_hostile.py.
"""

project = "talkdeck hostile"
extensions = ["myst_parser", "sphinx_design", "talkdeck", "sphinxext.opengraph", "sphinx_sitemap"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_sidebars = {"**": ["sidebar/search.html", "sidebar/navigation.html", "talkdeck/sidebar-talks.html"]}
html_baseurl = "https://example.org/hostile/"
ogp_site_url = html_baseurl
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}
site_url = html_baseurl
sitemap_url_scheme = "{link}"
# Set explicitly: talkdeck appends its template folder to templates_path, and without a value
# here it would append to Sphinx's shared default list, which grows with every app created in
# the same process (see test_incremental.test_templates_path_does_not_grow_between_apps).
templates_path: list[str] = []
