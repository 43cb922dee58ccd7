"""The announcement pages: staff's statement and edit form, the exports, the public page
after the announcement, and the embargo before it."""

import datetime as dt
import html
import io
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.exceptions import NotPermitted
from core.models import AuditEvent
from nominations.models import Announcement, Citation, CitationKind, Cycle
from nominations.states import CycleState, NominationState
from selection.services.press_statement import press_statement_update
from tests import factories
from tests.core.pdf_structure import faults
from tests.selection import published_record
from tests.selection.domain.test_press_statement import PUBLISHED_2022

pytestmark = pytest.mark.django_db
S = CycleState
PROGRAM = "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons"
PARAGRAPH_2031 = (
    f"During the meeting, I presented the 2031 {PROGRAM} to Freedom Network for its "
    "survivor-led referral network. This organization inspires us all to take action to end "
    "trafficking in persons once and for all."
)


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def done_events() -> int:
    return AuditEvent.objects.filter(outcome="done").count()


def cycle_with_recipient(state: str = S.SELECTION, *, recipients: int = 1) -> Cycle:
    """A 2031 cycle with selected (or, once announced, awarded) nominations whose short
    citations are approved."""
    cycle = factories.cycle_in(state, award_year=2031, presentation_date=dt.date(2032, 2, 13))
    nomination_state = (
        NominationState.AWARDED if state in (S.ANNOUNCED, S.ARCHIVED) else NominationState.SELECTED
    )
    staff = factories.award_staff()
    for number in range(recipients):
        name = "Freedom Network" if number == 0 else f"Freedom Network {number}"
        nomination = factories.nomination_in(
            nomination_state, cycle=cycle, nominee=factories.NomineeFactory(legal_name=name)
        )
        Citation.objects.create(
            nomination=nomination,
            kind=CitationKind.SHORT,
            version=1,
            text="for its survivor-led referral network",
            created_by=staff,
            approved_by=staff,
            approved_at=timezone.now(),
        )
    return cycle


