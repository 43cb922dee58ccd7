"""Fuzzing award staff's forms on the nominations side (cycle set-up, rubric, checklist,
vetting, duplicates, citations, slate, certificates, announcement) and the selecting
official's selection form: no server error, every value escaped where it is shown."""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from nominations.models import SlateEntry
from nominations.states import CycleState, NominationState
from reviews.models import PanelMember
from selection.services.certificates import certificate_issue
from tests import factories
from tests.awards_site.fuzzing import (
    FUZZ,
    IMG,
    JS_URL,
    SCRIPT,
    SVG,
    assert_escaped,
    mangled,
    post_and_follow,
    storable,
)
from tests.core.pdf_samples import upload, valid_pdf

pytestmark = pytest.mark.django_db

S = NominationState
HTMX = {"HTTP_HX_REQUEST": "true"}
EVERYWHERE = f"{SCRIPT}{IMG}{SVG}"


def staff_client(client):
    staff = factories.award_staff()
    client.force_login(staff)
    return staff


def n_url(name: str, *args) -> str:
    return reverse(f"nominations:{name}", args=args)


def s_url(name: str, *args) -> str:
    return reverse(f"selection:{name}", args=args)


def all_fields(base: dict, value: str = EVERYWHERE) -> dict:
    return dict.fromkeys(base, value)


# -- cycle set-up --------------------------------------------------------------------------

CYCLE = {
    "program": "",
    "award_year": "2031",
    "time_zone": "America/Chicago",
    "opens_at": "2031-03-01T09:00",
    "deadline": "2031-05-15T17:00",
    "performance_start": "2030-01-01",
    "performance_end": "2030-12-31",
    "award_cap": "5",
    "public_call": "on",
    "privacy_authority": "22 U.S.C. 7103",
    "privacy_purpose": "To select recipients.",
    "privacy_routine_uses": "None.",
    "privacy_disclosure": "Voluntary.",
    "privacy_notice_url": "https://www.state.gov/privacy",
    "pra_control_number": "1405-0000",
    "pra_expires_on": "2032-01-01",
    "pra_burden_minutes": "30",
    "pra_statement": "Public reporting burden.",
    "signatory_name": "Antony J. Blinken",
    "signatory_title": "Secretary of State",
    "presentation_date": "2032-02-13",
    "presentation_event": "PITF meeting",
    "presentation_place": "Washington, D.C.",
}


@FUZZ
@given(data=mangled(CYCLE), edit=st.booleans())
@example(data=all_fields(CYCLE), edit=False)
@example(data=all_fields(CYCLE) | {"privacy_notice_url": JS_URL}, edit=True)
def test_fuzz_cycle_setup(client, data, edit):
    staff_client(client)
    program = factories.AwardProgramFactory()
    data = {"program": str(program.pk)} | data if data.get("program") == "" else data
    if edit:
        cycle = factories.CycleFactory()
        url = n_url("staff_cycle_edit", cycle.pk)
        also = (
            n_url("staff_cycle", cycle.pk),
            n_url("staff_cycles"),
            n_url("cycle_call", cycle.pk),
        )
    else:
        url, also = n_url("staff_cycle_create"), (n_url("staff_cycles"),)

    post_and_follow(client, url, data, also=also)


# One existing row (its id added by the test) and one new row, as the page posts them.
MANAGEMENT = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "1"}
RUBRIC = {
    "form-TOTAL_FORMS": "2",
    "form-INITIAL_FORMS": "1",
    "form-0-name": "Impact",
    "form-0-description": "Reach.",
    "form-0-weight": "1.5",
    "form-0-ORDER": "2",
    "form-1-name": "Reach",
    "form-1-weight": "1",
    "form-1-ORDER": "1",
}
CHECKLIST = {
    "form-TOTAL_FORMS": "2",
    "form-INITIAL_FORMS": "1",
    "form-0-text": "Allowed by statute",
    "form-0-required": "on",
    "form-0-help_text": "See 22 U.S.C.",
    "form-0-ORDER": "3",
    "form-0-DELETE": "on",
    "form-1-text": "Clearance",
    "form-1-ORDER": "1",
}


@FUZZ
@given(data=mangled(RUBRIC))
@example(data=all_fields(RUBRIC) | MANAGEMENT)
@example(data=RUBRIC | all_fields({"form-0-name": 1, "form-0-description": 1, "form-1-name": 1}))
@example(data=RUBRIC | {"form-0-weight": "1e309", "form-1-ORDER": "-1"})
def test_fuzz_rubric(client, data):
    staff_client(client)
    cycle = factories.CycleFactory()
    data = {"form-0-id": str(cycle.rubric_criteria.get().pk)} | data
    url = n_url("staff_rubric", cycle.pk)

    post_and_follow(client, url, data, also=(n_url("staff_cycle", cycle.pk), url))


