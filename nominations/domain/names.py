"""Comparing the names people and organizations type. Pure."""

import re
import unicodedata

# Titles dropped from a person's name before comparing.
NAME_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "professor", "rev", "hon"})


def normalized_words(text: str) -> str:
    """Lower case, accents and punctuation dropped, "&" read as "and", single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # "L.L.C." is "LLC."
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def person_name_words(name: str) -> list[str]:
    """A person's name as normalized words without titles ("Dr. José Núñez" is
    ["jose", "nunez"])."""
    return [word for word in normalized_words(name).split() if word not in NAME_TITLES]


def person_name_key(name: str) -> str:
    """What two spellings of one person's full name share: its words without titles, in
    any order ("Ortiz, Elena" and "Dr. Elena Ortiz" agree). "" for a name of fewer than two
    words, which says too little to match on."""
    words = person_name_words(name)
    return " ".join(sorted(words)) if len(words) >= 2 else ""
