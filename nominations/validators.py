"""Pure checks on nomination text, shared by forms and the submission guard."""

import re

CITATION_OPENINGS = ("for its ", "for her ", "for his ", "for their ", "in recognition of ")
_WORD = re.compile(r"\S+")
# A sentence ends at ., ! or ? followed by a space and a capital letter: "Inc., for" is fine.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z])")
_ABBREVIATIONS = re.compile(r"\b(?:Inc|Co|Corp|Ltd|Dr|Mr|Ms|Mrs|St|U\.S|No)\.\s", re.IGNORECASE)


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def citation_problems(text: str, *, word_limit: int) -> list[str]:
    """Why a citation is not one sentence of the published form, or [] when it is."""
    problems = []
    cleaned = " ".join((text or "").split())
    if not cleaned:
        return ["Enter a citation."]
    if not cleaned.lower().startswith(CITATION_OPENINGS):
        problems.append(
            'Start the citation with "for its", "for her", "for his", "for their" '
            'or "in recognition of".'
        )
    if _SENTENCE_BREAK.search(_ABBREVIATIONS.sub(" ", cleaned.rstrip(".!?"))):
        problems.append("Write the citation as one sentence.")
    if word_count(cleaned) > word_limit:
        problems.append(f"Shorten the citation to {word_limit} words or fewer.")
    return problems


def citation_pronoun_problem(text: str, *, possessive: str) -> str | None:
    """Why a "for her/his/its/their …" citation does not fit the nominee, or None.

    `possessive` is the nominee's: "its" for an organization, the chosen pronoun for
    an individual. "in recognition of …" fits everyone.
    """
    words = " ".join((text or "").split()).lower().split(" ")
    if len(words) < 2 or words[0] != "for" or words[1] not in {"its", "her", "his", "their"}:
        return None
    if words[1] == possessive:
        return None
    return (
        f'The citation says "for {words[1]}", but the nominee is referred to as '
        f'"{possessive}": start with "for {possessive}" or "in recognition of".'
    )
