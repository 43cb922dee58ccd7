"""An endorser's letter request (nominations/models/files.py): its guard."""

import datetime as dt

import pytest
from django.utils import timezone

from nominations.models import EndorsementRequest


@pytest.mark.parametrize(
    ("expires_in", "reasons"),
    [(dt.timedelta(days=1), []), (-dt.timedelta(seconds=1), ["the link has expired"])],
    ids=["open", "expired"],
)
def test_receive_blockers_only_an_expired_link(expires_in, reasons):
    request = EndorsementRequest(expires_at=timezone.now() + expires_in)

    assert request.receive_blockers() == reasons
