import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class NomineeKind(models.TextChoices):
    ORGANIZATION = "organization", "Organization"
    INDIVIDUAL = "individual", "Individual"


def seal_image_upload_to(instance: "AwardProgram", filename: str) -> str:
    # A generated name: the uploader's file name never reaches the file system.
    return f"certificate-images/seal-{uuid.uuid4()}.png"


class AwardProgram(models.Model):
    """An award that runs once a year (a cycle). Everything award-specific is data here."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80)
    reference_prefix = models.CharField(
        max_length=6,
        unique=True,
        help_text="Starts every reference number, as in PA-2023-0007; one per program.",
    )
    description = models.TextField()
    statute = models.CharField(max_length=200, blank=True)
    eligibility = models.TextField(blank=True)
    award_cap = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The most recipients the program may have in one year.",
    )
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_title = models.CharField(max_length=300)
    presenter_phrase = models.CharField(
        max_length=200,
        default="on behalf of the President of the United States",
        help_text="Completes 'Presented ...' on certificates, above the signatory's line.",
    )
    # Stored as checked and re-encoded by core.uploaded_images; changed only through
    # selection/services/certificate_images.py.
    seal_image = models.FileField(
        upload_to=seal_image_upload_to,
        max_length=200,
        blank=True,
        editable=False,
        help_text="The program's seal or emblem, printed on its certificates (PNG).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PastRecipient(models.Model):
    """A published recipient from the program's public record (seeded from fixtures/).

    Years that ran in this system show their awarded nominations instead.
    """

    program = models.ForeignKey(
        AwardProgram, on_delete=models.CASCADE, related_name="past_recipients"
    )
    award_year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=NomineeKind.choices)
    name = models.CharField(max_length=300, help_text="As it appeared in the announcement.")
    affiliation = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    short_citation = models.TextField(blank=True)
    full_citation = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-award_year", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "award_year", "name"], name="unique_past_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.award_year}: {self.name}"
