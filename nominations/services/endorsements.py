"""Letters of support: the nominator asks up to three endorsers, each of whom uploads one
PDF through a single-use link that expires, without an account.

The link carries a token from `core.links` (256 bits); only its SHA-256
is stored, so a copy of the database opens no link. Resending makes a new token and the
old link stops working. Every write is one audit event ("endorsement.<action>"); emails
go out after commit. A refused call raises a WorkflowError and changes nothing; one over
the account's limit of letter requests is recorded as a denied "endorsement.request" or
"endorsement.resend", naming the limit.

How long a link lives: 21 days, but never past the cycle's deadline plus 7 days (a
week's grace for letters asked for near the deadline) or, for a nomination returned for
more information, past the end of the day the response is due.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    LimitReached,
    NotPermitted,
    TransitionBlocked,
)
from core.links import new_token, token_hash
from core.services.audit import audit_record, audits_refusals
from core.transitions import reload_workflow_object, save_or_conflict
from core.uploads import UploadedFileLike
from nominations import rules
from nominations.domain.emails import same_mailbox
from nominations.models import EndorsementRequest, Nomination
from nominations.models.files import (
    ENDORSEMENT_GRACE_DAYS,
    ENDORSEMENT_LINK_DAYS,
    MAX_ACTIVE_ENDORSEMENTS,
)
from nominations.selectors.attachments import (
    EndorsementLinkError,
    check_endorsement_usable,
    endorsement_for_token,
)
from nominations.services.attachments import checked_upload, stored_pdf
from nominations.services.limits import check_letter_request_limit, lock_account
from nominations.services.locking import locked_nomination
from nominations.services.mail import email_nominator_on_commit
from nominations.services.outbox import outbox_send_on_commit
from nominations.states import EndorsementState, NominationState

# Cancelling and asking again must not turn the site into a mailer to anyone: a
# nomination may send this many requests in all, and each request this many resends.
MAX_REQUESTS_PER_NOMINATION = 10
MAX_RESENDS = 3
ENDORSER_ROLE = "endorser"


def endorsement_expiry(*, nomination: Nomination, now: dt.datetime) -> dt.datetime:
    """When a link sent now stops working (see the module docstring)."""
    candidates = [now + dt.timedelta(days=ENDORSEMENT_LINK_DAYS)]
    cycle = nomination.cycle
    if nomination.state == NominationState.RETURNED and nomination.info_due_date:
        day_after = nomination.info_due_date + dt.timedelta(days=1)
        candidates.append(dt.datetime.combine(day_after, dt.time(), tzinfo=cycle.zone))
    elif cycle.deadline:
        candidates.append(cycle.deadline + dt.timedelta(days=ENDORSEMENT_GRACE_DAYS))
    return min(candidates)


@audits_refusals("endorsement.request", obj="nomination", role=Role.NOMINATOR, of=(LimitReached,))
def endorsement_request(
    *, nomination: Nomination, actor, name: str, email: str, relationship: str
) -> EndorsementRequest:
    """Ask an endorser for a letter: at most three requests that are not cancelled, and
    within the account's limit of letter requests per day (`services.limits`). The
    endorser's address may not be the nominator's own mailbox (`emails.same_mailbox`).

    Creates the request with a new token's hash and one "endorsement.request" audit
    event; schedules the email with the link to the endorser.
    """
    _check_may_manage(nomination, actor)
    name, email, relationship = name.strip(), email.strip().lower(), relationship.strip()
    problems = []
    if not name:
        problems.append("Enter the endorser's name.")
    try:
        validate_email(email)
    except ValidationError:
        problems.append("Enter the endorser's email address, like name@example.org.")
    else:
        if same_mailbox(email, actor.email):
            problems.append(
                "A letter of support must come from someone other than you. Enter the "
                "endorser's own email address."
            )
    if not relationship:
        problems.append("Enter how the endorser knows the nominee.")
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)
    now = timezone.now()
    with transaction.atomic():
        locked = locked_nomination(nomination)
        _check_may_manage(locked, actor)
        _check_room(locked, email)
        expires_at = _usable_expiry(locked, now)
        lock_account(actor)
        check_letter_request_limit(actor, now)
        token = new_token()
        endorsement = EndorsementRequest.objects.create(
            nomination=nomination,
            name=name,
            email=email,
            relationship=relationship,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=expires_at,
            sent_at=now,
        )
        audit_record(
            action="endorsement.request",
            actor=actor,
            obj=endorsement,
            to_state=endorsement.state,
            role=Role.NOMINATOR,
            data={"nomination": nomination.pk, "email": email, "expires_at": expires_at},
        )
        _email_endorser_on_commit(endorsement, token)
    rules.forget_parties(nomination)
    return endorsement


@audits_refusals("endorsement.resend", obj="request", role=Role.NOMINATOR, of=(LimitReached,))
def endorsement_resend(*, request: EndorsementRequest, actor) -> EndorsementRequest:
    """Send a request again with a new link and a new expiry; the old link stops working.

    Works for a request that is waiting or expired, within the account's limit of letter
    requests per day (`services.limits`). Updates the token hash, expiry,
    sent time and resend count with one "endorsement.resend" audit event; schedules the
    email to the endorser.
    """
    _check_request_open(request, "resend")
    _check_may_manage(request.nomination, actor)
    if request.resent_count >= MAX_RESENDS:
        reason = f"This request has already been sent again {MAX_RESENDS} times."
        raise TransitionBlocked(reason, reasons=[reason])
    now = timezone.now()
    token = new_token()
    try:
        with transaction.atomic():
            nomination = locked_nomination(request.nomination)
            _check_may_manage(nomination, actor)
            lock_account(actor)
            check_letter_request_limit(actor, now)
            request.token_hash = token_hash(token)
            request.expires_at = _usable_expiry(nomination, now)
            request.sent_at = now
            request.resent_count += 1
            # Refused if the letter arrived or the request was cancelled meanwhile.
            save_or_conflict(request, ["token_hash", "expires_at", "sent_at", "resent_count"])
            audit_record(
                action="endorsement.resend",
                actor=actor,
                obj=request,
                from_state=request.state,
                to_state=request.state,
                role=Role.NOMINATOR,
                data={"nomination": nomination.pk, "expires_at": request.expires_at},
            )
            _email_endorser_on_commit(request, token)
    except Exception:
        reload_workflow_object(request)
        raise
    rules.forget_parties(request.nomination)
    return request


def endorsement_cancel(*, request: EndorsementRequest, actor) -> EndorsementRequest:
    """Cancel a request that has no letter yet; its link stops working.

    Moves it to cancelled with one "endorsement.cancel" audit event. Schedules nothing:
    the endorser is not written to again.
    """
    _check_request_open(request, "cancel")
    _check_may_manage(request.nomination, actor)
    try:
        with transaction.atomic():
            _check_may_manage(locked_nomination(request.nomination), actor)
            from_state = request.public_state
            request.cancel()
            save_or_conflict(request, ["state", "cancelled_at"])
            audit_record(
                action="endorsement.cancel",
                actor=actor,
                obj=request,
                from_state=from_state,
                to_state=request.state,
                role=Role.NOMINATOR,
                data={"nomination": request.nomination_id},
            )
    except Exception:
        reload_workflow_object(request)
        raise
    return request


def endorsement_letter_upload(
    *, token: str, uploaded_file: UploadedFileLike, source: str = "endorser"
) -> EndorsementRequest:
    """Store an endorser's letter through their link; the link then never works again.

    Raises EndorsementLinkError (unknown, received, expired, cancelled, closed) or
    InvalidInput (the file). Stores the PDF under a generated name, moves the request
    to received with one "endorsement.receive" audit event, and schedules an email to
    the nominator. A letter that arrives once vetting is over is marked
    `received_after_vetting`: staff see it, the panel does not.
    """
    endorsement = endorsement_for_token(token)
    checked = checked_upload(uploaded_file)
    with stored_pdf(endorsement.letter, checked), transaction.atomic():
        # Locked and re-read: a resend, a cancellation or another upload with the same
        # link may have committed since the lookup; only one of them wins.
        current = (
            EndorsementRequest.objects.select_for_update(no_key=True)
            .filter(pk=endorsement.pk, token_hash=token_hash(token))
            .first()
        )
        if current is None:
            endorsement_for_token(token)  # raises: the link was replaced meanwhile
            raise ConflictError("This link changed while you were uploading. Try again.")
        current.nomination = endorsement.nomination
        check_endorsement_usable(current)
        current.receive()
        current.letter = endorsement.letter.name
        current.letter_original_name = checked.name
        current.letter_size = checked.size
        current.letter_sha256 = checked.sha256
        current.received_after_vetting = rules.letter_arrives_after_vetting(current.nomination)
        save_or_conflict(
            current,
            [
                "state",
                "received_at",
                "letter",
                "letter_original_name",
                "letter_size",
                "letter_sha256",
                "received_after_vetting",
            ],
        )
        audit_record(
            action="endorsement.receive",
            actor=None,
            obj=current,
            from_state=EndorsementState.REQUESTED,
            to_state=current.state,
            role=ENDORSER_ROLE,
            data={
                "nomination": current.nomination_id,
                "source": source,
                "name": checked.name,
                "size": checked.size,
                "sha256": checked.sha256,
            },
        )
        email_nominator_on_commit(
            nomination=current.nomination, template="endorsement_received", endorsement=current
        )
    return current


# -- internals ---------------------------------------------------------------------------------


def _check_may_manage(nomination: Nomination, actor) -> None:
    if nomination.state not in rules.ENDORSEMENT_STATES:
        raise IllegalTransition(
            "Letters of support cannot be requested or changed for a nomination that is "
            f"{nomination.public_state_name().lower()}."
        )
    if not rules.can_manage_endorsements(actor, nomination):
        raise NotPermitted("Only the nominator can manage the letters for this nomination.")


def _check_request_open(request: EndorsementRequest, verb: str) -> None:
    if request.state != EndorsementState.REQUESTED:
        raise IllegalTransition(
            f"You cannot {verb} a request that is {request.public_state_name.lower()}."
        )


def _check_room(nomination: Nomination, email: str) -> None:
    requests = list(nomination.endorsement_requests.values_list("state", "email"))
    active = [address for state, address in requests if state != EndorsementState.CANCELLED]
    reasons = []
    if len(active) >= MAX_ACTIVE_ENDORSEMENTS:
        reasons.append(
            f"You have already asked for {MAX_ACTIVE_ENDORSEMENTS} letters, the most allowed. "
            "Cancel a request before asking someone else."
        )
    elif email in active:
        reasons.append(f"You have already asked {email} for a letter.")
    elif len(requests) >= MAX_REQUESTS_PER_NOMINATION:
        reasons.append(
            f"This nomination has sent {MAX_REQUESTS_PER_NOMINATION} requests, the most "
            "allowed. Contact award staff if you need another."
        )
    if reasons:
        raise TransitionBlocked(reasons[0], reasons=reasons)


def _usable_expiry(nomination: Nomination, now: dt.datetime) -> dt.datetime:
    expires_at = endorsement_expiry(nomination=nomination, now=now)
    if expires_at <= now + dt.timedelta(days=1):
        reason = "The period for letters of support for this nomination has ended."
        raise TransitionBlocked(reason, reasons=[reason])
    return expires_at


def _email_endorser_on_commit(endorsement: EndorsementRequest, token: str) -> None:
    """After commit, email the endorser the link. The token lives only in the email sent:
    the outbox keeps the message with the link withheld, and the link sealed until sent."""

    def build() -> dict:
        nomination = Nomination.objects.select_related(
            "nominee", "cycle__program", "nominator"
        ).get(pk=endorsement.nomination_id)
        link = settings.AWARDS_SITE_URL.rstrip("/") + reverse("nominations:endorse", args=[token])
        context = {
            "endorsement": endorsement,
            "nomination": nomination,
            "nominee": nomination.nominee,
            "program": nomination.cycle.program,
            "cycle": nomination.cycle,
            "nominator_name": nomination.nominator_name or nomination.nominator.full_name,
            "link": link,
            "site_name": settings.AWARDS_SITE_NAME,
        }
        return {
            "to": [endorsement.email],
            "subject": render_to_string("emails/endorsement_request_subject.txt", context),
            "body": render_to_string("emails/endorsement_request_body.txt", context),
            "template": "endorsement_request",
            "nomination": nomination,
            "secret": link,
        }

    outbox_send_on_commit(build=build)


__all__ = [
    "EndorsementLinkError",
    "endorsement_cancel",
    "endorsement_expiry",
    "endorsement_letter_upload",
    "endorsement_request",
    "endorsement_resend",
]
