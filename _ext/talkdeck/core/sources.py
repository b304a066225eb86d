"""The site as the build sees it, without Sphinx: which pages it reads (conf.py's exclude
patterns, read with `ast`, never executed) and what each page's front-matter yields."""

from __future__ import annotations

import ast
import gc
import multiprocessing
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import check_collection
from .frontmatter import PageData, default_id, read_page
from .media import load_tracks
from .model import Entry, Person, Talk
from .people import load_picture
from .problems import Problem
from .reach import glob_regex, unreached

#: Never talk pages, and slow to walk: pruned in every walk, whatever conf.py says.
ALWAYS_SKIPPED = frozenset({"_build", "__pycache__", "node_modules", ".venv", "venv"})
#: What Sphinx itself always leaves out (sphinx.project.EXCLUDE_PATHS).
SPHINX_EXCLUDES = ("**/_sources", ".#*", "**/.#*", "*.lproj/**")
#: conf.py settings whose paths Sphinx does not read as documents.
_CONF_PATH_SETTINGS = ("exclude_patterns", "templates_path", "html_static_path")


@dataclass(frozen=True)
class Finding:
    """One problem at a file and line (0: the whole file, as Sphinx says of a page no toctree
    lists); `type` is 'talkdeck.<subtype>', Sphinx's 'toc.not_included', or '' for file errors."""

    path: Path
    line: int
    message: str
    type: str = ""


@dataclass
class Page:
    """One source file: its docname, its text as Sphinx decodes it, and why it could not be read."""

    path: Path
    docname: str
    text: str | None = None
    error: Finding | None = None
    data: PageData = field(default_factory=PageData)
    #: Problems of the files it names: its recordings' captions (media.load_tracks) or its
    #: picture (people.load_picture), as the build calls them.
    captions: list[Problem] = field(default_factory=list)


def find_srcdir(start: Path) -> Path | None:
    """The nearest folder at or above `start` with a conf.py: where the build's docnames start."""
    for folder in (start, *start.parents):
        try:
            if (folder / "conf.py").is_file():
                return folder
        except OSError:  # a parent we may not look into
            return None
    return None


def matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """True for a source-relative posix path that one of the patterns excludes."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(glob_regex(pattern)).match)
        except (re.error, ValueError):
            continue  # Sphinx would stop on it; the checker just does not exclude anything with it
    return lambda path: any(match(path) for match in compiled)


def conf_literals(srcdir: Path) -> dict[str, object]:
    """The settings conf.py assigns a literal to (read with `ast`, never executed)."""
    try:
        tree = ast.parse((srcdir / "conf.py").read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    found: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                continue
    return found


def conf_excludes(srcdir: Path) -> list[str]:
    """exclude_patterns, templates_path and html_static_path from conf.py, where they are literals."""
    literals = conf_literals(srcdir)
    found: list[str] = []
    for name in _CONF_PATH_SETTINGS:
        literal = literals.get(name)
        if isinstance(literal, list | tuple):
            found.extend(p for p in literal if isinstance(p, str))
    return found


def root_doc(srcdir: Path) -> str:
    """conf.py's root_doc (or its old name, master_doc); Sphinx's default is 'index'."""
    literals = conf_literals(srcdir)
    for name in ("root_doc", "master_doc"):
        if isinstance(literals.get(name), str):
            return literals[name]  # type: ignore[return-value]
    return "index"


def walk(top: Path, base: Path, excluded: Callable[[str], bool]) -> Iterator[Path]:
    """Every .md file under `top`, sorted, skipping excluded paths (relative to `base`) and loops."""
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(top, followlinks=True):
        try:
            info = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # a symlink back up the tree
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        folder = Path(root)
        rel = _relative(folder, base)
        dirs[:] = sorted(
            d for d in dirs if d not in ALWAYS_SKIPPED and not d.startswith(".") and not excluded(_join(rel, d))
        )
        for name in sorted(files):
            if name.endswith(".md") and not excluded(_join(rel, name)):
                yield folder / name


def _relative(path: Path, base: Path) -> str:
    try:
        rel = path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
    return "" if rel == "." else rel


def _join(folder: str, name: str) -> str:
    return unicodedata.normalize("NFC", f"{folder}/{name}" if folder else name)


def docname_of(path: Path, srcdir: Path) -> str:
    """The build's docname: the path under the source folder without '.md' (NFC, as Sphinx has it)."""
    rel = _relative(path, srcdir)
    return unicodedata.normalize("NFC", rel[: -len(path.suffix)] if path.suffix else rel)


def undecodable(raw: bytes, err: UnicodeDecodeError, encoding: str, name: str) -> tuple[int, str]:
    """The line and message for a page that is not text in the source encoding (the build's
    warning and `check`'s finding): the build leaves the page out until it is saved again."""
    line = len((raw[: err.start].decode(encoding, "replace") + "x").splitlines())
    return line, (
        f"is not {name} text (byte 0x{raw[err.start]:02X} on this line); "
        f"save the file as {name}: the page is left out until then"
    )


