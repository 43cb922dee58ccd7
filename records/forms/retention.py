"""The retention schedule's form: one number of years per record series, blank to keep
the records permanently."""

from django import forms

from records.domain.retention import SERIES_LABELS, Series


class RetentionScheduleForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for series in Series:
            self.fields[series.value] = forms.IntegerField(
                label=SERIES_LABELS[series],
                required=False,
                min_value=0,
                max_value=100,
                help_text="Years; leave blank to keep them permanently.",
                error_messages={
                    "invalid": "Enter a whole number of years, or leave it blank.",
                    "min_value": "Enter 0 years or more.",
                    "max_value": "Enter 100 years or fewer.",
                },
            )
