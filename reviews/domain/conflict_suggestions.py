"""Likely conflicts of interest, guessed from names, emails and organizations. Pure: no
database, no clock.

`suggest_conflicts` pairs a panelist with a nomination when
- the panelist's email domain is the domain of the nominee contact's email, of the
  nominee's website, or of the nominator's email (free-mail domains such as gmail.com
  never match: sharing a mail provider says nothing about an affiliation);
- the panelist's organization, when known, is the nominee's organization (its legal or
  certificate name, or an individual nominee's affiliation) or the nominator's
  organization, compared after normalizing (case, punctuation, "&"/"and", a leading
  "The", and suffixes such as "Inc." or "LLC");
- the panelist's full name is the name of one of the nomination's people: the nominator
  (as typed on the nomination or on their account), the nominee contact, an endorser asked
  for a letter, or an individual nominee (words in any order, titles, case, accents and
  punctuation ignored, names of two words or more only), whatever the email domains;
- the nominator's "do not review" text names the panelist: their email, their full name
  (in "First Last" or "Last, First" order, titles and punctuation ignored, whole words
  only, and only names of two words or more, so a lone first name matches nothing), or
  their organization.

Being a party to a nomination (its nominator, the nominee's contact, an endorser, an
individual nominee: `nominations.domain.parties`) is not a suggestion but a conflict of
its own that staff cannot dismiss or waive (`reviews.services.conflicts`).

Domains match exactly (a subdomain is another domain): "cs.example.edu" and
"example.edu" do not match, which misses some real conflicts but never pairs everyone at
a large organization with every other subdomain of it. These are suggestions only: staff
confirm or dismiss each one, and the reason sentence says why it was made.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nominations.domain.emails import FREE_MAIL_DOMAINS, email_domain
from nominations.domain.names import normalized_words, person_name_key, person_name_words

type Id = int | str

# Legal-form words dropped from the end of an organization's name before comparing.
ORGANIZATION_SUFFIXES = frozenset(
    {"inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "corp", "corporation", "co"}
)


@dataclass(frozen=True)
class PanelistFacts:
    id: Id
    email: str
    full_name: str = ""
    organization: str = ""


@dataclass(frozen=True)
class NominationFacts:
    id: Id
    nominee_name: str = ""
    nominee_affiliation: str = ""
    nominee_contact_email: str = ""
    nominee_website: str = ""
    nominator_email: str = ""
    nominator_organization: str = ""
    excluded_reviewers: str = ""
    people: tuple[tuple[str, str], ...] = field(default=())
    """(who they are, their full name) of the nomination's people: "the nominator",
    "the nominee contact", "an endorser", "the nominee"."""


@dataclass(frozen=True)
class Suggestion:
    nomination_id: Id
    panelist_id: Id
    reason: str
    """One or more sentences for staff saying what matched."""


def suggest_conflicts(
    *, panelists: Iterable[PanelistFacts], nominations: Iterable[NominationFacts]
) -> list[Suggestion]:
    """Every (nomination, panelist) pair that looks conflicted, sorted by ids; one
    suggestion per pair, its reason listing every match found."""
    people = sorted(panelists, key=lambda p: p.id)
    suggestions = []
    for nomination in sorted(nominations, key=lambda n: n.id):
        for panelist in people:
            reasons = _reasons(panelist, nomination)
            if reasons:
                suggestions.append(Suggestion(nomination.id, panelist.id, " ".join(reasons)))
    return suggestions


def _reasons(panelist: PanelistFacts, nomination: NominationFacts) -> list[str]:
    reasons = []
    domain = email_domain(panelist.email)
    if domain:
        matches = [
            where
            for where, other in (
                ("the nominee contact's email", email_domain(nomination.nominee_contact_email)),
                ("the nominee's website", website_domain(nomination.nominee_website)),
                ("the nominator's email", email_domain(nomination.nominator_email)),
            )
            if other == domain
        ]
        if matches:
            reasons.append(f"Their email domain {domain} is that of {_and_list(matches)}.")
    organization = normalized_organization(panelist.organization)
    if organization:
        matches = [
            where
            for where, other in (
                ("the nominee", nomination.nominee_name),
                ("the nominee's affiliation", nomination.nominee_affiliation),
                ("the nominator's organization", nomination.nominator_organization),
            )
            if normalized_organization(other) == organization
        ]
        if matches:
            reasons.append(
                f"Their organization ({panelist.organization.strip()}) is {_and_list(matches)}."
            )
    name_key = person_name_key(panelist.full_name)
    if name_key:
        same_name = sorted(
            {who for who, name in nomination.people if person_name_key(name) == name_key}
        )
        if same_name:
            reasons.append(f"Their full name is that of {_and_list(same_name)}.")
    named = _named_in(panelist, nomination.excluded_reviewers)
    if named:
        reasons.append(f"The nominator's “do not review” list mentions their {named}.")
    return reasons


def _named_in(panelist: PanelistFacts, excluded: str) -> str:
    """What of the panelist the free text names: "email", "name", "organization" or ""."""
    if not excluded.strip():
        return ""
    email = panelist.email.strip().lower()
    if email and re.search(rf"(?<![\w.+-]){re.escape(email)}(?![\w-])", excluded.lower()):
        return "email"
    text = f" {normalized_words(excluded)} "
    words = person_name_words(panelist.full_name)
    if len(words) >= 2:
        # "First Last", and "Last, First" with surnames of any length.
        orders = {" ".join(words[i:] + words[:i]) for i in range(len(words))}
        if any(f" {order} " in text for order in orders):
            return "name"
    organization = normalized_organization(panelist.organization)
    if organization and f" {organization} " in text:
        return "organization"
    return ""


def website_domain(url: str) -> str:
    """A website's host without "www."; "" for none or a free-mail provider's site."""
    url = url.strip().lower()
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.").rstrip(".")
    return "" if host in FREE_MAIL_DOMAINS else host


def normalized_organization(name: str) -> str:
    """An organization's name for comparing: normalized words, no leading "the", no
    legal-form suffixes ("Acme, Inc." and "The ACME LLC" are both "acme")."""
    words = normalized_words(name).split()
    if words[:1] == ["the"]:
        words = words[1:]
    while len(words) > 1 and words[-1] in ORGANIZATION_SUFFIXES:
        words.pop()
    return " ".join(words)


def _and_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
