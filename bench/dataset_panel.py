"""The benchmark data set's panel: seats, assignments, conflicts and reviews (a part of
bench/dataset.py's Builder, which mixes it in)."""

import datetime as dt

from django.utils import timezone

from nominations.models import Cycle, Nomination
from reviews.domain.scale import SCORE_MAX, SCORE_MIN
from reviews.models import Assignment, Conflict, Panel, PanelMember, Review, ReviewVersion
from reviews.services.figures import panel_figures_rebuild
from reviews.states import AssignmentSource, ConflictKind, ConflictStatus, ReviewState

# Reviewers per nomination.
K = 3


class PanelData:
    """Builder's panel methods; they use the builder's rng, prose, staff, criteria, audit
    and now."""

    def panel(self, cycle: Cycle, nominations: list[Nomination], *, panelists, drafts: float):
        panel = Panel.objects.create(
            cycle=cycle, review_due=timezone.localdate() + dt.timedelta(days=14)
        )
        joined = cycle.deadline + dt.timedelta(days=2)
        members = PanelMember.objects.bulk_create(
            PanelMember(
                panel=panel,
                user=user,
                is_chair=index == 0,
                attested_at=joined,
                attestation_name=user.full_name,
                attestation_statement=panel.attestation_text,
            )
            for index, user in enumerate(panelists)
        )
        count = len(members)
        assignments, reviews, conflicts = [], [], []
        for index, nomination in enumerate(nominations):
            chosen = [members[(index * K + j) % count] for j in range(K)]
            for member in chosen:
                assignments.append(
                    Assignment(
                        nomination=nomination,
                        member=member,
                        source=AssignmentSource.AUTOMATIC,
                        created_by=self.staff,
                    )
                )
                draft = self.rng.random() < drafts
                reviews.append(self.review(nomination, member, draft=draft))
            if index % 50 == 7:
                outsider = members[(index * K + K) % count]
                if outsider not in chosen:
                    status = (
                        ConflictStatus.DECLARED if index % 100 == 7 else ConflictStatus.SUGGESTED
                    )
                    conflicts.append(
                        Conflict(
                            nomination=nomination,
                            member=outsider,
                            kind=ConflictKind.ASSOCIATE,
                            reason="Served on this organization's advisory board.",
                            status=status,
                        )
                    )
        Assignment.objects.bulk_create(assignments, batch_size=2000)
        reviews = Review.objects.bulk_create(reviews, batch_size=2000)
        Conflict.objects.bulk_create(conflicts, batch_size=2000)
        # Rows that went in by bulk_create, not through the services: their figures are
        # computed the way `manage.py rebuild_panel_figures` does.
        panel_figures_rebuild(cycle)
        versions = []
        for review in reviews:
            if review.state == ReviewState.SUBMITTED:
                versions.append(
                    ReviewVersion(
                        review=review,
                        number=1,
                        snapshot={"overall": review.overall, "scores": review.criterion_scores},
                    )
                )
                self.audit.add(
                    "review.submit",
                    review.member.user,
                    review.nomination,
                    ReviewState.DRAFT,
                    ReviewState.SUBMITTED,
                )
        ReviewVersion.objects.bulk_create(versions, batch_size=2000)

    def review(self, nomination: Nomination, member: PanelMember, *, draft: bool) -> Review:
        rng = self.rng
        quality = 2 + nomination.pk % 5
        scores = {
            str(c.pk): max(SCORE_MIN, min(SCORE_MAX, quality + rng.randint(-1, 2)))
            for c in self.criteria
        }
        return Review(
            nomination=nomination,
            member=member,
            state=ReviewState.DRAFT if draft else ReviewState.SUBMITTED,
            overall=None if draft else max(SCORE_MIN, min(SCORE_MAX, quality + rng.randint(-1, 1))),
            criterion_scores=dict(list(scores.items())[:2]) if draft else scores,
            strengths=self.prose.strengths(),
            weaknesses="" if draft else self.prose.weaknesses(),
            revision=1 if draft else 2,
            submitted_at=None if draft else self.now - dt.timedelta(days=rng.randint(1, 20)),
        )
