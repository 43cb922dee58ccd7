"""The cycle's first phase: set-up, nominating, vetting (see cycle_script.py)."""

import datetime as dt

from django.utils import timezone

from tests.core.pdf_samples import upload, valid_pdf
from tests.nominations.cycle_script import (
    CONFIRMED,
    Actor,
    Expect,
    ScriptBase,
    days_from_today,
    endorsement_token,
    nom_url,
)


def cycle_settings(program) -> dict:
    """The cycle form: open since yesterday, deadline in three weeks, Chicago time."""
    zone = "America/Chicago"
    now = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(-360))
    return {
        "program": str(program.pk),
        "award_year": str(now.year + 5),
        "time_zone": zone,
        "opens_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "deadline": (now + dt.timedelta(days=21)).strftime("%Y-%m-%dT%H:%M"),
        "performance_start": f"{now.year - 1}-01-01",
        "performance_end": f"{now.year - 1}-12-31",
        "award_cap": "2",
        "public_call": "on",
        "signatory_name": "Antony J. Blinken",
        "signatory_title": "Secretary of State",
        "presentation_event": "PITF meeting",
    }


def nomination_form(nomination, *, nominee_name: str, contact_email: str, **changes) -> dict:
    """Everything the nomination form posts for a complete organization nominee."""
    data = {
        "expected_saved_at": nomination.saved_at.isoformat(),
        "kind": "organization",
        "nominator_name": nomination.nominator_name or "Jordan Lee",
        "nominator_title": "Program Officer",
        "nominator_organization": "Department of Labor",
        "nominator_phone": "202-555-0100",
        "legal_name": nominee_name,
        "city": "Baltimore",
        "state_or_province": "MD",
        "country": "United States",
        "contact_name": "Ana Ruiz",
        "contact_email": contact_email,
        "performance_start": str(nomination.cycle.performance_start),
        "performance_end": str(nomination.cycle.performance_end),
        "summary": "Built a survivor-led referral network that reached 400 people.",
        "justification": "Over two years the network trained 1,200 first responders.",
        "suggested_citation": "for its innovative survivor-led referral network",
        "criterion_innovation": "on",
        "p_protection": "on",
    }
    return data | changes