def edit_post(**overrides) -> dict:
    data = {
        "statement_date": "2032-02-13",
        "headline": "Meeting of the Task Force",
        "context_paragraph": "Around the world, millions.\r\n\r\nA second paragraph.",
        "meeting_sentence": "Today I chaired the 2032 meeting of the Task Force.",
        "commitments": "Looking forward, we will do our part, by:\r\n- Promoting.\r\n- Preventing.",
        "closing_sentence": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def staff_url(name: str, cycle: Cycle) -> str:
    return reverse(f"selection:{name}", args=[cycle.pk])


def public_url(name: str, year: int) -> str:
    return reverse(f"selection:{name}", args=[year])


# -- staff page -----------------------------------------------------------------------


def test_announcement_page_shows_the_statement_embargoed_with_the_form(staff_client):
    cycle = cycle_with_recipient(S.SELECTION)

    response = staff_client.get(staff_url("press_statement", cycle))

    body = text(response)
    assert response.status_code == 200
    assert "Embargoed: only award staff can see this statement" in body
    assert f'<p id="award-paragraph">{PARAGRAPH_2031}</p>' in body
    assert "Antony J. Blinken, Secretary of State" in body
    assert "February 13, 2032" in body
    assert 'name="headline"' in body
    assert f'href="{staff_url("press_statement_pdf", cycle)}"' in body


def test_announcement_page_lists_what_keeps_the_paragraph_from_reading_right(staff_client):
    cycle = factories.cycle_in(S.SELECTION, award_year=2031)
    nomination = factories.nomination_in(NominationState.SELECTED, cycle=cycle)

    body = text(staff_client.get(staff_url("press_statement", cycle)))

    assert f"<li>{nomination.reference} has no approved short citation.</li>" in body
    assert "[short citation not yet approved]" in body


def test_announcement_save_writes_the_row_and_one_audit_event(staff_client, staff):
    cycle = cycle_with_recipient(S.SELECTION)
    events = done_events()

    response = staff_client.post(staff_url("press_statement", cycle), edit_post())

    assert response.status_code == 302
    assert response["Location"] == staff_url("press_statement", cycle)
    announcement = Announcement.objects.get(cycle=cycle)
    assert announcement.statement_date == dt.date(2032, 2, 13)
    assert announcement.context_paragraph == "Around the world, millions.\n\nA second paragraph."
    assert announcement.commitments == (
        "Looking forward, we will do our part, by:\n- Promoting.\n- Preventing."
    )
    assert announcement.updated_by == staff
    assert done_events() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "announcement.update"
    assert event.data == {
        "changed": [
            "commitments",
            "context_paragraph",
            "headline",
            "meeting_sentence",
            "statement_date",
        ],
        "created": True,
    }
    body = text(staff_client.get(staff_url("press_statement", cycle)))
    assert (
        '<p>Looking forward, we will do our part, by:</p> <ul class="usa-list"> '
        "<li>Promoting.</li><li>Preventing.</li> </ul>"
    ) in body


def test_announcement_save_unchanged_writes_nothing(staff_client, staff):
    cycle = cycle_with_recipient(S.SELECTION)
    staff_client.post(staff_url("press_statement", cycle), edit_post())
    events = done_events()

    response = staff_client.post(staff_url("press_statement", cycle), edit_post())

    assert response.status_code == 302
    assert done_events() == events


def test_announcement_third_person_without_signatory_is_refused_next_to_the_field(
    staff_client,
):
    cycle = cycle_with_recipient(S.SELECTION)
    cycle.program.signatory_name = ""
    cycle.program.save(update_fields=["signatory_name"])
    events = done_events()

    response = staff_client.post(
        staff_url("press_statement", cycle), edit_post(third_person="on", headline="Kept headline")
    )

    body = text(response)
    assert response.status_code == 200
    assert (
        '<span class="usa-error-message" id="id_third_person-error">A third-person readout '
        "names the signatory: enter the signatory's name in the cycle's settings first.</span>"
    ) in body
    assert 'value="Kept headline"' in body
    assert not Announcement.objects.filter(cycle=cycle).exists()
    assert done_events() == events


def test_announcement_third_person_writes_a_readout(staff_client):
    cycle = cycle_with_recipient(S.SELECTION)

    staff_client.post(staff_url("press_statement", cycle), edit_post(third_person="on"))

    body = text(staff_client.get(staff_url("press_statement", cycle)))
    assert PARAGRAPH_2031.replace("I presented", "Secretary Blinken presented") in body


def test_announcement_archived_cycle_cannot_change(staff_client):
    cycle = cycle_with_recipient(S.ARCHIVED)
    events = done_events()

    response = staff_client.post(staff_url("press_statement", cycle), edit_post())

    assert response.status_code == 200
    assert "An archived cycle's announcement can no longer change." in text(response)
    assert not Announcement.objects.filter(cycle=cycle).exists()
    assert done_events() == events


def test_press_statement_update_service_refuses_non_staff():
    cycle = cycle_with_recipient(S.SELECTION)
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        press_statement_update(
            cycle=cycle,
            actor=factories.selecting_official(),
            statement_date=None,
            headline="x",
            context_paragraph="",
            meeting_sentence="",
            commitments="",
            closing_sentence="",
            third_person=False,
        )

    assert not Announcement.objects.exists()
    assert AuditEvent.objects.count() == events


def test_announcement_unknown_cycle_is_404_for_staff(staff_client):
    assert staff_client.get(reverse("selection:press_statement", args=[999999])).status_code == 404


# -- exports ---------------------------------------------------------------------------


def test_announcement_text_export(staff_client):
    cycle = cycle_with_recipient(S.SELECTION)
    staff_client.post(staff_url("press_statement", cycle), edit_post())

    response = staff_client.get(staff_url("press_statement_text", cycle))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="announcement-pa-2031.txt"'
    assert response.content.decode() == (
        "Meeting of the Task Force\n"
        "Press Statement\n"
        "Antony J. Blinken, Secretary of State\n"
        "February 13, 2032\n\n"
        "Around the world, millions.\n\n"
        "A second paragraph.\n\n"
        "Today I chaired the 2032 meeting of the Task Force.\n\n"
        "Looking forward, we will do our part, by:\n"
        "- Promoting.\n"
        "- Preventing.\n\n"
        f"{PARAGRAPH_2031}\n"
    )


def test_announcement_pdf_export(staff_client):
    cycle = cycle_with_recipient(S.SELECTION)
    staff_client.post(staff_url("press_statement", cycle), edit_post())

    response = staff_client.get(staff_url("press_statement_pdf", cycle))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="announcement-pa-2031.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Meeting of the Task Force"
    assert reader.metadata.subject == f"Press statement: the 2031 {PROGRAM}"
    assert reader.metadata.author == "Antony J. Blinken, Secretary of State"
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert PARAGRAPH_2031 in words
    assert faults(reader) == []


@pytest.mark.parametrize(
    ("name", "export_format"), [("press_statement_text", "txt"), ("press_statement_pdf", "pdf")]
)
def test_announcement_staff_exports_are_audited(staff_client, name, export_format):
    cycle = cycle_with_recipient(S.SELECTION)

    staff_client.get(staff_url(name, cycle))

    event = AuditEvent.objects.get(action="announcement.export")
    assert (event.object_id, event.data, event.outcome) == (
        str(cycle.pk),
        {"format": export_format},
        "done",
    )


# -- the public page -------------------------------------------------------------------


def test_public_announcement_of_the_seeded_2022_cycle_has_the_published_paragraph(client):
    call_command("seed_demo", stdout=StringIO())

    response = client.get(public_url("press_statement_public", 2022))

    assert response.status_code == 200
    assert f'<p id="award-paragraph">{PUBLISHED_2022}</p>' in text(response)
    exported = client.get(public_url("press_statement_public_text", 2022)).content.decode()
    assert exported.endswith(f"\n\n{PUBLISHED_2022}\n")


def test_public_announcement_after_the_announcement(client):
    cycle = cycle_with_recipient(S.ANNOUNCED)
    press_statement_update(
        cycle=cycle,
        actor=factories.award_staff(),
        statement_date=dt.date(2032, 2, 13),
        headline="Meeting of the Task Force",
        context_paragraph="Context.",
        meeting_sentence="",
        commitments="",
        closing_sentence="",
        third_person=False,
    )

    response = client.get(public_url("press_statement_public", 2031))

    body = text(response)
    assert response.status_code == 200
    assert '<h2 id="statement-headline">Meeting of the Task Force</h2>' in body
    assert f'<p id="award-paragraph">{PARAGRAPH_2031}</p>' in body
    assert client.get(public_url("press_statement_public_pdf", 2031)).status_code == 200


def test_public_announcement_unknown_year_is_404(client):
    cycle_with_recipient(S.ANNOUNCED)

    assert client.get(public_url("press_statement_public", 1999)).status_code == 404


def test_public_announcement_describes_itself_as_schema_org_news_about_its_recipients(
    client, settings
):
    settings.AWARDS_SITE_URL = published_record.SITE
    published_record.announced_2022()
    award = f"2022 {PROGRAM}"

    body = client.get(public_url("press_statement_public", 2022)).content.decode()

    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body)
    assert json.loads(found) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": published_record.HEADLINE,
        "url": f"{published_record.SITE}/announcements/2022/",
        "datePublished": "2023-02-13T17:00:00Z",
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": settings.AWARDS_SITE_NAME,
            "url": f"{published_record.SITE}/",
        },
        "description": re.search(r'<p id="award-paragraph">(.*?)</p>', html.unescape(body))[1],
        "author": {
            "@type": "Person",
            "name": "Antony J. Blinken",
            "jobTitle": "Secretary of State",
        },
        "about": [
            {
                "@type": "Organization",
                "name": "Mercy Medical Center’s Blue Dot Human Trafficking Initiative",
                "award": award,
                "description": "for its innovative and holistic approach to the care and "
                "wellbeing of victims of human trafficking",
            },
            {
                "@type": "Person",
                "name": "Ms. Ana Ruiz",
                "jobTitle": "Director",
                "affiliation": {"@type": "Organization", "name": "Safe Harbor Alliance"},
                "award": award,
                "description": published_record.RUIZ_SHORT,
            },
        ],
    }
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="{PROGRAM}: announcements" href="/announcements/feed.atom">'
    ) in body
    assert 'href="/recipients/2022/"' in body


