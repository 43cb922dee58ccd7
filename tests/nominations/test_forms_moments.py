"""A wall-clock time read in a cycle's zone: a time the clocks repeat asks which of its
two moments is meant, and a reading chosen for another time is never applied."""

import datetime as dt
import zoneinfo

import pytest
from django import forms
from django.template.loader import render_to_string

from nominations.forms.moments import LocalDateTimeField, WallClockMomentsMixin

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# 1:30 a.m. on November 1, 2026 happens twice in New York: at 5:30 UTC (EDT), then again
# at 6:30 UTC (EST), once the clocks have gone back.
EDT_READING = "2026-11-01T05:30:00+00:00"
EST_READING = "2026-11-01T06:30:00+00:00"
TWICE = (
    "1:30 a.m. on November 1, 2026 happens twice in America/New_York, first in EDT and an "
    "hour later in EST, when the clocks go back. Choose which you mean, or enter another time."
)


class DeadlineForm(WallClockMomentsMixin, forms.Form):
    deadline = LocalDateTimeField(label="Nomination deadline")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_reading_fields()

    def clean_deadline(self):
        return self.wall_clock_moment("deadline", NEW_YORK)


def posted(deadline: str, reading: str | None = None) -> DeadlineForm:
    data = {"deadline": deadline}
    if reading is not None:
        data["deadline_reading"] = reading
    form = DeadlineForm(data)
    form.is_valid()
    return form


def options(form: DeadlineForm) -> list[tuple[str, str]]:
    return [(radio.data["value"], radio.choice_label) for radio in form.reading_choice("deadline")]


def test_a_time_the_clocks_repeat_is_refused_offering_both_moments():
    form = posted("2026-11-01T01:30")

    assert form.errors == {"deadline": [TWICE]}
    assert form.reading_choice("deadline").label == (
        "Nomination deadline: which 1:30 a.m. do you mean?"
    )
    assert options(form) == [
        (EDT_READING, "November 1, 2026, 1:30 a.m. EDT"),
        (EST_READING, "November 1, 2026, 1:30 a.m. EST"),
    ]


@pytest.mark.parametrize(
    ("reading", "moment"),
    [
        (EDT_READING, dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)),
        (EST_READING, dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)),
    ],
    ids=["fold 0, EDT", "fold 1, EST"],
)
def test_the_reading_chosen_is_the_moment_read(reading, moment):
    form = posted("2026-11-01T01:30", reading)

    assert form.errors == {}
    assert form.cleaned_data["deadline"] == moment
    # Still offered, with the choice checked, should the page come back for another field.
    checked = [
        radio.data["value"] for radio in form.reading_choice("deadline") if radio.data["selected"]
    ]
    assert checked == [reading]


def test_a_time_the_clocks_skip_is_refused_as_before_and_offers_no_choice():
    form = posted("2027-03-14T02:30", EDT_READING)

    assert form.errors == {
        "deadline": [
            "2:30 a.m. on March 14, 2027 does not exist in America/New_York: the clocks go "
            "forward then. Enter 3:00 a.m. or later, or an earlier time."
        ]
    }
    assert form.reading_choice("deadline") is None


def test_a_time_that_happens_once_ignores_a_reading_left_from_before():
    form = posted("2026-11-01T03:30", EST_READING)

    assert form.errors == {}
    assert form.cleaned_data["deadline"] == dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)
    assert form.reading_choice("deadline") is None


@pytest.mark.parametrize("reading", [EST_READING, "2026-11-01T06:30:00", "6:30", "1"], ids=str)
def test_a_reading_that_is_not_one_of_the_times_asks_again(reading):
    """Chosen for 1:30 a.m., then the time changed to 1:45 a.m.; or made up."""
    form = posted("2026-11-01T01:45", reading)

    assert list(form.errors) == ["deadline"]
    assert form.errors["deadline"][0].startswith("1:45 a.m. on November 1, 2026 happens twice")
    assert [label for _value, label in options(form)] == [
        "November 1, 2026, 1:45 a.m. EDT",
        "November 1, 2026, 1:45 a.m. EST",
    ]


def test_a_stored_moment_in_the_repeated_hour_is_shown_with_its_reading_chosen():
    form = DeadlineForm()
    form.set_wall_clock_initial(
        "deadline", dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC), NEW_YORK
    )

    assert form["deadline"].value() == dt.datetime(2026, 11, 1, 1, 30)
    assert [radio.data["selected"] for radio in form.reading_choice("deadline")] == [False, True]
    assert form.errors == {}


def test_a_stored_moment_outside_the_repeated_hour_offers_no_choice():
    form = DeadlineForm()
    form.set_wall_clock_initial(
        "deadline", dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC), NEW_YORK
    )

    assert form.reading_choice("deadline") is None


def test_the_choice_is_a_radio_group_with_a_legend_beside_the_field():
    form = posted("2026-11-01T01:30")

    html = render_to_string("nominations/_form_field.html", {"field": form["deadline"]})

    assert '<fieldset class="usa-fieldset usa-form-group"' in html
    assert (
        '<legend class="usa-legend">Nomination deadline: which 1:30 a.m. do you mean?</legend>'
    ) in html
    for index, (value, label) in enumerate(
        [
            (EDT_READING, "November 1, 2026, 1:30 a.m. EDT"),
            (EST_READING, "November 1, 2026, 1:30 a.m. EST"),
        ]
    ):
        assert (
            f'<input class="usa-radio__input" type="radio" name="deadline_reading" '
            f'id="id_deadline_reading_{index}" value="{value}">'
        ) in html
        assert (
            f'<label class="usa-radio__label" for="id_deadline_reading_{index}">{label}</label>'
        ) in html
    assert html.index('id="id_deadline"') < html.index("<fieldset")
