"""refuse_panel_access: audits one denial on the nomination and answers 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from nominations.models import AuditEvent, NominationState
from reviews.access import refuse_panel_access
from tests import factories


@pytest.mark.django_db
def test_refuse_panel_access_audits_denial_and_raises_permission_denied():
    nomination = factories.nomination_in(NominationState.IN_REVIEW)
    user = factories.panelist()
    request = RequestFactory().get(f"/reviews/nominations/{nomination.pk}/score/")
    request.user = user

    with pytest.raises(PermissionDenied):
        refuse_panel_access(request, nomination=nomination, what="scoring page")

    event = AuditEvent.objects.get()
    assert (
        event.action,
        event.outcome,
        event.actor,
        event.object_type,
        event.object_id,
        event.note,
    ) == (
        "panel.access_denied",
        "denied",
        user,
        "nominations.nomination",
        str(nomination.pk),
        f"scoring page: GET /reviews/nominations/{nomination.pk}/score/",
    )