@FUZZ
@given(data=mangled(CHECKLIST))
@example(data=all_fields(CHECKLIST) | MANAGEMENT)
@example(data=CHECKLIST | all_fields({"form-0-text": 1, "form-0-help_text": 1, "form-1-text": 1}))
@example(data=CHECKLIST | {"form-1-ORDER": "99999999999999999999"})
def test_fuzz_checklist(client, data):
    staff_client(client)
    cycle = factories.CycleFactory()
    data = {"form-0-id": str(cycle.checklist_items.first().pk)} | data
    url = n_url("staff_checklist", cycle.pk)

    post_and_follow(client, url, data, also=(n_url("staff_cycle", cycle.pk), url))


# -- vetting -------------------------------------------------------------------------------

CHECK = {"result": "pass", "note": "Memo on file.", "revision": "0"}


@FUZZ
@given(data=mangled(CHECK), htmx=st.booleans(), with_file=st.booleans())
@example(
    data=all_fields(CHECK) | {"result": "concern", "revision": "0"}, htmx=False, with_file=True
)
@example(data=CHECK | {"note": SCRIPT}, htmx=True, with_file=False)
def test_fuzz_checklist_result(client, data, htmx, with_file):
    staff_client(client)
    nomination = factories.nomination_in(S.VETTING)
    item = nomination.cycle.checklist_items.get(required=True)
    if with_file:
        data = data | {"evidence": upload(valid_pdf(), "memo.pdf")}

    post_and_follow(
        client,
        n_url("staff_checklist_result", nomination.pk, item.pk),
        data,
        also=(n_url("staff_nomination", nomination.pk),),
        **(HTMX if htmx else {}),
    )


RETURN = {"message": "Please send the EIN letter.", "due_date": "2099-01-01"}
INELIGIBLE = {"reason": "A federal agency.", "notice": "Dear nominator,", "step": "send"}


@FUZZ
@given(data=mangled(RETURN))
@example(data=all_fields(RETURN) | {"due_date": "2099-01-01"})
def test_fuzz_return_for_info(client, django_capture_on_commit_callbacks, data):
    staff_client(client)
    nomination = factories.nomination_in(S.VETTING)

    with django_capture_on_commit_callbacks(execute=True):
        post_and_follow(client, n_url("staff_return_for_info", nomination.pk), data)
    assert_escaped(client.get(n_url("staff_nomination", nomination.pk)), list(data.values()))
    client.force_login(nomination.nominator)
    for page in (n_url("nomination_detail", nomination.pk), n_url("my_nominations")):
        assert_escaped(client.get(page), list(data.values()))


@FUZZ
@given(data=mangled(INELIGIBLE), step=st.sampled_from(["prepare", "send", "", SCRIPT]))
@example(data=all_fields(INELIGIBLE), step="prepare")
@example(data=all_fields(INELIGIBLE), step="send")
def test_fuzz_mark_ineligible(client, django_capture_on_commit_callbacks, data, step):
    staff_client(client)
    nomination = factories.nomination_in(S.VETTING)
    data = data | {"step": step}

    with django_capture_on_commit_callbacks(execute=True):
        post_and_follow(
            client,
            n_url("staff_mark_ineligible", nomination.pk),
            data,
            also=(n_url("staff_nomination", nomination.pk),),
        )


@FUZZ
@given(data=mangled({"note": "Same nominee."}), unlink=st.booleans())
@example(data={"note": EVERYWHERE}, unlink=False)
def test_fuzz_duplicates(client, data, unlink):
    staff_client(client)
    nomination = factories.nomination_in(S.VETTING)
    other = factories.nomination_in(S.VETTING, cycle=nomination.cycle)
    name = "staff_duplicate_unlink" if unlink else "staff_duplicate_link"

    post_and_follow(
        client,
        n_url(name, nomination.pk, other.pk),
        data,
        also=(n_url("staff_nomination", nomination.pk), n_url("staff_nomination", other.pk)),
    )


@FUZZ
@given(text=st.text(max_size=300) | st.sampled_from([EVERYWHERE, "x" * 100_000]))
@example(text=EVERYWHERE)
def test_fuzz_staff_pages_show_nominator_text_escaped(client, text):
    """Whatever a nominator managed to store is escaped on every staff page showing it."""
    text = storable(text)
    staff_client(client)
    nominee = factories.NomineeFactory(legal_name=text[:300], city=text[:100])
    nomination = factories.nomination_in(
        S.VETTING,
        nominee=nominee,
        summary=text,
        justification=text,
        suggested_citation=text,
        excluded_reviewers=text,
        nominator_name=text[:200],
    )
    pages = (
        n_url("staff_nomination", nomination.pk),
        n_url("staff_queue") + "?q=" + text[:100],
        n_url("staff_home"),
        s_url("citations", nomination.pk),
    )
    for page in pages:
        assert_escaped(client.get(page), [text])


# -- citations, slate, certificates, announcement ---------------------------------------------


