"""test-week: a conference with an event co-located with it, talks known by their day only,
and pages that moved (redirect_from)."""

project = "talkdeck week"
version = "1"
copyright = "2022, the talkdeck authors"  # noqa: A001
extensions = ["myst_parser", "sphinx_design", "talkdeck", "sphinxext.opengraph", "notfound.extension"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "basic"
html_title = "Talks at Conf 2022"
talkdeck_archive_title = "Talks at conferences"
notfound_urls_prefix = "/"
ogp_social_cards = {"enable": False}
# see test-basic/conf.py: a list of its own, so talkdeck's template folder is added to this one
templates_path: list[str] = []
