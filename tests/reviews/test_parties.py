"""A person is never on both sides of a nomination.

A nominator invited onto the panel, a panelist who is the nominee's contact or an
endorser, and a member of staff who made or is named in a nomination: each is refused
every panel page, file, discussion, assignment, score and result of it, through the
ordinary views, and the refusal is audited; nothing changes.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import Attachment, NomineeKind
from reviews.models import Assignment, Comment, Conflict, Review
from reviews.selectors.assignments import plan_preview
from reviews.selectors.results import PARTY, results_hidden_from
from reviews.services.attestation import attestation_sign
from reviews.services.conflicts import conflict_decide, conflicts_suggest
from reviews.states import ConflictKind, ConflictStatus
from tests import factories
from tests.reviews.whole_cycle import results_for_cycle

PDF = b"%PDF-1.4\n% party test\n"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def make_party(nomination, user, how: str) -> None:
    if how == "nominator":
        nomination.nominator = user
        nomination.save()
    elif how == "nominee contact":
        nomination.nominee.contact_email = user.email.upper()
        nomination.nominee.save()
    elif how == "endorser":
        factories.letter_request(nomination, email=user.email)
    elif how == "nominee":
        nomination.nominee.kind = NomineeKind.INDIVIDUAL
        nomination.nominee.full_name = user.full_name
        nomination.nominee.save()


WAYS = ["nominator", "nominee contact", "endorser", "nominee"]


@pytest.fixture
def cycle():
    """Two nominations in review; three signed panelists assigned to both."""
    return factories.review_cycle(nominations=2, panelists=3, criteria=1)


def denied(action: str) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(outcome="denied", action=action).values_list(
            "action", "object_id"
        )
    )


@pytest.mark.parametrize("how", WAYS)
def test_panelist_party_refused_page_files_and_discussion(client, cycle, how):
    nomination, _ = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    make_party(nomination, member.user, how)
    attachment = Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(PDF, name="evidence.pdf"),
        original_name="evidence.pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=nomination.nominator,
    )
    client.force_login(member.user)

    page = client.get(reverse("reviews:review_nomination", args=[nomination.pk]))
    file = client.get(reverse("reviews:panel_attachment", args=[nomination.pk, attachment.pk]))
    comment = client.post(
        reverse("reviews:comment_add", args=[nomination.pk]), {"body": "Strong nomination."}
    )
    score = client.post(
        reverse("reviews:review_nomination", args=[nomination.pk]),
        {"revision": "0", "overall": "1", "submit": "1"},
    )

    assert [page.status_code, file.status_code, comment.status_code, score.status_code] == [
        403,
        403,
        403,
        403,
    ]
    assert "You are a party to this nomination" in page.content.decode()
    assert nomination.nominee.display_name not in page.content.decode()
    assert denied("panel.access_denied") == [("panel.access_denied", str(nomination.pk))] * 4
    assert Comment.objects.count() == 0
    assert Review.objects.filter(member=member).count() == 0


@pytest.mark.parametrize("how", WAYS)
def test_staff_cannot_assign_a_party_to_the_nomination(client, cycle, how):
    nomination, _ = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    Assignment.objects.filter(member=member, nomination=nomination).delete()
    make_party(nomination, member.user, how)
    client.force_login(factories.award_staff())

    response = client.post(
        reverse("reviews:assignment_add", args=[cycle.pk]),
        {"nomination": nomination.pk, "member": member.pk},
        follow=True,
    )

    assert "is a party to this nomination" in response.content.decode()
    assert not Assignment.objects.filter(member=member, nomination=nomination).exists()


def test_balanced_plan_never_pairs_a_party(cycle):
    nomination, other = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    Assignment.objects.all().delete()
    make_party(nomination, member.user, "endorser")

    preview = plan_preview(cycle, k=2, cap=None)

    assert (nomination.pk, member.pk) not in preview.plan.new_pairs
    assert (other.pk, member.pk) in preview.plan.new_pairs


def test_check_for_conflicts_records_a_party_conflict_nobody_can_waive(cycle):
    nomination, _ = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    staff = factories.award_staff()
    make_party(nomination, member.user, "nominee contact")
    factories.conflict(nomination, member, status=ConflictStatus.WAIVED)

    conflicts_suggest(cycle=cycle, actor=staff)

    conflict = Conflict.objects.get(nomination=nomination, member=member)
    assert (conflict.status, conflict.kind, conflict.reason) == (
        ConflictStatus.PARTY,
        ConflictKind.PARTY,
        "Their email address is the nominee contact's.",
    )
    event = AuditEvent.objects.get(action="conflict.party")
    assert (event.from_state, event.to_state, event.object_id) == (
        "waived",
        "party",
        str(nomination.pk),
    )
    from core.exceptions import IllegalTransition

    with pytest.raises(IllegalTransition):
        conflict_decide(conflict=conflict, actor=staff, decision="waive", reason="Fine.")
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.PARTY


def test_a_partys_submitted_score_never_counts_once_recorded(cycle):
    nomination, _ = cycle.nominations.order_by("pk")
    members = list(cycle.panel.members.order_by("pk"))
    for member, overall in zip(members, [1, 5, 5], strict=True):
        factories.review_of(nomination, member, overall=overall)
    make_party(nomination, members[0].user, "nominator")

    conflicts_suggest(cycle=cycle, actor=factories.award_staff())

    row = next(r for r in results_for_cycle(cycle).rows if r.nomination_id == nomination.pk)
    assert (row.reviews_counted, row.score) == (2, 50)


def test_signing_the_attestation_records_the_seats_party_conflicts(cycle):
    nomination, _ = cycle.nominations.order_by("pk")
    seat = factories.seat(cycle, attested=False)
    make_party(nomination, seat.user, "endorser")

    attestation_sign(member=seat, actor=seat.user, typed_name=seat.user.full_name, agreed=True)

    assert Conflict.objects.get(member=seat).status == ConflictStatus.PARTY


def test_name_matching_suggests_a_panelist_named_like_the_nominators_people(cycle):
    nomination, _ = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    member.user.email = "ana@gmail.com"
    member.user.full_name = "Ruiz, Ana"
    member.user.save()

    conflicts_suggest(cycle=cycle, actor=factories.award_staff())

    suggested = Conflict.objects.filter(member=member, status=ConflictStatus.SUGGESTED)
    # The factories' nominee contact is "Ana Ruiz" on every nomination.
    assert sorted(c.nomination_id for c in suggested) == sorted(
        cycle.nominations.values_list("pk", flat=True)
    )
    assert "Their full name is that of the nominee contact." in suggested.first().reason


# -- staff who are a party ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["nominator", "nominee contact", "endorser"])
def test_staff_party_refused_panel_data_and_actions_and_audited(client, cycle, how):
    nomination, other = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    staff = factories.award_staff()
    make_party(nomination, staff, how)
    conflict = factories.conflict(nomination, member, status=ConflictStatus.DECLARED)
    assignment = Assignment.objects.get(member=member, nomination=other)
    mine = Assignment.objects.get(member=member, nomination=nomination)
    client.force_login(staff)

    page = client.get(reverse("reviews:review_nomination", args=[nomination.pk]))
    decide_page = client.get(
        reverse("reviews:conflict_decide", args=[conflict.pk]), {"decision": "waive"}
    )
    decide = client.post(
        reverse("reviews:conflict_decide", args=[conflict.pk]),
        {"decision": "waive", "reason": "Fine.", "seen_status": "declared"},
    )
    remove_page = client.get(reverse("reviews:assignment_remove", args=[mine.pk]))
    remove = client.post(reverse("reviews:assignment_remove", args=[mine.pk]))
    add = client.post(
        reverse("reviews:assignment_add", args=[cycle.pk]),
        {"nomination": nomination.pk, "member": factories.seat(cycle).pk},
        follow=True,
    )

    statuses = [r.status_code for r in (page, decide_page, decide, remove_page, remove)]
    assert statuses == [403] * 5
    for response in (page, decide_page, decide, remove_page, remove):
        assert "You are a party to this nomination" in response.content.decode()
    assert "another member of award staff assigns its panelists" in add.content.decode()
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.DECLARED
    assert Assignment.objects.filter(pk=mine.pk).exists()
    assert Assignment.objects.filter(nomination=nomination).count() == 3
    assert (
        sorted(AuditEvent.objects.filter(outcome="denied").values_list("action", flat=True))
        == ["assignment.denied"] + ["panel.access_denied"] * 5
    )
    # Another nomination of the same cycle is theirs to handle.
    assert client.get(reverse("reviews:review_nomination", args=[other.pk])).status_code == 200
    assert assignment.pk


def test_results_withhold_a_staff_partys_own_nomination(cycle):
    nomination, other = cycle.nominations.order_by("pk")
    for member in cycle.panel.members.all():
        factories.review_of(nomination, member, overall=2)
        factories.review_of(other, member, overall=4)
    staff = factories.award_staff()
    make_party(nomination, staff, "nominee contact")

    hidden = results_hidden_from(user=staff, cycle=cycle)
    rows = {row.nomination_id: row for row in results_for_cycle(cycle, hidden=hidden).rows}

    assert hidden == {nomination.pk: PARTY}
    assert (rows[nomination.pk].score, rows[nomination.pk].reviews) == (None, ())
    assert rows[nomination.pk].withheld_note == "withheld: you are a party to this nomination"
    assert rows[other.pk].score is not None
    assert results_hidden_from(user=factories.award_staff(), cycle=cycle) == {}


def test_staff_party_cannot_remove_a_panelist_who_reviews_their_nomination(client, cycle):
    nomination, _ = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    staff = factories.award_staff()
    make_party(nomination, staff, "endorser")
    client.force_login(staff)
    url = reverse("reviews:member_remove", args=[cycle.pk, member.pk])

    response = client.post(url, {"reason": "Gave my nomination a low score."})

    assert "which this panelist reviews, so another member of award staff decides" in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.removed_at is None
    assert list(AuditEvent.objects.filter(outcome="denied").values_list("action", "object_id")) == [
        ("panel.member_remove", str(member.pk))
    ]


def test_staff_party_sees_no_assignments_or_conflicts_of_their_nomination(client, cycle):
    nomination, other = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    factories.conflict(nomination, member, reason="My old employer, Harbor House.")
    factories.conflict(other, member, reason="My cousin runs it.")
    staff = factories.award_staff()
    make_party(nomination, staff, "nominator")
    client.force_login(staff)

    overview = client.get(reverse("reviews:assignment_overview", args=[cycle.pk]))
    conflicts = client.get(reverse("reviews:conflict_list", args=[cycle.pk]))

    rows = {row.nomination.pk: row for row in overview.context["overview"].rows}
    assert (rows[nomination.pk].withheld, rows[nomination.pk].cells) == (True, [])
    assert (rows[other.pk].withheld, len(rows[other.pk].cells)) == (False, 3)
    assert "You are a party to this nomination, so its reviewers are not shown to you" in (
        overview.content.decode()
    )
    body = conflicts.content.decode()
    assert "My cousin runs it." in body
    assert "My old employer, Harbor House." not in body
    assert "You are a party to 1 nomination of this cycle" in body


def test_assignment_overview_never_offers_a_party_to_fill_a_gap(client, cycle):
    nomination, _ = cycle.nominations.order_by("pk")
    first, *_ = cycle.panel.members.order_by("pk")
    Assignment.objects.filter(nomination=nomination).delete()
    make_party(nomination, first.user, "nominee contact")
    client.force_login(factories.award_staff())

    overview = client.get(reverse("reviews:assignment_overview", args=[cycle.pk]))

    row = next(r for r in overview.context["overview"].rows if r.nomination.pk == nomination.pk)
    assert first not in [member for member, _ in row.eligible]
    assert len(row.eligible) == 2


def test_panelists_list_marks_the_nomination_they_are_a_party_to(client, cycle):
    nomination, other = cycle.nominations.order_by("pk")
    member = cycle.panel.members.order_by("pk").first()
    make_party(nomination, member.user, "endorser")
    client.force_login(member.user)

    response = client.get(reverse("reviews:panel_nominations", args=[cycle.panel.pk]))

    listed = {n.pk: n for n in response.context["nominations"]}
    assert (listed[nomination.pk].conflict_status, listed[nomination.pk].conflict_blocks) == (
        ConflictStatus.PARTY,
        True,
    )
    assert listed[other.pk].conflict_blocks is False
    assert "You are a party to this nomination" in response.content.decode()
