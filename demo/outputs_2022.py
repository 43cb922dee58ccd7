"""The demo's 2022 outputs: the recipients' certificates and the published statement.

The 2022 awards were presented at the Task Force meeting of February 13, 2023, and
announced in the Secretary's press statement of that meeting (shared/reference/
press-statement-2023.txt). The demo issues each recipient's certificate through the
real service, so `/verify/<serial>/` answers for them, and keeps the parts of that
statement around the award paragraph, which the system generates from the recipients.
"""

import datetime as dt

from accounts.models import User
from nominations.models import Announcement, Cycle
from selection.services.certificates import certificate_issue
from selection.services.press_statement import press_statement_update

HEADLINE = (
    "Meeting of the President\u2019s Interagency Task Force to Monitor and Combat "
    "Trafficking in Persons"
)
CONTEXT = (
    "Around the world, it is estimated that nearly 27.6 million people are victims of human "
    "trafficking. The United States itself is not immune to this exploitation, which "
    "deprives individuals of dignity and full enjoyment of their human rights and "
    "fundamental freedoms. The number of individuals at risk of trafficking continues to "
    "increase while too few victims and survivors are being identified and traffickers "
    "convicted."
)
MEETING = (
    "With these formidable challenges in mind, today I chaired the 2023 meeting of the "
    "President\u2019s Interagency Task Force to Monitor and Combat Trafficking in Persons. "
    "Task force agencies committed to taking significant steps throughout 2023 to advance "
    "progress to combat human trafficking, including to advance the National Action Plan "
    "to Combat Human Trafficking. We also heard from a member of the U.S. Advisory Council "
    "on Human Trafficking, who challenged us to effectively incorporate survivors as equal "
    "stakeholders in our work."
)
COMMITMENTS = "\n".join(
    [
        "Looking forward, the State Department will do our part, by:",
        "Promoting meaningful survivor engagement and leadership through our support to the "
        "U.S. Advisory Council on Human Trafficking and our engagement with consultants in "
        "the Department\u2019s Human Trafficking Expert Consultant Network.",
        "Preventing and addressing human trafficking, including forced labor, through our "
        "own procurement in the global marketplace.",
        "Collaborating with Canada and Mexico through the Trilateral Working Group on "
        "Trafficking in Persons, which will resume this year.",
        "Working to prevent trafficking within the diplomatic community by providing "
        "important checks on the welfare of domestic workers employed by foreign mission "
        "and international organization personnel across the United States.",
        "Making new investments to build on the successes of U.S. anti-trafficking foreign "
        "assistance programs, including to combat forced child labor for domestic work and "
        "begging.",
    ]
)


def seed_2022_outputs(cycle: Cycle, *, staff: User) -> None:
    """Issue the 2022 recipients' certificates and write the statement, unless done."""
    for nomination in cycle.nominations.order_by("sequence"):
        if not nomination.has_valid_certificate():
            certificate_issue(nomination=nomination, actor=staff)
    if not Announcement.objects.filter(cycle=cycle).exists():
        press_statement_update(
            cycle=cycle,
            actor=staff,
            statement_date=dt.date(2023, 2, 13),
            headline=HEADLINE,
            context_paragraph=CONTEXT,
            meeting_sentence=MEETING,
            commitments=COMMITMENTS,
            closing_sentence="",
            third_person=False,
        )
