"""The talk card as the parsed HTML shows it: on the talk's own page (```{talk}``` without an id)
and on other pages (```{talk} <id>```), plus the event card and the warnings of bad card directives."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from conftest import Build, build_root, find_warning, soup, text


def own_card(build: Build, docname: str):  # type: ignore[no-untyped-def]
    page = build.page(docname)
    cards = page.select(".tdk-card-page")
    assert len(cards) == 1, f"{docname}: {len(cards)} own-page cards"
    return cards[0]


def speakers(card) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(name, text in brackets) of each speaker on a card, in order."""
    found = []
    for speaker in card.select(".tdk-speaker"):
        found.append((text(speaker.select_one(".tdk-speaker-name")), text(speaker.select_one(".tdk-affiliation"))))
    return found


def topics(card) -> list[str]:  # type: ignore[no-untyped-def]
    para = card.select_one(".tdk-topics")
    return [text(child) for child in para.find_all(True, recursive=False)] if para else []


def projects(card) -> list[str]:  # type: ignore[no-untyped-def]
    """Project names as they show, without the " (project)" that only screen readers read."""
    return [text(p.find("span") if p.name == "a" else p) for p in card.select(".tdk-project")]


# --- the card on the talk's own page ----------------------------------------------------------


def test_own_page_card_shows_every_field(basic_build: Build) -> None:
    page = basic_build.page("kcna/mesh-intro")
    assert text(page.find("h1")).rstrip("¶") == "Service Mesh 101"
    card = own_card(basic_build, "kcna/mesh-intro")
    # the page already shows the title, so the card does not repeat it
    assert card.select_one(".tdk-title") is None
    assert text(card.select_one(".tdk-format")) == "Talk"
    event = card.select_one("a.tdk-event")
    assert (event["href"], text(event)) == ("index.html", "KubeCon NA 2022")
    # on its own page the card shows each speaker's role as well as the affiliation
    assert speakers(card) == [("Alex Leong", "Linkerd maintainer, Buoyant")]
    assert text(card.select_one(".tdk-summary")) == "What a service mesh is and why you might want one."
    assert topics(card) == ["Service mesh", "Security"]
    assert projects(card) == ["Linkerd"]
    # a project name can be an ordinary word ("Go"): its link says what it is, out of sight
    link = card.select_one("a.tdk-project")
    assert [(s.get_text(), s.get("class", [])) for s in link.find_all("span")] == [
        ("Linkerd", []),
        (" (project)", ["tdk-visually-hidden"]),
    ]
    time = card.select_one("time.tdk-time")
    assert time["datetime"] == "2022-10-26T14:30:00-04:00"
    assert text(time) == "Wednesday 26 October 2022, 14:30–15:05 EDT"
    assert text(card.select_one(".tdk-room")) == "Room 140"
    assert text(card.select_one(".tdk-when")) == "Wednesday 26 October 2022, 14:30–15:05 EDT · Room 140"
    # a YouTube video plays in place on the talk's own page: the link is the click-to-load facade
    video, slides = card.select_one("a.tdk-video-facade"), card.select_one("a.tdk-slides")
    label = text(video.select_one(".tdk-video-label"))
    assert (video["href"], label) == ("https://www.youtube.com/watch?v=mesh101", "Watch the video")
    assert (slides["href"], text(slides)) == ("https://slides.example.org/mesh-intro.pdf", "Slides")


def test_own_page_card_sits_before_the_page_body(basic_build: Build) -> None:
    section = basic_build.page("kcna/mesh-intro").find("section")
    blocks = [child for child in section.find_all(True, recursive=False)]
    assert blocks[0].name == "h1"
    assert "tdk-card-page" in blocks[1]["class"]
    assert text(blocks[2]) == "The body of the mesh introduction."


def test_two_speakers_with_and_without_roles(basic_build: Build) -> None:
    card = own_card(basic_build, "kcna/zero-trust")
    assert speakers(card) == [("Jason Morgan", "Buoyant"), ("Ashley Davis", "Software engineer, Jetstack")]
    assert (
        text(card.select_one(".tdk-speakers")) == "Jason Morgan (Buoyant), Ashley Davis (Software engineer, Jetstack)"
    )
    assert text(card.select_one(".tdk-format")) == "Workshop"
    assert text(card.select_one("time")) == "Tuesday 25 October 2022, 11:00–12:30 EDT"


