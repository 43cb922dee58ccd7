import pytest

from tests.factories import award_staff, selecting_official


@pytest.fixture
def staff():
    return award_staff()


@pytest.fixture
def official():
    return selecting_official()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
