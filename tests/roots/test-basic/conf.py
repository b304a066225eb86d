"""test-basic: two events in different time zones, nine talks, grids and cards."""

project = "talkdeck basic"
# what an EPUB 3 build needs besides the project (tests/test_builders.py builds one with -W)
version = "1"
copyright = "2022, the talkdeck authors"  # noqa: A001
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "basic"
# Set explicitly: talkdeck appends its template folder to templates_path, and without a value
# here it would append to Sphinx's shared default list, which grows with every app created in
# the same process (see test_incremental.test_templates_path_does_not_grow_between_apps).
templates_path: list[str] = []
# An icon of its own: without one, browsers ask for /favicon.ico and log a 404 on every page.
html_favicon = "icon.svg"