def test_public_announcement_structured_data_leaves_out_a_missing_citation(client):
    """An awarded nomination with no approved short citation (imported so) is named
    without a description, never with the staff page's placeholder as its citation."""
    cycle = factories.cycle_in(S.ANNOUNCED, award_year=2031)
    factories.nomination_in(
        NominationState.AWARDED,
        cycle=cycle,
        nominee=factories.NomineeFactory(legal_name="Freedom Network"),
    )

    body = client.get(public_url("press_statement_public", 2031)).content.decode()

    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body)
    assert json.loads(found)["about"] == [
        {"@type": "Organization", "name": "Freedom Network", "award": f"2031 {PROGRAM}"}
    ]


@pytest.mark.parametrize("recipients", [1, 5])
def test_public_announcement_query_count_does_not_grow(
    client, django_assert_num_queries, recipients
):
    cycle_with_recipient(S.ANNOUNCED, recipients=recipients)

    # program, cycle with announcement, recipients with nominees, their short citations
    with django_assert_num_queries(4):
        response = client.get(public_url("press_statement_public", 2031))

    assert response.status_code == 200


@pytest.mark.parametrize("recipients", [1, 5])
def test_announcement_page_query_count_does_not_grow(
    staff_client, django_assert_num_queries, recipients
):
    cycle = cycle_with_recipient(S.SELECTION, recipients=recipients)

    # session, user, role groups, cycle with program and announcement, the party rule's
    # two (the reader's addresses and the recipients they made, are the contact or
    # individual nominee of, or endorsed), recipients, citations
    with django_assert_num_queries(8):
        response = staff_client.get(staff_url("press_statement", cycle))

    assert response.status_code == 200


