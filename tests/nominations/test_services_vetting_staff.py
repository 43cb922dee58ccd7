"""Vetting services and selectors for the staff console: evidence, revisions, clear
gating, return for information, the edited ineligibility notice, overdue returns."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.exceptions import ConflictError, InvalidInput, TransitionBlocked
from core.models import AuditEvent
from core.uploads import NOT_A_PDF
from nominations.models import ChecklistItem, ChecklistResult
from nominations.selectors.vetting import (
    checklist_for_nomination,
    ineligible_notice_text,
    overdue_returned,
)
from nominations.services.nomination import (
    nomination_clear,
    nomination_mark_ineligible,
    nomination_return_for_info,
)
from nominations.services.vetting import checklist_record_result
from nominations.states import NominationState
from tests.core.pdf_samples import HTML, upload, valid_pdf
from tests.factories import CycleFactory, award_staff, nomination_in

S = NominationState
pytestmark = pytest.mark.django_db


def required_item(nomination):
    return nomination.cycle.checklist_items.get(required=True)


# -- evidence and revisions ----------------------------------------------------------------


@pytest.mark.usefixtures("media_root")
def test_record_result_stores_evidence_under_a_generated_name(staff):
    nomination = nomination_in(S.VETTING)
    item = required_item(nomination)
    data = valid_pdf("Statute excerpt")

    result = checklist_record_result(
        nomination=nomination,
        item=item,
        actor=staff,
        result="pass",
        evidence=upload(data, "Statute 22 USC 7105.pdf"),
        expected_revision=0,
    )

    result.refresh_from_db()
    assert result.evidence.name.startswith("evidence/")
    assert "Statute" not in result.evidence.name
    assert (result.evidence_name, result.evidence_size) == ("Statute 22 USC 7105.pdf", len(data))
    assert result.evidence.read() == data
    assert result.revision == 1
    event = AuditEvent.objects.get()
    assert event.data["evidence"] == {
        "name": "Statute 22 USC 7105.pdf",
        "size": len(data),
        "sha256": result.evidence_sha256,
    }


@pytest.mark.usefixtures("media_root")
def test_record_result_refuses_a_file_that_is_not_a_pdf_and_changes_nothing(staff, media_root):
    nomination = nomination_in(S.VETTING)

    with pytest.raises(InvalidInput) as refused:
        checklist_record_result(
            nomination=nomination,
            item=required_item(nomination),
            actor=staff,
            result="pass",
            evidence=upload(HTML, "evidence.pdf"),
        )

    assert refused.value.message == NOT_A_PDF
    assert (ChecklistResult.objects.count(), AuditEvent.objects.count()) == (0, 0)
    assert not (media_root / "evidence").exists()


def test_record_result_on_a_stale_revision_is_a_conflict_and_keeps_the_other_finding(staff):
    nomination = nomination_in(S.VETTING)
    item = required_item(nomination)
    colleague = award_staff()
    checklist_record_result(
        nomination=nomination, item=item, actor=colleague, result="fail", expected_revision=0
    )

    with pytest.raises(ConflictError, match="Someone else changed this check"):
        checklist_record_result(
            nomination=nomination, item=item, actor=staff, result="pass", expected_revision=0
        )

    result = ChecklistResult.objects.get()
    assert (result.result, result.checked_by, result.revision) == ("fail", colleague, 1)
    assert AuditEvent.objects.count() == 1


def test_record_result_on_the_current_revision_saves_and_counts_up(staff):
    nomination = nomination_in(S.VETTING)
    item = required_item(nomination)
    checklist_record_result(nomination=nomination, item=item, actor=staff, result="concern")

    result = checklist_record_result(
        nomination=nomination, item=item, actor=staff, result="pass", expected_revision=1
    )

    assert (result.result, result.revision) == ("pass", 2)


# -- clear gating --------------------------------------------------------------------------


def test_clear_is_refused_until_every_required_item_passed_then_audited_with_the_signer():
    nomination = nomination_in(S.VETTING)
    ChecklistItem.objects.create(cycle=nomination.cycle, position=3, text="No adverse records")
    checker, clearer = award_staff(full_name="Dana Ortiz"), award_staff()
    first, optional, third = nomination.cycle.checklist_items.order_by("position")
    checklist_record_result(nomination=nomination, item=first, actor=checker, result="pass")
    checklist_record_result(nomination=nomination, item=third, actor=checker, result="concern")

    with pytest.raises(TransitionBlocked) as refused:
        nomination_clear(nomination=nomination, actor=clearer)
    assert refused.value.reasons == ["required check not passed: No adverse records"]
    assert nomination.state == S.VETTING
    assert AuditEvent.objects.filter(action="nomination.clear").count() == 0

    checklist_record_result(nomination=nomination, item=third, actor=checker, result="pass")
    nomination_clear(nomination=nomination, actor=clearer)

    assert nomination.state == S.CLEARED
    record = AuditEvent.objects.filter(action="checklist.record").last()
    assert (record.actor, record.data["result"]) == (checker, "pass")
    cleared = AuditEvent.objects.get(action="nomination.clear")
    assert (cleared.actor, cleared.from_state, cleared.to_state) == (clearer, "vetting", "cleared")
    assert optional.required is False


@pytest.mark.parametrize("size", [1, 6])
def test_checklist_for_nomination_costs_four_queries_at_any_size(
    django_assert_num_queries, staff, size
):
    nomination = nomination_in(S.VETTING)
    for position in range(3, 3 + size):
        item = ChecklistItem.objects.create(
            cycle=nomination.cycle, position=position, text=f"Check {position}"
        )
        checklist_record_result(nomination=nomination, item=item, actor=staff, result="pass")

    with django_assert_num_queries(4):
        checklist = checklist_for_nomination(nomination)
        signers = [str(row.result.checked_by) for row in checklist.rows if row.result]

    assert len(checklist.rows) == 2 + size
    assert signers == [str(staff)] * size
    assert checklist.clear_blockers == [
        "required check not passed: Nominee type allowed by the statute"
    ]
    assert checklist.can_clear is False


# -- return for information ----------------------------------------------------------------


def test_return_for_info_refuses_today_in_the_cycles_time_zone(staff):
    cycle = CycleFactory(state="open", time_zone="Pacific/Honolulu")
    nomination = nomination_in(S.VETTING, cycle=cycle)
    today_there = timezone.localdate(timezone=cycle.zone)

    with pytest.raises(InvalidInput, match="Choose a due date in the future."):
        nomination_return_for_info(
            nomination=nomination, actor=staff, message="Send the EIN.", due_date=today_there
        )
    nomination_return_for_info(
        nomination=nomination,
        actor=staff,
        message="Send the EIN.",
        due_date=today_there + dt.timedelta(days=1),
    )

    assert (nomination.state, nomination.info_due_date) == (
        S.RETURNED,
        today_there + dt.timedelta(days=1),
    )


def test_overdue_returned_lists_returns_past_their_due_date_in_the_cycles_zone():
    cycle = CycleFactory(state="open")
    today = timezone.localdate(timezone=cycle.zone)
    overdue = nomination_in(
        S.RETURNED, cycle=cycle, info_request="EIN?", info_due_date=today - dt.timedelta(days=1)
    )
    nomination_in(S.RETURNED, cycle=cycle, info_request="EIN?", info_due_date=today)
    nomination_in(S.VETTING, cycle=cycle, info_due_date=today - dt.timedelta(days=3))
    nomination_in(
        S.RETURNED, info_request="EIN?", info_due_date=today - dt.timedelta(days=5)
    )  # another cycle

    assert list(overdue_returned(cycle=cycle)) == [overdue]


# -- mark ineligible -------------------------------------------------------------------------


def test_mark_ineligible_sends_the_edited_notice_exactly(staff, django_capture_on_commit_callbacks):
    nomination = nomination_in(S.VETTING)
    reason = "The nominee is a federal agency."
    notice = ineligible_notice_text(nomination=nomination, reason=reason)
    edited = notice.replace("After review,", "After careful review,") + "\n\nCall us: 202-555-0100"

    with django_capture_on_commit_callbacks(execute=True):
        nomination_mark_ineligible(nomination=nomination, actor=staff, reason=reason, notice=edited)

    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (
            [nomination.nominator.email],
            f"Nomination {nomination.reference}: not eligible",
            edited,
        )
    ]
    assert (nomination.state, nomination.ineligible_reason) == (S.INELIGIBLE, reason)
    assert AuditEvent.objects.get().data == {"notice_edited": True}


def test_ineligible_notice_text_is_the_standard_notice_with_the_reason(staff):
    nomination = nomination_in(S.VETTING)

    notice = ineligible_notice_text(nomination=nomination, reason="  Outside the window. ")

    assert "for this reason:\n\nOutside the window.\n\nThe nomination will not go" in notice
    assert notice.startswith("Dear Jordan Lee,")
    assert nomination.ineligible_reason == ""


@pytest.mark.parametrize(
    ("reason", "notice", "problems"),
    [
        ("", "Dear Jordan", ["Enter the reason the nomination is not eligible."]),
        ("Federal agency.", "  ", ["Enter the notice to the nominator."]),
    ],
)
def test_mark_ineligible_needs_a_reason_and_a_notice(staff, reason, notice, problems):
    nomination = nomination_in(S.VETTING)

    with pytest.raises(InvalidInput) as refused:
        nomination_mark_ineligible(nomination=nomination, actor=staff, reason=reason, notice=notice)

    assert refused.value.problems == problems
    assert (nomination.state, AuditEvent.objects.count(), len(mail.outbox)) == (S.VETTING, 0, 0)
