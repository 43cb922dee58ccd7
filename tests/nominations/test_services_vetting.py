import pytest

from core.exceptions import IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import ChecklistItem, ChecklistResult
from nominations.services.nomination import nomination_clear
from nominations.services.vetting import checklist_record_result
from nominations.states import NominationState
from tests.factories import CycleFactory, nomination_in

S = NominationState


@pytest.mark.django_db
def test_checklist_record_result_signs_the_finding_and_audits_it(staff):
    nomination = nomination_in(S.VETTING)
    item = nomination.cycle.checklist_items.get(required=True)

    result = checklist_record_result(
        nomination=nomination, item=item, actor=staff, result="pass", note=" Statute allows. "
    )

    result.refresh_from_db()
    assert (result.result, result.note, result.checked_by) == ("pass", "Statute allows.", staff)
    assert result.checked_at is not None
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.data) == (
        "checklist.record",
        str(nomination.pk),
        {"item": item.pk, "item_text": item.text, "result": "pass"},
    )


@pytest.mark.django_db
def test_checklist_record_result_revises_the_same_row_and_lets_clear_pass(staff):
    nomination = nomination_in(S.VETTING)
    item = nomination.cycle.checklist_items.get(required=True)
    checklist_record_result(nomination=nomination, item=item, actor=staff, result="concern")

    checklist_record_result(nomination=nomination, item=item, actor=staff, result="pass")
    nomination_clear(nomination=nomination, actor=staff)

    assert ChecklistResult.objects.get().result == "pass"
    assert nomination.state == S.CLEARED
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db
def test_checklist_record_result_by_a_nominator_is_refused():
    nomination = nomination_in(S.VETTING)
    item = nomination.cycle.checklist_items.first()

    with pytest.raises(NotPermitted):
        checklist_record_result(
            nomination=nomination, item=item, actor=nomination.nominator, result="pass"
        )

    assert (ChecklistResult.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_checklist_record_result_outside_vetting_is_illegal(staff):
    nomination = nomination_in(S.SUBMITTED)

    with pytest.raises(IllegalTransition):
        checklist_record_result(
            nomination=nomination,
            item=nomination.cycle.checklist_items.first(),
            actor=staff,
            result="pass",
        )


@pytest.mark.django_db
def test_checklist_record_result_refuses_another_cycles_item_and_unknown_results(staff):
    nomination = nomination_in(S.VETTING)
    foreign = ChecklistItem.objects.filter(cycle=CycleFactory()).first()
    own = nomination.cycle.checklist_items.first()

    with pytest.raises(InvalidInput):
        checklist_record_result(nomination=nomination, item=foreign, actor=staff, result="pass")
    with pytest.raises(InvalidInput):
        checklist_record_result(nomination=nomination, item=own, actor=staff, result="maybe")

    assert (ChecklistResult.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_checklist_record_result_on_a_stale_copy_after_clear_changes_nothing(staff):
    from core.exceptions import ConflictError
    from nominations.models import Nomination

    nomination = nomination_in(S.VETTING)
    item = nomination.cycle.checklist_items.get(required=True)
    checklist_record_result(nomination=nomination, item=item, actor=staff, result="pass")
    stale = Nomination.objects.get(pk=nomination.pk)
    nomination_clear(nomination=nomination, actor=staff)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ConflictError, match="left vetting while you were working on it"):
        checklist_record_result(nomination=stale, item=item, actor=staff, result="fail")

    assert list(ChecklistResult.objects.values_list("result", flat=True)) == ["pass"]
    assert Nomination.objects.get(pk=nomination.pk).state == S.CLEARED
    assert nomination.clear_blockers() == []
    assert AuditEvent.objects.count() == events_before
