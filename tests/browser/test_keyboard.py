"""Keyboard: from the top of the index, Tab reaches every card's title link, and each shows a
visible focus ring while it has the focus."""

from __future__ import annotations

import pytest

from talkdeck.core.model import Talk

pytestmark = pytest.mark.browser

#: What the focused element looks like; a ring is a drawn outline or a box shadow.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    title: el.matches('.tdk-title-link') ? el.textContent.trim() : null,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}"""


def ring_visible(state: dict) -> bool:
    outline = state["outlineStyle"] not in ("none", "hidden") and state["outlineWidth"] > 0
    return outline or state["boxShadow"] not in ("", "none")


def test_tab_reaches_every_card_link_with_a_visible_ring(open_page, talks: dict[str, Talk]) -> None:
    page = open_page("index.html")
    focusable = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea').length")
    reached: dict[str, dict] = {}
    for _ in range(focusable + 10):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state["title"] is not None:
            reached.setdefault(state["title"], state)
        if len(reached) == len(talks):
            break
    assert sorted(reached) == sorted(talks)
    invisible = {title: state for title, state in reached.items() if not ring_visible(state)}
    assert not invisible, f"no visible focus ring on: {invisible}"
