"""The one "Announce" action: announce, issue certificates, award, notify; all or nothing."""

import hashlib

import pytest
from django.core import mail

from accounts.roles import Role
from core.audit_context import recording_refusals
from core.exceptions import IllegalTransition, NotPermitted, TransitionBlocked
from core.models import AuditEvent
from nominations.models import Certificate, Citation, Nomination, OutboxMessage
from nominations.states import CertificateStatus, CycleState, NominationState
from selection.services import certificates as certificate_services
from selection.services.announce import announce_preview, cycle_announce_and_award
from tests import factories

pytestmark = pytest.mark.django_db
S = NominationState
SITE = "https://awards.example.gov"


def announceable_cycle(*, staff) -> dict[str, Nomination]:
    """A cycle in selection: 2 selected (approved citations), 1 not selected, 1 not
    advanced, 1 withdrawn and 1 ineligible, each from its own nominator."""
    cycle = factories.cycle_in(
        CycleState.SELECTION, presentation_place="Washington, DC", presentation_date="2031-02-13"
    )
    made = {}
    for key, state, name in (
        ("first", S.SELECTED, "Restore NYC, Inc."),
        ("second", S.SELECTED, "Coalition of Immokalee Workers, Inc."),
        ("not_selected", S.NOT_SELECTED, "Polaris Project"),
        ("not_advanced", S.NOT_ADVANCED, "Safe Horizon, Inc."),
        ("withdrawn", S.WITHDRAWN, "Freedom Network USA"),
        ("ineligible", S.INELIGIBLE, "Free the Slaves"),
    ):
        made[key] = factories.nomination_in(
            state, cycle=cycle, nominee=factories.NomineeFactory(legal_name=name)
        )
    for key in ("first", "second"):
        factories.citations_approved(made[key], by=staff)
    return made


def states(nominations: dict[str, Nomination]) -> dict[str, str]:
    return {key: Nomination.objects.get(pk=n.pk).state for key, n in nominations.items()}


