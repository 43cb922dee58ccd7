"""Citations: drafted and versioned by staff, approved before use (DESIGN.md §2.6).

A refused write is recorded as a denied "citation.add" or "citation.approve" on the
nomination; not a new version's typing mistake or a version saved meanwhile (the page
shows both next to the text), but an approval of a version no longer current is.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record, audits_refusals
from nominations import rules
from nominations.domain.citations import citation_problems, citation_pronoun_problem
from nominations.models import Citation, CitationKind, Nomination
from nominations.states import NominationState
from selection.services.handoffs import citation_awaits_approval_on_commit

CITATION_WORD_LIMITS = {CitationKind.SHORT: 60, CitationKind.FULL: 80}
# A citation is drafted once a nomination is on the slate, so it is ready on selection.
CITATION_STATES = (
    NominationState.SHORTLISTED,
    NominationState.SELECTED,
    NominationState.AWARDED,
)


def citation_four_eyes() -> bool:
    """Whether a citation must be approved by a member of staff other than its writer
    (setting AWARDS_CITATION_FOUR_EYES; off by default so one staff account can run the
    whole workflow, as the demo and a small office do)."""
    return bool(getattr(settings, "AWARDS_CITATION_FOUR_EYES", False))


def citation_state_check(nomination: Nomination) -> None:
    """Raise IllegalTransition unless the nomination is on the slate, selected or
    awarded: the states in which its citations are written and approved."""
    if nomination.state not in CITATION_STATES:
        raise IllegalTransition(
            "Citations are written for nominations on the slate or selected, "
            f"not one that is {nomination.get_state_display().lower()}."
        )


@audits_refusals("citation.add", obj="nomination", role=Role.AWARD_STAFF)
def citation_writing_check(*, nomination: Nomination, actor) -> None:
    """Refuse (`citation_state_check`) to take a new version of a citation of a
    nomination off the slate. The citations page asks before it reads the posted form,
    so such a nomination is refused rather than shown form errors; the refusal is
    recorded as a denied "citation.add". Changes nothing."""
    citation_state_check(nomination)


def citation_text_problems(nomination: Nomination, *, kind: str, text: str) -> list[str]:
    """Why `text` cannot be a version of the nomination's `kind` citation, or []: the
    published form within the kind's word limit, and a pronoun that fits the nominee."""
    problems = citation_problems(text, word_limit=CITATION_WORD_LIMITS[kind])
    pronoun = citation_pronoun_problem(text, possessive=nomination.nominee.possessive_pronoun)
    if pronoun:
        problems.append(pronoun)
    return problems


@audits_refusals(
    "citation.add", obj="nomination", role=Role.AWARD_STAFF, unless=(InvalidInput, ConflictError)
)
def citation_add(
    *,
    nomination: Nomination,
    kind: str,
    text: str,
    actor,
    expected_version: int | None = None,
) -> Citation:
    """Store a new version of the nomination's short or full citation.

    The text must be one sentence of the published form within the word limit (60 words
    short, 80 full), and a "for her/his/its/their" opening must fit the nominee. When
    `expected_version` is given (0 for none yet), a newer version saved meanwhile by
    someone else refuses the write (ConflictError). Creates a Citation, not yet
    approved, and one "citation.add" audit event. With AWARDS_CITATION_FOUR_EYES on,
    schedules an email asking every other member of staff to approve it
    (`selection.services.handoffs`). Earlier versions, approved or not, are never changed.
    """
    citation_state_check(nomination)
    if not rules.can_vet(actor, nomination):
        raise NotPermitted("Only award staff can write citations.")
    if kind not in CitationKind.values:
        raise InvalidInput(f"Choose a short or full citation, not “{kind}”.")
    cleaned = " ".join(text.split())
    problems = citation_text_problems(nomination, kind=kind, text=cleaned)
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)

    with transaction.atomic():
        # Lock the nomination row so that two drafts cannot take the same version number.
        Nomination.objects.select_for_update(no_key=True).filter(pk=nomination.pk).values_list(
            "pk"
        ).get()
        last = nomination.citations.filter(kind=kind).aggregate(last=Max("version"))["last"]
        if expected_version is not None and (last or 0) != expected_version:
            raise ConflictError(
                f"Version {last} of this citation was saved while you were writing: "
                "read it, then write your version again if it is still needed."
            )
        citation = Citation.objects.create(
            nomination=nomination,
            kind=kind,
            version=(last or 0) + 1,
            text=cleaned,
            created_by=actor,
        )
        audit_record(
            action="citation.add",
            actor=actor,
            obj=nomination,
            note=cleaned,
            data={"citation": citation.pk, "kind": kind, "version": citation.version},
            role=Role.AWARD_STAFF,
        )
        if citation_four_eyes():
            citation_awaits_approval_on_commit(citation)
    return citation


@audits_refusals(
    "citation.approve",
    obj=lambda citation, **_: citation.nomination,
    role=Role.AWARD_STAFF,
    unless=(),
)
def citation_approve(*, citation: Citation, actor) -> Citation:
    """Approve the current version of a citation for use in announcements and certificates.

    Only the newest version can be approved, once. With AWARDS_CITATION_FOUR_EYES on,
    its writer cannot approve it. Sets approved_by and approved_at and writes one
    "citation.approve" audit event; schedules nothing.
    """
    nomination = citation.nomination
    if not rules.can_vet(actor, nomination):
        raise NotPermitted("Only award staff can approve citations.")
    citation_state_check(nomination)
    if citation_four_eyes() and citation.created_by_id == actor.pk:
        raise NotPermitted("Another member of staff must approve a citation you wrote.")
    with transaction.atomic():
        current = (
            Citation.objects.select_for_update(no_key=True)
            .filter(nomination=nomination, kind=citation.kind)
            .order_by("-version")
            .first()
        )
        if current.pk != citation.pk:
            raise InvalidInput("A newer version of this citation exists; approve that one.")
        if current.approved_at is not None:
            raise InvalidInput("This citation is already approved.")
        citation.approved_by = actor
        citation.approved_at = timezone.now()
        citation.save(update_fields=["approved_by", "approved_at"])
        audit_record(
            action="citation.approve",
            actor=actor,
            obj=nomination,
            data={"citation": citation.pk, "kind": citation.kind, "version": citation.version},
            role=Role.AWARD_STAFF,
        )
    return citation
