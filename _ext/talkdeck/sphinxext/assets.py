"""The extension's own templates and static files: added after the project's own, so a project's
`page.html` wins over ours, and the stylesheet only where the builder writes HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).parent.parent / "static"
TEMPLATES = Path(__file__).parent.parent / "templates"


#: Templates for one theme each (templates/themes/<html_theme>/): where talkdeck corrects the
#: theme's own markup for readers (a11y.py says what).
THEMES = TEMPLATES / "themes"


def add_templates(app: Sphinx, config: Config) -> None:
    """config-inited: our templates and CSS, after the project's own; the theme's folder first.

    New lists, never appends: an unset option is Sphinx's shared default list.
    """
    themed = THEMES / str(config.html_theme)
    ours = [_setting(app.confdir, themed)] if themed.is_dir() else []
    config.templates_path = [*config.templates_path, *ours, _setting(app.confdir, TEMPLATES)]
    config.html_static_path = [*config.html_static_path, _setting(app.confdir, STATIC)]


def _setting(confdir: Path, folder: Path) -> str:
    """A folder as these settings take it: relative to the configuration directory when inside
    it (the site's own _ext/, a .venv in the project), so the configuration Sphinx digests into
    .buildinfo, and the generated pages' digests with it, does not depend on where the project
    was checked out; absolute otherwise (a package installed elsewhere, at a fixed place)."""
    try:
        return folder.resolve().relative_to(Path(confdir).resolve()).as_posix()
    except ValueError:
        return str(folder)


def add_stylesheet(app: Sphinx) -> None:
    """builder-inited: CSS only for HTML builders."""
    if app.builder.format == "html":
        app.add_css_file("talkdeck.css")
