"""Results, CSV export and calibration pages: who may see them, what they show, cost."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import given, settings

from core.csv_export import neutralize_csv_cell
from core.models import AuditEvent
from nominations.models import RubricCriterion
from reviews.models import Assignment, Panel, PanelMember, Review
from reviews.services.reviews import review_submit
from tests import factories
from tests.core.test_csv_export import CELL_TEXT, safe_cell

pytestmark = pytest.mark.django_db


def panel_cycle(*, nominations: int = 2, panelists: int = 3):
    cycle = factories.review_cycle(nominations=nominations, panelists=panelists)
    items = list(cycle.nominations.order_by("reference"))
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    return cycle, items, members


def urls(cycle):
    return {
        "results": reverse("reviews:results", args=[cycle.pk]),
        "csv": reverse("reviews:results_csv", args=[cycle.pk]),
        "calibration": reverse("reviews:calibration", args=[cycle.pk]),
    }


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def sorted_header(aria: str, key: str, next_direction: str, label: str) -> str:
    return (
        f'<th scope="col" aria-sort="{aria}"><a class="usa-link" '
        f'href="?sort={key}&amp;dir={next_direction}">{label}'
    )


def refs(response) -> list[str]:
    return [row.reference for row in response.context["rows"]]


@pytest.fixture
def scored():
    """Two nominations scored 2, 3, 3 (27) and 4, 4, 8 (53, disagreement), one unscored."""
    cycle, items, (a, b, c) = panel_cycle(nominations=3)
    for member, first, second in ((a, 2, 4), (b, 3, 4), (c, 3, 8)):
        factories.review_of(items[0], member, overall=first)
        factories.review_of(items[1], member, overall=second)
    return cycle, items, (a, b, c)


def test_results_staff_sees_scores_formulas_disagreement_and_review_lines(client, scored):
    cycle, items, (a, _b, c) = scored
    PanelMember.objects.filter(pk=c.pk).update(removed_at="2031-01-01T00:00:00Z")
    client.force_login(factories.award_staff())

    response = client.get(urls(cycle)["results"])

    body = text(response)
    assert response.status_code == 200
    assert refs(response) == [items[0].reference, items[1].reference, items[2].reference]
    assert [(r.score, r.rank, r.percentile) for r in response.context["rows"]] == [
        (27, 1, 25),
        (53, 2, 75),
        (None, None, None),
    ]
    assert "How these numbers are computed" in body
    assert '<span class="usa-tag bg-secondary-dark">Disagreement</span> range 4' in body
    assert "Not scored" in body
    assert '<td data-label="Percentile">—</td>' in body  # the unscored row
    assert ">None<" not in body
    assert f"{a.user.full_name}: raw 2, z " in body
    assert f'{c.user.full_name} <span class="usa-tag">Removed panelist</span>: raw 3' in body
    assert sorted_header("ascending", "rank", "desc", "Rank") in body
    assert reverse("reviews:progress", args=[cycle.pk]) in body
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("query", "expected", "active"),
    [
        (
            {"sort": "score", "dir": "desc"},
            [1, 0, 2],
            sorted_header("descending", "score", "asc", "Score"),
        ),
        (
            {"sort": "score", "dir": "asc"},
            [0, 1, 2],
            sorted_header("ascending", "score", "desc", "Score"),
        ),
        (
            {"sort": "reference", "dir": "desc"},
            [2, 1, 0],
            sorted_header("descending", "reference", "asc", "Reference"),
        ),
        (
            {"sort": "sd", "dir": "desc"},
            [1, 0, 2],
            sorted_header("descending", "sd", "asc", "SD"),
        ),
        (
            {"sort": "nonsense", "dir": "sideways"},
            [0, 1, 2],
            sorted_header("ascending", "rank", "desc", "Rank"),
        ),
    ],
)
def test_results_sort_by_column_unscored_last(client, scored, query, expected, active):
    cycle, items, _ = scored
    client.force_login(factories.award_staff())

    response = client.get(urls(cycle)["results"], query)

    body = text(response)
    assert refs(response) == [items[i].reference for i in expected]
    assert active in body
    assert body.count("aria-sort=") == 1


def test_results_chair_allowed(client, scored):
    cycle, items, _ = scored
    chair = factories.seat(cycle, chair=True)
    client.force_login(chair.user)

    for name, url in urls(cycle).items():
        response = client.get(url)
        assert response.status_code == 200, name
    assert reverse("reviews:progress", args=[cycle.pk]) not in text(
        client.get(urls(cycle)["results"])
    )
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [("results.export", "done")]


@pytest.fixture
def conflicted_chair():
    """Three nominations scored 2, 5, 6 by each of three panelists; the chair has a
    conflict with the middle one. Counting it, the others would rank 1 and 3 and the
    panel mean be 4.33; without it, they rank 1 and 2 of 2 and the panel mean is 4.00."""
    cycle, items, (a, b, c) = panel_cycle(nominations=3)
    for member in (a, b, c):
        for nomination, overall in zip(items, (2, 5, 6), strict=True):
            factories.review_of(nomination, member, overall=overall)
    chair = factories.seat(cycle, chair=True)
    factories.conflict(items[1], chair)
    return cycle, items, chair


def test_results_conflicted_chair_figures_are_computed_without_the_withheld_nomination(
    client, conflicted_chair
):
    cycle, items, chair = conflicted_chair
    client.force_login(chair.user)

    response = client.get(urls(cycle)["results"])

    body = text(response)
    rows = response.context["rows"]
    assert [(r.reference, r.withheld, r.score, r.rank, r.percentile, r.mean_z) for r in rows] == [
        (items[0].reference, "", 20, 1, 25, Decimal("-0.71")),
        (items[2].reference, "", 60, 2, 75, Decimal("0.71")),
        (items[1].reference, "conflict of interest", None, None, None, None),
    ]
    assert rows[2].reviews == ()
    results = response.context["results"]
    assert (results.scored, results.counted, results.panel_mean) == (2, 2, Decimal("4.00"))
    # The counts add up to the pager's total, withheld row included.
    assert (
        f'<p class="usa-intro">In {cycle.program.short_name} {cycle.award_year}, 3 nominations '
        "reached the panel: 2 scored, 1 withheld from you. Lower scores are better.</p>"
    ) in body
    assert "<p>Showing 1–3 of 3 nominations.</p>" in body
    assert (
        "is computed without 1 nomination, as if it was not in the cycle, because you may "
        "not see its scores:"
    ) in body
    withheld = f"{items[1].reference} ({items[1].nominee.display_name}): withheld: conflict"
    assert f"<li>{withheld} of interest</li>" in body
    assert "Staff see the full results." in body
    assert (
        "Withheld: conflict of interest. Its scores are not shown to you, and every other "
        "figure is computed without it."
    ) in body


def test_results_staff_see_the_full_results_of_the_same_cycle(client, conflicted_chair):
    cycle, items, _chair = conflicted_chair
    client.force_login(factories.award_staff())

    response = client.get(urls(cycle)["results"])

    body = text(response)
    assert (
        f"In {cycle.program.short_name} {cycle.award_year}, 3 nominations reached the panel: "
        "3 scored. Lower scores are better."
    ) in body
    assert "Showing 1–3 of 3 nominations." in body

    assert [(r.reference, r.rank, r.percentile) for r in response.context["rows"]] == [
        (items[0].reference, 1, 17),
        (items[1].reference, 2, 50),
        (items[2].reference, 3, 84),
    ]
    assert response.context["results"].panel_mean == Decimal("4.33")
    assert "withheld" not in body.lower()


def test_results_counts_the_unscored_and_the_withheld_apart(client, scored):
    cycle, items, (a, _b, _c) = scored
    chair = factories.seat(cycle, chair=True)
    factories.conflict(items[0], chair)
    client.force_login(chair.user)

    body = text(client.get(urls(cycle)["results"]))

    assert (
        f"In {cycle.program.short_name} {cycle.award_year}, 3 nominations reached the panel: "
        "1 scored, 1 not scored yet, 1 withheld from you. Lower scores are better."
    ) in body
    assert "Showing 1–3 of 3 nominations." in body


def test_results_of_a_cycle_with_no_panel_nominations_counts_nothing(client):
    cycle = factories.review_cycle(nominations=0, panelists=1)
    client.force_login(factories.award_staff())

    body = text(client.get(urls(cycle)["results"]))

    assert f'<p class="usa-intro">{cycle.program.short_name} {cycle.award_year}.</p>' in body
    assert "No nominations have reached the panel in this cycle yet." in body
    assert "reached the panel:" not in body


@pytest.mark.parametrize(("sort", "direction"), [("reference", "desc"), ("nominee", "asc")])
def test_results_withheld_rows_stay_last_whatever_the_sort(
    client, conflicted_chair, sort, direction
):
    cycle, items, chair = conflicted_chair
    client.force_login(chair.user)

    response = client.get(urls(cycle)["results"], {"sort": sort, "dir": direction})

    assert response.context["rows"][-1].reference == items[1].reference


def test_results_csv_for_a_conflicted_chair_is_computed_without_the_withheld_nomination(
    client, conflicted_chair
):
    cycle, items, chair = conflicted_chair
    client.force_login(chair.user)

    content = client.get(urls(cycle)["csv"]).getvalue().decode()

    n = [(item.reference, item.nominee.display_name) for item in items]
    assert content == (
        "rank,reference,nominee,reviews counted,score,mean: Criterion 1,mean: Criterion 2,"
        "sd,range,disagreement,mean z,percentile\r\n"
        f'1,{n[0][0]},"{n[0][1]}",3,20,2.00,2.00,0.00,0,no,-0.71,25\r\n'
        f'2,{n[2][0]},"{n[2][1]}",3,60,6.00,6.00,0.00,0,no,0.71,75\r\n'
        f',{n[1][0]},"{n[1][1]}",withheld: conflict of interest,,,,,,,,\r\n'
    )
    event = AuditEvent.objects.get(action="results.export")
    assert event.data == {"rows": 3, "scored": 2, "withheld": [items[1].pk]}


def test_calibration_conflicted_chair_means_exclude_the_withheld_reviews(client):
    # a scored the withheld nomination 7 and the other 3; b scored the other 2.
    cycle, (shown, hidden), (a, b) = panel_cycle(nominations=2, panelists=2)
    factories.review_of(hidden, a, overall=7)
    factories.review_of(shown, a, overall=3)
    factories.review_of(shown, b, overall=2)
    chair = factories.seat(cycle, chair=True)
    factories.conflict(hidden, chair)
    client.force_login(chair.user)

    response = client.get(urls(cycle)["calibration"])

    body = text(response)
    results = response.context["results"]
    assert sorted(
        (p.panelist.member_id, p.reviews_counted, p.mean, p.sd, p.offset) for p in results.panelists
    ) == [
        (a.pk, 1, Decimal("3.00"), None, Decimal("0.50")),
        (b.pk, 1, Decimal("2.00"), None, Decimal("-0.50")),
    ]
    assert (results.panel_mean, results.panel_sd) == (Decimal("2.50"), Decimal("0.71"))
    assert "<dt>Panel mean</dt> <dd>2.50</dd>" in body
    assert "is computed without 1 nomination" in body
    assert "Staff see the full results." in body


def test_results_chair_sees_no_scores_of_an_assigned_nomination_until_their_own_review(client):
    cycle, (first, second), (chair, b, c) = panel_cycle(nominations=2, panelists=3)
    Panel.objects.filter(cycle=cycle).update(show_scores_after_submit=False)
    PanelMember.objects.filter(pk=chair.pk).update(is_chair=True)
    b.user.full_name, c.user.full_name = "Blake Moss", "Casey Lund"
    b.user.save()
    c.user.save()
    for member, x, y in ((b, 2, 4), (c, 4, 8)):
        factories.review_of(first, member, overall=x)
        factories.review_of(second, member, overall=y)
    factories.review_of(second, chair, overall=6)
    draft = factories.review_of(first, chair, overall=3, submitted=False)
    client.force_login(chair.user)

    before = client.get(urls(cycle)["results"])

    body = text(before)
    assert [
        (r.reference, r.withheld, r.score, r.rank, r.percentile) for r in before.context["rows"]
    ] == [
        (second.reference, "", 60, 1, 50),
        (first.reference, "until you submit your own review", None, None, None),
    ]
    assert "Blake Moss: raw 2" not in body
    assert "Casey Lund: raw 4" not in body
    assert "Blake Moss: raw 4" in body  # the nomination they have reviewed
    assert "Withheld until you submit your own review. Its scores are not shown to you" in body

    review_submit(
        nomination=first, member=chair, actor=chair.user, data={}, revision=draft.revision
    )
    after = client.get(urls(cycle)["results"])

    assert [(r.reference, r.withheld, r.score, r.rank) for r in after.context["rows"]] == [
        (first.reference, "", 30, 1),
        (second.reference, "", 60, 2),
    ]
    assert "Blake Moss: raw 2" in text(after)
    assert "withheld" not in text(after).lower()


def refused_chairs(cycle):
    other = factories.review_cycle(nominations=1, panelists=0)
    return {
        "panelist": factories.seat(cycle).user,
        "unsigned chair": factories.seat(cycle, chair=True, attested=False).user,
        "removed chair": factories.seat(cycle, chair=True, removed=True).user,
        "chair of another cycle": factories.seat(other, chair=True).user,
        "nominator": factories.nominator(),
        "selecting official": factories.selecting_official(),
    }


@pytest.mark.parametrize("page", ["results", "csv", "calibration"])
def test_results_pages_refuse_others_and_audit_the_denial(client, scored, page):
    cycle, _, _ = scored
    users = refused_chairs(cycle)
    reviews_before = list(Review.objects.values_list("pk", "state", "overall"))
    url = urls(cycle)[page]
    action = "results.export" if page == "csv" else "page.denied"

    for who, user in users.items():
        client.force_login(user)
        before = AuditEvent.objects.count()
        response = client.get(url)
        assert response.status_code == 403, who
        assert AuditEvent.objects.count() == before + 1
        event = AuditEvent.objects.order_by("-pk").first()
        assert (event.action, event.outcome, event.actor, event.note, event.object_id) == (
            action,
            "denied",
            user,
            f"GET {url}",
            str(cycle.pk),
        ), who

    assert list(Review.objects.values_list("pk", "state", "overall")) == reviews_before
    assert AuditEvent.objects.filter(outcome="done").count() == 0


@pytest.mark.parametrize("make_user", [factories.nominator, factories.selecting_official])
def test_results_pages_tell_those_without_a_panel_role_nothing_about_which_cycles_exist(
    client, make_user
):
    user = make_user()
    client.force_login(user)
    missing = reverse("reviews:results", args=[999999])

    response = client.get(missing)

    assert response.status_code == 403
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "page.denied",
        "denied",
        user,
        "",
    )


def test_results_anonymous_sent_to_sign_in(client, scored):
    cycle, _, _ = scored
    url = urls(cycle)["results"]

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert AuditEvent.objects.count() == 0


def test_results_unknown_cycle_is_404(client):
    client.force_login(factories.award_staff())

    assert client.get(reverse("reviews:results", args=[999999])).status_code == 404


def test_results_csv_exact_content_and_audit(client, scored):
    cycle, items, _ = scored
    staff = factories.award_staff()
    client.force_login(staff)

    response = client.get(urls(cycle)["csv"])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="panel-results-')
    n = [(item.reference, item.nominee.display_name) for item in items]
    assert response.getvalue().decode() == (
        "rank,reference,nominee,reviews counted,score,mean: Criterion 1,mean: Criterion 2,"
        "sd,range,disagreement,mean z,percentile\r\n"
        f'1,{n[0][0]},"{n[0][1]}",3,27,2.67,2.67,0.58,1,no,-0.71,25\r\n'
        f'2,{n[1][0]},"{n[1][1]}",3,53,5.33,5.33,2.31,4,yes,0.71,75\r\n'
        f',{n[2][0]},"{n[2][1]}",0,,,,,,no,,\r\n'
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.object_id, event.data) == (
        "results.export",
        "done",
        staff,
        str(cycle.pk),
        {"rows": 3, "scored": 2, "withheld": []},
    )


def test_results_csv_neutralizes_formulas(client):
    cycle, (first,), (a,) = panel_cycle(nominations=1, panelists=1)
    first.nominee.legal_name = '=HYPERLINK("http://evil.example","x")'
    first.nominee.save()
    RubricCriterion.objects.filter(cycle=cycle, position=1).update(name="@SUM(A1)")
    factories.review_of(first, a, overall=3)
    client.force_login(factories.award_staff())

    lines = client.get(urls(cycle)["csv"]).getvalue().decode().split("\r\n")

    assert lines[0].split(",")[5] == "mean: @SUM(A1)"  # not at the start: harmless
    assert ',"\'=HYPERLINK(""http://evil.example"",""x"")",' in lines[1]


def test_calibration_shows_panelists_against_the_panel(client):
    cycle, (first, second), (a, b) = panel_cycle(nominations=2, panelists=2)
    for member, x, y in ((a, 2, 4), (b, 4, 6)):
        factories.review_of(first, member, overall=x)
        factories.review_of(second, member, overall=y)
    client.force_login(factories.award_staff())

    body = text(client.get(urls(cycle)["calibration"]))

    assert "<dt>Panel mean</dt> <dd>4.00</dd> <dt>Panel SD</dt> <dd>1.63</dd>" in body
    assert "-1.00 (kinder than the panel)" in body
    assert "1.00 (harsher than the panel)" in body
    assert "a negative offset means they score more favourably" in body


def test_calibration_without_counted_reviews_says_so(client):
    cycle, _, _ = panel_cycle()
    client.force_login(factories.award_staff())

    assert "No reviews count yet" in text(client.get(urls(cycle)["calibration"]))


def populate(size: int):
    cycle, items, members = panel_cycle(nominations=size, panelists=3)
    for nomination in items:
        for member in members:
            factories.review_of(nomination, member, overall=(nomination.pk + member.pk) % 9 + 1)
    factories.conflict(items[0], members[0])
    PanelMember.objects.filter(pk=members[1].pk).update(removed_at="2031-01-01T00:00:00Z")
    return cycle


@pytest.mark.parametrize("size", [2, 15])
@pytest.mark.parametrize("page", ["results", "csv", "calibration"])
def test_results_pages_query_count_does_not_grow(client, django_assert_num_queries, size, page):
    cycle = populate(size)
    client.force_login(factories.award_staff())
    # session, user, role groups, cycle, the party rule's two (the reader's addresses, the
    # nominations they made, are the contact or individual nominee of, or endorsed), then
    # the stored figures: for the results page the rubric, the panelists' tallies, the
    # count at each score, the count of rows and the page's rows; for the export the
    # rubric, the nominations, their tallies and the panelists'; for calibration the
    # panelists' tallies alone. The export adds its audit event (savepoint, newest hash,
    # insert, release, and on PostgreSQL the chain's advisory lock).
    audit = 4 + (connection.vendor == "postgresql")
    budget = {"results": 11, "csv": 10 + audit, "calibration": 7}[page]

    with django_assert_num_queries(budget):
        response = client.get(urls(cycle)[page])

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 15])
def test_results_chair_query_count_does_not_grow(client, django_assert_num_queries, size):
    cycle = populate(size)
    chair = factories.seat(cycle, chair=True)
    items = list(cycle.nominations.order_by("reference"))
    factories.conflict(items[0], chair)
    Assignment.objects.create(nomination=items[1], member=chair)
    client.force_login(chair.user)

    # staff's eleven, plus the chair's seat, what is withheld from them (one query for
    # their conflicts and unreviewed assignments), and the withheld nominations with their
    # tallies (taken off the panelists' and the counts); at least one row is not withheld, so
    # the page's rows are read too
    with django_assert_num_queries(15):
        response = client.get(urls(cycle)["results"])

    assert len(response.context["rows"]) == size
    assert [row.withheld for row in response.context["rows"][-2:]] == [
        "conflict of interest",
        "until you submit your own review",
    ]


def test_calibration_of_a_panelist_with_one_review_says_too_few_to_tell(client):
    cycle, items, members = panel_cycle(nominations=2, panelists=2)
    factories.review_of(items[0], members[0], overall=2)
    factories.review_of(items[0], members[1], overall=4)
    factories.review_of(items[1], members[1], overall=6)
    client.force_login(factories.award_staff())

    body = text(client.get(urls(cycle)["calibration"]))

    assert "— (fewer than 2 reviews)" in body
    assert "too few reviews to tell" in body
    assert "None" not in body


def test_results_csv_every_cell_is_safe_whatever_the_text(client):
    cycle, (first,), (a,) = panel_cycle(nominations=1, panelists=1)
    factories.review_of(first, a, overall=3)
    client.force_login(factories.award_staff())

    @given(nominee=CELL_TEXT, criterion=CELL_TEXT)
    @settings(max_examples=60)
    def export_is_safe(nominee, criterion):
        nominee = nominee.replace("\x00", "")[:300]
        type(first.nominee).objects.filter(pk=first.nominee_id).update(
            legal_name=nominee, certificate_name=nominee
        )
        RubricCriterion.objects.filter(cycle=cycle, position=1).update(
            name=criterion.replace("\x00", "")[:100]
        )

        content = client.get(urls(cycle)["csv"]).getvalue().decode()

        rows = list(csv.reader(io.StringIO(content, newline="")))
        assert all(safe_cell(cell) for row in rows for cell in row)
        first.nominee.refresh_from_db()
        assert rows[1][2] == neutralize_csv_cell(first.nominee.display_name)

    export_is_safe()
