"""The digests of the outputs made from the Domain's data, kept with the environment.

A build that reads nothing (a no-op) publishes the same data as the build before it, so its
generated pages and exports have the same digests: making them again from every record was most
of a no-op's own work (about 5 s of 13 at 10,000 talks). They are made once, at env-updated of a
build that read something (Sphinx pickles the environment after that, and only then), and kept in
the Domain with what they were made from: the Domain's generation (its count of changes), the
site's signature (toctree, HTML configuration, title), talkdeck's version and the exports' time
stamp (SOURCE_DATE_EPOCH or the data's latest date).
While all of that is the same, `kept` gives them back; the writer still checks each against the
manifest, so a build that failed after keeping them, or a file deleted by hand, is made again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.version import __version__
from . import delta, nav
from .domain import get_domain, output_target
from .publish import export_timestamp

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .delta import Delta

#: The Domain's data key: output target -> (made from, page digests, export digests).
KEY = "plans"


@dataclass(frozen=True)
class Plan:
    """The digests of one output target's generated pages (by page name) and exports (by key)."""

    pages: Mapping[str, str]
    exports: Mapping[str, str]


def made_from(app: Sphinx) -> tuple[object, ...] | None:
    """What the digests depend on besides the records, or None for a builder without generated
    pages (nothing is kept for it). Made once a build: the writer and collect_pages both ask."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return None
    domain = get_domain(app.env)
    return domain.memo(  # type: ignore[no-any-return]
        ("plan made from", output_target(builder)),
        lambda: (
            domain.data["generation"],
            nav.site_signature(app),
            __version__,
            export_timestamp(domain.entries.values()),
        ),
    )


def kept(app: Sphinx) -> Plan | None:
    """The digests kept for this output target, if they were made from what this build has."""
    now = made_from(app)
    found = get_domain(app.env).data.get(KEY, {}).get(output_target(app.builder))
    if now is None or found is None or found[0] != now:
        return None
    return Plan(found[1], found[2])


def since(app: Sphinx) -> tuple[Delta, Plan] | None:
    """This build's Delta (its pages changed talks alone) and the digests the build before it
    kept, when that build ended where this one began and made them from what this one has
    besides the records: they hold for whatever the Delta does not reach. Else None."""
    domain = get_domain(app.env)
    changed, now = delta.current(domain), made_from(app)
    found = domain.data.get(KEY, {}).get(output_target(app.builder))
    if changed is None or now is None or found is None or found[0] != (changed.base, *now[1:]):
        return None
    return changed, Plan(found[1], found[2])


def keep(app: Sphinx, plan: Plan) -> None:
    """Keep this build's digests (at env-updated, so that Sphinx pickles them with the rest)."""
    now = made_from(app)
    if now is not None:
        plans = get_domain(app.env).data.setdefault(KEY, {})
        plans[output_target(app.builder)] = (now, dict(plan.pages), dict(plan.exports))
