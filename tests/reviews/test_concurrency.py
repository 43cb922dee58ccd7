"""Panel writes racing each other on PostgreSQL: a review submitted while staff remove its
assignment or the panelist declines it.

The review, assignment and conflict services take the same row locks in the same order
(panel, cycle, nomination, then their rows: see "Lock order" in
`reviews.services.conflicts`), so whichever writer locks first finishes and the other
then sees what it did. Whatever the interleaving, no submitted review may be left
without a live (present, not declined) assignment.
"""

import threading

import pytest
from django.db import connection

from core.exceptions import IllegalTransition, NotPermitted
from nominations.models import Nomination
from reviews.models import Assignment, PanelMember, Review
from reviews.services import assignments as assignment_services
from reviews.services import reviews as review_services
from reviews.services.assignments import assignment_decline, assignment_remove
from reviews.services.reviews import review_submit
from reviews.states import ReviewState
from tests import factories
from tests.nominations.concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def one_assignment():
    """A cycle in review with one nomination, one criterion and one assigned panelist."""
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=1)
    nomination = Nomination.objects.select_related("cycle").get(cycle=cycle)
    member = PanelMember.objects.select_related("panel", "user").get(panel__cycle=cycle)
    assignment = Assignment.objects.select_related("nomination__cycle", "member").get()
    criterion = cycle.rubric_criteria.get()
    return nomination, member, assignment, {"overall": 2, "criterion_scores": {criterion.pk: 2}}


def submit_job(nomination, member, data):
    return lambda: review_submit(
        nomination=nomination, member=member, actor=member.user, data=data, revision=0
    )


def submitted_without_live_assignment() -> bool:
    return any(
        not Assignment.objects.filter(
            nomination_id=review.nomination_id, member_id=review.member_id, declined_at=None
        ).exists()
        for review in Review.objects.filter(state=ReviewState.SUBMITTED)
    )


class Paused:
    """Replaces a service module's `audit_record`: the first call waits for `release`,
    so its caller holds every lock it took while another writer tries its luck."""

    def __init__(self, module, monkeypatch):
        self.real = module.audit_record
        self.reached, self.release = threading.Event(), threading.Event()
        self.calls = 0
        monkeypatch.setattr(module, "audit_record", self)

    def __call__(self, **kwargs):
        self.calls += 1
        if self.calls == 1:
            self.reached.set()
            assert self.release.wait(15)
        return self.real(**kwargs)


def in_thread(job, outcomes: list, finished: threading.Event) -> threading.Thread:
    def run():
        try:
            job()
            outcomes.append("ok")
        except Exception as error:  # the outcome under test, reported to the main thread
            outcomes.append(error)
        finally:
            finished.set()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_remove_while_a_submission_holds_the_locks_waits_then_is_refused(monkeypatch):
    nomination, member, assignment, data = one_assignment()
    staff = factories.award_staff()
    paused = Paused(review_services, monkeypatch)
    submitted, removed = [], []
    submit_done, remove_done = threading.Event(), threading.Event()

    submitter = in_thread(submit_job(nomination, member, data), submitted, submit_done)
    assert paused.reached.wait(10)
    remover = in_thread(
        lambda: assignment_remove(assignment=assignment, actor=staff), removed, remove_done
    )
    waited = not remove_done.wait(1.5)
    paused.release.set()
    submitter.join(20)
    remover.join(20)

    assert waited, "the removal did not wait for the submission's locks"
    assert submitted == ["ok"]
    [refusal] = removed
    assert isinstance(refusal, IllegalTransition)
    assert "has submitted a review" in refusal.message
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert Review.objects.get().state == ReviewState.SUBMITTED
    assert not submitted_without_live_assignment()


def test_submission_while_a_removal_holds_the_locks_waits_then_is_refused(monkeypatch):
    nomination, member, assignment, data = one_assignment()
    staff = factories.award_staff()
    paused = Paused(assignment_services, monkeypatch)
    submitted, removed = [], []
    submit_done, remove_done = threading.Event(), threading.Event()

    remover = in_thread(
        lambda: assignment_remove(assignment=assignment, actor=staff), removed, remove_done
    )
    assert paused.reached.wait(10)
    submitter = in_thread(submit_job(nomination, member, data), submitted, submit_done)
    waited = not submit_done.wait(1.5)
    paused.release.set()
    remover.join(20)
    submitter.join(20)

    assert waited, "the submission did not wait for the removal's locks"
    assert removed == ["ok"]
    [refusal] = submitted
    assert isinstance(refusal, NotPermitted)
    assert "not assigned" in refusal.message
    assert not Assignment.objects.exists()
    assert not Review.objects.exists()


@pytest.mark.parametrize("round_", range(4))
def test_remove_and_submit_at_the_same_moment_exactly_one_wins(round_):
    nomination, member, assignment, data = one_assignment()
    staff = factories.award_staff()

    outcomes = run_at_once(
        [
            submit_job(nomination, member, data),
            lambda: assignment_remove(assignment=assignment, actor=staff),
        ]
    )

    submit, remove = outcomes
    if submit == "ok":
        assert isinstance(remove, IllegalTransition), outcomes
        assert Assignment.objects.exists()
    else:
        assert (isinstance(submit, NotPermitted), remove) == (True, "ok"), outcomes
        assert not Review.objects.exists()
    assert not submitted_without_live_assignment()


@pytest.mark.parametrize("round_", range(4))
def test_decline_and_submit_at_the_same_moment_exactly_one_wins(round_):
    nomination, member, assignment, data = one_assignment()

    outcomes = run_at_once(
        [
            submit_job(nomination, member, data),
            lambda: assignment_decline(assignment=assignment, actor=member.user, reason="Busy."),
        ]
    )

    submit, decline = outcomes
    if submit == "ok":
        assert isinstance(decline, IllegalTransition), outcomes
    else:
        assert (isinstance(submit, NotPermitted), decline) == (True, "ok"), outcomes
    assert not submitted_without_live_assignment()
