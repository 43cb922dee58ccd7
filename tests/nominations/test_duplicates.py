"""Duplicate detection: name and key normalization, the selectors, link and unlink."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.exceptions import InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.domain.duplicates import (
    match_reasons,
    nominee_keys,
    normalized_ein,
    normalized_name,
    normalized_uei,
    website_domain,
)
from nominations.models import DuplicateCase, EndorsementRequest, Nomination
from nominations.selectors.duplicates import duplicate_flags, duplicates_of
from nominations.services.duplicates import duplicate_link, duplicate_unlink
from nominations.states import NominationState
from tests.factories import CycleFactory, NomineeFactory, award_staff, nomination_in

S = NominationState


def org(**fields):
    return nominee_keys(is_individual=False, **fields)


# -- normalization -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Centro de los Derechos del Migrante, Inc.", "centro de los derechos del migrante"),
        ("CENTRO DE LOS DERECHOS DEL MIGRANTE INC", "centro de los derechos del migrante"),
        ("The Polaris Project", "polaris project"),
        ("Polaris Project, Inc.", "polaris project"),
        ("coalition of immokalee workers, L.L.C.", "coalition of immokalee workers"),
        ("Fundación Mujeres   Libres Ltd", "fundacion mujeres libres"),
        ("Safe Horizon Corporation", "safe horizon"),
        ("A Safe Place Co.", "safe place"),
        ("Inc.", ""),
    ],
)
def test_normalized_name_folds_case_accents_punctuation_suffixes_and_articles(raw, expected):
    assert normalized_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12-3456789", "123456789"), (" 123456789 ", "123456789"), ("12-345", ""), ("", "")],
)
def test_normalized_ein_keeps_nine_digits_only(raw, expected):
    assert normalized_ein(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("jf3k9ab2c7m1", "JF3K9AB2C7M1"), ("JF3K-9AB2-C7M1", "JF3K9AB2C7M1"), ("JF3K", "")],
)
def test_normalized_uei_is_twelve_uppercase_letters_and_digits(raw, expected):
    assert normalized_uei(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.cdmigrante.org/about", "cdmigrante.org"),
        ("http://cdmigrante.org", "cdmigrante.org"),
        ("CDMigrante.org/es/", "cdmigrante.org"),
        ("https://WWW.Polarisproject.org:443/?ref=x", "polarisproject.org"),
        ("", ""),
        ("not a website", ""),
    ],
)
def test_website_domain_ignores_scheme_www_port_and_path(raw, expected):
    assert website_domain(raw) == expected


# -- what matches ------------------------------------------------------------------------

SAME_NOMINEE = [
    (
        org(legal_name="Centro de los Derechos del Migrante, Inc."),
        org(legal_name="CENTRO DE LOS DERECHOS DEL MIGRANTE INC"),
        ["same name"],
    ),
    (
        org(legal_name="CENTRO DE LOS DERECHOS DEL MIGRANTE INC"),
        org(legal_name="Centro de los Derechos del Migrante"),
        ["same name"],
    ),
    (org(legal_name="The Polaris Project"), org(legal_name="Polaris Project, Inc."), ["same name"]),
    (
        org(legal_name="Coalition of Immokalee Workers"),
        org(legal_name="coalition of immokalee workers, LLC"),
        ["same name"],
    ),
    (
        org(legal_name="CIW Inc.", certificate_name="Coalition of Immokalee Workers"),
        org(legal_name="Coalition of Immokalee Workers"),
        ["same name"],
    ),
    (
        org(legal_name="Freedom Network USA", ein="52-1234567"),
        org(legal_name="FNUSA", ein="521234567"),
        ["same EIN"],
    ),
    (
        org(legal_name="Alpha", uei="jf3k9ab2c7m1"),
        org(legal_name="Beta", uei="JF3K-9AB2-C7M1"),
        ["same UEI"],
    ),
    (
        org(legal_name="CDM", website="https://www.cdmigrante.org/about"),
        org(legal_name="Centro de los Derechos", website="http://cdmigrante.org"),
        ["same website"],
    ),
    (
        nominee_keys(is_individual=True, full_name="María José Álvarez"),
        nominee_keys(is_individual=True, full_name="maria jose alvarez"),
        ["same name"],
    ),
]

DIFFERENT_NOMINEES = [
    (org(legal_name="Polaris Project"), org(legal_name="Polaris Foundation")),
    (org(legal_name="Restore NYC"), org(legal_name="Restore NY")),
    (
        org(legal_name="Safe Harbor", website="https://www.facebook.com/safeharbor"),
        org(legal_name="Open Door", website="https://facebook.com/opendoor"),
    ),
    (
        org(legal_name="Safe Harbor", website="https://www.linkedin.com/company/safeharbor"),
        org(legal_name="Open Door", website="https://linkedin.com/company/opendoor"),
    ),
    (org(legal_name="Inc."), org(legal_name="LLC")),
    (org(legal_name="Alpha", ein="12-345"), org(legal_name="Beta", ein="12345")),
]


@pytest.mark.parametrize(("first", "second", "reasons"), SAME_NOMINEE)
def test_match_reasons_find_the_same_nominee_written_differently(first, second, reasons):
    assert match_reasons(first, second) == reasons
    assert match_reasons(second, first) == reasons


@pytest.mark.parametrize(("first", "second"), DIFFERENT_NOMINEES)
def test_match_reasons_keep_different_nominees_apart(first, second):
    assert match_reasons(first, second) == []


# -- selectors ---------------------------------------------------------------------------


def nominated(cycle, state=S.SUBMITTED, **nominee):
    return nomination_in(state, cycle=cycle, nominee=NomineeFactory(**nominee))


@pytest.mark.django_db
def test_duplicate_flags_pair_matches_among_non_drafts_of_the_cycle():
    cycle = CycleFactory(state="open")
    first = nominated(cycle, legal_name="The Polaris Project")
    second = nominated(cycle, S.VETTING, legal_name="Polaris Project, Inc.")
    third = nominated(cycle, legal_name="Polaris Foundation", website="https://polarisproject.org")
    fourth = nominated(cycle, legal_name="Polaris", website="http://www.polarisproject.org/x")
    nominated(cycle, S.DRAFT, legal_name="Polaris Project")
    nominated(CycleFactory(state="open"), legal_name="Polaris Project")
    nominated(cycle, legal_name="Restore NYC")

    assert duplicate_flags(cycle=cycle) == {
        first.pk: [second.pk],
        second.pk: [first.pk],
        third.pk: [fourth.pk],
        fourth.pk: [third.pk],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_duplicate_flags_is_one_query_at_any_size(django_assert_num_queries, size):
    cycle = CycleFactory(state="open")
    for index in range(size):
        nominated(cycle, legal_name=f"Network {index // 2}, Inc.")

    with django_assert_num_queries(1):
        flags = duplicate_flags(cycle=cycle)

    assert len(flags) == size


@pytest.mark.django_db
def test_duplicates_of_lists_non_drafts_of_its_cycle_and_its_whole_case():
    cycle = CycleFactory(state="open")
    nomination = nominated(cycle, legal_name="The Polaris Project")
    match = nominated(cycle, S.VETTING, legal_name="Polaris Project, Inc.")
    nominated(cycle, S.DRAFT, legal_name="Polaris Project")
    nominated(CycleFactory(state="open"), legal_name="Polaris Project")
    unlike = nominated(cycle, legal_name="Restore NYC")
    duplicate_link(nominations=[nomination, unlike], actor=award_staff())
    nomination = Nomination.objects.select_related("nominee").get(pk=nomination.pk)

    duplicates = duplicates_of(nomination)

    assert [(c.nomination, c.reasons) for c in duplicates.likely] == [(match, ["same name"])]
    assert [(c.nomination, c.reasons) for c in duplicates.linked] == [(unlike, [])]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 8])
def test_duplicates_of_is_two_queries_at_any_size(django_assert_num_queries, size):
    cycle = CycleFactory(state="open")
    nomination = nominated(cycle, legal_name="Restore NYC", ein="12-3456789")
    others = [nominated(cycle, legal_name="Restore NYC Inc") for _ in range(size)]
    staff = award_staff()
    duplicate_link(nominations=[nomination, others[0]], actor=staff)
    # As the staff page loads it: with its nominee.
    nomination = Nomination.objects.select_related("nominee").get(pk=nomination.pk)

    # the nominees sharing a key, then the nominations of those and of the case
    with django_assert_num_queries(2):
        duplicates = duplicates_of(nomination)
        rendered = [(c.nomination.reference, str(c.nomination.nominee)) for c in duplicates.likely]

    assert [c.nomination for c in duplicates.linked] == [others[0]]
    assert [c.reasons for c in duplicates.linked] == [["same name"]]
    assert len(rendered) == size - 1
    assert duplicates.case_id == nomination.duplicate_case_id


def scans(sql: str) -> list[str]:
    """The steps of the database's plan for `sql` that read a table or an index whole, or
    every row of the cycle, rather than look rows up (on PostgreSQL with sequential
    scans priced out, so that a scan shows only where no index can serve)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            steps = [row[3] for row in cursor.fetchall()]
            return [step for step in steps if step.startswith("SCAN") or "(cycle_id=?)" in step]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
    found, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes += node.get("Plans", [])
        kind, condition = node["Node Type"], node.get("Index Cond", "")
        by_cycle = re.fullmatch(r"\((\w+\.)?cycle_id = [^()]*\)", condition)
        if kind == "Seq Scan" or (kind.endswith("Index Scan") and (not condition or by_cycle)):
            found.append(f"{kind} on {node.get('Relation Name', node.get('Index Name'))}")
    return found


