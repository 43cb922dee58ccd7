"""Telling award staff that a nominator's response is overdue.

A nomination returned for information whose due date has passed (in its cycle's time
zone) waits on staff alone: they take it back into vetting or give the nominator more
time. `overdue_responses_notify`, run each morning by `manage.py send_overdue_notices`
(`deploy/systemd/awards-overdue.timer`), emails each member of award staff one digest of
the responses that became overdue since the last run, each with a link to its staff page;
nobody hears of a nomination they are a party to. Each nomination is reported once per
due date (`Nomination.overdue_notified_for`): extending the date and letting it pass
again reports it again. No audit event: nothing about the nomination changes.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from nominations.models import Nomination
from nominations.selectors.parties import parties_among
from nominations.selectors.people import award_staff
from nominations.services.mail import email_each_on_commit, site_link
from nominations.states import NominationState

OVERDUE_TEMPLATE = "responses_overdue"


@dataclass(frozen=True)
class OverdueNotice:
    to: str
    references: list[str]


def newly_overdue(now: datetime) -> list[Nomination]:
    """Returned nominations past their due date that staff have not been told of, locked
    (call inside a transaction)."""
    candidates = (
        Nomination.objects.filter(state=NominationState.RETURNED, info_due_date__isnull=False)
        # Two overlapping runs never report the same nomination twice.
        .select_for_update(of=("self",), skip_locked=True)
        .select_related("cycle__program", "nominee", "nominator")
        .order_by("cycle__award_year", "sequence", "pk")
    )
    return [
        nomination
        for nomination in candidates
        if nomination.info_due_date < timezone.localdate(now, timezone=nomination.cycle.zone)
        and nomination.overdue_notified_for != nomination.info_due_date
    ]


def overdue_responses_notify(*, now: datetime | None = None) -> list[OverdueNotice]:
    """Email each member of staff the responses that became overdue, and mark them told.

    Changes `overdue_notified_for` of each nomination reported; schedules one email per
    member of staff who may vet at least one of them, after commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        overdue = newly_overdue(now)
        staff = award_staff() if overdue else []
        parties = parties_among(users=staff, nominations=overdue)
        by_person: dict = defaultdict(list)
        people = {person.pk: person for person in staff}
        for nomination in overdue:
            for person in staff:
                if (person.pk, nomination.pk) not in parties:
                    by_person[person.pk].append(nomination)
        for nomination in overdue:
            nomination.overdue_notified_for = nomination.info_due_date
        Nomination.objects.bulk_update(overdue, ["overdue_notified_for"])
        letters = [
            (
                people[pk].email,
                {
                    "staff_name": people[pk].full_name or people[pk].email,
                    "items": [
                        {
                            "nomination": nomination,
                            "link": site_link("nominations:staff_nomination", nomination.pk),
                        }
                        for nomination in nominations
                    ],
                },
            )
            for pk, nominations in by_person.items()
        ]
        email_each_on_commit(template=OVERDUE_TEMPLATE, letters=lambda: letters)
    return [
        OverdueNotice(to=to, references=[item["nomination"].reference for item in ctx["items"]])
        for to, ctx in letters
    ]
