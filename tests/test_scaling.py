"""What a build does once per site must not be done once per page: a site of 10,000 talks
would pay it 10,000 times over (issue 17). Counted, not timed, on sites from
benchmarks/scale.py's generator."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_nav import generator

from conftest import build
from talkdeck.sphinxext import domain


@pytest.mark.parametrize("talks", [16, 64])
def test_the_site_wide_index_is_made_a_fixed_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, talks: int
) -> None:
    """The index of talks and events by id (domain._lookup) is made from every page; reading
    a page must not make it again (the talk directive asked for it once per page)."""
    made: list[int] = []
    first_by_id = domain.first_by_id

    def counted(entries, kind):  # type: ignore[no-untyped-def]
        made.append(1)
        return first_by_id(entries, kind)

    monkeypatch.setattr(domain, "first_by_id", counted)
    src = tmp_path / "src"
    src.mkdir()
    generator().generate(src, talks)
    result = build(src, tmp_path / "out", freshenv=True)
    assert result.warnings == ""
    assert 0 < len(made) <= 4, f"{len(made)} indexes made for {talks} talks"
