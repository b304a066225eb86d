"""What a missing tool means: a skip with its reason on a developer's machine, a failure in CI."""

from __future__ import annotations

import pytest

from .tools import require


def test_a_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no Chromium at /x; CI must have it"):
        require("no Chromium at /x")


def test_a_missing_tool_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium at /x; install it to run"):
        require("no Chromium at /x")


def test_nothing_missing_is_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert require(None) is None
