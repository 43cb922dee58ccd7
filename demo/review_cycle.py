"""The demo's 2023 cycle, in panel review, built through the real services.

Six nominations were submitted, vetted and cleared; four panelists accepted their
invitations and signed the attestation; one declared a conflict; staff ran the balanced
assignment (3 reviewers per nomination) and started the review. The three other
panelists have submitted every review; the demo panelist (Priya Shah) has submitted
one, left one as a draft and not started the rest, so the dashboard, the results, the
progress page and the reminders all have something to show.
"""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from demo.seeding import demo_cycle, demo_nomination
from nominations.models import AwardProgram, Cycle, Nomination
from nominations.services.cycle import cycle_close, cycle_open, cycle_start_review
from nominations.services.nomination import (
    nomination_clear,
    nomination_start_vetting,
    nomination_submit,
)
from nominations.services.vetting import checklist_record_result
from reviews.models import PanelMember
from reviews.selectors.assignments import plan_preview
from reviews.services.assignments import panel_assign_balanced
from reviews.services.attestation import attestation_sign
from reviews.services.conflicts import conflict_declare
from reviews.services.discussion import comment_add
from reviews.services.invitations import invitation_accept, panel_invite
from reviews.services.panel import panel_member_set_chair, panel_setup, panel_update
from reviews.services.reviews import review_save_draft, review_submit
from reviews.states import ConflictKind

# The other panelists: (email, full name). They sign in with the demo password too.
OTHER_PANELISTS = [
    ("marcus.bell@example.org", "Marcus Bell"),
    ("elena.ortiz@example.org", "Elena Ortiz"),
    ("tom.nakamura@example.org", "Tom Nakamura"),
]
NOMINEES = [
    "Bright Horizons Anti-Trafficking Coalition",
    "Lakeshore Legal Aid Project",
    "Coastal Labor Rights Network",
    "Second Chance Survivor Housing",
    "Heartland Youth Outreach",
    "Fair Harvest Farmworker Alliance",
]
# Scores the three other panelists give, by nominee position: (criteria, overall).
# Lower is better; the spread makes a ranking with one tie and one disagreement.
SCORES = {
    0: ([2, 2, 1, 2], 2),
    1: ([3, 4, 3, 3], 3),
    2: ([4, 3, 4, 4], 4),
    3: ([2, 3, 2, 3], 2),
    4: ([5, 6, 5, 6], 6),
    5: ([3, 2, 3, 3], 3),
}


def seed_review_2023(program: AwardProgram, users: dict[Role, User], *, password: str) -> None:
    """Build the 2023 cycle in panel review, unless it exists already."""
    if Cycle.objects.filter(program=program, award_year=2023).exists():
        return
    staff, nominator = users[Role.AWARD_STAFF], users[Role.NOMINATOR]
    cycle = demo_cycle(program, 2023, opened_days_ago=120)
    cycle_open(cycle=cycle, actor=staff)
    nominations = [demo_nomination(cycle, nominator, name) for name in NOMINEES]
    for nomination in nominations:
        nomination_submit(nomination=nomination, actor=nominator)
    cycle_close(cycle=cycle, actor=staff, note="The call closed.")
    # A cycle can only open with its deadline ahead; the demo's call ran in the past, so
    # its window is moved there, as it would read had it closed at its deadline.
    deadline = timezone.now() - dt.timedelta(days=30)
    Cycle.objects.filter(pk=cycle.pk).update(
        opens_at=deadline - dt.timedelta(days=90), deadline=deadline
    )
    cycle.refresh_from_db()
    required = list(cycle.checklist_items.filter(required=True))
    for nomination in nominations:
        nomination_start_vetting(nomination=nomination, actor=staff)
        for item in required:
            checklist_record_result(nomination=nomination, item=item, actor=staff, result="pass")
        nomination_clear(nomination=nomination, actor=staff)

    members = _panel(cycle, users, staff=staff, password=password)
    conflicted = nominations[4]
    conflict_declare(
        nomination=conflicted,
        member=members[2],
        kind=ConflictKind.ASSOCIATE,
        reason="I served on this organization's advisory board until last year.",
    )
    preview = plan_preview(cycle, k=3, cap=None)
    panel_assign_balanced(
        cycle=cycle, actor=staff, k=3, cap=None, expected_plan_digest=preview.digest
    )
    cycle_start_review(cycle=cycle, actor=staff, note="Panel review opens.")
    _reviews(cycle, members)
    comment_add(
        nomination=Nomination.objects.get(pk=nominations[1].pk),
        actor=staff,
        body="The panel asked about the clinic's caseload: the nominator confirmed 212 "
        "survivors were represented in the performance period.",
    )


