"""Retention and disposal: on a dated copy of the demo, `apply_retention` disposes of
exactly what the schedule says is due and the audit chain still verifies; a dry run
changes nothing; what a disposed nomination keeps; the staff page."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from core.links import new_token, token_hash
from core.models import AuditEvent
from nominations.models import (
    Attachment,
    AwardProgram,
    Cycle,
    EndorsementRequest,
    Nomination,
    NominationVersion,
    Nominee,
    OutboxMessage,
    SlateEntry,
)
from nominations.states import NominationState
from records.domain.retention import due_on
from records.models import RecordsPackage, RetentionSchedule
from records.services.package import records_package_request
from records.states import PackageStatus
from reviews.models import Assignment, Review
from tests import factories

pytestmark = pytest.mark.django_db

SCHEDULE = {"drafts_years": 1, "not_awarded_years": 2, "emails_years": 3, "packages_years": 1}


def test_a_year_from_february_29_is_february_28():
    assert due_on(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert due_on(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert due_on(dt.date(2023, 6, 30), 6) == dt.date(2029, 6, 30)


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    """The demo, a nomination not selected in its announced 2022 cycle, a records
    package, and the schedule above."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
        program = AwardProgram.objects.get()
        announced = Cycle.objects.get(award_year=2022)
        not_selected = factories.nomination_in(NominationState.NOT_SELECTED, cycle=announced)
        factories.review_of(not_selected, factories.seat(announced), overall=4)
        staff = factories.award_staff()
        records_package_request(cycle=announced, actor=staff)
    RetentionSchedule.objects.create(program=program, **SCHEDULE)
    return not_selected


@pytest.fixture
def run_on(monkeypatch):
    """`run_on(day)` runs apply_retention as the nightly timer would on that day: the
    clock stands at 02:30 in the site's zone (a dated copy of the data, seen later)."""
    real_now = timezone.now

    def run(day: dt.date, *, dry_run: bool = False) -> list[str]:
        local = dt.datetime.combine(day, dt.time(2, 30), tzinfo=timezone.get_current_timezone())
        moment = local.astimezone(dt.UTC)  # as Django's clock gives it
        monkeypatch.setattr(timezone, "now", lambda: moment)
        try:
            out = StringIO()
            call_command("apply_retention", *(["--dry-run"] if dry_run else []), stdout=out)
        finally:
            monkeypatch.setattr(timezone, "now", real_now)
        return out.getvalue().splitlines()

    return run


def drafts_of_the_open_cycle() -> set[int]:
    return set(
        Nomination.objects.filter(cycle__award_year=2024, state="draft").values_list(
            "pk", flat=True
        )
    )


def test_a_dated_copy_of_the_demo_loses_exactly_what_the_schedule_says(demo, run_on):
    not_selected = demo
    today = timezone.localdate()
    open_cycle = Cycle.objects.get(award_year=2024)
    deadline = timezone.localdate(open_cycle.deadline, timezone=open_cycle.zone)
    drafts = drafts_of_the_open_cycle()
    package = RecordsPackage.objects.get()
    emails = OutboxMessage.objects.exclude(cycle=None).count()
    assert drafts and emails

    # A year and a day after the deadline: the drafts and the package, nothing else.
    first = run_on(due_on(deadline, 1))
    assert first[-1] == f"retention: disposed of {len(drafts) + 1} records"
    assert not Nomination.objects.filter(pk__in=drafts).exists()
    package.refresh_from_db()
    assert (package.status, package.file.name) == (PackageStatus.DISPOSED, "")
    not_selected.refresh_from_db()
    assert not_selected.disposed_at is None
    assert (
        not OutboxMessage.objects.exclude(disposed_at=None)
        .exclude(nomination=None)
        .filter(nomination__cycle__award_year__in=[2022, 2023])
        .exists()
    )

    # Three years on: the nomination not selected (two years after the announcement)
    # and every email of a cycle not already gone with its draft.
    emails_left = OutboxMessage.objects.exclude(cycle=None).filter(disposed_at=None).count()
    later = run_on(due_on(today, 3))
    assert later[-1] == f"retention: disposed of {1 + emails_left} records"
    not_selected.refresh_from_db()
    assert not_selected.disposed_at is not None
    assert not OutboxMessage.objects.exclude(cycle=None).filter(disposed_at=None).exists()
    # Recipients are permanent; the other cycles' nominations stay as they were.
    assert Nomination.objects.filter(state="awarded", disposed_at=None).count() == 2
    assert not Nomination.objects.filter(cycle__award_year=2023).exclude(disposed_at=None)

    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("audit chain OK")
    assert AuditEvent.objects.filter(action="retention.dispose").count() == (
        len(drafts) + 1 + 1 + emails_left
    )


def test_a_disposed_nomination_keeps_its_counts_and_nothing_personal(demo, run_on):
    not_selected = demo
    nominee_pk = not_selected.nominee_id
    review = Review.objects.get(nomination=not_selected)

    run_on(due_on(timezone.localdate(), 3))

    not_selected.refresh_from_db()
    nominee = Nominee.objects.get(pk=nominee_pk)
    assert (not_selected.reference, not_selected.state) == (
        not_selected.reference,
        NominationState.NOT_SELECTED,
    )
    assert (not_selected.summary, not_selected.justification, not_selected.nominator_name) == (
        "",
        "",
        "",
    )
    assert (nominee.full_name, nominee.legal_name, nominee.contact_email, nominee.city) == (
        "",
        "",
        "",
        "",
    )
    assert nominee.kind
    review.refresh_from_db()
    assert (review.overall, review.strengths, review.weaknesses) == (4, "", "")
    assert not NominationVersion.objects.filter(nomination=not_selected).exists()
    assert not Attachment.objects.filter(nomination=not_selected).exists()
    event = AuditEvent.objects.get(
        action="retention.dispose",
        object_type="nominations.nomination",
        object_id=str(not_selected.pk),
    )
    assert event.object_repr == f"{not_selected.reference}: Unnamed nominee"
    assert event.data["series"] == "not_awarded"


