"""The panel's figures, stored: each scored nomination's and each panelist's tally.

A nomination's figures (score, SD, ranks, percentiles, z) and a panelist's calibration
are all functions of these sums (`reviews.domain.scoring.results_from_tallies`), so the
pages that show them read one row per nomination or panelist instead of every review.
`reviews.services.figures.panel_figures_refresh` rewrites them in the transaction of every
change that moves them: a review submitted, a conflict declared or decided, an
assignment declined. `manage.py rebuild_panel_figures` recomputes them from the reviews.

Only a nomination or panelist with at least one counted review has a row.
"""

from django.db import models

from nominations.models import Cycle, Nomination
from reviews.domain.scoring import PanelistTally
from reviews.models.panel import PanelMember


class OverallSums(models.Model):
    """A cycle's counted overall scores of one nomination or one panelist: their count,
    sum and sum of squares."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    reviews_counted = models.PositiveIntegerField()
    overall_total = models.PositiveIntegerField()
    overall_squares = models.PositiveIntegerField()

    class Meta:
        abstract = True


class NominationFigures(OverallSums):
    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, primary_key=True, related_name="panel_figures"
    )
    # Derived from the three above and stored so the results can be ordered by them.
    score = models.PositiveSmallIntegerField()  # mean overall x 10, 10-90
    sd = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    # [[criterion id, count, sum], ...] by criterion id, for every criterion scored
    # (the reader keeps those still in the rubric).
    criteria = models.JSONField(default=list)
    # [[panel member id, overall score], ...] by member id.
    reviews = models.JSONField(default=list)

    class Meta:
        indexes = [models.Index(fields=["cycle", "score"], name="figures_cycle_score")]

    def __str__(self) -> str:
        return f"Panel figures of nomination {self.nomination_id}"


class PanelistFigures(OverallSums):
    member = models.OneToOneField(
        PanelMember, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )

    def __str__(self) -> str:
        return f"Panel figures of panel member {self.member_id}"

    @property
    def tally(self) -> PanelistTally:
        return PanelistTally(
            panelist_id=self.member_id,
            n=self.reviews_counted,
            total=self.overall_total,
            squares=self.overall_squares,
        )
