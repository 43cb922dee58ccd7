"""Award staff's cycle pages: list, create, edit, rubric, checklist and transitions."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from nominations.models import ChecklistItem, Cycle, RubricCriterion
from nominations.states import CycleState
from tests import factories

pytestmark = pytest.mark.django_db
S = CycleState
CYCLES = reverse("nominations:staff_cycles")
CREATE = reverse("nominations:staff_cycle_create")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def cycle_post(**overrides) -> dict:
    data = {
        "award_year": "2031",
        "time_zone": "America/Chicago",
        "opens_at": "2031-03-01T09:00",
        "deadline": "2031-05-15T17:00",
        "performance_start": "2030-01-01",
        "performance_end": "2030-12-31",
        "award_cap": "5",
        "public_call": "on",
        "signatory_name": "Antony J. Blinken",
        "signatory_title": "Secretary of State",
        "presentation_event": "PITF meeting",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def done_events() -> int:
    return AuditEvent.objects.filter(outcome="done").count()


# -- list -------------------------------------------------------------------------------


def test_cycle_list_shows_program_year_state_deadline_with_zone_and_counts(staff_client):
    cycle = factories.CycleFactory(
        state=S.OPEN,
        award_year=2031,
        time_zone="America/New_York",
        deadline=dt.datetime(2031, 5, 15, 21, 0, tzinfo=dt.UTC),
    )
    factories.NominationFactory.create_batch(2, cycle=cycle)
    factories.nomination_in("submitted", cycle=cycle)

    response = staff_client.get(CYCLES)

    body = text(response)
    assert response.status_code == 200
    assert "Presidential Award 2031" in body
    assert "Open for nominations" in body
    assert "May 15, 2031, 5:00 p.m. EDT" in body
    assert '<td class="site-state-count">1</td> <td class="site-state-count">2</td>' in body


@pytest.mark.parametrize("size", [1, 8])
def test_cycle_list_query_count_does_not_grow(staff_client, django_assert_num_queries, size):
    for _ in range(size):
        cycle = factories.CycleFactory()
        factories.NominationFactory(cycle=cycle)

    # session, user, role groups, cycles with program and counts
    with django_assert_num_queries(4):
        response = staff_client.get(CYCLES)

    assert response.status_code == 200


# -- permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
def test_cycle_pages_forbid_other_roles_and_change_nothing(client, role):
    cycle = factories.CycleFactory(state=S.SETUP)
    criterion = cycle.rubric_criteria.get()
    client.force_login(getattr(factories, role)())
    events = done_events()

    pages = [
        client.get(CYCLES),
        client.get(CREATE),
        client.post(CREATE, cycle_post()),
        client.get(reverse("nominations:staff_cycle", args=[cycle.pk])),
        client.post(reverse("nominations:staff_cycle_edit", args=[cycle.pk]), cycle_post()),
        client.post(reverse("nominations:staff_cycle_transition", args=[cycle.pk, "open"])),
        client.post(
            reverse("nominations:staff_rubric", args=[cycle.pk]),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": str(criterion.pk),
                "form-0-name": "New",
                "form-0-weight": "1",
                "form-0-DELETE": "on",
            },
        ),
        client.post(reverse("nominations:staff_cycle_copy", args=[cycle.pk]), {"award_year": 1}),
    ]

    assert [page.status_code for page in pages] == [403] * len(pages)
    cycle.refresh_from_db()
    assert cycle.state == S.SETUP
    assert Cycle.objects.count() == 1
    assert list(RubricCriterion.objects.values_list("name", flat=True)) == ["Impact"]
    assert done_events() == events


@pytest.mark.parametrize(
    "name, args",
    [
        ("nominations:staff_cycle_edit", lambda cycle, part: [cycle]),
        ("nominations:staff_rubric", lambda cycle, part: [cycle]),
        ("nominations:staff_checklist", lambda cycle, part: [cycle]),
        ("nominations:staff_cycle_copy", lambda cycle, part: [cycle]),
    ],
)
def test_cycle_set_up_pages_tell_non_staff_nothing_about_which_cycles_exist(client, name, args):
    cycle = factories.cycle_in(S.SETUP)
    criterion = cycle.rubric_criteria.get()
    nominator = factories.nominator()
    client.force_login(nominator)
    denied_before = AuditEvent.objects.filter(action="page.denied").count()

    real = client.get(reverse(name, args=args(cycle.pk, criterion.pk)))
    missing = client.get(reverse(name, args=args(cycle.pk + 999, criterion.pk + 999)))

    assert (real.status_code, missing.status_code) == (403, 403)
    denied = AuditEvent.objects.filter(action="page.denied").order_by("pk")
    assert denied.count() == denied_before + 2
    assert [event.actor_id for event in denied[denied_before:]] == [nominator.pk] * 2


def test_cycle_set_up_pages_send_anonymous_visitors_to_sign_in_before_any_lookup(client):
    response = client.get(reverse("nominations:staff_cycle_edit", args=[999999]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cycle_pages_send_anonymous_visitors_to_sign_in(client):
    response = client.get(CYCLES)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# -- create and edit --------------------------------------------------------------------


def test_create_cycle_reads_the_window_in_the_chosen_zone(staff_client):
    program = factories.AwardProgramFactory()

    response = staff_client.post(CREATE, cycle_post(program=str(program.pk)))

    cycle = Cycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:staff_cycle", args=[cycle.pk])
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    assert cycle.opens_at == dt.datetime(2031, 3, 1, 9, 0, tzinfo=chicago)
    assert cycle.deadline == dt.datetime(2031, 5, 15, 17, 0, tzinfo=chicago)
    assert (cycle.state, cycle.award_cap, cycle.public_call, cycle.presentation_event) == (
        S.SETUP,
        5,
        True,
        "PITF meeting",
    )
    assert AuditEvent.objects.get(action="cycle.create").actor.email == cycle_actor_email(
        staff_client
    )


def cycle_actor_email(client) -> str:
    return factories.User.objects.get(pk=client.session["_auth_user_id"]).email


def test_create_cycle_refuses_a_cap_over_the_programs_next_to_the_field(staff_client):
    program = factories.AwardProgramFactory()

    response = staff_client.post(CREATE, cycle_post(program=str(program.pk), award_cap="6"))

    body = text(response)
    assert response.status_code == 200
    assert Cycle.objects.count() == 0
    message = "The award cap cannot be more than the program&#x27;s cap of 5."
    assert f'<span class="usa-error-message" id="id_award_cap-error">{message}</span>' in body
    assert f'<a class="usa-link" href="#id_award_cap">Award cap: {message}</a>' in body


def test_create_cycle_refuses_a_deadline_before_the_opening(staff_client):
    program = factories.AwardProgramFactory()

    response = staff_client.post(
        CREATE, cycle_post(program=str(program.pk), deadline="2031-02-01T17:00")
    )

    body = text(response)
    assert response.status_code == 200
    assert Cycle.objects.count() == 0
    assert (
        '<span class="usa-error-message" id="id_deadline-error">'
        "The deadline must be after the opening date.</span>"
    ) in body


@pytest.mark.parametrize(
    ("zone", "offset"), [("America/Phoenix", -7), ("Pacific/Honolulu", -10), ("UTC", 0)]
)
def test_a_deadline_in_new_yorks_spring_gap_is_read_in_the_cycles_own_zone(
    staff_client, settings, zone, offset
):
    """2:30 a.m. on March 14, 2027 does not exist in New York (the server's zone) but does
    in these zones: the cycle's zone alone decides (issue 16)."""
    assert settings.TIME_ZONE == "America/New_York"
    program = factories.AwardProgramFactory()

    response = staff_client.post(
        CREATE,
        cycle_post(
            program=str(program.pk),
            time_zone=zone,
            opens_at="2027-02-01T09:00",
            deadline="2027-03-14T02:30",
            award_year="2027",
        ),
    )

    assert response.status_code == 302, text(response)
    cycle = Cycle.objects.get()
    expected = dt.datetime(2027, 3, 14, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=offset)))
    assert cycle.deadline == expected


