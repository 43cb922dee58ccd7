"""schema.org descriptions (JSON-LD) of the public announcement and recipients pages, for
search engines and anyone reading the pages by machine. Pure: no database.

The announcement is a NewsArticle (schema.org has no press-release type) about its
recipients; a year's recipients page is an ItemList of them. Each recipient is an
Organization or a Person whose `award` names the award and year and whose `description`
is its citation. The pages write them with `core.templatetags.json_ld`.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from selection.domain.open_data import utc_timestamp
from selection.domain.press_statement import INDIVIDUAL

SCHEMA_ORG = "https://schema.org"


@dataclass(frozen=True)
class Honoree:
    """A recipient as the structured data names it."""

    kind: str  # "organization" or "individual"
    name: str
    citation: str = ""
    job_title: str = ""
    affiliation: str = ""
    location: str = ""


def honoree_json_ld(honoree: Honoree, *, award: str) -> dict:
    """An Organization (with its location) or a Person (with title and affiliation)."""
    if honoree.kind == INDIVIDUAL:
        thing: dict = {"@type": "Person", "name": honoree.name}
        if honoree.job_title:
            thing["jobTitle"] = honoree.job_title
        if honoree.affiliation:
            thing["affiliation"] = {"@type": "Organization", "name": honoree.affiliation}
    else:
        thing = {"@type": "Organization", "name": honoree.name}
        if honoree.location:
            thing["location"] = {"@type": "Place", "name": honoree.location}
    thing["award"] = award
    if honoree.citation:
        thing["description"] = honoree.citation
    return thing


def announcement_json_ld(
    *,
    headline: str,
    url: str,
    published: dt.datetime,
    summary: str,
    award: str,
    honorees: Sequence[Honoree],
    publisher_name: str,
    publisher_url: str,
    author_name: str = "",
    author_title: str = "",
) -> dict:
    """The published press statement: its headline, address, moment of publication, the
    award paragraph as its description, the site as publisher, the signatory as author
    (when named) and the recipients it is about."""
    data: dict = {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "headline": headline,
        "url": url,
        "datePublished": utc_timestamp(published),
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": publisher_name,
            "url": publisher_url,
        },
    }
    if summary:
        data["description"] = summary
    if author_name:
        data["author"] = {"@type": "Person", "name": author_name}
        if author_title:
            data["author"]["jobTitle"] = author_title
    data["about"] = [honoree_json_ld(honoree, award=award) for honoree in honorees]
    return data


def recipients_json_ld(*, name: str, url: str, award: str, honorees: Sequence[Honoree]) -> dict:
    """A year's recipients, in the published order."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "ItemList",
        "name": name,
        "url": url,
        "numberOfItems": len(honorees),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "item": honoree_json_ld(honoree, award=award),
            }
            for position, honoree in enumerate(honorees, start=1)
        ],
    }
