"""Lighthouse (pinned in package.json) over the real site as Read the Docs builds it and over
tests/roots/test-basic (the basic theme, videos, timed talks), served on 127.0.0.1 as a web host
serves them (gzip): the index, a talk, a speaker, a topic and the event page, on a phone and on a
desktop, in Debian's Chromium; the real site light and dark (the basic theme has no dark mode:
its pages look the same either way). Accessibility, best practices and SEO score 100;
performance at least 95.

Dark is the operating system's choice (Chromium's --force-dark-mode): the page sees
prefers-color-scheme: dark, which furo follows in its default "auto" mode. Each dark report's
last screenshot is dark, or the run proves nothing.

Lighthouse simulates a slow network and processor from what it measured, so the performance
score moves a little from run to run (and more on a busy machine): a page below 95 is measured
again, twice at most, and its best run counts. The other three categories are checks, not
measurements: their first run counts. Every report is kept in test-artifacts/lighthouse/ as
JSON ({site}-{scheme}-{page}-{form factor}.json), with summary.md: site, colour scheme, page,
form factor, the four scores, transfer size and request count."""

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
SITES = ("real", "basic")
SCHEMES = ("light", "dark")
#: The colour schemes each site has: furo follows the reader's, basic has only its light one.
SITE_SCHEMES = {"real": SCHEMES, "basic": ("light",)}
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
#: What the operating system's dark mode is to Chromium: prefers-color-scheme: dark on every page.
DARK = ("--force-dark-mode",)
PERFORMANCE = 0.95
TRIES = 3
#: Seconds for one run: about 15 on an idle machine.
TIMEOUT = 120


#: (site, scheme, kind, form factor): one Lighthouse run's subject.
Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Report:
    site: str
    scheme: str
    kind: str
    form_factor: str
    path: str
    scores: dict[str, float]
    transfer: int  # bytes over the network
    requests: int
    tries: int
    failing: dict[str, list[str]]  # category -> audits below 1 that count towards its score
    screenshot: str  # the page as it looked last, a data: URL (JPEG)

    @classmethod
    def read(cls, file: Path, key: Key, path: str, tries: int) -> Report:
        site, scheme, kind, form_factor = key
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
            site=site,
            scheme=scheme,
            kind=kind,
            form_factor=form_factor,
            path=path,
            scores={c: lhr["categories"][c]["score"] for c in CATEGORIES},
            transfer=int(audits["total-byte-weight"]["numericValue"]),
            requests=len(audits["network-requests"]["details"]["items"]),
            tries=tries,
            failing=failing,
            screenshot=audits["final-screenshot"]["details"]["data"],
        )


