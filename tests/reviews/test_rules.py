"""Permission predicates of panel review (reviews/rules.py)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from reviews import rules
from reviews.models import Assignment, PanelMember
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make_user", "may"),
    [
        (factories.award_staff, True),
        (factories.panelist, True),
        (factories.nominator, False),
        (factories.selecting_official, False),
    ],
)
def test_may_view_some_results_only_for_staff_and_panelists(make_user, may):
    assert rules.may_view_some_results(make_user()) is may


# -- who may score: an assigned panelist on a signed seat, while the panel scores ---------

CANNOT_OPEN = "You cannot open this nomination, so you cannot score it."
NOT_SCORING = "The panel is not scoring at the moment, so reviews cannot be changed."
NOT_IN_REVIEW = "This nomination is no longer in panel review, so its reviews cannot be changed."
DECLINED = "You declined this assignment, so you cannot score this nomination."
NOT_ASSIGNED = (
    "You are not assigned to score this nomination. You can read it and its "
    "discussion, but only its assigned panelists score it."
)


def _scoring_case(case: str):
    """(user, nomination, seat) for `case`: an assigned panelist on a signed seat of a
    cycle in panel review, with one thing changed."""
    cycle = factories.CycleFactory(state="review")
    nomination = factories.nomination_in("in_review", cycle=cycle)
    user = factories.panelist()
    seat = factories.seat(
        cycle, user, attested=case != "unsigned seat", removed=case == "removed seat"
    )
    if case != "not assigned":
        assignment = Assignment.objects.create(nomination=nomination, member=seat)
        if case == "declined":
            assignment.declined_at = timezone.now()
            assignment.save()
    if case == "conflict confirmed":
        factories.conflict(nomination, seat, status="confirmed")
    if case == "party to it":
        nomination.nominee.contact_email = user.email
        nomination.nominee.save()
    if case == "nomination shortlisted":
        type(nomination).objects.filter(pk=nomination.pk).update(state="shortlisted")
    if case == "cycle in selection":
        type(cycle).objects.filter(pk=cycle.pk).update(state="selection")
    nomination = type(nomination).objects.select_related("cycle").get(pk=nomination.pk)
    if case == "staff":
        return factories.award_staff(), nomination, None
    if case == "no seat":
        return factories.panelist(), nomination, None
    if case == "another's seat":
        return factories.panelist(), nomination, seat
    return user, nomination, seat


@pytest.mark.parametrize(
    ("case", "blocker"),
    [
        ("assigned", ""),
        ("nomination shortlisted", NOT_IN_REVIEW),
        ("cycle in selection", NOT_SCORING),
        ("declined", DECLINED),
        ("not assigned", NOT_ASSIGNED),
        ("unsigned seat", CANNOT_OPEN),
        ("removed seat", CANNOT_OPEN),
        ("conflict confirmed", CANNOT_OPEN),
        ("party to it", CANNOT_OPEN),
        ("no seat", CANNOT_OPEN),
        ("another's seat", CANNOT_OPEN),
        ("staff", CANNOT_OPEN),
    ],
)
def test_can_score_only_an_assigned_panelist_on_a_signed_seat_while_the_panel_scores(case, blocker):
    user, nomination, seat = _scoring_case(case)

    assert rules.why_cannot_score(user, nomination, seat=seat) == blocker
    assert rules.can_score(user, nomination, seat=seat) is (blocker == "")


def test_why_cannot_score_finds_the_users_own_seat_when_none_is_given():
    user, nomination, _seat = _scoring_case("assigned")

    assert rules.why_cannot_score(user, nomination) == ""
    assert rules.can_score(user, nomination) is True


def test_scoring_blocker_without_a_seat_says_so():
    nomination = factories.nomination_in("in_review", cycle=factories.CycleFactory(state="review"))

    assert rules.scoring_blocker(
        nomination=nomination, seat=None, assigned=True, declined=False
    ) == ("You do not have a seat on this nomination’s panel, so you cannot score it.")


# -- who may open a nomination: staff not a party to it, a signed seat of its panel -------


def _opening_case(case: str):
    """(user, nomination) for `case`: a panelist on a signed seat of a cycle in panel
    review and a nomination in review, with one thing changed."""
    cycle_state = {"cycle still open": "open", "cycle announced": "announced"}.get(case, "review")
    nomination_state = {"nomination submitted": "submitted"}.get(case, "in_review")
    cycle = factories.CycleFactory(state=cycle_state)
    nomination = factories.nomination_in(nomination_state, cycle=cycle)
    user = factories.panelist()
    factories.seat(cycle, user, attested=case != "unsigned seat", removed=case == "removed seat")
    if case == "party to it":
        nomination.nominee.contact_email = user.email
        nomination.nominee.save()
    if case == "declared conflict":
        factories.conflict(nomination, PanelMember.objects.get(user=user))
    if case == "staff":
        user = factories.award_staff()
    if case == "staff party to it":
        user = factories.award_staff(email=nomination.nominee.contact_email)
    if case == "no seat":
        user = factories.panelist()
    return user, type(nomination).objects.select_related("cycle").get(pk=nomination.pk)


@pytest.mark.parametrize(
    ("case", "may"),
    [
        ("signed seat", True),
        ("staff", True),
        ("staff party to it", False),
        ("nomination submitted", False),
        ("cycle still open", False),
        ("cycle announced", False),
        ("unsigned seat", False),
        ("removed seat", False),
        ("no seat", False),
        ("party to it", False),
        ("declared conflict", False),
    ],
)
def test_can_open_nomination_only_staff_or_a_signed_seat_while_the_panel_sees_it(case, may):
    user, nomination = _opening_case(case)

    assert rules.can_open_nomination(user, nomination) is may


# -- who sees a cycle's results: staff, and the signed chair of its panel -----------------


@pytest.mark.parametrize(
    ("case", "may"),
    [
        ("staff", True),
        ("signed chair", True),
        ("unsigned chair", False),
        ("removed chair", False),
        ("signed member", False),
        ("chair of another cycle", False),
        ("nominator", False),
    ],
)
def test_can_view_results_only_staff_and_the_signed_chair(case, may):
    cycle, other = factories.CycleFactory(state="review"), factories.CycleFactory(state="review")
    user = factories.award_staff() if case == "staff" else factories.nominator()
    if "chair" in case or "member" in case:
        user = factories.panelist()
        factories.seat(
            other if case == "chair of another cycle" else cycle,
            user,
            attested=case != "unsigned chair",
            chair="chair" in case,
            removed=case == "removed chair",
        )

    assert rules.can_view_results(user, cycle) is may


def test_can_comment_takes_the_callers_verdict_on_opening():
    user, nomination = _opening_case("no seat")

    assert rules.can_comment(user, nomination) is False
    assert rules.can_comment(user, nomination, may_open=True) is True


@pytest.mark.parametrize(
    ("case", "may"),
    [
        ("signed seat", True),
        ("unsigned seat", False),
        ("removed seat", False),
        ("no seat", False),
        ("nomination submitted", False),
        ("cycle announced", False),
    ],
)
def test_can_declare_conflict_on_the_users_own_signed_seat(case, may):
    user, nomination = _opening_case(case)

    assert rules.can_declare_conflict(user, nomination) is may


def test_can_edit_comment_only_its_author_until_the_grace_period_ends():
    author, other = factories.panelist(), factories.panelist()
    created = timezone.now()
    comment = SimpleNamespace(author_id=author.pk, created_at=created)
    end = created + rules.COMMENT_GRACE

    assert rules.can_edit_comment(author, comment, now=end - dt.timedelta(seconds=1)) is True
    assert rules.can_edit_comment(author, comment, now=end) is False
    assert rules.can_edit_comment(other, comment, now=created) is False


@pytest.mark.parametrize(
    ("case", "found"),
    [
        ("signed seat", True),
        ("unsigned seat", False),
        ("removed seat", False),
        ("another panel", False),
        ("not a panelist", False),
        ("another panelist's seat", False),
    ],
)
def test_signed_seat_on_only_the_users_active_signed_seat_of_that_panel(case, found):
    cycle, other_cycle = (
        factories.CycleFactory(state="review"),
        factories.CycleFactory(state="review"),
    )
    user = factories.panelist()
    seat = factories.seat(
        other_cycle if case == "another panel" else cycle,
        factories.panelist() if case == "another panelist's seat" else user,
        attested=case != "unsigned seat",
        removed=case == "removed seat",
    )
    if case == "not a panelist":
        user.groups.clear()
        user = type(user).objects.get(pk=user.pk)
    panel = factories.panel_of(cycle)

    assert rules.signed_seat_on(user, panel) == (seat if found else None)


def test_signed_seat_on_loads_the_seat_its_panel_cycle_and_user_in_one_query(
    django_assert_num_queries,
):
    cycle = factories.CycleFactory(state="review")
    user = factories.panelist()
    factories.seat(cycle, user)
    panel = type(factories.panel_of(cycle)).objects.get(cycle=cycle)
    user = type(user).objects.get(pk=user.pk)
    rules.is_panelist(user)  # reads and caches the roles before counting

    with django_assert_num_queries(1):
        seat = rules.signed_seat_on(user, panel)
        assert (seat.panel.cycle.state, seat.user.email) == ("review", user.email)


@pytest.mark.parametrize(
    ("status", "blocked"),
    [
        ("suggested", False),
        ("declared", True),
        ("confirmed", True),
        ("dismissed", False),
        ("waived", False),
        ("party", True),
    ],
)
def test_is_blocked_by_conflict_only_by_a_declared_confirmed_or_party_conflict(status, blocked):
    cycle = factories.CycleFactory(state="review")
    nomination = factories.nomination_in("in_review", cycle=cycle)
    member = factories.seat(cycle)
    factories.conflict(nomination, member, status=status)

    assert rules.is_blocked_by_conflict(member, nomination) is blocked


def test_is_blocked_by_conflict_finds_the_seat_s_user_a_party_with_no_conflict_recorded():
    cycle = factories.CycleFactory(state="review")
    member = factories.seat(cycle)
    nomination = factories.nomination_in("in_review", cycle=cycle, nominator=member.user)

    assert rules.is_blocked_by_conflict(member, nomination) is True
