"""A date and time typed as on a wall clock and read in a cycle's zone: the deadlines,
the opening and the scheduled announcement.

A time the clocks skip there is refused; one they repeat (the autumn fold) is not
guessed: the form asks which of the two moments is meant, with a radio group beside
the field (`<name>_reading`), and keeps the answer for as long as it still fits.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.moments import AmbiguousMoment, NoSuchMoment, moment_from_wall_clock, moment_in

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
READING_SUFFIX = "_reading"


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a zone: the form reads it in the cycle's zone
    (`WallClockMomentsMixin.wall_clock_moment`). It is never read in the server's zone,
    where a time the cycle's zone has could be missing (New York's spring gap, say)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return timezone.make_naive(value) if timezone.is_aware(value) else value
        text = str(value).strip()
        for parse in (parse_datetime, self._strptime_any):
            try:
                parsed = parse(text)
            except ValueError:
                parsed = None
            if parsed is not None:
                return parsed.replace(tzinfo=None) if timezone.is_aware(parsed) else parsed
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def _strptime_any(self, text: str) -> datetime | None:
        for input_format in self.input_formats:
            try:
                return datetime.strptime(text, input_format)
            except (ValueError, TypeError):
                continue
        return None


class WallClockMomentsMixin:
    """For a form whose LocalDateTimeFields are read in a cycle's zone.

    `add_reading_fields()` (at the end of `__init__`) gives each of them a companion
    `<name>_reading`: the two moments of a time the clocks repeat, as radio buttons
    whose values are the moments in UTC. `wall_clock_moment(name, zone)` reads a field:
    when its time happens twice in `zone`, the reading posted is used if it is one of
    that time's two, and otherwise the field is invalid, saying why, and the choice is
    offered. A reading chosen for another time or zone is ignored, so changing the time
    after choosing never applies the old answer to it.
    """

    def add_reading_fields(self) -> None:
        self.reading_offers: set[str] = getattr(self, "reading_offers", set())
        for name, field in list(self.fields.items()):
            if isinstance(field, LocalDateTimeField):
                self.fields[name + READING_SUFFIX] = forms.CharField(
                    required=False, disabled=field.disabled, widget=forms.RadioSelect
                )

    def set_wall_clock_initial(self, name: str, value: datetime, zone: ZoneInfo) -> None:
        """Show the stored moment `value` as its wall-clock time in `zone`, with its
        reading chosen (and offered) if that time happens twice."""
        local = value.astimezone(zone)
        self.initial[name] = local.replace(tzinfo=None)
        self.initial[name + READING_SUFFIX] = value.astimezone(UTC).isoformat()
        try:
            moment_from_wall_clock(local.replace(tzinfo=None, fold=0), zone)
        except AmbiguousMoment as twice:
            self._offer_readings(name, twice, zone)
        except NoSuchMoment:
            pass

    def wall_clock_moment(self, name: str, zone: ZoneInfo) -> datetime | None:
        """The moment field `name`'s cleaned value names in `zone`; a ValidationError
        saying why when the time does not exist there, or happens twice and no reading
        of it was chosen."""
        value = self.cleaned_data.get(name)
        if not isinstance(value, datetime) or timezone.is_aware(value):
            return value
        try:
            return moment_from_wall_clock(value, zone)
        except AmbiguousMoment as twice:
            self._offer_readings(name, twice, zone)
            chosen = self._posted_reading(name)
            if chosen in twice.readings:
                return chosen
            raise forms.ValidationError(str(twice), code="ambiguous_moment") from twice
        except NoSuchMoment as problem:
            raise forms.ValidationError(str(problem), code="no_such_moment") from problem

    def reading_choice(self, name: str) -> forms.BoundField | None:
        """The radio group asking which reading of field `name` is meant, when its time
        happens twice; None otherwise."""
        if name not in getattr(self, "reading_offers", ()):
            return None
        return self[name + READING_SUFFIX]

    def _offer_readings(self, name: str, twice: AmbiguousMoment, zone: ZoneInfo) -> None:
        field = self.fields[name + READING_SUFFIX]
        field.label = f"{self.fields[name].label}: which {twice.wall_time} do you mean?"
        # Cleaning made the bound field already, with the label it had then.
        self[name + READING_SUFFIX].label = field.label
        field.widget.choices = [
            (reading.isoformat(), moment_in(reading, zone)) for reading in twice.readings
        ]
        self.reading_offers.add(name)

    def _posted_reading(self, name: str) -> datetime | None:
        posted = self[name + READING_SUFFIX].value()
        try:
            return datetime.fromisoformat(posted) if posted else None
        except (TypeError, ValueError):
            return None
