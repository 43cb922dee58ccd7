from django.db import models

from nominations.domain.citations import nominee_possessive
from nominations.domain.duplicates import NomineeKeys, nominee_keys
from nominations.domain.names import person_name_key
from nominations.domain.parties import individual_name, mailbox_or_blank
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
    # What likely-duplicate matching compares (nominations.domain.duplicates), kept
    # normalized and indexed so one nomination's matches are found without reading its
    # whole cycle. Set from the fields above on every save; "" for none.
    name_key = models.TextField(blank=True, default="", db_index=True, editable=False)
    alt_name_key = models.TextField(blank=True, default="", db_index=True, editable=False)
    ein_key = models.CharField(max_length=9, blank=True, default="", db_index=True, editable=False)
    uei_key = models.CharField(max_length=12, blank=True, default="", db_index=True, editable=False)
    domain_key = models.CharField(
        max_length=253, blank=True, default="", db_index=True, editable=False
    )
    # What the party rule (nominations.domain.parties) compares, kept normalized and
    # indexed so the nominations a user is a party to are found without reading a cycle:
    # the contact's mailbox, and an individual's full name as `person_name_key`.
    contact_mailbox = models.CharField(
        max_length=254, blank=True, default="", db_index=True, editable=False
    )
    person_key = models.TextField(blank=True, default="", db_index=True, editable=False)

    def __str__(self) -> str:
        return self.display_name or "Unnamed nominee"

    def save(self, **kwargs) -> None:
        """Saves the nominee with its derived keys recomputed from the fields being saved."""
        self.set_match_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *DERIVED_FIELDS}
        super().save(**kwargs)

    @property
    def is_individual(self) -> bool:
        return self.kind == NomineeKind.INDIVIDUAL

    @property
    def display_name(self) -> str:
        if self.is_individual:
            return " ".join(part for part in (self.honorific, self.full_name) if part)
        return self.certificate_name or self.legal_name

    def set_match_keys(self) -> None:
        """Sets every derived key (`DERIVED_FIELDS`) from the fields entered."""
        keys = nominee_keys(
            is_individual=self.is_individual,
            full_name=self.full_name,
            legal_name=self.legal_name,
            certificate_name=self.certificate_name,
            ein=self.ein,
            uei=self.uei,
            website=self.website,
        )
        for column, value in zip(MATCH_KEY_FIELDS, keys.stored(), strict=True):
            setattr(self, column, value)
        self.contact_mailbox = mailbox_or_blank(self.contact_email)
        self.person_key = person_name_key(
            individual_name(is_individual=self.is_individual, full_name=self.full_name)
        )

    @property
    def match_keys(self) -> NomineeKeys:
        """The stored match keys, as matching takes them."""
        return NomineeKeys.from_stored(*(getattr(self, column) for column in MATCH_KEY_FIELDS))

    @property
    def possessive_pronoun(self) -> str:
        return nominee_possessive(individual=self.is_individual, chosen=self.possessive)


MATCH_KEY_FIELDS = ("name_key", "alt_name_key", "ein_key", "uei_key", "domain_key")
PARTY_KEY_FIELDS = ("contact_mailbox", "person_key")
# Set by `set_match_keys` on every save, never entered.
DERIVED_FIELDS = MATCH_KEY_FIELDS + PARTY_KEY_FIELDS
