"""A panelist's review of one nomination: the autosaved draft, and numbered submissions.

`data` is a mapping with any of these keys (absent keys leave the stored value alone):

    {"overall": 3, "criterion_scores": {12: 2, "13": None},
     "strengths": "…", "weaknesses": "…"}

Scores are whole numbers from 1 (exceptional) to 9 (poor); None (or "") clears one.
Criterion keys are the ids of the cycle's rubric criteria, as int or str.

Concurrency: each save raises `Review.revision` by one, and each call says which
revision it started from (0 when the panelist has no review yet). A call from a stale
tab raises ConflictError and saves nothing, so it cannot overwrite newer work. Each page
also sends a random `page` id, stored with every save: a call whose revision is behind
only because the same page saved in between is not stale. That happens when the
panelist types and at once clicks "Submit review": leaving the text box autosaves, and
the click's request, sent a moment later from the same page, carries the revision the
page had before that autosave's answer arrived.

Drafts versus submissions: a draft is saved as the panelist types (autosave) and is
not audited: it is private work in progress that counts for nothing, and recording
every pause in typing would flood the hash-chained log with noise. Each submission
is audited ("review.submit", with its version number and scores) and stored as a
ReviewVersion snapshot, so the log and the versions hold every state that counted.
Once submitted, a review is no longer autosaved: changes take effect only when the
panelist submits them again, which creates the next version; until then the submitted
scores stay as they were. Nothing here can change a review once the cycle leaves
panel review or the nomination leaves "in review".

Locks: every save takes the panel's, the cycle's and the nomination's row locks, in the
global order of `reviews.services.conflicts` ("Lock order"), before the review's row,
and checks the seat, the assignment and any conflict under them. The assignment and
conflict services take the same locks, so a review cannot be submitted while its
assignment is being removed or declined, or a conflict declared: one waits for the
other and then sees what it did.
"""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
)
from core.services.audit import audit_record
from nominations.models import Nomination
from reviews import rules
from reviews.models import PanelMember, Review, ReviewState, ReviewVersion
from reviews.services.conflicts import lock_panel_nomination

TEXT_FIELDS = ("strengths", "weaknesses")
MAX_TEXT_LENGTH = 20_000
STALE_MESSAGE = (
    "This review was changed in another tab or window, so these changes were not saved. "
    "Reload the page to see the latest version."
)


def review_save_draft(
    *,
    nomination: Nomination,
    member: PanelMember,
    actor,
    data: Mapping,
    revision: int,
    page: str = "",
) -> Review:
    """Save `data` into the panelist's draft review, creating it on the first save.

    Changes the Review row (scores, texts, revision + 1). Raises NotPermitted or
    IllegalTransition when the panelist may not score the nomination now, or when the
    review is already submitted (a submitted review changes only by `review_submit`);
    InvalidInput when a value is malformed; ConflictError when `revision` is stale.
    Writes no audit event (see the module docstring) and schedules nothing.
    """
    cleaned = clean_review_data(data, criterion_ids=_criterion_ids(nomination), complete=False)
    with transaction.atomic():
        review = _locked_review(nomination, member, actor, revision, page)
        if review.is_submitted:
            raise IllegalTransition(
                "Your review is already submitted. Change it and choose “Submit changes”."
            )
        _apply(review, cleaned)
        review.revision += 1
        review.save()
    return review


def review_submit(
    *,
    nomination: Nomination,
    member: PanelMember,
    actor,
    data: Mapping,
    revision: int,
    page: str = "",
) -> Review:
    """Save `data` and submit the review: every criterion and the overall must be scored.

    Sets the state to submitted, `submitted_at` to now (the latest submission) and the
    revision + 1; stores ReviewVersion number 1, 2, … with a snapshot of the scores and
    texts; writes one "review.submit" audit event. Raises like `review_save_draft`, and
    InvalidInput listing what is missing, or when nothing changed since the last
    version. Schedules nothing.
    """
    criterion_ids = _criterion_ids(nomination)
    cleaned = clean_review_data(data, criterion_ids=criterion_ids, complete=False)
    with transaction.atomic():
        review = _locked_review(nomination, member, actor, revision, page)
        from_state = review.state
        _apply(review, cleaned)
        missing = missing_scores(review, criterion_ids=criterion_ids)
        if missing:
            raise InvalidInput("Score everything before you submit.", problems=missing)
        review.criterion_scores = {
            key: value
            for key, value in review.criterion_scores.items()
            if int(key) in criterion_ids
        }
        last = review.versions.order_by("-number").first() if review.pk else None
        snapshot = review_snapshot(review)
        if last is not None and _same_content(last.snapshot, snapshot):
            raise InvalidInput(
                f"Nothing has changed since you submitted version {last.number}, so there "
                "is nothing new to submit."
            )
        review.state = ReviewState.SUBMITTED
        review.submitted_at = timezone.now()
        review.revision += 1
        review.save()
        number = (last.number if last else 0) + 1
        ReviewVersion.objects.create(
            review=review,
            number=number,
            snapshot={**snapshot, "submitted_at": review.submitted_at.isoformat()},
        )
        audit_record(
            action="review.submit",
            actor=actor,
            obj=review,
            from_state=from_state,
            to_state=review.state,
            data={
                "nomination": nomination.pk,
                "version": number,
                "overall": review.overall,
                "criterion_scores": review.criterion_scores,
            },
        )
    return review


