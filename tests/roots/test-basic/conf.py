"""test-basic: two events in different time zones, nine talks, grids and cards."""

project = "talkdeck basic"
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "basic"
