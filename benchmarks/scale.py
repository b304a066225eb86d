"""How the build scales, measured in one run and printed as ratios.

Usage: python benchmarks/scale.py [N ...]   (default: 100 1000 3000)
       python benchmarks/scale.py --skip-baseline 100 1000 10000   (above 1,000: no baseline, and
           the clean build again with -j 2 instead of the -j 1 / -j 2 pair)
       python benchmarks/scale.py --clean-only [N ...]   (clean builds only, for a quick look)

For each N it generates N talk pages in the real format in a temporary project using this
repository's extension, furo and the site's sidebars: hundreds of talks per event (four events a
year, one of them co-located with a conference, each in its own time zone), about one speaker for
every three talks, twenty topics, bodies as long as the real pages' (paragraphs, rubrics, a link,
a list), a recording on every third talk, a day without a time for half the talks of co-located
events. Each build runs in a fresh `sphinx-build` process and is measured:

- a clean build (-j 1): wall and CPU seconds, CPU ms per talk, peak memory;
- `talkdeck check` over every page, interpreter start included;
- incremental rebuilds: nothing changed, one talk's body edited, one talk's speakers edited, a
  talk added;
- three rounds of clean builds, -j 1, -j 2 and the baseline (the same pages as plain MyST with a
  static sphinx-design card, no extension): the -j 2 / -j 1 wall-clock ratio and the overhead
  over the baseline (CPU) are each the median of the three rounds' ratios, printed with the
  lowest and highest (the machine's speed drifts by tens of percent; the builds of a round share
  its drift); a size without a baseline: one more clean build, with -j 2, against the first;
- which feeds and calendars the speakers edit rewrites, against those that list the talk before
  or after the edit (each page's own feed and calendar, and the site-wide files);
- the size of one talk page, raw and gzip-compressed (what travels over the network).

CPU time is reported because it is what other load on the machine cannot inflate; the load
average is printed next to every wall-clock figure.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TALKS_PER_EVENT = 250  # "a few events a year, hundreds of talks each"
MIN_EVENTS = 4
BASELINE_MAX = 1000  # --skip-baseline: no baseline and no -j 2 build above this many talks
PAIRS = 3  # pairs of clean builds, -j 1 then -j 2, for the ratio of their wall clocks
TOPICS = (
    "Security", "Zero trust", "Networking", "Observability", "Resilience", "GitOps", "Policy", "Community",
    "Service mesh", "Multi-cluster", "Performance", "Rust", "eBPF", "Platform engineering", "Storage",
    "Serverless", "WebAssembly", "Supply chain", "Cost", "Edge",
)  # fmt: skip
PROJECTS = (
    "Linkerd", "Kubernetes", "Envoy", "Gateway API", "Flagger", "Cilium", "Istio", "Argo", "Prometheus",
    "OpenTelemetry", "Flux", "cert-manager",
)  # fmt: skip
FORMATS = ("talk", "talk", "talk", "lightning-talk", "panel", "keynote", "workshop", "maintainer-track")
ZONES = ("America/Detroit", "Europe/Amsterdam", "America/Los_Angeles", "Asia/Shanghai")
SIDEBARS = (
    '{"**": ["sidebar/brand.html", "sidebar/search.html", "sidebar/scroll-start.html",'
    ' "sidebar/navigation.html", "talkdeck/sidebar-talks.html", "sidebar/scroll-end.html"]}'
)
MYST = 'myst_enable_extensions = ["colon_fence", "deflist"]\nmyst_heading_anchors = 3\n'

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
project = "bench"
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_sidebars = {SIDEBARS}
{MYST}"""

BASELINE_CONF = f"""
project = "bench"
extensions = ["myst_parser", "sphinx_design"]
exclude_patterns = ["_build"]
html_theme = "furo"
{MYST}"""

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


