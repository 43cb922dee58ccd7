import pytest

from accounts.roles import Role
from tests.factories import NominationFactory, award_staff


@pytest.mark.django_db
def test_nomination_factory_builds_a_complete_draft():
    nomination = NominationFactory()
    assert nomination.state == "draft"
    assert nomination.completeness_problems() == []
    assert nomination.submit_blockers() == []


@pytest.mark.django_db
def test_role_helpers_put_users_in_their_group():
    user = award_staff()
    assert list(user.groups.values_list("name", flat=True)) == [Role.AWARD_STAFF.value]
