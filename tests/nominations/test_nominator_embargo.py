"""Nothing a nominator sees moves before the announcement.

A cycle is driven through the views (the cycle script's cast and helpers): three
nominators submit, staff start vetting (which the nominator is told: "Under review"),
and from then on every staff, panel and official action up to the announcement is one
step. Before the first and after each, every page a nominator can open is rendered for
each nominator (My nominations, each nomination's page, form, review, confirmation,
withdraw page and documents page, each file and letter, the public pages, the
certificate check of a serial they can guess) and compared byte for byte with the first
rendering, CSRF tokens and CSP nonces aside; and no email reaches a nominator. The announcement then
changes the pages, so the comparison is not blind.
"""

import datetime as dt
import difflib
import importlib
import re

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

pytest.register_assert_rewrite(
    "tests.nominations.cycle_script",
    "tests.nominations.cycle_script_nominate",
    "tests.nominations.cycle_script_panel",
    "tests.nominations.cycle_script_select",
)

from accounts.roles import Role  # noqa: E402
from core.models import AuditEvent  # noqa: E402
from nominations.models import Cycle, Nomination  # noqa: E402
from nominations.services.nomination import nomination_clear, nomination_withdraw  # noqa: E402
from nominations.services.versions import nomination_version_record  # noqa: E402
from nominations.states import CycleState, NominationState  # noqa: E402
from tests import factories  # noqa: E402
from tests.core.pdf_samples import upload, valid_pdf  # noqa: E402
from tests.nominations.cycle_script import (  # noqa: E402
    CONFIRMED,
    Actor,
    nom_url,
    panel_url,
    sel_url,
)
from tests.nominations.cycle_script_nominate import NominatePhase  # noqa: E402
from tests.nominations.cycle_script_panel import PanelPhase  # noqa: E402
from tests.nominations.cycle_script_select import (  # noqa: E402
    BRIEFING_NOTE,
    FULL_CITATION,
    SHORT_CITATION,
    SelectPhase,
)
from tests.nominations.test_services_nomination_table import (  # noqa: E402
    NOMINATION_TABLE,
)
from tests.nominations.test_services_nomination_table import (  # noqa: E402
    _arguments as table_args,
)

pytestmark = [pytest.mark.django_db]
S = NominationState

# What differs between any two requests: the CSRF token, the CSP nonce and the seconds
# the session has left (the session warning's).
PER_REQUEST = re.compile(
    r'((?:name="csrfmiddlewaretoken" value|nonce|data-seconds-left)=")[^"]*(")'
)
NOMINATORS = ("alice", "cara", "dan")


def normalized_body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return PER_REQUEST.sub(r"\1…\2", response.content.decode()).encode()


def rendering(actor: Actor, url: str) -> tuple:
    """What the nominator gets for `url`, redirects followed: the chain, the status,
    the headers (ETag and Last-Modified included, if any; not X-Request-ID, which names
    the request itself) and the body."""
    response = actor.client.get(url, follow=True)
    return (
        tuple(response.redirect_chain),
        response.status_code,
        tuple(sorted(item for item in response.headers.items() if item[0] != "X-Request-ID")),
        normalized_body(response),
    )


def nominator_urls(actor: Actor, cycle) -> list[str]:
    """Every page the nominator can open (nominations/urls.py; GET rows of the
    authorization table open to the nominator), for each of their nominations."""
    from nominations.models import Attachment, EndorsementRequest, Nomination

    urls = [
        nom_url("my_nominations"),
        nom_url("home"),
        nom_url("cycle_call", cycle.pk),
    ]
    for nomination in Nomination.objects.filter(nominator=actor.user).order_by("pk"):
        pk = nomination.pk
        urls += [
            nom_url(name, pk)
            for name in (
                "nomination_detail",
                "nomination_edit",
                "nomination_review",
                "nomination_submitted",
                "nomination_withdraw",
                "nomination_documents",
            )
        ]
        for attachment in Attachment.objects.filter(nomination=nomination).order_by("pk"):
            urls.append(nom_url("attachment_download", pk, attachment.pk))
            urls.append(nom_url("attachment_remove", pk, attachment.pk))
        for letter in EndorsementRequest.objects.filter(nomination=nomination).order_by("pk"):
            urls.append(nom_url("letter_download", pk, letter.pk))
        if nomination.reference:
            # A certificate's serial is the reference and the issue number.
            urls.append(sel_url("certificate_verify", f"{nomination.reference}-C1"))
    return urls