@pytest.mark.django_db
def test_duplicates_of_finds_matches_through_the_stored_keys_not_the_whole_cycle():
    """One nomination's page asks the database only for the nominees sharing one of its
    keys and their nominations, each looked up in an index, so its cost does not grow
    with the cycle."""
    cycle = CycleFactory(state="open")
    nomination = nominated(
        cycle, legal_name="Restore NYC", certificate_name="Restore", website="restorenyc.org"
    )
    by_name = nominated(cycle, legal_name="Restore, Inc.")
    by_site = nominated(cycle, legal_name="Other", website="https://www.restorenyc.org/x")
    for index in range(5):
        nominated(cycle, legal_name=f"Unrelated {index}")
    duplicate_link(nominations=[nomination, nominated(cycle, legal_name="X")], actor=award_staff())
    nomination = Nomination.objects.select_related("nominee").get(pk=nomination.pk)

    with CaptureQueriesContext(connection) as queries:
        duplicates = duplicates_of(nomination)

    assert [(c.nomination, c.reasons) for c in duplicates.likely] == [
        (by_name, ["same name"]),
        (by_site, ["same website"]),
    ]
    nominees, nominations = [query["sql"] for query in queries.captured_queries]
    for column in ("name_key", "alt_name_key", "domain_key"):
        assert f'"{column}"' in nominees
    # No EIN or UEI: an empty key is not asked for.
    assert '"ein_key"' not in nominees and '"uei_key"' not in nominees
    assert (scans(nominees), scans(nominations)) == ([], [])