def run_lighthouse(runs: list[dict], flags: tuple[str, ...], plan_file: Path) -> None:
    """One Node process, one Chromium, the runs in order; the whole group ends if it hangs."""
    plan_file.write_text(json.dumps({"chrome": str(CHROMIUM), "flags": list(flags), "runs": runs}), encoding="utf-8")
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
def reports(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[Key, list[Report]]:
    """Every run of each (site, scheme, page, form factor), best performance first; that run's
    JSON is kept. One Chromium a colour scheme (the dark flag is the browser's)."""
    require(chromium_missing())
    require(lighthouse_missing())
    REPORTS.mkdir(parents=True, exist_ok=True)
    for old in REPORTS.glob("*"):
        old.unlink()
    tmp = tmp_path_factory.mktemp("lighthouse")
    paths, bases = {}, {}
    for site in SITES:
        found = request.getfixturevalue("pages" if site == "real" else "basic_pages").all()
        bases[site] = request.getfixturevalue("base_url" if site == "real" else "basic_url")
        paths |= {(site, kind): found[kind] for kind in KINDS}
    keys = [
        (site, scheme, k, f) for site in SITES for scheme in SITE_SCHEMES[site] for k in KINDS for f in FORM_FACTORS
    ]
    found_runs: dict[Key, list[Report]] = {key: [] for key in keys}
    wanted = keys
    for attempt in range(1, TRIES + 1):
        for scheme in SCHEMES:
            these = [key for key in wanted if key[1] == scheme]
            if not these:
                continue
            runs = [
                {"url": bases[s] + paths[s, k], "formFactor": f, "output": str(tmp / f"{s}-{c}-{k}-{f}-{attempt}.json")}
                for s, c, k, f in these
            ]
            run_lighthouse(runs, FLAGS + (DARK if scheme == "dark" else ()), tmp / f"plan-{scheme}-{attempt}.json")
            for key, run in zip(these, runs, strict=True):
                found_runs[key].append(Report.read(Path(run["output"]), key, paths[key[0], key[2]], attempt))
        wanted = [key for key in wanted if best(found_runs[key]).scores["performance"] < PERFORMANCE]
        if not wanted:
            break
    for key, runs in found_runs.items():
        runs.sort(key=lambda r: (-r.scores["performance"], r.tries))
        (tmp / f"{'-'.join(key)}-{runs[0].tries}.json").replace(REPORTS / f"{'-'.join(key)}.json")
    write_summary(found_runs)
    return found_runs


def best(runs: list[Report]) -> Report:
    return max(runs, key=lambda r: r.scores["performance"])


def write_summary(found: dict[Key, list[Report]]) -> None:
    lines = [
        "| site | scheme | page | form factor | performance | accessibility | best practices | SEO "
        "| transfer | requests | runs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for runs in found.values():
        r = runs[0]
        scores = " | ".join(str(round(r.scores[c] * 100)) for c in CATEGORIES)
        lines.append(
            f"| {r.site} | {r.scheme} | {r.kind} (`{r.path}`) | {r.form_factor} | {scores} "
            f"| {r.transfer / 1024:.1f} KiB | {r.requests} | {len(runs)} |"
        )
    (REPORTS / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("site", "scheme"), [(site, scheme) for site in SITES for scheme in SITE_SCHEMES[site]])
def test_lighthouse_scores(
    reports: dict[Key, list[Report]], site: str, scheme: str, kind: str, form_factor: str
) -> None:
    """Performance: the best run at least 95. The checks: 100 in every run, not only the best."""
    runs = reports[site, scheme, kind, form_factor]
    low = [
        f"run {r.tries}: {category} {score}: {r.failing[category]}"
        for r in runs
        for category, score in r.scores.items()
        if category != "performance" and score < 1
    ]
    if runs[0].scores["performance"] < PERFORMANCE:
        low += [f"performance {[r.scores['performance'] for r in runs]}: {runs[0].failing['performance']}"]
    assert not low, f"{site} {scheme} {runs[0].path} ({form_factor}):\n" + "\n".join(low)


#: The mean brightness (0 black to 1 white) of an image, decoded and read back by the browser.
BRIGHTNESS = """async (src) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
  return sum / (data.length / 4) / 3 / 255;
}"""


def test_dark_runs_measured_dark_pages(reports: dict[Key, list[Report]], browser) -> None:  # type: ignore[no-untyped-def]
    """The last screenshot of every light report is mostly light, of every dark report mostly dark."""
    page = browser.new_page()
    try:
        brightness = {key: page.evaluate(BRIGHTNESS, runs[0].screenshot) for key, runs in reports.items()}
    finally:
        page.close()
    wrong = {key: round(b, 2) for key, b in brightness.items() if (b > 0.5) != (key[1] == "light")}
    assert not wrong, wrong


def test_reports_are_kept(reports: dict[Key, list[Report]]) -> None:
    kept = sorted(p.name for p in REPORTS.glob("*.json"))
    assert kept == sorted(f"{'-'.join(key)}.json" for key in reports)
    assert len(kept) == sum(len(schemes) for schemes in SITE_SCHEMES.values()) * len(KINDS) * len(FORM_FACTORS)
    for file in REPORTS.glob("*.json"):
        lhr = json.loads(file.read_text(encoding="utf-8"))
        assert lhr["lighthouseVersion"].startswith("12."), file
        assert lhr["configSettings"]["formFactor"] == file.stem.rsplit("-", 1)[1]
        assert not lhr.get("runtimeError"), lhr.get("runtimeError")
        if file.name.startswith("real-"):
            # measured as Read the Docs publishes it: the canonical link is the published address
            assert lhr["audits"]["canonical"]["score"] == 1
    assert (REPORTS / "summary.md").read_text(encoding="utf-8").count("\n") == 2 + len(kept)
