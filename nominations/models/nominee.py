from django.db import models

from nominations.domain.citations import nominee_possessive
from nominations.models.program import NomineeKind


class Possessive(models.TextChoices):
    HER = "her", "her"
    HIS = "his", "his"
    THEIR = "their", "their"


class Nominee(models.Model):
    """The organization or individual a nomination puts forward."""

    kind = models.CharField(
        max_length=20, choices=NomineeKind.choices, default=NomineeKind.ORGANIZATION
    )
    # Individuals
    honorific = models.CharField(max_length=20, blank=True, help_text="Ms., Mr., Dr., …")
    full_name = models.CharField(max_length=200, blank=True)
    possessive = models.CharField(
        max_length=10,
        choices=Possessive.choices,
        blank=True,
        help_text="Used in citations: for her/his/their …",
    )
    title = models.CharField(max_length=200, blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    citizenship = models.CharField(max_length=100, blank=True)
    # Organizations
    legal_name = models.CharField(max_length=300, blank=True)
    certificate_name = models.CharField(
        max_length=300, blank=True, help_text="The name as it should appear on a certificate."
    )
    ein = models.CharField("EIN", max_length=10, blank=True)
    uei = models.CharField("UEI", max_length=12, blank=True)
    website = models.URLField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_or_province = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True, default="United States")
    # Contact
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.display_name or "Unnamed nominee"

    @property
    def is_individual(self) -> bool:
        return self.kind == NomineeKind.INDIVIDUAL

    @property
    def display_name(self) -> str:
        if self.is_individual:
            return " ".join(part for part in (self.honorific, self.full_name) if part)
        return self.certificate_name or self.legal_name

    @property
    def possessive_pronoun(self) -> str:
        return nominee_possessive(individual=self.is_individual, chosen=self.possessive)
