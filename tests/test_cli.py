"""The contributor command line (`python -m talkdeck`): `new` writes a page that passes `check`
and a strict build; `check` reports exactly what the build reports for front-matter, at the
same file and line; `list` shows the ids in use; no input makes it print a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, Warning_, build, build_root, text
from talkdeck.cli import main
from talkdeck.cli.check import github_line
from talkdeck.cli.hints import program
from talkdeck.core.frontmatter import find_block
from talkdeck.core.sources import Finding

EVENT = "kubecon-na-2022"
NEW_TALK = [
    "new",
    "--title",
    "Mesh Expansion: Linkerd Beyond the Cluster",
    "--event",
    EVENT,
    "--speaker",
    "Alex Leong|Buoyant|Linkerd maintainer",
    "--speaker",
    "Zoë Ünal|Example, Inc.",
    "--format",
    "talk",
    "--topic",
    "Service mesh",
    "--project",
    "Linkerd",
    "--summary",
    "Meshing virtual machines: what changes: and what stays the same.",
]
NEW_PAGE = f"talks/{EVENT}/mesh-expansion-linkerd-beyond-the-cluster.md"
_CHECK_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.*) \[(?P<type>[\w.-]+)\]$")


def copy_site(dest: Path) -> Path:
    """A private copy of this repository's site sources (as test_site builds them)."""
    ignore = shutil.ignore_patterns(
        ".venv", "venv", "_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "test-artifacts", "*.egg-info"
    )
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def cli(
    cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """Run the command line in-process from `cwd`: (exit code, stdout, stderr)."""
    monkeypatch.chdir(cwd)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_module(cwd: Path, *args: str, installed: bool = False) -> subprocess.CompletedProcess[str]:
    """`python -m talkdeck ...` in a child process; `installed` relies on the editable install alone."""
    env = dict(os.environ)
    if not installed:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "_ext"), env.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-m", "talkdeck", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def parse_check(output: str) -> list[Warning_]:
    """`file:line: message [type]` lines as the same records conftest makes of build warnings."""
    found = []
    for raw in output.splitlines():
        match = _CHECK_LINE.match(raw)
        assert match is not None, f"not a check line: {raw!r}"
        found.append(Warning_(match["path"], int(match["line"]), match["message"], match["type"]))
    return found


# --- new, check, build ---------------------------------------------------------------------


