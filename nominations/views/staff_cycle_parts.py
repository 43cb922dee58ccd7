"""Award staff edit a cycle's rubric, and its eligibility checklist, each on one page.

Every criterion (or item) is a row with its order number and a "Remove" box, plus blank
rows to add more. One POST saves the whole list through one service
(`rubric_update`, `checklist_update` in nominations/services/cycle_setup.py), which
decides whether the cycle's state still allows the change. A mistake or a refusal
shows the page again with everything typed and the message next to its field.
"""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import TemplateView

from core.access import StaffOnly
from core.exceptions import WorkflowError
from nominations.forms.cycles import ChecklistFormSet, RubricFormSet
from nominations.models import ChecklistItem, Cycle, RubricCriterion
from nominations.services.cycle_setup import (
    CHECKLIST_STATES,
    RUBRIC_STATES,
    ChecklistRow,
    RubricRow,
    checklist_update,
    rubric_update,
)


class _CyclePartsView(StaffOnly, TemplateView):
    template_name = "nominations/cycle_parts_form.html"
    formset_class: type
    editable_states: frozenset[str]
    part_name: str  # "criterion"
    list_name: str  # "rubric"
    fixed_reason: str

    def dispatch(self, request, *args, **kwargs):
        # The role check comes first, so that strangers learn nothing about cycles.
        if not self.test_func():
            return self.handle_no_permission()
        self.cycle = get_object_or_404(Cycle.objects.select_related("program"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def parts(self):
        raise NotImplementedError

    def formset(self, data=None):
        return self.formset_class(data, queryset=self.parts(), cycle=self.cycle)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=self.formset()))

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        if formset.is_valid():
            try:
                self.save(formset)
            except WorkflowError as error:
                problems = getattr(error, "problems", None) or [error.message]
                formset._non_form_errors = formset.error_class(problems)
            else:
                messages.success(request, f"The {self.list_name} is saved.")
                return HttpResponseRedirect(
                    reverse("nominations:staff_cycle", args=[self.cycle.pk])
                )
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        formset = kwargs["formset"]
        return {
            **super().get_context_data(**kwargs),
            "cycle": self.cycle,
            # A refused POST (the cycle moved on meanwhile) keeps the form and what was typed.
            "editable": self.cycle.state in self.editable_states or formset.is_bound,
            "part_name": self.part_name,
            "list_name": self.list_name,
            "fixed_reason": self.fixed_reason,
        }


class RubricView(_CyclePartsView):
    formset_class = RubricFormSet
    editable_states = RUBRIC_STATES
    part_name = "criterion"
    list_name = "rubric"
    fixed_reason = "Panel review has started, so the rubric can no longer change."

    def parts(self):
        return RubricCriterion.objects.filter(cycle=self.cycle)

    def save(self, formset) -> None:
        rubric_update(
            cycle=self.cycle,
            actor=self.request.user,
            rows=[
                RubricRow(
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    weight=form.cleaned_data["weight"],
                    criterion=form.instance if form.instance.pk else None,
                )
                for form in formset.rows_in_order()
            ],
            remove=formset.removed(),
        )


class ChecklistView(_CyclePartsView):
    formset_class = ChecklistFormSet
    editable_states = CHECKLIST_STATES
    part_name = "item"
    list_name = "checklist"
    fixed_reason = "The cycle is closed to nominations, so the checklist can no longer change."

    def parts(self):
        return ChecklistItem.objects.filter(cycle=self.cycle).annotate(
            result_count=Count("results")
        )

    def save(self, formset) -> None:
        checklist_update(
            cycle=self.cycle,
            actor=self.request.user,
            rows=[
                ChecklistRow(
                    text=form.cleaned_data["text"],
                    help_text=form.cleaned_data["help_text"],
                    required=form.cleaned_data["required"],
                    item=form.instance if form.instance.pk else None,
                )
                for form in formset.rows_in_order()
            ],
            remove=formset.removed(),
        )


urlpatterns = [
    path("staff/cycles/<int:pk>/rubric/", RubricView.as_view(), name="staff_rubric"),
    path("staff/cycles/<int:pk>/checklist/", ChecklistView.as_view(), name="staff_checklist"),
]
