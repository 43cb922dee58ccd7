"""Who stands on a nomination's side. Pure: the caller loads the facts.

A person is a *party* to a nomination when they are its nominator (the account that
made it), the nominee's contact (one of their email addresses is the contact's mailbox),
an endorser asked for a letter of support (one of their addresses is the mailbox of a
request that was not cancelled), or, for an individual, the nominee (their full name is
the nominee's, in any word order, titles ignored). Addresses are compared as mailboxes
(`nominations.domain.emails.mailbox`: case, a "+tag", Gmail's dots and googlemail.com
do not make another person). A party never vets, reviews, selects or
reads the panel's data on the nomination: `nominations.rules.is_party_to` and the
panel's conflicts of kind "party" both ask `party_reasons`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from nominations.domain.emails import mailbox
from nominations.domain.names import person_name_key

type Id = int | str


@dataclass(frozen=True)
class Person:
    id: Id
    emails: frozenset[str]
    """Mailboxes (`mailboxes`): the account's address and every other on the account."""
    full_name: str = ""


@dataclass(frozen=True)
class NominationSides:
    id: Id
    nominator_id: Id
    contact_email: str = ""
    endorser_emails: frozenset[str] = frozenset()
    """Mailboxes (`mailboxes`) of the letter requests that were not cancelled."""
    individual_name: str = ""
    """The nominee's full name when the nominee is a person; "" for an organization."""


def individual_name(*, is_individual: bool, full_name: str) -> str:
    """`NominationSides.individual_name` of a nominee: the full name of a person; "" for an
    organization, whatever name its record kept from before it was one."""
    return full_name if is_individual else ""


def mailbox_or_blank(address: str) -> str:
    """The mailbox an address delivers to (`mailbox`); "" for a blank address."""
    return mailbox(address) if address.strip() else ""


NOMINATOR = "They made this nomination."
NOMINEE_CONTACT = "Their email address is the nominee contact's."
ENDORSER = "They were asked for a letter of support for this nomination."
NOMINEE = "They are the nominee: their full name is the nominee's."


def party_reasons(person: Person, nomination: NominationSides) -> list[str]:
    """Why `person` is a party to `nomination`, one sentence each; [] when they are not."""
    reasons = []
    if person.id == nomination.nominator_id:
        reasons.append(NOMINATOR)
    contact = mailbox_or_blank(nomination.contact_email)
    if contact and contact in person.emails:
        reasons.append(NOMINEE_CONTACT)
    if person.emails & nomination.endorser_emails:
        reasons.append(ENDORSER)
    name_key = person_name_key(person.full_name)
    if name_key and name_key == person_name_key(nomination.individual_name):
        reasons.append(NOMINEE)
    return reasons


def party_pairs(
    people: Iterable[Person], nominations: Iterable[NominationSides]
) -> dict[tuple[Id, Id], list[str]]:
    """Every (person id, nomination id) pair where the person is a party, with the reasons.

    Linear in people plus nominations: the nominations are indexed by each side a person
    could match (nominator, contact mailbox, endorser mailbox, the nominee's name key), and
    `party_reasons` is asked only of the pairs an index finds.
    """
    index: defaultdict[tuple[str, object], set[int]] = defaultdict(set)
    nominations = list(nominations)
    for position, nomination in enumerate(nominations):
        index["nominator", nomination.nominator_id].add(position)
        contact = mailbox_or_blank(nomination.contact_email)
        if contact:
            index["mailbox", contact].add(position)
        for email in nomination.endorser_emails:
            index["mailbox", email].add(position)
        name_key = person_name_key(nomination.individual_name)
        if name_key:
            index["name", name_key].add(position)
    pairs = {}
    for person in people:
        found = set(index.get(("nominator", person.id), ()))
        for email in person.emails:
            found |= index.get(("mailbox", email), set())
        name_key = person_name_key(person.full_name)
        if name_key:
            found |= index.get(("name", name_key), set())
        for position in sorted(found):
            nomination = nominations[position]
            reasons = party_reasons(person, nomination)
            if reasons:
                pairs[(person.id, nomination.id)] = reasons
    return pairs


def mailboxes(emails: Iterable[str]) -> frozenset[str]:
    """The mailboxes the addresses deliver to, blanks left out."""
    return frozenset(mailbox(e) for e in emails if e and e.strip())
