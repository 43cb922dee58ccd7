import hashlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role
from core.models import AuditEvent
from demo.seeding import DEMO_USERS
from nominations.models import Cycle, Nomination, PastRecipient
from reviews.models import Assignment, Conflict, Review


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"accounts", "core", "nominations", "reviews", "account", "auth"}
    }


@pytest.mark.django_db
def test_seed_demo_builds_the_demo_data_set():
    out = StringIO()
    call_command("seed_demo", stdout=out)

    cycle_2022 = Cycle.objects.get(award_year=2022)
    assert cycle_2022.state == "announced"
    awarded = list(cycle_2022.nominations.order_by("sequence"))
    assert [n.nominee.display_name for n in awarded] == [
        "Mercy Medical Center\u2019s Blue Dot Human Trafficking Initiative",
        "Centro de los Derechos del Migrante, Inc.",
    ]
    assert [n.state for n in awarded] == ["awarded", "awarded"]
    assert all(n.has_approved_citations() for n in awarded)
    short = {c.kind: c.text for c in awarded[1].current_citations()}["short"]
    assert short == (
        "for its tireless worker-led advocacy to advance a more just and humane migration "
        "process free of forced labor and other forms of exploitation"
    )

    cycle_2023 = Cycle.objects.get(award_year=2023)
    assert cycle_2023.state == "review"
    assert set(cycle_2023.nominations.values_list("state", flat=True)) == {"in_review"}
    seats = cycle_2023.panel.members.order_by("user__email")
    assert [(s.user.email, s.is_chair, s.attested_at is not None) for s in seats] == [
        ("elena.ortiz@example.org", False, True),
        ("marcus.bell@example.org", True, True),
        ("panelist@example.org", False, True),
        ("tom.nakamura@example.org", False, True),
    ]
    assert Assignment.objects.filter(nomination__cycle=cycle_2023).count() == 18
    assert Conflict.objects.get().member.user.email == "elena.ortiz@example.org"
    reviews = Review.objects.filter(nomination__cycle=cycle_2023)
    assert reviews.filter(state="submitted").count() == 14
    assert list(reviews.filter(state="draft").values_list("member__user__email", flat=True)) == [
        "panelist@example.org"
    ]

    cycle_2024 = Cycle.objects.get(award_year=2024)
    assert cycle_2024.state == "open"
    assert cycle_2024.accepts_submissions()
    assert sorted(cycle_2024.nominations.values_list("state", flat=True)) == sorted(
        ["draft", "submitted", "vetting", "returned", "cleared", "ineligible", "withdrawn"]
    )
    assert list(
        cycle_2024.nominations.exclude(reference=None)
        .order_by("sequence")
        .values_list("reference", flat=True)
    ) == [f"PA-2024-{n:04d}" for n in range(1, 7)]

    for email, _, role in DEMO_USERS:
        user = User.objects.get(email=email)
        assert list(user.groups.values_list("name", flat=True)) == [role.value]
        assert user.check_password("demo-award-2023")
    assert PastRecipient.objects.filter(award_year=2019, name="Ms. Kendis Paris").exists()
    assert "nominator@example.org" in out.getvalue()
    assert Role.SELECTING_OFFICIAL.value in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_twice_changes_no_row_counts():
    call_command("seed_demo", stdout=StringIO())
    before = _row_counts()

    call_command("seed_demo", stdout=StringIO())

    assert _row_counts() == before
    assert before["nominations.Nomination"] == Nomination.objects.count() == 15
    assert AuditEvent.objects.count() == before["core.AuditEvent"]


@pytest.mark.django_db
def test_seed_demo_leaves_a_valid_audit_chain():
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()

    call_command("verify_audit", stdout=out)

    assert out.getvalue().strip() == f"audit chain OK ({AuditEvent.objects.count()} events)"


def test_seed_demo_refuses_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run with DJANGO_ENV=production"):
        call_command("seed_demo", stdout=StringIO())


@pytest.mark.django_db
def test_seed_demo_again_keeps_staff_edits_to_the_program_and_the_demo_data():
    from nominations.models import AwardProgram

    call_command("seed_demo", stdout=StringIO())
    program = AwardProgram.objects.get()
    program.description = "Edited by award staff."
    program.save()
    states_before = dict(Nomination.objects.values_list("pk", "state"))
    deadline_before = Cycle.objects.get(award_year=2024).deadline

    call_command("seed_demo", stdout=StringIO())

    assert AwardProgram.objects.get().description == "Edited by award staff."
    assert dict(Nomination.objects.values_list("pk", "state")) == states_before
    assert Cycle.objects.get(award_year=2024).deadline == deadline_before


@pytest.mark.django_db
def test_seed_demo_failing_part_way_leaves_nothing(monkeypatch):
    import demo.seeding as seeding

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(seeding, "nomination_withdraw", broken)

    with pytest.raises(RuntimeError, match="disk full"):
        call_command("seed_demo", stdout=StringIO())

    assert (Cycle.objects.count(), Nomination.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.django_db
def test_seed_demo_issues_the_2022_certificates_and_writes_the_statement(client):
    from nominations.models import Announcement, Certificate

    call_command("seed_demo", stdout=StringIO())

    certificates = Certificate.objects.filter(nomination__cycle__award_year=2022)
    assert sorted(certificates.values_list("serial", "status")) == [
        ("PA-2022-0001-C1", "valid"),
        ("PA-2022-0002-C1", "valid"),
    ]
    for certificate in certificates:
        assert hashlib.sha256(certificate.file.read()).hexdigest() == certificate.sha256
        page = client.get(f"/verify/{certificate.serial}/")
        assert page.status_code == 200
        assert certificate.sha256 in page.content.decode()
    statement = Announcement.objects.get(cycle__award_year=2022)
    assert statement.headline.startswith("Meeting of the President\u2019s Interagency Task Force")
    assert statement.commitments.splitlines()[0] == (
        "Looking forward, the State Department will do our part, by:"
    )
