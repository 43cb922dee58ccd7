"""Concurrent moves: optimistic locking on one nomination, gap-free reference numbers."""

import pytest

from core.exceptions import ConflictError
from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from nominations.models import Cycle, Nomination
from nominations.services.nomination import (
    nomination_start_vetting,
    nomination_submit,
    nomination_withdraw,
)
from nominations.states import CycleState, NominationState
from tests.factories import CycleFactory, NominationFactory, award_staff, nomination_in
from tests.nominations.concurrency import run_at_once

S = NominationState


@pytest.mark.django_db
def test_two_stale_copies_both_transition_and_exactly_one_wins():
    nomination = nomination_in(S.SUBMITTED)
    staff_copy = Nomination.objects.get(pk=nomination.pk)
    nominator_copy = Nomination.objects.get(pk=nomination.pk)

    nomination_start_vetting(nomination=staff_copy, actor=award_staff())
    with pytest.raises(ConflictError) as caught:
        nomination_withdraw(nomination=nominator_copy, actor=nomination.nominator, reason="Oops.")

    assert "changed by someone else" in caught.value.message
    assert nominator_copy.state == S.VETTING  # the loser's copy is reloaded
    nomination.refresh_from_db()
    assert (nomination.state, nomination.withdrawal_reason) == (S.VETTING, "")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["nomination.start_vetting"]


@pytest.mark.django_db
def test_a_conflicting_submit_gives_its_reference_number_back():
    cycle = CycleFactory(state=CycleState.OPEN, award_year=2023)
    nomination = NominationFactory(cycle=cycle)
    stale = Nomination.objects.get(pk=nomination.pk)
    nomination_withdraw(nomination=nomination, actor=nomination.nominator)
    other = NominationFactory(cycle=cycle)

    with pytest.raises(ConflictError):
        nomination_submit(nomination=stale, actor=stale.nominator)
    nomination_submit(nomination=other, actor=other.nominator)

    assert (stale.state, stale.reference) == (S.WITHDRAWN, None)
    assert Nomination.objects.get(pk=other.pk).reference == "PA-2023-0001"
    assert Cycle.objects.get(pk=cycle.pk).reference_counter == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_transitions_at_the_same_moment_on_one_nomination_one_wins():
    nomination = nomination_in(S.SUBMITTED)
    staff = award_staff()
    copies = [Nomination.objects.get(pk=nomination.pk) for _ in range(2)]

    outcomes = run_at_once(
        [
            lambda: nomination_start_vetting(nomination=copies[0], actor=staff),
            lambda: nomination_withdraw(nomination=copies[1], actor=nomination.nominator),
        ]
    )

    winners = [outcome for outcome in outcomes if outcome == "ok"]
    losers = [outcome for outcome in outcomes if isinstance(outcome, ConflictError)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    nomination.refresh_from_db()
    assert nomination.state in {S.VETTING, S.WITHDRAWN}
    assert AuditEvent.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_in_one_cycle_get_distinct_consecutive_references():
    cycle = CycleFactory(state=CycleState.OPEN, award_year=2023)
    drafts = [NominationFactory(cycle=cycle) for _ in range(6)]

    outcomes = run_at_once(
        [
            lambda draft=draft: nomination_submit(
                nomination=Nomination.objects.get(pk=draft.pk), actor=draft.nominator
            )
            for draft in drafts
        ]
    )

    assert outcomes == ["ok"] * 6
    references = sorted(Nomination.objects.filter(cycle=cycle).values_list("reference", flat=True))
    assert references == [f"PA-2023-{n:04d}" for n in range(1, 7)]
    assert Cycle.objects.get(pk=cycle.pk).reference_counter == 6
    report = audit_chain_verify()
    assert (report.ok, report.events_checked) == (True, 6)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_row_held_by_a_transition_does_not_block_new_rows_that_refer_to_it():
    """Workflow row locks are FOR NO KEY UPDATE: a transaction inserting a row that refers
    to a locked cycle (a new draft) commits at once, instead of waiting at its foreign-key
    check while it may hold the audit chain's lock that the transition wants next (the
    deadlock the load test found)."""
    import threading

    from django.db import connection, transaction

    cycle = CycleFactory(state=CycleState.OPEN)
    nominator = NominationFactory(cycle=cycle).nominator
    locked, release = threading.Event(), threading.Event()

    def hold_the_cycle_lock():
        try:
            with transaction.atomic():
                Cycle.objects.get(pk=cycle.pk).lock_workflow_rows()
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_cycle_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            NominationFactory(cycle=cycle, nominator=nominator)
    finally:
        release.set()
        holder.join(timeout=10)

    assert Nomination.objects.filter(cycle=cycle).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_nomination_transition_locks_the_cycles_row_before_the_nominations():
    """The runner locks the cycle's row, then the nomination's (`lock_workflow_rows`),
    the order every writer keeps so that two of them cannot deadlock.

    Another transaction takes the cycle's row, then starts a transition and waits until
    it is blocked, then takes the nomination's row. In the right order the transition
    waits for the cycle holding nothing, so the nomination's row is free; had it locked
    the nomination first, each would wait for the other: PostgreSQL's lock timeout (or
    its deadlock detector) then fails one of them."""
    import threading

    from django.db import OperationalError, connection, transaction

    nomination = nomination_in(S.SUBMITTED)
    staff = award_staff()
    copy = Nomination.objects.get(pk=nomination.pk)
    started, runner = threading.Event(), {}

    def start_vetting() -> None:
        try:
            connection.ensure_connection()
            runner["pid"] = connection.connection.info.backend_pid
            started.set()
            nomination_start_vetting(nomination=copy, actor=staff)
            runner["outcome"] = "ok"
        except Exception as error:  # the outcome under test, reported to the main thread
            runner["outcome"] = error
        finally:
            started.set()
            connection.close()

    thread = threading.Thread(target=start_vetting)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
                own_pid = connection.connection.info.backend_pid
            list(
                Cycle.objects.select_for_update(no_key=True)
                .filter(pk=nomination.cycle_id)
                .values_list("pk")
            )
            thread.start()
            assert started.wait(timeout=10)
            _wait_until_blocked_by(runner["pid"], own_pid)
            try:
                list(
                    Nomination.objects.select_for_update(no_key=True)
                    .filter(pk=nomination.pk)
                    .values_list("pk")
                )
            except OperationalError as error:
                pytest.fail(
                    "the transition held the nomination's row while it waited for the "
                    f"cycle's: it locks them in the wrong order ({error})",
                    pytrace=False,
                )
    finally:
        thread.join(timeout=30)

    assert runner["outcome"] == "ok", runner["outcome"]
    nomination.refresh_from_db()
    assert nomination.state == S.VETTING
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("nomination.start_vetting", "done")
    ]


def _wait_until_blocked_by(waiting_pid: int, holding_pid: int) -> None:
    """Return once the backend `waiting_pid` waits for a lock `holding_pid` holds."""
    import time

    from django.db import connection

    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT %s = ANY(pg_blocking_pids(%s))", [holding_pid, waiting_pid])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    pytest.fail("the transition never waited for the cycle's row lock", pytrace=False)
