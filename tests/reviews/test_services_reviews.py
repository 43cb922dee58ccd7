"""review_save_draft and review_submit: drafts, numbered versions, validation, locking."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.audit_context import recording_refusals
from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import Cycle, Nomination
from nominations.states import CycleState, NominationState
from reviews.models import Assignment, Review, ReviewVersion
from reviews.services.reviews import review_save_draft, review_submit
from reviews.states import ConflictStatus, ReviewState
from tests import factories


@pytest.fixture
def panel(db):
    """One nomination in review, two criteria, two assigned attested panelists."""
    cycle = factories.review_cycle(nominations=1, panelists=2, criteria=2)
    nomination = cycle.nominations.get()
    first, second = nomination.assignments.select_related("member__user").order_by("pk")
    criteria = list(cycle.rubric_criteria.values_list("pk", flat=True))
    return nomination, first.member, second.member, criteria


def full(criteria, *, overall=3, scores=(2, 4), strengths="Strong evidence.", weaknesses=""):
    return {
        "overall": overall,
        "criterion_scores": dict(zip(criteria, scores, strict=True)),
        "strengths": strengths,
        "weaknesses": weaknesses,
    }


def save(nomination, member, data, revision=0, actor=None, page=""):
    return review_save_draft(
        nomination=nomination,
        member=member,
        actor=actor or member.user,
        data=data,
        revision=revision,
        page=page,
    )


def submit(nomination, member, data, revision=0, actor=None, page=""):
    return review_submit(
        nomination=nomination,
        member=member,
        actor=actor or member.user,
        data=data,
        revision=revision,
        page=page,
    )


def test_review_save_draft_creates_draft_at_revision_1_without_audit(panel):
    nomination, member, _, criteria = panel

    review = save(nomination, member, {"overall": 4, "criterion_scores": {criteria[0]: "2"}})

    review.refresh_from_db()
    assert (review.state, review.revision, review.overall, review.criterion_scores) == (
        "draft",
        1,
        4,
        {str(criteria[0]): 2},
    )
    assert review.submitted_at is None
    assert AuditEvent.objects.count() == 0
    assert ReviewVersion.objects.count() == 0


def test_review_save_draft_changes_only_the_keys_given(panel):
    nomination, member, _, criteria = panel
    save(nomination, member, full(criteria, strengths="Kept."))

    review = save(nomination, member, {"criterion_scores": {str(criteria[1]): None}}, revision=1)

    review.refresh_from_db()
    assert (review.revision, review.overall, review.strengths, review.criterion_scores) == (
        2,
        3,
        "Kept.",
        {str(criteria[0]): 2},
    )


def test_review_save_draft_stale_revision_raises_conflict_and_saves_nothing(panel):
    nomination, member, _, criteria = panel
    save(nomination, member, {"overall": 4})
    save(nomination, member, {"overall": 5}, revision=1)

    with pytest.raises(ConflictError):
        save(nomination, member, {"overall": 9, "strengths": "From an old tab."}, revision=1)

    review = Review.objects.get()
    assert (review.revision, review.overall, review.strengths) == (2, 5, "")


def test_review_save_draft_first_save_from_a_page_that_saw_a_review_conflicts(panel):
    nomination, member, _, _ = panel

    with pytest.raises(ConflictError):
        save(nomination, member, {"overall": 4}, revision=3)

    assert Review.objects.count() == 0


def test_review_save_draft_second_first_save_conflicts(panel):
    nomination, member, _, _ = panel
    save(nomination, member, {"overall": 4})

    with pytest.raises(ConflictError):
        save(nomination, member, {"overall": 6}, revision=0)

    assert Review.objects.get().overall == 4


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"overall": 0}, "The overall score must be a whole number from 1 to 9, not “0”."),
        ({"overall": 10}, "The overall score must be a whole number from 1 to 9, not “10”."),
        ({"overall": "2.5"}, "The overall score must be a whole number from 1 to 9, not “2.5”."),
        ({"overall": 2.5}, "The overall score must be a whole number from 1 to 9, not “2.5”."),
        ({"overall": "x"}, "The overall score must be a whole number from 1 to 9, not “x”."),
        ({"overall": True}, "The overall score must be a whole number from 1 to 9, not “True”."),
        ({"criterion_scores": {"99999": 3}}, "There is no criterion 99999 in this cycle’s rubric."),
        ({"criterion_scores": {"abc": 3}}, "There is no criterion abc in this cycle’s rubric."),
    ],
)
def test_review_save_draft_malformed_value_refused(panel, data, problem):
    nomination, member, _, _ = panel

    with pytest.raises(InvalidInput) as raised:
        save(nomination, member, data)

    assert raised.value.problems == [problem]
    assert Review.objects.count() == 0


# Values a caller without the form may send. "²" and "٣" pass str.isdigit(), yet int("²")
# raises ValueError: the service must refuse them as the form does, with a ValidationError.
NOT_SCORES = [
    ("²", "invalid"),
    ("٣", "invalid"),
    ("abc", "invalid"),
    (5.5, "invalid"),
    ("5.5", "invalid"),
    (True, "invalid"),
    (" ", "invalid"),
    ("0", "out_of_range"),
    (0, "out_of_range"),
    ("10", "out_of_range"),
    (10, "out_of_range"),
]


def a_stored_draft(nomination, member, criteria):
    """A draft with every score given, and what must still be there after a refusal."""
    save(nomination, member, full(criteria))
    return stored(Review.objects.get())


def stored(review):
    return (
        review.state,
        review.revision,
        review.overall,
        review.criterion_scores,
        review.strengths,
        review.editor_page,
    )


@pytest.mark.parametrize(("value", "code"), NOT_SCORES)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_review_criterion_score_that_is_not_a_score_raises_validation_error_naming_it(
    panel, action, value, code
):
    nomination, member, _, criteria = panel
    before = a_stored_draft(nomination, member, criteria)
    data = full(criteria, overall=2, scores=(1, value))

    with pytest.raises(ValidationError) as raised:
        (save if action == "save" else submit)(nomination, member, data, revision=1, page="p")

    message = f"The score for “Criterion 2” must be a whole number from 1 to 9, not “{value}”."
    assert not isinstance(raised.value, ValueError)
    assert raised.value.messages == [message]
    assert [error.code for error in raised.value.error_list] == [code]
    assert isinstance(raised.value, InvalidInput)
    assert (raised.value.message, raised.value.problems) == (message, [message])
    assert stored(Review.objects.get()) == before
    assert ReviewVersion.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(("value", "code"), NOT_SCORES)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_review_overall_score_that_is_not_a_score_raises_validation_error(
    panel, action, value, code
):
    nomination, member, _, criteria = panel

    with pytest.raises(ValidationError) as raised:
        (save if action == "save" else submit)(nomination, member, full(criteria, overall=value))

    assert raised.value.messages == [
        f"The overall score must be a whole number from 1 to 9, not “{value}”."
    ]
    assert [error.code for error in raised.value.error_list] == [code]
    assert Review.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_review_submit_lists_every_value_that_is_not_a_score(panel):
    nomination, member, _, criteria = panel
    before = a_stored_draft(nomination, member, criteria)

    with pytest.raises(ValidationError) as raised:
        submit(nomination, member, full(criteria, overall="²", scores=("0", "abc")), revision=1)

    assert raised.value.messages == [
        "The overall score must be a whole number from 1 to 9, not “²”.",
        "The score for “Criterion 1” must be a whole number from 1 to 9, not “0”.",
        "The score for “Criterion 2” must be a whole number from 1 to 9, not “abc”.",
    ]
    assert stored(Review.objects.get()) == before
    assert (ReviewVersion.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.parametrize("scores", ["²", ["²"], 5])
@pytest.mark.parametrize("action", ["save", "submit"])
def test_review_criterion_scores_that_are_not_a_mapping_raise_validation_error(
    panel, action, scores
):
    nomination, member, _, _ = panel

    with pytest.raises(ValidationError) as raised:
        (save if action == "save" else submit)(
            nomination, member, {"overall": 3, "criterion_scores": scores}
        )

    assert raised.value.messages == [
        f"The criterion scores must map criteria to scores, not “{scores}”."
    ]
    assert [error.code for error in raised.value.error_list] == ["not_a_mapping"]
    assert (Review.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.parametrize("key", ["²", 1.5, True, "+1"])
def test_review_criterion_key_that_is_not_an_id_raises_validation_error(panel, key):
    nomination, member, _, _ = panel

    with pytest.raises(ValidationError) as raised:
        save(nomination, member, {"criterion_scores": {key: 3}})

    assert raised.value.messages == [f"There is no criterion {key} in this cycle’s rubric."]
    assert [error.code for error in raised.value.error_list] == ["unknown_criterion"]
    assert Review.objects.count() == 0


def test_review_save_draft_criterion_of_another_cycle_refused(panel):
    nomination, member, _, _ = panel
    other = factories.review_cycle(nominations=0, panelists=0, criteria=1)
    foreign = other.rubric_criteria.get().pk

    with pytest.raises(InvalidInput):
        save(nomination, member, {"criterion_scores": {foreign: 3}})

    assert Review.objects.count() == 0


def test_review_submit_creates_version_1_and_one_audit_event(panel):
    nomination, member, _, criteria = panel
    save(nomination, member, {"overall": 5})

    review = submit(nomination, member, full(criteria), revision=1)

    review.refresh_from_db()
    assert (review.state, review.revision, review.overall) == ("submitted", 2, 3)
    assert review.submitted_at is not None
    version = review.versions.get()
    assert version.number == 1
    assert {key: version.snapshot[key] for key in version.snapshot if key != "submitted_at"} == {
        "overall": 3,
        "criterion_scores": {str(criteria[0]): 2, str(criteria[1]): 4},
        "strengths": "Strong evidence.",
        "weaknesses": "",
    }
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.from_state, event.to_state, event.object_id) == (
        "review.submit",
        member.user,
        "draft",
        "submitted",
        str(review.pk),
    )
    assert event.data == {
        "nomination": nomination.pk,
        "version": 1,
        "overall": 3,
        "criterion_scores": {str(criteria[0]): 2, str(criteria[1]): 4},
    }


def test_review_submit_without_a_draft_creates_the_review(panel):
    nomination, member, _, criteria = panel

    review = submit(nomination, member, full(criteria), revision=0)

    assert (review.state, review.revision, review.versions.count()) == ("submitted", 1, 1)


def test_review_submit_missing_scores_lists_them_and_changes_nothing(panel):
    nomination, member, _, criteria = panel
    save(nomination, member, {"overall": 5})

    with pytest.raises(InvalidInput) as raised:
        submit(
            nomination,
            member,
            {"overall": None, "criterion_scores": {criteria[0]: 2}},
            revision=1,
        )

    assert raised.value.problems == [
        "“Criterion 2” has no score.",
        "The overall score is missing.",
    ]
    review = Review.objects.get()
    assert (review.state, review.revision, review.overall, review.criterion_scores) == (
        "draft",
        1,
        5,
        {},
    )
    assert AuditEvent.objects.count() == 0
    assert ReviewVersion.objects.count() == 0


def test_review_submit_again_with_changes_creates_version_2(panel):
    nomination, member, _, criteria = panel
    submit(nomination, member, full(criteria), revision=0)

    review = submit(
        nomination, member, full(criteria, overall=2, weaknesses="Thin budget."), revision=1
    )

    assert (review.state, review.revision, review.overall) == ("submitted", 2, 2)
    versions = list(review.versions.order_by("number"))
    assert [(v.number, v.snapshot["overall"], v.snapshot["weaknesses"]) for v in versions] == [
        (1, 3, ""),
        (2, 2, "Thin budget."),
    ]
    assert [(e.action, e.from_state, e.data["version"]) for e in AuditEvent.objects.all()] == [
        ("review.submit", "draft", 1),
        ("review.submit", "submitted", 2),
    ]


def test_review_submit_again_without_changes_refused(panel):
    nomination, member, _, criteria = panel
    submit(nomination, member, full(criteria), revision=0)

    with pytest.raises(InvalidInput) as raised:
        submit(nomination, member, full(criteria), revision=1)

    assert raised.value.message == (
        "Nothing has changed since you submitted version 1, so there is nothing new to submit."
    )
    assert ReviewVersion.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_review_submit_stale_revision_conflicts(panel):
    nomination, member, _, criteria = panel
    submit(nomination, member, full(criteria), revision=0)

    with pytest.raises(ConflictError):
        submit(nomination, member, full(criteria, overall=8), revision=0)

    assert Review.objects.get().overall == 3
    assert ReviewVersion.objects.count() == 1


def test_review_submit_right_after_the_same_pages_autosave_is_not_stale(panel):
    # Typing, then clicking Submit at once: the autosave on leaving the text box lands
    # first, and the click's request still carries the revision from before it.
    nomination, member, _, criteria = panel
    save(nomination, member, {"overall": 3}, revision=0, page="tab-a")
    save(nomination, member, {"strengths": "Strong"}, revision=1, page="tab-a")

    submit(
        nomination, member, full(criteria, strengths="Strong evidence."), revision=1, page="tab-a"
    )

    review = Review.objects.get()
    assert (review.state, review.strengths, review.revision) == (
        ReviewState.SUBMITTED,
        "Strong evidence.",
        3,
    )


def test_review_save_from_another_page_after_a_newer_save_conflicts(panel):
    nomination, member, _, _ = panel
    save(nomination, member, {"overall": 3}, revision=0, page="tab-a")
    save(nomination, member, {"overall": 4}, revision=1, page="tab-b")

    with pytest.raises(ConflictError):
        save(nomination, member, {"overall": 8}, revision=1, page="tab-a")

    assert (Review.objects.get().overall, Review.objects.get().editor_page) == (4, "tab-b")


def test_review_save_draft_after_submit_refused(panel):
    nomination, member, _, criteria = panel
    submit(nomination, member, full(criteria), revision=0)

    with pytest.raises(IllegalTransition):
        save(nomination, member, {"overall": 9}, revision=1)

    review = Review.objects.get()
    assert (review.overall, review.revision, review.state) == (3, 1, "submitted")


@pytest.mark.parametrize(
    ("cycle_state", "nomination_state"),
    [
        (CycleState.SELECTION, NominationState.IN_REVIEW),
        (CycleState.REVIEW, NominationState.SHORTLISTED),
    ],
)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_review_no_change_once_review_is_over(panel, cycle_state, nomination_state, action):
    nomination, member, _, criteria = panel
    submit(nomination, member, full(criteria), revision=0)
    Cycle.objects.filter(pk=nomination.cycle_id).update(state=cycle_state)
    Nomination.objects.filter(pk=nomination.pk).update(state=nomination_state)
    nomination.refresh_from_db()
    events = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition):
        (save if action == "save" else submit)(
            nomination, member, full(criteria, overall=9), revision=1
        )

    assert Review.objects.get().overall == 3
    assert ReviewVersion.objects.count() == 1
    assert AuditEvent.objects.count() == events


def seat_variant(nomination, member, variant):
    """Make `member` unable to score `nomination` in the way `variant` names."""
    now = timezone.now()
    if variant == "unassigned":
        Assignment.objects.filter(member=member).delete()
    elif variant == "declined":
        Assignment.objects.filter(member=member).update(declined_at=now, decline_reason="Busy")
    elif variant == "conflicted":
        factories.conflict(nomination, member, status=ConflictStatus.CONFIRMED)
    elif variant == "removed":
        type(member).objects.filter(pk=member.pk).update(removed_at=now)
    elif variant == "unattested":
        type(member).objects.filter(pk=member.pk).update(attested_at=None)
    member.refresh_from_db()


@pytest.mark.parametrize(
    "variant", ["unassigned", "declined", "conflicted", "removed", "unattested"]
)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_review_panelist_who_cannot_score_refused(panel, variant, action):
    nomination, member, _, criteria = panel
    seat_variant(nomination, member, variant)

    with pytest.raises(NotPermitted):
        (save if action == "save" else submit)(nomination, member, full(criteria))

    assert Review.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("action", ["save", "submit"])
def test_review_refused_to_the_panelist_is_recorded_by_the_service_but_not_a_bad_value(
    panel, action
):
    nomination, member, _, criteria = panel
    seat_variant(nomination, member, "declined")
    write = save if action == "save" else submit

    with recording_refusals():
        with pytest.raises(InvalidInput):
            write(nomination, member, {"overall": "eleven"})
        with pytest.raises(NotPermitted) as raised:
            write(nomination, member, full(criteria))

    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "review.denied",
        "denied",
        member.user,
        str(nomination.pk),
    )
    assert (event.note, event.data) == (raised.value.message, {"submit": action == "submit"})


def test_review_someone_else_using_a_seat_refused(panel):
    nomination, member, other, criteria = panel

    with pytest.raises(NotPermitted):
        save(nomination, member, full(criteria), actor=other.user)

    assert Review.objects.count() == 0


def test_review_seat_on_another_panel_refused(panel):
    nomination, _, _, criteria = panel
    elsewhere = factories.review_cycle(nominations=1, panelists=1)
    foreign_seat = elsewhere.panel.members.get()

    with pytest.raises(NotPermitted):
        submit(nomination, foreign_seat, full(criteria), revision=0)

    assert Review.objects.count() == 0


@pytest.mark.parametrize("variant", ["removed", "unattested"])
def test_review_seat_is_read_again_under_the_lock(panel, variant):
    """A seat object loaded before staff removed it (or before anything changed it) does
    not let a submission through: the service reads the seat under the panel's locks."""
    nomination, member, _, criteria = panel
    stale = type(member).objects.select_related("panel", "user").get(pk=member.pk)
    seat_variant(nomination, member, variant)
    assert stale.removed_at is None and stale.attested_at is not None

    with pytest.raises(NotPermitted):
        submit(nomination, stale, full(criteria))

    assert Review.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_review_cycle_is_read_again_under_the_lock(panel):
    nomination, member, _, criteria = panel
    stale = Nomination.objects.select_related("cycle").get(pk=nomination.pk)
    Cycle.objects.filter(pk=nomination.cycle_id).update(state=CycleState.SELECTION)

    with pytest.raises(IllegalTransition):
        submit(stale, member, full(criteria))

    assert Review.objects.count() == 0
