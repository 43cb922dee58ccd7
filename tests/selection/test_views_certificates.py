"""Certificate pages: staff issue, re-issue, revoke and download; the public
verification page; who may reach them and what a refusal leaves."""

import datetime as dt
import hashlib
import html
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import Certificate, Citation, Cycle
from nominations.selectors.award import (
    approved_full_citation,
    certificate_panel,
    certificate_verification_url,
)
from nominations.states import CertificateStatus
from selection.services.certificates import certificate_issue, certificate_revoke
from tests import factories
from tests.core.pdf_structure import outline
from tests.core.pdf_structure import read as read_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

OTHER_ROLES = {
    "nominator": factories.nominator,
    "panelist": factories.panelist,
    "selecting_official": factories.selecting_official,
}


def issue_url(nomination) -> str:
    return reverse("selection:staff_certificate_issue", args=[nomination.pk])


def revoke_url(certificate) -> str:
    return reverse(
        "selection:staff_certificate_revoke", args=[certificate.nomination_id, certificate.pk]
    )


def download_url(certificate) -> str:
    return reverse(
        "selection:staff_certificate_download", args=[certificate.nomination_id, certificate.pk]
    )


def verify_url(serial: str) -> str:
    return reverse("selection:certificate_verify", args=[serial])


def detail_url(nomination) -> str:
    return reverse("nominations:staff_nomination", args=[nomination.pk])


def selected(staff, *, cycle_state="selection"):
    cycle = factories.cycle_in(cycle_state)
    nomination = factories.nomination_in(
        "selected",
        cycle=cycle,
        nominee=factories.NomineeFactory(certificate_name="Restore NYC"),
    )
    factories.citations_approved(nomination, by=staff)
    return nomination


def announced_certificate(staff) -> Certificate:
    """A certificate issued during selection, whose cycle was then announced."""
    nomination = selected(staff)
    certificate = certificate_issue(nomination=nomination, actor=staff)
    type(nomination.cycle).objects.filter(pk=nomination.cycle_id).update(state="announced")
    return certificate


# -- issue and re-issue -------------------------------------------------------------------


def test_issue_page_prefills_the_name_as_it_should_appear(staff_client, staff):
    nomination = selected(staff)

    response = staff_client.get(issue_url(nomination))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"recipient_name": "Restore NYC", "expected_current": ""}
    assert "reason" not in form.fields
    assert b"Issue the certificate" in response.content


def test_issue_post_issues_and_goes_back_to_the_nomination(staff_client, staff):
    nomination = selected(staff)

    response = staff_client.post(
        issue_url(nomination), {"recipient_name": "Restore NYC", "expected_current": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    certificate = Certificate.objects.get()
    assert (certificate.serial, certificate.status) == (f"{nomination.reference}-C1", "valid")


def test_reissue_needs_a_reason_and_keeps_the_input(staff_client, staff):
    nomination = selected(staff)
    first = certificate_issue(nomination=nomination, actor=staff)

    response = staff_client.post(
        issue_url(nomination),
        {"recipient_name": "Restore NYC, Inc.", "reason": "", "expected_current": first.serial},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reason": ["Say why the certificate is being re-issued."]
    }
    assert b'value="Restore NYC, Inc."' in response.content
    assert Certificate.objects.count() == 1


def test_reissue_with_a_corrected_name_supersedes(staff_client, staff):
    nomination = selected(staff)
    first = certificate_issue(nomination=nomination, actor=staff)

    response = staff_client.post(
        issue_url(nomination),
        {
            "recipient_name": "Restore NYC, Inc.",
            "reason": "Corrected name.",
            "expected_current": first.serial,
        },
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == CertificateStatus.SUPERSEDED
    assert first.superseded_by.recipient_name == "Restore NYC, Inc."


def test_issue_from_a_stale_page_shows_the_conflict_and_issues_nothing(staff_client, staff):
    nomination = selected(staff)
    certificate_issue(nomination=nomination, actor=staff)

    response = staff_client.post(
        issue_url(nomination),
        {"recipient_name": "Restore NYC", "reason": "again", "expected_current": ""},
    )

    assert response.status_code == 200
    assert "Someone else issued a certificate" in response.context["form"].non_field_errors()[0]
    assert Certificate.objects.count() == 1


def test_issue_when_blocked_lists_the_reasons(staff_client, staff):
    nomination = factories.nomination_in("shortlisted", cycle=factories.cycle_in("selection"))

    response = staff_client.post(
        issue_url(nomination), {"recipient_name": "X", "expected_current": ""}
    )

    assert response.context["form"].non_field_errors() == [
        "The certificate cannot be issued yet.",
        "The nomination has not been selected.",
        "The current full citation is not approved.",
    ]
    assert Certificate.objects.count() == 0


def test_issue_of_a_certificate_too_long_for_its_page_names_what_to_shorten(staff_client, staff):
    nomination = selected(staff)
    Citation.objects.create(
        nomination=nomination,
        kind="full",
        version=2,
        text="for its " + " ".join(["counterrevolutionaries" * 2] * 78),
        created_by=staff,
        approved_by=staff,
        approved_at=timezone.now(),
    )
    events = AuditEvent.objects.count()

    response = staff_client.post(
        issue_url(nomination), {"recipient_name": "Restore NYC " * 25, "expected_current": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The certificate cannot be issued as it stands.",
        "The certificate's text does not fit on its page even in the smallest type: it needs "
        "about 4 more lines; shorten the approved full citation (26 lines) or the name as it "
        "should appear (3 lines).",
    ]
    assert Certificate.objects.count() == 0
    assert AuditEvent.objects.count() == events


# -- revoke and download ----------------------------------------------------------------------


def test_revoke_post_revokes_with_the_reason(staff_client, staff):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)

    response = staff_client.post(revoke_url(certificate), {"reason": "Issued in error."})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_reason) == ("revoked", "Issued in error.")


def test_revoke_without_a_reason_shows_the_error_next_to_the_field(staff_client, staff):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)

    response = staff_client.post(revoke_url(certificate), {"reason": "  "})

    assert response.context["form"].errors == {
        "reason": ["Enter the reason for revoking the certificate."]
    }
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_download_gives_staff_the_stored_file(staff_client, staff):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)

    response = staff_client.get(download_url(certificate))

    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="certificate-{certificate.serial}.pdf"' in response["Content-Disposition"]
    assert hashlib.sha256(content).hexdigest() == certificate.sha256
    event = AuditEvent.objects.get(action="certificate.download")
    assert (event.actor, event.data) == (staff, {"serial": certificate.serial})