@pytest.mark.django_db
@given(
    names=st.lists(
        st.sampled_from(["Polaris", "Polaris, Inc.", "Restore", "Safe Horizon"]),
        min_size=2,
        max_size=6,
    ),
    sites=st.lists(
        st.sampled_from(["", "polaris.org", "https://www.polaris.org", "x.org"]),
        min_size=6,
        max_size=6,
    ),
)
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_duplicates_of_agrees_with_comparing_every_pair(names, sites):
    cycle = CycleFactory(state="open")
    nominations = [
        nominated(cycle, legal_name=name, certificate_name="", ein="", uei="", website=site)
        for name, site in zip(names, sites, strict=False)
    ]
    keys = {
        n.pk: nominee_keys(
            is_individual=False, legal_name=n.nominee.legal_name, website=n.nominee.website
        )
        for n in nominations
    }

    for nomination in nominations:
        expected = [
            (other.pk, match_reasons(keys[nomination.pk], keys[other.pk]))
            for other in nominations
            if other.pk != nomination.pk and match_reasons(keys[nomination.pk], keys[other.pk])
        ]
        found = [(c.nomination.pk, c.reasons) for c in duplicates_of(nomination).likely]
        assert found == expected


# -- link and unlink ---------------------------------------------------------------------


@pytest.mark.django_db
def test_duplicate_link_creates_a_case_audited_and_keeps_every_nomination_and_letter():
    cycle = CycleFactory(state="open")
    first = nominated(cycle, legal_name="Polaris Project")
    second = nominated(cycle, legal_name="The Polaris Project")
    EndorsementRequest.objects.create(
        nomination=second,
        name="Ann Lee",
        email="ann@example.org",
        relationship="Funder",
        token_hash="1" * 64,
        expires_at="2099-01-01T00:00:00Z",
        sent_at="2024-01-01T00:00:00Z",
    )
    staff = award_staff()

    case = duplicate_link(nominations=[first, second], actor=staff, note="Same org, two nominators")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.duplicate_case, second.duplicate_case) == (case, case)
    assert (case.cycle, case.created_by, case.note) == (cycle, staff, "Same org, two nominators")
    assert second.endorsement_requests.count() == 1
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == ("duplicate.link", staff, str(case.pk))
    assert event.data == {
        "nominations": [first.pk, second.pk],
        "references": [first.reference, second.reference],
        "merged_cases": [],
    }


