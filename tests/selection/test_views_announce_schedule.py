"""The pages that schedule the announcement and cancel the schedule."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import Cycle, Nomination, SelectionDecision
from selection.services.announce_schedule import announcement_schedule
from tests import factories
from tests.selection.test_services_announce import announceable_cycle

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def schedule_url(cycle) -> str:
    return reverse("selection:announce_schedule", args=[cycle.pk])


def next_year_at_ten(cycle) -> datetime:
    year = timezone.now().year + 1
    return datetime(year, 2, 13, 10, 0, tzinfo=cycle.zone)


def test_schedule_page_states_what_happens_then(staff_client, staff):
    cycle = announceable_cycle(staff=staff)["first"].cycle

    body = text(staff_client.get(schedule_url(cycle)))

    assert "<h1>Schedule the announcement: " in body
    assert (
        "Until then nothing changes: the recipients, the press statement and the "
        "certificates stay private and no nominator is emailed." in body
    )
    assert "2 recipients awarded: Restore NYC, Inc." in body
    assert 'id="blockers-schedule"' not in body
    assert f"Date and time in the cycle’s time zone, {cycle.time_zone}." in body


def test_schedule_post_without_the_box_changes_nothing(staff_client, staff):
    cycle = announceable_cycle(staff=staff)["first"].cycle
    events = AuditEvent.objects.count()

    response = staff_client.post(schedule_url(cycle), {"announce_at": "2040-02-13T10:00"})

    assert response.status_code == 200
    assert "Tick the box to confirm that you understand. Nothing was changed." in text(response)
    assert 'value="2040-02-13T10:00"' in text(response)
    assert Cycle.objects.get(pk=cycle.pk).announce_at is None
    assert AuditEvent.objects.count() == events


def test_schedule_post_in_the_past_says_so_beside_the_field(staff_client, staff):
    cycle = announceable_cycle(staff=staff)["first"].cycle

    response = staff_client.post(
        schedule_url(cycle), {"announce_at": "2020-02-13T10:00", "confirm": "yes"}
    )

    assert "The announcement must be scheduled for a moment in the future." in text(response)
    assert Cycle.objects.get(pk=cycle.pk).announce_at is None


def test_schedule_post_schedules_in_the_cycles_zone_and_the_cycle_page_says_so(staff_client, staff):
    cycle = announceable_cycle(staff=staff)["first"].cycle
    at = next_year_at_ten(cycle)

    response = staff_client.post(
        schedule_url(cycle),
        {"announce_at": at.strftime("%Y-%m-%dT%H:%M"), "confirm": "yes"},
        follow=True,
    )

    cycle.refresh_from_db()
    assert cycle.announce_at == at
    body = text(response)
    when = f"February 13, {at.year}, 10:00 a.m. EST"
    assert (
        f"The announcement of {cycle} is scheduled for {when}. Until then nothing is public "
        "and no nominator is emailed."
    ) in body
    assert (
        f'The announcement is scheduled for <time datetime="{at.isoformat()}">{when}</time> '
        f"by {staff.full_name}." in body
    )
    assert ">Cancel the scheduled announcement</button>" in body
    assert ">Change the scheduled time…</a>" in body


def test_staff_home_says_when_the_announcement_is_scheduled(staff_client, staff):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    SelectionDecision.objects.create(
        cycle=cycle,
        decided_by=factories.selecting_official(),
        decided_at=timezone.now(),
        signed_name="Antony J. Blinken",
        selected=[made["first"].reference, made["second"].reference],
    )
    home = reverse("nominations:staff_home")
    assert "citations to write and approve, then announce" in text(staff_client.get(home))
    at = next_year_at_ten(cycle)
    announcement_schedule(cycle=cycle, actor=staff, at=at)

    body = text(staff_client.get(home))

    assert (
        f"recipients selected for {cycle.program.short_name} {cycle.award_year}: the "
        f"announcement is scheduled for February 13, {at.year}, 10:00 a.m. EST"
    ) in body
    assert "citations to write and approve, then announce" not in body


def test_unschedule_from_the_cycle_page(staff_client, staff):
    cycle = announceable_cycle(staff=staff)["first"].cycle
    announcement_schedule(cycle=cycle, actor=staff, at=timezone.now() + timedelta(days=3))

    response = staff_client.post(
        reverse("selection:announce_unschedule", args=[cycle.pk]), follow=True
    )

    assert f"The scheduled announcement of {cycle} is cancelled. Nothing changed." in text(response)
    assert Cycle.objects.get(pk=cycle.pk).announce_at is None


def test_a_party_to_a_recipient_is_refused_both_pages(client, staff):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    party = factories.award_staff()
    Nomination.objects.filter(pk=made["first"].pk).update(nominator=party)
    announcement_schedule(cycle=cycle, actor=staff, at=timezone.now() + timedelta(days=3))
    client.force_login(party)

    assert client.get(schedule_url(cycle)).status_code == 403
    response = client.post(reverse("selection:announce_unschedule", args=[cycle.pk]))

    assert response.status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).announce_at is not None


@pytest.mark.parametrize("who", ["panelist", "official", "nominator"])
def test_others_are_refused_both_pages(client, staff, who):
    cycle = announceable_cycle(staff=staff)["first"].cycle
    announcement_schedule(cycle=cycle, actor=staff, at=timezone.now() + timedelta(days=3))
    client.force_login(
        {
            "panelist": factories.panelist,
            "official": factories.selecting_official,
            "nominator": factories.nominator,
        }[who]()
    )

    assert client.get(schedule_url(cycle)).status_code == 403
    assert client.post(reverse("selection:announce_unschedule", args=[cycle.pk])).status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).announce_at is not None


def test_a_moment_the_cycles_clocks_skip_is_refused_naming_its_zone(staff_client, staff):
    cycle = announceable_cycle(staff=staff)["first"].cycle
    year = timezone.now().year + 1
    # The second Sunday of March, 2:30 a.m.: skipped in New York.
    march = [d for d in range(8, 15) if datetime(year, 3, d).weekday() == 6][0]

    response = staff_client.post(
        schedule_url(cycle), {"announce_at": f"{year}-03-{march:02d}T02:30", "confirm": "yes"}
    )

    assert (
        f"2:30 a.m. on March {march}, {year} does not exist in America/New_York: the clocks "
        "go forward then. Enter 3:00 a.m. or later, or an earlier time."
    ) in text(response)
    assert Cycle.objects.get(pk=cycle.pk).announce_at is None


def repeated_hour(year: int) -> tuple[str, datetime, datetime]:
    """1:30 a.m. on the first Sunday of November as typed, and the two moments it names
    in New York: EDT (5:30 UTC), then EST (6:30 UTC) once the clocks have gone back."""
    day = [d for d in range(1, 8) if datetime(year, 11, d).weekday() == 6][0]
    return (
        f"{year}-11-{day:02d}T01:30",
        datetime(year, 11, day, 5, 30, tzinfo=UTC),
        datetime(year, 11, day, 6, 30, tzinfo=UTC),
    )


def test_a_moment_the_cycles_clocks_repeat_asks_which_keeping_what_was_typed(staff_client, staff):
    cycle = announceable_cycle(staff=staff)["first"].cycle
    year = timezone.now().year + 1
    typed, edt, est = repeated_hour(year)
    day = edt.day
    events = AuditEvent.objects.count()

    response = staff_client.post(schedule_url(cycle), {"announce_at": typed, "confirm": "yes"})

    body = text(response)
    assert (
        f'<span class="usa-error-message" id="id_announce_at-error" data-error-for='
        f'"id_announce_at">1:30 a.m. on November {day}, {year} happens twice in '
        "America/New_York, first in EDT and an hour later in EST, when the clocks go back. "
        "Choose which you mean, or enter another time.</span>"
    ) in body
    assert '<legend class="usa-legend">Announce at: which 1:30 a.m. do you mean?</legend>' in body
    for index, (reading, zone) in enumerate([(edt, "EDT"), (est, "EST")]):
        assert (
            f'id="id_announce_at_reading_{index}" value="{reading.isoformat()}"> '
            f'<label class="usa-radio__label" for="id_announce_at_reading_{index}">'
            f"November {day}, {year}, 1:30 a.m. {zone}</label>"
        ) in body
    assert f'value="{typed}"' in body
    assert 'name="confirm" value="yes" required checked' in body
    assert Cycle.objects.get(pk=cycle.pk).announce_at is None
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("fold", [0, 1], ids=["EDT", "EST"])
def test_the_reading_chosen_of_a_repeated_moment_is_the_one_scheduled(staff_client, staff, fold):
    cycle = announceable_cycle(staff=staff)["first"].cycle
    typed, *readings = repeated_hour(timezone.now().year + 1)
    chosen = readings[fold]

    response = staff_client.post(
        schedule_url(cycle),
        {"announce_at": typed, "announce_at_reading": chosen.isoformat(), "confirm": "yes"},
        follow=True,
    )

    assert Cycle.objects.get(pk=cycle.pk).announce_at == chosen
    when = f"November {chosen.day}, {chosen.year}, 1:30 a.m. {['EDT', 'EST'][fold]}"
    body = text(response)
    assert f"The announcement of {cycle} is scheduled for {when}." in body
    iso = chosen.astimezone(cycle.zone).isoformat()
    assert (
        f'The announcement is scheduled for <time datetime="{iso}">{when}</time> '
        f"by {staff.full_name}."
    ) in body


def test_a_reading_left_from_an_earlier_time_is_ignored_once_the_time_happens_once(
    staff_client, staff
):
    cycle = announceable_cycle(staff=staff)["first"].cycle
    typed, _edt, est = repeated_hour(timezone.now().year + 1)

    staff_client.post(
        schedule_url(cycle),
        {
            "announce_at": typed.replace("T01:30", "T10:00"),
            "announce_at_reading": est.isoformat(),
            "confirm": "yes",
        },
    )

    # 10:00 a.m. EST is 15:00 UTC.
    assert Cycle.objects.get(pk=cycle.pk).announce_at == est.replace(hour=15, minute=0)
