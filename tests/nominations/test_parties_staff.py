"""Staff and the selecting official who are a party to a nomination:
they read no panel data of it and act on none of its outputs, through the ordinary views.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import Certificate
from tests import factories
from tests.selection.test_slate import slate_cycle, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reader", ["staff", "official"])
def test_memo_withholds_the_figures_and_note_of_the_readers_own_nomination(client, reader):
    cycle, [mine, other] = slate_cycle([4, 2])
    user = factories.actor_named(reader)
    factories.letter_request(mine, email=user.email)
    client.force_login(user)

    page = client.get(reverse("selection:decision_memo", args=[cycle.pk]))
    pdf = client.get(reverse("selection:decision_memo_pdf", args=[cycle.pk]))

    body = text(page)
    assert page.status_code == 200
    assert f"Why {mine.reference} belongs on the slate." not in body
    assert "Briefing note withheld: you are a party to this nomination" in body
    assert f"Why {other.reference} belongs on the slate." in body
    assert pdf.status_code == 200


def test_selection_page_withholds_the_officials_own_note(client):
    cycle, [mine, other] = slate_cycle([4, 2])
    official = factories.selecting_official()
    mine.nominee.contact_email = official.email
    mine.nominee.save()
    client.force_login(official)

    body = text(client.get(reverse("selection:selection_cycle", args=[cycle.pk])))

    assert f"Why {mine.reference} belongs on the slate." not in body
    assert f"Why {other.reference} belongs on the slate." in body


def test_slate_page_withholds_a_staff_partys_figures_and_note(client):
    cycle, [mine, other] = slate_cycle([4, 2])
    staff = factories.award_staff()
    factories.letter_request(mine, email=staff.email)
    client.force_login(staff)

    body = text(client.get(reverse("selection:slate", args=[cycle.pk])))
    entry = client.get(reverse("selection:slate_entry", args=[cycle.pk, mine.pk]))

    assert f"Why {mine.reference} belongs on the slate." not in body
    assert "Figures withheld: you are a party to this nomination" in body
    assert f"Why {other.reference} belongs on the slate." in body
    assert entry.status_code == 403
    assert AuditEvent.objects.filter(action="party.denied", outcome="denied").count() == 1


def test_staff_partys_nomination_page_leaves_out_the_panels_events(client):
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=1)
    nomination = cycle.nominations.get()
    member = cycle.panel.members.get()
    staff = factories.award_staff()
    factories.letter_request(nomination, email=staff.email)
    from reviews.services.conflicts import conflict_declare

    conflict_declare(
        nomination=nomination, member=member, kind="employment", reason="I chaired its board."
    )
    client.force_login(staff)

    party_view = client.get(reverse("nominations:staff_nomination", args=[nomination.pk]))
    client.force_login(factories.award_staff())
    other_view = client.get(reverse("nominations:staff_nomination", args=[nomination.pk]))

    assert "I chaired its board." not in party_view.content.decode()
    assert "I chaired its board." in other_view.content.decode()


def test_staff_party_cannot_download_the_certificate(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nomination = factories.nomination_in("selected")
    staff = factories.award_staff()
    certificate = factories.certificate_issued(nomination, by=factories.award_staff())
    if not certificate.file:
        certificate.file.save("c.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    nomination.nominee.contact_email = staff.email
    nomination.nominee.save()
    client.force_login(staff)

    response = client.get(
        reverse("selection:staff_certificate_download", args=[nomination.pk, certificate.pk])
    )

    assert response.status_code == 403
    assert list(AuditEvent.objects.filter(outcome="denied").values_list("action", flat=True)) == [
        "party.denied"
    ]
    assert not AuditEvent.objects.filter(action="certificate.download").exists()
    assert Certificate.objects.count() == 1
