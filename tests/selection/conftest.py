"""The selecting official as the selection tests sign in: named, since signing needs the
account's full name typed."""

import pytest

from tests import factories

OFFICIAL_NAME = "Antony J. Blinken"


@pytest.fixture
def official():
    return factories.selecting_official(full_name=OFFICIAL_NAME)


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client
