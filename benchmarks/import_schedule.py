"""How long `python -m talkdeck import` takes for a conference-sized schedule.

Usage: python benchmarks/import_schedule.py [N ...]   (default: 500)
Generates a pretalx-style schedule.json of N events (four days, six rooms, pretalx persons with
accents, shared speakers, links and attachments, HTML descriptions) and a small site with
conf.py in a temporary folder, then times, as `python -m talkdeck import` in a subprocess
(interpreter start included, as a contributor waits for it):

- the first import, which writes N talk pages and the event page;
- a re-import of the same schedule, which finds every page by its guid and writes nothing;
- a re-import after the schedule moved every tenth talk, which rewrites those pages;

each the median of several runs (the first import into a fresh copy each time), and checks
that the pages pass `python -m talkdeck check`.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
ZONE = "Europe/Berlin"
ROOMS = ("Hall A", "Hall B", "Salle Érasme", "Room 101", "Workshop 1", "Workshop 2")
TYPES = ("Talk", "Talk", "Workshop", "Lightning Talk", "Keynote", "Panel")
TRACKS = ("Security", "Service mesh", "Observability", "Networking", None)
NAMES = ("Zoë Ünal", "José Núñez", "Łukasz Żółć", "Ana María López", "Renée Lévesque", "Søren Kierkegård")


def person(index: int) -> dict[str, object]:
    name = f"{NAMES[index % len(NAMES)]} {index}"
    return {"code": f"P{index:05d}", "name": name, "public_name": name, "biography": "Bio.", "avatar": None}


def schedule(n: int, moved: bool = False) -> dict[str, object]:
    """N events in slots of 45 minutes over four days; `moved` shifts every tenth by 15 minutes."""
    zone = ZoneInfo(ZONE)
    days: list[dict[str, object]] = []
    per_day = -(-n // 4)
    for index in range(n):
        day, slot = divmod(index, per_day)
        room = ROOMS[slot % len(ROOMS)]
        start = datetime(2024, 5, 6 + day, 9, 0, tzinfo=zone) + timedelta(minutes=45 * (slot // len(ROOMS)))
        if moved and index % 10 == 0:
            start += timedelta(minutes=15)
        if len(days) <= day:
            date = start.date().isoformat()
            days.append({"index": day + 1, "date": date, "day_start": f"{date}T04:00:00+02:00"})
            days[-1].update(day_end=f"{date}T23:59:00+02:00", rooms={})
        event = {
            "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench/{index}")),
            "code": f"T{index:05d}",
            "id": index + 1,
            "date": start.isoformat(),
            "start": start.strftime("%H:%M"),
            "duration": "00:40",
            "room": room,
            "slug": f"bench-2024-{index + 1}-talk-number-{index}",
            "url": f"https://pretalx.example.org/bench-2024/talk/T{index:05d}/",
            "title": f"Talk number {index}: a title of a usual length",
            "subtitle": "",
            "track": TRACKS[index % len(TRACKS)],
            "type": TYPES[index % len(TYPES)],
            "language": "en",
            "abstract": f"The abstract of talk {index}, a sentence or two about what it covers.",
            "description": "<p>" + "A description paragraph with <em>some</em> HTML &amp; text. " * 8 + "</p>" * 3,
            "persons": [person(index % 150), person((index * 7 + 3) % 150)],
            "links": [{"title": "Recording", "url": f"https://media.ccc.de/v/bench-{index}", "type": "related"}],
            "attachments": [{"title": "Slides", "url": f"/media/bench/{index}.pdf", "type": "related"}],
        }
        days[day]["rooms"].setdefault(room, []).append(event)  # type: ignore[union-attr]
    conference = {
        "acronym": "bench-2024",
        "title": "Benchmark Conference 2024",
        "start": "2024-05-06",
        "end": "2024-05-09",
        "daysCount": 4,
        "timeslot_duration": "00:05",
        "time_zone_name": ZONE,
        "days": days,
    }
    return {"schedule": {"version": "1", "base_url": "https://pretalx.example.org", "conference": conference}}


def site(folder: Path) -> Path:
    (folder / "talks").mkdir(parents=True)
    (folder / "conf.py").write_text('extensions = ["myst_parser", "talkdeck"]\nexclude_patterns = ["_build"]\n')
    (folder / "index.md").write_text("# Bench\n\n```{talk-grid}\n```\n")
    return folder


#: CPU seconds of each run, next to the wall-clock ones: other load on the machine skews the latter.
CPU: dict[str, list[float]] = {}


def run(src: Path, *args: str, label: str = "") -> float:
    """Wall-clock seconds of one `python -m talkdeck ...`; its CPU seconds go to CPU[label]."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "talkdeck", *args], cwd=src, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, done.stdout + done.stderr
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(label, []).append(cpu)
    return elapsed


def main(sizes: list[int]) -> None:
    print(f"python -m talkdeck import, median of {RUNS} runs, interpreter start included: wall / CPU seconds")
    print(f"{'events':>7} {'first import':>14} {'re-import':>14} {'10% moved':>14} {'check':>14}")
    for n in sizes:
        CPU.clear()
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            first_file, moved_file = base / "schedule.json", base / "moved.json"
            first_file.write_text(json.dumps(schedule(n), ensure_ascii=False), encoding="utf-8")
            moved_file.write_text(json.dumps(schedule(n, moved=True), ensure_ascii=False), encoding="utf-8")
            walls: dict[str, list[float]] = {"first": [], "again": [], "moved": [], "check": []}
            for attempt in range(RUNS):
                src = site(base / f"site-{attempt}")
                walls["first"].append(run(src, "import", str(first_file), "--event", "bench-2024", label="first"))
                if attempt:
                    shutil.rmtree(src)
            src = base / "site-0"
            pages = len(list((src / "talks" / "bench-2024").glob("*.md"))) - 1
            assert pages == n, pages
            for _ in range(RUNS):
                walls["again"].append(run(src, "import", str(first_file), "--event", "bench-2024", label="again"))
            for _ in range(RUNS // 2 + 1):  # back and forth: each run rewrites a tenth of the pages
                for file in (moved_file, first_file):
                    walls["moved"].append(run(src, "import", str(file), "--event", "bench-2024", label="moved"))
            walls["check"].append(run(src, "check", label="check"))
        cells = [
            f"{statistics.median(walls[k]):.2f} / {statistics.median(CPU[k]):.2f}"
            for k in ("first", "again", "moved", "check")
        ]
        print(f"{n:>7} " + " ".join(f"{cell:>14}" for cell in cells))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500])
