"""A build whose pages changed talks alone works out again only the digests those talks reach
(sphinxext/delta.py); every digest it keeps must be the one a full working-out gives. Each edit
below is built incrementally, then every page's listing digest and every generated page's digest
and export is worked out from scratch and compared with the one the build kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_root, make_app
from talkdeck.exports import calendars, writer
from talkdeck.exports.site import SiteData
from talkdeck.sphinxext import delta, listings, nav, pages, plan
from talkdeck.sphinxext.domain import get_domain, output_target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_TALK = """---
talk:
  id: added-talk
  title: An Added Talk
  event: kcna-2022
  format: talk
  speakers:
    - name: Doug Jordan
      affiliation: Buoyant
  topics: [Security]
---

```{talk}
```
"""

PACKETS, INTRO, AMBIENT = "kcna/packets.md", "kcna/mesh-intro.md", "kceu/ambient.md"
#: name -> (page, text in it, what replaces it, whether a Delta can stand for the edit); without
#: a text the page is written whole, or removed when nothing replaces it
EDITS: dict[str, tuple[str, str, str | None, bool]] = {
    "speaker renamed": (PACKETS, "name: Doug Jordan", "name: Douglas Jordan", True),
    # Doug Jordan is also Lyft's (kceu/member.md): the spelling of the earlier event's page wins,
    # and Lyft's page, which no edited talk names, shows its members' names
    "a member's name": (PACKETS, "name: Doug Jordan", "name: DOUG JORDAN", True),
    "affiliation": (PACKETS, "affiliation: Airbnb\n  topics", "affiliation: Lyft\n  topics", True),
    "topic": (PACKETS, "topics: [Networking, Observability]", "topics: [Security]", True),
    "title of a picked talk": (PACKETS, "Whose Packet Is It Anyway?", "Whose Packet?", True),
    "a timed talk's speaker": (INTRO, "name: Alex Leong", "name: Alex Long", True),
    "a timed talk retimed": (INTRO, "start: 2022-10-26 14:30", "start: 2022-10-26 15:30", True),
    "moved to another event": (PACKETS, "event: kcna-2022", "event: kceu", True),
    "talk added": ("kcna/added.md", "", NEW_TALK, True),
    "talk removed": (AMBIENT, "", None, True),
    "body only": (AMBIENT, "```{talk}\n```", "```{talk}\n```\n\nMore words.", False),
    "event renamed": ("kceu/index.md", "KubeCon", "KubeCon and CloudNativeCon", False),
    "profile edited": ("people/william-morgan.md", "name: William Morgan", "name: Will Morgan", False),
    "id taken from another page": ("kcna/copy.md", "", NEW_TALK.replace("added-talk", "whose-packet"), False),
}


def change(src: Path, page: str, old: str, new: str | None) -> None:
    if old:
        edit(src / page, old, new or "")
    elif new is None:
        (src / page).unlink()
    else:
        (src / page).write_text(new, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EDITS))
@pytest.mark.parametrize("parallel", [0, 2])
def test_kept_listing_digests_are_those_worked_out_from_scratch(tmp_path: Path, name: str, parallel: int) -> None:
    src = copy_root("basic", tmp_path / "src")
    for i in range(6):  # Sphinx reads serially below 5 pages
        (src / f"kcna/extra-{i}.md").write_text(
            NEW_TALK.replace("added-talk", f"extra-{i}").replace("Doug Jordan", f"Extra {i}"), encoding="utf-8"
        )
    (src / "kceu/member.md").write_text(
        NEW_TALK.replace("added-talk", "member").replace("kcna-2022", "kceu").replace("Buoyant", "Lyft"),
        encoding="utf-8",
    )
    app = make_app(src, tmp_path / "out", freshenv=True)
    app.build()
    app.cleanup()
    page, old, new, scoped = EDITS[name]
    change(src, page, old, new)
    app = make_app(src, tmp_path / "out", parallel=parallel)
    worked_out: list[str] = []
    real = listings.digest

    def counted(domain, docname):  # type: ignore[no-untyped-def]
        worked_out.append(docname)
        return real(domain, docname)

    kept_exports: list[str] = []
    real_kept = SiteData.kept

    def kept_export(self, key, kind, ident):  # type: ignore[no-untyped-def]
        found = real_kept(self, key, kind, ident)
        if found is not None:
            kept_exports.append(key)
        return found

    listings.digest = counted  # type: ignore[assignment]
    SiteData.kept = kept_export  # type: ignore[method-assign]
    try:
        app.build()
    finally:
        listings.digest = real  # type: ignore[assignment]
        SiteData.kept = real_kept  # type: ignore[method-assign]
        app.cleanup()
    domain = get_domain(app.env)
    found = delta.current(domain)
    assert (found is not None) == scoped, found
    written = domain.written(output_target(app.builder))
    fresh = {docname: real(domain, docname) for docname in domain.placeholders}
    assert {d: written.get(d) for d in fresh} == fresh
    site = nav.site_signature(app)
    kept = plan.kept(app)
    assert kept is not None
    entity_pages = {p: domain.fingerprint((site, pages.page_inputs(domain, e))) for p, e in pages.generated(app)}
    assert dict(kept.pages) == entity_pages
    made = [p for p, _, _, inputs in pages.planned(app) if inputs is not None]
    assert (len(made) < len(entity_pages)) == (found is not None), made
    delta.keep(domain, None)  # the exports and VEVENTs as a build without a Delta works them out
    exports = {key: output.digest for key, output in writer._exports(app).items()}
    assert dict(kept.exports) == exports
    vevents = dict(domain.data["vevents"])
    domain.data["vevents"].clear()
    calendars.keep_parts(writer.site_data(app))
    assert vevents == domain.data["vevents"]
    assert bool(kept_exports) == (found is not None)
    if name == "body only":  # the same records: no digest is worked out (sphinxext/unchanged.py)
        assert worked_out == []
    elif scoped:
        assert 0 < len(worked_out) < len(domain.placeholders), worked_out
    else:
        assert sorted(worked_out) == sorted(domain.placeholders)
