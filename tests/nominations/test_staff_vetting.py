"""Staff vetting pages: checklist form and evidence, return for information, mark
ineligible, duplicate link/unlink; who may reach them and what a refusal leaves."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import ChecklistResult
from nominations.services.vetting import checklist_record_result
from nominations.states import NominationState
from tests import factories
from tests.core.pdf_samples import HTML, upload, valid_pdf
from tests.error_summary import assert_error_pattern

S = NominationState
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

OTHER_ROLES = {
    "nominator": factories.nominator,
    "panelist": factories.panelist,
    "selecting_official": factories.selecting_official,
}


def detail_url(nomination) -> str:
    return reverse("nominations:staff_nomination", args=[nomination.pk])


def check_url(nomination, item) -> str:
    return reverse("nominations:staff_checklist_result", args=[nomination.pk, item.pk])


def evidence_url(nomination, item) -> str:
    return reverse("nominations:staff_checklist_evidence", args=[nomination.pk, item.pk])


def return_url(nomination) -> str:
    return reverse("nominations:staff_return_for_info", args=[nomination.pk])


def ineligible_url(nomination) -> str:
    return reverse("nominations:staff_mark_ineligible", args=[nomination.pk])


def link_url(nomination, other) -> str:
    return reverse("nominations:staff_duplicate_link", args=[nomination.pk, other.pk])


def unlink_url(nomination, other) -> str:
    return reverse("nominations:staff_duplicate_unlink", args=[nomination.pk, other.pk])


@pytest.fixture
def vetting():
    return factories.nomination_in(S.VETTING)


def item_of(nomination):
    return nomination.cycle.checklist_items.get(required=True)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# -- access --------------------------------------------------------------------------------


def every_page(nomination, other):
    item = item_of(nomination)
    return [
        ("get", check_url(nomination, item)),
        ("post", check_url(nomination, item)),
        ("get", return_url(nomination)),
        ("post", return_url(nomination)),
        ("get", ineligible_url(nomination)),
        ("post", ineligible_url(nomination)),
        ("post", link_url(nomination, other)),
        ("post", unlink_url(nomination, other)),
    ]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403_on_every_vetting_page_and_the_attempt_is_audited(
    client, vetting, role
):
    other = factories.nomination_in(S.SUBMITTED, cycle=vetting.cycle)
    user = OTHER_ROLES[role]()
    client.force_login(user)

    for method, url in every_page(vetting, other):
        response = getattr(client, method)(url, {"result": "pass", "revision": 0})
        assert (method, url, response.status_code) == (method, url, 403)

    denied = AuditEvent.objects.filter(outcome="denied", actor=user)
    assert denied.count() == len(every_page(vetting, other))
    assert ChecklistResult.objects.count() == 0
    vetting.refresh_from_db()
    assert (vetting.state, vetting.duplicate_case_id) == (S.VETTING, None)


def test_anonymous_is_sent_to_sign_in(client, vetting):
    url = return_url(vetting)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_staff_cannot_vet_their_own_nomination(client):
    staff_nominator = factories.award_staff()
    own = factories.nomination_in(S.VETTING, nominator=staff_nominator)
    client.force_login(staff_nominator)

    responses = [
        client.post(check_url(own, item_of(own)), {"result": "pass", "revision": 0}),
        client.post(return_url(own), {"message": "EIN?", "due_date": "2099-01-01"}),
        client.post(ineligible_url(own), {"reason": "Mine.", "notice": "x", "step": "send"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("checklist.record", "denied"),
        ("nomination.return_for_info", "denied"),
        ("nomination.mark_ineligible", "denied"),
    ]
    own.refresh_from_db()
    assert (own.state, ChecklistResult.objects.count(), len(mail.outbox)) == (S.VETTING, 0, 0)


# -- checklist -----------------------------------------------------------------------------


def test_checklist_post_records_the_finding_with_evidence_and_redirects(staff_client, vetting):
    item = item_of(vetting)
    data = valid_pdf("Clearance memo")

    response = staff_client.post(
        check_url(vetting, item),
        {"result": "pass", "note": "Memo on file.", "revision": 0, "evidence": upload(data)},
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(vetting)
    result = ChecklistResult.objects.get()
    assert (result.result, result.note, result.evidence_size, result.revision) == (
        "pass",
        "Memo on file.",
        len(data),
        1,
    )


def test_checklist_htmx_post_answers_with_the_refreshed_row(staff_client, vetting, staff):
    item = item_of(vetting)

    response = staff_client.post(
        check_url(vetting, item), {"result": "concern", "revision": 0}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="site-check" id="check-{item.pk}">')
    assert f"Check recorded: {item.text}." in html
    assert "<strong>Concern</strong>" in html
    assert f"Signed by</dt><dd>{staff}," in html
    assert 'name="revision" value="1"' in html


def test_checklist_refuses_a_non_pdf_with_the_reason_and_saves_nothing(staff_client, vetting):
    response = staff_client.post(
        check_url(vetting, item_of(vetting)),
        {"result": "pass", "revision": 0, "evidence": upload(HTML, "memo.pdf")},
    )

    assert response.status_code == 200
    assert "This file is not a PDF." in response.content.decode()
    assert (ChecklistResult.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_checklist_stale_revision_shows_the_conflict_and_the_winning_finding(staff_client, vetting):
    item = item_of(vetting)
    colleague = factories.award_staff(full_name="Kim Park")
    checklist_record_result(nomination=vetting, item=item, actor=colleague, result="fail")

    response = staff_client.post(
        check_url(vetting, item), {"result": "pass", "note": "Looks fine", "revision": 0}
    )

    html = response.content.decode()
    assert "Someone else changed this check while you were working on it" in html
    assert "<strong>Fail</strong>" in html
    assert "Signed by</dt><dd>Kim Park," in html
    assert ">Looks fine</textarea>" in html
    assert 'name="revision" value="1"' in html
    assert ChecklistResult.objects.get().result == "fail"


def test_checklist_without_a_result_says_what_to_choose(staff_client, vetting):
    response = staff_client.post(check_url(vetting, item_of(vetting)), {"revision": 0})

    assert "Choose pass, concern, fail or not applicable." in response.content.decode()
    assert ChecklistResult.objects.count() == 0


# -- evidence download -----------------------------------------------------------------------


@pytest.fixture
def evidence(vetting, staff):
    item = item_of(vetting)
    checklist_record_result(
        nomination=vetting,
        item=item,
        actor=staff,
        result="pass",
        evidence=upload(valid_pdf("Memo"), "memo <secret>.pdf"),
    )
    return item


def test_evidence_download_for_staff_is_an_attachment_with_a_generated_name(
    staff_client, vetting, evidence
):
    response = staff_client.get(evidence_url(vetting, evidence))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{vetting.reference}-check-1-evidence.pdf"'
    )
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )
    assert body(response).startswith(b"%PDF-")


@pytest.mark.parametrize("role", [*OTHER_ROLES, "owner"])
def test_evidence_download_for_anyone_else_is_404_and_audited(client, vetting, evidence, role):
    user = vetting.nominator if role == "owner" else OTHER_ROLES[role]()
    client.force_login(user)
    before = AuditEvent.objects.count()

    response = client.get(evidence_url(vetting, evidence))

    assert response.status_code == 404
    event = AuditEvent.objects.order_by("pk").last()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.outcome, event.actor) == (
        "checklist.evidence_download",
        "denied",
        user,
    )


# -- return for information ------------------------------------------------------------------


def test_return_page_returns_with_message_and_due_date(staff_client, vetting):
    due = timezone.localdate(timezone=vetting.cycle.zone) + dt.timedelta(days=14)

    response = staff_client.post(
        return_url(vetting), {"message": "Please send the EIN letter.", "due_date": due}
    )

    assert response["Location"] == detail_url(vetting)
    vetting.refresh_from_db()
    assert (vetting.state, vetting.info_request, vetting.info_due_date) == (
        S.RETURNED,
        "Please send the EIN letter.",
        due,
    )
    assert AuditEvent.objects.get().action == "nomination.return_for_info"


def test_return_page_refuses_a_past_due_date_next_to_the_field(staff_client, vetting):
    past = timezone.localdate(timezone=vetting.cycle.zone) - dt.timedelta(days=1)

    response = staff_client.post(return_url(vetting), {"message": "EIN?", "due_date": past})

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<span class="usa-error-message" id="id_due_date-error" data-error-for="id_due_date">'
        "Choose a due date after today.</span>"
    ) in html
    vetting.refresh_from_db()
    assert (vetting.state, AuditEvent.objects.count(), len(mail.outbox)) == (S.VETTING, 0, 0)


def test_return_page_needs_a_message(staff_client, vetting):
    response = staff_client.post(return_url(vetting), {"message": " ", "due_date": "2099-01-01"})

    assert "Enter the message to the nominator." in response.content.decode()
    assert_error_pattern(response, "id_message")
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "posted", "name"),
    [
        (return_url, {"message": "EIN?", "due_date": "2099-01-01"}, "return_for_info"),
        (
            ineligible_url,
            {"reason": "Agency.", "notice": "Sorry.", "step": "send"},
            "mark_ineligible",
        ),
    ],
)
def test_return_and_ineligible_on_a_nomination_that_moved_on_are_refused_and_audited(
    staff_client, staff, url, posted, name
):
    """A second member of staff sends the form after the first already returned it."""
    returned = factories.nomination_in(S.RETURNED)

    response = staff_client.post(url(returned), posted)

    assert response.status_code == 200
    assert "is not possible for a nomination that is" in response.content.decode()
    returned.refresh_from_db()
    assert (returned.state, len(mail.outbox)) == (S.RETURNED, 0)
    assert list(
        AuditEvent.objects.values_list("action", "outcome", "actor", "object_id", "from_state")
    ) == [(f"nomination.{name}", "denied", staff.pk, str(returned.pk), S.RETURNED)]


# -- mark ineligible -------------------------------------------------------------------------


def test_ineligible_prepare_prefills_the_notice_with_the_reason(staff_client, vetting):
    response = staff_client.post(
        ineligible_url(vetting), {"reason": "A federal agency.", "step": "prepare"}
    )

    notice = response.context["form"].initial["notice"]
    assert "for this reason:\n\nA federal agency.\n\nThe nomination will not go" in notice
    assert 'value="send"' in response.content.decode()
    vetting.refresh_from_db()
    assert (vetting.state, AuditEvent.objects.count()) == (S.VETTING, 0)


def test_ineligible_send_marks_it_and_sends_the_edited_notice(
    staff_client, vetting, django_capture_on_commit_callbacks
):
    edited = "Dear Jordan Lee,\n\nWe are sorry: federal agencies cannot receive this award."

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            ineligible_url(vetting),
            {"reason": "A federal agency.", "notice": edited.replace("\n", "\r\n"), "step": "send"},
        )

    assert response["Location"] == detail_url(vetting)
    vetting.refresh_from_db()
    assert (vetting.state, vetting.ineligible_reason) == (S.INELIGIBLE, "A federal agency.")
    assert [(m.subject, m.body) for m in mail.outbox] == [
        (f"Nomination {vetting.reference}: not eligible", edited)
    ]


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"reason": "", "step": "prepare"}, "Enter the reason the nomination is not eligible."),
        ({"reason": "", "notice": "x", "step": "send"}, "Enter the reason the nomination is"),
        (
            {"reason": "Agency.", "notice": " ", "step": "send"},
            "Enter the notice to the nominator.",
        ),
    ],
)
def test_ineligible_needs_a_reason_and_a_notice(staff_client, vetting, posted, message):
    response = staff_client.post(ineligible_url(vetting), posted)

    assert message in response.content.decode()
    assert_error_pattern(response, "id_reason" if not posted["reason"] else "id_notice")
    vetting.refresh_from_db()
    assert (vetting.state, AuditEvent.objects.count(), len(mail.outbox)) == (S.VETTING, 0, 0)


# -- duplicates ----------------------------------------------------------------------------


def test_link_and_unlink_from_the_detail_page_are_audited(staff_client, vetting, staff):
    other = factories.nomination_in(S.SUBMITTED, cycle=vetting.cycle)

    linked = staff_client.post(link_url(vetting, other))
    vetting.refresh_from_db()
    other.refresh_from_db()
    case_id = vetting.duplicate_case_id
    unlinked = staff_client.post(unlink_url(vetting, other))

    assert (linked["Location"], unlinked["Location"]) == (detail_url(vetting), detail_url(vetting))
    assert case_id is not None and other.duplicate_case_id == case_id
    vetting.refresh_from_db()
    assert vetting.duplicate_case_id is None
    assert list(AuditEvent.objects.values_list("action", "actor_id")) == [
        ("duplicate.link", staff.pk),
        ("duplicate.unlink", staff.pk),
    ]


def test_unlink_of_a_nomination_outside_the_case_changes_nothing(staff_client, vetting):
    other = factories.nomination_in(S.SUBMITTED, cycle=vetting.cycle)

    response = staff_client.post(unlink_url(vetting, other))

    assert response["Location"] == detail_url(vetting)
    assert AuditEvent.objects.count() == 0


# -- the partials ------------------------------------------------------------------------------


def test_partials_show_blockers_evidence_and_likely_duplicates(rf, vetting, staff, evidence):
    from django.template.loader import render_to_string

    from nominations.selectors.duplicates import duplicates_of
    from nominations.selectors.vetting import checklist_for_nomination

    twin = factories.nomination_in(S.SUBMITTED, cycle=vetting.cycle)
    twin.nominee.legal_name = f"The {vetting.nominee.legal_name}".replace(", Inc.", " LLC")
    twin.nominee.save()
    request = rf.get("/")
    request.user = staff

    html = render_to_string(
        "nominations/_vetting_checklist.html",
        {"nomination": vetting, "checklist": checklist_for_nomination(vetting)},
        request=request,
    ) + render_to_string(
        "nominations/_duplicates.html",
        {"nomination": vetting, "duplicates": duplicates_of(vetting)},
        request=request,
    )

    assert "Every required check has passed" in html
    assert f'href="{evidence_url(vetting, evidence)}">memo &lt;secret&gt;.pdf</a>' in html
    assert "Not checked yet." in html
    assert f'action="{link_url(vetting, twin)}"' in html
    assert "<td>Same name</td>" in html
