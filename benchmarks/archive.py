"""A generated talk archive that reads like a real one, for the search benchmark and tests.

`generate(src, n)` writes a talkdeck project of n talks: events across ten years (about one per
hundred talks), people with real-looking names of whom a few speak often (a name then appears
in many talks, as a keynote speaker's does), about forty topics, every format, and titles,
summaries and descriptions drawn from a technical vocabulary, so that the index has the words
and the spread of a conference archive. The same n and seed always give the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

FIRST = [
    "Ada",
    "Aiko",
    "Alex",
    "Amara",
    "Ana",
    "Arjun",
    "Beatriz",
    "Bilal",
    "Camille",
    "Chen",
    "Dara",
    "Diego",
    "Elif",
    "Emeka",
    "Farah",
    "Felix",
    "Grace",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jana",
    "Jonas",
    "Kai",
    "Kavya",
    "Leila",
    "Lena",
    "Luca",
    "Maya",
    "Mateo",
    "Mei",
    "Mira",
    "Nadia",
    "Noah",
    "Omar",
    "Oscar",
    "Priya",
    "Rafael",
    "Rin",
    "Rosa",
    "Sami",
    "Sara",
    "Tariq",
    "Theo",
    "Uma",
    "Vera",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Abara",
    "Adeyemi",
    "Alvarez",
    "Andersson",
    "Bauer",
    "Bianchi",
    "Brennan",
    "Castillo",
    "Chowdhury",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Fujita",
    "Garcia",
    "Gupta",
    "Haddad",
    "Hansen",
    "Horvat",
    "Ibrahim",
    "Ivanova",
    "Jansen",
    "Kaur",
    "Kim",
    "Kowalski",
    "Lambert",
    "Larsen",
    "Lopez",
    "Marino",
    "Mbeki",
    "Meyer",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Ortiz",
    "Park",
    "Petrov",
    "Quinn",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Takahashi",
    "Tanaka",
    "Torres",
    "Varga",
    "Wagner",
    "Walsh",
    "Yamamoto",
    "Yilmaz",
    "Zhang",
    "Zimmer",
]
ORGS = (
    "Buoyant",
    "Northwind Cloud",
    "Acme Networks",
    "Bluefin Labs",
    "Cobalt Systems",
    "Driftwood",
    "Evergreen Bank",
    "Fernwood Health",
    "Granite Retail",
    "Harbor Logistics",
    "Ironbark",
    "Juniper Media",
    "Kestrel Security",
    "Lumen Energy",
    "Meridian Telecom",
    "Nimbus Works",
)
TOPICS = (
    "Security",
    "Zero trust",
    "Networking",
    "Observability",
    "Resilience",
    "GitOps",
    "Policy",
    "Community",
    "Service mesh",
    "Multi-cloud",
    "Platform engineering",
    "Progressive delivery",
    "Compliance",
    "Kubernetes controllers",
    "Performance",
    "Edge computing",
    "Storage",
    "Serverless",
    "Machine learning",
    "Developer experience",
    "Supply chain",
    "Identity",
    "Cost",
    "Sustainability",
    "Incident response",
    "Testing",
    "Databases",
    "WebAssembly",
    "eBPF",
    "Autoscaling",
    "Batch workloads",
    "Operators",
    "Migration",
    "Governance",
    "Education",
    "Open source",
    "Release engineering",
    "Tracing",
    "Load balancing",
    "Secrets",
)
PROJECTS = ("Linkerd", "Kubernetes", "Envoy", "Gateway API", "Flagger", "Cilium", "Prometheus", "Argo", "Istio")
FORMATS = (
    "talk",
    "talk",
    "talk",
    "talk",
    "lightning-talk",
    "keynote",
    "workshop",
    "tutorial",
    "panel",
    "maintainer-track",
)
VERBS = (
    "Scaling",
    "Securing",
    "Debugging",
    "Operating",
    "Migrating",
    "Observing",
    "Testing",
    "Automating",
    "Designing",
)
THINGS = (
    "multi-cluster traffic",
    "service-to-service calls",
    "a thousand microservices",
    "stateful workloads",
    "ingress at the edge",
    "mutual TLS everywhere",
    "tenant isolation",
    "canary releases",
    "control planes",
    "the data plane",
)
WAYS = ("in production", "without downtime", "on a budget", "the hard way", "at scale", "with open standards")
WORDS = [
    "cluster",
    "proxy",
    "latency",
    "certificate",
    "rollout",
    "sidecar",
    "gateway",
    "telemetry",
    "metrics",
    "traces",
    "logs",
    "quota",
    "policy",
    "identity",
    "workload",
    "namespace",
    "controller",
    "reconcile",
    "retry",
    "timeout",
    "circuit",
    "breaker",
    "backoff",
    "upgrade",
    "migration",
    "tenant",
    "topology",
    "failover",
    "region",
    "zone",
    "budget",
    "alert",
    "dashboard",
    "pipeline",
    "admission",
    "webhook",
    "operator",
    "scheduler",
    "autoscaler",
    "throughput",
    "bandwidth",
    "handshake",
    "cipher",
    "rotation",
    "audit",
    "compliance",
    "incident",
    "postmortem",
    "runbook",
    "deployment",
    "manifest",
    "chart",
    "template",
    "registry",
    "image",
    "signature",
    "provenance",
    "attestation",
    "benchmark",
    "profile",
    "allocation",
    "garbage",
    "kernel",
    "socket",
    "packet",
    "route",
    "mesh",
    "ingress",
    "egress",
    "authorization",
    "authentication",
    "token",
    "session",
    "cache",
    "consistency",
    "replication",
]
EVENT_PLACES = (("North America", "America/Detroit"), ("Europe", "Europe/Amsterdam"), ("Asia", "Asia/Tokyo"))


@dataclass(frozen=True)
class Archive:
    """What was generated, for the tests that search it."""

    #: The name of the speaker with the most talks, and how many.
    busiest_speaker: str
    busiest_talks: int
    #: The topic of the most talks.
    busiest_topic: str


def _people(rng: random.Random, count: int) -> list[str]:
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    rng.shuffle(names)
    while len(names) < count:  # past every pair, a middle initial
        names += [f"{n.split()[0]} {chr(65 + len(names) % 26)}. {n.split()[1]}" for n in names[: count - len(names)]]
    return names[:count]


def _sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(8, 14))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(src: Path, n: int, seed: int = 1, conf: str = "") -> Archive:
    """Write a project of `n` talks into `src` (conf.py, index, overviews, events, talks)."""
    rng = random.Random(seed)
    events = max(1, n // 100)
    people = _people(rng, max(20, n * 3 // 5))
    # a few people speak often: the first ones are drawn far more than the rest
    weights = [1.0 / (1 + i) ** 0.9 for i in range(len(people))]
    affiliation = {name: ORGS[rng.randrange(len(ORGS))] for name in people}
    topic_weights = [1.0 / (1 + i) ** 0.6 for i in range(len(TOPICS))]
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent / '_ext')!r})\n"
        'project = "Archive"\nextensions = ["myst_parser", "sphinx_design", "talkdeck"]\n'
        'exclude_patterns = ["_build"]\nhtml_theme = "furo"\n' + conf
    )
    folders = [f"event-{e:03d}" for e in range(events)]
    (src / "index.md").write_text(
        "# Archive\n\nTalks from many conferences.\n\n```{toctree}\n:hidden:\n\n"
        + "\n".join(f"talks/{f}/index" for f in folders)
        + "\nspeakers\ntopics\n```\n\n```{talk-grid}\n:limit: 12\n:sort: -start\n```\n"
    )
    (src / "speakers.md").write_text("# Speakers\n\n```{talk-index} speakers\n```\n")
    (src / "topics.md").write_text("# Topics\n\n```{talk-index} topics\n```\n")
    days = {}
    for e, folder in enumerate(folders):
        place, zone = EVENT_PLACES[e % len(EVENT_PLACES)]
        year = 2015 + e * 10 // events
        month = 3 + (e % 3) * 3
        days[folder] = (year, month, zone)
        (src / "talks" / folder).mkdir(parents=True)
        (src / "talks" / folder / "index.md").write_text(
            f"---\nevent:\n  name: Cloud Native Summit {place} {year} ({e})\n  short_name: CNS {place[:2].upper()} {year} ({e})\n"
            f"  start: {year}-{month:02d}-10\n  end: {year}-{month:02d}-12\n  timezone: {zone}\n---\n\n"
            f"```{{event}}\n```\n\n```{{talk-grid}}\n:event: {folder}\n:limit: 24\n```\n"
        )
    spoke: dict[str, int] = {}
    topical: dict[str, int] = {}
    for i in range(n):
        folder = folders[i % events]
        year, month, _ = days[folder]
        names = sorted(set(rng.choices(people, weights, k=rng.choice((1, 1, 1, 2, 2, 3)))))
        topics = sorted(set(rng.choices(TOPICS, topic_weights, k=rng.randint(1, 3))))
        projects = sorted(set(rng.choices(PROJECTS, k=rng.randint(1, 2))))
        for name in names:
            spoke[name] = spoke.get(name, 0) + 1
        for topic in topics:
            topical[topic] = topical.get(topic, 0) + 1
        title = f"{rng.choice(VERBS)} {rng.choice(THINGS)} {rng.choice(WAYS)} ({i})"
        speakers = "".join(f"    - name: {name}\n      affiliation: {affiliation[name]}\n" for name in names)
        body = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        (src / "talks" / folder / f"talk-{i:05d}.md").write_text(
            f"---\ntalk:\n  title: {_quoted(title)}\n  event: {folder}\n  format: {rng.choice(FORMATS)}\n"
            f"  speakers:\n{speakers}  topics: [{', '.join(topics)}]\n  projects: [{', '.join(projects)}]\n"
            f"  summary: {_quoted(_sentence(rng))}\n"
            f"  start: {year}-{month:02d}-{10 + i % 3:02d} {9 + i % 8:02d}:{(i * 5) % 60:02d}\n  duration: 30\n---\n\n"
            f"```{{talk}}\n```\n\n{body}\n"
        )
    busiest = max(sorted(spoke), key=lambda name: spoke[name])
    return Archive(busiest, spoke[busiest], max(sorted(topical), key=lambda t: topical[t]))
