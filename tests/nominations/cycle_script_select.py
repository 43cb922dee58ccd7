"""The cycle's last phase: the slate, the decision memo, the selection, citations, the
announcement and the certificate (see cycle_script.py)."""

from django.test import override_settings
from django.urls import reverse

from people.models import RoleInvitation
from records.models import RecordRequest, RecordsPackage
from records.states import PackageStatus
from tests.nominations.cycle_script import CONFIRMED, Actor, Expect, ScriptBase, nom_url, sel_url

BRIEFING_NOTE = "Ranked first by the panel; the network trained 1,200 first responders."
SHORT_CITATION = "for its innovative survivor-led referral network"
FULL_CITATION = (
    "for its innovative survivor-led referral network, which trained 1,200 first "
    "responders and reached 400 survivors"
)


class SelectPhase(ScriptBase):
    """Staff build the slate; the selecting official decides; staff write and approve the
    citations, announce, and download the certificate; the public sees the result."""

    # -- the slate ----------------------------------------------------------------------

    def staff_build_the_slate_and_send_it(self) -> list[Expect]:
        slate = sel_url("slate", self.cycle.pk)
        # A panelist is not let into the slate: 403, one page.denied event.
        assert self.quinn.get(slate).status_code == 403
        assert self.staff.get(slate).status_code == 200
        response = self.staff.post(
            sel_url("slate_entry", self.cycle.pk, self.nom_a.pk), {"briefing_note": BRIEFING_NOTE}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        response = self.staff.post(sel_url("slate_not_advance", self.cycle.pk, self.nom_c.pk))
        assert response.status_code == 302
        response = self.staff.post(
            nom_url("staff_cycle_transition", self.cycle.pk, "start_selection"), CONFIRMED
        )
        assert response.status_code == 302
        self.cycle.refresh_from_db()
        assert self.cycle.state == "selection"
        return [
            Expect("page.denied", self.quinn, outcome="denied"),
            Expect(
                "nomination.advance",
                self.staff,
                self.nom_a,
                from_state="in_review",
                to_state="shortlisted",
            ),
            Expect(
                "nomination.not_advance",
                self.staff,
                self.nom_c,
                from_state="in_review",
                to_state="not_advanced",
            ),
            Expect(
                "cycle.start_selection",
                self.staff,
                self.cycle,
                from_state="review",
                to_state="selection",
            ),
        ]

    def the_decision_memo_is_read_and_downloaded(self) -> list[Expect]:
        # Reading the memo's page is not audited; each PDF download is.
        expected = []
        for actor in (self.staff, self.official):
            assert actor.get(sel_url("decision_memo", self.cycle.pk)).status_code == 200
            response = actor.get(sel_url("decision_memo_pdf", self.cycle.pk))
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"
            expected.append(Expect("decision_memo.download", actor, self.cycle))
        # A nominator asks for the memo: 403 and page.denied.
        assert self.alice.get(sel_url("decision_memo_pdf", self.cycle.pk)).status_code == 403
        expected.append(Expect("page.denied", self.alice, outcome="denied"))
        return expected

    def the_official_signs_the_selection(self) -> list[Expect]:
        from nominations.models import SelectionDecision

        official = self.official
        home = sel_url("selection_home")
        assert official.get(home).status_code == 200
        signed = {
            "selected": [str(self.nom_a.pk)],
            "justification": "",
            "signed_name": official.user.full_name,
            "confirm": "yes",
        }
        response = official.post(home, signed)
        assert response.status_code == 302, response.content.decode()[:3000]
        decision = SelectionDecision.objects.get(cycle=self.cycle)
        assert decision.selected == [self.nom_a.reference]
        # A second signature, from a form still open in another tab, is refused with the
        # decision unchanged, and the refusal is on record.
        again = official.post(home, signed | {"justification": "On reflection."}, follow=True)
        assert "The selection has already been decided. The decision is final." in (
            again.content.decode()
        )
        assert SelectionDecision.objects.filter(cycle=self.cycle).count() == 1
        return [
            Expect(
                "nomination.select",
                official,
                self.nom_a,
                from_state="shortlisted",
                to_state="selected",
            ),
            Expect("selection.decide", official, self.cycle),
            Expect("selection.decide", official, self.cycle, outcome="denied"),
        ]

    # -- citations ----------------------------------------------------------------------

    def write_citation(self, actor: Actor, kind: str, text: str):
        response = actor.post(
            sel_url("citations", self.nom_a.pk),
            {"kind": kind, f"{kind}-text": text, f"{kind}-expected_version": "0"},
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        return self.nom_a.citations.get(kind=kind)

    @override_settings(AWARDS_CITATION_FOUR_EYES=True)
    def staff_write_and_approve_the_citations(self) -> list[Expect]:
        short = self.write_citation(self.staff, "short", SHORT_CITATION)
        full = self.write_citation(self.staff, "full", FULL_CITATION)
        # Four eyes: the writer may not approve their own citation; refused and audited.
        approve_short = sel_url("citation_approve", self.nom_a.pk, short.pk)
        assert self.staff.post(approve_short).status_code == 302
        short.refresh_from_db()
        assert short.approved_at is None
        for citation in (short, full):
            response = self.staff2.post(sel_url("citation_approve", self.nom_a.pk, citation.pk))
            assert response.status_code == 302
            citation.refresh_from_db()
            assert citation.approved_by == self.staff2.user
        return [
            Expect("citation.add", self.staff, self.nom_a),
            Expect("citation.add", self.staff, self.nom_a),
            Expect("citation.approve", self.staff, self.nom_a, outcome="denied"),
            Expect("citation.approve", self.staff2, self.nom_a),
            Expect("citation.approve", self.staff2, self.nom_a),
        ]

    # -- the announcement -----------------------------------------------------------------

    def staff_announce(self) -> list[Expect]:
        url = nom_url("staff_cycle_transition", self.cycle.pk, "announce")
        # Without the tick box nothing happens and nothing is recorded: it is a form.
        assert self.staff.post(url).status_code == 200
        self.cycle.refresh_from_db()
        assert self.cycle.state == "selection"
        assert self.staff.post(url, {"confirm": "yes"}).status_code == 302
        self.cycle.refresh_from_db()
        self.nom_a.refresh_from_db()
        assert (self.cycle.state, self.nom_a.state) == ("announced", "awarded")
        self.certificate = self.nom_a.certificates.get()
        # The announce action is several changes, each recorded once on its own object,
        # then one summary on the cycle with the counts.
        return [
            Expect(
                "cycle.announce",
                self.staff,
                self.cycle,
                from_state="selection",
                to_state="announced",
            ),
            Expect("certificate.issue", self.staff, self.nom_a),
            Expect(
                "nomination.award",
                self.staff,
                self.nom_a,
                from_state="selected",
                to_state="awarded",
            ),
            Expect("cycle.announce_all", self.staff, self.cycle),
        ]

    def the_public_sees_the_recipients(self) -> list[Expect]:
        # Public pages are not audited: they show only what the announcement published.
        public = self.endorser
        home = public.get(nom_url("home"))
        assert home.status_code == 200
        verify = public.get(sel_url("certificate_verify", self.certificate.serial))
        assert verify.status_code == 200
        assert "Freedom Network, Inc." in verify.content.decode()
        return []

    def staff_download_the_certificate(self) -> list[Expect]:
        url = sel_url("staff_certificate_download", self.nom_a.pk, self.certificate.pk)
        response = self.staff.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        # The nominator does not download certificates: 403, page.denied.
        assert self.alice.get(url).status_code == 403
        return [
            Expect("certificate.download", self.staff, self.nom_a),
            Expect("page.denied", self.alice, outcome="denied"),
        ]

    def staff_build_and_download_the_records_package(self) -> list[Expect]:
        url = reverse("records:packages", args=[self.cycle.pk])
        response = self.staff.post(url)
        assert response.status_code == 302
        package = RecordsPackage.objects.get(cycle=self.cycle)
        assert package.status == PackageStatus.READY
        download = reverse("records:package_download", args=[self.cycle.pk, package.pk])
        response = self.staff.get(download)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        # A nominator reaches neither the page nor the file: 403, page.denied each.
        assert self.alice.get(url).status_code == 403
        assert self.alice.get(download).status_code == 403
        return [
            Expect("records_package.request", self.staff, self.cycle),
            Expect("records_package.build", self.staff, self.cycle, by_task=True),
            Expect("records_package.download", self.staff, self.cycle),
            Expect("page.denied", self.alice, outcome="denied"),
            Expect("page.denied", self.alice, outcome="denied"),
        ]

    def alice_downloads_her_records(self) -> list[Expect]:
        response = self.alice.get(reverse("records:your_records_download"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        return [Expect("records.access_download", self.alice, self.alice.user)]

    def alice_asks_for_a_correction_and_staff_answer(self) -> list[Expect]:
        response = self.alice.post(
            reverse("records:your_records"),
            {"kind": "correct", "nomination": "", "details": "My title is Director now."},
        )
        assert response.status_code == 302
        request = RecordRequest.objects.get(requester=self.alice.user)
        answer = reverse("records:request_answer", args=[request.pk])
        assert self.staff.post(answer, {"answer": "Corrected."}).status_code == 302
        # Another nominator reaches neither staff page: 403, page.denied.
        assert self.bob.get(answer).status_code == 403
        return [
            Expect("record_request.create", self.alice, request),
            Expect(
                "record_request.answer",
                self.staff,
                request,
                from_state="open",
                to_state="answered",
            ),
            Expect("page.denied", self.bob, outcome="denied"),
        ]

    def staff_set_the_retention_schedule(self) -> list[Expect]:
        response = self.staff.post(
            reverse("records:retention"),
            {"drafts": "1", "not_awarded": "6", "emails": "6", "packages": "1"},
        )
        assert response.status_code == 302
        return [Expect("retention.schedule_update", self.staff, self.program)]

    def staff_manage_people(self) -> list[Expect]:
        """Staff invite an official, give and take roles, end a panelist's sessions and
        deactivate an account; removing their own role is refused."""
        invited = self.staff.post(
            reverse("people:invite"),
            {
                "full_name": "Nora Official",
                "email": "nora@state.example",
                "role": "Selecting official",
            },
        )
        assert invited.status_code == 302
        invitation = RoleInvitation.objects.get()
        bob, quinn = self.bob.user, self.quinn.user
        grant = reverse("people:role_grant", args=[bob.pk])
        assert self.staff.post(grant, {"role": "Selecting official"}).status_code == 302
        own = reverse("people:role_revoke", args=[self.staff.user.pk])
        assert self.staff.post(own, {"role": "Award staff"}).status_code == 302
        ended = self.staff.post(reverse("people:sessions_end", args=[quinn.pk]))
        assert ended.status_code == 302
        assert self.quinn.get(reverse("reviews:panelist_home")).status_code == 302
        closed = self.staff2.post(
            reverse("people:deactivate", args=[self.cara.user.pk]),
            {"deactivate-reason": "Asked to close her account."},
        )
        assert closed.status_code == 302
        # A nominator reaches no people page: 403, page.denied.
        assert self.alice.get(reverse("people:people")).status_code == 403
        return [
            Expect("people.invite", self.staff, invitation),
            Expect("account.role_grant", self.staff, bob),
            Expect("account.role_remove", self.staff, self.staff.user, outcome="denied"),
            Expect("account.sessions_end", self.staff, quinn),
            Expect("account.deactivate", self.staff2, self.cara.user),
            Expect("page.denied", self.alice, outcome="denied"),
        ]