@FUZZ
@given(kind=st.sampled_from(["short", "full", "", SCRIPT]), data=st.data())
@example(kind="short", data=None)
@example(kind="full", data=None)
def test_fuzz_citation(client, kind, data):
    staff_client(client)
    nomination = factories.nomination_in(S.SELECTED, cycle=factories.cycle_in(CycleState.SELECTION))
    base = {
        "kind": kind,
        f"{kind}-text": "for its referral network",
        f"{kind}-expected_version": "0",
    }
    sent = (
        base | {f"{kind}-text": f"for its {EVERYWHERE}"}
        if data is None
        else data.draw(mangled(base))
    )

    post_and_follow(
        client,
        s_url("citations", nomination.pk),
        sent,
        also=(s_url("cycle_citations", nomination.cycle_id),),
    )


def review_cycle_with_one():
    cycle = factories.review_cycle(nominations=1, panelists=2, criteria=1)
    nomination = cycle.nominations.get()
    for member in nomination.assignments.values_list("member", flat=True):
        factories.review_of(nomination, PanelMember.objects.get(pk=member), overall=2)
    return cycle, nomination


@FUZZ
@given(data=mangled({"briefing_note": "Strong, documented results."}), not_advance=st.booleans())
@example(data={"briefing_note": EVERYWHERE}, not_advance=False)
@example(data={"briefing_note": EVERYWHERE, "reason": EVERYWHERE}, not_advance=True)
def test_fuzz_slate(client, data, not_advance):
    staff_client(client)
    cycle, nomination = review_cycle_with_one()
    name = "slate_not_advance" if not_advance else "slate_entry"

    post_and_follow(
        client,
        s_url(name, cycle.pk, nomination.pk),
        data,
        also=(s_url("slate", cycle.pk), n_url("staff_nomination", nomination.pk)),
    )


@FUZZ
@given(
    data=mangled({"reason": "Issued in error."}),
    issue=mangled({"recipient_name": "Restore NYC", "reason": "again", "expected_current": ""}),
)
@example(data={"reason": EVERYWHERE}, issue={"recipient_name": EVERYWHERE, "expected_current": ""})
def test_fuzz_certificate_issue_and_revoke(client, data, issue):
    staff = staff_client(client)
    nomination = factories.nomination_in(S.SELECTED, cycle=factories.cycle_in(CycleState.SELECTION))
    factories.citations_approved(nomination, by=staff)

    post_and_follow(client, s_url("staff_certificate_issue", nomination.pk), issue)
    certificate = nomination.certificates.first() or certificate_issue(
        nomination=nomination, actor=staff
    )
    post_and_follow(
        client,
        s_url("staff_certificate_revoke", nomination.pk, certificate.pk),
        data,
        also=(n_url("staff_nomination", nomination.pk),),
    )


ANNOUNCEMENT = {
    "statement_date": "2032-02-13",
    "headline": "Meeting of the Task Force",
    "context_paragraph": "Around the world, millions.\r\n\r\nA second paragraph.",
    "meeting_sentence": "Today I chaired the meeting of the Task Force.",
    "commitments": "Looking forward, we will do our part, by:\r\n- Promoting.",
    "closing_sentence": "",
    "third_person": "on",
}


@FUZZ
@given(data=mangled(ANNOUNCEMENT))
@example(data=all_fields(ANNOUNCEMENT) | {"statement_date": "2032-02-13"})
def test_fuzz_announcement_statement(client, data):
    staff = staff_client(client)
    cycle = factories.cycle_in(CycleState.SELECTION)
    nomination = factories.nomination_in(S.SELECTED, cycle=cycle)
    factories.citations_approved(nomination, by=staff)

    post_and_follow(client, s_url("press_statement", cycle.pk), data)


# -- selecting official -------------------------------------------------------------------


@FUZZ
@given(data=st.data())
@example(data=None)
def test_fuzz_selection(client, data):
    cycle, nomination = review_cycle_with_one()
    staff = factories.award_staff()
    SlateEntry.objects.create(nomination=nomination, briefing_note=EVERYWHERE, written_by=staff)
    type(nomination).objects.filter(pk=nomination.pk).update(state=S.SHORTLISTED)
    type(cycle).objects.filter(pk=cycle.pk).update(state=CycleState.SELECTION)
    client.force_login(factories.selecting_official())
    base = {
        # The summary step ("review") and the signature ("sign", also any other value).
        "stage": "review",
        "selected": str(nomination.pk),
        "justification": "",
        "signed_name": "Antony Blinken",
        "confirm": "yes",
    }
    if data is None:
        sent = {"selected": [str(nomination.pk), SCRIPT], "justification": EVERYWHERE}
        sent["signed_name"] = EVERYWHERE
    else:
        sent = data.draw(mangled(base))

    post_and_follow(
        client,
        s_url("selection_cycle", cycle.pk),
        sent,
        also=(s_url("decision_memo", cycle.pk), s_url("slate", cycle.pk)),
    )
