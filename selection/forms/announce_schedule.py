"""Scheduling the announcement: the moment (typed in the cycle's zone) and the same
"I understand …" box the "Announce" move asks for."""

from django import forms
from django.utils import timezone

from nominations.forms.moments import LocalDateTimeField, WallClockMomentsMixin
from nominations.forms.moves import confirmation_field

SCHEDULE_CONFIRM_LABEL = (
    "I understand that at that moment the recipients become public, every nominator is "
    "emailed and the announcement cannot be undone."
)


class AnnounceScheduleForm(WallClockMomentsMixin, forms.Form):
    def __init__(self, *args, cycle, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["announce_at"] = LocalDateTimeField(
            label="Announce at",
            help_text=f"Date and time in the cycle’s time zone, {cycle.time_zone}.",
            error_messages={"required": "Enter the date and time of the announcement."},
        )
        self.fields["confirm"] = confirmation_field(SCHEDULE_CONFIRM_LABEL)
        self.add_reading_fields()

    def clean_announce_at(self):
        value = self.wall_clock_moment("announce_at", self.cycle.zone)
        if value is None:
            return None
        if value <= timezone.now():
            raise forms.ValidationError(
                "The announcement must be scheduled for a moment in the future."
            )
        return value
