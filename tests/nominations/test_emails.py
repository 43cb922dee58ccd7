"""Emails leave only after the change commits, to the nominator, with the right subject."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from core.exceptions import ConflictError
from nominations.models import Nomination
from nominations.services.nomination import (
    nomination_advance,
    nomination_award,
    nomination_clear,
    nomination_decline,
    nomination_mark_ineligible,
    nomination_not_advance,
    nomination_resubmit,
    nomination_return_for_info,
    nomination_select,
    nomination_send_to_panel,
    nomination_start_vetting,
    nomination_submit,
    nomination_withdraw,
)
from nominations.states import CycleState, NominationState
from tests.factories import (
    CycleFactory,
    NominationFactory,
    NomineeFactory,
    award_staff,
    nomination_ready_for,
    selecting_official,
)

S = NominationState


User = get_user_model()


@pytest.mark.django_db
def test_submit_receipt_is_sent_only_after_commit(django_capture_on_commit_callbacks):
    cycle = CycleFactory(state=CycleState.OPEN, award_year=2023)
    nominee = NomineeFactory(legal_name="Centro de los Derechos del Migrante, Inc.")
    nomination = NominationFactory(cycle=cycle, nominee=nominee)

    with django_capture_on_commit_callbacks() as callbacks:
        nomination_submit(nomination=nomination, actor=nomination.nominator)
    assert mail.outbox == []

    for callback in callbacks:
        callback()

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([nomination.nominator.email], "Nomination PA-2023-0001 received")
    ]
    body = mail.outbox[0].body
    assert "Reference number: PA-2023-0001" in body
    assert "Centro de los Derechos del Migrante, Inc." in body
    assert "What happens next" in body
    assert "&#x27;" not in body and "&amp;" not in body
    ((name, content, mimetype),) = mail.outbox[0].attachments
    assert (name, mimetype) == ("nomination-PA-2023-0001.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")


# New York's clocks go back on November 1, 2026: 1:30 a.m. comes twice, first in EDT
# (05:30 UTC), then in EST (06:30 UTC).
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("utc_hour", "received"),
    [(5, "November 1, 2026, 1:30 a.m. EDT"), (6, "November 1, 2026, 1:30 a.m. EST")],
)
def test_submit_receipt_names_the_zone_of_a_time_the_clocks_repeat(
    monkeypatch, django_capture_on_commit_callbacks, utc_hour, received
):
    at = dt.datetime(2026, 11, 1, utc_hour, 30, tzinfo=dt.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: at)
    cycle = CycleFactory(state=CycleState.OPEN, time_zone="America/New_York")
    nomination = NominationFactory(cycle=cycle)

    with django_capture_on_commit_callbacks(execute=True):
        nomination_submit(nomination=nomination, actor=nomination.nominator)

    (message,) = mail.outbox
    assert f"\nReceived: {received}\n" in message.body


@pytest.mark.django_db
def test_withdrawal_confirmation_names_the_reason(django_capture_on_commit_callbacks):
    nomination = nomination_ready_for("withdraw", state=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        nomination_withdraw(nomination=nomination, actor=nomination.nominator, reason="Duplicate.")

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([nomination.nominator.email], f"Nomination {nomination.reference} withdrawn")
    ]
    assert "The reason you gave: Duplicate." in mail.outbox[0].body


@pytest.mark.django_db
def test_return_for_info_email_carries_the_message_and_due_date(django_capture_on_commit_callbacks):
    nomination = nomination_ready_for("return_for_info", state=S.VETTING)
    due = timezone.localdate() + dt.timedelta(days=10)

    with django_capture_on_commit_callbacks() as callbacks:
        nomination_return_for_info(
            nomination=nomination,
            actor=award_staff(),
            message="Please add the dates of the trainings.",
            due_date=due,
        )
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            [nomination.nominator.email],
            f"Nomination {nomination.reference}: more information requested",
        )
    ]
    assert "Please add the dates of the trainings." in mail.outbox[0].body
    assert f"Please reply by {due:%A, %B} {due.day}, {due.year}." in mail.outbox[0].body
    assert (
        f"If you need more time, write to the award office at {settings.AWARDS_CONTACT_EMAIL} "
        "before that day"
    ) in mail.outbox[0].body


@pytest.mark.django_db
def test_resubmit_confirmation_goes_to_the_nominator(django_capture_on_commit_callbacks):
    nomination = nomination_ready_for("resubmit", state=S.RETURNED)
    staff = list(User.objects.filter(groups__name="Award staff").order_by("email"))

    with django_capture_on_commit_callbacks(execute=True):
        nomination_resubmit(nomination=nomination, actor=nomination.nominator)

    # and the staff who vet it are told (tests/nominations/test_handoffs.py)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([nomination.nominator.email], f"Nomination {nomination.reference}: information received")
    ] + [
        ([person.email], f"{nomination.reference}: the nominator sent the requested information")
        for person in staff
    ]


@pytest.mark.django_db
def test_ineligible_notice_gives_the_reason(django_capture_on_commit_callbacks):
    nomination = nomination_ready_for("mark_ineligible", state=S.VETTING)

    with django_capture_on_commit_callbacks(execute=True):
        nomination_mark_ineligible(
            nomination=nomination, actor=award_staff(), reason="Outside the performance window."
        )

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([nomination.nominator.email], f"Nomination {nomination.reference}: not eligible")
    ]
    assert "Outside the performance window." in mail.outbox[0].body


@pytest.mark.django_db
def test_award_congratulations_goes_to_the_nominator(django_capture_on_commit_callbacks):
    nomination = nomination_ready_for("award", state=S.SELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        nomination_award(nomination=nomination, actor=award_staff())

    year = nomination.cycle.award_year
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            [nomination.nominator.email],
            f"Congratulations: {nomination.nominee} receives the {year} Presidential Award",
        )
    ]
    relative = "whom" if nomination.nominee.is_individual else "which"
    assert (
        f"\n\nCongratulations. {nomination.nominee}, {relative} you nominated (reference "
        in mail.outbox[0].body
    )
    # The same congratulations as the announcement's: the certificate and its check.
    serial = nomination.certificates.get(status="valid").serial
    assert f"The award certificate has serial number {serial}." in mail.outbox[0].body
    assert f"/verify/{serial}/" in mail.outbox[0].body


SILENT_MOVES = {
    "start_vetting": (nomination_start_vetting, S.SUBMITTED, "staff", {}),
    "clear": (nomination_clear, S.VETTING, "staff", {}),
    "send_to_panel": (nomination_send_to_panel, S.CLEARED, "staff", {}),
    "advance": (nomination_advance, S.IN_REVIEW, "staff", {}),
    "not_advance": (nomination_not_advance, S.IN_REVIEW, "staff", {}),
    "select": (nomination_select, S.SHORTLISTED, "official", {"rationale": "First."}),
    "decline": (nomination_decline, S.SHORTLISTED, "official", {"rationale": "Cap."}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("transition", SILENT_MOVES)
def test_staff_and_selection_moves_send_no_email(django_capture_on_commit_callbacks, transition):
    service, state, who, extra = SILENT_MOVES[transition]
    nomination = nomination_ready_for(transition, state=state)
    actor = award_staff() if who == "staff" else selecting_official()

    with django_capture_on_commit_callbacks(execute=True):
        service(nomination=nomination, actor=actor, **extra)

    assert Nomination.objects.get(pk=nomination.pk).state != state
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_transition_that_loses_a_conflict_sends_nothing(django_capture_on_commit_callbacks):
    nomination = nomination_ready_for("withdraw", state=S.SUBMITTED)
    stale = Nomination.objects.get(pk=nomination.pk)
    nomination_start_vetting(nomination=nomination, actor=award_staff())

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ConflictError):
        nomination_withdraw(nomination=stale, actor=stale.nominator)

    assert callbacks == []
    assert mail.outbox == []


# -- every email to a nominator links to the nomination's own page (issue 15) -----------------


def _nominator_move(name: str):
    """(service, the nomination it acts on, its arguments) for each move that emails the
    nominator."""
    from nominations.services.nomination import nomination_extend_due_date, nomination_take_back

    later = timezone.localdate() + dt.timedelta(days=30)
    moves = {
        "submitted": (nomination_submit, "submit", S.DRAFT, "nominator", {}),
        "withdrawn": (nomination_withdraw, "withdraw", S.SUBMITTED, "nominator", {}),
        "resubmitted": (nomination_resubmit, "resubmit", S.RETURNED, "nominator", {}),
        "returned": (
            nomination_return_for_info,
            "return_for_info",
            S.VETTING,
            "staff",
            {"message": "Add the dates.", "due_date": later},
        ),
        "taken back": (
            nomination_take_back,
            "take_back",
            S.RETURNED,
            "staff",
            {"reason": "No answer."},
        ),
        "due date extended": (
            nomination_extend_due_date,
            "extend_due_date",
            S.RETURNED,
            "staff",
            {"due_date": later},
        ),
        "ineligible": (
            nomination_mark_ineligible,
            "mark_ineligible",
            S.VETTING,
            "staff",
            {"reason": "Outside the window."},
        ),
        "ineligible, staff's notice": (
            nomination_mark_ineligible,
            "mark_ineligible",
            S.VETTING,
            "staff",
            {"reason": "Outside the window.", "notice": None},
        ),
        "awarded": (nomination_award, "award", S.SELECTED, "staff", {}),
    }
    return moves[name]


NOMINATOR_EMAILS = [
    "submitted",
    "withdrawn",
    "resubmitted",
    "returned",
    "taken back",
    "due date extended",
    "ineligible",
    "ineligible, staff's notice",
    "awarded",
]


@pytest.mark.django_db
@pytest.mark.parametrize("email", NOMINATOR_EMAILS)
def test_nominator_email_links_to_the_nomination_page(
    django_capture_on_commit_callbacks, settings, email
):
    from nominations.selectors.vetting import ineligible_notice_text

    settings.AWARDS_SITE_URL = "https://awards.example.gov/"
    service, transition, state, actor_kind, kwargs = _nominator_move(email)
    nomination = nomination_ready_for(transition, state=state)
    if state == S.RETURNED:
        Nomination.objects.filter(pk=nomination.pk).update(
            info_due_date=timezone.localdate() + dt.timedelta(days=2)
        )
        nomination.refresh_from_db()
    actor = nomination.nominator if actor_kind == "nominator" else award_staff()
    if "notice" in kwargs:
        # Staff edit the standard notice and send it as edited: the link stays in it.
        kwargs["notice"] = ineligible_notice_text(nomination=nomination, reason=kwargs["reason"])

    with django_capture_on_commit_callbacks(execute=True):
        service(nomination=nomination, actor=actor, **kwargs)

    link = f"https://awards.example.gov/nominations/{nomination.pk}/"
    (message,) = [m for m in mail.outbox if m.to == [nomination.nominator.email]]
    assert f"\n{link}\n" in message.body
    assert "https://awards.example.gov/\n" not in message.body
    assert "https://awards.example.gov." not in message.body
