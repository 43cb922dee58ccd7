"""What a member of a blind panel sees of who nominated: one place decides.

A panel reviewing blind (`Panel.blind_review`) hides the nominator from its panelists:

- `sees_blind(user, panel)` says whether this viewer sees the panel's nominations blind:
  the panel reviews blind and the viewer is not award staff. The scoring page, the
  panel's list of nominations and the panel's file downloads all ask it;
- in the nomination's text, the nominator's section (name, title, organization, phone,
  email) is left out, and so is the nominee's contact when it is the nominator (same
  mailbox, or the same full name in any order), see `hidden_summary_rows`;
- the files are listed under generated names, "Attachment 1", "Letter 2" (their numbers
  are the ones their download names carry), never the uploaded file name or the
  endorser's name and relationship, see `attachment_label` and `letter_label`;
- each file is served as a copy without its document metadata (`nominations.pdf.
  metadata.without_metadata`): no /Author, /Title, /Creator, /Producer or XMP.

Staff, and the nominator on their own pages, keep the names and the original files.
What the documents say is not changed: a letter names its endorser and a narrative may
name its writer. Blind review hides the record's identity fields, not the contents.
"""

from accounts.rules import is_award_staff
from nominations.domain.emails import same_mailbox
from nominations.domain.names import person_name_key
from nominations.models import Attachment, EndorsementRequest, Nomination
from reviews.models import Panel

# The nominee's contact fields, left out for a blind viewer when the contact is the nominator.
NOMINEE_CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def sees_blind(user, panel: Panel | None) -> bool:
    """Whether `user` sees the nominations of `panel` without who nominated them."""
    return bool(panel and panel.blind_review) and not is_award_staff(user)


def attachment_label(attachment: Attachment, *, blind: bool) -> str:
    """The name an attachment is listed under; `attachment.position` must be set."""
    return f"Attachment {attachment.position}" if blind else attachment.original_name


def letter_label(letter: EndorsementRequest, *, blind: bool) -> str:
    """The name a letter of support is listed under; `letter.position` must be set."""
    return f"Letter {letter.position}" if blind else f"Letter from {letter.name}"


def nominee_contact_is_nominator(nomination: Nomination) -> bool:
    """Whether the nominee's contact is the nominator: the same mailbox
    (`nominations.domain.emails.same_mailbox`) or the same full name, in any word order,
    titles ignored (`nominations.domain.names.person_name_key`), as the party rule
    compares people."""
    nominee = nomination.nominee
    if same_mailbox(nominee.contact_email or "", nomination.nominator.email or ""):
        return True
    contact = person_name_key(nominee.contact_name)
    return bool(contact) and contact in {
        person_name_key(nomination.nominator_name),
        person_name_key(nomination.nominator.full_name),
    }


def hidden_summary_rows(nomination: Nomination, *, blind: bool) -> frozenset[str]:
    """The form fields whose rows a viewer does not see in the nominee's section."""
    if blind and nominee_contact_is_nominator(nomination):
        return frozenset(NOMINEE_CONTACT_FIELDS)
    return frozenset()