@pytest.mark.parametrize(
    ("opens_at", "deadline", "message"),
    [
        (
            "2027-02-01T09:00",
            "2027-03-14T02:30",
            "2:30 a.m. on March 14, 2027 does not exist in America/Chicago: the clocks go "
            "forward then. Enter 3:00 a.m. or later, or an earlier time.",
        ),
        (
            "2026-10-01T09:00",
            "2026-11-01T01:30",
            "1:30 a.m. on November 1, 2026 happens twice in America/Chicago, first in CDT and "
            "an hour later in CST, when the clocks go back. Choose which you mean, or enter "
            "another time.",
        ),
    ],
    ids=["skipped", "repeated"],
)
def test_a_deadline_the_cycles_clocks_skip_or_repeat_is_not_saved_saying_what_to_enter(
    staff_client, opens_at, deadline, message
):
    program = factories.AwardProgramFactory()

    response = staff_client.post(
        CREATE,
        cycle_post(
            program=str(program.pk),
            time_zone="America/Chicago",
            opens_at=opens_at,
            deadline=deadline,
            award_year="2027",
        ),
    )

    assert Cycle.objects.count() == 0
    assert f'<span class="usa-error-message" id="id_deadline-error">{message}</span>' in text(
        response
    )


# 1:30 a.m. on November 1, 2026 happens twice in Chicago: at 6:30 UTC (CDT), then at 7:30
# UTC (CST) once the clocks have gone back.
CDT_READING, CST_READING = "2026-11-01T06:30:00+00:00", "2026-11-01T07:30:00+00:00"


