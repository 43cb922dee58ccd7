"""Where a sentence ends, for text that is read mid-sentence (citations) or published
(the award paragraph). Pure: strings in, answers out.

A period ends a sentence unless it ends an abbreviation. Abbreviations are known three
ways: the list below ("Inc.", "Det.", "Md.", "Bros."), a single capital initial ("Antony
J. Blinken"), and the "X.Y." form of letters and periods ("U.K.", "U.N.", "a.m.",
"Ph.D."). Two kinds behave differently before a capitalized word:

- a *title* ("Dr.", "Det. Sgt.", "Lt. Gov.", "No.") and an initial always lead into a
  name or number, so they never end a sentence;
- any other abbreviation ("U.N. Office on Drugs and Crime", "2 a.m. Monday", "in the
  U.K. The centre …") ends one only when the next word is one that opens sentences
  ("The", "This", "It", "She" …), since a proper noun after it is far more likely to
  continue the name or phrase.

"!" and "?" end a sentence before a capital letter. Closing quotes and brackets after
the mark belong to the sentence that ends ("… “Freedom Now.” This organization …").
"""

import re


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Titles and other abbreviations that lead into a name or a number.
TITLE_ABBREVIATIONS = _word_set(
    """
    Mr. Mrs. Ms. Mx. Dr. Prof. Rev. Fr. Hon. Msgr. Mme. Mmes. Messrs.
    Lic. Dra. Sra. Srta. Ing. Exec. Dir. Asst. Assoc. Dep. Tpr.
    Gov. Lt. Sen. Rep. Amb. Sec. Pres. Supt. Insp. Det. Sgt. Cpl. Pvt. Capt. Cmdr. Col.
    Gen. Maj. Adm. Brig. Ofc. Atty. Rt.
    St. Ste. Mt. Ft. No. Nos. Vol. Art. Ch. Fig. Para. Dist.
    """
)
# Abbreviations that may end a phrase, and so a sentence.
OTHER_ABBREVIATIONS = _word_set(
    """
    Jr. Sr. Esq. Inc. Co. Corp. Ltd. Bros. Assn. Dept. Univ. Inst. Intl. Natl. Govt. Fed.
    Hosp. Ctr. Cty. Twp.
    Ave. Blvd. Rd. Hwy. Sq. Bldg.
    etc. vs. approx. est. ca.
    Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.
    Mon. Tue. Tues. Wed. Thu. Thurs. Fri. Sat. Sun.
    Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich.
    Minn. Miss. Mo. Mont. Neb. Nev. Okla. Ore. Pa. Tenn. Tex. Va. Vt. Wash. Wis. Wyo.
    """
)
ABBREVIATIONS = TITLE_ABBREVIATIONS | OTHER_ABBREVIATIONS
# Written in another case, a listed abbreviation is often a word or an acronym ("mass.",
# "sun.", "the VA."): only these are abbreviations in any case.
_ANY_CASE = frozenset({"inc.", "corp.", "ltd.", "bros.", "jr.", "sr.", "esq."})
# Words that open a sentence far more often than they continue a name after "U.K.".
SENTENCE_OPENERS = _word_set(
    """
    a an the this that these those it its he she they we i his her their our my you your
    there here in on at as since with after before during today through under over by
    for from when while because although though and but so yet if each every many some
    all both most one two three
    """
)

_INITIAL = re.compile(r"^[A-Z]\.$")
# A period between a word and a capitalized word with no space: "work.It", "U.K.The".
_GLUED = re.compile(r"(?<=[^\W\d_]{2})\.(?=[A-Z][a-z])|(?<=\.[A-Za-z])\.(?=[A-Z][a-z])")
_DOTTED = re.compile(r"^(?:[A-Za-z]{1,3}\.){2,}$")
OPENING_QUOTES = "\"'\u201c\u2018(["
CLOSING_QUOTES = "\"'\u201d\u2019)]"
# Terminal marks, then closing quotes or brackets, then space, then opening quotes and
# the next sentence's first letter.
_CANDIDATE = re.compile(
    r"(?P<mark>[.!?\u2026]+)(?P<close>[\"'\u201d\u2019)\]]*)\s+[\"'\u201c\u2018(\[]*"
    r"(?P<next>[^\W\d_])"
)


