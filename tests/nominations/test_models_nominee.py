"""The nominee row keeps its likely-duplicate match keys with its fields."""

import importlib

import pytest
from django.apps import apps

from nominations.models import Nominee, NomineeKind
from tests.factories import NomineeFactory

pytestmark = pytest.mark.django_db

KEYS = ("name_key", "alt_name_key", "ein_key", "uei_key", "domain_key")


def stored_keys(nominee: Nominee) -> tuple[str, ...]:
    return tuple(Nominee.objects.values_list(*KEYS).get(pk=nominee.pk))


def test_an_organization_is_stored_with_its_normalized_keys():
    nominee = NomineeFactory(
        legal_name="Centro de los Derechos del Migrante, Inc.",
        certificate_name="CDM",
        ein="12-3456789",
        uei="jf3k9ab2c7m1",
        website="https://www.CDMigrante.org/about",
    )

    assert stored_keys(nominee) == (
        "cdm",
        "centro de los derechos del migrante",
        "123456789",
        "JF3K9AB2C7M1",
        "cdmigrante.org",
    )


def test_an_individual_is_matched_by_full_name_only_and_a_shared_host_is_no_key():
    nominee = NomineeFactory(
        kind=NomineeKind.INDIVIDUAL,
        full_name="Kendis Paris",
        legal_name="Left over from an organization",
        ein="",
        uei="",
        website="https://www.linkedin.com/in/kendis",
    )

    assert stored_keys(nominee) == ("kendis paris", "", "", "", "")


def test_saving_some_fields_updates_the_keys_too():
    nominee = NomineeFactory(legal_name="Polaris Project", certificate_name="", website="")

    nominee.legal_name = "Restore NYC, Inc."
    nominee.website = "restorenyc.org"
    nominee.save(update_fields=["legal_name", "website"])

    assert stored_keys(nominee)[0] == "restore nyc"
    assert stored_keys(nominee)[4] == "restorenyc.org"


def test_the_migration_stores_the_keys_of_nominees_saved_before_it():
    migration = importlib.import_module("nominations.migrations.0017_nominee_match_keys")
    organization = NomineeFactory(legal_name="The Polaris Project", ein="123456789")
    person = NomineeFactory(kind=NomineeKind.INDIVIDUAL, full_name="Ms. Kendis Paris")
    expected = {nominee.pk: stored_keys(nominee) for nominee in (organization, person)}
    Nominee.objects.update(**dict.fromkeys(KEYS, ""))

    migration.store_match_keys(apps, None)

    assert {pk: stored_keys(Nominee(pk=pk)) for pk in expected} == expected
    assert expected[organization.pk][0] == "polaris project"
    assert expected[person.pk][0] == "ms kendis paris"