def stored_files(media_root) -> list[str]:
    return (
        sorted(p.name for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
    )


@pytest.fixture
def site(settings):
    settings.AWARDS_SITE_URL = SITE + "/"


def test_announce_awards_every_selected_and_issues_stored_certificates(staff, media_root):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle

    outcome = cycle_announce_and_award(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert cycle.state == CycleState.ANNOUNCED
    assert states(made) == {
        "first": S.AWARDED,
        "second": S.AWARDED,
        "not_selected": S.NOT_SELECTED,
        "not_advanced": S.NOT_ADVANCED,
        "withdrawn": S.WITHDRAWN,
        "ineligible": S.INELIGIBLE,
    }
    first, second = made["first"].reference, made["second"].reference
    assert outcome.awarded == [first, second]
    assert outcome.certificates_issued == [f"{first}-C1", f"{second}-C1"]
    assert (outcome.congratulations, outcome.not_selected_notices, outcome.notices) == (2, 2, 4)
    certificates = Certificate.objects.order_by("serial")
    assert [(c.serial, c.status, c.issued_by) for c in certificates] == [
        (f"{first}-C1", CertificateStatus.VALID, staff),
        (f"{second}-C1", CertificateStatus.VALID, staff),
    ]
    for certificate in certificates:
        with certificate.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == certificate.sha256
    assert stored_files(media_root) == [f"{first}-C1.pdf", f"{second}-C1.pdf"]


def test_announce_emails_each_nominator_once_and_only_after_commit(
    staff, media_root, site, django_capture_on_commit_callbacks
):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle

    with django_capture_on_commit_callbacks() as callbacks:
        cycle_announce_and_award(cycle=cycle, actor=staff)
    assert mail.outbox == []
    assert OutboxMessage.objects.count() == 0

    for callback in callbacks:
        callback()

    year = cycle.award_year
    expected = [
        (
            made["first"],
            "nomination_awarded",
            f"Congratulations: Restore NYC, Inc. receives the {year} Presidential Award",
        ),
        (
            made["second"],
            "nomination_awarded",
            "Congratulations: Coalition of Immokalee Workers, Inc. receives the "
            f"{year} Presidential Award",
        ),
        (
            made["not_selected"],
            "announce_not_selected",
            f"Nomination {made['not_selected'].reference}: the {year} recipients are announced",
        ),
        (
            made["not_advanced"],
            "announce_not_selected",
            f"Nomination {made['not_advanced'].reference}: the {year} recipients are announced",
        ),
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([n.nominator.email], subject) for n, _template, subject in expected
    ]
    assert list(
        OutboxMessage.objects.order_by("pk").values_list("nomination", "template", "subject")
    ) == [(n.pk, template, subject) for n, template, subject in expected]
    congratulations = mail.outbox[0].body
    serial = f"{made['first'].reference}-C1"
    assert "The announcement honors Restore NYC, Inc. for its survivor-led referral network." in (
        " ".join(congratulations.split())
    )
    assert f"{SITE}/verify/{serial}/" in congratulations
    regret = mail.outbox[2].body
    assert "is not among this year's recipients" in regret
    assert f"{SITE}/" in regret
    # Each links to the nomination it is about (issue 15).
    assert f"\n{SITE}/nominations/{made['first'].pk}/\n" in congratulations
    assert f"\n{SITE}/nominations/{made['not_selected'].pk}/\n" in regret
    assert f"\n{SITE}/nominations/{made['not_advanced'].pk}/\n" in mail.outbox[3].body
    assert "&#x27;" not in regret and "&amp;" not in congratulations


def test_announce_audits_each_step_and_one_summary_with_counts(staff, media_root):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    before = AuditEvent.objects.count()

    cycle_announce_and_award(cycle=cycle, actor=staff, note="Announced at the PITF meeting.")

    events = list(AuditEvent.objects.order_by("pk")[before:])
    first, second = made["first"], made["second"]
    assert [(e.action, e.object_id, e.actor, e.outcome) for e in events] == [
        ("cycle.announce", str(cycle.pk), staff, "done"),
        ("certificate.issue", str(first.pk), staff, "done"),
        ("nomination.award", str(first.pk), staff, "done"),
        ("certificate.issue", str(second.pk), staff, "done"),
        ("nomination.award", str(second.pk), staff, "done"),
        ("cycle.announce_all", str(cycle.pk), staff, "done"),
    ]
    summary = events[-1]
    assert summary.note == "Announced at the PITF meeting."
    assert summary.data == {
        "awarded": 2,
        "certificates_issued": 2,
        "congratulations": 2,
        "not_selected_notices": 2,
        "references": [first.reference, second.reference],
        "serials": [f"{first.reference}-C1", f"{second.reference}-C1"],
    }


def test_announce_keeps_a_valid_certificate_already_issued(
    staff, media_root, site, django_capture_on_commit_callbacks
):
    made = announceable_cycle(staff=staff)
    existing = factories.certificate_issued(made["first"], by=staff)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = cycle_announce_and_award(cycle=made["first"].cycle, actor=staff)

    assert outcome.certificates_issued == [f"{made['second'].reference}-C1"]
    assert list(
        Certificate.objects.filter(nomination=made["first"]).values_list("serial", "status")
    ) == [(existing.serial, CertificateStatus.VALID)]
    assert f"{SITE}/verify/{existing.serial}/" in mail.outbox[0].body


def assert_nothing_changed(made, *, events_before: int, media_root) -> None:
    cycle = made["first"].cycle
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SELECTION
    assert states(made) == {
        "first": S.SELECTED,
        "second": S.SELECTED,
        "not_selected": S.NOT_SELECTED,
        "not_advanced": S.NOT_ADVANCED,
        "withdrawn": S.WITHDRAWN,
        "ineligible": S.INELIGIBLE,
    }
    assert Certificate.objects.count() == 0
    assert AuditEvent.objects.count() == events_before
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []
    assert stored_files(media_root) == []


def test_announce_without_an_approved_full_citation_changes_nothing(
    staff, media_root, django_capture_on_commit_callbacks
):
    made = announceable_cycle(staff=staff)
    second = made["second"]
    Citation.objects.create(
        nomination=second, kind="full", version=2, text="for its new text", created_by=staff
    )
    before = AuditEvent.objects.count()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionBlocked) as error,
    ):
        cycle_announce_and_award(cycle=second.cycle, actor=staff)

    assert error.value.reasons == [
        "Coalition of Immokalee Workers, Inc. has no approved short and full citation"
    ]
    assert callbacks == []
    assert second.cycle.state == CycleState.SELECTION
    assert_nothing_changed(made, events_before=before, media_root=media_root)


