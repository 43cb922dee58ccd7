"""The citation selectors: the prefill from the nominator's suggestion, one nomination's
sections, and the state of a cycle's citations."""

import pytest

from nominations.states import NominationState
from selection.selectors.citations import citation_page, citation_prefill, cycle_citations
from selection.services.citations import citation_add, citation_approve
from tests import factories

S = NominationState
NETWORK = "for its survivor-led referral network"


@pytest.mark.parametrize(
    ("suggestion", "prefill"),
    [
        (NETWORK, NETWORK),
        ("For its survivor-led referral network.", NETWORK),
        ("  for its   survivor-led\nreferral network ", NETWORK),
        ("“For its survivor-led referral network.”", NETWORK),
        ("Restore NYC, for its survivor-led referral network", NETWORK),
        ("In recognition of her courage.", "in recognition of her courage"),
        ("For their work with Acme Co.", "for their work with Acme Co."),
        ("For its work in the U.K.", "for its work in the U.K."),
        ("For its campaign \u201cFreedom Now.\u201d", "for its campaign \u201cFreedom Now.\u201d"),
        ("In Recognition Of Her Courage.", "in recognition of her Courage"),
        ("\u201cFor its work with the U.N.\u201d", "for its work with the U.N."),
        ("For Their work at 2 a.m. Monday.", "for their work at 2 a.m. Monday"),
        # Not clearly one sentence of the published form: kept as written.
        ("They built a network. It reached 400.", "They built a network. It reached 400."),
        ("Outstanding network building.", "Outstanding network building."),
        ("Acme, for its network", "Acme, for its network"),  # not the nominee's name
        ("", ""),
    ],
)
def test_citation_prefill_normalizes_only_what_is_clearly_one_sentence(suggestion, prefill):
    assert citation_prefill(suggestion, names=("Restore NYC",)) == prefill


def test_citation_prefill_keeps_a_long_suggestion_for_the_limit_to_explain():
    long = "For its " + "work " * 80

    assert citation_prefill(long) == "for its " + " ".join(["work"] * 80)


@pytest.mark.django_db
def test_citation_page_sections_start_from_the_current_version_or_the_suggestion(
    django_assert_num_queries, staff
):
    nomination = factories.nomination_in(
        S.SELECTED, suggested_citation="For its survivor-led referral network."
    )
    citation_add(nomination=nomination, kind="full", text=NETWORK, actor=staff)
    newest = citation_add(nomination=nomination, kind="full", text=f"{NETWORK} too", actor=staff)

    with django_assert_num_queries(1):
        page = citation_page(nomination)

    short, full = page.sections
    assert (short.kind, short.prefill, short.prefill_source, short.current) == (
        "short",
        NETWORK,
        "suggestion",
        None,
    )
    assert (full.prefill, full.prefill_source, full.current, full.current_version) == (
        f"{NETWORK} too",
        "current",
        newest,
        2,
    )
    assert [c.version for c in full.versions] == [2, 1]
    assert (page.open, page.four_eyes) == (True, False)


@pytest.mark.django_db
def test_cycle_citations_gives_each_slate_nomination_the_state_of_both(staff):
    cycle = factories.cycle_in("selection")
    drafted = factories.nomination_in(S.SHORTLISTED, cycle=cycle)
    approved = factories.nomination_in(S.SELECTED, cycle=cycle)
    factories.nomination_in(S.NOT_SELECTED, cycle=cycle)
    citation_add(nomination=drafted, kind="short", text=NETWORK, actor=staff)
    factories.citations_approved(approved, by=staff)
    newer = citation_add(nomination=approved, kind="short", text=f"{NETWORK} too", actor=staff)
    citation_approve(citation=newer, actor=staff)

    rows = cycle_citations(cycle)

    assert [(r.nomination, r.short.label, r.full.label, r.ready) for r in rows] == [
        (drafted, "Draft v1", "Missing", False),
        (approved, "Approved v2", "Approved v1", True),
    ]
