"""The rubric and the checklist pages: every row on one page, explicit order, add, remove."""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import ChecklistItem, ChecklistResult, CheckResult, RubricCriterion
from nominations.states import CycleState
from tests import factories

pytestmark = pytest.mark.django_db
S = CycleState


def page_url(name: str, cycle) -> str:
    return reverse(f"nominations:staff_{name}", args=[cycle.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def formset_post(rows: list[dict], *, initial: int) -> dict:
    """The POST of the page: `rows` in page order, the first `initial` of them existing."""
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data |= {f"form-{index}-{name}": value for name, value in row.items()}
    return data


def criteria(cycle) -> list[tuple[int, str, str]]:
    return list(cycle.rubric_criteria.values_list("position", "name", "weight"))


def a_rubric(*names: str):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    parts = [RubricCriterion.objects.create(cycle=cycle, position=0, name=name) for name in names]
    return cycle, parts


def test_rubric_page_shows_every_criterion_in_order_with_blank_rows_to_add(staff_client):
    cycle, (impact, reach) = a_rubric("Impact", "Reach")

    response = staff_client.get(page_url("rubric", cycle))

    formset = response.context["formset"]
    assert [form.instance for form in formset.initial_forms] == [impact, reach]
    assert [form["ORDER"].value() for form in formset.initial_forms] == [1, 2]
    assert len(formset.extra_forms) == 2
    body = text(response)
    assert "Criterion 1" in body and "Criterion 2" in body and "New criterion" in body


def test_rubric_page_saves_order_changes_additions_and_removals_at_once(staff_client, staff):
    cycle, (impact, reach, gone) = a_rubric("Impact", "Reach", "Gone")

    response = staff_client.post(
        page_url("rubric", cycle),
        formset_post(
            [
                {"id": impact.pk, "name": "Impact", "weight": "1", "ORDER": "3"},
                {"id": reach.pk, "name": "Reach far", "weight": "2", "ORDER": "1"},
                {"id": gone.pk, "name": "Gone", "weight": "1", "ORDER": "2", "DELETE": "on"},
                {"name": "Sustainability", "description": "Lasts.", "weight": "1.5", "ORDER": "2"},
                {"name": "", "weight": "1", "ORDER": ""},
            ],
            initial=3,
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:staff_cycle", args=[cycle.pk])
    assert [(p, n, str(w)) for p, n, w in criteria(cycle)] == [
        (1, "Reach far", "2.00"),
        (2, "Sustainability", "1.50"),
        (3, "Impact", "1.00"),
    ]
    events = AuditEvent.objects.filter(action__startswith="rubric.").order_by("pk")
    assert [(event.action, event.data["name"], event.data.get("position")) for event in events] == [
        ("rubric.delete", "Gone", None),
        ("rubric.save", "Reach far", 1),
        ("rubric.save", "Sustainability", 2),
        ("rubric.save", "Impact", 3),
    ]
    assert {event.actor for event in events} == {staff}


def test_rubric_page_error_keeps_everything_typed_and_saves_nothing(staff_client):
    cycle, (impact,) = a_rubric("Impact")

    response = staff_client.post(
        page_url("rubric", cycle),
        formset_post(
            [
                {"id": impact.pk, "name": "Impact renamed", "weight": "0", "ORDER": "1"},
                {"name": "", "description": "Typed descriptors", "weight": "1", "ORDER": "2"},
                {"name": "Reach", "weight": "1", "ORDER": "99999"},
            ],
            initial=1,
        ),
    )

    assert response.status_code == 200
    body = text(response)
    assert (
        '<span class="usa-error-message" id="id_form-0-weight-error">'
        "The weight must be more than 0.</span>"
    ) in body
    assert (
        '<span class="usa-error-message" id="id_form-1-name-error">This field is required.</span>'
    ) in body
    assert '<span class="usa-error-message" id="id_form-2-ORDER-error">' in body
    assert 'value="Impact renamed"' in body
    assert "Typed descriptors</textarea>" in body
    assert 'value="Reach"' in body
    assert criteria(cycle) == [(0, "Impact", 1)]
    assert not AuditEvent.objects.filter(action__startswith="rubric.").exists()


def test_rubric_page_once_review_started_is_read_only_and_a_post_changes_nothing(staff_client):
    cycle = factories.CycleFactory(state=S.REVIEW, configured=False)
    impact = RubricCriterion.objects.create(cycle=cycle, position=1, name="Impact")

    page = staff_client.get(page_url("rubric", cycle))
    response = staff_client.post(
        page_url("rubric", cycle),
        formset_post(
            [{"id": impact.pk, "name": "Changed", "weight": "1", "ORDER": "1"}], initial=1
        ),
    )

    assert "Panel review has started, so the rubric can no longer change." in text(page)
    assert "<form" not in text(page).split("<main", 1)[-1].split("</main>")[0]
    assert response.status_code == 200
    assert "A cycle that is Panel review cannot change its rubric." in text(response)
    assert 'value="Changed"' in text(response)
    assert criteria(cycle) == [(1, "Impact", 1)]
    assert not AuditEvent.objects.filter(action__startswith="rubric.").exists()


def test_rubric_page_refuses_a_criterion_of_another_cycle_or_removed_meanwhile(staff_client):
    cycle, (impact,) = a_rubric("Impact")
    other, (theirs,) = a_rubric("Theirs")

    response = staff_client.post(
        page_url("rubric", cycle),
        formset_post(
            [{"id": theirs.pk, "name": "Hijacked", "weight": "1", "ORDER": "1"}], initial=1
        ),
    )

    assert response.status_code == 200
    assert "Someone removed a row of this list meanwhile; nothing was saved." in text(response)
    assert criteria(other) == [(0, "Theirs", 1)]
    assert criteria(cycle) == [(0, "Impact", 1)]


def test_checklist_page_orders_and_keeps_an_item_with_results(staff_client):
    nomination = factories.nomination_in("vetting")
    cycle = nomination.cycle
    cycle.checklist_items.all().delete()
    checked = ChecklistItem.objects.create(cycle=cycle, position=1, text="Not debarred")
    spare = ChecklistItem.objects.create(cycle=cycle, position=2, text="Spare", required=False)
    ChecklistResult.objects.create(nomination=nomination, item=checked, result=CheckResult.PASS)
    assert cycle.state == S.OPEN

    page = staff_client.get(page_url("checklist", cycle))
    response = staff_client.post(
        page_url("checklist", cycle),
        formset_post(
            [
                # The disabled "Remove" box of an item with results is ignored.
                {
                    "id": checked.pk,
                    "text": "Not debarred",
                    "required": "on",
                    "ORDER": "2",
                    "DELETE": "on",
                },
                {"id": spare.pk, "text": "Spare check", "ORDER": "1"},
                {"text": "Clearance", "help_text": "Ask the desk.", "required": "on", "ORDER": "3"},
            ],
            initial=2,
        ),
    )

    delete_boxes = [form["DELETE"] for form in page.context["formset"].initial_forms]
    assert [box.field.disabled for box in delete_boxes] == [True, False]
    assert "It has recorded results, so it stays." in text(page)
    assert response.status_code == 302
    assert list(cycle.checklist_items.values_list("position", "text", "required")) == [
        (1, "Spare check", False),
        (2, "Not debarred", True),
        (3, "Clearance", True),
    ]


@pytest.mark.parametrize("name", ["rubric", "checklist"])
@pytest.mark.parametrize("size", [1, 12])
def test_parts_page_query_count_does_not_grow(staff_client, django_assert_num_queries, name, size):
    cycle = factories.CycleFactory(state=S.OPEN, configured=False)
    for position in range(size):
        RubricCriterion.objects.create(cycle=cycle, position=position, name=f"C{position}")
        ChecklistItem.objects.create(cycle=cycle, position=position, text=f"I{position}")

    # session, user, role groups, the cycle with its program, its criteria or items
    with django_assert_num_queries(5):
        response = staff_client.get(page_url(name, cycle))

    assert len(response.context["formset"].initial_forms) == size
