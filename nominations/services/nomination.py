"""One service per transition of the nomination state machine (DESIGN.md §2.2).

Starting a draft, saving edits and deleting a draft live in `nominations.services.drafts`;
they are re-exported here (`nomination_create`, `nomination_update_draft`,
`nomination_delete_draft`), so every write path
on a nomination can still be found from this module.

Each transition service checks the state, the actor's permission and the guards, saves in
a transaction with exactly one audit event ("nomination.<action>"), and schedules its
email to the nominator after commit. When it cannot, it raises a
`core.exceptions.WorkflowError` and changes nothing; the runner records the refusal as a
denied "nomination.<action>" event. Not the nominator's own moves (submit, resubmit,
withdraw): their refusals (the deadline passed, something missing, a second click) answer
the nominator about their own nomination, and are not attempts on anyone else's.
Staff-internal and selection moves send no email: outcomes stay private until the
announcement.
"""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from core.exceptions import (
    InvalidInput,
)
from core.transitions import run_transition
from nominations.models import Cycle, Nomination
from nominations.selectors.award import congratulations_context
from nominations.services.drafts import (
    nomination_create,
    nomination_delete_draft,
    nomination_update_draft,
)
from nominations.services.mail import (
    email_nominator_on_commit,
    email_staff_response_received_on_commit,
    nomination_copy_attachment,
)
from nominations.services.versions import nomination_version_record

__all__ = [
    "nomination_advance",
    "nomination_award",
    "nomination_clear",
    "nomination_create",
    "nomination_decline",
    "nomination_delete_draft",
    "nomination_extend_due_date",
    "nomination_mark_ineligible",
    "nomination_not_advance",
    "nomination_resubmit",
    "nomination_return_for_info",
    "nomination_select",
    "nomination_send_to_panel",
    "nomination_start_vetting",
    "nomination_submit",
    "nomination_take_back",
    "nomination_update_draft",
    "nomination_withdraw",
]


# -- the nominator's moves -------------------------------------------------------------------