def test_announce_when_a_later_certificate_fails_deletes_the_stored_files(
    staff, media_root, monkeypatch, django_capture_on_commit_callbacks
):
    made = announceable_cycle(staff=staff)
    render = certificate_services.render_certificate
    calls = []

    def render_then_fail(data):
        calls.append(data.serial)
        if len(calls) == 2:
            raise RuntimeError("the certificate font is missing")
        return render(data)

    monkeypatch.setattr(certificate_services, "render_certificate", render_then_fail)
    before = AuditEvent.objects.count()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        cycle_announce_and_award(cycle=made["first"].cycle, actor=staff)

    assert calls == [f"{made['first'].reference}-C1", f"{made['second'].reference}-C1"]
    assert callbacks == []
    assert made["first"].cycle.state == CycleState.SELECTION
    assert_nothing_changed(made, events_before=before, media_root=media_root)


def test_announce_without_a_signatory_names_the_recipients_and_changes_nothing(staff, media_root):
    made = announceable_cycle(staff=staff)
    program = made["first"].cycle.program
    program.signatory_name = ""
    program.save()
    before = AuditEvent.objects.count()

    with pytest.raises(TransitionBlocked) as error:
        cycle_announce_and_award(cycle=made["first"].cycle, actor=staff)

    assert error.value.reasons == [
        "no certificate can be issued for Restore NYC, Inc.: neither the cycle nor the "
        "program names a signatory",
        "no certificate can be issued for Coalition of Immokalee Workers, Inc.: neither the "
        "cycle nor the program names a signatory",
    ]
    assert_nothing_changed(made, events_before=before, media_root=media_root)


def test_announce_of_a_name_no_font_can_print_names_it_and_changes_nothing(staff, media_root):
    made = announceable_cycle(staff=staff)
    made["second"].nominee.certificate_name = "Zhang 中 Foundation"
    made["second"].nominee.save()
    before = AuditEvent.objects.count()

    with pytest.raises(TransitionBlocked) as error:
        cycle_announce_and_award(cycle=made["first"].cycle, actor=staff)

    assert error.value.reasons == [
        "no certificate can be issued for Zhang 中 Foundation: the "
        "certificate has no font for “中” (U+4E2D) in the name as it should appear: write it "
        "in letters the certificate can print, or ask the site's administrator to add a font "
        "that has them (AWARDS_PDF_FALLBACK_FONTS)",
    ]
    assert_nothing_changed(made, events_before=before, media_root=media_root)


def test_announce_on_a_server_without_the_certificate_fonts_says_so_and_changes_nothing(
    staff, media_root, settings, tmp_path
):
    made = announceable_cycle(staff=staff)
    settings.AWARDS_PDF_FONT_DIR = str(tmp_path)
    before = AuditEvent.objects.count()

    with pytest.raises(TransitionBlocked) as error:
        cycle_announce_and_award(cycle=made["first"].cycle, actor=staff)

    fonts_missing = (
        "certificates cannot be drawn on this server: its fonts are missing; ask the "
        "operator to run the deployment again (make static), then try again."
    )
    assert error.value.reasons == [
        f"no certificate can be issued for Restore NYC, Inc.: {fonts_missing}",
        f"no certificate can be issued for Coalition of Immokalee Workers, Inc.: {fonts_missing}",
    ]
    assert_nothing_changed(made, events_before=before, media_root=media_root)


def test_announce_by_the_nominator_of_a_recipient_is_blocked(staff, media_root):
    made = announceable_cycle(staff=staff)
    Nomination.objects.filter(pk=made["second"].pk).update(nominator=staff)
    before = AuditEvent.objects.count()

    with pytest.raises(TransitionBlocked) as error:
        cycle_announce_and_award(cycle=made["first"].cycle, actor=staff)

    assert error.value.reasons == [
        "you are a party to the nomination of Coalition of Immokalee Workers, Inc., so "
        "another member of award staff must announce"
    ]
    assert_nothing_changed(made, events_before=before, media_root=media_root)


