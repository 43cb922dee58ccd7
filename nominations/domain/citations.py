"""Pure checks on nomination text, shared by forms and the submission guard."""

import re

from nominations.domain.sentences import sentence_ends, unbalanced_quotation

CITATION_OPENINGS = ("for its ", "for her ", "for his ", "for their ", "in recognition of ")
POSSESSIVES = ("its", "her", "his", "their")
# Pronouns that a citation, read mid-sentence, writes in lower case ("with their families").
PRONOUNS = frozenset(
    ("he", "she", "it", "they", "him", "her", "them", "his", "hers", "its", "their", "theirs")
    + ("we", "our", "ours", "you", "your")
)
QUOTES = "\"'\u201c\u201d\u2018\u2019"
# What may close a word: its punctuation, then a closing quotation mark or parenthesis.
_STOPS = ".,;:!?"
_CLOSERS = "\"'\u201d\u2019)"
_CLOSING_QUOTES = '"\u201d'
_WORD = re.compile(r"\S+")
_CONTENT_WORD = re.compile(r"\w")
_BAD_ENDING = re.compile(r"(?:[!?]|\.\.|\u2026)\W*$")
_OPENING = re.compile(
    r"^(?:for (?:its|her|his|their)|in recognition of(?: (?:its|her|his|their)\b)?)",
    re.IGNORECASE,
)


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def citation_ending_problem(text: str) -> str | None:
    """Why the citation's ending cannot continue the announcement's sentence ("… for its
    work!." would), or None."""
    if not text:
        return None
    if re.search(r"(?<!\.)\.\.(?!\.)[^\w.]*$", text):
        return "End the citation with one period, not two."
    if _BAD_ENDING.search(text):
        return 'End the citation with a word or a period, not "!", "?" or "...".'
    if re.search(r"[,;:]\W*$", text):
        return 'End the citation with a word or a period, not ",", ";" or ":".'
    return None


def citation_problems(text: str, *, word_limit: int) -> list[str]:
    """Why a citation is not one sentence of the published form, or [] when it is."""
    problems = []
    cleaned = " ".join((text or "").split())
    if not cleaned:
        return ["Enter a citation."]
    opening = _opening_words(cleaned)
    if opening is None and _opening_words(cleaned.strip(QUOTES)) is not None:
        problems.append("Remove the quotation marks around the citation.")
    elif opening is None:
        problems.append(
            'Start the citation with "for its", "for her", "for his", "for their" '
            'or "in recognition of".'
        )
    elif not any(_CONTENT_WORD.search(word) for word in cleaned.split()[opening:]):
        said = " ".join(cleaned.split()[:opening]).rstrip(_STOPS)
        problems.append(f'Say what the recipient is recognized for after "{said}".')
    ending = citation_ending_problem(cleaned)
    if ending:
        problems.append(ending)
    breaks = sentence_ends(cleaned)
    if breaks:
        following = " ".join(cleaned[breaks[0] :].split()[:3]).rstrip(_STOPS + "\u2026")
        problems.append(
            f'Write the citation as one sentence: a second one starts at "{following}". '
            "Join the two, or leave the second out."
        )
    if opened := unbalanced_quotation(cleaned):
        problems.append(f'Close the quotation opened before "{opened[1:]}".')
    letters = [char for char in cleaned if char.isalpha()]
    if len(letters) >= 12 and sum(char.isupper() for char in letters) > 0.8 * len(letters):
        problems.append("Write the citation in sentence case, not in capitals.")
    else:
        problems += _capital_pronoun_problems(cleaned, opening or 0)
    if word_count(cleaned) > word_limit:
        problems.append(f"Shorten the citation to {word_limit} words or fewer.")
    return problems


def citation_in_sentence(text: str) -> str:
    """The citation as the middle of a sentence reads it: spaces tidied and the opening
    in lower case ("For Their work" → "for their work"). Its ending is left as written."""
    cleaned = " ".join((text or "").split())
    if match := _OPENING.match(cleaned):
        return match.group(0).lower() + cleaned[match.end() :]
    return cleaned


def _capital_pronoun_problems(cleaned: str, opening: int) -> list[str]:
    """A capitalized pronoun after the opening ("for her work with Their families"). One
    that opens or closes a quotation, leads a capitalized name ("with Her Justice") or
    follows a colon or a full stop is written as its author meant, and stays."""
    words = cleaned.split()
    problems = []
    for index in range(opening, len(words)):
        word = words[index]
        bare = word.rstrip(_STOPS + _CLOSERS)
        if bare.lower() not in PRONOUNS or not bare[:1].isupper() or bare.isupper():
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        ends_a_title = word[-1] in _CLOSING_QUOTES
        after_a_stop = index > 0 and words[index - 1].rstrip(_CLOSERS).endswith(
            (":", ".", "!", "?")
        )
        if after_a_stop or following[:1].isupper() or ends_a_title:
            continue
        problems.append(f'Write "{bare}" as "{bare.lower()}": the citation is read mid-sentence.')
    return problems


def _opening_words(cleaned: str) -> int | None:
    """How many words the citation's opening takes: 2 for "for its …", 4 for "in
    recognition of her …", 3 for "in recognition of decades …"; None without one."""
    lowered = cleaned.lower()
    if not lowered.startswith(CITATION_OPENINGS):
        return None
    words = lowered.split()
    if words[0] == "for":
        return 2
    return 4 if len(words) >= 4 and words[3].strip(_STOPS) in POSSESSIVES else 3


def nominee_possessive(*, individual: bool, chosen: str = "") -> str:
    """The possessive a citation uses for a nominee: "its" for an organization, the
    chosen one ("her", "his", "their") for an individual, "their" when none is chosen."""
    return (chosen or "their") if individual else "its"


def citation_pronoun_problem(text: str, *, possessive: str) -> str | None:
    """Why a "for her/his/its/their …" or "in recognition of her/his/its/their …"
    citation does not fit the nominee, or None.

    `possessive` is the nominee's: "its" for an organization, the chosen pronoun for
    an individual. "in recognition of" without a pronoun ("in recognition of decades of
    service") fits everyone.
    """
    words = text.lower().split() if text else []
    if len(words) >= 2 and words[0] == "for" and words[1] in POSSESSIVES:
        said = words[1]
        if said == possessive:
            return None
        return (
            f'The citation says "for {said}", but the nominee is referred to as '
            f'"{possessive}": start with "for {possessive}" or "in recognition of".'
        )
    if len(words) >= 4 and words[:3] == ["in", "recognition", "of"] and words[3] in POSSESSIVES:
        said = words[3]
        if said == possessive:
            return None
        return (
            f'The citation says "in recognition of {said}", but the nominee is referred to '
            f'as "{possessive}": write "in recognition of {possessive}" or "for {possessive}".'
        )
    return None
