"""Video links: host recognition over many URL forms (hostile ones too), and the click-to-load
facade on a talk's own page: a real link, no request to the video host, plain links elsewhere."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import Comment

from conftest import Build, build_root, text
from talkdeck.core.videohosts import Video, parse_video, seconds

NOCOOKIE = "https://www.youtube-nocookie.com/embed/"
VIMEO_PLAYER = "https://player.vimeo.com/video/"

YOUTUBE = [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com/watch?list=PL123&v=dQw4w9WgXcQ&index=2", "dQw4w9WgXcQ", 0),
    ("https://WWW.YouTube.COM/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("HTTPS://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com:443/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com/watch/?v=dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90", "dQw4w9WgXcQ", 90),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1h2m3s", "dQw4w9WgXcQ", 3723),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=later", "dQw4w9WgXcQ", 0),
    ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://youtu.be/dQw4w9WgXcQ?si=abc&t=75s", "dQw4w9WgXcQ", 75),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=30", "dQw4w9WgXcQ", 30),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://youtube.com/shorts/dQw4w9WgXcQ/", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com/live/dQw4w9WgXcQ?feature=shared", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com/v/dQw4w9WgXcQ", "dQw4w9WgXcQ", 0),
    ("https://www.youtube.com/watch?v=a-b_c", "a-b_c", 0),
]

VIMEO = [
    ("https://vimeo.com/76979871", "76979871", ""),
    ("https://www.vimeo.com/76979871", "76979871", ""),
    ("http://vimeo.com/76979871/", "76979871", ""),
    ("https://vimeo.com/76979871/0a1b2c3d4e", "76979871", "0a1b2c3d4e"),
    ("https://vimeo.com/channels/staffpicks/76979871", "76979871", ""),
    ("https://vimeo.com/groups/shortfilms/videos/76979871", "76979871", ""),
    ("https://vimeo.com/showcase/1234/video/76979871", "76979871", ""),
    ("https://vimeo.com/album/1234/video/76979871", "76979871", ""),
    ("https://player.vimeo.com/video/76979871", "76979871", ""),
    ("https://player.vimeo.com/video/76979871?h=0a1b2c3d4e&badge=0", "76979871", "0a1b2c3d4e"),
]

NOT_EMBEDDABLE = [
    "",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)//www.youtube.com/watch?v=abc",
    "javascript://www.youtube.com/watch?v=abc%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "file:///etc/passwd",
    "//www.youtube.com/watch?v=dQw4w9WgXcQ",
    "www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com.evil.org/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com.evil.org/embed/dQw4w9WgXcQ",
    "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
    "https://evil.org/www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://evil.org/?u=https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com@evil.org/watch?v=dQw4w9WgXcQ",
    "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://evil.org\\@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com\\.evil.org/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com./watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com:8080/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com:99999/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com:port/watch?v=dQw4w9WgXcQ",
    "https://[::1/watch?v=dQw4w9WgXcQ",
    " https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n",
    "https://www.youtube.com/watch?v=dQw\tw9WgXcQ",
    "https://www.youtube.com/watch?v=<script>",
    "https://www.youtube.com/watch?v=%3Cscript%3Ealert(1)%3C/script%3E",
    'https://www.youtube.com/watch?v=abc"onmouseover=alert(1)',
    "https://www.youtube.com/watch?v=abc'><img src=x>",
    "https://www.youtube.com/watch?v=abc%22",
    "https://www.youtube.com/watch?v=../../evil",
    "https://www.youtube.com/watch?v=" + "a" * 65,
    "https://www.youtube.com/watch",
    "https://www.youtube.com/watch?v=",
    "https://www.youtube.com/watch?x=dQw4w9WgXcQ",
    "https://www.youtube.com/",
    "https://www.youtube.com/embed/",
    "https://www.youtube.com/embed/dQw4w9WgXcQ/extra",
    "https://www.youtube.com/embed//dQw4w9WgXcQ",
    "https://www.youtube.com/%77atch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/channel/UCabc",
    "https://www.youtube.com/playlist?list=PL123",
    "https://www.youtube.com/@linkerd",
    "https://youtu.be/",
    "https://youtu.be/abc/def",
    "https://youtu.be/abc%2Fdef",
    "https://vimeo.com/",
    "https://vimeo.com/abc",
    "https://vimeo.com/123abc",
    "https://vimeo.com/channels/staffpicks",
    "https://vimeo.com/76979871/NOTHEX!",
    "https://vimeo.com/76979871/<script>",
    "https://player.vimeo.com/video/",
    "https://player.vimeo.com/video/76979871?h=<script>",
    "https://player.vimeo.com/76979871",
    "https://vimeo.com.evil.org/76979871",
    "https://videos.example.org/watch?v=panel&t=30s",
    "https://www.dailymotion.com/video/x7tgad0",
]


@pytest.mark.parametrize(("url", "ident", "start"), YOUTUBE)
def test_youtube_forms(url: str, ident: str, start: int) -> None:
    video = parse_video(url)
    assert video == Video("youtube", ident, start=start)
    assert video.watch_url == f"https://www.youtube.com/watch?v={ident}" + (f"&t={start}s" if start else "")
    assert video.player_url == f"{NOCOOKIE}{ident}?autoplay=1" + (f"&start={start}" if start else "")
    assert video.embed_url == f"{NOCOOKIE}{ident}" + (f"?start={start}" if start else "")
    assert video.thumbnail_url == f"https://i.ytimg.com/vi/{ident}/hqdefault.jpg"
    assert video.label == "YouTube"


@pytest.mark.parametrize(("url", "ident", "key"), VIMEO)
def test_vimeo_forms(url: str, ident: str, key: str) -> None:
    video = parse_video(url)
    assert video == Video("vimeo", ident, hash=key)
    assert video.player_url == f"{VIMEO_PLAYER}{ident}?dnt=1&autoplay=1" + (f"&h={key}" if key else "")
    assert video.embed_url == f"{VIMEO_PLAYER}{ident}?dnt=1" + (f"&h={key}" if key else "")
    assert video.watch_url == f"https://vimeo.com/{ident}" + (f"/{key}" if key else "")
    assert video.thumbnail_url == ""
    assert video.label == "Vimeo"


@pytest.mark.parametrize("url", NOT_EMBEDDABLE)
def test_unknown_hosts_bad_ids_and_other_schemes_are_never_embedded(url: str) -> None:
    assert parse_video(url) is None


def test_every_url_a_video_gives_is_on_its_host_and_plain() -> None:
    """Ids come only from the host's alphabet, so nothing can leave the URL it is put into."""
    for url, *_ in YOUTUBE + VIMEO:
        video = parse_video(url)
        assert video is not None
        for built in (video.watch_url, video.embed_url, video.player_url):
            parts = urlsplit(built)
            assert parts.scheme == "https"
            assert parts.hostname in ("www.youtube.com", "www.youtube-nocookie.com", "vimeo.com", "player.vimeo.com")
            assert all(c.isalnum() or c in "/:?&=._-" for c in built), built