@pytest.mark.parametrize(
    ("docname", "iso", "shown", "room"),
    [
        ("kcna/mesh-intro", "2022-10-26T14:30:00-04:00", "Wednesday 26 October 2022, 14:30–15:05 EDT", "Room 140"),
        ("kcna/rust-controllers", "2022-10-27T17:00:00-04:00", "Thursday 27 October 2022, 17:00–17:05 EDT", None),
        ("kceu/keynote", "2023-04-19T09:30:00+02:00", "Wednesday 19 April 2023, 09:30–09:45 CEST", "Hall 12"),
        ("kceu/gateway-panel", "2023-04-20T16:00:00+02:00", "Thursday 20 April 2023, 16:00–16:35 CEST", "G102"),
        # the talk's own zone wins over its event's, and without a duration there is no end
        ("kceu/policy-tutorial", "2023-04-21T10:00:00+01:00", "Friday 21 April 2023, 10:00 BST", None),
    ],
)
def test_time_is_rendered_in_the_zone_of_the_talk(
    basic_build: Build, docname: str, iso: str, shown: str, room: str | None
) -> None:
    card = own_card(basic_build, docname)
    times = card.find_all("time")
    assert len(times) == 1
    assert times[0]["datetime"] == iso
    assert text(times[0]) == shown
    if room is None:
        assert card.select_one(".tdk-room") is None
        assert text(card.select_one(".tdk-when")) == shown
    else:
        assert text(card.select_one(".tdk-room")) == room


def test_optional_fields_left_out_leave_nothing_behind(basic_build: Build) -> None:
    card = own_card(basic_build, "kcna/state-of-linkerd")
    assert card.find("time") is None
    assert card.select_one(".tdk-when") is None
    assert card.select_one(".tdk-links") is None
    assert speakers(card) == [("Alex Leong", "Buoyant")]
    assert text(card.select_one(".tdk-format")) == "Maintainer track"
    assert projects(card) == ["Linkerd", "Gateway API"]


def test_only_the_links_that_exist_are_shown(basic_build: Build) -> None:
    panel = own_card(basic_build, "kceu/gateway-panel")
    assert panel.select_one("a.tdk-video")["href"] == "https://videos.example.org/watch?v=panel&t=30s"
    assert panel.select_one("a.tdk-slides") is None
    assert text(panel.select_one(".tdk-links")) == "Watch the video · Add to calendar"
    tutorial = own_card(basic_build, "kceu/policy-tutorial")
    assert tutorial.select_one("a.tdk-video") is None
    assert tutorial.select_one("a.tdk-slides")["href"] == "https://slides.example.org/policy.pdf"


def test_format_badges(basic_build: Build) -> None:
    labels = {
        "kcna/mesh-intro": "Talk",
        "kcna/zero-trust": "Workshop",
        "kcna/rust-controllers": "Lightning talk",
        "kcna/state-of-linkerd": "Maintainer track",
        "kceu/keynote": "Keynote",
        "kceu/gateway-panel": "Panel",
        "kceu/policy-tutorial": "Tutorial",
    }
    for docname, label in labels.items():
        assert text(own_card(basic_build, docname).select_one(".tdk-format")) == label, docname


def test_accented_speaker_name_is_kept(basic_build: Build) -> None:
    assert speakers(own_card(basic_build, "kceu/ambient")) == [
        ("Zoë Example", "Independent"),
        ("Jason Morgan", "Buoyant"),
    ]


# --- cards of other talks: ```{talk} <id>``` -------------------------------------------------------


def test_talk_cards_by_id_link_to_the_talk_page(basic_build: Build) -> None:
    page = basic_build.page("pages/picks")
    cards = page.select(".tdk-card:not(.tdk-event-card)")
    assert len(cards) == 2
    assert not page.select(".tdk-card-page")
    first, second = cards
    link = first.select_one("a.tdk-title-link")
    assert (link["href"], text(link)) == ("../kcna/mesh-intro.html", "Service Mesh 101")
    assert first.select_one("a.tdk-event")["href"] == "../kcna/index.html"
    # away from its own page a card shows affiliations but not roles
    assert speakers(first) == [("Alex Leong", "Buoyant")]
    assert first.select_one("time")["datetime"] == "2022-10-26T14:30:00-04:00"
    assert first.select_one("a.tdk-video")["href"] == "https://www.youtube.com/watch?v=mesh101"
    # an explicit 'id:' is what {talk} refers to; the link goes to the page, whatever its file name
    link = second.select_one("a.tdk-title-link")
    assert (link["href"], text(link)) == ("../kcna/packets.html", "Whose Packet Is It Anyway?")
    assert speakers(second) == [("Kevin Leimkuhler", "Airbnb"), ("Doug Jordan", "Airbnb")]
    assert topics(second) == ["Networking", "Observability"]
    assert projects(second) == ["Kubernetes", "Linkerd"]


