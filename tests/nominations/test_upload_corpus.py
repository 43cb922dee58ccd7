"""The hostile upload corpus through the real upload views: every file refused with its
message next to the field, nothing stored, the form's other input kept; odd names on
clean PDFs stored under generated names and shown cleaned."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from nominations.models import Attachment, AuditEvent, EndorsementRequest, EndorsementState
from nominations.models.files import MAX_ATTACHMENTS
from nominations.services.attachments import attachment_add
from tests.nominations.hostile_uploads import (
    ODD_NAMES,
    UPLOAD_PATHS,
    attachment_target,
    corpus,
    evidence_target,
    stored_files,
)
from tests.nominations.pdf_samples import upload, valid_pdf

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
