import pytest

from tests.factories import award_staff, selecting_official


@pytest.fixture
def staff():
    return award_staff()


@pytest.fixture
def official():
    return selecting_official()
