"""How long `python -m talkdeck check` takes, so it stays cheap enough to run before every commit.

Usage: python benchmarks/check.py [N ...]   (default: 100)
Generates a site of N valid talk pages across four events in a temporary folder, then times
`check` over all of them in-process (reading, validating, cross-page checks; imports already
done) and as a subprocess (what a contributor or CI waits for, interpreter start included),
each the median of several runs. The target is well under a second for 100 talks.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from talkdeck.cli import check as cli_check  # noqa: E402  (after the path insert, as conf.py does)

RUNS = 7
EVENTS = 4
TOPICS = ("Security", "Zero trust", "Networking", "Observability", "Resilience", "GitOps", "Policy")
PROJECTS = ("Linkerd", "Kubernetes", "Envoy", "Gateway API", "Flagger", "Cilium")


def generate(src: Path, n: int) -> None:
    """A conf.py, an index and N talks with shared speakers, topics and projects."""
    (src / "conf.py").write_text('extensions = ["myst_parser", "talkdeck"]\nexclude_patterns = ["_build"]\n')
    (src / "index.md").write_text("# Bench\n\n```{talk-grid}\n```\n")
    for e in range(EVENTS):
        folder = src / "talks" / f"event-{e}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(
            f"---\nevent:\n  name: Event {e}\n  start: 2022-10-{10 + e:02d}\n  end: 2022-10-{12 + e:02d}\n"
            "  timezone: America/Detroit\n---\n\n```{event}\n```\n"
        )
    for i in range(n):
        e = i % EVENTS
        speakers = "".join(
            f"    - name: Speaker {s}\n      affiliation: Org {s % 13}\n      role: Engineer\n"
            for s in sorted({i % 97, (i * 7 + 3) % 97})
        )
        topics = ", ".join(sorted({TOPICS[i % len(TOPICS)], TOPICS[(i // 3) % len(TOPICS)]}))
        projects = ", ".join(sorted({PROJECTS[i % len(PROJECTS)], PROJECTS[(i // 5) % len(PROJECTS)]}))
        (src / "talks" / f"event-{e}" / f"talk-{i:05d}.md").write_text(
            f'---\ntalk:\n  title: "Talk number {i}: a title of a usual length"\n  event: event-{e}\n'
            f"  format: talk\n  speakers:\n{speakers}  topics: [{topics}]\n  projects: [{projects}]\n"
            f'  summary: "Summary of talk {i}, one sentence for the card."\n'
            f"  video: https://example.org/watch?v={i}\n"
            f"  start: 2022-10-{10 + e:02d} {9 + i % 8:02d}:{(i * 5) % 60:02d}\n  duration: 30\n"
            f"  room: Room {i % 9}\n---\n\n```{{talk}}\n```\n\n" + f"The body of talk {i}.\n" * 20
        )


def in_process(src: Path) -> float:
    start = time.perf_counter()
    result = cli_check.run(src, True, [], src)
    elapsed = time.perf_counter() - start
    assert not result.findings, result.findings[:3]
    return elapsed


def as_subprocess(src: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=src, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    return elapsed


def median(measure, *args) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(measure(*args) for _ in range(RUNS))


def main(sizes: list[int]) -> None:
    python = median(as_subprocess, Path.cwd(), "-c", "pass")
    print(f"median of {RUNS} runs; a bare `python -c pass` takes {python * 1000:.0f} ms here")
    print(f"{'talks':>6} {'in-process ms':>14} {'ms per talk':>12} {'subprocess ms':>14}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp)
            generate(src, n)
            inside = median(in_process, src)
            outside = median(as_subprocess, src, "-m", "talkdeck", "check")
        print(f"{n:>6} {inside * 1000:>14.0f} {inside * 1000 / n:>12.2f} {outside * 1000:>14.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100])
