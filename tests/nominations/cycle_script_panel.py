"""The cycle's panel phase: set-up, invitations, conflicts, assignment, review
(see cycle_script.py)."""

import re

from django.core import mail

from tests.nominations.cycle_script import (
    CONFIRMED,
    Actor,
    Expect,
    ScriptBase,
    nom_url,
    panel_url,
)


class PanelPhase(ScriptBase):
    """Staff set up the panel; panelists join, declare conflicts and score."""

    # -- panel --------------------------------------------------------------------------

    def staff_set_up_the_panel_and_invite(self) -> list[Expect]:
        from reviews.models import Panel, PanelInvitation

        self.staff.post(panel_url("panel_manage", self.cycle.pk))
        self.panel = Panel.objects.get(cycle=self.cycle)
        expected = [Expect("panel.setup", self.staff, self.panel)]
        for actor in (self.pat, self.quinn):
            response = self.staff.post(
                panel_url("panel_invite", self.cycle.pk),
                {"full_name": actor.user.full_name, "email": actor.user.email},
            )
            assert response.status_code == 302
            invitation = PanelInvitation.objects.get(email=actor.user.email)
            expected.append(Expect("panel.invite", self.staff, invitation))
        return expected

    def panelists_accept_and_attest(self) -> list[Expect]:
        from reviews.models import PanelInvitation, PanelMember

        expected = []
        for actor in (self.pat, self.quinn):
            body = next(m.body for m in reversed(mail.outbox) if actor.user.email in m.to)
            token = re.search(r"/invitations/([^/\s]+)/", body).group(1)
            response = actor.post(panel_url("invitation_accept", token))
            assert response.status_code == 302
            member = PanelMember.objects.get(panel=self.panel, user=actor.user)
            response = actor.post(
                panel_url("attestation_sign", self.panel.pk),
                {"full_name": actor.user.full_name, "agree": "on"},
            )
            assert response.status_code == 302
            expected += [
                Expect(
                    "panel.invitation_accept",
                    actor,
                    PanelInvitation.objects.get(email=actor.user.email),
                ),
                Expect("panel.attest", actor, member),
            ]
        return expected

    def pat_declares_a_conflict_and_is_kept_out(self) -> list[Expect]:
        from reviews.models import Conflict

        response = self.pat.post(
            panel_url("conflict_declare", self.nom_c.pk),
            {"kind": "employment", "reason": "I worked there until last year."},
        )
        assert response.status_code == 302
        conflict = Conflict.objects.get(nomination=self.nom_c)
        response = self.staff.post(
            panel_url("conflict_decide", conflict.pk),
            {"decision": "confirm", "reason": "Employed there in 2022.", "seen_status": "declared"},
        )
        assert response.status_code == 302
        assert self.pat.get(panel_url("review_nomination", self.nom_c.pk)).status_code == 403
        return [
            Expect("conflict.declare", self.pat, self.nom_c, to_state="declared"),
            Expect(
                "conflict.decide",
                self.staff,
                self.nom_c,
                from_state="declared",
                to_state="confirmed",
            ),
            Expect("panel.access_denied", self.pat, self.nom_c, outcome="denied"),
        ]

    def staff_assign_and_start_review(self) -> list[Expect]:
        cycle_url = nom_url("staff_cycle_transition", self.cycle.pk, "start_review")
        # Too early: the cleared nominations have no panelists yet. Refused and audited.
        response = self.staff.post(cycle_url, CONFIRMED)
        assert response.status_code == 302
        self.cycle.refresh_from_db()
        assert self.cycle.state == "closed"
        overview = panel_url("assignment_overview", self.cycle.pk)
        # The preview is a GET that writes nothing; the commit posts its digest.
        preview = self.staff.get(overview, k="1", cap="1").context["preview"]
        response = self.staff.post(overview, {"k": "1", "cap": "1", "digest": preview.digest})
        assert response.status_code == 302
        # Pat's conflict keeps them off the Open Door Shelter: Quinn has it, Pat the other.
        assert self.assigned() == {
            (self.nom_a.pk, self.pat.user.pk),
            (self.nom_c.pk, self.quinn.user.pk),
        }
        assert self.staff.post(cycle_url, CONFIRMED).status_code == 302
        self.cycle.refresh_from_db()
        assert self.cycle.state == "review"
        return [
            Expect(
                "cycle.start_review", self.staff, self.cycle, outcome="denied", from_state="closed"
            ),
            Expect("assignment.balanced", self.staff, self.cycle),
            Expect(
                "cycle.start_review", self.staff, self.cycle, from_state="closed", to_state="review"
            ),
            *(
                Expect(
                    "nomination.send_to_panel",
                    self.staff,
                    nomination,
                    from_state="cleared",
                    to_state="in_review",
                )
                for nomination in (self.nom_a, self.nom_c)
            ),
        ]

    def assigned(self) -> set[tuple[int, int]]:
        from reviews.models import Assignment

        return set(
            Assignment.objects.filter(nomination__cycle=self.cycle).values_list(
                "nomination_id", "member__user_id"
            )
        )

    def score(self, actor: Actor, nomination, *, overall: int, submit: bool, htmx: bool = False):
        from reviews.models import Review

        review = Review.objects.filter(nomination=nomination, member__user=actor.user).first()
        data = {
            "revision": str(review.revision if review else 0),
            "page": f"page{actor.name}",
            f"criterion_{self.criterion.pk}": str(overall),
            "overall": str(overall),
            "strengths": "A network that outlasts its founders.",
            "weaknesses": "Few figures on outcomes.",
        }
        if submit:
            data["submit"] = "submit"
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        return actor.post(panel_url("review_nomination", nomination.pk), data, **extra)

    def panelists_score_and_submit(self) -> list[Expect]:
        from reviews.models import Review

        expected = []
        for actor, nomination, overall in ((self.pat, self.nom_a, 2), (self.quinn, self.nom_c, 4)):
            assert actor.get(panel_url("review_nomination", nomination.pk)).status_code == 200
            # Autosaves are drafts: they count for nothing and are not audited.
            response = self.score(actor, nomination, overall=overall + 1, submit=False, htmx=True)
            assert response.status_code == 200
            response = self.score(actor, nomination, overall=overall, submit=True)
            assert response.status_code == 302, response.content.decode()[:3000]
            review = Review.objects.get(nomination=nomination, member__user=actor.user)
            assert (review.state, review.overall) == ("submitted", overall)
            expected.append(
                Expect("review.submit", actor, review, from_state="draft", to_state="submitted")
            )
        # Quinn may read the Freedom Network's page but is not assigned to score it.
        assert self.quinn.get(panel_url("review_nomination", self.nom_a.pk)).status_code == 200
        response = self.score(self.quinn, self.nom_a, overall=1, submit=True)
        assert response.status_code == 200
        assert not Review.objects.filter(nomination=self.nom_a, member__user=self.quinn.user)
        expected.append(Expect("review.denied", self.quinn, self.nom_a, outcome="denied"))
        return expected

    def sam_who_wrote_a_letter_is_kept_out_of_its_panel_data(self) -> list[Expect]:
        """Sam, on the award staff, was Alice's endorser (the same address): a party to
        the Freedom Network's nomination, refused its panel page and its assignments and
        shown the results without its figures; only the refusals are recorded."""
        from reviews.models import Assignment

        page = self.sam.get(panel_url("review_nomination", self.nom_a.pk))
        assert page.status_code == 403
        assignment = Assignment.objects.get(nomination=self.nom_a)
        remove = self.sam.post(panel_url("assignment_remove", assignment.pk))
        assert remove.status_code == 403
        assert Assignment.objects.filter(pk=assignment.pk).exists()
        results = self.sam.get(panel_url("results", self.cycle.pk))
        assert results.status_code == 200
        assert "withheld: you are a party to this nomination" in results.content.decode()
        return [
            Expect("panel.access_denied", self.sam, self.nom_a, outcome="denied"),
            Expect("panel.access_denied", self.sam, self.nom_a, outcome="denied"),
        ]
