"""Pure checks on nomination text, shared by forms and the submission guard."""

import re

CITATION_OPENINGS = ("for its ", "for her ", "for his ", "for their ", "in recognition of ")
POSSESSIVES = ("its", "her", "his", "their")
# Abbreviations whose period is not a sentence's end: "Martin Luther King Jr. Center",
# "Gov. Smith", "the D.C. Police", "Acme Inc.". Shared with the announcement, which keeps
# a citation's final period when it ends one of these ("… in the U.S.").
ABBREVIATIONS = (
    "Mr.",
    "Ms.",
    "Mrs.",
    "Dr.",
    "Jr.",
    "Sr.",
    "Gov.",
    "Sen.",
    "Rep.",
    "Gen.",
    "St.",
    "Mt.",
    "D.C.",
    "U.S.",
    "Inc.",
    "Co.",
    "Corp.",
    "Ltd.",
    "No.",
)
_ABBREVIATION = "(?<![\\w.])(?:{})".format("|".join(re.escape(a) for a in ABBREVIATIONS))
_ABBREVIATIONS = re.compile(_ABBREVIATION + r"(?=\s)", re.IGNORECASE)
_ENDS_WITH_ABBREVIATION = re.compile(_ABBREVIATION + r"$", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_CONTENT_WORD = re.compile(r"\w")
# A sentence ends at ., ! or ? followed by a space and a capital letter: "Inc., for" is fine.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z])")
_BAD_ENDING = re.compile(r"(?:[!?]|\.\.|\u2026)\W*$")


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def ends_with_abbreviation(text: str) -> bool:
    """Whether the text's final period belongs to an abbreviation ("… Acme Inc.")."""
    return bool(_ENDS_WITH_ABBREVIATION.search((text or "").rstrip()))


def citation_ending_problem(text: str) -> str | None:
    """Why the citation's ending cannot continue the announcement's sentence ("… for its
    work!." would), or None."""
    if _BAD_ENDING.search((text or "").rstrip()):
        return 'End the citation with a word or a period, not "!", "?" or "...".'
    return None


def citation_problems(text: str, *, word_limit: int) -> list[str]:
    """Why a citation is not one sentence of the published form, or [] when it is."""
    problems = []
    cleaned = " ".join((text or "").split())
    if not cleaned:
        return ["Enter a citation."]
    opening = _opening_words(cleaned)
    if opening is None:
        problems.append(
            'Start the citation with "for its", "for her", "for his", "for their" '
            'or "in recognition of".'
        )
    elif not any(_CONTENT_WORD.search(word) for word in cleaned.split(" ")[opening:]):
        said = " ".join(cleaned.split(" ")[:opening]).rstrip(".,;:!?")
        problems.append(f'Say what the recipient is recognized for after "{said}".')
    ending = citation_ending_problem(cleaned)
    if ending:
        problems.append(ending)
    if _SENTENCE_BREAK.search(_ABBREVIATIONS.sub(" ", cleaned.rstrip(".!?\u2026"))):
        problems.append("Write the citation as one sentence.")
    if word_count(cleaned) > word_limit:
        problems.append(f"Shorten the citation to {word_limit} words or fewer.")
    return problems


def _opening_words(cleaned: str) -> int | None:
    """How many words the citation's opening takes: 2 for "for its …", 4 for "in
    recognition of her …", 3 for "in recognition of decades …"; None without one."""
    lowered = cleaned.lower()
    if not lowered.startswith(CITATION_OPENINGS):
        return None
    words = lowered.split(" ")
    if words[0] == "for":
        return 2
    return 4 if len(words) >= 4 and words[3].strip(".,;:!?") in POSSESSIVES else 3


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
    words = " ".join((text or "").split()).lower().split(" ")
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