def events(n: int) -> int:
    """How many events n talks are spread over: hundreds of talks each, at least four."""
    return max(MIN_EVENTS, n // TALKS_PER_EVENT)


def speakers(n: int) -> int:
    """How many people speak: about one new speaker for every three talks, at least 97."""
    return max(97, n * 3 // 10)


def event(e: int) -> dict[str, object]:
    """Event e: four a year (three conferences, the last one co-located with the third), each in
    its own time zone; a co-located event is the first day of its conference."""
    year, slot = 2016 + e // 4, e % 4
    if slot == 3:
        parent = event(e - 1)
        return {**parent, "name": f"Event {e}", "end": parent["start"], "part_of": f"event-{e - 1}"}
    month = 3 + slot * 3
    return {
        "name": f"Event {e}",
        "start": f"{year}-{month:02d}-10",
        "end": f"{year}-{month:02d}-13",
        "timezone": ZONES[slot],
        "city": ("Detroit", "Amsterdam", "Los Angeles", "Shanghai")[slot],
        "part_of": None,
    }


def talk(i: int, n: int) -> dict[str, object]:
    """The data of talk i of n: shared speakers, topics and projects, so entity pages have many
    talks; every third talk has a recording; half the talks of co-located events are known by their
    day only (as ServiceMeshCon's are)."""
    e = i % events(n)
    where = event(e)
    people = sorted(
        {i % speakers(n), (i * 7 + 3) % speakers(n)} | ({(i * 13 + 5) % speakers(n)} if i % 5 == 0 else set())
    )
    first_day = int(str(where["start"])[-2:])
    days = int(str(where["end"])[-2:]) - first_day + 1
    day = f"{str(where['start'])[:-2]}{first_day + (i // events(n)) % days:02d}"
    return {
        "event": e,
        "title": f"Talk number {i}",
        "format": FORMATS[i % len(FORMATS)],
        "speakers": [(f"Speaker {s}", f"Org {s % 37}") for s in people],
        "topics": sorted({TOPICS[i % len(TOPICS)], TOPICS[(i // 3) % len(TOPICS)], TOPICS[(i // 7) % len(TOPICS)]}),
        "projects": sorted({PROJECTS[i % len(PROJECTS)], PROJECTS[(i // 5) % len(PROJECTS)]}),
        "start": day if where["part_of"] and i // events(n) % 2 else f"{day} {9 + i % 8:02d}:{(i * 5) % 60:02d}",
        "video": f"https://www.youtube.com/watch?v=tdk{i:08d}" if i % 3 == 0 else None,
        "room": f"Room {i % 9}" if i % 2 == 0 else None,
    }


def body(i: int) -> str:
    """A talk's description as long as the real ones: paragraphs, two headings (rubrics: the page's
    title is the card's), a link, a list."""
    return (
        f"The body of talk {i}. The speakers walk through how their team runs a service mesh in "
        "production: what they measured before the change, what they expected to see and what "
        "surprised them once real traffic arrived. They keep the slides short and spend most of "
        "the time on a live demonstration.\n\n"
        "```{rubric} What the talk covers\n```\n\n"
        "- why the first rollout stalled, and the metric that showed it early;\n"
        "- how retries and timeouts were tuned per route instead of per service;\n"
        "- what the on-call rotation changed after the migration.\n\n"
        "The second half answers questions from the audience about upgrades, about certificates "
        "that rotate every day and about debugging a proxy that refuses a connection. The "
        "[project's documentation](https://linkerd.io/2/overview/) covers the same ground in more "
        "detail, and the speakers point to it for the commands they ran.\n\n"
        "```{rubric} Takeaways\n```\n\n"
        "Measure first, change one thing at a time, and keep the old path available until the new "
        "one has carried a full week of traffic. The recording, when there is one, shows every step "
        "of the demonstration.\n"
    )


def talk_page(i: int, n: int = 0) -> str:
    t = talk(i, n or i + 1)
    people = "".join(f"    - name: {name}\n      affiliation: {org}\n" for name, org in t["speakers"])  # type: ignore[attr-defined]
    extra = "".join(f"  {key}: {t[key]}\n" for key in ("video", "room") if t[key] is not None) + (
        f"  schedule_url: https://example.org/schedule/{i}\n" if i % 5 == 0 else ""
    )
    return (
        f"---\ntalk:\n  title: {t['title']}\n  event: event-{t['event']}\n  format: {t['format']}\n  speakers:\n{people}"
        f"  topics: [{', '.join(t['topics'])}]\n  projects: [{', '.join(t['projects'])}]\n"  # type: ignore[arg-type]
        f"  summary: Summary of talk {i}, one sentence for the card.\n  start: {t['start']}\n  duration: 30\n{extra}"
        f"---\n\n```{{talk}}\n```\n\n{body(i)}"
    )


def event_page(e: int) -> str:
    where = event(e)
    part_of = f"  part_of: {where['part_of']}\n" if where["part_of"] else ""
    return (
        f"---\nevent:\n  name: {where['name']}\n  city: {where['city']}\n  start: {where['start']}\n"
        f"  end: {where['end']}\n  timezone: {where['timezone']}\n{part_of}---\n\n```{{event}}\n```\n\n"
        f"A paragraph about event {e}: where it was held and what the community brought to it.\n\n"
        f"# Talks\n\n```{{talk-grid}}\n:event: event-{e}\n:limit: 24\n```\n"
    )


def generate(src: Path, n: int) -> None:
    """A talkdeck project of n talks (also used by tests/test_nav.py)."""
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(
        "# Bench\n\n```{toctree}\n:hidden:\n\n"
        + "\n".join(f"talks/event-{e}/index" for e in range(events(n)))
        + "\nspeakers\ntopics\n```\n\n```{talk-grid}\n:limit: 12\n:sort: -start\n```\n"
    )
    (src / "speakers.md").write_text("# Speakers\n\n```{talk-index} speakers\n```\n")
    (src / "topics.md").write_text("# Topics\n\n```{talk-index} topics\n```\n")
    for e in range(events(n)):
        folder = src / "talks" / f"event-{e}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(event_page(e))
    for i in range(n):
        (src / "talks" / f"event-{i % events(n)}" / f"talk-{i:05d}.md").write_text(talk_page(i, n))


def generate_baseline(src: Path, n: int) -> None:
    """The same talk pages as plain MyST: a heading, a static sphinx-design card and the same
    body; event pages link every talk (talk pages are orphans, as in ours, so the sidebar is small)."""
    (src / "conf.py").write_text(BASELINE_CONF)
    (src / "index.md").write_text(
        "# Bench\n\n```{toctree}\n:hidden:\n\n"
        + "\n".join(f"talks/event-{e}/index" for e in range(events(n)))
        + "\n```\n"
    )
    links: dict[int, list[str]] = {e: [] for e in range(events(n))}
    for i in range(n):
        t = talk(i, n)
        e = int(t["event"])  # type: ignore[call-overload]
        links[e].append(f"- [{t['title']}](talk-{i:05d}.md)")
        people = ", ".join(f"{name} ({org})" for name, org in t["speakers"])  # type: ignore[attr-defined]
        watch = f"\n\n[Watch the recording]({t['video']})" if t["video"] else ""
        (src / "talks" / f"event-{e}").mkdir(parents=True, exist_ok=True)
        (src / "talks" / f"event-{e}" / f"talk-{i:05d}.md").write_text(
            f"---\norphan: true\n---\n\n# {t['title']}\n\n:::{{card}}\n:class-card: sd-shadow-sm\n\n"
            f"{people}\n\nSummary of talk {i}, one sentence for the card.\n\n{t['start']} · Event {e}\n\n"
            f"{' · '.join(t['topics'])} · {', '.join(t['projects'])}{watch}\n:::\n\n{body(i)}"  # type: ignore[arg-type]
        )
    for e, items in links.items():
        (src / "talks" / f"event-{e}" / "index.md").write_text(
            f"# Event {e}\n\nA paragraph about event {e}.\n\n" + "\n".join(items) + "\n"
        )


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
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


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


def check(src: Path) -> Run:
    """`python -m talkdeck check` over the whole site, interpreter start included."""
    runner = "import runpy, sys; sys.argv = ['talkdeck', 'check']; runpy.run_module('talkdeck', run_name='__main__')"
    timed = RUNNER.replace("from sphinx.cmd.build import main", "").replace(
        "code = main(sys.argv[1:])",
        f"code = 0\ntry:\n    exec({runner!r})\nexcept SystemExit as stop:\n    code = stop.code",
    )
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", timed], cwd=src, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    found = json.loads(out.stdout.strip().splitlines()[-1])
    if found["code"] != 0:
        raise SystemExit(f"check failed in {src}:\n{out.stdout}\n{out.stderr}")
    return Run(wall, found["cpu"], found["rss_mb"])


def set_aside(build: Path, trash: Path) -> None:
    """Move a build's output out of the way of the next clean build, to be deleted when the run
    ends. Deleting it now would slow the next build down for reasons of the machine, not of the
    build: on a file system without a journal (this project's machine), ext4 skips the inodes
    deleted in the last minutes each time it allocates one, and a clean build at 1,000 talks
    right after deleting the previous one's files spent 4.3 s in the kernel instead of 1.5 s
    (its wall clock 24-26 s instead of 20), the more the more files a build writes."""
    if build.exists():
        trash.mkdir(exist_ok=True)
        build.rename(trash / f"{len(list(trash.iterdir()))}")


Round = tuple[Run, Run, Run]  # clean builds: -j 1, -j 2, the baseline


def median_round(rounds: list[Round], ratio: Callable[[Round], float]) -> tuple[Round, list[float]]:
    """The round whose `ratio` is the median of the rounds', and every round's `ratio`."""
    ranked = sorted(rounds, key=ratio)
    return ranked[len(ranked) // 2], [ratio(r) for r in rounds]


def measure(n: int, clean_only: bool, baseline: bool, tmp: Path) -> dict[str, object]:
    row: dict[str, object] = {"n": n, "load": os.getloadavg()[0]}
    trash = tmp / "trash"  # every size in the run's folder, deleted when the run ends (set_aside)
    ours = tmp / f"ours-{n}"
    ours.mkdir()
    generate(ours, n)
    clean = sphinx(ours)
    row["clean"] = clean
    page = ours / "_build/html/talks/event-0/talk-00000.html"
    row["bytes"] = page.stat().st_size
    row["gzip"] = len(gzip.compress(page.read_bytes(), 9))
    if clean_only:
        return row
    row["check"] = check(ours)
    row["no-op"] = sphinx(ours)
    first = ours / "talks/event-0/talk-00000.md"
    edit(first, "The body of talk 0.", "The body of talk 0, edited.")
    row["edit body"] = sphinx(ours)
    before = subscriptions(ours / "_build/html", "talk-00000")
    edit(first, "    - name: Speaker 0\n", "    - name: Speaker Renamed\n")
    row["edit speakers"] = sphinx(ours)
    row["rewritten"] = rewritten(ours / "_build/html", "talk-00000", before)
    (ours / "talks/event-1/talk-added.md").write_text(
        talk_page(n + 1, n).replace(f"event: event-{(n + 1) % events(n)}\n", "event: event-1\n")
    )
    row["add talk"] = sphinx(ours)
    if not baseline:  # the largest site: its clean build on both cores as well
        set_aside(ours / "_build", trash)
        row["load -j"] = os.getloadavg()[0]
        row["clean -j2"] = sphinx(ours, "-j", "2")
    if baseline:
        base = tmp / f"baseline-{n}"
        base.mkdir()
        generate_baseline(base, n)
        row["load -j"] = os.getloadavg()[0]
        rounds: list[Round] = []
        for _ in range(PAIRS):
            set_aside(ours / "_build", trash)
            one = sphinx(ours)
            set_aside(ours / "_build", trash)
            two = sphinx(ours, "-j", "2")
            set_aside(base / "_build", trash)
            rounds.append((one, two, sphinx(base)))
        (row["clean -j1"], row["clean -j2"], _), row["-j ratios"] = median_round(
            rounds, lambda r: r[1].wall / r[0].wall
        )
        (row["ours -j1"], _, row["baseline"]), over = median_round(rounds, lambda r: r[0].cpu / r[2].cpu)
        row["overheads"] = [ratio - 1 for ratio in over]
    return row


def ratio(row: dict[str, object], key: str) -> str:
    if key not in row:
        return "-"
    return f"{row[key].cpu / row['clean'].cpu:.1%}"  # type: ignore[attr-defined]


def main(argv: list[str]) -> None:
    clean_only = "--clean-only" in argv
    skip = "--skip-baseline" in argv
    sizes = [int(a) for a in argv if a.isdigit()] or [100, 1000, 3000]
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(n, clean_only, not (skip and n > BASELINE_MAX), Path(tmp)) for n in sizes]
    first: Run = rows[0]["clean"]  # type: ignore[assignment]
    per_base = first.cpu * 1000 / sizes[0]
    print("Clean builds (-j 1), CPU time; ratio = CPU ms per talk against the smallest N; load = 1-minute")
    print("load average when the build started (wall clock is only comparable under the same load)")
    print(
        f"{'talks':>6} {'wall s':>7} {'CPU s':>7} {'ms/talk':>8} {'ratio':>6} {'peak MB':>8} {'page B':>8} {'gzip B':>7} {'load':>5}"
    )
    for row in rows:
        run: Run = row["clean"]  # type: ignore[assignment]
        per = run.cpu * 1000 / int(row["n"])  # type: ignore[call-overload]
        print(
            f"{row['n']:>6} {run.wall:>7.1f} {run.cpu:>7.1f} {per:>8.1f} {per / per_base:>6.2f} "
            f"{run.rss_mb:>8.0f} {row['bytes']:>8} {row['gzip']:>7} {row['load']:>5.2f}"
        )
    if clean_only:
        return
    parallel = [row for row in rows if "clean -j2" in row and "clean -j1" not in row]
    if parallel:
        print()
        print("Clean builds with -j 2 of the sizes without a baseline (on 2 cores): wall and CPU s (all")
        print("processes), peak MB (the largest process), against the -j 1 clean build above")
        print(f"{'talks':>6} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'wall/-j1':>9} {'load':>5}")
        for row in parallel:
            j2: Run = row["clean -j2"]  # type: ignore[assignment]
            one: Run = row["clean"]  # type: ignore[assignment]
            print(
                f"{row['n']:>6} {j2.wall:>7.1f} {j2.cpu:>7.1f} {j2.rss_mb:>8.0f} {j2.wall / one.wall:>9.2f} "
                f"{row['load -j']:>5.2f}"
            )
    print()
    print("Against the clean build of the same N (CPU time); check = `python -m talkdeck check` over every")
    print(f"page, process start included (wall and CPU s); then, over {PAIRS} rounds of clean builds (-j 1,")
    print("-j 2, baseline = plain MyST with a static card): overhead = CPU of -j 1 over the baseline's and")
    print("-j2/-j1 = wall clock, each the median round's with the lowest and highest (range); baseline s,")
    print("-j2 s and -j1 s are the median round's; load when the rounds started")
    print(
        f"{'talks':>6} {'baseline':>9} {'overhead':>9} {'range':>12} {'body edit':>10} {'speakers':>9} {'no-op':>7} "
        f"{'add talk':>9} {'check s':>8} {'check CPU':>10} {'-j2/-j1':>8} {'range':>10} {'-j2 s':>6} "
        f"{'-j1 s':>6} {'load':>5}"
    )
    for row in rows:
        base: Run | None = row.get("baseline")  # type: ignore[assignment]
        j1: Run | None = row.get("clean -j1")  # type: ignore[assignment]
        j2: Run | None = row.get("clean -j2") if j1 else None  # type: ignore[assignment]
        checked: Run = row["check"]  # type: ignore[assignment]
        load_j = f"{row['load -j']:>5.2f}" if j1 else f"{'-':>5}"
        ratios: list[float] = row.get("-j ratios", [])  # type: ignore[assignment]
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}" if ratios else "-"
        overheads: list[float] = row.get("overheads", [])  # type: ignore[assignment]
        over = f"{min(overheads):+.0%}..{max(overheads):+.0%}" if overheads else "-"
        ours: Run | None = row.get("ours -j1")  # type: ignore[assignment]
        print(
            f"{row['n']:>6} {f'{base.cpu:.1f}s' if base else '-':>9} "
            f"{f'{ours.cpu / base.cpu - 1:+.0%}' if base and ours else '-':>9} {over:>12} "
            f"{ratio(row, 'edit body'):>10} {ratio(row, 'edit speakers'):>9} {ratio(row, 'no-op'):>7} "
            f"{ratio(row, 'add talk'):>9} {checked.wall:>8.2f} {checked.cpu:>10.2f} "
            f"{f'{j2.wall / j1.wall:.2f}' if j1 and j2 else '-':>8} {spread:>10} {f'{j2.wall:.1f}' if j2 else '-':>6} "
            f"{f'{j1.wall:.1f}' if j1 else '-':>6} {load_j}"
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
