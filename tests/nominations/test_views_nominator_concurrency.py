"""Exactly-once submit through the real view, with requests arriving at the same moment."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import Nomination, NominationVersion
from nominations.states import NominationState
from tests.factories import NominationFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submit_posts_make_one_submission():
    nomination = NominationFactory()
    submit = reverse("nominations:nomination_submit", kwargs={"pk": nomination.pk})
    clients = []
    for _ in range(4):
        browser_tab = Client()
        browser_tab.force_login(nomination.nominator)
        clients.append(browser_tab)
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def post(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            responses[index] = clients[index].post(submit)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    confirmation = reverse("nominations:nomination_submitted", kwargs={"pk": nomination.pk})
    assert [(response.status_code, response["Location"]) for response in responses] == [
        (302, confirmation)
    ] * len(clients)
    stored = Nomination.objects.get(pk=nomination.pk)
    assert stored.state == NominationState.SUBMITTED
    assert stored.reference.endswith("-0001")
    assert AuditEvent.objects.filter(action="nomination.submit", outcome="done").count() == 1
    assert NominationVersion.objects.filter(nomination=nomination).count() == 1
    assert [message.subject for message in mail.outbox] == [
        f"Nomination {stored.reference} received"
    ]
