"""The hostile upload corpus through the real upload views: every file refused with its
message next to the field, nothing stored, the form's other input kept; odd names on
clean PDFs stored under generated names and shown cleaned; and every download view
serves an accepted file only to who may have it, as an attachment under a generated
name."""

import datetime as dt
import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.models import AuditEvent
from nominations.models import Attachment, ChecklistItem, ChecklistResult, EndorsementRequest
from nominations.models.files import MAX_ATTACHMENTS
from nominations.services.attachments import attachment_add
from nominations.states import EndorsementState
from reviews.models import PanelMember
from tests import factories
from tests.core.hostile_uploads import (
    ODD_NAMES,
    UPLOAD_PATHS,
    attachment_target,
    corpus,
    evidence_target,
    stored_files,
)
from tests.core.pdf_samples import upload, valid_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CORPUS = corpus()
GENERATED = re.compile(r"(attachments|evidence|letters)/[0-9a-f]{8}-[0-9a-f-]{27}\.pdf")


def test_corpus_has_at_least_20_distinct_hostile_files():
    assert len(CORPUS) >= 20
    assert len({hostile.id for hostile in CORPUS}) == len(CORPUS)
    assert len({(hostile.name, hostile.data) for hostile in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("path", UPLOAD_PATHS)
@pytest.mark.parametrize("hostile", CORPUS, ids=[hostile.id for hostile in CORPUS])
def test_upload_hostile_file_is_refused_next_to_the_field_and_nothing_is_stored(
    client, path, hostile
):
    target = UPLOAD_PATHS[path](client)
    events_before = AuditEvent.objects.count()

    response = target.post(client, hostile.as_upload())

    assert response.status_code == 200
    html = response.content.decode()
    assert target.error_html(hostile.message) in html
    assert target.stored_rows() == 0
    assert stored_files() == []
    assert AuditEvent.objects.count() == events_before
    for name, value in target.other_input.items():
        if name == "next":
            assert f'name="next" value="{value}"' in html
        elif name == "note":
            assert f">{escape(value)}</textarea>" in html
        elif name == "result":
            assert f'value="{value}" checked>' in html


def test_upload_hostile_file_with_htmx_gets_the_partial_with_the_message(client):
    target = attachment_target(client)
    hostile = next(hostile for hostile in CORPUS if hostile.id == "pdf-open-action-javascript")

    response = target.post(client, hostile.as_upload(), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="nomination-attachments"')
    assert target.error_html(hostile.message) in html
    assert (Attachment.objects.count(), stored_files()) == (0, [])


def test_upload_hostile_letter_keeps_the_link_usable(client):
    target = UPLOAD_PATHS["endorsement-letter"](client)
    hostile = next(hostile for hostile in CORPUS if hostile.id == "eicar-inside-pdf")

    target.post(client, hostile.as_upload())

    endorsement = EndorsementRequest.objects.get()
    assert (endorsement.state, endorsement.letter.name) == (EndorsementState.REQUESTED, "")
    assert client.get(target.url).status_code == 200


def test_upload_hostile_evidence_htmx_shows_the_message_next_to_the_field(client):
    target = evidence_target(client)
    hostile = next(hostile for hostile in CORPUS if hostile.id == "polyglot-pdf-then-zip")

    response = target.post(client, hostile.as_upload(), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<li class="site-check"')
    assert target.error_html(hostile.message) in html
    assert "usa-alert--error" not in html


def test_upload_one_file_too_many_is_refused_and_nothing_is_stored(client):
    target = attachment_target(client)
    nomination = target.nomination
    for number in range(MAX_ATTACHMENTS):
        attachment_add(
            nomination=nomination,
            actor=nomination.nominator,
            uploaded_file=upload(valid_pdf(f"page {number}"), f"{number}.pdf"),
        )
    files_before = stored_files()

    response = target.post(client, upload(valid_pdf("one more"), "extra.pdf"))

    assert response.status_code == 200
    assert (
        '<p class="usa-error-message" role="alert">This nomination already has 5 files, the '
        "most allowed. Remove one before adding another.</p>"
    ) in response.content.decode()
    assert Attachment.objects.count() == MAX_ATTACHMENTS
    assert stored_files() == files_before


# -- odd names on clean PDFs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "shown"), [odd[1:] for odd in ODD_NAMES], ids=[odd[0] for odd in ODD_NAMES]
)
def test_upload_odd_name_on_a_clean_pdf_is_stored_under_a_generated_name(client, sent, shown):
    target = attachment_target(client)
    data = valid_pdf()

    response = target.post(client, upload(data, sent))

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == shown
    assert GENERATED.fullmatch(attachment.file.name)
    assert stored_files() == [attachment.file.name]
    page = client.get(reverse("nominations:nomination_documents", args=[attachment.nomination_id]))
    assert f">{escape(shown)}</a>" in page.content.decode()


@pytest.mark.parametrize("path", ["checklist-evidence", "endorsement-letter"])
def test_upload_traversal_name_elsewhere_is_stored_under_a_generated_name(client, path):
    target = UPLOAD_PATHS[path](client)

    target.post(client, upload(valid_pdf(), "..\\..\\..\\etc\\cron.d\\job.pdf"))

    (stored,) = stored_files()
    assert GENERATED.fullmatch(stored)
    assert stored.startswith("evidence/" if path == "checklist-evidence" else "letters/")


# -- serving accepted files --------------------------------------------------------------------


@pytest.fixture
def served():
    """A nomination in review with an attachment, a received letter and checklist
    evidence, each uploaded under a hostile name; its staff, panelist and owner."""
    cycle = factories.review_cycle(nominations=1, panelists=1)
    nomination = cycle.nominations.select_related("nominator").get()
    staff = factories.award_staff()
    data = valid_pdf("Served file")
    hostile_name = '"><img src=x onerror=alert(1)>.pdf'
    attachment = Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(data, name="upload.pdf"),
        original_name=hostile_name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=nomination.nominator,
    )
    now = timezone.now()
    letter = EndorsementRequest.objects.create(
        nomination=nomination,
        name="Ana Ruiz",
        email="ana@partner.example.org",
        relationship="Partner",
        token_hash="1" * 64,
        state=EndorsementState.RECEIVED,
        expires_at=now + dt.timedelta(days=20),
        sent_at=now,
        received_at=now,
        letter=ContentFile(data, name="upload.pdf"),
        letter_original_name=hostile_name,
    )
    item = ChecklistItem.objects.create(cycle=cycle, position=1, text="Eligible organization")
    ChecklistResult.objects.create(
        nomination=nomination,
        item=item,
        result="pass",
        checked_by=staff,
        checked_at=now,
        evidence=ContentFile(data, name="upload.pdf"),
        evidence_name=hostile_name,
        evidence_size=len(data),
    )
    ref = nomination.reference
    urls = {
        "attachment": (
            reverse("nominations:attachment_download", args=[nomination.pk, attachment.pk]),
            f"{ref}-attachment-1.pdf",
        ),
        "letter": (
            reverse("nominations:letter_download", args=[nomination.pk, letter.pk]),
            f"{ref}-letter-1.pdf",
        ),
        "evidence": (
            reverse("nominations:staff_checklist_evidence", args=[nomination.pk, item.pk]),
            f"{ref}-check-{item.position}-evidence.pdf",
        ),
        "panel-attachment": (
            reverse("reviews:panel_attachment", args=[nomination.pk, attachment.pk]),
            f"{ref}-attachment-1.pdf",
        ),
        "panel-letter": (
            reverse("reviews:panel_letter", args=[nomination.pk, letter.pk]),
            f"{ref}-letter-1.pdf",
        ),
    }
    actors = {
        "owner": nomination.nominator,
        "staff": staff,
        "panelist": PanelMember.objects.get(panel__cycle=cycle).user,
        "other-nominator": factories.nominator(),
    }
    return data, urls, actors


# Who gets the file from which view (others: refused with this status, audited).
SERVED_TO = {
    "attachment": {"owner": 200, "staff": 200, "panelist": 404, "other-nominator": 404},
    "letter": {"owner": 200, "staff": 200, "panelist": 404, "other-nominator": 404},
    "evidence": {"owner": 404, "staff": 200, "panelist": 404, "other-nominator": 404},
    "panel-attachment": {"owner": 403, "staff": 200, "panelist": 200, "other-nominator": 403},
    "panel-letter": {"owner": 403, "staff": 200, "panelist": 200, "other-nominator": 403},
}


@pytest.mark.parametrize(
    ("view", "actor", "status"),
    [(view, actor, status) for view, table in SERVED_TO.items() for actor, status in table.items()],
)
def test_download_serves_only_authorized_users_as_an_attachment(
    client, served, view, actor, status
):
    data, urls, actors = served
    url, generated = urls[view]
    client.force_login(actors[actor])
    denied_before = AuditEvent.objects.filter(outcome="denied").count()

    response = client.get(url)

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == data
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{generated}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert AuditEvent.objects.filter(outcome="denied").count() == denied_before
    else:
        assert b"%PDF" not in response.content
        assert AuditEvent.objects.filter(outcome="denied").count() == denied_before + 1
