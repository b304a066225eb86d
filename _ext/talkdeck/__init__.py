"""talkdeck: conference talks as MyST pages, rendered as cards, grids and cross-referenced pages.

Importing the package loads nothing from Sphinx, so the contributor command line
(`python -m talkdeck`) starts fast; Sphinx calls `setup`, which loads the extension.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    from .sphinxext.extension import setup as setup_extension

    return setup_extension(app)
