"""Text that someone typed, shown in an email to another person: quoted data, never a
live link.

A nominator's typed values (the nominee's name, the endorser's name, ...) reach people
who have no account here, in an email from the awards office. So that the office's name
cannot carry a phishing line, such a value appears only inside quotation marks, on one
line, with anything a mail client would turn into a link defanged:

- `http://` and `https://` become `hxxp://` and `hxxps://`, and every dot of the rest of
  the address becomes `[.]` (`https://x.y` reads `hxxps://x[.]y`); any other `scheme:`
  (such as `mailto:`, `ftp://`, `javascript:`) becomes `scheme[:]`;
- every dot of a domain-like word (`evil.example`, `www.x.org`, an IPv4 address) becomes
  `[.]`, so `evil.example/x` reads `evil[.]example/x`; abbreviations such as `J.R.` or
  `U.S.` stay as they are (a domain's last part has two letters or more);
- the `@` of an email address becomes `[@]`.

Pure functions: no database, no settings.
"""

import re

_HTTP = re.compile(r"\bh(?:tt|xx)p(s?):/*(\S*)", re.IGNORECASE)
_OTHER_SCHEME = re.compile(
    r"\b(mailto|ftp|ftps|sftp|file|javascript|data|tel|sms|callto|news|irc|ssh|git):",
    re.IGNORECASE,
)
# A host name whose last label has two letters or more, or an IPv4 address.
_DOMAIN = re.compile(r"(?<![\w.-])(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])|\b\d{1,3}(?:\.\d{1,3}){3}\b")
_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-])")
_SPACE = re.compile(r"\s+")
_BARE_DOT = re.compile(r"(?<!\[)\.(?!\])")


def defang(text: str) -> str:
    """`text` with its web addresses, email addresses and domains made unclickable."""
    text = _HTTP.sub(
        lambda match: f"hxxp{match.group(1)}://" + _BARE_DOT.sub("[.]", match.group(2)), text
    )
    text = _OTHER_SCHEME.sub(lambda match: f"{match.group(1)}[:]", text)
    text = _DOMAIN.sub(lambda match: _BARE_DOT.sub("[.]", match.group(0)), text)
    return _AT.sub("[@]", text)


def quoted(text: object) -> str:
    """`text` on one line, defanged, between quotation marks: “…”."""
    return f"“{defang(_SPACE.sub(' ', str(text)).strip())}”"
