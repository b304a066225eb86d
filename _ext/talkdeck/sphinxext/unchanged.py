"""A page read again that gives the Domain the data it had changes nothing the Domain decides.

Every read counts as a change of the Domain's data (its generation), and a change makes the
build work out again which pages' listings show other data (`listings.pages_to_rewrite`), and
the digests of every generated page and export (`writer.keep_plan`): about 10 s at 10,000
talks. Most edits are to a talk's body, which no listing, generated page or export shows. So
the Domain keeps what each page it clears held (`note`), and at env-updated, before anything
asks (`settle`), if every page read or removed in this build holds the same records as before,
the generation goes back to what it was and the derived data cleared with the pages (the
digests of their listings, their VEVENTs) comes back: as if the pages had not been read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from . import delta
from .roles import DOMAIN_NAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class Domain(Protocol):
    """The Domain as seen here (domain.py imports this module)."""

    data: dict[str, Any]

    def _changed(self) -> None: ...


#: The records a page gives the Domain, compared before and after it is read.
RECORDS = ("entries", "placeholders", "reported", "redirects", "tracks")
#: Made from those records when the pages are written: brought back with the generation.
DERIVED = ("vevents",)


def note(domain: Domain, docname: str) -> None:
    """clear_doc, before the page's data goes: keep it (the first time in this build)."""
    before: dict[str, Any] | None = domain.__dict__.get("_before")
    if before is None:
        before = domain.__dict__["_before"] = {}
        domain.__dict__["_base"] = domain.data["generation"]
    if docname not in before:
        digests = {target: written[docname] for target, written in domain.data["digests"].items() if docname in written}
        before[docname] = (
            tuple(domain.data[key].get(docname) for key in RECORDS),
            tuple(domain.data[key].get(docname) for key in DERIVED),
            digests,
        )


def settle(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated, first: if the pages read gave the same records, as if none was read."""
    domain: Domain = env.get_domain(DOMAIN_NAME)  # type: ignore[assignment]
    before: dict[str, Any] | None = domain.__dict__.pop("_before", None)
    base = domain.__dict__.pop("_base", None)
    delta.keep(domain, None)
    if not before or base is None:
        return []
    for docname, (records, _, _) in before.items():
        if tuple(domain.data[key].get(docname) for key in RECORDS) != records:
            delta.keep(domain, delta.of(domain, before, RECORDS, base))  # type: ignore[arg-type]
            return []
    for docname, (_, derived, digests) in before.items():
        for key, value in zip(DERIVED, derived, strict=True):
            if value is not None:
                domain.data[key][docname] = value
        for target, digest in digests.items():
            domain.data["digests"].setdefault(target, {})[docname] = digest
    domain._changed()  # the caches made from the data go, as after any change; then the count
    domain.data["generation"] = base  # goes back: the digests made at `base` hold again
    return []