def test_event_card_by_id(basic_build: Build) -> None:
    card = basic_build.page("pages/picks").select_one(".tdk-event-card")
    link = card.select_one("a.tdk-title-link")
    assert (link["href"], text(link)) == ("../kceu/index.html", "KubeCon + CloudNativeCon Europe 2023")
    dates = card.select_one("time.tdk-dates")
    assert (dates["datetime"], text(dates)) == ("2023-04-18", "18–21 April 2023")
    assert text(card.select_one(".tdk-place")) == "Amsterdam, Netherlands"
    assert text(card.select_one(".tdk-count")) == "4 talks"


def test_event_card_on_its_own_page(basic_build: Build) -> None:
    page = basic_build.page("kcna/index")
    assert text(page.find("h1")).rstrip("¶") == "KubeCon + CloudNativeCon North America 2022"
    card = page.select_one(".tdk-event-card")
    assert card.select_one(".tdk-title") is None
    facts = [text(p) for p in card.select(".tdk-fact")]
    assert facts == [
        "When: 24–28 October 2022",
        "Where: Detroit, Michigan, USA",
        "Talks: 5 talks",
        "Web site: https://events.example.org/kcna-2022/",
        "Calendar: Add 3 talks to your calendar",
    ]
    assert card.select_one("a.tdk-url")["href"] == "https://events.example.org/kcna-2022/"


def test_every_internal_link_of_the_site_resolves(basic_build: Build) -> None:
    html = basic_build.html
    for path in html.rglob("*.html"):
        for anchor in soup(path).find_all("a", href=True):
            href = anchor["href"]
            if urlsplit(href).scheme or href.startswith(("#", "mailto:")):
                continue
            target = urlsplit(urljoin(path.relative_to(html).as_posix(), href)).path
            assert (html / target).is_file(), f"{path.relative_to(html)} links to missing {href}"


# --- warnings of card directives ----------------------------------------------------------------

BAD_CARDS = """\
---
orphan: true
---
# Bad cards

Some text.

```{talk}
```

```{talk} mesh-intr
```

```{talk} whose-packet
```

```{event} kcna
```
"""


@pytest.fixture(scope="module")
def bad_cards(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("basic", tmp_path_factory.mktemp("cards"), extra={"pages/bad-cards.md": BAD_CARDS})


def test_talk_without_id_on_a_page_without_a_talk(bad_cards: Build) -> None:
    warning = find_warning(
        bad_cards.records(),
        "pages/bad-cards.md",
        8,
        "talk: without an id this directive shows the page's own talk",
        "no valid 'talk:' front-matter",
        "give a talk id",
    )
    assert warning.type == "talkdeck.directive"


def test_unknown_talk_id_warns_with_did_you_mean(bad_cards: Build) -> None:
    warning = find_warning(
        bad_cards.records(), "pages/bad-cards.md", 11, "unknown talk 'mesh-intr'", "did you mean 'mesh-intro'?"
    )
    assert warning.type == "talkdeck.reference"


def test_unknown_event_id_warns_with_did_you_mean(bad_cards: Build) -> None:
    find_warning(bad_cards.records(), "pages/bad-cards.md", 17, "unknown event 'kcna'", "did you mean 'kcna-2022'?")


def test_bad_cards_leave_no_card_but_the_good_one(bad_cards: Build) -> None:
    assert len([w for w in bad_cards.records() if w.file == "pages/bad-cards.md"]) == 3
    page = bad_cards.page("pages/bad-cards")
    cards = page.select(".tdk-card")
    assert [text(c.select_one(".tdk-title-link")) for c in cards] == ["Whose Packet Is It Anyway?"]
    assert "Some text." in text(page)
