import pytest

from core.audit_context import recording_refusals
from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import Citation
from nominations.states import NominationState
from selection.services.citations import citation_add, citation_approve, citation_writing_check
from tests.factories import award_staff, nomination_in

S = NominationState
SHORT = "for its innovative and holistic approach to the care and wellbeing of victims"


@pytest.mark.django_db
def test_citation_add_stores_numbered_versions_and_audits_each(staff):
    nomination = nomination_in(S.SELECTED)

    first = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    second = citation_add(nomination=nomination, kind="short", text=f"  {SHORT}  ", actor=staff)
    full = citation_add(nomination=nomination, kind="full", text=SHORT, actor=staff)

    assert [(c.kind, c.version) for c in (first, second, full)] == [
        ("short", 1),
        ("short", 2),
        ("full", 1),
    ]
    assert second.text == SHORT
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["citation.add"] * 3


@pytest.mark.django_db
def test_citation_add_refuses_text_not_in_the_published_form(staff):
    nomination = nomination_in(S.SELECTED)

    with pytest.raises(InvalidInput) as caught:
        citation_add(
            nomination=nomination, kind="short", text="Great work. Truly great.", actor=staff
        )

    assert caught.value.problems == [
        'Start the citation with "for its", "for her", "for his", "for their" '
        'or "in recognition of".',
        'Write the citation as one sentence: a second one starts at "Truly great". Join the '
        "two, or leave the second out.",
    ]
    assert (Citation.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "limit"), [("short", 60), ("full", 80)])
def test_citation_add_enforces_the_word_limit_of_each_kind(staff, kind, limit):
    nomination = nomination_in(S.SELECTED)
    words = "for its " + " ".join(["work"] * (limit - 2))

    citation_add(nomination=nomination, kind=kind, text=words, actor=staff)
    with pytest.raises(InvalidInput) as caught:
        citation_add(nomination=nomination, kind=kind, text=f"{words} more", actor=staff)

    assert caught.value.problems == [f"Shorten the citation to {limit} words or fewer."]


@pytest.mark.django_db
def test_citation_add_by_a_nominator_or_before_the_slate_is_refused(staff):
    selected = nomination_in(S.SELECTED)

    with pytest.raises(NotPermitted):
        citation_add(nomination=selected, kind="short", text=SHORT, actor=selected.nominator)
    with pytest.raises(IllegalTransition):
        citation_add(nomination=nomination_in(S.VETTING), kind="short", text=SHORT, actor=staff)

    assert Citation.objects.count() == 0


@pytest.mark.django_db
def test_citation_approve_marks_the_current_version_approved(staff):
    nomination = nomination_in(S.SELECTED)
    short = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    full = citation_add(nomination=nomination, kind="full", text=SHORT, actor=staff)

    citation_approve(citation=short, actor=staff)
    citation_approve(citation=full, actor=staff)

    short.refresh_from_db()
    assert (short.approved_by, short.approved_at is not None) == (staff, True)
    assert nomination.has_approved_citations()
    assert AuditEvent.objects.filter(action="citation.approve").count() == 2


@pytest.mark.django_db
def test_citation_approve_of_an_old_or_approved_version_is_refused(staff):
    nomination = nomination_in(S.SELECTED)
    old = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    new = citation_add(nomination=nomination, kind="short", text=f"{SHORT} everywhere", actor=staff)
    citation_approve(citation=new, actor=staff)

    with pytest.raises(InvalidInput, match="newer version"):
        citation_approve(citation=old, actor=staff)
    with pytest.raises(InvalidInput, match="already approved"):
        citation_approve(citation=new, actor=staff)
    with pytest.raises(NotPermitted):
        citation_approve(citation=new, actor=nomination.nominator)

    old.refresh_from_db()
    assert old.approved_at is None


@pytest.mark.django_db
def test_citation_add_refuses_a_pronoun_that_does_not_fit_the_nominee(staff):
    nomination = nomination_in(S.SELECTED)  # an organization: "its"

    with pytest.raises(InvalidInput) as caught:
        citation_add(nomination=nomination, kind="full", text="for her courage", actor=staff)

    assert caught.value.problems == [
        'The citation says "for her", but the nominee is referred to as "its": start with '
        '"for its" or "in recognition of".'
    ]
    assert (Citation.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_citation_add_with_an_outdated_expected_version_is_refused(staff):
    nomination = nomination_in(S.SHORTLISTED)
    citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff, expected_version=0)

    with pytest.raises(ConflictError):
        citation_add(
            nomination=nomination,
            kind="short",
            text=f"{SHORT} too",
            actor=staff,
            expected_version=0,
        )

    assert list(Citation.objects.values_list("version", flat=True)) == [1]


@pytest.mark.django_db
def test_citation_add_after_approval_leaves_the_approved_version_unchanged(staff):
    nomination = nomination_in(S.AWARDED)
    approved = citation_approve(
        citation=citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff),
        actor=staff,
    )

    newer = citation_add(nomination=nomination, kind="short", text=f"{SHORT} too", actor=staff)

    stored = Citation.objects.get(pk=approved.pk)
    assert (stored.text, stored.approved_at, stored.version) == (SHORT, approved.approved_at, 1)
    assert (newer.version, newer.approved_at) == (2, None)
    assert not nomination.has_approved_citations()


@pytest.mark.django_db
def test_citation_approve_off_the_slate_is_refused(staff):
    nomination = nomination_in(S.SELECTED)
    citation = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    type(nomination).objects.filter(pk=nomination.pk).update(state=S.NOT_SELECTED)
    nomination.refresh_from_db()
    citation.nomination = nomination

    with pytest.raises(IllegalTransition):
        citation_approve(citation=citation, actor=staff)

    citation.refresh_from_db()
    assert citation.approved_at is None


@pytest.mark.django_db
def test_citation_approve_by_its_writer_is_refused_with_four_eyes(settings, staff):
    settings.AWARDS_CITATION_FOUR_EYES = True
    nomination = nomination_in(S.SELECTED)
    citation = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    other = award_staff()

    with pytest.raises(NotPermitted, match="Another member of staff"):
        citation_approve(citation=citation, actor=staff)
    citation_approve(citation=citation, actor=other)

    citation.refresh_from_db()
    assert citation.approved_by == other


# -- refusals on record --------------------------------------------------------------------


@pytest.mark.django_db
def test_citation_refusals_are_recorded_by_the_services_but_not_typing_mistakes(staff):
    nomination = nomination_in(S.SELECTED)
    old = citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    citation_add(nomination=nomination, kind="short", text=f"{SHORT} too", actor=staff)
    off_the_slate = nomination_in(S.NOT_SELECTED)
    events = AuditEvent.objects.count()

    with recording_refusals():
        with pytest.raises(InvalidInput):
            citation_add(nomination=nomination, kind="short", text="", actor=staff)
        with pytest.raises(ConflictError):
            citation_add(
                nomination=nomination, kind="short", text=SHORT, actor=staff, expected_version=1
            )
        with pytest.raises(InvalidInput):
            citation_approve(citation=old, actor=staff)
        with pytest.raises(IllegalTransition):
            citation_writing_check(nomination=off_the_slate, actor=staff)

    refused = AuditEvent.objects.order_by("pk")[events:]
    assert [(e.action, e.outcome, e.object_id, e.note) for e in refused] == [
        (
            "citation.approve",
            "denied",
            str(nomination.pk),
            "A newer version of this citation exists; approve that one.",
        ),
        (
            "citation.add",
            "denied",
            str(off_the_slate.pk),
            "Citations are written for nominations on the slate or selected, not one that "
            "is not selected.",
        ),
    ]
