"""How the build scales, measured in one run and printed as ratios.

Usage: python benchmarks/scale.py [N ...]   (default: 100 1000 3000)
       python benchmarks/scale.py --clean-only [N ...]   (clean builds only, for a quick look)

For each N it generates N talk pages in the real format across several events (shared speakers,
topics, projects) in a temporary project using this repository's extension, furo and the site's
sidebars, and measures, each build in a fresh `sphinx-build` process:

- a clean build (-j 1): wall and CPU seconds, CPU ms per talk, peak memory;
- the baseline: the same pages as plain MyST with a static sphinx-design card, no extension;
- incremental rebuilds after editing one talk's body, one talk's speakers, and adding a talk;
- which feeds and calendars the speakers edit rewrites, against those that list the talk before
  or after the edit (each page's own feed and calendar, and the site-wide files);
- a clean build with -j 2 against -j 1 (wall clock);
- the size of one talk page, raw and gzip-compressed (what travels over the network).

CPU time is reported because it is what other load on the machine cannot inflate.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 4
SPEAKERS = 97
TOPICS = ("Security", "Zero trust", "Networking", "Observability", "Resilience", "GitOps", "Policy", "Community")
PROJECTS = ("Linkerd", "Kubernetes", "Envoy", "Gateway API", "Flagger", "Cilium")
SIDEBARS = (
    '{"**": ["sidebar/brand.html", "sidebar/search.html", "sidebar/scroll-start.html",'
    ' "sidebar/navigation.html", "talkdeck/sidebar-talks.html", "sidebar/scroll-end.html"]}'
)

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
project = "bench"
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_sidebars = {SIDEBARS}
"""

BASELINE_CONF = """
project = "bench"
extensions = ["myst_parser", "sphinx_design"]
exclude_patterns = ["_build"]
html_theme = "furo"
"""

#: Runs one sphinx-build in this process and prints its CPU time and peak memory (children
#: included, for -j), so every figure comes from a fresh interpreter.
RUNNER = """
import json, resource, sys, time
from sphinx.cmd.build import main
start = time.perf_counter()
code = main(sys.argv[1:])
wall = time.perf_counter() - start
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"code": code, "wall": wall, "cpu": cpu, "rss_mb": max(me.ru_maxrss, kids.ru_maxrss) / 1024}))
"""


