"""Read phase: take each page's talk or event front-matter once (at source-read), report its
problems with file and line, store the record in the Domain, and give the page its title."""

from __future__ import annotations

import codecs
from dataclasses import replace
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..core.frontmatter import default_id, read_page
from ..core.media import captions_path, load_tracks
from ..core.model import Entry, Event, Person, Talk
from ..core.people import load_picture, picture_path
from ..core.sources import undecodable
from . import compat
from .domain import get_domain
from .nodes import placeholder
from .report import Subtype, warn, warn_problem
from .specs import NavSpec, PerformersSpec, RelatedSpec, SearchSpec, SubscribeSpec

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: Sphinx stops the whole build with a traceback on a page that is not
    in the source encoding, naming no file; say which page and line instead, and leave it out."""
    encoding = app.config.source_encoding
    try:
        name = "UTF-8" if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig") else encoding
    except LookupError:  # an unknown source_encoding is Sphinx's own error to report
        return
    for docname in list(docnames):
        data = env.doc2path(docname).read_bytes()
        try:
            data.decode(encoding)
        except UnicodeDecodeError as err:
            line, message = undecodable(data, err, encoding, name)
            warn(message, docname, line, Subtype.encoding)
            docnames.remove(docname)
            # as if it did not exist: no toctree entry, no page, nothing left of an earlier read
            compat.forget_document(app, env, docname)


def note_reader(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: which process reads, so that one Sphinx forks to read knows it is one."""
    get_domain(env).note_reader()


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: MyST would only give us stringified values, so read the YAML ourselves; and
    the doctrees read before this one are let go (compat.release_read_doctrees), so a serial
    read holds one at a time, not the whole site; a forked reader lets go of the other pages'
    data, ours and Sphinx's, which it would otherwise send back."""
    compat.release_read_doctrees(app.env)
    if get_domain(app.env).forget_merged_pages():
        compat.forget_merged_documents(app.env)
    data = read_page(source[0], default_id(docname))
    for problem in data.problems:
        warn_problem(problem, docname)
    # parsed once is enough: MyST reads the rest (orphan, title ...) and never sees ours
    source[0] = data.for_myst(source[0])
    domain = get_domain(app.env)
    if data.redirects:
        domain.add_redirects(docname, data.redirects)
    if data.entry is not None and isinstance(data.entry.item, Talk) and data.entry.item.recordings:
        _read_captions(app, docname, data.entry)
    if data.entry is not None and isinstance(data.entry.item, Person) and data.entry.item.picture:
        data.entry = _read_picture(app, docname, data.entry)
    if data.entry is not None:
        domain.add_entry(replace(data.entry, docname=docname))
        if not isinstance(data.entry.item, Person):  # a profile is shown on its speaker page
            domain.add_placeholder(docname, NavSpec(docname))
            domain.add_placeholder(docname, SearchSpec(docname))
        if isinstance(data.entry.item, Talk):
            domain.add_placeholder(docname, PerformersSpec(docname))
    elif data.problems:
        domain.note_reported(docname)


def _read_captions(app: Sphinx, docname: str, entry: Entry) -> None:
    """The captions files the talk's recordings name: read once here (the same call `check`
    makes), kept in the Domain, and each a dependency of the page, so editing only a .vtt file
    reads the page again."""
    talk: Talk = entry.item  # type: ignore[assignment]
    page = app.env.doc2path(docname)
    for recording in talk.recordings:
        if recording.captions:
            app.env.note_dependency(captions_path(page, recording))
    tracks, problems = load_tracks(talk.recordings, page, app.srcdir, entry.line)
    for problem in problems:
        warn_problem(problem, docname)
    get_domain(app.env).set_tracks(docname, tracks)


def _read_picture(app: Sphinx, docname: str, entry: Entry) -> Entry:
    """A profile's picture, checked and measured once here (the call `check` makes); the file is a
    dependency of the page, so replacing only the picture reads the profile again."""
    page = app.env.doc2path(docname)
    app.env.note_dependency(picture_path(page, entry.item))  # type: ignore[arg-type]
    entry, problems = load_picture(entry, page, app.srcdir)
    for problem in problems:
        warn_problem(problem, docname)
    return entry


class InjectTitle(SphinxTransform):
    """Gives a talk or event page its title from the front-matter, so it is written only once.

    Runs before Sphinx collects titles; a page that starts with its own heading keeps it.
    """

    default_priority = 500  # after docutils turns front-matter into docinfo (340), before doctree-read (880)

    def apply(self, **kwargs: object) -> None:
        domain = get_domain(self.env)
        entry = domain.entries.get(self.env.docname)
        if entry is None:
            return
        if isinstance(entry.item, Talk):
            spec = RelatedSpec(self.env.docname)
            domain.add_placeholder(self.env.docname, spec)
            self.document += placeholder(spec=spec)
        if not _starts_with_heading(self.document):
            self._add_title(entry)
        if isinstance(entry.item, Event):
            # under the event page's title: subscribe to its talks
            subscribe = SubscribeSpec(self.env.docname)
            domain.add_placeholder(self.env.docname, subscribe)
            section = next(iter(self.document.findall(nodes.section)))
            section.insert(
                1 if section.children and isinstance(section[0], nodes.title) else 0, placeholder(spec=subscribe)
            )

    def _add_title(self, entry: Entry) -> None:
        item = entry.item
        text = item.title if isinstance(item, Talk) else item.name  # type: ignore[union-attr]
        section = nodes.section(
            "",
            nodes.title(text, text),
            ids=[
                f"{'talk' if isinstance(item, Talk) else 'profile' if isinstance(item, Person) else 'event'}-{item.id}"
            ],
            names=[nodes.fully_normalize_name(text)],
        )
        children = list(self.document.children)
        keep = 0  # docinfo (MyST's front-matter) must stay first for Sphinx to take it as metadata
        while keep < len(children) and isinstance(children[keep], _PREAMBLE):
            keep += 1
        for child in children[keep:]:
            self.document.remove(child)
        section.extend(children[keep:])
        self.document += section
        self.document.note_implicit_target(section, section)
        if isinstance(item, Talk):
            section.insert(1, addnodes.index(entries=[("single", f"{text}; talk", section["ids"][0], "", None)]))


_PREAMBLE = (nodes.docinfo, nodes.target, nodes.comment, nodes.substitution_definition)


def _starts_with_heading(document: nodes.document) -> bool:
    for child in document.children:
        if isinstance(child, _PREAMBLE):
            continue
        return isinstance(child, nodes.section)
    return False