class NominatePhase(ScriptBase):
    """Staff set up and open the cycle; nominators nominate; staff vet."""

    # -- set-up -------------------------------------------------------------------------

    def staff_create_and_open_the_cycle(self) -> list[Expect]:
        from nominations.models import ChecklistItem, Cycle, RubricCriterion

        staff = self.staff
        response = staff.post(nom_url("staff_cycle_create"), cycle_settings(self.program))
        assert response.status_code == 302, response.content.decode()[:2000]
        self.cycle = cycle = Cycle.objects.get(program=self.program)
        staff.post(
            nom_url("staff_rubric", cycle.pk),
            {
                "form-TOTAL_FORMS": "2",
                "form-INITIAL_FORMS": "0",
                "form-0-name": "Impact",
                "form-0-description": "Reach.",
                "form-0-weight": "1",
                "form-0-ORDER": "1",
                "form-1-weight": "1",
            },
        )
        staff.post(
            nom_url("staff_checklist", cycle.pk),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "0",
                "form-0-text": "Nominee type allowed by the statute",
                "form-0-required": "on",
                "form-0-ORDER": "1",
            },
        )
        response = staff.post(nom_url("staff_cycle_transition", cycle.pk, "open"))
        assert response.status_code == 302
        cycle.refresh_from_db()
        assert cycle.state == "open"
        self.criterion = RubricCriterion.objects.get(cycle=cycle)
        self.item = ChecklistItem.objects.get(cycle=cycle)
        return [
            Expect("cycle.create", staff, cycle, to_state="setup"),
            Expect("rubric.save", staff, self.criterion),
            Expect("checklist.save", staff, self.item),
            Expect("cycle.open", staff, cycle, from_state="setup", to_state="open"),
        ]

    # -- nominating ---------------------------------------------------------------------

    def nominator_drafts(self, actor: Actor, *, nominee_name: str, contact_email: str):
        from nominations.models import Nomination

        response = actor.post(nom_url("nomination_start"), {"cycle": self.cycle.pk})
        assert response.status_code == 302
        nomination = Nomination.objects.filter(nominator=actor.user).latest("pk")
        edit = nom_url("nomination_edit", nomination.pk)
        # A first autosave with part of the form, then the whole form saved.
        partial = {
            "expected_saved_at": nomination.saved_at.isoformat(),
            "kind": "organization",
            "legal_name": nominee_name,
        }
        assert actor.post(edit, partial, HTTP_HX_REQUEST="true").status_code == 200
        nomination.refresh_from_db()
        data = nomination_form(nomination, nominee_name=nominee_name, contact_email=contact_email)
        response = actor.post(edit, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        nomination.refresh_from_db()
        return nomination

    def nominators_start_and_edit(self) -> list[Expect]:
        self.nom_a = self.nominator_drafts(
            self.alice, nominee_name="Freedom Network, Inc.", contact_email="ana@freedom.example"
        )
        self.nom_b = self.nominator_drafts(
            self.bob, nominee_name="Safe Harbor Alliance", contact_email="ed@harbor.example"
        )
        self.nom_c = self.nominator_drafts(
            self.cara, nominee_name="Open Door Shelter", contact_email="kim@door.example"
        )
        return [
            Expect("nomination.create", self.alice, self.nom_a, to_state="draft"),
            Expect("nomination.create", self.bob, self.nom_b, to_state="draft"),
            Expect("nomination.create", self.cara, self.nom_c, to_state="draft"),
        ]

    def alice_attaches_and_asks_for_a_letter(self) -> list[Expect]:
        from nominations.models import Attachment, EndorsementRequest

        pdf = valid_pdf("Annual report")
        response = self.alice.post(
            nom_url("attachment_upload", self.nom_a.pk),
            {"file": upload(pdf, "report.pdf")},
        )
        assert response.status_code == 302
        self.attachment = Attachment.objects.get(nomination=self.nom_a)
        response = self.alice.post(
            nom_url("endorsement_request", self.nom_a.pk),
            {"name": "Erin Endorser", "email": "erin@partner.example", "relationship": "Funder"},
        )
        assert response.status_code == 302
        self.letter = EndorsementRequest.objects.get(nomination=self.nom_a)
        return [
            Expect("attachment.add", self.alice, self.attachment),
            Expect("endorsement.request", self.alice, self.letter, to_state="requested"),
        ]

    def endorser_uploads_the_letter(self) -> list[Expect]:
        token = endorsement_token("erin@partner.example")
        url = nom_url("endorse", token)
        assert self.endorser.get(url).status_code == 200
        response = self.endorser.post(url, {"file": upload(valid_pdf("I support"), "l.pdf")})
        assert response.status_code == 302
        # The link works once: a second upload is refused, and nothing happens.
        again = self.endorser.post(url, {"file": upload(valid_pdf("Again"), "l.pdf")})
        assert again.status_code == 410
        self.letter.refresh_from_db()
        return [
            Expect(
                "endorsement.receive",
                self.endorser,
                self.letter,
                from_state="requested",
                to_state="received",
            )
        ]

    def cara_is_over_the_letter_limit(self) -> list[Expect]:
        from django.test import override_settings

        from nominations.models import EndorsementRequest

        with override_settings(AWARDS_LETTER_REQUESTS_PER_DAY=0):
            response = self.cara.post(
                nom_url("endorsement_request", self.nom_c.pk),
                {"name": "Stranger", "email": "x@stranger.example", "relationship": "None"},
            )
        assert response.status_code == 200
        assert not EndorsementRequest.objects.filter(nomination=self.nom_c).exists()
        return [Expect("endorsement.request", self.cara, self.nom_c, outcome="denied")]

    def bob_pries_into_alices_nomination(self) -> list[Expect]:
        bob = self.bob
        assert bob.get(nom_url("nomination_detail", self.nom_a.pk)).status_code == 404
        download = nom_url("attachment_download", self.nom_a.pk, self.attachment.pk)
        assert bob.get(download).status_code == 404
        letter = nom_url("letter_download", self.nom_a.pk, self.letter.pk)
        assert bob.get(letter).status_code == 404
        edit = nom_url("nomination_edit", self.nom_a.pk)
        assert bob.post(edit, {"summary": "Hijacked."}).status_code == 404
        return [
            Expect("nomination.view", bob, self.nom_a, outcome="denied"),
            Expect("attachment.download", bob, self.attachment, outcome="denied"),
            Expect("endorsement.letter_download", bob, self.letter, outcome="denied"),
            Expect("nomination.edit", bob, self.nom_a, outcome="denied"),
        ]

    def nominators_submit(self) -> list[Expect]:
        submitters = ((self.alice, self.nom_a), (self.bob, self.nom_b), (self.cara, self.nom_c))
        for actor, nomination in submitters:
            response = actor.post(nom_url("nomination_submit", nomination.pk))
            assert response["Location"] == nom_url("nomination_submitted", nomination.pk)
            nomination.refresh_from_db()
            assert nomination.state == "submitted"
        # A stale second tab submits again: it lands on the same confirmation, no event.
        response = self.alice.post(nom_url("nomination_submit", self.nom_a.pk))
        assert response["Location"] == nom_url("nomination_submitted", self.nom_a.pk)
        return [
            Expect("nomination.submit", actor, nomination, from_state="draft", to_state="submitted")
            for actor, nomination in submitters
        ]

    # -- vetting ------------------------------------------------------------------------

    def staff_close_and_start_vetting(self) -> list[Expect]:
        staff = self.staff
        staff.post(nom_url("staff_cycle_transition", self.cycle.pk, "close"), CONFIRMED)
        expected = [Expect("cycle.close", staff, self.cycle, from_state="open", to_state="closed")]
        for nomination in (self.nom_a, self.nom_b, self.nom_c):
            staff.post(nom_url("staff_transition", nomination.pk, "start_vetting"))
            expected.append(
                Expect(
                    "nomination.start_vetting",
                    staff,
                    nomination,
                    from_state="submitted",
                    to_state="vetting",
                )
            )
        # A nominator posts a staff transition: 403, and a page.denied event.
        response = self.alice.post(nom_url("staff_transition", self.nom_a.pk, "clear"))
        assert response.status_code == 403
        expected.append(Expect("page.denied", self.alice, outcome="denied"))
        return expected

    def record_check(self, actor: Actor, nomination, *, revision: int = 0):
        return actor.post(
            nom_url("staff_checklist_result", nomination.pk, self.item.pk),
            {"result": "pass", "note": "Checked the charter.", "revision": str(revision)},
        )

    def staff_vet(self) -> list[Expect]:
        staff = self.staff
        for nomination in (self.nom_a, self.nom_b, self.nom_c):
            assert self.record_check(staff, nomination).status_code == 302
        # A second member of staff sends a finding from a stale form: refused, no event.
        stale = self.record_check(self.staff2, self.nom_a, revision=0)
        assert stale.status_code == 200
        response = staff.post(
            nom_url("staff_return_for_info", self.nom_a.pk),
            {"message": "Please add the 2022 annual report.", "due_date": days_from_today(7)},
        )
        assert response.status_code == 302
        response = staff.post(
            nom_url("staff_mark_ineligible", self.nom_b.pk),
            {
                "step": "send",
                "reason": "A federal agency cannot be nominated.",
                "notice": "Dear nominator, a federal agency cannot be nominated.",
            },
        )
        assert response.status_code == 302
        return [
            *(Expect("checklist.record", staff, n) for n in (self.nom_a, self.nom_b, self.nom_c)),
            Expect(
                "nomination.return_for_info",
                staff,
                self.nom_a,
                from_state="vetting",
                to_state="returned",
            ),
            Expect(
                "nomination.mark_ineligible",
                staff,
                self.nom_b,
                from_state="vetting",
                to_state="ineligible",
            ),
        ]

    def alice_resubmits_and_staff_clear(self) -> list[Expect]:
        edit = nom_url("nomination_edit", self.nom_a.pk)
        self.nom_a.refresh_from_db()
        data = nomination_form(
            self.nom_a,
            nominee_name="Freedom Network, Inc.",
            contact_email="ana@freedom.example",
            summary="Built a survivor-led referral network; the 2022 report is attached.",
        )
        assert self.alice.post(edit, data).status_code == 302
        # Saving again with nothing changed records nothing more.
        self.nom_a.refresh_from_db()
        data["expected_saved_at"] = self.nom_a.saved_at.isoformat()
        assert self.alice.post(edit, data).status_code == 302
        response = self.alice.post(nom_url("nomination_resubmit", self.nom_a.pk))
        assert response.status_code == 302
        # Back in vetting, the check passed before still holds; staff clear both.
        for nomination in (self.nom_a, self.nom_c):
            self.staff.post(nom_url("staff_transition", nomination.pk, "clear"))
        for nomination in (self.nom_a, self.nom_c):
            nomination.refresh_from_db()
            assert nomination.state == "cleared"
        return [
            # An edit of a returned nomination is audited: one event per save that
            # changed something (drafts' saves are not).
            Expect("nomination.edit", self.alice, self.nom_a),
            Expect(
                "nomination.resubmit",
                self.alice,
                self.nom_a,
                from_state="returned",
                to_state="vetting",
            ),
            *(
                Expect(
                    "nomination.clear",
                    self.staff,
                    nomination,
                    from_state="vetting",
                    to_state="cleared",
                )
                for nomination in (self.nom_a, self.nom_c)
            ),
        ]