@pytest.mark.parametrize(
    ("value", "expected"),
    [("90", 90), ("90s", 90), ("2m", 120), ("1m30s", 90), ("1h", 3600), ("1h0m5s", 3605), ("", 0), ("x", 0), ("-5", 0)],
)
def test_seconds(value: str, expected: int) -> None:
    assert seconds(value) == expected


# --- builds -----------------------------------------------------------------------------

TITLE = "</script><script>alert(1)</script><!-- \"quoted\" & 'single' &amp; <b>"

EXTRA = {
    "kcna/hostile-video.md": f"""---
talk:
  title: '{TITLE.replace("'", "''")}'
  event: kcna-2022
  format: talk
  summary: One line.
  speakers:
    - name: Eve
  video: https://youtu.be/h0st1le?t=1m5s
---

```{{talk}}
```
""",
    "kcna/vimeo.md": """---
talk:
  title: On Vimeo
  event: kcna-2022
  format: talk
  summary: One line.
  speakers:
    - name: Vic
  video: https://vimeo.com/76979871
---

```{talk}
```
""",
    "kcna/lookalike.md": """---
talk:
  title: A Lookalike Host
  event: kcna-2022
  format: talk
  summary: One line.
  speakers:
    - name: Mal
  video: https://youtube.com.evil.org/watch?v=dQw4w9WgXcQ
---

```{talk}
```
""",
}


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("videos"), extra=EXTRA)


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def test_talk_page_shows_a_facade_that_is_a_real_link(basic_build: Build) -> None:
    page = basic_build.page("kcna/mesh-intro")
    facades = page.select("a.tdk-video-facade")
    assert len(facades) == 1
    link = facades[0]
    assert link["href"] == "https://www.youtube.com/watch?v=mesh101"
    assert link["data-embed"] == "https://www.youtube-nocookie.com/embed/mesh101?autoplay=1"
    assert link["data-title"] == "Service Mesh 101"
    assert text(link.select_one(".tdk-video-label")) == "Watch the video"
    assert "YouTube" in text(link.select_one(".tdk-video-note"))
    assert link.select_one(".tdk-video-play") is not None
    # the facade replaces the plain video link on the page; the slides link stays
    card = page.select_one(".tdk-card-page")
    assert card.select("a.tdk-video") == []
    assert [a["href"] for a in card.select(".tdk-links a.tdk-slides")] == ["https://slides.example.org/mesh-intro.pdf"]


