"""The staff nomination page's working parts: the vetting work above the long material,
versions that list their files and show only changed paragraphs, and a request for
information shown as answered once the nominator has responded."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.models import Attachment, NominationVersion
from nominations.selectors.staff_detail import snapshot_changes
from nominations.services.attachments import attachment_add, attachment_remove
from nominations.services.nomination import (
    nomination_resubmit,
    nomination_return_for_info,
    nomination_start_vetting,
    nomination_take_back,
)
from nominations.services.versions import nomination_version_record
from nominations.states import CycleState, NominationState
from tests import factories
from tests.core.pdf_samples import upload, valid_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def detail_url(nomination) -> str:
    return reverse("nominations:staff_nomination", args=[nomination.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def local(when, nomination) -> str:
    """A time as `_staff_time.html` writes it, in the cycle's zone."""
    moment = timezone.localtime(when, nomination.cycle.zone)
    return (
        moment.strftime("%B %-d, %Y, %-I:%M ")
        + ("a.m." if moment.hour < 12 else "p.m.")
        + moment.strftime(" %Z")
    )


@pytest.fixture
def in_vetting():
    """A submitted nomination (version 1 kept, one attachment) now in vetting."""
    nomination = factories.nomination_in(
        NominationState.SUBMITTED, cycle=factories.CycleFactory(state=CycleState.CLOSED)
    )
    Attachment.objects.create(
        nomination=nomination,
        file=f"attachments/report-{nomination.pk}.pdf",
        original_name="Annual report.pdf",
        size=2048,
        sha256="a" * 64,
        uploaded_by=nomination.nominator,
    )
    nomination_version_record(nomination=nomination, actor=nomination.nominator, reason="submit")
    return nomination


def returned_for_info(nomination, staff):
    nomination_start_vetting(nomination=nomination, actor=staff)
    nomination_return_for_info(
        nomination=nomination,
        actor=staff,
        message="Please add the 2022 training records.",
        due_date=timezone.localdate(timezone=nomination.cycle.zone) + dt.timedelta(days=7),
    )


# -- the version lists its files --------------------------------------------------------------


def test_version_snapshot_lists_the_attachments_as_they_stood(in_vetting, staff):
    first = in_vetting.attachments.get()
    kept = {"id": first.pk, "name": "Annual report.pdf", "size": 2048, "sha256": "a" * 64}
    returned_for_info(in_vetting, staff)
    added = attachment_add(
        nomination=in_vetting,
        actor=in_vetting.nominator,
        uploaded_file=upload(valid_pdf("Training records"), "Training records 2022.pdf"),
    )
    attachment_remove(attachment=first, actor=in_vetting.nominator)

    nomination_resubmit(nomination=in_vetting, actor=in_vetting.nominator)

    versions = list(NominationVersion.objects.filter(nomination=in_vetting).order_by("number"))
    assert [version.snapshot["attachments"] for version in versions] == [
        [kept],
        [
            {
                "id": added.pk,
                "name": "Training records 2022.pdf",
                "size": added.size,
                "sha256": added.sha256,
            }
        ],
    ]


def test_staff_page_shows_the_files_of_each_version_and_what_changed(client, in_vetting, staff):
    first = in_vetting.attachments.get()
    returned_for_info(in_vetting, staff)
    attachment_add(
        nomination=in_vetting,
        actor=in_vetting.nominator,
        uploaded_file=upload(valid_pdf("Training records"), "Training records 2022.pdf"),
    )
    attachment_remove(attachment=first, actor=in_vetting.nominator)
    nomination_resubmit(nomination=in_vetting, actor=in_vetting.nominator)
    client.force_login(staff)

    body = text(client.get(detail_url(in_vetting)))

    assert '<p class="site-version-files">Files in this version: Annual report.pdf.</p>' in body
    assert (
        '<p class="site-version-files">Files in this version: Training records 2022.pdf.</p>'
    ) in body
    assert (
        '<ul class="usa-list site-diff__files"> '
        '<li><del class="site-diff__removed">Removed file Annual report.pdf</del></li> '
        '<li><ins class="site-diff__added">Added file Training records 2022.pdf</ins></li> '
        "</ul>"
    ) in body
    assert "No changes since version 1." not in body


def test_version_kept_before_versions_listed_files_shows_no_file_line(client, staff):
    nomination = factories.nomination_in(NominationState.VETTING)
    for number in (1, 2):
        NominationVersion.objects.create(
            nomination=nomination,
            number=number,
            reason="submit" if number == 1 else "resubmit",
            snapshot={"nomination": {"summary": f"Version {number}"}, "nominee": {}},
            created_by=nomination.nominator,
        )
    client.force_login(staff)

    body = text(client.get(detail_url(nomination)))

    assert "Files in this version" not in body
    assert "Added file" not in body


# -- only the changed paragraphs --------------------------------------------------------------