class EmbargoScript(NominatePhase, PanelPhase, SelectPhase):
    """The cycle, one staff, panel or official action per step."""

    def pages(self) -> dict[tuple[str, str], tuple]:
        return {
            (name, url): rendering(getattr(self, name), url)
            for name in NOMINATORS
            for url in nominator_urls(getattr(self, name), self.cycle)
        }

    def mail_to_nominators(self) -> list[tuple]:
        addresses = {getattr(self, name).user.email for name in NOMINATORS}
        return [
            (message.subject, tuple(message.to))
            for message in mail.outbox
            if addresses & set(message.to)
        ]

    # -- before the embargo: the nominators' own steps, and the start of vetting ----------

    def nominate_and_start_vetting(self) -> None:
        from nominations.models import Nomination

        self.staff_create_and_open_the_cycle()
        self.nom_a = self.nominator_drafts(
            self.alice, nominee_name="Freedom Network, Inc.", contact_email="ana@freedom.example"
        )
        self.nom_c = self.nominator_drafts(
            self.cara, nominee_name="Open Door Shelter", contact_email="kim@door.example"
        )
        self.nom_d = self.nominator_drafts(
            self.dan, nominee_name="Bright Path Project", contact_email="lee@path.example"
        )
        self.alice_attaches_and_asks_for_a_letter()
        self.endorser_uploads_the_letter()
        # Cara's letter is asked for and never arrives.
        response = self.cara.post(
            nom_url("endorsement_request", self.nom_c.pk),
            {"name": "Sam Slow", "email": "sam@late.example", "relationship": "Partner"},
        )
        assert response.status_code == 302
        for actor, nomination in ((self.alice, self.nom_a), (self.cara, self.nom_c)):
            assert actor.post(nom_url("nomination_submit", nomination.pk)).status_code == 302
        response = self.dan.post(
            nom_url("attachment_upload", self.nom_d.pk),
            {"file": upload(valid_pdf("Outcomes"), "outcomes.pdf")},
        )
        assert response.status_code == 302
        assert self.dan.post(nom_url("nomination_submit", self.nom_d.pk)).status_code == 302
        # Alice submits a second nomination and starts a third: My nominations lists
        # them newest save first, and no action on the first may reorder the list.
        self.nom_a2 = self.nominator_drafts(
            self.alice, nominee_name="Second Chance Fund", contact_email="jo@chance.example"
        )
        assert self.alice.post(nom_url("nomination_submit", self.nom_a2.pk)).status_code == 302
        self.alice.post(nom_url("nomination_start"), {"cycle": self.cycle.pk})
        alice_draft = Nomination.objects.filter(nominator=self.alice.user).latest("pk")
        assert alice_draft.state == "draft"

        self.staff.post(nom_url("staff_cycle_transition", self.cycle.pk, "close"), CONFIRMED)
        for nomination in (*self.submitted(), self.nom_a2):
            self.staff.post(nom_url("staff_transition", nomination.pk, "start_vetting"))
            nomination.refresh_from_db()
            assert nomination.state == "vetting"
        # Alice is told her second nomination is not eligible.
        response = self.staff.post(
            nom_url("staff_mark_ineligible", self.nom_a2.pk),
            {"step": "send", "reason": "Outside the program.", "notice": "Not eligible."},
        )
        self.assert_redirect(response)

    def submitted(self):
        return (self.nom_a, self.nom_c, self.nom_d)

    # -- the steps under embargo, one action each ----------------------------------------

    def steps(self) -> list[tuple[str, object]]:
        steps = []
        for nomination in self.submitted():
            steps.append((f"checklist finding on {nomination}", self.finding(nomination)))
        steps += [
            ("duplicates linked", self.link_duplicates),
            ("duplicates unlinked", self.unlink_duplicates),
        ]
        for nomination in self.submitted():
            steps.append((f"clear {nomination}", self.transition(nomination, "clear")))
        steps += [
            ("panel set up, panelists invited", self.staff_set_up_the_panel_and_invite),
            ("panelists accept and attest", self.panelists_accept_and_attest),
            ("a conflict declared", self.declare_conflict),
            ("the conflict confirmed", self.confirm_conflict),
            ("assignments made", self.assign),
            ("review started, nominations sent to the panel", self.start_review),
            ("a reminder to a panelist", self.remind),
            ("panel scores saved as drafts", self.scores(submit=False)),
            ("panel reviews submitted", self.scores(submit=True)),
            ("a panel comment", self.comment),
            ("results read and exported", self.read_results),
            ("advance to the slate with a briefing note", self.advance(self.nom_a)),
            ("second advance to the slate", self.advance(self.nom_d)),
            ("not advanced", self.not_advance),
            ("slate sent to the selecting official", self.start_selection),
            ("decision memo downloaded", self.download_memo),
            ("selection signed: select and do not select", self.sign_selection),
            ("short citation drafted", self.draft_citation("short", SHORT_CITATION)),
            ("full citation drafted", self.draft_citation("full", FULL_CITATION)),
            ("short citation approved", self.approve_citation("short")),
            ("full citation approved", self.approve_citation("full")),
            ("certificate prepared", self.issue_certificate),
        ]
        return steps

    def finding(self, nomination):
        return lambda: self.assert_redirect(self.record_check(self.staff, nomination))

    def assert_redirect(self, response) -> None:
        assert response.status_code == 302, re.sub(r"(?s).*<main", "", response.content.decode())[
            :3000
        ]

    def link_duplicates(self) -> None:
        url = nom_url("staff_duplicate_link", self.nom_a.pk, self.nom_d.pk)
        self.assert_redirect(self.staff.post(url, {"note": "Same partner network."}))
        self.nom_a.refresh_from_db()
        assert self.nom_a.duplicate_case_id is not None

    def unlink_duplicates(self) -> None:
        url = nom_url("staff_duplicate_unlink", self.nom_a.pk, self.nom_d.pk)
        self.assert_redirect(self.staff.post(url))
        self.nom_d.refresh_from_db()
        assert self.nom_d.duplicate_case_id is None

    def transition(self, nomination, name: str):
        def step() -> None:
            before = nomination.state
            self.assert_redirect(self.staff.post(nom_url("staff_transition", nomination.pk, name)))
            nomination.refresh_from_db()
            assert nomination.state != before

        return step

    def declare_conflict(self) -> None:
        response = self.pat.post(
            panel_url("conflict_declare", self.nom_c.pk),
            {"kind": "employment", "reason": "I worked there until last year."},
        )
        self.assert_redirect(response)

    def confirm_conflict(self) -> None:
        from reviews.models import Conflict

        conflict = Conflict.objects.get(nomination=self.nom_c)
        response = self.staff.post(
            panel_url("conflict_decide", conflict.pk),
            {"decision": "confirm", "reason": "Employed there in 2022.", "seen_status": "declared"},
        )
        self.assert_redirect(response)

    def assign(self) -> None:
        overview = panel_url("assignment_overview", self.cycle.pk)
        preview = self.staff.get(overview, k="1", cap="2").context["preview"]
        response = self.staff.post(overview, {"k": "1", "cap": "2", "digest": preview.digest})
        self.assert_redirect(response)
        assigned = {nomination for nomination, _user in self.assigned()}
        assert assigned == {nomination.pk for nomination in self.submitted()}

    def start_review(self) -> None:
        url = nom_url("staff_cycle_transition", self.cycle.pk, "start_review")
        self.assert_redirect(self.staff.post(url, CONFIRMED))
        for nomination in self.submitted():
            nomination.refresh_from_db()
            assert nomination.state == "in_review"

    def remind(self) -> None:
        from reviews.models import PanelMember

        member = PanelMember.objects.get(panel=self.panel, user=self.pat.user)
        self.assert_redirect(self.staff.post(panel_url("member_remind", member.pk)))

    def reviewer(self, nomination) -> Actor:
        users = {user for pk, user in self.assigned() if pk == nomination.pk}
        return next(actor for actor in (self.pat, self.quinn) if actor.user.pk in users)

    def scores(self, *, submit: bool):
        overall = {self.nom_a.pk: 2, self.nom_c.pk: 6, self.nom_d.pk: 4}

        def step() -> None:
            for nomination in self.submitted():
                response = self.score(
                    self.reviewer(nomination),
                    nomination,
                    overall=overall[nomination.pk],
                    submit=submit,
                    htmx=not submit,
                )
                assert response.status_code == (302 if submit else 200)

        return step

    def comment(self) -> None:
        response = self.reviewer(self.nom_a).post(
            panel_url("comment_add", self.nom_a.pk), {"body": "The strongest case this year."}
        )
        self.assert_redirect(response)

    def read_results(self) -> None:
        for name in ("results", "results_csv", "calibration", "progress"):
            assert self.staff.get(panel_url(name, self.cycle.pk)).status_code == 200

    def advance(self, nomination):
        def step() -> None:
            response = self.staff.post(
                sel_url("slate_entry", self.cycle.pk, nomination.pk),
                {"briefing_note": BRIEFING_NOTE},
            )
            self.assert_redirect(response)
            nomination.refresh_from_db()
            assert nomination.state == "shortlisted"

        return step

    def not_advance(self) -> None:
        url = sel_url("slate_not_advance", self.cycle.pk, self.nom_c.pk)
        self.assert_redirect(self.staff.post(url))
        self.nom_c.refresh_from_db()
        assert self.nom_c.state == "not_advanced"

    def start_selection(self) -> None:
        url = nom_url("staff_cycle_transition", self.cycle.pk, "start_selection")
        self.assert_redirect(self.staff.post(url, CONFIRMED))
        self.cycle.refresh_from_db()
        assert self.cycle.state == "selection"

    def download_memo(self) -> None:
        for actor in (self.staff, self.official):
            assert actor.get(sel_url("decision_memo_pdf", self.cycle.pk)).status_code == 200

    def sign_selection(self) -> None:
        response = self.official.post(
            sel_url("selection_home"),
            {
                "selected": [str(self.nom_a.pk)],
                "justification": "",
                "signed_name": self.official.user.full_name,
                "confirm": "yes",
            },
        )
        self.assert_redirect(response)
        self.nom_a.refresh_from_db()
        self.nom_d.refresh_from_db()
        assert (self.nom_a.state, self.nom_d.state) == ("selected", "not_selected")

    def draft_citation(self, kind: str, text: str):
        return lambda: self.write_citation(self.staff, kind, text)

    def approve_citation(self, kind: str):
        def step() -> None:
            citation = self.nom_a.citations.get(kind=kind)
            url = sel_url("citation_approve", self.nom_a.pk, citation.pk)
            self.assert_redirect(self.staff2.post(url))
            citation.refresh_from_db()
            assert citation.approved_at is not None

        return step

    def issue_certificate(self) -> None:
        response = self.staff.post(
            sel_url("staff_certificate_issue", self.nom_a.pk),
            {"recipient_name": "Freedom Network, Inc.", "expected_current": ""},
        )
        self.assert_redirect(response)
        assert self.nom_a.certificates.filter(status="valid").exists()

    def announce(self) -> None:
        url = nom_url("staff_cycle_transition", self.cycle.pk, "announce")
        self.assert_redirect(self.staff.post(url, {"confirm": "yes"}))
        self.cycle.refresh_from_db()
        assert self.cycle.state == "announced"