def test_new_page_passes_check_and_a_strict_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    code, out, err = cli(src, *NEW_TALK, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert out.strip() == NEW_PAGE
    page = (src / NEW_PAGE).read_text(encoding="utf-8")
    assert page.startswith('---\ntalk:\n  title: "Mesh Expansion: Linkerd Beyond the Cluster"\n')
    assert "    - name: Zoë Ünal\n      affiliation: Example, Inc.\n" in page
    assert '  summary: "Meshing virtual machines: what changes: and what stays the same."\n' in page

    code, out, err = cli(src, "check", monkeypatch=monkeypatch, capsys=capsys)
    assert (code, out) == (0, ""), out + err
    assert err.strip().endswith("pages checked: no problems")

    site = build(
        src, tmp_path / "out", freshenv=True, warningiserror=True, keep_going=True, confoverrides={"nitpicky": True}
    )
    assert site.warnings.strip() == ""
    assert site.statuscode == 0
    html = site.page(NEW_PAGE.removesuffix(".md"))
    assert text(html.find("h1")).rstrip("¶") == "Mesh Expansion: Linkerd Beyond the Cluster"
    card = html.select_one(".tdk-card-page")
    assert [text(s) for s in card.select(".tdk-speaker-name")] == ["Alex Leong", "Zoë Ünal"]
    assert "Describe the talk here in your own words" in text(html.select_one("article"))
    # and the event page lists it
    event = site.page(f"talks/{EVENT}/index")
    assert "Mesh Expansion: Linkerd Beyond the Cluster" in [text(a) for a in event.select(".tdk-title-link")]


def test_new_writes_recordings_and_chapters_from_their_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every field is a flag, recordings and chapters included (they are not prompts): each item's
    fields joined by '|', in the record's order, read by the schema as the build reads them."""
    src = copy_site(tmp_path / "src")
    flags = [
        "--recording",
        "https://www.youtube.com/watch?v=TJM7juAD8B0|en|31:05",
        "--recording",
        "https://vimeo.com/76979871",
        "--chapter",
        "0:00|Where the packet starts",
        "--chapter",
        "4:10|Through the proxy",
    ]
    code, out, err = cli(src, *NEW_TALK, *flags, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    front = yaml.safe_load((src / NEW_PAGE).read_text(encoding="utf-8").split("---\n")[1])["talk"]
    assert front["recordings"] == [
        {"url": "https://www.youtube.com/watch?v=TJM7juAD8B0", "language": "en", "length": "31:05"},
        {"url": "https://vimeo.com/76979871"},
    ]
    assert front["chapters"] == [
        {"start": "0:00", "title": "Where the packet starts"},
        {"start": "4:10", "title": "Through the proxy"},
    ]
    code, out, err = cli(src, "check", NEW_PAGE, monkeypatch=monkeypatch, capsys=capsys)
    assert (code, out) == (0, ""), out + err
    # a chapter's start is read by the schema at once, before anything is written
    (src / NEW_PAGE).unlink()
    code, out, err = cli(src, *NEW_TALK, "--chapter", "4:75|Late", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and "--chapter #1 (start)" in err, err
    assert not (src / NEW_PAGE).exists()


def test_new_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    existing = src / f"talks/{EVENT}/overview-and-state-of-linkerd.md"
    before = existing.read_bytes()
    args = ["new", "--title", "Overview And State Of Linkerd", "--event", EVENT, "--speaker", "Alex Leong"]
    code, out, err = cli(src, *args, "--format", "talk", "--summary", "Again.", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert out == ""
    assert f"error: talks/{EVENT}/overview-and-state-of-linkerd.md already exists; edit that page" in err
    assert existing.read_bytes() == before


def test_new_needs_an_existing_event_and_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    args = [a if a != EVENT else "kubecon-na-2202" for a in NEW_TALK]
    code, _, err = cli(src, *args, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert err.splitlines()[:2] == [
        "error: --event: unknown event 'kubecon-na-2202'; did you mean 'kubecon-na-2022'? (known: kubecon-na-2022, "
        "servicemeshcon-na-2022); add its page first:",
        f"  {program(src)} new event --id kubecon-na-2202 --name NAME --start START --end END --timezone TIMEZONE",
    ]
    assert not (src / "talks/kubecon-na-2202").exists()


def test_new_reports_invalid_values_by_flag_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    args = [a if a != "talk" else "workshp" for a in NEW_TALK] + ["--speaker", "|Nobody"]
    code, _, err = cli(src, *args, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert "--format: unknown format 'workshp'; did you mean 'workshop'?" in err
    assert "--speaker #3 (name): is empty; fill it in (the speaker's full name as they write it)" in err
    assert not (src / NEW_PAGE).exists()


def test_new_reuses_the_spelling_other_talks_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    args = ["new", "--title", "A", "--event", EVENT, "--speaker", "jason morgan|buoyant", "--format", "talk"]
    code, out, err = cli(src, *args, "--project", "linkerd", "--summary", "S.", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "note: using 'Jason Morgan' for 'jason morgan', as other talks spell it" in err
    page = (src / out.strip()).read_text(encoding="utf-8")
    assert "    - name: Jason Morgan\n      affiliation: Buoyant\n" in page
    assert "  projects: [Linkerd]\n" in page


def test_new_without_a_terminal_names_the_missing_flags(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "src")
    result = run_module(src, "new", "--title", "Only a title")
    assert result.returncode == 2
    assert "error: missing --event, --format, --speaker, --summary" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_asks_for_what_the_flags_leave_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    monkeypatch.setattr("talkdeck.cli.scaffold.interactive", lambda: True)
    # in the schema's order: event (no default: the site has two, KubeCon and ServiceMeshCon,
    # co-located), speakers (then an empty line), topics, projects, summary, video, slides,
    # schedule_url, start, timezone, duration, room, id
    answers = iter(
        [EVENT, "Kasper Nissen|Lunar", "", "Security, Zero trust", "", "One line.", "", "", "", "", "", "", "", ""]
    )
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(answers))
    code, out, err = cli(
        src, "new", "--title", "Asked For", "--format", "panel", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0, err
    assert next(answers, None) is None  # every field was asked, none twice
    page = (src / f"talks/{EVENT}/asked-for.md").read_text(encoding="utf-8")
    assert f"  event: {EVENT}\n" in page
    assert "    - name: Kasper Nissen\n      affiliation: Lunar\n" in page
    assert "  topics: [Security, Zero trust]\n" in page
    assert "projects" not in page and "id:" not in page
    assert '  summary: "One line."\n' in page


# --- check against the build ---------------------------------------------------------------


def test_check_reports_what_the_build_reports_over_test_broken(tmp_path: Path) -> None:
    broken = build_root("broken", tmp_path)
    result = run_module(broken.srcdir, "check", ".")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    checked = parse_check(result.stdout)

    # The checker reads front-matter only. It cannot know what the build reports about page
    # bodies (the {talk}/{event}/{talk-grid} directives and roles: talkdeck.directive and
    # talkdeck.reference warnings located after the front-matter), nor MyST's and Sphinx's
    # own warnings (not of type talkdeck). Exactly those are left out, and nothing else.
    def in_front_matter(w: Warning_) -> bool:
        block = find_block((broken.srcdir / w.file).read_text(encoding="utf-8"))
        return block is not None and w.line < block.end_line

    comparable = [w for w in broken.records() if w.type.startswith("talkdeck.") and in_front_matter(w)]
    left_out = [w for w in broken.records() if w not in comparable]
    assert {w.type for w in left_out if w.type.startswith("talkdeck.")} == {"talkdeck.directive", "talkdeck.reference"}
    assert {w.type for w in left_out if not w.type.startswith("talkdeck.")} == {"toc.no_title"}

    assert len(checked) == len(set(checked))
    assert set(checked) == set(comparable)
    assert len(checked) == 25
    assert result.stderr.strip().endswith("29 pages checked: 25 problems in 21 files")


def test_a_large_site_is_read_by_several_processes_with_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check` reads a site of PARALLEL_FROM pages or more with a process per core (here: the
    29 pages of test-broken with the threshold at 5, on two cores): the same findings, in the
    same order, as one process."""
    from talkdeck.cli import check
    from talkdeck.core import sources

    src = shutil.copytree(REPO / "tests/roots/test-broken", tmp_path / "src")
    serial = check.run(src, True, ["."], src)
    pools = []

    class Counted(sources.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            pools.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(sources, "PARALLEL_FROM", 5)
    monkeypatch.setattr(sources, "ProcessPoolExecutor", Counted)
    monkeypatch.setattr(sources.os, "cpu_count", lambda: 2)
    parallel = check.run(src, True, ["."], src)
    assert pools == [(2,)]
    assert len(serial.findings) == 25
    assert parallel.findings == serial.findings and parallel.pages == serial.pages == 29


@pytest.mark.parametrize("threshold", [5, 1000], ids=["forked", "one-process"])
def test_reading_pages_turns_the_collector_off_only_while_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> None:
    """The pages are read with the cyclic collector off (its scans of objects that all live on
    cost a third of the reading), and it is on again afterwards, also after a failed read."""
    import gc

    from talkdeck.core import sources

    src = shutil.copytree(REPO / "tests/roots/test-broken", tmp_path / "src")
    paths = sorted(src.rglob("*.md"))
    monkeypatch.setattr(sources, "PARALLEL_FROM", threshold)
    monkeypatch.setattr(sources.os, "cpu_count", lambda: 2)
    seen = []
    real = sources.read

    def spied(path: Path, srcdir: Path) -> sources.Page:
        seen.append(gc.isenabled())
        return real(path, srcdir)

    if threshold > len(paths):  # a forked reader's own calls are not seen here
        monkeypatch.setattr(sources, "read", spied)
    assert gc.isenabled()
    pages = sources.read_many(paths, src)
    assert [p.path for p in pages] == paths
    assert gc.isenabled()
    assert seen == ([False] * len(paths) if threshold > len(paths) else [])

    def broken(path: Path, srcdir: Path) -> sources.Page:
        raise OSError("disk gone")

    monkeypatch.setattr(sources, "read", broken)
    monkeypatch.setattr(sources, "PARALLEL_FROM", 1000)
    with pytest.raises(OSError):
        sources.read_many(paths, src)
    assert gc.isenabled()


def test_check_of_some_pages_still_checks_them_against_the_whole_site(tmp_path: Path) -> None:
    src = shutil.copytree(REPO / "tests/roots/test-broken", tmp_path / "src")
    result = run_module(src, "check", "talks/unknown-event.md", "talks/dup-id-b.md", "talks/dup-id-a.md")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "talks/dup-id-b.md:5: talk.id: talk id 'shared-id' is already used by talks/dup-id-a; "
        "give this page its own 'id:' or rename the file [talkdeck.duplicate]",
        "talks/unknown-event.md:4: talk.event: unknown event 'kcna-2202'; did you mean 'kcna-2022'? "
        "(known: bad-dates, kcna-2022); use the id of an event page [talkdeck.reference]",
    ]
    assert result.stderr.strip() == "3 pages checked: 2 problems in 2 files"
    # paths are shown relative to where the command runs
    inner = run_module(src / "talks", "check", "unknown-event.md")
    assert inner.stdout.startswith("unknown-event.md:4: talk.event: unknown event 'kcna-2202'")


def test_the_real_site_checks_clean_through_the_installed_module() -> None:
    result = run_module(REPO, "check", installed=True)
    assert "No module named talkdeck" not in result.stderr, "run `make test`: it installs talkdeck (pip install -e .)"
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert result.stderr.strip().endswith("pages checked: no problems")


def test_the_command_line_loads_nothing_from_sphinx() -> None:
    code = (
        "import sys\nfrom talkdeck.cli import main\nassert main(['list']) == 0\nassert main(['check']) == 0\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'sphinx', 'docutils', 'myst_parser', 'jinja2'})\n"
        "print('LOADED', loaded)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext")}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "LOADED []"


# --- GitHub annotations ----------------------------------------------------------------------


def test_github_annotations_escape_data_and_properties() -> None:
    finding = Finding(Path.cwd() / "talks/a,b:c.md", 7, "50% of it\r\nis wrong: fix, then go", "talkdeck.frontmatter")
    assert github_line(finding, Path.cwd()) == (
        "::error file=talks/a%2Cb%3Ac.md,line=7,title=talkdeck.frontmatter::50%25 of it%0D%0Ais wrong: fix, then go"
    )


def test_check_prints_github_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = shutil.copytree(REPO / "tests/roots/test-broken", tmp_path / "src")
    code, out, err = cli(
        src, "check", "--format", "github", "talks/unknown-format.md", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1
    assert out.splitlines() == [
        "::error file=talks/unknown-format.md,line=5,title=talkdeck.frontmatter::talk.format: unknown format "
        "'workshp'; did you mean 'workshop'? (known: keynote, lightning-talk, maintainer-track, panel, talk, "
        "tutorial, workshop)"
    ]
    assert err.strip() == "1 page checked: 1 problem in 1 file"


# --- list -----------------------------------------------------------------------------------


def test_list_shows_ids_names_and_talk_counts_of_the_real_site(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(REPO, "list", "speakers", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert re.fullmatch(r"  alex-leong +Alex Leong +3 talks", rows["alex-leong"])
    assert re.fullmatch(r"  jason-morgan +Jason Morgan +2 talks", rows["jason-morgan"])
    assert re.fullmatch(r"  flynn +Flynn +1 talk", rows["flynn"])

    code, out, _ = cli(REPO, "list", "--json", monkeypatch=monkeypatch, capsys=capsys)
    data = json.loads(out)
    assert list(data) == ["events", "speakers", "topics", "projects", "organisations", "formats"]
    assert data["events"] == [
        {"id": EVENT, "name": "KubeCon + CloudNativeCon North America 2022", "talks": 6},
        {"id": "servicemeshcon-na-2022", "name": "ServiceMeshCon North America 2022", "talks": 3},
    ]
    assert {"id": "buoyant", "name": "Buoyant", "talks": 8} in data["organisations"]  # Kevin Leimkuhler's too
    assert {"id": "lightning-talk", "name": "Lightning talk", "talks": 1} in data["formats"]
    assert {"id": "service-mesh", "name": "Service mesh", "talks": 8} in data["topics"]


# --- no traceback, whatever the input -----------------------------------------------------------


def test_unreadable_and_undecodable_pages_are_problems_not_tracebacks(tmp_path: Path) -> None:
    talks = tmp_path / "talks" / "ev"
    talks.mkdir(parents=True)
    (talks / "latin1.md").write_bytes(b"---\ntalk:\n  title: Caf\xe9\n---\n")
    # PyYAML refuses control characters while it reads; read_page turns that into a located problem
    (talks / "control.md").write_bytes(b"---\ntalk:\n  title: A\x06B\n---\n")
    (talks / "folder.md").mkdir()
    (talks / "dangling.md").symlink_to(tmp_path / "nowhere")
    os.mkfifo(talks / "pipe.md")
    (talks / "loop").symlink_to(talks)  # a symlink back up the tree is walked once
    result = run_module(tmp_path, "check")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "talks/ev/control.md:3: YAML does not allow the invisible character U+0006; delete it [talkdeck.yaml]",
        "talks/ev/dangling.md:1: cannot be read (No such file or directory); check that it exists and is readable",
        "talks/ev/latin1.md:3: is not UTF-8 text (byte 0xE9 on this line); save the file as UTF-8: the page is left out until then [talkdeck.encoding]",
        "talks/ev/pipe.md:1: is not a regular file; a page must be a plain text file",
    ]


def test_folders_without_talks(tmp_path: Path) -> None:
    empty = run_module(tmp_path, "check")
    assert (empty.returncode, empty.stdout) == (2, "")
    assert "error: no talks/ folder in" in empty.stderr
    (tmp_path / "notes").mkdir()
    named = run_module(tmp_path, "check", "notes", "missing.md", "README.txt")
    assert named.returncode == 2
    assert "error: missing.md: no such file or folder" in named.stderr
    listed = run_module(tmp_path, "list", "events")
    assert (listed.returncode, listed.stdout) == (2, "")  # like check: not a site
    assert "error: no talks/ folder in" in listed.stderr and "run from the site's root" in listed.stderr
    for result in (empty, named, listed):
        assert "Traceback" not in result.stderr
    new = run_module(tmp_path, "new", *NEW_TALK[1:])
    assert new.returncode == 2 and "no folder 'talks' here" in new.stderr


def test_hostile_arguments_are_problems_not_tracebacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    base = ["new", "--event", EVENT, "--format", "talk"]
    weird = ["--title", "\udcff\u2028 \x00", "--summary", "a\nb", "--topic", "\t", "--speaker", "a|b|c|d|e"]
    code, _, err = cli(src, *base, *weird, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert "--speaker 'a|b|c|d|e': give at most NAME|AFFILIATION|ROLE|ID ('|' separates them; 5 parts given)" in err
    code, _, err = cli(
        src, *base, "--title", "!!! ???", "--summary", "S.", "--speaker", "x", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1
    assert "has no letters or digits to make a file name from; give --id" in err
    code, _, err = cli(
        src, *base, "--title", "T \x85", "--summary", "a\nb", "--speaker", "x", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1
    assert "--summary: must be a single line; join the lines" in err
    code, _, err = cli(
        src,
        *base,
        "--title",
        "T",
        "--summary",
        "S",
        "--speaker",
        "x",
        "--id",
        "../x",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 1
    assert "--id: '../x' is not an id" in err
    assert sorted(p.name for p in (src / "talks" / EVENT).iterdir()) == sorted(
        p.name for p in (REPO / "talks" / EVENT).iterdir()
    )


def test_new_refuses_an_id_another_page_already_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    (src / "talks/a-meetup").mkdir()
    (src / "talks/a-meetup/index.md").write_text(
        "---\nevent:\n  name: A meetup\n  start: 2023-01-10\n  end: 2023-01-10\n  timezone: Europe/Paris\n---\n"
    )
    # talks/a-meetup/... sorts before talks/kubecon-na-2022/..., so the build would blame the old page
    args = ["new", "--title", "Overview And State Of Linkerd", "--event", "a-meetup", "--speaker", "Alex Leong"]
    code, _, err = cli(src, *args, "--format", "talk", "--summary", "Again.", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert (
        f"it would make talks/{EVENT}/overview-and-state-of-linkerd.md report: talk.id: talk id "
        "'overview-and-state-of-linkerd' is already used by talks/a-meetup/overview-and-state-of-linkerd" in err
    )
    assert not (src / "talks/a-meetup/overview-and-state-of-linkerd.md").exists()
    code, out, err = cli(
        src,
        *args,
        "--format",
        "talk",
        "--summary",
        "Again.",
        "--id",
        "overview-2023",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert (code, out.strip()) == (0, "talks/a-meetup/overview-2023.md"), err


def test_new_at_a_terminal_offers_to_write_a_missing_event_page_then_the_talk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    monkeypatch.setattr("talkdeck.cli.scaffold.interactive", lambda: True)
    event = [
        "y",
        "Mesh Day 2024",
        "",
        "Berlin",
        "",
        "Germany",
        "2024-02-30",
        "2024-05-01",
        "2024-05-01",
        "Europe/Berlin",
        "",
        "",
    ]
    talk = ["", "", "", "", "", "", "", "", "", ""]  # topics ... id: all left out
    answers = iter(event + talk)
    prompts: list[str] = []

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", answer)
    args = ["new", "--title", "Hello Berlin", "--event", "mesh-day-2024", "--format", "talk"]
    code, out, err = cli(
        src, *args, "--speaker", "Ann Example|Example", "--summary", "S.", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0, err
    assert next(answers, None) is None
    assert prompts[0] == "Create an event page for 'mesh-day-2024' now? [y/N]: "
    assert "  '2024-02-30' is not a date: February 2024 has 29 days" in err.splitlines()  # asked again
    assert out.strip() == "talks/mesh-day-2024/hello-berlin.md"
    page = (src / "talks/mesh-day-2024/index.md").read_text(encoding="utf-8")
    assert page.startswith(
        '---\nevent:\n  name: "Mesh Day 2024"\n  city: Berlin\n  country: Germany\n  start: 2024-05-01\n'
    )
    code, _, err = cli(src, "check", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err


def test_new_refuses_an_existing_page_before_asking_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_site(tmp_path / "src")
    monkeypatch.setattr("talkdeck.cli.scaffold.interactive", lambda: True)

    def no_questions(prompt: str = "") -> str:
        raise AssertionError(f"asked {prompt!r} although the page exists")

    monkeypatch.setattr("builtins.input", no_questions)
    args = ["new", "--title", "Overview And State Of Linkerd", "--event", EVENT]
    code, out, err = cli(src, *args, monkeypatch=monkeypatch, capsys=capsys)
    assert (code, out) == (1, "")
    assert err == (
        f"error: talks/{EVENT}/overview-and-state-of-linkerd.md already exists; edit that page, "
        "or choose another title or --id\n"
    )
