"""Forms for setting up a cycle. They validate and clean; services save."""

import zoneinfo

from django import forms

from nominations.forms.moments import LocalDateTimeField, WallClockMomentsMixin
from nominations.models import AwardProgram, ChecklistItem, Cycle, RubricCriterion

# The largest order a rubric criterion or checklist item can store (a small integer on
# every database). The model's own check is skipped with _post_clean, so the form says it.
POSITION_MAX = 32767
CYCLE_FORM_FIELDS = [
    "award_year",
    "time_zone",
    "opens_at",
    "deadline",
    "performance_start",
    "performance_end",
    "award_cap",
    "public_call",
    "privacy_authority",
    "privacy_purpose",
    "privacy_routine_uses",
    "privacy_disclosure",
    "privacy_notice_url",
    "pra_control_number",
    "pra_expires_on",
    "pra_burden_minutes",
    "pra_statement",
    "signatory_name",
    "signatory_title",
    "presentation_date",
    "presentation_event",
    "presentation_place",
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CycleForm(WallClockMomentsMixin, forms.ModelForm):
    """A cycle's settings. With `program_choice`, the program is chosen too (creating).

    Fields the cycle's state no longer allows to change are shown disabled. The opening
    and the deadline are read in the zone chosen on the form (nominations/forms/moments.py).
    """

    opens_at = LocalDateTimeField(
        label="Nominations open", required=False, help_text="In the time zone above."
    )
    deadline = LocalDateTimeField(
        label="Nomination deadline", required=False, help_text="In the time zone above."
    )

    class Meta:
        model = Cycle
        fields = CYCLE_FORM_FIELDS
        labels = {
            "time_zone": "Time zone",
            "performance_start": "Performance window starts",
            "performance_end": "Performance window ends",
            "public_call": "Open public call",
            "privacy_notice_url": "Privacy notice web address",
        }
        help_texts = {
            "award_cap": "The most recipients this year; no more than the program's cap.",
            "public_call": "Leave unticked for agency nominations only.",
            "time_zone": "The opening date and deadline are in this zone.",
        }
        widgets = {
            "performance_start": DATE,
            "performance_end": DATE,
            "pra_expires_on": DATE,
            "presentation_date": DATE,
            "privacy_authority": forms.Textarea(attrs={"rows": 3}),
            "privacy_purpose": forms.Textarea(attrs={"rows": 3}),
            "privacy_routine_uses": forms.Textarea(attrs={"rows": 3}),
            "privacy_disclosure": forms.Textarea(attrs={"rows": 3}),
            "pra_statement": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self,
        *args,
        program_choice: bool = False,
        editable: frozenset[str] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if program_choice:
            self.fields = {
                "program": forms.ModelChoiceField(
                    queryset=AwardProgram.objects.all(), label="Program", empty_label=None
                ),
                **self.fields,
            }
        if editable is not None:
            for name, field in self.fields.items():
                if name not in editable:
                    field.disabled = True
        self.add_reading_fields()
        if self.instance.pk:
            for name in ("opens_at", "deadline"):
                value = getattr(self.instance, name)
                if value:
                    self.set_wall_clock_initial(name, value, self.instance.zone)

    def clean(self) -> dict:
        data = super().clean()
        zone = zoneinfo.ZoneInfo(data.get("time_zone") or self.instance.time_zone)
        for name in ("opens_at", "deadline"):
            try:
                data[name] = self.wall_clock_moment(name, zone)
            except forms.ValidationError as problem:
                self.add_error(name, problem)
            stored = getattr(self.instance, name, None) if self.instance.pk else None
            if stored and data.get(name) == stored.replace(second=0, microsecond=0):
                # The form shows minutes only; an untouched value keeps its stored seconds.
                data[name] = stored
        program = data.get("program") or getattr(self.instance, "program", None)
        cap = data.get("award_cap")
        if program is not None and cap is not None and cap > program.award_cap:
            self.add_error(
                "award_cap",
                f"The award cap cannot be more than the program's cap of {program.award_cap}.",
            )
        year = data.get("award_year")
        if program is not None and year is not None:
            # The form skips the model's unique check (_post_clean): a year another cycle
            # of the program has is refused here, next to the field, not by the database.
            others = Cycle.objects.filter(program=program, award_year=year)
            if others.exclude(pk=self.instance.pk).exists():
                message = f"{program.short_name} already has a cycle for {year}."
                self.add_error("award_year", message)
        opens_at, deadline = data.get("opens_at"), data.get("deadline")
        if opens_at and deadline and deadline <= opens_at:
            self.add_error("deadline", "The deadline must be after the opening date.")
        start, end = data.get("performance_start"), data.get("performance_end")
        if start and end and end < start:
            self.add_error("performance_end", "The performance window must end after it starts.")
        return data

    def changed_settings(self) -> dict:
        """The cleaned values of the enabled cycle fields, for the service."""
        return {
            name: self.cleaned_data[name]
            for name in CYCLE_FORM_FIELDS
            if name in self.cleaned_data and not self.fields[name].disabled
        }

    def _post_clean(self) -> None:
        # The service validates and saves; the model instance is left alone here.
        pass


class RubricCriterionForm(forms.ModelForm):
    """One row of the rubric page; the formset adds its order and "Remove"."""

    class Meta:
        model = RubricCriterion
        fields = ["name", "description", "weight"]
        labels = {"description": "Descriptors"}
        help_texts = {
            "description": "What an exceptional, a solid and a weak nomination look like.",
            "weight": "How much this criterion counts, e.g. 1 or 1.5.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight <= 0:
            raise forms.ValidationError("The weight must be more than 0.")
        return weight

    def _post_clean(self) -> None:
        pass


class ChecklistItemForm(forms.ModelForm):
    """One row of the checklist page; the formset adds its order and "Remove"."""

    class Meta:
        model = ChecklistItem
        fields = ["text", "required", "help_text"]
        labels = {"text": "What to check", "required": "Required to clear a nomination"}
        help_texts = {"help_text": "How staff should check it, and where to look."}
        widgets = {"help_text": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass


class _OrderedPartsFormSet(forms.BaseModelFormSet):
    """Every part of one cycle in order, with blank rows to add more.

    Each row has an order number (rows are saved from the lowest; ties keep the page's
    order) and a "Remove" box. `removable(part)` False disables the box (a checklist
    item with recorded results)."""

    def __init__(self, *args, cycle: Cycle, **kwargs) -> None:
        self.cycle = cycle
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"] = forms.IntegerField(
                label="Order",
                required=False,
                min_value=0,
                max_value=POSITION_MAX,
                initial=form.fields["ORDER"].initial,
            )
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"
            if form.instance.pk and not self.removable(form.instance):
                form.fields["DELETE"].disabled = True
                form.fields["DELETE"].help_text = "It has recorded results, so it stays."

    def removable(self, part) -> bool:
        return True

    def clean(self) -> None:
        super().clean()
        # A row posted as existing that is not one of this cycle's parts (removed in
        # another tab meanwhile, or of another cycle) would otherwise be added as new.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(
                "Someone removed a row of this list meanwhile; nothing was saved. "
                "Open the page again to see the list as it is now."
            )

    def rows_in_order(self) -> list:
        """The kept rows' forms in the order asked (valid formset only)."""
        return [form for form in self.ordered_forms if form not in self.deleted_forms]

    def removed(self) -> list:
        """The existing parts whose "Remove" box is ticked (valid formset only)."""
        return [form.instance for form in self.deleted_forms if form.instance.pk]


class _ChecklistFormSet(_OrderedPartsFormSet):
    def removable(self, part) -> bool:
        return not getattr(part, "result_count", 0)


# Two blank rows to add parts; more after each save.
RubricFormSet = forms.modelformset_factory(
    RubricCriterion,
    form=RubricCriterionForm,
    formset=_OrderedPartsFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
)
ChecklistFormSet = forms.modelformset_factory(
    ChecklistItem,
    form=ChecklistItemForm,
    formset=_ChecklistFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
)


class CycleCopyForm(forms.Form):
    """The new cycle's year, and whether its dates follow the source's a year on."""

    award_year = forms.IntegerField(
        label="Award year of the new cycle", min_value=1900, max_value=9999
    )
    shift_dates = forms.BooleanField(
        label="Move the dates on by the years between the cycles",
        required=False,
        initial=True,
        help_text="The nomination window, performance window, presentation, statement and "
        "panel due dates. Untick to leave them blank and set them yourself.",
    )

    def __init__(self, *args, source: Cycle, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["award_year"].initial = source.award_year + 1

    def clean_award_year(self) -> int:
        year = self.cleaned_data["award_year"]
        if Cycle.objects.filter(program=self.source.program, award_year=year).exists():
            raise forms.ValidationError(
                f"{self.source.program.short_name} already has a cycle for {year}."
            )
        return year