# -- the embargo -----------------------------------------------------------------------

PRE_ANNOUNCEMENT_STATES = [S.SETUP, S.OPEN, S.CLOSED, S.REVIEW, S.SELECTION]
PUBLIC_PAGES = [
    "press_statement_public",
    "press_statement_public_text",
    "press_statement_public_pdf",
]
STAFF_PAGES = ["press_statement", "press_statement_text", "press_statement_pdf"]


@pytest.mark.parametrize("state", PRE_ANNOUNCEMENT_STATES)
@pytest.mark.parametrize("role", [None, "nominator", "panelist", "selecting_official"])
def test_embargo_before_the_announcement_nobody_but_staff_sees_the_statement(client, state, role):
    cycle = cycle_with_recipient(state)
    if role:
        client.force_login(getattr(factories, role)())
    rows = Announcement.objects.count()
    events = done_events()

    public = [client.get(public_url(name, 2031)).status_code for name in PUBLIC_PAGES]
    staff_pages = [client.get(staff_url(name, cycle)) for name in STAFF_PAGES]
    edit = client.post(staff_url("press_statement", cycle), edit_post())

    assert public == [404, 404, 404]
    expected = 403 if role else 302
    assert [page.status_code for page in [*staff_pages, edit]] == [expected] * 4
    for page in [*staff_pages, edit]:
        assert b"Freedom Network" not in page.content
    assert Announcement.objects.count() == rows
    assert done_events() == events
