"""Reads for the staff citation pages: one nomination's versions of both citations, the
text a new version starts from, and the state of every citation of a cycle
(DESIGN.md §2.6)."""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from nominations.domain.citations import QUOTES, citation_in_sentence, citation_problems
from nominations.domain.sentences import ends_with_abbreviation
from nominations.models import Citation, CitationKind, Cycle, Nomination
from selection.services.citations import (
    CITATION_STATES,
    CITATION_WORD_LIMITS,
    citation_four_eyes,
)

KIND_PURPOSES = {
    CitationKind.SHORT: "For the press statement: the clause after the recipient's name.",
    CitationKind.FULL: "For the certificate, below the recipient's name.",
}
_OPENING = re.compile(r"^(?:for (?:its|her|his|their)|in recognition of)\b", re.IGNORECASE)
_NO_LIMIT = 10_000  # the prefill keeps a long suggestion; the form explains the limit


def citation_prefill(suggestion: str, *, names: tuple[str, ...] = ()) -> str:
    """The nominator's suggested citation as a first draft, in the published form when
    it is clearly one sentence: surrounding quotes and a final period dropped, the
    recipient's name dropped when the sentence opens with it ("Restore NYC, for its …"),
    and the opening in lower case ("For its" → "for its"). Nothing is added. A
    suggestion that still is not one sentence of the published form is returned as
    written (spaces tidied), for the validation to explain; so is one over the limit."""
    text = " ".join((suggestion or "").split())
    candidate = _unquoted(text)
    if candidate.endswith(".") and not ends_with_abbreviation(candidate):
        candidate = candidate[:-1].rstrip()
    lowered = candidate.lower()
    for name in sorted(filter(None, names), key=len, reverse=True):
        if lowered.startswith(name.lower()):
            rest = candidate[len(name) :].lstrip(" ,")
            if _OPENING.match(rest):
                candidate = rest
                break
    candidate = citation_in_sentence(candidate)
    if not candidate or citation_problems(candidate, word_limit=_NO_LIMIT):
        return text
    return candidate


def _unquoted(text: str) -> str:
    """The text without one pair of quotation marks around all of it."""
    if len(text) > 1 and text[0] in QUOTES and text[-1] in QUOTES:
        inner = text[1:-1].strip()
        if not any(mark in inner for mark in QUOTES if mark not in "'\u2019"):
            return inner
    return text


def nominee_names(nomination: Nomination) -> tuple[str, ...]:
    nominee = nomination.nominee
    return tuple(
        name
        for name in (
            nominee.certificate_name,
            nominee.legal_name,
            nominee.display_name,
            nominee.full_name,
        )
        if name
    )


@dataclass
class CitationSection:
    """One kind of citation on the citations page. `versions` are newest first;
    `current` is the newest, the one announcements and certificates use once approved."""

    kind: str
    label: str
    purpose: str
    word_limit: int
    versions: list[Citation]
    prefill: str
    prefill_source: str  # "current", "suggestion" or ""

    @property
    def current(self) -> Citation | None:
        return self.versions[0] if self.versions else None

    @property
    def current_version(self) -> int:
        return self.current.version if self.current else 0


@dataclass
class CitationPage:
    nomination: Nomination
    open: bool  # the nomination's state allows writing and approving
    four_eyes: bool
    sections: list[CitationSection] = field(default_factory=list)


def citation_page(nomination: Nomination) -> CitationPage:
    """Both citations of the nomination with every version and its writer and approver
    (one query), and what each new-version form starts from."""
    versions = list(
        nomination.citations.select_related("created_by", "approved_by").order_by(
            "kind", "-version"
        )
    )
    sections = []
    for kind in (CitationKind.SHORT, CitationKind.FULL):
        of_kind = [citation for citation in versions if citation.kind == kind]
        if of_kind:
            prefill, source = of_kind[0].text, "current"
        else:
            prefill = citation_prefill(
                nomination.suggested_citation, names=nominee_names(nomination)
            )
            source = "suggestion" if prefill else ""
        sections.append(
            CitationSection(
                kind=kind.value,
                label=kind.label,
                purpose=KIND_PURPOSES[kind],
                word_limit=CITATION_WORD_LIMITS[kind],
                versions=of_kind,
                prefill=prefill,
                prefill_source=source,
            )
        )
    return CitationPage(
        nomination=nomination,
        open=nomination.state in CITATION_STATES,
        four_eyes=citation_four_eyes(),
        sections=sections,
    )


@dataclass(frozen=True)
class CitationStatus:
    """A citation's state in the cycle list: "missing", "draft" or "approved"."""

    status: str
    version: int = 0

    @property
    def label(self) -> str:
        if self.status == "missing":
            return "Missing"
        return f"{self.status.capitalize()} v{self.version}"


@dataclass
class CycleCitationRow:
    nomination: Nomination
    short: CitationStatus
    full: CitationStatus

    @property
    def ready(self) -> bool:
        return self.short.status == "approved" and self.full.status == "approved"


def _status(citations: list[Citation], kind: str) -> CitationStatus:
    current = next((c for c in citations if c.kind == kind), None)
    if current is None:
        return CitationStatus("missing")
    return CitationStatus("approved" if current.approved_at else "draft", current.version)


def cycle_citations(cycle: Cycle) -> list[CycleCitationRow]:
    """Every nomination of the cycle that is shortlisted, selected or awarded, in
    reference order, with the state of its current short and full citations
    (two queries)."""
    nominations = (
        Nomination.objects.filter(cycle=cycle, state__in=CITATION_STATES)
        .select_related("nominee")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.only(
                    "pk", "nomination_id", "kind", "version", "approved_at"
                ).order_by("kind", "-version"),
                to_attr="versions_newest_first",
            )
        )
        .order_by("sequence", "pk")
    )
    return [
        CycleCitationRow(
            nomination=nomination,
            short=_status(nomination.versions_newest_first, CitationKind.SHORT),
            full=_status(nomination.versions_newest_first, CitationKind.FULL),
        )
        for nomination in nominations
    ]