def test_talk_page_makes_no_request_to_a_third_party(basic_build: Build) -> None:
    page = basic_build.page("kcna/mesh-intro")
    assert page.find("iframe") is None
    sources = [tag["src"] for tag in page.find_all(src=True)]
    assert sources, "expected the page's own scripts"
    assert [s for s in sources if not _local(s)] == []
    assert [tag["href"] for tag in page.find_all("link", href=True) if not _local(tag["href"])] == []
    assert "ytimg" not in " ".join(str(tag) for tag in page.find_all(src=True))
    assert any(s.startswith("../_static/talkdeck-video.js") for s in sources)
    # the only links to the video host are the facade itself
    youtube = [a for a in page.find_all("a", href=True) if "youtube" in a["href"]]
    assert [a["class"] for a in youtube] == [["tdk-video-facade"]]


def test_script_builds_the_player_with_dom_apis_only() -> None:
    script = (Path(__file__).parents[1] / "_ext/talkdeck/static/talkdeck-video.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "outerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script
    assert 'createElement("iframe")' in script and "frame.title =" in script
    assert NOCOOKIE in script and VIMEO_PLAYER in script


def test_grid_cards_keep_the_plain_link(basic_build: Build) -> None:
    page = basic_build.page("kcna/index")
    assert page.select("a.tdk-video-facade") == []
    links = [a["href"] for a in page.select(".tdk-card a.tdk-video")]
    assert links == ["https://www.youtube.com/watch?v=mesh101"]


def test_unknown_host_is_a_plain_link(basic_build: Build) -> None:
    page = basic_build.page("kceu/gateway-panel")
    assert page.select("a.tdk-video-facade") == [] and page.select("[data-embed]") == []
    links = page.select(".tdk-card-page a.tdk-video")
    assert [a["href"] for a in links] == ["https://videos.example.org/watch?v=panel&t=30s"]
    assert text(links[0]) == "Watch the video"


def test_hostile_title_stays_inside_the_facade_attributes(videos: Build) -> None:
    assert videos.warnings.strip() == ""
    page = videos.page("kcna/hostile-video")
    link = page.select_one("a.tdk-video-facade")
    assert link["data-title"] == TITLE
    assert link["href"] == "https://www.youtube.com/watch?v=h0st1le&t=65s"
    assert link["data-embed"] == "https://www.youtube-nocookie.com/embed/h0st1le?autoplay=1&start=65"
    # nothing from the title became markup: no script of its own, no <b>, no comment, no iframe
    scripts = page.find_all("script")
    assert [s for s in scripts if "alert" in (s.string or "") and s.get("type") != "application/ld+json"] == []
    assert len([s for s in scripts if s.get("type") == "application/ld+json"]) == 1
    assert page.find("b") is None and page.find("iframe") is None
    assert not any(isinstance(node, Comment) for node in page.find_all(string=True))


def test_vimeo_facade_and_lookalike_host(videos: Build) -> None:
    link = videos.page("kcna/vimeo").select_one("a.tdk-video-facade")
    assert link["href"] == "https://vimeo.com/76979871"
    assert link["data-embed"] == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    assert "Vimeo" in text(link)
    page = videos.page("kcna/lookalike")
    assert page.select("a.tdk-video-facade") == []
    assert [a["href"] for a in page.select(".tdk-card-page a.tdk-video")] == [
        "https://youtube.com.evil.org/watch?v=dQw4w9WgXcQ"
    ]
