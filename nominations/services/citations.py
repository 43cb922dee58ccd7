"""Citations: drafted and versioned by staff, approved before use (DESIGN.md §2.6)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.roles import Role
from nominations import rules
from nominations.exceptions import IllegalTransition, InvalidInput, NotPermitted
from nominations.models import Citation, CitationKind, Nomination, NominationState
from nominations.services.audit import audit_record
from nominations.validators import citation_problems

CITATION_WORD_LIMITS = {CitationKind.SHORT: 60, CitationKind.FULL: 80}
# A citation is drafted once a nomination is on the slate, so it is ready on selection.
CITATION_STATES = (
    NominationState.SHORTLISTED,
    NominationState.SELECTED,
    NominationState.AWARDED,
)


def citation_add(*, nomination: Nomination, kind: str, text: str, actor) -> Citation:
    """Store a new version of the nomination's short or full citation.

    The text must be one sentence of the published form within the word limit (60 words
    short, 80 full). Creates a Citation, not yet approved, and one "citation.add" audit
    event; schedules nothing.
    """
    if nomination.state not in CITATION_STATES:
        raise IllegalTransition(
            "Citations are written for nominations on the slate or selected, "
            f"not one that is {nomination.get_state_display()}."
        )
    if not rules.can_vet(nomination, actor):
        raise NotPermitted("Only award staff can write citations.")
    if kind not in CitationKind.values:
        raise InvalidInput(f"Choose a short or full citation, not “{kind}”.")
    cleaned = " ".join(text.split())
    problems = citation_problems(cleaned, word_limit=CITATION_WORD_LIMITS[kind])
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)

    with transaction.atomic():
        # Lock the nomination row so that two drafts cannot take the same version number.
        Nomination.objects.select_for_update().filter(pk=nomination.pk).values_list("pk").get()
        last = nomination.citations.filter(kind=kind).aggregate(last=Max("version"))["last"]
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
    return citation


def citation_approve(*, citation: Citation, actor) -> Citation:
    """Approve the current version of a citation for use in announcements and certificates.

    Sets approved_by and approved_at and writes one "citation.approve" audit event;
    schedules nothing.
    """
    nomination = citation.nomination
    if not rules.can_vet(nomination, actor):
        raise NotPermitted("Only award staff can approve citations.")
    with transaction.atomic():
        current = (
            Citation.objects.select_for_update()
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