def talk(i: int) -> dict[str, object]:
    """The data of talk i: shared speakers, topics and projects, so entity pages have many talks."""
    e = i % EVENTS
    people = sorted({i % SPEAKERS, (i * 7 + 3) % SPEAKERS})
    return {
        "event": e,
        "title": f"Talk number {i}",
        "speakers": [(f"Speaker {s}", f"Org {s % 13}") for s in people],
        "topics": sorted({TOPICS[i % len(TOPICS)], TOPICS[(i // 3) % len(TOPICS)]}),
        "projects": sorted({PROJECTS[i % len(PROJECTS)], PROJECTS[(i // 5) % len(PROJECTS)]}),
        "start": f"2022-10-{10 + e:02d} {9 + i % 8:02d}:{(i * 5) % 60:02d}",
    }


def talk_page(i: int) -> str:
    t = talk(i)
    speakers = "".join(f"    - name: {name}\n      affiliation: {org}\n" for name, org in t["speakers"])  # type: ignore[attr-defined]
    return (
        f"---\ntalk:\n  title: {t['title']}\n  event: event-{t['event']}\n  format: talk\n  speakers:\n{speakers}"
        f"  topics: [{', '.join(t['topics'])}]\n  projects: [{', '.join(t['projects'])}]\n"  # type: ignore[arg-type]
        f"  summary: Summary of talk {i}.\n  start: {t['start']}\n  duration: 30\n---\n\n"
        f"```{{talk}}\n```\n\nThe body of talk {i}.\n"
    )


def generate(src: Path, n: int) -> None:
    """A talkdeck project of n talks (also used by tests/test_nav.py)."""
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(
        "# Bench\n\n```{toctree}\n:hidden:\n\n"
        + "\n".join(f"talks/event-{e}/index" for e in range(EVENTS))
        + "\nspeakers\n```\n\n```{talk-grid}\n:limit: 12\n:sort: -start\n```\n"
    )
    (src / "speakers.md").write_text("# Speakers\n\n```{talk-index} speakers\n```\n")
    for e in range(EVENTS):
        folder = src / "talks" / f"event-{e}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(
            f"---\nevent:\n  name: Event {e}\n  start: 2022-10-{10 + e:02d}\n  end: 2022-10-{12 + e:02d}\n"
            f"  timezone: America/Detroit\n---\n\n```{{event}}\n```\n\n```{{talk-grid}}\n:event: event-{e}\n:limit: 24\n```\n"
        )
    for i in range(n):
        (src / "talks" / f"event-{i % EVENTS}" / f"talk-{i:05d}.md").write_text(talk_page(i))


def generate_baseline(src: Path, n: int) -> None:
    """The same talk pages as plain MyST: a heading, a static sphinx-design card and the body;
    event pages link every talk (talk pages are orphans, as in ours, so the sidebar is small)."""
    (src / "conf.py").write_text(BASELINE_CONF)
    (src / "index.md").write_text(
        "# Bench\n\n```{toctree}\n:hidden:\n\n" + "\n".join(f"talks/event-{e}/index" for e in range(EVENTS)) + "\n```\n"
    )
    links: dict[int, list[str]] = {e: [] for e in range(EVENTS)}
    for i in range(n):
        t = talk(i)
        e = int(t["event"])  # type: ignore[call-overload]
        links[e].append(f"- [{t['title']}](talk-{i:05d}.md)")
        people = ", ".join(f"{name} ({org})" for name, org in t["speakers"])  # type: ignore[attr-defined]
        (src / "talks" / f"event-{e}").mkdir(parents=True, exist_ok=True)
        (src / "talks" / f"event-{e}" / f"talk-{i:05d}.md").write_text(
            f"---\norphan: true\n---\n\n# {t['title']}\n\n:::{{card}}\n:class-card: sd-shadow-sm\n\n"
            f"{people}\n\nSummary of talk {i}.\n\n{t['start']} · Event {e}\n\n"
            f"{' '.join(t['topics'])} · {', '.join(t['projects'])}\n:::\n\nThe body of talk {i}.\n"  # type: ignore[arg-type]
        )
    for e, items in links.items():
        (src / "talks" / f"event-{e}" / "index.md").write_text(f"# Event {e}\n\n" + "\n".join(items) + "\n")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float


def sphinx(src: Path, *args: str) -> Run:
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, "-q", "-b", "html", *args, str(src), str(src / "_build" / "html")],
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    if found["code"] != 0:
        raise SystemExit(f"build failed in {src}:\n{out.stderr}")
    return Run(found["wall"], found["cpu"], found["rss_mb"])


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new, 1))


#: The output folders of the feeds and calendars, and the site-wide feed.
SUBSCRIPTIONS = ("feeds", "calendar")


def subscriptions(html: Path, talk: str) -> tuple[dict[str, int], set[str]]:
    """Every feed and calendar file with its modification time, and those that list `talk`."""
    files = [p for p in (html / "feed.xml", *(f for d in SUBSCRIPTIONS for f in (html / d).rglob("*"))) if p.is_file()]
    stamps = {p.relative_to(html).as_posix(): p.stat().st_mtime_ns for p in files}
    listing = {p.relative_to(html).as_posix() for p in files if talk in p.read_text(encoding="utf-8")}
    return stamps, listing


@dataclass
class Rewritten:
    files: int  # feeds and calendars in the output folder after the edit
    listing: int  # of those before or after it, how many list the edited talk
    rewritten: int  # written again, made or removed by the edit
    outside: list[str]  # rewritten though they list the talk neither before nor after


def rewritten(html: Path, talk: str, before: tuple[dict[str, int], set[str]]) -> Rewritten:
    (old, old_listing), (new, new_listing) = before, subscriptions(html, talk)
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    listing = old_listing | new_listing
    return Rewritten(len(new), len(listing), len(changed), sorted(changed - listing))


def measure(n: int, clean_only: bool) -> dict[str, object]:
    row: dict[str, object] = {"n": n}
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "ours"
        ours.mkdir()
        generate(ours, n)
        clean = sphinx(ours)
        row["clean"] = clean
        page = ours / "_build/html/talks/event-0/talk-00000.html"
        row["bytes"] = page.stat().st_size
        row["gzip"] = len(gzip.compress(page.read_bytes(), 9))
        if clean_only:
            return row
        first = ours / "talks/event-0/talk-00000.md"
        edit(first, "The body of talk 0.", "The body of talk 0, edited.")
        row["edit body"] = sphinx(ours)
        before = subscriptions(ours / "_build/html", "talk-00000")
        edit(first, "    - name: Speaker 0\n", "    - name: Speaker Renamed\n")
        row["edit speakers"] = sphinx(ours)
        row["rewritten"] = rewritten(ours / "_build/html", "talk-00000", before)
        (ours / "talks/event-1/talk-added.md").write_text(
            talk_page(n + 1).replace(f"event-{(n + 1) % EVENTS}", "event-1")
        )
        row["add talk"] = sphinx(ours)
        shutil.rmtree(ours / "_build")
        row["clean -j2"] = sphinx(ours, "-j", "2")
        base = Path(tmp) / "baseline"
        base.mkdir()
        generate_baseline(base, n)
        row["baseline"] = sphinx(base)
    return row


def main(argv: list[str]) -> None:
    clean_only = "--clean-only" in argv
    sizes = [int(a) for a in argv if a.isdigit()] or [100, 1000, 3000]
    rows = [measure(n, clean_only) for n in sizes]
    first: Run = rows[0]["clean"]  # type: ignore[assignment]
    per_base = first.cpu * 1000 / sizes[0]
    print("Clean builds (-j 1), CPU time; ratio = CPU ms per talk against the smallest N")
    print(
        f"{'talks':>6} {'wall s':>7} {'CPU s':>7} {'ms/talk':>8} {'ratio':>6} {'peak MB':>8} {'page B':>8} {'gzip B':>7}"
    )
    for row in rows:
        run: Run = row["clean"]  # type: ignore[assignment]
        per = run.cpu * 1000 / int(row["n"])  # type: ignore[call-overload]
        print(
            f"{row['n']:>6} {run.wall:>7.1f} {run.cpu:>7.1f} {per:>8.1f} {per / per_base:>6.2f} "
            f"{run.rss_mb:>8.0f} {row['bytes']:>8} {row['gzip']:>7}"
        )
    if clean_only:
        return
    print()
    print("Against the clean build of the same N (CPU time; -j 2 compares wall clock)")
    print(
        f"{'talks':>6} {'baseline':>9} {'overhead':>9} {'body edit':>10} {'speakers':>9} {'add talk':>9} {'-j2/-j1':>8}"
    )
    for row in rows:
        clean = row["clean"]
        base, body, people, added, j2 = (
            row[k] for k in ("baseline", "edit body", "edit speakers", "add talk", "clean -j2")
        )
        print(
            f"{row['n']:>6} {base.cpu:>8.1f}s {clean.cpu / base.cpu - 1:>+9.0%} "  # type: ignore[union-attr]
            f"{body.cpu / clean.cpu:>10.1%} {people.cpu / clean.cpu:>9.1%} {added.cpu / clean.cpu:>9.1%} "  # type: ignore[union-attr]
            f"{j2.wall / clean.wall:>8.2f}"  # type: ignore[union-attr]
        )
    print()
    print("Feeds and calendars the speakers edit wrote again (site-wide, per page, per talk)")
    print(f"{'talks':>6} {'files':>7} {'listing':>8} {'rewritten':>10}  rewritten without listing the talk")
    for row in rows:
        done: Rewritten = row["rewritten"]  # type: ignore[assignment]
        print(
            f"{row['n']:>6} {done.files:>7} {done.listing:>8} {done.rewritten:>10}  {', '.join(done.outside) or 'none'}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