@pytest.fixture
def script(media_root) -> EmbargoScript:
    cast = {
        "staff": Actor("staff", factories.award_staff(), Role.AWARD_STAFF, "198.51.100.10"),
        "staff2": Actor("staff2", factories.award_staff(), Role.AWARD_STAFF, "198.51.100.11"),
        "alice": Actor("alice", factories.nominator(), Role.NOMINATOR, "198.51.100.21"),
        "cara": Actor("cara", factories.nominator(), Role.NOMINATOR, "198.51.100.23"),
        "dan": Actor("dan", factories.nominator(), Role.NOMINATOR, "198.51.100.24"),
        "endorser": Actor("endorser", None, "endorser", "198.51.100.30"),
        "pat": Actor("pat", factories.panelist(), Role.PANELIST, "198.51.100.41"),
        "quinn": Actor("quinn", factories.panelist(), Role.PANELIST, "198.51.100.42"),
        "official": Actor(
            "official", factories.selecting_official(), Role.SELECTING_OFFICIAL, "198.51.100.50"
        ),
    }
    return EmbargoScript(program=factories.AwardProgramFactory(), cast=cast)


def first_difference(before: dict, after: dict) -> str:
    """The first page that changed, with a diff of its body, for the failure message."""
    for key in before:
        if before[key] != after.get(key):
            old, new = before[key], after[key]
            if old[:3] != new[:3]:
                return f"{key}: {old[:3]} became {new[:3]}"
            diff = difflib.unified_diff(
                old[3].decode(errors="replace").splitlines(),
                new[3].decode(errors="replace").splitlines(),
                lineterm="",
                n=1,
            )
            return f"{key}:\n" + "\n".join(list(diff)[:40])
    return f"pages added or removed: {set(after) ^ set(before)}"


