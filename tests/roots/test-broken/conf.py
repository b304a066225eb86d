"""test-broken: one page per malformation; every problem must be reported in one build."""

project = "talkdeck broken"
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "basic"