def read_source(path: Path, docname: str) -> Page:
    """The page's text decoded as Sphinx does (UTF-8, optional BOM, universal newlines), or why not."""
    page = Page(path, docname)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            page.error = Finding(path, 1, "is not a regular file; a page must be a plain text file")
            return page
        raw = path.read_bytes()
    except OSError as err:
        page.error = Finding(path, 1, f"cannot be read ({err.strerror or err}); check that it exists and is readable")
        return page
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, message = undecodable(raw, err, "utf-8", "UTF-8")
        page.error = Finding(path, line, message, "talkdeck.encoding")
        return page
    page.text = text.replace("\r\n", "\n").replace("\r", "\n")
    return page


def _front_matter(page: Page) -> tuple[PageData, Finding | None]:
    """read_page's result; what escapes it becomes a finding, since the command line must not
    end in a traceback (the build stops on these instead)."""
    assert page.text is not None
    try:
        return read_page(page.text, default_id(page.docname)), None
    except Exception as err:  # noqa: BLE001  (reported, with what to do)
        message = f"could not be checked ({type(err).__name__}: {err}); please report this as a talkdeck bug"
        return PageData(), Finding(page.path, 1, message)


def _captions(page: Page, srcdir: Path) -> list[Problem]:
    """The problems of the files a page names: a talk's captions, a profile's picture (read
    with the calls the build makes)."""
    entry = page.data.entry
    if entry is not None and isinstance(entry.item, Person):
        page.data.entry, problems = load_picture(entry, page.path, srcdir)
        return problems
    if entry is None or not isinstance(entry.item, Talk) or not entry.item.recordings:
        return []
    return load_tracks(entry.item.recordings, page.path, srcdir, entry.line)[1]


def read(path: Path, srcdir: Path) -> Page:
    """A page as `check` sees it: its text, front-matter and the files it names."""
    page = read_source(path, docname_of(path, srcdir))
    if page.text is not None:
        page.data, page.error = _front_matter(page)
        page.captions = _captions(page, srcdir)
    return page


def _read_all(paths: list[Path], srcdir: Path) -> list[Page]:
    return [read(path, srcdir) for path in paths]


#: Below this many pages one process reads them all: starting another costs more than it saves.
PARALLEL_FROM = 400


@contextmanager
def _uncollected() -> Iterator[None]:
    """Reading pages makes objects that all live on (the pages and their data): the cyclic
    collector's scans of them found nothing and cost a third of reading them, and four times
    the unpickling of the pages a forked reader sends back (10,000 pages: 1.0 s against 0.2 s).
    Forked readers inherit the setting."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_many(paths: list[Path], srcdir: Path) -> list[Page]:
    """The pages of `paths`, in that order; a large site is read by one process per core (as
    `sphinx-build -j auto` reads), where processes can be forked."""
    jobs = min(os.cpu_count() or 1, len(paths) // PARALLEL_FROM)
    with _uncollected():
        if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return _read_all(paths, srcdir)
        size = -(-len(paths) // jobs)
        chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return [page for pages in pool.map(_read_all, chunks, [srcdir] * len(chunks)) for page in pages]


@dataclass
class Site:
    """Every page the build would read, plus any extra pages named on the command line."""

    srcdir: Path
    pages: dict[Path, Page] = field(default_factory=dict)
    #: The root document when there is a conf.py; without one there is no telling which pages
    #: a toctree must list, so reachability is not checked.
    root: str | None = None

    def add(self, path: Path) -> Page:
        """Read a page (once) and its front-matter; `path` must be absolute."""
        if path not in self.pages:
            self.pages[path] = read(path, self.srcdir)
        return self.pages[path]

    def entries(self) -> list[Entry]:
        """The talks and events, each with the docname the build would give it."""
        return [replace(p.data.entry, docname=p.docname) for p in self.pages.values() if p.data.entry is not None]

    def cross_page(self) -> list[tuple[str, Problem]]:
        """The build's cross-page problems: the same call, with every page's earlier paths."""
        readable = [p for p in self.pages.values() if p.text is not None]
        redirects = {p.docname: p.data.redirects for p in readable if p.data.redirects}
        return check_collection(self.entries(), redirects, [p.docname for p in readable])

    def unreached(self) -> list[str]:
        """Docnames the build will say no toctree includes (reach.py has the rule)."""
        if self.root is None:
            return []
        texts = {p.docname: p.text for p in self.pages.values() if p.text is not None}
        exempt = {p.docname for p in self.pages.values() if p.data.listed_by_front_matter}
        return unreached(texts, exempt, self.root)


def load(srcdir: Path, has_conf: bool) -> Site:
    """Read every page the build would: the whole source folder when there is a conf.py,
    otherwise just its talks/ folder (without conf.py there is no telling what else is a page)."""
    site = Site(srcdir, root=root_doc(srcdir) if has_conf else None)
    excluded = matcher([*conf_excludes(srcdir), *SPHINX_EXCLUDES]) if has_conf else matcher(SPHINX_EXCLUDES)
    top = srcdir if has_conf else srcdir / "talks"
    if top.is_dir():
        paths = list(walk(top, srcdir, excluded))
        site.pages.update(zip(paths, read_many(paths, srcdir), strict=False))
    return site
