"""Clean-build cost per talk as the number of talks grows, measured in one run.

Usage: python benchmarks/scale.py [N ...]   (default: 100 1000)
Generates N talk pages across several events (shared speakers, topics, projects) in a
temporary project that uses this repository's extension and theme, builds each clean with
sphinx-build, and prints wall and CPU seconds, CPU milliseconds per talk, HTML size of one
talk page, and the ratio of the CPU cost per talk against the smallest N.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 4
SPEAKERS = 97
TOPICS = ("Security", "Zero trust", "Networking", "Observability", "Resilience", "GitOps", "Policy", "Community")
PROJECTS = ("Linkerd", "Kubernetes", "Envoy", "Gateway API", "Flagger", "Cilium")

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
project = "bench"
extensions = ["myst_parser", "sphinx_design", "talkdeck"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_sidebars = {{"**": ["sidebar/brand.html", "sidebar/search.html", "sidebar/scroll-start.html",
                        "sidebar/navigation.html", "talkdeck/sidebar-talks.html", "sidebar/scroll-end.html"]}}
"""


def generate(src: Path, n: int) -> None:
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
        e = i % EVENTS
        a, b = i % SPEAKERS, (i * 7 + 3) % SPEAKERS
        speakers = "".join(f"    - name: Speaker {s}\n      affiliation: Org {s % 13}\n" for s in sorted({a, b}))
        topics = ", ".join(sorted({TOPICS[i % len(TOPICS)], TOPICS[(i // 3) % len(TOPICS)]}))
        projects = ", ".join(sorted({PROJECTS[i % len(PROJECTS)], PROJECTS[(i // 5) % len(PROJECTS)]}))
        (src / "talks" / f"event-{e}" / f"talk-{i:05d}.md").write_text(
            f"---\ntalk:\n  title: Talk number {i}\n  event: event-{e}\n  format: talk\n  speakers:\n{speakers}"
            f"  topics: [{topics}]\n  projects: [{projects}]\n  summary: Summary of talk {i}.\n"
            f"  start: 2022-10-{10 + e:02d} {9 + i % 8:02d}:{(i * 5) % 60:02d}\n  duration: 30\n---\n\n"
            f"```{{talk}}\n```\n\nThe body of talk {i}.\n"
        )


def build(src: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one clean build (CPU time is what other load cannot inflate)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(src / "_build" / "html")],
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp)
            generate(src, n)
            wall, cpu = build(src)
            page = src / "_build" / "html" / "talks" / "event-0" / "talk-00000.html"
            rows.append((n, wall, cpu, cpu * 1000 / n, page.stat().st_size))
    base = rows[0][3]
    print(f"{'talks':>6} {'wall s':>7} {'CPU s':>7} {'CPU ms per talk':>16} {'talk page bytes':>16} {'cost ratio':>11}")
    for n, wall, cpu, per, size in rows:
        print(f"{n:>6} {wall:>7.1f} {cpu:>7.1f} {per:>16.1f} {size:>16} {per / base:>11.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
