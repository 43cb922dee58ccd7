"""Requests about one's records: a person asks the award office for records others made
about them, or to correct or delete one; staff answer. Each is one audit event, and an
email tells the other side it is their turn (docs/records.md)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import ConflictError, InvalidInput, LimitReached, NotPermitted
from core.services.audit import audit_record, audits_refusals
from nominations import rules
from nominations.models import Nomination
from nominations.selectors.people import award_staff, staff_who_may_vet
from nominations.services.mail import email_each_on_commit, site_link
from records.models import RecordRequest
from records.states import RecordRequestKind, RecordRequestStatus

DETAILS_MAX = 4000
ANSWER_MAX = 4000
# More open requests than this from one account is not a person asking about their
# records; the office answers these first.
OPEN_REQUESTS_MAX = 5
RECEIVED_TEMPLATE = "record_request_received"
ANSWERED_TEMPLATE = "record_request_answered"


@audits_refusals(
    "record_request.create",
    obj=lambda **kwargs: kwargs["requester"],
    actor="requester",
    of=(LimitReached,),
)
def record_request_create(
    *, requester, kind: str, details: str, nomination: Nomination | None = None
) -> RecordRequest:
    """Record a request from the person signed in. `details` says what they ask for;
    `nomination`, when given, must be one they made. Refused (InvalidInput) without
    details or with an unknown kind, (NotPermitted) for another's nomination, and
    (LimitReached, audited) past OPEN_REQUESTS_MAX open requests. Creates the request
    (open) with one "record_request.create" audit event; after commit, emails award
    staff (never a party to the nomination it names) a link to answer it."""
    details = details.strip()
    if kind not in RecordRequestKind.values:
        raise InvalidInput("Choose what you are asking for.")
    if not details:
        raise InvalidInput("Say which record it is and what you ask us to do.")
    if len(details) > DETAILS_MAX:
        raise InvalidInput(f"Keep it to {DETAILS_MAX:,} characters; we will ask if we need more.")
    if nomination is not None and nomination.nominator_id != requester.pk:
        raise NotPermitted("You can only ask about your own nominations.")
    with transaction.atomic():
        # The account's row is the lock: two requests sent at once are counted in turn.
        get_user_model().objects.select_for_update(no_key=True).filter(pk=requester.pk).values_list(
            "pk"
        ).get()
        open_count = RecordRequest.objects.filter(
            requester=requester, status=RecordRequestStatus.OPEN
        ).count()
        if open_count >= OPEN_REQUESTS_MAX:
            raise LimitReached(
                f"You have {open_count} requests waiting for an answer. We will answer them "
                "before you can send another.",
                limit="OPEN_REQUESTS_MAX",
                allowed=OPEN_REQUESTS_MAX,
            )
        request = RecordRequest.objects.create(
            requester=requester, kind=kind, details=details, nomination=nomination
        )
        audit_record(
            action="record_request.create",
            actor=requester,
            obj=request,
            data={"kind": kind, "nomination": nomination.pk if nomination else None},
        )
        _tell_staff_on_commit(request)
    return request


@audits_refusals("record_request.answer", obj="request", role=Role.AWARD_STAFF)
def record_request_answer(*, request: RecordRequest, actor, answer: str) -> RecordRequest:
    """Answer an open request and close it. Award staff only, never the requester nor a
    party to the nomination it names (NotPermitted); an answer is required
    (InvalidInput); a request answered meanwhile is refused (ConflictError). One
    "record_request.answer" audit event; after commit, the requester is emailed the
    answer."""
    answer = answer.strip()
    nomination = request.nomination
    if not rules.is_award_staff(actor) or actor.pk == request.requester_id:
        raise NotPermitted("Only award staff other than the requester can answer a request.")
    if nomination is not None and not rules.can_vet(actor, nomination):
        raise NotPermitted("This request concerns a nomination you are a party to.")
    if not answer:
        raise InvalidInput("Write the answer the requester will receive.")
    if len(answer) > ANSWER_MAX:
        raise InvalidInput(f"Keep the answer to {ANSWER_MAX:,} characters.")
    with transaction.atomic():
        locked = RecordRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
        if locked.status != RecordRequestStatus.OPEN:
            raise ConflictError("Someone else answered this request in the meantime.")
        locked.status = RecordRequestStatus.ANSWERED
        locked.answer = answer
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        audit_record(
            action="record_request.answer",
            actor=actor,
            obj=locked,
            from_state=RecordRequestStatus.OPEN,
            to_state=RecordRequestStatus.ANSWERED,
            role=Role.AWARD_STAFF,
        )
        _tell_requester_on_commit(locked)
    return locked


def _tell_staff_on_commit(request: RecordRequest) -> None:
    def letters():
        fresh = RecordRequest.objects.select_related("requester", "nomination").get(pk=request.pk)
        staff = (
            staff_who_may_vet(fresh.nomination, excluding=[fresh.requester])
            if fresh.nomination is not None
            else award_staff(excluding=[fresh.requester])
        )
        context = {
            "record_request": fresh,
            "link": site_link("records:request_answer", fresh.pk),
        }
        return [
            (person.email, {**context, "staff_name": person.full_name or person.email})
            for person in staff
        ]

    email_each_on_commit(template=RECEIVED_TEMPLATE, letters=letters)


def _tell_requester_on_commit(request: RecordRequest) -> None:
    def letters():
        fresh = RecordRequest.objects.select_related("requester").get(pk=request.pk)
        return [
            (
                fresh.requester.email,
                {
                    "record_request": fresh,
                    "name": fresh.requester.full_name or fresh.requester.email,
                    "link": site_link("records:your_records"),
                },
            )
        ]

    email_each_on_commit(template=ANSWERED_TEMPLATE, letters=letters)