@pytest.mark.django_db
def test_duplicate_link_extends_and_merges_existing_cases():
    cycle = CycleFactory(state="open")
    a, b, c, d = (nominated(cycle, legal_name="Polaris Project") for _ in range(4))
    staff = award_staff()
    first_case = duplicate_link(nominations=[a, b], actor=staff)
    second_case = duplicate_link(nominations=[c, d], actor=staff)

    case = duplicate_link(nominations=[b, c], actor=staff)

    assert case == first_case
    assert set(case.nominations.values_list("pk", flat=True)) == {a.pk, b.pk, c.pk, d.pk}
    assert not DuplicateCase.objects.filter(pk=second_case.pk).exists()
    assert AuditEvent.objects.last().data["merged_cases"] == [second_case.pk]


@pytest.mark.django_db
def test_duplicate_unlink_dissolves_a_case_of_one_and_is_audited():
    cycle = CycleFactory(state="open")
    a, b, c = (nominated(cycle, legal_name="Polaris Project") for _ in range(3))
    staff = award_staff()
    case = duplicate_link(nominations=[a, b, c], actor=staff)

    duplicate_unlink(nomination=a, actor=staff)
    assert set(case.nominations.values_list("pk", flat=True)) == {b.pk, c.pk}
    duplicate_unlink(nomination=b, actor=staff)

    assert not DuplicateCase.objects.exists()
    c.refresh_from_db()
    assert c.duplicate_case is None
    events = list(AuditEvent.objects.filter(action="duplicate.unlink").order_by("pk"))
    assert [(e.object_id, e.data) for e in events] == [
        (str(a.pk), {"case": case.pk, "case_dissolved": False, "remaining": [b.pk, c.pk]}),
        (str(b.pk), {"case": case.pk, "case_dissolved": True, "remaining": [c.pk]}),
    ]


@pytest.mark.django_db
def test_duplicate_link_refuses_other_cycles_drafts_single_and_non_staff():
    cycle = CycleFactory(state="open")
    first = nominated(cycle, legal_name="Polaris Project")
    elsewhere = nominated(CycleFactory(state="open"), legal_name="Polaris Project")
    draft = nominated(cycle, S.DRAFT, legal_name="Polaris Project")
    staff = award_staff()

    with pytest.raises(InvalidInput, match="same cycle"):
        duplicate_link(nominations=[first, elsewhere], actor=staff)
    with pytest.raises(InvalidInput, match="draft"):
        duplicate_link(nominations=[first, draft], actor=staff)
    with pytest.raises(InvalidInput, match="at least two"):
        duplicate_link(nominations=[first, first], actor=staff)
    with pytest.raises(NotPermitted):
        duplicate_link(nominations=[first, draft], actor=first.nominator)
    staff_nominator = award_staff()
    own = nomination_in(S.SUBMITTED, cycle=cycle, nominator=staff_nominator)
    with pytest.raises(NotPermitted):
        duplicate_link(nominations=[first, own], actor=staff_nominator)

    assert (DuplicateCase.objects.count(), AuditEvent.objects.count()) == (0, 0)