def test_download_of_another_nominations_certificate_is_not_found(staff_client, staff):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)
    other = selected(staff)

    response = staff_client.get(
        reverse("selection:staff_certificate_download", args=[other.pk, certificate.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("role", sorted(OTHER_ROLES))
@pytest.mark.parametrize("page", ["issue_get", "issue_post", "revoke_post", "download"])
def test_staff_pages_refuse_other_roles_and_audit_the_denial(client, staff, role, page):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)
    nomination = certificate.nomination
    client.force_login(OTHER_ROLES[role]())
    events = AuditEvent.objects.count()
    method, url, data = {
        "issue_get": ("get", issue_url(nomination), {}),
        "issue_post": (
            "post",
            issue_url(nomination),
            {"recipient_name": "X", "reason": "y", "expected_current": certificate.serial},
        ),
        "revoke_post": ("post", revoke_url(certificate), {"reason": "No."}),
        "download": ("get", download_url(certificate), {}),
    }[page]

    response = getattr(client, method)(url, data)

    assert response.status_code == 403
    assert list(Certificate.objects.values_list("serial", "status")) == [
        (certificate.serial, "valid")
    ]
    assert AuditEvent.objects.count() == events + 1
    denial = AuditEvent.objects.latest("pk")
    assert (denial.action, denial.outcome) == ("page.denied", "denied")


def test_staff_pages_send_anonymous_visitors_to_sign_in(client, staff):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)

    for url in (
        issue_url(certificate.nomination),
        revoke_url(certificate),
        download_url(certificate),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_staff_cannot_issue_for_their_own_nomination(client, staff):
    nomination = selected(staff)
    nomination.nominator.groups.add(*staff.groups.all())
    client.force_login(nomination.nominator)
    events = AuditEvent.objects.count()

    response = client.post(issue_url(nomination), {"recipient_name": "X", "expected_current": ""})

    assert response.status_code == 403
    assert Certificate.objects.count() == 0
    denial = AuditEvent.objects.latest("pk")
    assert AuditEvent.objects.count() == events + 1
    assert (denial.action, denial.outcome) == ("certificate.issue", "denied")


# -- the panel partial ----------------------------------------------------------------------


def test_panel_partial_lists_history_and_offers_reissue_and_revoke(rf, staff):
    nomination = selected(staff)
    first = certificate_issue(nomination=nomination, actor=staff)
    second = certificate_issue(nomination=nomination, actor=staff, reason="Name.")

    html = render_to_string(
        "nominations/_certificates.html",
        {"nomination": nomination, "certificate_panel": certificate_panel(nomination)},
        request=rf.get("/"),
    )

    assert f"The valid certificate is <strong>{second.serial}</strong>" in html
    assert f"by {second.serial}" in html
    assert "Re-issue the certificate" in html
    assert f"Revoke {second.serial}" in html
    assert f"Revoke {first.serial}" not in html
    assert download_url(first) in html


def test_panel_partial_explains_why_no_certificate_can_be_issued(rf, staff):
    nomination = factories.nomination_in("shortlisted", cycle=factories.cycle_in("selection"))

    html = render_to_string(
        "nominations/_certificates.html",
        {"nomination": nomination, "certificate_panel": certificate_panel(nomination)},
        request=rf.get("/"),
    )

    assert "No certificate has been issued for this nomination." in html
    assert "The nomination has not been selected." in html
    assert issue_url(nomination) not in html


# -- public verification ----------------------------------------------------------------------


def test_verify_shows_a_valid_certificate_without_signing_in(client, staff):
    certificate = announced_certificate(staff)

    response = client.get(verify_url(certificate.serial))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Valid certificate" in text
    assert "<dd>Restore NYC</dd>" in text
    assert f"<dd>{certificate.nomination.cycle.program.name}</dd>" in text
    assert f"<dd>{certificate.nomination.cycle.award_year}</dd>" in text
    # Dates are shown in the cycle's time zone, which is not UTC's date around midnight.
    issued = timezone.localtime(certificate.issued_at, certificate.nomination.cycle.zone)
    assert f"<dd>{issued:%B} {issued.day}, " in text
    assert f'<code class="site-hash">{certificate.sha256}</code>' in text


def test_verify_shows_the_certificates_words_as_its_pdf_reads_them_out(client, staff):
    """The page is the certificate's HTML equivalent (WCAG 1.1.1): every word printed on
    it, in the order the PDF's tags read them, the citation included."""
    certificate = announced_certificate(staff)

    page = client.get(verify_url(certificate.serial)).content.decode()

    section = page[page.index("<h2>What the certificate says</h2>") :]
    section = section[: section.index("</div>")]
    shown = [html.unescape(line) for line in re.findall(r"<p>(.*?)</p>", section)]
    with certificate.file.open("rb") as stored:
        read_out = [text for kind, text in outline(read_pdf(stored.read())) if kind != "Figure"]
    assert " ".join(shown) == " ".join(read_out)
    assert set(approved_full_citation(certificate.nomination).splitlines()) <= set(shown)
    assert shown[0] == "The United States of America"
    assert shown[-1] == f"Verify at {certificate_verification_url(certificate.serial)}"


def test_verify_of_a_superseded_certificate_links_to_the_current_one(client, staff):
    first = announced_certificate(staff)
    second = certificate_issue(nomination=first.nomination, actor=staff, reason="Name.")

    response = client.get(verify_url(first.serial))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Superseded" in text
    assert f'href="{verify_url(second.serial)}"' in text


def test_verify_of_a_revoked_certificate_says_so_with_the_date(client, staff):
    certificate = announced_certificate(staff)
    certificate_revoke(certificate=certificate, actor=staff, reason="Issued in error.")
    certificate.refresh_from_db()

    response = client.get(verify_url(certificate.serial))

    text = response.content.decode()
    assert "Revoked" in text
    revoked = timezone.localtime(certificate.revoked_at, certificate.nomination.cycle.zone)
    assert f"was revoked on {revoked:%B} {revoked.day}," in text
    assert "Issued in error." not in text


def test_verify_gives_the_days_in_the_cycles_zone(client, staff):
    certificate = announced_certificate(staff)
    Cycle.objects.filter(pk=certificate.nomination.cycle_id).update(time_zone="Pacific/Honolulu")
    # 10 p.m. on February 13 and 11 p.m. on March 2 in Honolulu, a day later in New York.
    Certificate.objects.filter(pk=certificate.pk).update(
        status=CertificateStatus.REVOKED,
        issued_at=dt.datetime(2026, 2, 14, 8, 0, tzinfo=dt.UTC),
        revoked_at=dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC),
    )

    text = client.get(verify_url(certificate.serial)).content.decode()

    assert "This certificate was revoked on March 2, 2026 and is no longer valid." in text
    assert "<dt>Issued</dt><dd>February 13, 2026</dd>" in text


def test_verify_accepts_a_lower_case_serial(client, staff):
    certificate = announced_certificate(staff)

    response = client.get(verify_url(certificate.serial.lower()))

    assert response.status_code == 200


def test_verify_of_an_unknown_serial_is_a_clear_not_found_page(client):
    response = client.get(verify_url("PA-1999-0001-C1"))

    assert response.status_code == 404
    assert b"Certificate not found" in response.content
    assert b"PA-1999-0001-C1" in response.content


def test_verify_before_the_announcement_answers_not_found(client, staff):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)

    response = client.get(verify_url(certificate.serial))

    assert response.status_code == 404
    assert b"Certificate not found" in response.content
    assert certificate.recipient_name.encode() not in response.content
