"""Lighthouse (pinned in package.json) over the real site as Read the Docs builds it, served on
127.0.0.1 as a web host serves it (gzip): the index, a talk, a speaker, a topic and the event
page, on a phone and on a desktop, in Debian's Chromium. Accessibility, best practices and SEO
score 100; performance at least 95.

Lighthouse simulates a slow network and processor from what it measured, so the performance
score moves a little from run to run (and more on a busy machine): a page below 95 is measured
again, twice at most, and its best run counts. The other three categories are checks, not
measurements: their first run counts. Every report is kept in test-artifacts/lighthouse/ as
JSON, with summary.md: page, form factor, the four scores, transfer size and request count."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO

from .tools import CHROMIUM, chromium_missing, lighthouse_missing, node, require

pytestmark = pytest.mark.browser

REPORTS = REPO / "test-artifacts" / "lighthouse"
RUNNER = Path(__file__).with_name("lighthouse.mjs")
KINDS = ("index", "talk", "speaker", "topic", "event")
FORM_FACTORS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Chromium in a closed network: nothing of its own goes out (background networking, component
#: updates, sync), which would otherwise be refused at start; headless, no GPU, no sandbox (root).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
PERFORMANCE = 0.95
TRIES = 3
#: Seconds for one run: about 15 on an idle machine.
TIMEOUT = 120


@dataclass(frozen=True)
class Report:
    kind: str
    form_factor: str
    path: str
    scores: dict[str, float]
    transfer: int  # bytes over the network
    requests: int
    tries: int
    failing: dict[str, list[str]]  # category -> audits below 1 that count towards its score

    @classmethod
    def read(cls, file: Path, kind: str, form_factor: str, path: str, tries: int) -> Report:
        lhr = json.loads(file.read_text(encoding="utf-8"))
        audits = lhr["audits"]
        failing = {
            category: [
                f"{ref['id']} ({audits[ref['id']]['score']}: {audits[ref['id']].get('displayValue', '')})"
                for ref in lhr["categories"][category]["auditRefs"]
                if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
            ]
            for category in CATEGORIES
        }
        return cls(
            kind=kind,
            form_factor=form_factor,
            path=path,
            scores={c: lhr["categories"][c]["score"] for c in CATEGORIES},
            transfer=int(audits["total-byte-weight"]["numericValue"]),
            requests=len(audits["network-requests"]["details"]["items"]),
            tries=tries,
            failing=failing,
        )


def run_lighthouse(runs: list[dict], plan_file: Path) -> None:
    """One Node process, one Chromium, the runs in order; the whole group ends if it hangs."""
    plan_file.write_text(json.dumps({"chrome": str(CHROMIUM), "flags": list(FLAGS), "runs": runs}), encoding="utf-8")
    process = subprocess.Popen(
        [node() or "node", str(RUNNER), str(plan_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Chromium joins the group, so a kill reaches it too
    )
    try:
        out, err = process.communicate(timeout=TIMEOUT * len(runs))
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"Lighthouse took more than {TIMEOUT} s a page", pytrace=False)
    assert process.returncode == 0, err[-3000:] + out[-2000:]


@pytest.fixture(scope="module")
def reports(pages, base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[Report]]:
    """Every run of each (page, form factor), best performance first; that run's JSON is kept."""
    require(chromium_missing())
    require(lighthouse_missing())
    REPORTS.mkdir(parents=True, exist_ok=True)
    for old in REPORTS.glob("*"):
        old.unlink()
    tmp = tmp_path_factory.mktemp("lighthouse")
    paths = {kind: pages.all()[kind] for kind in KINDS}
    wanted = [(kind, form_factor) for kind in KINDS for form_factor in FORM_FACTORS]
    found: dict[tuple[str, str], list[Report]] = {key: [] for key in wanted}
    for attempt in range(1, TRIES + 1):
        runs = [
            {"url": base_url + paths[k], "formFactor": f, "output": str(tmp / f"{k}-{f}-{attempt}.json")}
            for k, f in wanted
        ]
        run_lighthouse(runs, tmp / f"plan-{attempt}.json")
        for (kind, form_factor), run in zip(wanted, runs, strict=True):
            found[kind, form_factor].append(Report.read(Path(run["output"]), kind, form_factor, paths[kind], attempt))
        wanted = [key for key in wanted if best(found[key]).scores["performance"] < PERFORMANCE]
        if not wanted:
            break
    for (kind, form_factor), runs in found.items():
        runs.sort(key=lambda r: (-r.scores["performance"], r.tries))
        (tmp / f"{kind}-{form_factor}-{runs[0].tries}.json").replace(REPORTS / f"{kind}-{form_factor}.json")
    write_summary(found)
    return found


def best(runs: list[Report]) -> Report:
    return max(runs, key=lambda r: r.scores["performance"])


def write_summary(found: dict[tuple[str, str], list[Report]]) -> None:
    lines = [
        "| page | form factor | performance | accessibility | best practices | SEO | transfer | requests | runs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind in KINDS:
        for form_factor in FORM_FACTORS:
            runs = found[kind, form_factor]
            r = runs[0]
            scores = " | ".join(str(round(r.scores[c] * 100)) for c in CATEGORIES)
            lines.append(
                f"| {kind} (`{r.path}`) | {form_factor} | {scores} | {r.transfer / 1024:.1f} KiB | {r.requests} | {len(runs)} |"
            )
    (REPORTS / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("kind", KINDS)
def test_lighthouse_scores(reports: dict[tuple[str, str], list[Report]], kind: str, form_factor: str) -> None:
    """Performance: the best run at least 95. The checks: 100 in every run, not only the best."""
    runs = reports[kind, form_factor]
    low = [
        f"run {r.tries}: {category} {score}: {r.failing[category]}"
        for r in runs
        for category, score in r.scores.items()
        if category != "performance" and score < 1
    ]
    if runs[0].scores["performance"] < PERFORMANCE:
        low += [f"performance {[r.scores['performance'] for r in runs]}: {runs[0].failing['performance']}"]
    assert not low, f"{runs[0].path} ({form_factor}):\n" + "\n".join(low)


def test_reports_are_kept(reports: dict[tuple[str, str], list[Report]]) -> None:
    kept = sorted(p.name for p in REPORTS.glob("*.json"))
    assert kept == sorted(f"{k}-{f}.json" for k in KINDS for f in FORM_FACTORS)
    for file in REPORTS.glob("*.json"):
        lhr = json.loads(file.read_text(encoding="utf-8"))
        assert lhr["lighthouseVersion"].startswith("12."), file
        assert lhr["configSettings"]["formFactor"] == file.stem.rsplit("-", 1)[1]
        assert not lhr.get("runtimeError"), lhr.get("runtimeError")
        # measured as Read the Docs publishes it: the canonical link is the published address
        assert lhr["audits"]["canonical"]["score"] == 1
    assert (REPORTS / "summary.md").read_text(encoding="utf-8").count("\n") == 2 + len(KINDS) * len(FORM_FACTORS)