def reading_options(body: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, label, checked) of each radio button of the field's reading choice."""
    return [
        (value, label, bool(checked))
        for value, checked, label in re.findall(
            rf'name="{name}_reading" id="[^"]+" value="([^"]+)"( checked)?> '
            r'<label class="usa-radio__label" for="[^"]+">([^<]+)</label>',
            body,
        )
    ]


@pytest.mark.parametrize("name", ["opens_at", "deadline"])
def test_create_with_a_time_the_clocks_repeat_asks_which_keeping_what_was_typed(staff_client, name):
    program = factories.AwardProgramFactory()
    window = {"opens_at": "2026-10-01T09:00", "deadline": "2026-12-01T17:00"}
    window[name] = "2026-11-01T01:30"

    response = staff_client.post(
        CREATE, cycle_post(program=str(program.pk), award_year="2027", **window)
    )

    body = text(response)
    assert response.status_code == 200
    assert Cycle.objects.count() == 0
    assert (
        f'<span class="usa-error-message" id="id_{name}-error">1:30 a.m. on November 1, 2026 '
        "happens twice in America/Chicago, first in CDT and an hour later in CST, when the "
        "clocks go back. Choose which you mean, or enter another time.</span>"
    ) in body
    label = {"opens_at": "Nominations open", "deadline": "Nomination deadline"}[name]
    assert f'<legend class="usa-legend">{label}: which 1:30 a.m. do you mean?</legend>' in body
    assert reading_options(body, name) == [
        (CDT_READING, "November 1, 2026, 1:30 a.m. CDT", False),
        (CST_READING, "November 1, 2026, 1:30 a.m. CST", False),
    ]
    assert f'name="{name}" value="2026-11-01T01:30"' in body
    assert 'name="signatory_name" value="Antony J. Blinken"' in body


@pytest.mark.parametrize("name", ["opens_at", "deadline"])
@pytest.mark.parametrize(
    ("reading", "stored"),
    [
        (CDT_READING, dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)),
        (CST_READING, dt.datetime(2026, 11, 1, 7, 30, tzinfo=dt.UTC)),
    ],
    ids=["CDT", "CST"],
)
def test_edit_saves_the_reading_chosen_of_a_time_the_clocks_repeat(
    staff_client, name, reading, stored
):
    cycle = factories.CycleFactory(state=S.SETUP, award_year=2027, time_zone="America/Chicago")
    window = {"opens_at": "2026-10-01T09:00", "deadline": "2026-12-01T17:00"}
    window[name] = "2026-11-01T01:30"
    url = reverse("nominations:staff_cycle_edit", args=[cycle.pk])

    response = staff_client.post(
        url, cycle_post(award_year="2027", **window, **{f"{name}_reading": reading})
    )

    assert response.status_code == 302, text(response)
    cycle.refresh_from_db()
    assert getattr(cycle, name) == stored
    shown = f"November 1, 2026, 1:30 a.m. {'CDT' if reading == CDT_READING else 'CST'}"
    facts = text(staff_client.get(reverse("nominations:staff_cycle", args=[cycle.pk])))
    assert shown in facts
    page = text(staff_client.get(url))
    assert reading_options(page, name) == [
        (CDT_READING, "November 1, 2026, 1:30 a.m. CDT", reading == CDT_READING),
        (CST_READING, "November 1, 2026, 1:30 a.m. CST", reading == CST_READING),
    ]


def test_a_reading_chosen_in_one_zone_is_asked_again_in_another(staff_client):
    """1:30 a.m. EDT (5:30 UTC), chosen while the form said New York, is neither 1:30 a.m.
    of Chicago's: the choice does not carry over to the zone."""
    cycle = factories.CycleFactory(state=S.SETUP, award_year=2027, time_zone="America/New_York")
    deadline = cycle.deadline
    events = AuditEvent.objects.count()

    response = staff_client.post(
        reverse("nominations:staff_cycle_edit", args=[cycle.pk]),
        cycle_post(
            award_year="2027",
            opens_at="2026-10-01T09:00",
            deadline="2026-11-01T01:30",
            deadline_reading="2026-11-01T05:30:00+00:00",
        ),
    )

    body = text(response)
    assert response.status_code == 200
    assert reading_options(body, "deadline") == [
        (CDT_READING, "November 1, 2026, 1:30 a.m. CDT", False),
        (CST_READING, "November 1, 2026, 1:30 a.m. CST", False),
    ]
    cycle.refresh_from_db()
    assert (cycle.deadline, cycle.time_zone) == (deadline, "America/New_York")
    assert AuditEvent.objects.count() == events