def test_no_staff_panel_or_official_action_changes_what_a_nominator_sees(script):
    script.nominate_and_start_vetting()
    script.pages()  # shows, and so clears, the messages left by the nominators' own steps
    baseline = script.pages()
    mail_before = script.mail_to_nominators()
    assert len(baseline) > 30

    for label, step in script.steps():
        step()
        pages = script.pages()
        if pages != baseline:
            pytest.fail(f"after “{label}”, " + first_difference(baseline, pages), pytrace=False)
        assert script.mail_to_nominators() == mail_before, f"after “{label}”: a nominator mailed"

    # The announcement is when the outcome is told: the same pages now change.
    script.announce()
    announced = script.pages()
    detail = [
        nom_url("nomination_detail", n.pk) for n in (script.nom_a, script.nom_c, script.nom_d)
    ]
    tags = [
        announced[(name, url)][3].decode() for name, url in zip(NOMINATORS, detail, strict=True)
    ]
    assert '<span class="usa-tag">Awarded</span>' in tags[0]
    assert '<span class="usa-tag">Not selected</span>' in tags[1]
    assert '<span class="usa-tag">Not selected</span>' in tags[2]
    for key in [("alice", detail[0]), ("cara", detail[1]), ("dan", detail[2])]:
        assert announced[key] != baseline[key]