def test_a_dry_run_lists_and_changes_nothing(demo, run_on):
    events = AuditEvent.objects.count()
    drafts = drafts_of_the_open_cycle()

    lines = run_on(due_on(timezone.localdate(), 5), dry_run=True)

    assert lines[-1].startswith("retention: would dispose of ")
    assert drafts_of_the_open_cycle() == drafts
    assert AuditEvent.objects.count() == events
    assert not OutboxMessage.objects.exclude(disposed_at=None).exists()


def test_without_a_schedule_nothing_is_disposed(demo, run_on):
    RetentionSchedule.objects.all().delete()

    assert run_on(due_on(timezone.localdate(), 50)) == ["retention: disposed of 0 records"]


def test_staff_set_the_schedule_and_see_what_is_due_next(client, demo):
    staff = factories.award_staff()
    client.force_login(staff)
    url = reverse("records:retention")

    response = client.post(url, {"drafts": "2", "not_awarded": "", "emails": "10", "packages": "1"})

    assert response.status_code == 302
    schedule = RetentionSchedule.objects.get()
    assert (schedule.drafts_years, schedule.not_awarded_years, schedule.emails_years) == (
        2,
        None,
        10,
    )
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor) == ("retention.schedule_update", staff)
    assert event.data["after"] == {"drafts": 2, "not_awarded": None, "emails": 10, "packages": 1}
    page = client.get(url)
    labels = [group["label"] for group in page.context["upcoming"]]
    assert labels == ["Records packages' files, counted from their building"]


def test_a_bad_number_is_refused_beside_its_field(client, demo):
    client.force_login(factories.award_staff())

    response = client.post(
        reverse("records:retention"),
        {"drafts": "-1", "not_awarded": "x", "emails": "", "packages": ""},
    )

    assert response.context["form"].errors == {
        "drafts": ["Enter 0 years or more."],
        "not_awarded": ["Enter a whole number of years, or leave it blank."],
    }
    assert RetentionSchedule.objects.get().drafts_years == 1


@pytest.mark.parametrize("drafts", [1, 9])
def test_the_staff_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries, drafts):
    cycle = factories.cycle_in("closed", deadline=timezone.now() - dt.timedelta(days=30))
    for _ in range(drafts):
        factories.nomination_in("draft", cycle=cycle)
    RetentionSchedule.objects.create(program=cycle.program, **SCHEDULE)
    client.force_login(factories.award_staff())

    # Session, user and roles; the program; its schedule; the schedules with their
    # programs; the drafts with their cycles; the published cycles; the emails; the
    # packages.
    with django_assert_num_queries(QUERY_BUDGET):
        response = client.get(reverse("records:retention"))

    [group] = response.context["upcoming"]
    assert len(group["items"]) == drafts


QUERY_BUDGET = 10


def test_a_disposed_nominations_pages_say_so(client, demo, run_on):
    not_selected = demo
    run_on(due_on(timezone.localdate(), 3))
    client.force_login(factories.award_staff())

    body = client.get(reverse("nominations:staff_nomination", args=[not_selected.pk]))

    assert "Disposed of under the retention schedule" in body.content.decode()


def test_a_later_day_only_lists(demo):
    later = (timezone.localdate() + dt.timedelta(days=400)).isoformat()

    with pytest.raises(CommandError, match="add --dry-run"):
        call_command("apply_retention", "--as-of", later, stdout=StringIO())

    out = StringIO()
    call_command("apply_retention", "--as-of", later, "--dry-run", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("retention: would dispose of ")
    assert not AuditEvent.objects.filter(action="retention.dispose").exists()


def test_a_schedule_of_no_years_waits_for_the_deadline_and_for_sending(demo, run_on):
    RetentionSchedule.objects.update(
        drafts_years=0, not_awarded_years=None, emails_years=0, packages_years=None
    )
    drafts = drafts_of_the_open_cycle()
    OutboxMessage.objects.filter(pk=OutboxMessage.objects.order_by("pk").first().pk).update(
        status="queued"
    )

    run_on(timezone.localdate())

    assert drafts_of_the_open_cycle() == drafts  # the deadline is 60 days away
    assert OutboxMessage.objects.filter(status="queued", disposed_at=None).count() == 1


def test_disposing_of_a_nomination_takes_every_copy_of_it(demo, run_on):
    not_selected = demo
    SlateEntry.objects.create(
        nomination=not_selected, briefing_note="Jane Doe's work", written_by=factories.award_staff()
    )
    letter = EndorsementRequest.objects.create(
        nomination=not_selected,
        name="Jane Doe",
        email="jane@partner.example.org",
        relationship="program partner",
        token_hash=token_hash(new_token()),
        expires_at=timezone.now(),
        sent_at=timezone.now(),
    )
    declined = Assignment.objects.create(
        nomination=not_selected,
        member=factories.seat(not_selected.cycle),
        declined_at=timezone.now(),
        decline_reason="I know Jane.",
    )
    package = RecordsPackage.objects.get()

    run_on(due_on(timezone.localdate(), 2) + dt.timedelta(days=1))

    assert SlateEntry.objects.get(nomination=not_selected).briefing_note == ""
    declined.refresh_from_db()
    assert declined.decline_reason == ""
    package.refresh_from_db()
    assert package.status == PackageStatus.DISPOSED
    letter.refresh_from_db()
    assert (letter.name, letter.email, letter.mailbox, letter.relationship) == ("", "", "", "")
