"""The contributor command line (`talkdeck new|check|list|import`): the build's checks without
Sphinx. Imports the core and the importer, never Sphinx, docutils or MyST."""

from __future__ import annotations

from .main import main

__all__ = ["main"]
