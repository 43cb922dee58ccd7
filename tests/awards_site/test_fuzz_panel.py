"""Fuzzing the panel review's forms: staff's panel set-up, invitations, conflicts,
assignments, removals and reminders; the panelist's invitation, attestation, conflict
declaration, decline, scoring and comments. No server error, every value escaped."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from core.links import token_hash
from nominations.states import CycleState, NominationState
from reviews.models import Comment, PanelInvitation, PanelMember
from tests import factories
from tests.awards_site.fuzzing import (
    FUZZ,
    IMG,
    SCRIPT,
    SVG,
    assert_escaped,
    mangled,
    number_text,
    post_and_follow,
    storable,
    values,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EVERYWHERE = f"{SCRIPT}{IMG}{SVG}"
TOKEN = "T" * 43


def r_url(name: str, *args) -> str:
    return reverse(f"reviews:{name}", args=args)


def in_review():
    """A cycle in panel review with one nomination and one assigned, attested panelist."""
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=2)
    return cycle, cycle.nominations.get(), PanelMember.objects.get(panel__cycle=cycle)


def staff_signed_in(client):
    client.force_login(factories.award_staff())


# -- staff -----------------------------------------------------------------------------------

SETTINGS = {
    "attestation_text": "I will keep it confidential.",
    "reviewers_per_nomination": "3",
    "max_per_panelist": "",
    "review_due": "2099-03-01",
    "blind_review": "on",
    "show_scores_after_submit": "on",
}


@FUZZ
@given(data=mangled(SETTINGS), set_up=st.booleans())
@example(data=dict.fromkeys(SETTINGS, EVERYWHERE), set_up=False)
@example(data=SETTINGS | {"reviewers_per_nomination": "9" * 30}, set_up=False)
@example(data={SCRIPT: SCRIPT}, set_up=True)
def test_fuzz_panel_setup_and_settings(client, data, set_up):
    staff_signed_in(client)
    cycle = factories.CycleFactory(state=CycleState.CLOSED, configured=False)
    if not set_up:
        factories.panel_of(cycle)

    post_and_follow(client, r_url("panel_manage", cycle.pk), data)


@FUZZ
@given(data=mangled({"full_name": "Ana Ruiz", "email": "ana@example.org"}))
@example(data={"full_name": EVERYWHERE, "email": f"{IMG}@example.org"})
@example(data={"full_name": EVERYWHERE, "email": "ana@example.org"})
def test_fuzz_invitation(client, django_capture_on_commit_callbacks, data):
    staff_signed_in(client)
    cycle = factories.CycleFactory(state=CycleState.CLOSED, configured=False)
    factories.panel_of(cycle)

    with django_capture_on_commit_callbacks(execute=True):
        post_and_follow(client, r_url("panel_invite", cycle.pk), data)


ACCOUNT = {
    "full_name": "Ana Ruiz",
    "password1": "violet otter harbour 93",
    "password2": "violet otter harbour 93",
}


@FUZZ
@given(data=mangled(ACCOUNT), invited_name=values)
@example(data=dict.fromkeys(ACCOUNT, EVERYWHERE), invited_name=EVERYWHERE)
def test_fuzz_invitation_accept(client, data, invited_name):
    PanelInvitation.objects.filter(token_hash=token_hash(TOKEN)).delete()
    PanelInvitation.objects.create(
        panel=factories.panel_of(factories.CycleFactory(state=CycleState.CLOSED, configured=False)),
        email=f"invitee{PanelInvitation.objects.count()}@example.org",
        full_name=storable(invited_name)[:200],
        token_hash=token_hash(TOKEN),
        invited_by=factories.award_staff(),
        expires_at=timezone.now() + timezone.timedelta(days=14),
    )
    url = r_url("invitation_accept", TOKEN)
    assert_escaped(client.get(url), [invited_name])

    post_and_follow(client, url, data)
    client.logout()


@FUZZ
@given(data=mangled({"decision": "dismiss", "reason": "Different people."}))
@example(data={"decision": "uphold", "reason": EVERYWHERE})
@example(data={"decision": SCRIPT, "reason": EVERYWHERE})
def test_fuzz_conflict_decide(client, data):
    cycle, nomination, member = in_review()
    declared = factories.conflict(nomination, member, reason=EVERYWHERE)
    staff_signed_in(client)

    post_and_follow(
        client,
        r_url("conflict_decide", declared.pk),
        data,
        also=(r_url("conflict_list", cycle.pk),),
    )


@FUZZ
@given(data=st.data())
@example(data=None)
def test_fuzz_assignment_add(client, data):
    cycle, nomination, member = in_review()
    other = factories.seat(cycle)
    staff_signed_in(client)
    base = {"nomination": str(nomination.pk), "member": str(other.pk)}
    sent = base | {"member": SCRIPT} if data is None else data.draw(mangled(base))

    post_and_follow(
        client,
        r_url("assignment_add", cycle.pk),
        sent,
        also=(r_url("assignment_overview", cycle.pk),),
    )


@FUZZ
@given(data=mangled({"k": "2", "cap": "", "digest": ""}))
@example(data={"k": "9" * 30, "cap": "-1", "digest": SCRIPT})
def test_fuzz_balanced_assignment(client, data):
    cycle, _nomination, _member = in_review()
    staff_signed_in(client)

    post_and_follow(client, r_url("assignment_overview", cycle.pk), data)


@FUZZ
@given(data=mangled({"reason": "Left the agency."}), remind=mangled({}))
@example(data={"reason": EVERYWHERE}, remind={SCRIPT: EVERYWHERE})
def test_fuzz_member_remove_and_remind(client, django_capture_on_commit_callbacks, data, remind):
    cycle, _nomination, member = in_review()
    staff_signed_in(client)

    with django_capture_on_commit_callbacks(execute=True):
        post_and_follow(client, r_url("member_remind", member.pk), remind)
    post_and_follow(
        client,
        r_url("member_remove", cycle.pk, member.pk),
        data,
        also=(r_url("panel_manage", cycle.pk), r_url("progress", cycle.pk)),
    )


# -- panelists -------------------------------------------------------------------------------


@FUZZ
@given(data=mangled({"full_name": "P. Shah", "agree": "on"}), statement=values)
@example(data={"full_name": EVERYWHERE, "agree": EVERYWHERE}, statement=EVERYWHERE)
def test_fuzz_attestation(client, data, statement):
    cycle = factories.CycleFactory(state=CycleState.CLOSED, configured=False)
    panel = factories.panel_of(cycle, attestation_text=storable(statement))
    member = factories.seat(cycle, attested=False)
    client.force_login(member.user)
    url = r_url("attestation_sign", panel.pk)
    assert_escaped(client.get(url), [statement])

    post_and_follow(client, url, data, also=(r_url("panelist_home"),))


@FUZZ
@given(data=mangled({"kind": "employment", "reason": "I worked there."}))
@example(data={"kind": "other", "reason": EVERYWHERE})
@example(data={"kind": SCRIPT, "reason": ""})
def test_fuzz_conflict_declare(client, data):
    cycle, nomination, member = in_review()
    client.force_login(member.user)

    post_and_follow(
        client,
        r_url("conflict_declare", nomination.pk),
        data,
        also=(r_url("panelist_home"),),
    )
    staff_signed_in(client)
    assert_escaped(client.get(r_url("conflict_list", cycle.pk)), list(data.values()))


@FUZZ
@given(data=mangled({"reason": "Travelling all month."}))
@example(data={"reason": EVERYWHERE})
def test_fuzz_assignment_decline(client, data):
    cycle, nomination, member = in_review()
    client.force_login(member.user)

    post_and_follow(
        client,
        r_url("assignment_decline", nomination.pk),
        data,
        also=(r_url("panelist_home"),),
    )
    staff_signed_in(client)
    assert_escaped(client.get(r_url("assignment_overview", cycle.pk)), list(data.values()))


def review_base(cycle) -> dict:
    data = {"revision": "0", "overall": "3", "strengths": "Clear.", "weaknesses": ""}
    for criterion in cycle.rubric_criteria.all():
        data[f"criterion_{criterion.pk}"] = "2"
    return data


@FUZZ
@given(data=st.data(), submit=st.booleans(), autosave=st.booleans(), score=number_text)
@example(data=None, submit=False, autosave=True, score="²")
@example(data=None, submit=True, autosave=False, score="٣")
@example(data=None, submit=True, autosave=False, score="10")
def test_fuzz_scoring(client, data, submit, autosave, score):
    cycle, nomination, member = in_review()
    client.force_login(member.user)
    base = review_base(cycle)
    if data is None:
        sent = {name: score for name in base if name.startswith("criterion_")}
        sent |= {"revision": "0", "overall": score, "strengths": EVERYWHERE}
        sent["weaknesses"] = EVERYWHERE
    else:
        sent = data.draw(mangled(base))
    if submit:
        sent["submit"] = "1"

    post_and_follow(
        client,
        r_url("review_nomination", nomination.pk),
        sent,
        also=(r_url("review_nomination", nomination.pk), r_url("panelist_home")),
        **(HTMX if autosave else {}),
    )
    staff_signed_in(client)
    for page in (
        r_url("results", cycle.pk),
        r_url("calibration", cycle.pk),
        reverse("nominations:staff_nomination", args=[nomination.pk]),
    ):
        assert_escaped(client.get(page), list(sent.values()))


@FUZZ
@given(data=mangled({"body": "Needs more evidence."}), edit=mangled({"body": "Changed."}))
@example(data={"body": EVERYWHERE}, edit={"body": EVERYWHERE})
def test_fuzz_comments(client, data, edit):
    cycle, nomination, member = in_review()
    client.force_login(member.user)
    page = r_url("review_nomination", nomination.pk)

    post_and_follow(client, r_url("comment_add", nomination.pk), data, **HTMX)
    post_and_follow(client, r_url("comment_add", nomination.pk), data, also=(page,))
    comment = Comment.objects.filter(nomination=nomination).first() or Comment.objects.create(
        nomination=nomination, author=member.user, body="First."
    )
    post_and_follow(client, r_url("comment_edit", comment.pk), edit, also=(page,))


@FUZZ
@given(text=st.text(max_size=300) | st.sampled_from([EVERYWHERE, "x" * 100_000]))
@example(text=EVERYWHERE)
def test_fuzz_panel_pages_show_nominator_text_escaped(client, text):
    """Whatever a nominator stored is escaped on the panelist's and staff's panel pages."""
    text = storable(text)
    cycle, nomination, member = in_review()
    nominee = nomination.nominee
    nominee.legal_name, nominee.city = text[:300], text[:100]
    nominee.save()
    type(nomination).objects.filter(pk=nomination.pk).update(
        summary=text, justification=text, suggested_citation=text
    )
    client.force_login(member.user)
    for page in (r_url("review_nomination", nomination.pk), r_url("panelist_home")):
        assert_escaped(client.get(page), [text])
    staff_signed_in(client)
    for page in (r_url("results", cycle.pk), r_url("assignment_overview", cycle.pk)):
        assert_escaped(client.get(page), [text])
    assert type(nomination).objects.get(pk=nomination.pk).state == NominationState.IN_REVIEW