def nomination_submit(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Submit a complete draft while its cycle is open (draft → submitted).

    Assigns the next reference number of the cycle (e.g. PA-2023-0007) and keeps
    version 1 of the nomination. Schedules the receipt email to the nominator.
    """

    def assign_reference() -> list[str]:
        # The UPDATE locks the cycle row until commit: concurrent submits queue here and
        # each reads back its own number; a rollback gives the number back.
        Cycle.objects.filter(pk=nomination.cycle_id).update(
            reference_counter=F("reference_counter") + 1
        )
        sequence = Cycle.objects.values_list("reference_counter", flat=True).get(
            pk=nomination.cycle_id
        )
        cycle = nomination.cycle
        nomination.sequence = sequence
        nomination.reference = f"{cycle.program.reference_prefix}-{cycle.award_year}-{sequence:04d}"
        return ["sequence", "reference"]

    def keep_version() -> dict:
        version = nomination_version_record(nomination=nomination, actor=actor, reason="submit")
        return {"reference": nomination.reference, "version": version.number}

    run_transition(
        nomination,
        "submit",
        actor=actor,
        note=note,
        audit_refusal=False,
        before_save=assign_reference,
        after_save=keep_version,
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination,
            template="nomination_submitted",
            attachments=lambda: [nomination_copy_attachment(nomination)],
        ),
    )
    return nomination


def nomination_withdraw(*, nomination: Nomination, actor, reason: str = "") -> Nomination:
    """Withdraw a draft, submitted or returned nomination for good (→ withdrawn).

    Stores the optional reason. Schedules a confirmation email to the nominator.
    """
    run_transition(
        nomination,
        "withdraw",
        actor=actor,
        note=reason,
        audit_refusal=False,
        method_kwargs={"reason": reason.strip()},
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination, template="nomination_withdrawn"
        ),
    )
    return nomination


def nomination_resubmit(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Send back a nomination returned for information (returned → vetting).

    Keeps the next version, so staff can see what changed. Schedules a confirmation
    email to the nominator and one to each member of award staff (the response to read).
    """

    def keep_version() -> dict:
        version = nomination_version_record(nomination=nomination, actor=actor, reason="resubmit")
        return {"version": version.number}

    run_transition(
        nomination,
        "resubmit",
        actor=actor,
        note=note,
        audit_refusal=False,
        after_save=keep_version,
        schedule=lambda: (
            email_nominator_on_commit(
                nomination=nomination,
                template="nomination_resubmitted",
                attachments=lambda: [nomination_copy_attachment(nomination)],
            ),
            email_staff_response_received_on_commit(nomination=nomination),
        ),
    )
    return nomination


# -- staff's vetting moves -------------------------------------------------------------------


def nomination_start_vetting(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Take a submitted nomination into vetting (submitted → vetting). Schedules nothing."""
    run_transition(nomination, "start_vetting", actor=actor, note=note)
    return nomination


def nomination_return_for_info(
    *, nomination: Nomination, actor, message: str, due_date: dt.date
) -> Nomination:
    """Ask the nominator for more information by a date (vetting → returned).

    Stores the message and due date. Schedules an email to the nominator with both.
    """

    def validate() -> None:
        problems = []
        if not message.strip():
            problems.append("Enter the message to the nominator.")
        if due_date <= timezone.localdate(timezone=nomination.cycle.zone):
            problems.append("Choose a due date in the future.")
        if problems:
            raise InvalidInput(" ".join(problems), problems=problems)

    run_transition(
        nomination,
        "return_for_info",
        actor=actor,
        note=message,
        method_kwargs={"message": message.strip(), "due_date": due_date},
        validate=validate,
        data={"due_date": due_date},
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination, template="nomination_returned"
        ),
    )
    return nomination


def nomination_take_back(*, nomination: Nomination, actor, reason: str) -> Nomination:
    """Take a nomination returned for information back into vetting, answered or not,
    before or after its due date (returned → vetting).

    The reason is required; it is the audit event's note and is quoted in the email.
    Keeps the next version (what the nominator had saved by then), which staff then
    assess as it stands (clear it or mark it ineligible); the nominator can no longer
    change it. Schedules an email to the nominator saying so.
    """

    def validate() -> None:
        if not reason.strip():
            problem = "Enter the reason for taking the nomination back."
            raise InvalidInput(problem, problems=[problem])

    def keep_version() -> dict:
        # What staff assess: the nominator may have saved changes without sending them.
        version = nomination_version_record(nomination=nomination, actor=actor, reason="take_back")
        return {"version": version.number}

    run_transition(
        nomination,
        "take_back",
        actor=actor,
        note=reason.strip(),
        validate=validate,
        after_save=keep_version,
        data={
            "info_due_date": nomination.info_due_date,
            "overdue": nomination.response_deadline_passed(),
        },
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination, template="nomination_taken_back", reason=reason.strip()
        ),
    )
    return nomination


def nomination_extend_due_date(
    *, nomination: Nomination, actor, due_date: dt.date, note: str = ""
) -> Nomination:
    """Give the nominator of a returned nomination until a later day to respond
    (returned → returned).

    The new date must be after today (in the cycle's time zone) and after the current
    due date; an overdue nomination can be changed and sent back again until it ends.
    Stores the date; the optional note is the audit event's note and is quoted in the
    email. Schedules an email to the nominator with the new date.
    """
    previous = nomination.info_due_date

    def validate() -> None:
        problems = []
        if due_date <= timezone.localdate(timezone=nomination.cycle.zone):
            problems.append("Choose a due date in the future.")
        elif previous is not None and due_date <= previous:
            problems.append(
                f"Choose a date after the current due date, {previous:%B} {previous.day}, "
                f"{previous.year}."
            )
        if problems:
            raise InvalidInput(" ".join(problems), problems=problems)

    run_transition(
        nomination,
        "extend_due_date",
        actor=actor,
        note=note.strip(),
        method_kwargs={"due_date": due_date},
        validate=validate,
        data={"previous_due_date": previous, "due_date": due_date},
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination,
            template="nomination_due_date_extended",
            previous_due_date=previous,
            note=note.strip(),
        ),
    )
    return nomination


def nomination_mark_ineligible(
    *, nomination: Nomination, actor, reason: str, notice: str | None = None
) -> Nomination:
    """Rule a nomination out for good (vetting → ineligible).

    Stores the reason, which is required. Schedules a notice with it to the nominator:
    the standard one (`emails/nomination_ineligible_body.txt`), or `notice`, the text
    staff edited from it (`selectors.vetting.ineligible_notice_text`), sent exactly as
    given under the same subject.
    """

    def validate() -> None:
        problems = []
        if not reason.strip():
            problems.append("Enter the reason the nomination is not eligible.")
        if notice is not None and not notice.strip():
            problems.append("Enter the notice to the nominator.")
        if problems:
            raise InvalidInput(" ".join(problems), problems=problems)

    def schedule() -> None:
        if notice is None:
            email_nominator_on_commit(nomination=nomination, template="nomination_ineligible")
        else:
            email_nominator_on_commit(
                nomination=nomination, template="nomination_ineligible_notice", notice=notice
            )

    run_transition(
        nomination,
        "mark_ineligible",
        actor=actor,
        note=reason,
        method_kwargs={"reason": reason.strip()},
        validate=validate,
        data={"notice_edited": notice is not None},
        schedule=schedule,
    )
    return nomination


def nomination_clear(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Clear a vetted nomination for the panel (vetting → cleared).

    Needs every required checklist item passed and signed. Schedules nothing.
    """
    run_transition(nomination, "clear", actor=actor, note=note)
    return nomination


# -- panel, selection and award ----------------------------------------------------------------


def nomination_send_to_panel(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Put a cleared nomination before the panel (cleared → in_review).

    Only while the cycle is in panel review. Schedules nothing.
    """
    run_transition(nomination, "send_to_panel", actor=actor, note=note)
    return nomination


def nomination_advance(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Put a reviewed nomination on the slate (in_review → shortlisted). Schedules nothing."""
    run_transition(nomination, "advance", actor=actor, note=note)
    return nomination


def nomination_not_advance(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Leave a reviewed nomination off the slate (in_review → not_advanced).

    Schedules nothing: the nominator learns the outcome at the announcement.
    """
    run_transition(nomination, "not_advance", actor=actor, note=note)
    return nomination


def nomination_select(*, nomination: Nomination, actor, rationale: str = "") -> Nomination:
    """Record the selecting official's choice of a recipient (shortlisted → selected).

    The runner locks the cycle's row, so two selections at once cannot exceed the award
    cap. The decision stays private until the announcement, so it schedules nothing.
    """
    run_transition(
        nomination,
        "select",
        actor=actor,
        note=rationale,
    )
    return nomination


def nomination_decline(*, nomination: Nomination, actor, rationale: str = "") -> Nomination:
    """Record the selecting official's decision not to select (shortlisted → not_selected).

    Private until the announcement; schedules nothing.
    """
    run_transition(nomination, "decline", actor=actor, note=rationale)
    return nomination


def nomination_award(
    *, nomination: Nomination, actor, note: str = "", certificate_serial: str = ""
) -> Nomination:
    """Confer the award once the cycle is announced (selected → awarded).

    Needs approved short and full citations and an issued certificate. Schedules the
    congratulations email to the nominator, with the short citation and the
    certificate's verification address (`certificate_serial`, or the current valid
    certificate's). The one service for the award: the announcement calls it too.
    """
    run_transition(
        nomination,
        "award",
        actor=actor,
        note=note,
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination,
            template="nomination_awarded",
            **congratulations_context(nomination, serial=certificate_serial),
        ),
    )
    return nomination