def test_announce_refused_after_the_cycle_moved_records_one_denied_event_after_rollback(
    staff, media_root
):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    Nomination.objects.filter(pk=made["second"].pk).update(nominator=staff)
    before = AuditEvent.objects.count()

    # The cycle's move succeeds inside the transaction, then a recipient refuses it.
    with recording_refusals(), pytest.raises(TransitionBlocked):
        cycle_announce_and_award(cycle=cycle, actor=staff)

    refused = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.outcome, e.actor, e.actor_role, e.from_state) for e in refused] == [
        ("cycle.announce", "denied", staff, Role.AWARD_STAFF.value, CycleState.SELECTION)
    ]
    assert (refused[0].object_id, refused[0].note) == (
        str(cycle.pk),
        "you are a party to the nomination of Coalition of Immokalee Workers, Inc., so "
        "another member of award staff must announce.",
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SELECTION


@pytest.mark.parametrize("who", ["nominator", "official", "panelist"])
def test_announce_by_non_staff_is_refused_and_changes_nothing(staff, media_root, who):
    made = announceable_cycle(staff=staff)
    actor = {
        "nominator": made["first"].nominator,
        "official": factories.selecting_official(),
        "panelist": factories.panelist(),
    }[who]
    before = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        cycle_announce_and_award(cycle=made["first"].cycle, actor=actor)

    assert_nothing_changed(made, events_before=before, media_root=media_root)


def test_announce_preview_counts_recipients_certificates_and_notices(staff):
    made = announceable_cycle(staff=staff)
    factories.certificate_issued(made["second"], by=staff)

    preview = announce_preview(cycle=made["first"].cycle, actor=staff)

    assert [n.pk for n in preview.recipients] == [made["first"].pk, made["second"].pk]
    assert [n.has_certificate for n in preview.recipients] == [False, True]
    assert [n.pk for n in preview.others] == [made["not_selected"].pk, made["not_advanced"].pk]
    assert (preview.certificates_to_issue, preview.notices, preview.problems) == (1, 4, [])


def test_announce_twice_is_refused_the_second_time(staff, media_root):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    cycle_announce_and_award(cycle=cycle, actor=staff)
    before = (AuditEvent.objects.count(), Certificate.objects.count())

    with pytest.raises(IllegalTransition):
        cycle_announce_and_award(cycle=cycle, actor=staff)

    assert (AuditEvent.objects.count(), Certificate.objects.count()) == before


@pytest.mark.django_db(transaction=True)
def test_a_notice_failing_after_commit_keeps_the_certificates_and_the_other_notices(
    staff, media_root, monkeypatch
):
    from nominations.services import outbox as outbox_module

    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    real = outbox_module.outbox_send_now
    calls = {"count": 0}

    def second_one_fails(**message):
        calls["count"] += 1
        if calls["count"] == 2:
            raise RuntimeError("outbox down")
        return real(**message)

    monkeypatch.setattr(outbox_module, "outbox_send_now", second_one_fails)

    outcome = cycle_announce_and_award(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert cycle.state == CycleState.ANNOUNCED
    certificates = list(Certificate.objects.all())
    assert len(certificates) == len(outcome.awarded)
    assert all(c.file.storage.exists(c.file.name) for c in certificates)
    notices = outcome.congratulations + outcome.not_selected_notices
    assert OutboxMessage.objects.count() == notices - 1


def test_announce_refuses_a_certificate_older_than_the_approved_full_citation(staff, media_root):
    from selection.services.certificates import certificate_issue
    from selection.services.citations import citation_add, citation_approve

    made = announceable_cycle(staff=staff)
    first = made["first"]
    certificate_issue(nomination=first, actor=staff)
    corrected = citation_add(
        nomination=first,
        kind="full",
        text="for its survivor-led referral network that reached 450 people",
        actor=staff,
    )
    citation_approve(citation=corrected, actor=staff)
    cycle = first.cycle
    before = states(made)

    with pytest.raises(TransitionBlocked) as refused:
        cycle_announce_and_award(cycle=cycle, actor=staff)

    assert refused.value.reasons == [
        f"the certificate of {first.nominee} was issued before its full citation was last "
        "approved: re-issue it from the nomination's page"
    ]
    cycle.refresh_from_db()
    assert (cycle.state, states(made)) == (CycleState.SELECTION, before)


def test_regret_email_never_doubles_the_period_of_a_name_that_ends_with_one(
    staff, media_root, site, django_capture_on_commit_callbacks
):
    """The name "Safe Horizon, Inc." ends with a period of its own: the thanks no longer
    ends its sentence with the nominee's name, so the email never reads "Inc.." (found by
    the hand-off journey, issue 15)."""
    made = announceable_cycle(staff=staff)

    with django_capture_on_commit_callbacks(execute=True):
        cycle_announce_and_award(cycle=made["first"].cycle, actor=staff)

    (regret,) = [m.body for m in mail.outbox if m.to == [made["not_advanced"].nominator.email]]
    assert "Inc.." not in regret
    assert (
        "Thank you for the time and care you put into yours, and for bringing the work of "
        "Safe Horizon, Inc. to our attention."
    ) in " ".join(regret.split())
