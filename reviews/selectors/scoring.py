"""Reads for the scoring page: a nomination as the panel sees it, the reviews a viewer
may see, and the discussion.

The page costs the same number of queries whatever the number of criteria, files,
reviews and comments: each kind of row comes in one query (see `scoring_page`).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from accounts.roles import Role
from accounts.rules import is_award_staff
from nominations.domain.fields import SummarySection
from nominations.models import Attachment, EndorsementRequest, Nomination, RubricCriterion
from nominations.selectors.nominator import nomination_summary
from nominations.states import EndorsementState
from reviews import rules
from reviews.domain.scale import SCORE_DESCRIPTORS
from reviews.models import Assignment, Comment, Conflict, Panel, PanelMember, Review, ReviewVersion
from reviews.selectors.blind import (
    attachment_label,
    hidden_summary_rows,
    letter_label,
    sees_blind,
)
from reviews.states import BLOCKING_STATUSES

NOMINATOR_SECTION = "section-nominator"
NOMINEE_SECTION = "section-nominee"
CITATION_SECTION = "section-citation"


def nomination_for_panel(*, pk: int) -> Nomination:
    """The nomination with its cycle, program, panel, nominee and nominator, or 404."""
    nomination = (
        Nomination.objects.select_related("cycle__program", "cycle__panel", "nominee", "nominator")
        .filter(pk=pk)
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


def panel_of_nomination(nomination: Nomination) -> Panel | None:
    try:
        return nomination.cycle.panel
    except Panel.DoesNotExist:
        return None


@dataclass(frozen=True)
class PanelAccess:
    """What the viewer is to this nomination: staff, a seat that may open it, or neither."""

    is_staff: bool
    seat: PanelMember | None
    may_open: bool


def panel_access(*, user, nomination: Nomination) -> PanelAccess:
    """Two queries at most: the seat, then whether a blocking conflict stands."""
    if is_award_staff(user):
        return PanelAccess(
            is_staff=True,
            seat=rules.seat_for(user, nomination.cycle),
            may_open=rules.can_handle_panel_nomination(user, nomination),
        )
    seat = rules.seat_for(user, nomination.cycle)
    may_open = seat is not None and rules.can_open_nomination(user, nomination, seat=seat)
    return PanelAccess(is_staff=False, seat=seat, may_open=may_open)


@dataclass
class ReviewShown:
    """Another panelist's submitted review as the viewer may see it."""

    label: str
    review: Review
    scores: list[tuple[RubricCriterion, str]]
    notes: list[str] = field(default_factory=list)


@dataclass
class ScoringPage:
    nomination: Nomination
    panel: Panel | None
    access: PanelAccess
    blind: bool
    sections: list[SummarySection]
    criteria: list[RubricCriterion]
    attachments: list[Attachment]
    letters: list[EndorsementRequest]
    review: Review | None
    versions: list[ReviewVersion]
    score_blocker: str
    other_reviews: list[ReviewShown]
    others_notice: str
    comments: list[Comment]
    can_comment: bool
    can_declare_conflict: bool = False

    @property
    def can_score(self) -> bool:
        return self.access.seat is not None and not self.score_blocker

    @property
    def my_scores(self) -> list[tuple[RubricCriterion, str]]:
        return _scores_of(self.review, self.criteria) if self.review else []


def review_state(nomination: Nomination, seat: PanelMember) -> str | None:
    """The state of the seat's review of the nomination (draft, submitted), or None."""
    return (
        Review.objects.filter(nomination=nomination, member=seat)
        .values_list("state", flat=True)
        .first()
    )


def scoring_page(*, user, nomination: Nomination, access: PanelAccess) -> ScoringPage:
    """Everything the scoring page shows `user`, who may open the nomination.

    Queries: criteria, files, letter requests, the seat's assignment, the reviews with
    their panelists, the blocking conflicts, the viewer's versions, the comments with
    their authors and the authors' roles: nine, whatever the sizes.
    """
    panel = panel_of_nomination(nomination)
    blind = sees_blind(user, panel)
    criteria = list(RubricCriterion.objects.filter(cycle_id=nomination.cycle_id))
    seat = access.seat
    assignment = (
        Assignment.objects.filter(member=seat, nomination=nomination).first() if seat else None
    )
    reviews = list(
        Review.objects.filter(nomination=nomination)
        .select_related("member__user")
        .order_by("member_id")
    )
    mine = next((r for r in reviews if seat and r.member_id == seat.pk), None)
    versions = list(ReviewVersion.objects.filter(review=mine).order_by("number")) if mine else []
    blocked = set(
        Conflict.objects.filter(nomination=nomination, status__in=BLOCKING_STATUSES).values_list(
            "member_id", flat=True
        )
    )
    others, notice = _reviews_shown(
        reviews,
        mine=mine,
        criteria=criteria,
        blocked=blocked,
        panel=panel,
        is_staff=access.is_staff,
    )
    may_comment = rules.can_comment(user, nomination, may_open=access.may_open)
    return ScoringPage(
        nomination=nomination,
        panel=panel,
        access=access,
        blind=blind,
        sections=panel_summary(nomination, blind=blind, is_staff=access.is_staff),
        criteria=criteria,
        attachments=_attachments(nomination, blind=blind),
        letters=_letters(nomination, blind=blind),
        review=mine,
        versions=versions,
        score_blocker=rules.scoring_blocker(
            nomination=nomination,
            seat=seat,
            assigned=assignment is not None,
            declined=bool(assignment and assignment.declined_at),
        ),
        other_reviews=others,
        others_notice=notice,
        comments=discussion_comments(user=user, nomination=nomination, may_comment=may_comment),
        can_comment=may_comment,
        can_declare_conflict=not access.is_staff
        and rules.can_declare_conflict(user, nomination, seat=seat),
    )


