"""The cycle's panel phase: set-up, invitations, conflicts, assignment, review
(see cycle_script.py)."""

import re

from django.core import mail

from tests.nominations.cycle_script import Expect, ScriptBase, panel_url


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
            {"decision": "confirm", "reason": "Employed there in 2022."},
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