def test_edit_with_a_time_that_happens_once_ignores_a_reading_left_from_before(staff_client):
    cycle = factories.CycleFactory(state=S.SETUP, award_year=2027, time_zone="America/Chicago")

    response = staff_client.post(
        reverse("nominations:staff_cycle_edit", args=[cycle.pk]),
        cycle_post(
            award_year="2027",
            opens_at="2026-10-01T09:00",
            deadline="2026-11-01T02:30",
            deadline_reading=CST_READING,
        ),
    )

    assert response.status_code == 302, text(response)
    cycle.refresh_from_db()
    assert cycle.deadline == dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)


def test_edit_of_an_open_cycle_keeps_a_fixed_opening_in_the_repeated_hour(staff_client):
    """The opening is fixed once open: its reading comes from the stored moment, never
    from the page, so it is not asked again."""
    opened = dt.datetime(2026, 11, 1, 7, 30, tzinfo=dt.UTC)  # 1:30 a.m. CST
    cycle = factories.CycleFactory(
        state=S.OPEN, award_year=2027, time_zone="America/Chicago", opens_at=opened
    )
    later = cycle.deadline.astimezone(cycle.zone) + dt.timedelta(days=7)

    response = staff_client.post(
        reverse("nominations:staff_cycle_edit", args=[cycle.pk]),
        cycle_post(
            award_year="2027",
            opens_at="2026-11-01T01:30",
            opens_at_reading=CDT_READING,
            deadline=later.strftime("%Y-%m-%dT%H:%M"),
        ),
    )

    assert response.status_code == 302, text(response)
    cycle.refresh_from_db()
    assert (cycle.opens_at, cycle.deadline) == (opened, later.replace(second=0, microsecond=0))


def test_edit_shows_the_window_in_the_cycles_zone_and_saves_changes(staff_client):
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    cycle = factories.CycleFactory(
        state=S.SETUP,
        award_year=2031,
        time_zone="America/Chicago",
        opens_at=dt.datetime(2031, 3, 1, 9, 0, tzinfo=chicago),
        deadline=dt.datetime(2031, 5, 15, 17, 0, tzinfo=chicago),
    )
    url = reverse("nominations:staff_cycle_edit", args=[cycle.pk])

    form_page = text(staff_client.get(url))
    response = staff_client.post(url, cycle_post(award_cap="3", deadline="2031-05-20T17:00"))

    assert 'value="2031-05-15T17:00"' in form_page
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.award_cap == 3
    assert cycle.deadline == dt.datetime(2031, 5, 20, 17, 0, tzinfo=chicago)


def test_edit_of_an_open_cycle_leaves_fixed_fields_alone(staff_client):
    cycle = factories.CycleFactory(state=S.OPEN, award_year=2031, public_call=True)
    url = reverse("nominations:staff_cycle_edit", args=[cycle.pk])
    later = cycle.deadline.astimezone(cycle.zone) + dt.timedelta(days=7)

    response = staff_client.post(
        url,
        cycle_post(award_year="2040", public_call=None, deadline=later.strftime("%Y-%m-%dT%H:%M")),
    )

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.award_year, cycle.public_call) == (2031, True)
    assert cycle.deadline == later.replace(second=0, microsecond=0)


def test_edit_to_a_year_the_program_already_has_shows_the_error_and_changes_nothing(
    staff_client,
):
    factories.CycleFactory(state=S.SETUP, award_year=2031)
    cycle = factories.CycleFactory(state=S.SETUP, award_year=2032)
    events = AuditEvent.objects.count()

    response = staff_client.post(
        reverse("nominations:staff_cycle_edit", args=[cycle.pk]), cycle_post(award_year="2031")
    )

    assert response.status_code == 200
    assert (
        '<span class="usa-error-message" id="id_award_year-error">'
        "Presidential Award already has a cycle for 2031.</span>"
    ) in text(response)
    cycle.refresh_from_db()
    assert cycle.award_year == 2032
    assert AuditEvent.objects.count() == events


# -- transitions ------------------------------------------------------------------------


