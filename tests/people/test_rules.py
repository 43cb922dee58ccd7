"""Who may change whose account on the people pages, and why not."""

import pytest

from people.rules import may_manage_people, why_not_change_account
from tests.factories import UserFactory, award_staff, nominator, panelist, selecting_official

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make_actor", "expected"),
    [(award_staff, True), (selecting_official, False), (panelist, False), (nominator, False)],
)
def test_only_award_staff_manage_people(make_actor, expected):
    assert may_manage_people(make_actor()) is expected


def test_staff_may_change_anyone_elses_account():
    assert why_not_change_account(award_staff(), award_staff()) == ""


def test_why_not_for_someone_who_is_not_staff():
    assert why_not_change_account(selecting_official(), nominator()) == (
        "Only award staff manage people's accounts."
    )


def test_why_not_for_ones_own_account():
    staff = award_staff()

    assert why_not_change_account(staff, staff) == (
        "You cannot change your own roles or account here; ask another member of staff."
    )


def test_why_not_for_an_administrators_account():
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert why_not_change_account(award_staff(), admin) == (
        "An administrator's account is changed in the admin, by another administrator."
    )