# -- the rules the pages read ------------------------------------------------------------

# The transitions whose outcome the nominator is told: their own moves, and the staff
# moves that write to them (the start of vetting, a request, its new due date, taking
# the nomination back, a finding of ineligibility, the award at the announcement).
TOLD = {
    "submit",
    "withdraw",
    "resubmit",
    "start_vetting",
    "return_for_info",
    "extend_due_date",
    "take_back",
    "mark_ineligible",
}
TOLD_AT_THE_ANNOUNCEMENT = {"award"}


@pytest.mark.parametrize("transition", sorted(NOMINATION_TABLE))
def test_only_the_nominators_own_moves_change_their_last_saved_time(transition):
    service, extra, sources, _target, who = NOMINATION_TABLE[transition]
    nomination = factories.nomination_ready_for(transition, state=sorted(sources)[0])
    earlier = timezone.now() - dt.timedelta(days=3)
    Nomination.objects.filter(pk=nomination.pk).update(saved_at=earlier)
    nomination.refresh_from_db()

    service(
        nomination=nomination, actor=factories.actor_named(who, nomination), **table_args(extra)
    )

    nomination.refresh_from_db()
    assert (nomination.saved_at != earlier) is (who == "owner")
    assert nomination.updated_at > earlier


@pytest.mark.parametrize("transition", sorted(NOMINATION_TABLE))
def test_a_move_the_nominator_is_not_told_keeps_the_public_state_name(transition):
    _service, _extra, sources, target, _who = NOMINATION_TABLE[transition]
    cycle = factories.CycleFactory(state=CycleState.SELECTION)

    before = {factories.nomination_in(state, cycle=cycle).public_state_name() for state in sources}
    after = factories.nomination_in(target, cycle=cycle).public_state_name()

    if transition in TOLD | TOLD_AT_THE_ANNOUNCEMENT and set(sources) == {target}:
        assert before == {after} != {"Under review"}  # told, within the state it names
    elif transition in TOLD | TOLD_AT_THE_ANNOUNCEMENT:
        assert after not in before
    else:
        assert before == {after} == {"Under review"}


def _apps_as_of(migration: tuple[str, str]):
    """The models as they were at `migration`, the registry a data migration runs with."""
    return MigrationLoader(connection).project_state(migration).apps