# -- checks -------------------------------------------------------------------------------


def clean_review_data(data: Mapping, *, criterion_ids: Mapping[int, str], complete: bool) -> dict:
    """`data` with scores as ints (or None) and criterion keys as str; raises InvalidInput
    listing every malformed value. With `complete`, every criterion and the overall must
    be scored too."""
    problems: list[str] = []
    cleaned: dict = {}
    if "overall" in data:
        cleaned["overall"] = _score(data["overall"], "The overall score", problems)
    if "criterion_scores" in data:
        scores = {}
        for key, value in dict(data["criterion_scores"] or {}).items():
            try:
                criterion_id = int(key)
            except (TypeError, ValueError):
                criterion_id = None
            if criterion_id not in criterion_ids:
                problems.append(f"There is no criterion {key} in this cycle’s rubric.")
                continue
            scores[str(criterion_id)] = _score(value, f"Criterion {key}", problems)
        cleaned["criterion_scores"] = scores
    for field in TEXT_FIELDS:
        if field in data:
            text = str(data[field] or "").strip()
            if len(text) > MAX_TEXT_LENGTH:
                problems.append(f"The {field} may be at most {MAX_TEXT_LENGTH:,} characters.")
            cleaned[field] = text
    if complete and not problems:
        draft = Review(
            overall=cleaned.get("overall"),
            criterion_scores={k: v for k, v in cleaned.get("criterion_scores", {}).items() if v},
        )
        problems = missing_scores(draft, criterion_ids=criterion_ids)
    if problems:
        raise InvalidInput(problems[0], problems=problems)
    return cleaned


def missing_scores(review: Review, *, criterion_ids: Mapping[int, str]) -> list[str]:
    """What a submission still needs, in the rubric's order."""
    missing = [
        f"“{name}” has no score."
        for pk, name in criterion_ids.items()
        if not review.criterion_scores.get(str(pk))
    ]
    if review.overall is None:
        missing.append("The overall score is missing.")
    return missing


def _score(value, label: str, problems: list[str]) -> int | None:
    if value is None or value == "":
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= 9:
        problems.append(f"{label} must be a whole number from 1 to 9, not “{value}”.")
        return None
    return number


def _criterion_ids(nomination: Nomination) -> dict[int, str]:
    """The rubric's criteria, id to name, in the rubric's order."""
    return dict(
        nomination.cycle.rubric_criteria.order_by("position", "pk").values_list("pk", "name")
    )


def _locked_review(
    nomination: Nomination, member: PanelMember, actor, revision: int, page: str
) -> Review:
    """The member's review under a row lock (a new, saved one at revision 0), after
    checking, on the seat, nomination and cycle re-read under the panel's locks, that
    they may score it now."""
    _panel, locked = lock_panel_nomination(nomination)
    member = PanelMember.objects.select_related("panel").get(pk=member.pk)
    _check_may_score(locked, member, actor)
    review = (
        Review.objects.select_for_update(no_key=True)
        .filter(nomination=locked, member=member)
        .first()
    )
    if review is None:
        if revision != 0:
            raise ConflictError(STALE_MESSAGE)
        review = Review(nomination=locked, member=member, revision=0, editor_page=page)
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError as error:  # another tab created it a moment ago
            raise ConflictError(STALE_MESSAGE) from error
        return review
    if review.revision != revision and not (page and review.editor_page == page):
        raise ConflictError(STALE_MESSAGE)
    review.editor_page = page
    return review


def _check_may_score(nomination: Nomination, member: PanelMember, actor) -> None:
    if member.user_id != actor.pk:
        raise NotPermitted("Only the panelist can change their own review.")
    if member.removed_at is not None or member.panel.cycle_id != nomination.cycle_id:
        raise NotPermitted("You no longer have a seat on this nomination’s panel.")
    if (
        nomination.cycle.state != rules.SCORING_CYCLE_STATE
        or nomination.state != rules.SCORING_NOMINATION_STATE
    ):
        raise IllegalTransition(
            "The panel review of this nomination is closed, so reviews cannot be changed."
        )
    reason = rules.why_cannot_score(actor, nomination, seat=member)
    if reason:
        raise NotPermitted(reason)


def _apply(review: Review, cleaned: dict) -> None:
    if "overall" in cleaned:
        review.overall = cleaned["overall"]
    scores = dict(review.criterion_scores)
    for key, value in cleaned.get("criterion_scores", {}).items():
        if value is None:
            scores.pop(key, None)
        else:
            scores[key] = value
    review.criterion_scores = scores
    for field in TEXT_FIELDS:
        if field in cleaned:
            setattr(review, field, cleaned[field])


def review_snapshot(review: Review) -> dict:
    """What a ReviewVersion keeps: the scores and the texts."""
    return {
        "overall": review.overall,
        "criterion_scores": dict(sorted(review.criterion_scores.items())),
        "strengths": review.strengths,
        "weaknesses": review.weaknesses,
    }


def _same_content(stored: dict, snapshot: dict) -> bool:
    return all(stored.get(key) == value for key, value in snapshot.items())
