"""Tests that drive Debian's Chromium through Playwright over the built real site."""
