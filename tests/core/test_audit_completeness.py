"""Audit completeness over a whole cycle.

A scripted cycle (tests/nominations/cycle_script*.py) acts through the views with the
test client, one client and one source address per person, and after each step the audit
log must have gained exactly the events listed for it: no missing one, no duplicate,
each with its action, outcome, actor, role, object, from/to states, a time within the
step and the requesting client's REMOTE_ADDR (never the X-Forwarded-For it also sends).

What counts as an action, following the README:
- audited: every write a service makes (each transition, cycle set-up, uploads, letters
  requested and received, checklist findings, returns, assignments, submitted reviews,
  briefing notes, the signed selection, citations, certificates), once, in the
  transaction that makes the change; each save that changes a nomination returned for
  information (one "nomination.edit" naming the fields; a save changing nothing, none);
  and downloads the README says are audited (files, exports, the decision memo PDF, a
  certificate, a records package, whose request and build are events too, and a
  person's download of their own records); staff's changes to people's accounts
  (invitations, roles, sessions, deactivation);
- the one "Announce" button makes several changes, each recorded once on its own object
  (the cycle's move, each certificate issued, each award), then one "cycle.announce_all"
  summary with the counts;
- audited as denied: every refused request by a signed-in user: another nominator's
  nomination or file (404), a role's page (403, `page.denied`), a panel page closed to
  the panelist (`panel.access_denied`), a score from a panelist not assigned
  (`review.denied`), staff refused the panel data of a nomination they are a party to
  (`panel.access_denied`), a staff transition of a nomination or a cycle the state or the
  guards refuse, approving one's own citation under four eyes, a second signature of a
  decided selection, an action over a per-account limit (letters, nominations, panel
  invitations);
- not audited: drafts' saves and autosaves (nomination or review: they count for nothing),
  reads of ordinary pages (the decision memo's HTML, the assignment preview), public
  pages, a retried submit that lands on the same confirmation, an announce
  without the confirming tick box (a form error), a stale checklist form (nothing is
  saved, the user is shown the finding that won), and anonymous requests (an endorser's
  used link, sign-in redirects): they have no actor to name.
"""

import io

import pytest
from django.core.management import call_command

# The script's assertions explain themselves too.
pytest.register_assert_rewrite(
    "tests.nominations.cycle_script",
    "tests.nominations.cycle_script_nominate",
    "tests.nominations.cycle_script_panel",
    "tests.nominations.cycle_script_select",
)

from accounts.roles import Role  # noqa: E402
from tests import factories  # noqa: E402
from tests.nominations.cycle_script import Actor, AuditWatch  # noqa: E402
from tests.nominations.cycle_script_nominate import NominatePhase  # noqa: E402
from tests.nominations.cycle_script_panel import PanelPhase  # noqa: E402
from tests.nominations.cycle_script_select import SelectPhase  # noqa: E402

pytestmark = [pytest.mark.django_db]


class CycleScript(NominatePhase, PanelPhase, SelectPhase):
    """The whole cycle, phase after phase."""


@pytest.fixture
def script() -> CycleScript:
    cast = {
        "staff": Actor("staff", factories.award_staff(), Role.AWARD_STAFF, "198.51.100.10"),
        "staff2": Actor("staff2", factories.award_staff(), Role.AWARD_STAFF, "198.51.100.11"),
        # Staff who is also the endorser Alice asks for a letter (the same address).
        "sam": Actor(
            "sam",
            factories.award_staff(email="erin@partner.example"),
            Role.AWARD_STAFF,
            "198.51.100.12",
        ),
        "alice": Actor("alice", factories.nominator(), Role.NOMINATOR, "198.51.100.21"),
        "bob": Actor("bob", factories.nominator(), Role.NOMINATOR, "198.51.100.22"),
        "cara": Actor("cara", factories.nominator(), Role.NOMINATOR, "198.51.100.23"),
        "endorser": Actor("endorser", None, "endorser", "198.51.100.30"),
        "pat": Actor("pat", factories.panelist(), Role.PANELIST, "2001:db8::41"),
        "quinn": Actor("quinn", factories.panelist(), Role.PANELIST, "198.51.100.42"),
        "official": Actor(
            "official", factories.selecting_official(), Role.SELECTING_OFFICIAL, "198.51.100.50"
        ),
    }
    return CycleScript(program=factories.AwardProgramFactory(), cast=cast)


def test_whole_cycle_writes_one_event_per_action_and_per_denied_attempt(script):
    watch = AuditWatch()

    watch.check(script.staff_create_and_open_the_cycle())
    watch.check(script.nominators_start_and_edit())
    watch.check(script.alice_attaches_and_asks_for_a_letter())
    watch.check(script.endorser_uploads_the_letter())
    watch.check(script.cara_is_over_the_letter_limit())
    watch.check(script.bob_pries_into_alices_nomination())
    watch.check(script.nominators_submit())
    watch.check(script.staff_close_and_start_vetting())
    watch.check(script.staff_vet())
    watch.check(script.alice_resubmits_and_staff_clear())
    watch.check(script.staff_set_up_the_panel_and_invite())
    watch.check(script.panelists_accept_and_attest())
    watch.check(script.pat_declares_a_conflict_and_is_kept_out())
    watch.check(script.staff_assign_and_start_review())
    watch.check(script.panelists_score_and_submit())
    watch.check(script.sam_who_wrote_a_letter_is_kept_out_of_its_panel_data())
    watch.check(script.staff_build_the_slate_and_send_it())
    watch.check(script.the_decision_memo_is_read_and_downloaded())
    watch.check(script.the_official_signs_the_selection())
    watch.check(script.staff_write_and_approve_the_citations())
    watch.check(script.staff_announce())
    watch.check(script.the_public_sees_the_recipients())
    watch.check(script.staff_download_the_certificate())
    watch.check(script.staff_build_and_download_the_records_package())
    watch.check(script.alice_downloads_her_records())
    watch.check(script.alice_asks_for_a_correction_and_staff_answer())
    watch.check(script.staff_set_the_retention_schedule())
    watch.check(script.staff_manage_people())

    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue() == f"audit chain OK ({watch.checked} events)\n"