def _panel(cycle: Cycle, users: dict[Role, User], *, staff: User, password: str):
    """The panel: the demo panelist and three others, invited, accepted and signed."""
    panel = panel_setup(cycle=cycle, actor=staff)
    panel_update(
        panel=panel,
        actor=staff,
        fields={"review_due": timezone.localdate() + dt.timedelta(days=14)},
    )
    invitees = [(users[Role.PANELIST].email, users[Role.PANELIST].full_name), *OTHER_PANELISTS]
    members = []
    for email, full_name in invitees:
        invitation = panel_invite(panel=panel, actor=staff, email=email, full_name=full_name)
        user = User.objects.filter(email=email).first()
        if user is None:
            member = invitation_accept(
                invitation=invitation, full_name=full_name, password=password
            )
        else:
            member = invitation_accept(invitation=invitation, user=user)
        attestation_sign(member=member, actor=member.user, typed_name=full_name, agreed=True)
        members.append(PanelMember.objects.select_related("user", "panel").get(pk=member.pk))
    panel_member_set_chair(member=members[1], actor=staff, chair=True)
    return members


def _reviews(cycle: Cycle, members: list[PanelMember]) -> None:
    criteria = list(cycle.rubric_criteria.order_by("position").values_list("pk", flat=True))
    order = {
        pk: position
        for position, pk in enumerate(
            Nomination.objects.filter(cycle=cycle).order_by("sequence").values_list("pk", flat=True)
        )
    }
    demo_member, others = members[0], members[1:]
    for shift, member in enumerate(others):
        for assignment in member.assignments.select_related("nomination").order_by("nomination"):
            nomination = assignment.nomination
            scores, overall = SCORES[order[nomination.pk]]
            # Each panelist leans a little: one harsher, one kinder.
            lean = (shift - 1) if order[nomination.pk] != 4 else (2 * shift - 2)
            data = {
                "overall": _clamp(overall + lean),
                "criterion_scores": {
                    str(pk): _clamp(score + lean)
                    for pk, score in zip(criteria, scores, strict=True)
                },
                "strengths": "Documented results for survivors, with partners across the region.",
                "weaknesses": "Little detail on how the work will be sustained.",
            }
            review_submit(
                nomination=nomination, member=member, actor=member.user, data=data, revision=0
            )
    mine = list(demo_member.assignments.select_related("nomination").order_by("nomination"))
    if mine:
        first = mine[0].nomination
        scores, overall = SCORES[order[first.pk]]
        review_submit(
            nomination=first,
            member=demo_member,
            actor=demo_member.user,
            data={
                "overall": overall,
                "criterion_scores": dict(zip(map(str, criteria), scores, strict=True)),
                "strengths": "A survivor-led model others already copy.",
                "weaknesses": "The budget section is thin.",
            },
            revision=0,
        )
    if len(mine) > 1:
        review_save_draft(
            nomination=mine[1].nomination,
            member=demo_member,
            actor=demo_member.user,
            data={"overall": 3, "strengths": "Strong partnerships with prosecutors."},
            revision=0,
        )


def _clamp(score: int) -> int:
    return max(1, min(9, score))