def panel_summary(nomination: Nomination, *, blind: bool, is_staff: bool) -> list[SummarySection]:
    """The nomination as the nominator entered it, in the panel's words.

    With a blind review the nominator's section is left out altogether (name, title,
    organization, phone, email), and so is the nominee's contact when it is the
    nominator (`reviews.selectors.blind`). Panelists never see whom the nominator asked
    to keep off the panel: that list is for staff deciding conflicts.
    """
    hidden = hidden_summary_rows(nomination, blind=blind)
    sections = []
    for section in nomination_summary(nomination=nomination):
        if section.anchor == NOMINATOR_SECTION:
            if blind:
                continue
            section = SummarySection(section.anchor, "The nominator", section.rows)
        if section.anchor == NOMINEE_SECTION and hidden:
            rows = [row for row in section.rows if row.field not in hidden]
            section = SummarySection(section.anchor, section.heading, rows)
        if section.anchor == CITATION_SECTION and not is_staff:
            rows = [row for row in section.rows if row.field != "excluded_reviewers"]
            section = SummarySection(section.anchor, "Suggested citation", rows)
        sections.append(section)
    return sections


def discussion_comments(*, user, nomination: Nomination, may_comment: bool) -> list[Comment]:
    """The comments, oldest first, each with `author_is_staff` and `editable` set.

    Two queries: the comments with their authors, and the authors' role groups.
    """
    now = timezone.now()
    comments = list(
        Comment.objects.filter(nomination=nomination)
        .select_related("author")
        .prefetch_related(Prefetch("author__groups"))
        .order_by("created_at", "pk")
    )
    for comment in comments:
        annotate_comment(comment, user=user, may_comment=may_comment, now=now)
    return comments


def annotate_comment(comment: Comment, *, user, may_comment: bool, now: datetime | None = None):
    """Set what the comment partial reads: `author_is_staff` (the author's groups must be
    prefetched or they cost a query) and `editable`."""
    comment.author_is_staff = any(g.name == Role.AWARD_STAFF for g in comment.author.groups.all())
    comment.editable = may_comment and rules.can_edit_comment(user, comment, now=now)
    return comment


def _attachments(nomination: Nomination, *, blind: bool) -> list[Attachment]:
    """The attachments in upload order, each with its `position` and the `label` it is
    listed under (the uploaded name, or "Attachment 2" for a blind viewer)."""
    attachments = list(
        Attachment.objects.filter(nomination=nomination).order_by("uploaded_at", "pk")
    )
    for position, item in enumerate(attachments, start=1):
        item.position = position
        item.label = attachment_label(item, blind=blind)
    return attachments


def _letters(nomination: Nomination, *, blind: bool) -> list[EndorsementRequest]:
    """The letters received while the nomination was vetted, each with its position
    among all the nomination's requests (the number its download name carries, as on the
    nominator's and staff pages) and its `label` ("Letter from <endorser>", or "Letter 2"
    for a blind viewer)."""
    requests = EndorsementRequest.objects.filter(nomination=nomination).order_by("created_at", "pk")
    letters = []
    for position, item in enumerate(requests, start=1):
        if (
            item.state == EndorsementState.RECEIVED
            and item.letter
            and not item.received_after_vetting
        ):
            item.position = position
            item.label = letter_label(item, blind=blind)
            letters.append(item)
    return letters


def score_label(score: int | None) -> str:
    """ "3 – Excellent", or "" for no score."""
    return f"{score} – {SCORE_DESCRIPTORS[score]}" if score in SCORE_DESCRIPTORS else ""


def _scores_of(review: Review, criteria: list[RubricCriterion]) -> list[tuple]:
    """(criterion, score label) pairs in the rubric's order."""
    return [
        (criterion, score_label(review.criterion_scores.get(str(criterion.pk))))
        for criterion in criteria
    ]


def _reviews_shown(
    reviews: list[Review],
    *,
    mine: Review | None,
    criteria: list[RubricCriterion],
    blocked: set[int],
    panel: Panel | None,
    is_staff: bool,
) -> tuple[list[ReviewShown], str]:
    """Other panelists' submitted reviews the viewer may see, and a notice when hidden.

    Staff see every submitted review with the panelist's name, marked when the panelist
    has since been removed or is conflicted. A panelist sees none before submitting their
    own, and after only when the panel shows scores after submit; then the others are
    "Reviewer 1", "Reviewer 2", … (in seat order), leaving out conflicted panelists.
    """
    submitted = [r for r in reviews if r.is_submitted and r is not mine]
    if is_staff:
        shown = []
        for review in [r for r in reviews if r.is_submitted]:
            notes = []
            if review.member.removed_at:
                notes.append("Removed from the panel")
            if review.member_id in blocked:
                notes.append("Conflict of interest: this score does not count")
            shown.append(
                ReviewShown(str(review.member.user), review, _scores_of(review, criteria), notes)
            )
        return shown, "" if shown else "No panelist has submitted a review yet."
    if not (panel and panel.show_scores_after_submit):
        return [], "Panelists do not see each other’s scores in this cycle."
    if mine is None or not mine.is_submitted:
        return [], "You will see the other panelists’ reviews once you have submitted yours."
    visible = [r for r in submitted if r.member_id not in blocked]
    shown = [
        ReviewShown(
            f"Reviewer {number}",
            review,
            _scores_of(review, criteria),
            ["No longer on the panel"] if review.member.removed_at else [],
        )
        for number, review in enumerate(visible, start=1)
    ]
    return shown, "" if shown else "No other panelist has submitted a review yet."
