"""The published schema: the committed JSON Schema file is exactly what `schema.py` generates;
every talk and event page validates against it with the independent `jsonschema` package while
broken documents fail it (and the build's own reader agrees on both); the built site carries
the file and a field reference listing every field; the repository's YAML files parse, CI's
actions are pinned, and the issue form offers exactly the schema's formats."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, Build, build, parse_warnings, text
from talkdeck.core import jsonschema as reference
from talkdeck.core.frontmatter import read_page
from talkdeck.core.model import FORMATS

SCHEMA_FILE = REPO / reference.SCHEMA_PATH


class JsonLoader(yaml.SafeLoader):
    """YAML as the JSON Schema sees it: timestamps stay text, as in YAML 1.2 (and as the
    build's reader takes them); everything else is PyYAML's safe loading."""


JsonLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def front_matter(source: str) -> str:
    """The YAML between the first two '---' lines of a page."""
    lines = source.splitlines()
    assert lines and lines[0] == "---", "the page does not start with front-matter"
    end = lines.index("---", 1)
    return "\n".join(lines[1:end])


def load(yaml_text: str) -> Any:
    return yaml.load(yaml_text, Loader=JsonLoader)  # noqa: S506  (a SafeLoader subclass)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(validator: Draft202012Validator, document: Any) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(document)]


# --- the committed file is the generated one --------------------------------------------------


def test_committed_schema_file_is_what_schema_py_generates() -> None:
    generated = reference.render_schema()
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.is_file() else ""
    if committed != generated:
        diff = difflib.unified_diff(
            committed.splitlines(), generated.splitlines(), "committed", "generated", lineterm="", n=1
        )
        pytest.fail(
            f"{reference.SCHEMA_PATH} is out of date with _ext/talkdeck/core/schema.py.\n"
            f"Regenerate it with `{reference.REGENERATE}` and commit it.\n" + "\n".join(list(diff)[:40])
        )


def test_regenerate_script_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "talk.schema.json"
    target.write_text("{}\n", encoding="utf-8")
    assert reference.main(["--check", str(target)]) == 1
    assert reference.REGENERATE in capsys.readouterr().out
    assert reference.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == reference.render_schema()
    assert reference.main(["--check", str(target)]) == 0


def test_schema_is_a_valid_draft_2020_12_schema_of_the_whole_document(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert re.match(r"^[a-z][a-z0-9+.-]*:\S+$", schema["$id"]), "$id must be an absolute URI"
    assert schema["type"] == "object"
    assert set(schema["properties"]) == {"talk", "event", "speaker", "redirect_from"}


# --- real pages pass, broken documents fail ---------------------------------------------------


def _pages() -> list[Path]:
    """Every talk and event page of the site, and the valid pages of the test-basic root."""
    site = sorted((REPO / "talks").rglob("*.md"))
    basic = sorted((REPO / "tests" / "roots" / "test-basic").rglob("*.md"))
    return site + [p for p in basic if re.search(r"^(talk|event):", p.read_text(encoding="utf-8"), re.M)]


def test_the_site_has_talk_pages() -> None:
    assert len(list((REPO / "talks").rglob("*.md"))) >= 2


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_page_validates_against_the_committed_schema(page: Path, validator: Draft202012Validator) -> None:
    source = page.read_text(encoding="utf-8")
    document = load(front_matter(source))
    assert errors(validator, document) == []
    assert read_page(source, page.stem).problems == [], "the build's reader must agree"


_TALK_ = "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n"
BROKEN = {
    "missing title": "talk:\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n",
    "misspelt key": "talk:\n  titel: T\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n",
    "unknown format": "talk:\n  title: T\n  event: kcna\n  format: keynot\n  speakers: [{name: A}]\n  summary: S\n",
    "script URL": (
        "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n"
        "  video: javascript:alert(1)\n"
    ),
    "no speakers": "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: []\n  summary: S\n",
    "speaker without a name": (
        "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers:\n    - affiliation: Buoyant\n  summary: S\n"
    ),
    "topics as text": "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n  topics: Security\n",
    "start with an offset": (
        "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n"
        "  start: 2022-10-26 14:30+02:00\n"
    ),
    "zero minutes": "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n  duration: 0\n",
    "event date in words": (
        "event:\n  name: KubeCon\n  start: 24 October 2022\n  end: 2022-10-28\n  timezone: America/Detroit\n"
    ),
    "id with capitals": "event:\n  id: KCNA\n  name: K\n  start: 2022-10-24\n  end: 2022-10-28\n  timezone: UTC\n",
    "repeated topic": "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n  topics: [A, A]\n",
    "month 13": (
        "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n"
        "  start: 2022-13-01 10:00\n"
    ),
    "id too long": "event:\n  id: "
    + "a" * 101
    + "\n  name: K\n  start: 2022-10-24\n  end: 2022-10-28\n  timezone: UTC\n",
    "an address as an earlier path": _TALK_ + "redirect_from: [/talks/old.html]\n",
    "an earlier path in Sphinx's folders": _TALK_ + "redirect_from: [_static/old]\n",
    "a day without a time in month 13": _TALK_ + "  start: 2022-13-01\n",
    "co-located with an event that is no id": (
        "event:\n  name: K\n  start: 2022-10-24\n  end: 2022-10-28\n  timezone: UTC\n  part_of: KubeCon 2022\n"
    ),
    "both talk and event": (
        "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n"
        "event:\n  name: K\n  start: 2022-10-24\n  end: 2022-10-28\n  timezone: UTC\n"
    ),
}


@pytest.mark.parametrize("yaml_text", BROKEN.values(), ids=BROKEN.keys())
def test_broken_documents_are_rejected(yaml_text: str, validator: Draft202012Validator) -> None:
    assert errors(validator, load(yaml_text)), "the JSON Schema accepted a broken document"
    assert read_page(f"---\n{yaml_text}---\n", "page").problems, "the build's reader accepted it"


_TALK = "talk:\n  title: T\n  event: kcna\n  format: talk\n  speakers: [{name: A}]\n  summary: S\n"
ACCEPTED = {
    "zone with digits": _TALK + "  timezone: EST5EDT\n",
    "zone with a sign": _TALK + "  timezone: Etc/GMT+5\n",
    "scheme in capitals": _TALK + "  video: HTTPS://EXAMPLE.ORG/v\n",
    "start with seconds": _TALK + "  start: 2022-10-26 14:30:00\n",
    "start with a T": _TALK + "  start: 2022-10-26T14:30\n",
    "a day without a time": _TALK + "  start: 2022-10-26\n",
    "a schedule link": _TALK + "  schedule_url: https://sched.co/182Go\n",
    "earlier paths": _TALK + "redirect_from: [talks/kcna/old-name, old.v1/page~2]\n",
    "co-located": "event:\n  name: K\n  start: 2022-10-25\n  end: 2022-10-25\n  timezone: UTC\n  part_of: kcna\n",
}


@pytest.mark.parametrize("yaml_text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_unusual_but_valid_documents_are_accepted_by_both(yaml_text: str, validator: Draft202012Validator) -> None:
    assert read_page(f"---\n{yaml_text}---\n", "page").problems == []
    assert errors(validator, load(yaml_text)) == []


def test_a_page_that_is_neither_talk_nor_event_is_not_described(validator: Draft202012Validator) -> None:
    assert errors(validator, {"wrapup": {"author": "Flynn"}})
    assert errors(validator, "talk")


# --- the built site ---------------------------------------------------------------------------


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, dict, dict]:
    """One strict build of a copy of the repository, with its source tree before and after."""
    tmp = tmp_path_factory.mktemp("schema-site")
    src = tmp / "src"
    ignore = shutil.ignore_patterns(
        ".venv", "venv", "_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "test-artifacts"
    )
    shutil.copytree(REPO, src, ignore=ignore)
    before = _tree(src)
    result = build(
        src, tmp / "out", freshenv=True, warningiserror=True, keep_going=True, confoverrides={"nitpicky": True}
    )
    return result, before, _tree(src)


def _schema_fields(record: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str, str]]:
    """(path, 'yes'/'no', description) of every property, depth first, as the page writes them."""
    required = set(record.get("required", ()))
    for name, prop in record["properties"].items():
        path = prefix + name
        # `backquoted` words of the help are shown as code, without the backquotes
        yield path, "yes" if name in required else "no", prop.get("description", "").replace("`", "")
        items = prop.get("items", {})
        if prop.get("type") == "array" and "properties" in items:
            yield from _schema_fields(items, f"{path}[].")
        elif "properties" in prop:
            yield from _schema_fields(prop, f"{path}.")


def test_reference_page_lists_every_field_of_the_schema(site: tuple[Build, dict, dict], schema: dict) -> None:
    result = site[0]
    assert result.statuscode == 0, result.warnings
    page = result.page("reference")
    # the keys any page may have next to talk: or event: (redirect_from) are the `page` table
    top = {name: prop for name, prop in schema["properties"].items() if name not in schema["$defs"]}
    records = {**schema["$defs"], "page": {"properties": top}}
    for kind, record in records.items():
        table = page.select_one(f"table#{kind}-fields")
        assert table is not None, f"no field table for {kind!r} on the reference page"
        shown = [tuple(text(cell) for cell in row.select("td")) for row in table.select("tbody tr")]
        expected = list(_schema_fields(record))
        assert [(path, req, help_) for path, _type, req, help_ in shown] == expected


def test_schema_file_is_published_in_the_html_output(site: tuple[Build, dict, dict]) -> None:
    result = site[0]
    published = result.html / reference.SCHEMA_PATH
    assert published.read_bytes() == SCHEMA_FILE.read_bytes()
    link = result.page("reference").select_one(f'a[href$="{reference.SCHEMA_PATH.rsplit("/", 1)[-1]}"]')
    assert link is not None and (result.html / link["href"]).resolve() == published.resolve()


def test_building_writes_nothing_into_the_source_folder(site: tuple[Build, dict, dict]) -> None:
    _, before, after = site
    assert after == before


def _tiny_site(tmp: Path, body: str) -> Path:
    src = tmp / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "talkdeck"]\nsource_suffix = {".md": "markdown"}\ntemplates_path = []\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text(body, encoding="utf-8")
    return src


def test_directive_refuses_an_unknown_kind_and_text_builds_keep_only_the_link_text(tmp_path: Path) -> None:
    src = _tiny_site(tmp_path, "# Fields\n\nSee {talk-schema}`the schema`.\n\n```{talk-fields} person\n```\n")
    html = build(src, tmp_path / "html", freshenv=True)
    [warning] = parse_warnings(html.warnings, src)
    assert (warning.file, warning.line, warning.type) == ("index.md", 5, "talkdeck.directive")
    assert "use one of talk, event" in warning.message
    app = SphinxTestApp("text", srcdir=src, builddir=tmp_path / "text", status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert 'See "the schema".\n' in (tmp_path / "text" / "text" / "index.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "text" / "text" / "schema").exists()


# --- files that name the schema's choices, and YAML that must parse -------------------------


def test_issue_form_offers_exactly_the_schema_formats() -> None:
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "propose-a-talk.yml").read_text(encoding="utf-8"))
    [dropdown] = [item for item in form["body"] if item.get("id") == "format"]
    assert dropdown["attributes"]["options"] == list(FORMATS)


YAML_FILES = [
    ".readthedocs.yaml",
    ".pre-commit-config.yaml",
    *sorted(p.relative_to(REPO).as_posix() for p in (REPO / ".github").rglob("*.y*ml")),
]


@pytest.mark.parametrize("name", YAML_FILES)
def test_yaml_files_parse(name: str) -> None:
    assert isinstance(yaml.safe_load((REPO / name).read_text(encoding="utf-8")), dict)


def test_workflow_actions_are_pinned_to_full_commit_shas() -> None:
    for workflow in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", workflow.read_text(encoding="utf-8"), re.M)
        assert uses, workflow.name
        for action, comment in uses:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), f"{workflow.name}: {action} is not pinned"
            assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), f"{workflow.name}: {action} needs '# vX.Y.Z'"