def test_cycle_page_explains_blockers_before_the_click(staff_client):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)

    body = text(staff_client.get(reverse("nominations:staff_cycle", args=[cycle.pk])))

    assert "Cannot open for nominations yet:" in body
    assert "<li>The rubric has no criteria.</li>" in body
    assert "<li>The eligibility checklist has no items.</li>" in body
    assert ">Open for nominations</button>" in body
    assert "Close nominations" not in body


def test_open_refused_shows_the_guard_reasons_and_changes_nothing(staff_client, staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    ChecklistItem.objects.create(cycle=cycle, text="Not debarred")
    url = reverse("nominations:staff_cycle_transition", args=[cycle.pk, "open"])
    before = AuditEvent.objects.count()

    response = staff_client.post(url, follow=True)

    assert "Cannot open: the rubric has no criteria." in text(response)
    cycle.refresh_from_db()
    assert cycle.state == S.SETUP
    assert not RubricCriterion.objects.filter(cycle=cycle).exists()
    # The refusal is one denied event, nothing else: the state did not move.
    assert AuditEvent.objects.count() == before + 1
    assert list(
        AuditEvent.objects.order_by("-pk")[:1].values_list(
            "action",
            "outcome",
            "actor",
            "actor_role",
            "object_type",
            "object_id",
            "from_state",
            "to_state",
            "note",
        )
    ) == [
        (
            "cycle.open",
            "denied",
            staff.pk,
            Role.AWARD_STAFF,
            "nominations.cycle",
            str(cycle.pk),
            "setup",
            "",
            "the rubric has no criteria.",
        )
    ]


def test_open_succeeds_when_the_guards_pass(staff_client):
    cycle = factories.CycleFactory(state=S.SETUP)

    response = staff_client.post(
        reverse("nominations:staff_cycle_transition", args=[cycle.pk, "open"]), follow=True
    )

    cycle.refresh_from_db()
    assert cycle.state == S.OPEN
    assert f"{cycle} is now open for nominations." in text(response)
    assert ">Close nominations…</a>" in text(response)


def test_transition_not_allowed_in_the_state_is_a_message_not_an_error(staff_client):
    cycle = factories.CycleFactory(state=S.SETUP)

    response = staff_client.post(
        reverse("nominations:staff_cycle_transition", args=[cycle.pk, "archive"]), follow=True
    )

    assert response.status_code == 200
    assert "“Archive the cycle” is not possible for a cycle that is Setting up." in text(response)
    cycle.refresh_from_db()
    assert cycle.state == S.SETUP


def test_unknown_transition_is_not_found(staff_client):
    cycle = factories.CycleFactory(state=S.SETUP)

    response = staff_client.post(
        reverse("nominations:staff_cycle_transition", args=[cycle.pk, "delete"])
    )

    assert response.status_code == 404


def test_saving_an_open_cycle_without_touching_the_deadline_keeps_it(staff_client):
    cycle = factories.CycleFactory(state=S.OPEN)
    deadline = cycle.deadline
    shown = deadline.astimezone(cycle.zone).strftime("%Y-%m-%dT%H:%M")

    response = staff_client.post(
        reverse("nominations:staff_cycle_edit", args=[cycle.pk]),
        cycle_post(deadline=shown, presentation_place="Washington, DC"),
    )

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.deadline, cycle.presentation_place) == (deadline, "Washington, DC")


@pytest.mark.django_db
def test_cycle_page_links_the_rubric_and_checklist_pages_while_they_may_change(staff_client):
    editable = factories.CycleFactory(state=S.SETUP)
    in_review = factories.CycleFactory(state=S.REVIEW)

    setup_page = staff_client.get(reverse("nominations:staff_cycle", args=[editable.pk]))
    review_page = staff_client.get(reverse("nominations:staff_cycle", args=[in_review.pk]))

    for name in ("rubric", "checklist"):
        assert f'href="{reverse(f"nominations:staff_{name}", args=[editable.pk])}"' in (
            setup_page.content.decode()
        )
        assert reverse(f"nominations:staff_{name}", args=[in_review.pk]) not in (
            review_page.content.decode()
        )


@pytest.mark.django_db
def test_cycle_page_links_to_every_panel_review_page(staff_client):
    cycle = factories.CycleFactory()

    html = staff_client.get(reverse("nominations:staff_cycle", args=[cycle.pk])).content.decode()

    for name in (
        "panel_manage",
        "conflict_list",
        "assignment_overview",
        "progress",
        "results",
        "calibration",
    ):
        assert f'href="{reverse(f"reviews:{name}", args=[cycle.pk])}"' in html