def test_the_migration_fills_saved_at_from_the_nominators_own_saves():
    fill_saved_at = importlib.import_module(
        "nominations.migrations.0007_nomination_saved_at"
    ).fill_saved_at
    staff = factories.award_staff()
    long_ago = timezone.now() - dt.timedelta(days=30)
    draft = factories.NominationFactory()
    vetted = factories.nomination_ready_for("clear", state=S.VETTING, staff=staff)
    withdrawn = factories.nomination_in(S.SUBMITTED)
    nomination_version_record(nomination=vetted, actor=vetted.nominator, reason="submit")
    nomination_withdraw(nomination=withdrawn, actor=withdrawn.nominator)
    withdrawal = AuditEvent.objects.get(action="nomination.withdraw").created_at
    nomination_clear(nomination=vetted, actor=staff)
    version = vetted.versions.get().created_at
    Nomination.objects.update(saved_at=long_ago)

    fill_saved_at(_apps_as_of(("nominations", "0007_nomination_saved_at")), None)

    saved = dict(Nomination.objects.values_list("pk", "saved_at"))
    vetted.refresh_from_db()
    draft.refresh_from_db()
    assert saved[draft.pk] == draft.updated_at
    assert saved[vetted.pk] == max(version, vetted.submitted_at)
    assert saved[vetted.pk] < vetted.updated_at  # the clearing is not a save of theirs
    assert saved[withdrawn.pk] == withdrawal


# -- the name of each state, before the announcement and after ------------------------------

# What a nominator reads for each state, written out rather than read from
# nominations/states.py, so a change to the names there has to change this table too.
# Before the announcement nothing from clearing to the official's decision shows: a
# nomination the panel did not advance, one the official did not select and one the
# official selected all read "Under review".
NAME_BEFORE_THE_ANNOUNCEMENT = {
    S.DRAFT: "Draft",
    S.SUBMITTED: "Received",
    S.WITHDRAWN: "Withdrawn",
    S.VETTING: "Under review",
    S.RETURNED: "More information requested",
    S.INELIGIBLE: "Not eligible",
    S.CLEARED: "Under review",
    S.IN_REVIEW: "Under review",
    S.SHORTLISTED: "Under review",
    S.NOT_ADVANCED: "Under review",
    S.SELECTED: "Under review",
    S.NOT_SELECTED: "Under review",
    S.AWARDED: "Awarded",
}
# From the announcement on, the outcome is public: both ways of not being chosen read
# "Not selected".
NAME_AFTER_THE_ANNOUNCEMENT = NAME_BEFORE_THE_ANNOUNCEMENT | {
    S.NOT_ADVANCED: "Not selected",
    S.SELECTED: "Selected",
    S.NOT_SELECTED: "Not selected",
}
CYCLES_BEFORE_THE_ANNOUNCEMENT = sorted(
    set(CycleState) - {CycleState.ANNOUNCED, CycleState.ARCHIVED}
)


def test_the_name_tables_cover_every_state():
    assert set(NAME_BEFORE_THE_ANNOUNCEMENT) == set(NAME_AFTER_THE_ANNOUNCEMENT) == set(S)


@pytest.mark.parametrize("cycle_state", CYCLES_BEFORE_THE_ANNOUNCEMENT)
@pytest.mark.parametrize("state", sorted(S))
def test_public_state_name_before_the_announcement_tells_no_decision(state, cycle_state):
    nomination = Nomination(state=state, cycle=Cycle(state=cycle_state))

    assert nomination.public_state_name() == NAME_BEFORE_THE_ANNOUNCEMENT[state]


@pytest.mark.parametrize("cycle_state", [CycleState.ANNOUNCED, CycleState.ARCHIVED])
@pytest.mark.parametrize("state", sorted(S))
def test_public_state_name_from_the_announcement_on_tells_the_outcome(state, cycle_state):
    nomination = Nomination(state=state, cycle=Cycle(state=cycle_state))

    assert nomination.public_state_name() == NAME_AFTER_THE_ANNOUNCEMENT[state]


@pytest.mark.parametrize("cycle_state", CYCLES_BEFORE_THE_ANNOUNCEMENT)
def test_a_not_advanced_nomination_is_not_shown_as_not_selected_before_the_announcement(
    cycle_state,
):
    nomination = Nomination(state=S.NOT_ADVANCED, cycle=Cycle(state=cycle_state))

    assert nomination.public_state_name() == "Under review"
