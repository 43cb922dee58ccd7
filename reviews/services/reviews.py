"""A panelist's review of one nomination: the autosaved draft, and numbered submissions.

`data` is a mapping with any of these keys (absent keys leave the stored value alone):

    {"overall": 3, "criterion_scores": {12: 2, "13": None},
     "strengths": "…", "weaknesses": "…"}

Scores are read by `reviews.domain.scale.parse_score`, as the review form reads them:
whole numbers on the scale, as int or ASCII digits; None (or "") clears one. Criterion
keys are the ids of the cycle's rubric criteria, as int or ASCII digits. A malformed
value, an unknown criterion or an overlong text raises InvalidValues, a ValidationError
that views catch as InvalidInput, and saves nothing.

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

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    InvalidValues,
    NotPermitted,
)
from core.services.audit import audit_record, audits_refusals
from nominations.models import Nomination
from reviews import rules
from reviews.domain.scale import parse_score, score_refusal
from reviews.models import PanelMember, Review, ReviewVersion
from reviews.services.conflicts import lock_panel_nomination
from reviews.services.figures import panel_figures_refresh

TEXT_FIELDS = ("strengths", "weaknesses")
MAX_TEXT_LENGTH = 20_000
STALE_MESSAGE = (
    "This review was changed in another tab or window, so these changes were not saved. "
    "Reload the page to see the latest version."
)
# A value the form shows next to its field, and a stale tab, are not refusals of the
# panelist: the page answers them without a denied event.
REFUSED_QUIETLY = (InvalidInput, ConflictError)


@audits_refusals(
    "review.denied", obj="nomination", data=lambda **_: {"submit": False}, unless=REFUSED_QUIETLY
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
    InvalidValues (a ValidationError) when a value is malformed; ConflictError when
    `revision` is stale.
    Writes no audit event (see the module docstring) but a refusal's: the panelist
    refused the review is recorded as a denied "review.denied". Schedules nothing.
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


@audits_refusals(
    "review.denied", obj="nomination", data=lambda **_: {"submit": True}, unless=REFUSED_QUIETLY
)
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

    Sets the state to submitted and `submitted_at` to now (the latest submission), by
    `Review.submit`, and the revision + 1; stores ReviewVersion number 1, 2, … with a
    snapshot of the scores and texts; writes one "review.submit" audit event. Raises like
    `review_save_draft`, and InvalidInput listing what is missing, or when nothing
    changed since the last version. A refusal is recorded as `review_save_draft`'s is.
    Schedules nothing.
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
        review.submit()  # the state, and submitted_at (the latest submission)
        review.revision += 1
        review.save()
        panel_figures_refresh(cycle_id=nomination.cycle_id, nominations=[review.nomination_id])
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
    """`data` with scores as ints (or None) and criterion keys as str; raises InvalidValues
    listing every malformed value. With `complete`, every criterion and the overall must
    be scored too (InvalidInput)."""
    errors: list[ValidationError] = []
    cleaned: dict = {}
    if "overall" in data:
        cleaned["overall"] = _score(data["overall"], "The overall score", errors)
    if "criterion_scores" in data:
        try:
            given = dict(data["criterion_scores"] or {})
        except (TypeError, ValueError):
            given = {}
            errors.append(
                ValidationError(
                    "The criterion scores must map criteria to scores, not "
                    f"“{data['criterion_scores']}”.",
                    code="not_a_mapping",
                )
            )
        scores = {}
        for key, value in given.items():
            criterion_id = _criterion_id(key)
            if criterion_id not in criterion_ids:
                errors.append(
                    ValidationError(
                        f"There is no criterion {key} in this cycle’s rubric.",
                        code="unknown_criterion",
                    )
                )
                continue
            what = f"The score for “{criterion_ids[criterion_id]}”"
            scores[str(criterion_id)] = _score(value, what, errors)
        cleaned["criterion_scores"] = scores
    for field in TEXT_FIELDS:
        if field in data:
            text = str(data[field] or "").strip()
            if len(text) > MAX_TEXT_LENGTH:
                errors.append(
                    ValidationError(
                        f"The {field} may be at most {MAX_TEXT_LENGTH:,} characters.",
                        code="too_long",
                    )
                )
            cleaned[field] = text
    if errors:
        raise InvalidValues(errors)
    if complete:
        draft = Review(
            overall=cleaned.get("overall"),
            criterion_scores={k: v for k, v in cleaned.get("criterion_scores", {}).items() if v},
        )
        if missing := missing_scores(draft, criterion_ids=criterion_ids):
            raise InvalidInput(missing[0], problems=missing)
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


def _score(value, what: str, errors: list[ValidationError]) -> int | None:
    """The score in `value` (`parse_score`), or None with an error naming `what` added."""
    try:
        return parse_score(value)
    except ValidationError as error:
        errors.append(ValidationError(score_refusal(what, value), code=error.code))
        return None


def _criterion_id(key) -> int | None:
    """A criterion key as an id: an int, or ASCII digits ("²" and 12.7 are not ids)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    if isinstance(key, str) and key.strip().isascii() and key.strip().isdigit():
        return int(key.strip())
    return None


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
    # The nomination and seat read under the locks: Review.submit's guard reads them.
    review.nomination = locked
    review.member = member
    review.editor_page = page
    return review


def _check_may_score(nomination: Nomination, member: PanelMember, actor) -> None:
    if member.user_id != actor.pk:
        raise NotPermitted("Only the panelist can change their own review.")
    if member.removed_at is not None or member.panel.cycle_id != nomination.cycle_id:
        raise NotPermitted("You no longer have a seat on this nomination’s panel.")
    if not rules.scoring_open(nomination):
        raise IllegalTransition(rules.SCORING_CLOSED_MESSAGE)
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
