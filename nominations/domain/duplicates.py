"""Telling when two nominations put forward the same nominee (DESIGN.md §2.3).

Pure functions, no database: the selectors in `nominations.selectors.duplicates` read
the nominees once and match them here. Two nominees match when any of their normalized
names, EIN, UEI or website domain agree. Names are normalized for case, accents,
punctuation, legal suffixes ("Inc.", "LLC") and articles ("The"), so the same
organization typed three ways still matches; anything more (edit distance, say) would
flag different organizations with similar names ("Restore NYC" and "Restore NY").
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# Words that say what kind of entity an organization is, or are articles: they do not
# tell two organizations apart. Compared after punctuation is gone ("L.L.C." → "llc").
IGNORED_WORDS = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "lc",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "pllc",
        "lp",
        "llp",
        "the",
        "a",
        "an",
    }
)

# Hosts many unrelated nominees share: a page there says nothing about who owns it.
SHARED_HOSTS = frozenset(
    {
        "facebook.com",
        "fb.com",
        "instagram.com",
        "linkedin.com",
        "twitter.com",
        "x.com",
        "youtube.com",
        "tiktok.com",
        "medium.com",
        "substack.com",
        "wordpress.com",
        "blogspot.com",
        "wixsite.com",
        "squarespace.com",
        "sites.google.com",
        "google.com",
        "gmail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "github.com",
        "linktr.ee",
        "guidestar.org",
        "candid.org",
    }
)


def normalized_name(name: str) -> str:
    """`"Centro de los Derechos del Migrante, Inc."` → `"centro de los derechos del migrante"`.

    Folds case and accents, drops punctuation (dots inside abbreviations join their
    letters, other punctuation separates words), legal suffixes and articles, and
    collapses spaces. An empty string when nothing distinctive is left.
    """
    decomposed = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    text = text.replace("&", " and ")
    # "L.L.C." → "llc", "U.S.A." → "usa": a dot between single letters joins them.
    text = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    words = [word for word in text.split() if word not in IGNORED_WORDS]
    return " ".join(words)


def normalized_ein(ein: str) -> str:
    """`"12-3456789"` → `"123456789"`; empty unless nine digits remain."""
    digits = re.sub(r"\D", "", ein or "")
    return digits if len(digits) == 9 else ""


def normalized_uei(uei: str) -> str:
    """`" jf3k-9ab2 c7m1 "` → `"JF3K9AB2C7M1"`; empty unless twelve characters remain."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", uei or "").upper()
    return cleaned if len(cleaned) == 12 else ""


def website_domain(url: str) -> str:
    """`"https://www.CDMigrante.org/about"` → `"cdmigrante.org"`; empty for no host.

    Scheme, port, path, query and a leading "www." are ignored; a bare "cdmigrante.org"
    is read as a host too.
    """
    url = (url or "").strip()
    if not url:
        return ""
    if "//" not in url:
        url = f"//{url}"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".").lower().removeprefix("www.")
    return host if "." in host else ""


def is_shared_host(domain: str) -> bool:
    """True for a social network or mail host, or any of their sub-domains."""
    return any(domain == host or domain.endswith(f".{host}") for host in SHARED_HOSTS)


@dataclass(frozen=True)
class NomineeKeys:
    """What identifies a nominee for matching, each part already normalized."""

    names: frozenset[str]
    ein: str = ""
    uei: str = ""
    domain: str = ""

    @classmethod
    def from_stored(cls, name: str, alt_name: str, ein: str, uei: str, domain: str):
        """The keys from the five columns a nominee row stores them in ("" for none)."""
        return cls(frozenset(n for n in (name, alt_name) if n), ein, uei, domain)

    def stored(self) -> tuple[str, str, str, str, str]:
        """The keys as the row stores them: name, other name, EIN, UEI, domain."""
        names = sorted(self.names)
        return (
            names[0] if names else "",
            names[1] if len(names) > 1 else "",
            self.ein,
            self.uei,
            self.domain,
        )


def nominee_keys(
    *,
    is_individual: bool,
    full_name: str = "",
    legal_name: str = "",
    certificate_name: str = "",
    ein: str = "",
    uei: str = "",
    website: str = "",
) -> NomineeKeys:
    """The matching keys of a nominee: its full name (individuals) or its legal and
    certificate names (organizations), EIN, UEI and website domain (not a shared host)."""
    raw_names = (full_name,) if is_individual else (legal_name, certificate_name)
    domain = website_domain(website)
    return NomineeKeys(
        names=frozenset(name for name in map(normalized_name, raw_names) if name),
        ein=normalized_ein(ein),
        uei=normalized_uei(uei),
        domain="" if is_shared_host(domain) else domain,
    )


def match_reasons(first: NomineeKeys, second: NomineeKeys) -> list[str]:
    """Why two nominees look like the same one, in plain words; empty when they do not."""
    reasons = []
    if first.names & second.names:
        reasons.append("same name")
    if first.ein and first.ein == second.ein:
        reasons.append("same EIN")
    if first.uei and first.uei == second.uei:
        reasons.append("same UEI")
    if first.domain and first.domain == second.domain:
        reasons.append("same website")
    return reasons


def key_tokens(keys: NomineeKeys) -> Iterable[tuple[str, str]]:
    """The keys as (kind, value) pairs, for grouping many nominees in one pass."""
    yield from (("name", name) for name in keys.names)
    if keys.ein:
        yield ("ein", keys.ein)
    if keys.uei:
        yield ("uei", keys.uei)
    if keys.domain:
        yield ("domain", keys.domain)
