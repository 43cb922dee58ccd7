"""Comparing email addresses: whether two addresses are one mailbox, and the domain an
address says something by. Pure: no database.

A letter of support is worth something only if it comes from someone other than the
nominator. `endorser_address_flag` tells staff when an endorser's address is the
nominator's own mailbox or on the nominator's domain; the nominator cannot ask their own
mailbox at all (`same_mailbox`, in `services.endorsements`).
"""

# Domains a shared address says nothing by: mail providers anyone can sign up with,
# and the documentation domains (RFC 2606: the demo's and tests' people all use them,
# and no real organization can). Conflict suggestions ignore them too.
FREE_MAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "comcast.net",
        "gmail.com",
        "gmx.com",
        "googlemail.com",
        "hotmail.com",
        "icloud.com",
        "live.com",
        "mac.com",
        "mail.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "pm.me",
        "proton.me",
        "protonmail.com",
        "yahoo.com",
        "ymail.com",
        "zoho.com",
        "example.com",
        "example.net",
        "example.org",
    }
)
# Providers that ignore dots in the local part ("a.b@gmail.com" is "ab@gmail.com").
DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})

SAME_ADDRESS = "Same address as the nominator"
SAME_DOMAIN = "Same domain as the nominator's email"


def email_domain(email: str) -> str:
    """The address's domain, lowercased; "" for a free-mail domain or no domain."""
    _, at, domain = email.strip().lower().rpartition("@")
    domain = domain.rstrip(".")
    if not at or not domain or domain in FREE_MAIL_DOMAINS:
        return ""
    return domain


def mailbox(email: str) -> str:
    """The mailbox an address delivers to: lowercased, without a "+tag", and without
    dots for providers that ignore them. "Ana.Ruiz+letters@gmail.com" is
    "anaruiz@gmail.com"."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def same_mailbox(first: str, second: str) -> bool:
    return bool(first.strip() and second.strip()) and mailbox(first) == mailbox(second)


def endorser_address_flag(endorser_email: str, nominator_email: str) -> str:
    """What staff should notice about an endorser's address, or "": the nominator's own
    mailbox, else the nominator's (not free-mail) domain."""
    if same_mailbox(endorser_email, nominator_email):
        return SAME_ADDRESS
    domain = email_domain(nominator_email)
    if domain and email_domain(endorser_email) == domain:
        return SAME_DOMAIN
    return ""
