"""test-media: talks with several recordings, chapters and WebVTT captions; a video file the
site serves (_static/clip.mp4: 12 s, 64x36, made for these tests) and a listed PeerTube host."""

project = "talkdeck media"
version = "1"
copyright = "2024, the talkdeck authors"  # noqa: A001
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "basic"
html_static_path = ["_static"]
templates_path: list[str] = []
talkdeck_peertube_hosts = ["video.example.org"]