def is_abbreviation(word: str) -> bool:
    """Whether `word`, ending in a period, is an abbreviation rather than a word that
    ends a sentence: a listed one, a capital initial or the "X.Y." form."""
    word = word.lstrip(OPENING_QUOTES)
    return (
        _listed(word, OTHER_ABBREVIATIONS)
        or _listed(word, TITLE_ABBREVIATIONS)
        or bool(_INITIAL.match(word))
        or bool(_DOTTED.match(word))
    )


def _listed(word: str, abbreviations: frozenset[str]) -> bool:
    """Whether the word is one of `abbreviations`, as listed ("Inc.", "etc.") or, for
    the few that are no word or acronym of their own, in any case ("INC.", "inc.")."""
    if word in abbreviations:
        return True
    return word.lower() in _ANY_CASE and word.capitalize() in abbreviations


def ends_with_abbreviation(text: str) -> bool:
    """Whether the text's final period is an abbreviation's ("… in the U.K.", "… Beta
    Inc."), so it must stay when the sentence goes on. A final capital initial is read
    as a name's last letter ("Team A."), not an initial."""
    words = (text or "").rstrip().split()
    if not words or not words[-1].endswith("."):
        return False
    last = words[-1].lstrip(OPENING_QUOTES)
    return not _INITIAL.match(last) and is_abbreviation(last)


def sentence_ends(text: str) -> list[int]:
    """The offsets just after each mark that ends a sentence inside `text` (closing
    quotes included), not counting the text's own end. A period with no space before
    the next word ("… work.It helped", "… the U.K.The centre") counts too."""
    ends = []
    for match in _CANDIDATE.finditer(text):
        if not match.group("next").isupper():
            continue
        mark = match.group("mark")
        word = text[: match.end("mark")].split()[-1]
        following = text[match.start("next") :].split()[0]
        if mark == "." and not match.group("close"):
            if not _ends_here(word, following):
                continue
        elif match.group("close") and mark in "!?" and not _opens_a_sentence(following):
            continue  # a quoted title's own mark: "“Not For Sale!” Campaign"
        ends.append(match.end("close"))
    for match in _GLUED.finditer(text):
        word = text[: match.end()].split()[-1]
        following = re.match(r"[^\s.,;:!?]+", text[match.end() :]).group(0)
        if _ends_here(word, following):
            ends.append(match.end())
    return sorted(ends)


def _opens_a_sentence(word: str) -> bool:
    return word.strip(CLOSING_QUOTES + ",;:").lower() in SENTENCE_OPENERS


def _ends_here(word: str, following: str) -> bool:
    """Whether `word` (ending in its period) ends a sentence before `following`."""
    bare = word.lstrip(OPENING_QUOTES)
    if _listed(bare, TITLE_ABBREVIATIONS) or _INITIAL.match(bare):
        return False
    if is_abbreviation(bare):
        return _opens_a_sentence(following)
    return True


def split_closing_quotes(text: str) -> tuple[str, str]:
    """(text, closing quotes) for a text ending in quotes that it opened: ('for its
    campaign “Freedom Now.', '”'). A final apostrophe of a plural possessive ("… of the
    workers'") is not a quote."""
    body = text
    closing = ""
    while body and body[-1] in "\"\u201d\u2019'" and _quotation_open(body[:-1], body[-1]):
        closing = body[-1] + closing
        body = body[:-1]
    return body, closing


def _quotation_open(text: str, closer: str) -> bool:
    """Whether `text` leaves a quotation open that `closer` would close: more opening
    marks (at a word's start) than closing ones (at a word's end, so not the apostrophe
    of "Center’s")."""
    opener = {"\u201d": "\u201c", "\u2019": "\u2018"}.get(closer, closer)
    opened = len(re.findall(rf"(?:^|(?<=[\s(\[\u2014]))[{opener}]", text))
    closed = len(re.findall(rf"(?<=\S)[{closer}](?![^\W_])", text))
    return opened > closed


def unbalanced_quotation(text: str) -> str | None:
    """The opening of a quotation that `text` does not close ("“Freedom Now"), or None."""
    for opener, closer in (("\u201c", "\u201d"), ('"', '"')):
        body, _ = split_closing_quotes(text)
        if _quotation_open(body, closer) and not text.endswith(closer):
            start = body.rfind(opener)
            return " ".join(body[start:].split()[:3])
    return None