def test_staff_page_diff_shows_only_the_changed_paragraph(client, staff):
    nomination = factories.nomination_in(NominationState.VETTING)
    long_paragraphs = [f"Paragraph {index} about the work, " + "word " * 300 for index in range(5)]
    changed = list(long_paragraphs)
    changed[2] = long_paragraphs[2].replace("about the work", "about the new work")
    for number, justification in ((1, long_paragraphs), (2, changed)):
        NominationVersion.objects.create(
            nomination=nomination,
            number=number,
            reason="submit" if number == 1 else "resubmit",
            snapshot={
                "nomination": {"justification": "\n\n".join(justification)},
                "nominee": {},
                "attachments": [],
            },
            created_by=nomination.nominator,
        )
    client.force_login(staff)

    body = text(client.get(detail_url(nomination)))

    start = body.index("<dt>Nomination: justification</dt>")
    diff = body[start : body.index("</dl>", start)]
    assert diff.startswith(
        "<dt>Nomination: justification</dt> <dd> "
        '<p class="site-diff__unchanged">2 unchanged paragraphs</p> '
        '<p class="site-diff__paragraph"><span>Paragraph 2 about the</span> '
        '<ins class="site-diff__added"><span class="usa-sr-only">[added: </span>new'
        '<span class="usa-sr-only">]</span></ins> <span>work, word word'
    )
    assert diff.endswith(
        'word</span></p> <p class="site-diff__unchanged">2 unchanged paragraphs</p> </dd> '
    )
    assert "Paragraph 0" not in diff
    assert diff.count("word") == 300  # the one changed paragraph, not all five


def test_a_renamed_nominee_shows_as_its_name_changed_and_nothing_derived(in_vetting, staff):
    """The nominee's match keys follow its name, but a version keeps only what was
    entered: the diff names the legal name alone."""
    returned_for_info(in_vetting, staff)
    nominee = in_vetting.nominee
    nominee.legal_name = "Restore NYC, Inc."
    nominee.save(update_fields=["legal_name"])

    nomination_resubmit(nomination=in_vetting, actor=in_vetting.nominator)

    first, second = NominationVersion.objects.filter(nomination=in_vetting).order_by("number")
    assert "name_key" not in second.snapshot["nominee"]
    assert [change.label for change in snapshot_changes(first.snapshot, second.snapshot)] == [
        "Nominee: legal name"
    ]


# -- the request for information ---------------------------------------------------------------


def test_open_request_shows_as_open_with_its_due_date(client, in_vetting, staff):
    returned_for_info(in_vetting, staff)
    client.force_login(staff)

    body = text(client.get(detail_url(in_vetting)))

    due = in_vetting.info_due_date
    assert f"Information requested, due {due:%B} {due.day}, {due.year}</h2>" in body
    assert '<span class="usa-tag">Open</span> Waiting for the nominator’s response' in body


def test_answered_request_shows_as_answered_with_when(client, in_vetting, staff):
    returned_for_info(in_vetting, staff)
    nomination_resubmit(nomination=in_vetting, actor=in_vetting.nominator)
    answered_at = in_vetting.versions.get(number=2).created_at
    client.force_login(staff)

    response = client.get(detail_url(in_vetting))

    body = text(response)
    status = response.context["info_request"]
    assert (status.status, status.is_open) == ("answered", False)
    assert abs(status.closed_at - answered_at) < dt.timedelta(seconds=5)
    assert "Information requested: answered</h2>" in body
    assert (
        '<span class="usa-tag site-tag--closed">Answered</span> The nominator responded '
        '<time datetime="'
    ) in body
    assert (
        f'">{local(status.closed_at, in_vetting)}</time>; the changes are in the latest version '
        "below."
    ) in body
    assert "Waiting for the nominator" not in body
    assert "Open</span>" not in body
    assert "<summary>The request sent to the nominator</summary>" in body


def test_request_taken_back_shows_as_closed_without_an_answer(client, in_vetting, staff):
    returned_for_info(in_vetting, staff)
    nomination_take_back(nomination=in_vetting, actor=staff, reason="No answer by phone.")
    client.force_login(staff)

    response = client.get(detail_url(in_vetting))

    assert response.context["info_request"].status == "taken_back"
    body = text(response)
    assert "Information requested: taken back without an answer</h2>" in body
    assert ", without a response from the nominator." in body


def test_request_answered_then_asked_again_is_open(client, in_vetting, staff):
    returned_for_info(in_vetting, staff)
    nomination_resubmit(nomination=in_vetting, actor=in_vetting.nominator)
    nomination_return_for_info(
        nomination=in_vetting,
        actor=staff,
        message="And the 2023 records, please.",
        due_date=timezone.localdate(timezone=in_vetting.cycle.zone) + dt.timedelta(days=5),
    )
    client.force_login(staff)

    response = client.get(detail_url(in_vetting))

    status = response.context["info_request"]
    assert (status.status, status.closed_at) == ("open", None)
    assert "And the 2023 records, please." in text(response)


# -- the vetting work comes first --------------------------------------------------------------


def test_checklist_and_actions_come_before_the_long_material(client, in_vetting, staff):
    nomination_start_vetting(nomination=in_vetting, actor=staff)
    client.force_login(staff)

    body = client.get(detail_url(in_vetting)).content.decode()

    order = [
        'id="actions-heading"',
        'id="checklist-heading"',
        'id="duplicates-heading"',
        'id="nominator-heading"',
        'id="content-heading"',
        'id="files-heading"',
        'id="versions-heading"',
        'id="timeline-heading"',
    ]
    positions = [body.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_blocked_move_lists_its_reasons_apart_from_the_buttons(client, in_vetting, staff):
    nomination_start_vetting(nomination=in_vetting, actor=staff)
    client.force_login(staff)

    body = text(client.get(detail_url(in_vetting)))

    buttons = body[body.index('<ul class="usa-button-group site-transition-buttons">') :]
    buttons = buttons[: buttons.index("</ul>")]
    assert "disabled" not in buttons
    assert (
        '<li class="site-blocked-moves__item"> <button type="button" class="usa-button" '
        'disabled aria-describedby="why-not-clear">Clear for the panel</button> '
        '<div class="site-blocked-moves__reasons" id="why-not-clear"> '
        '<p class="site-blocked-moves__lead">Not possible yet:</p>'
    ) in body
