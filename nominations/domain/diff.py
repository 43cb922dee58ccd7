"""What changed between two versions of a nomination, for staff to read (no database).

A long field is compared paragraph by paragraph (paragraphs are separated by a blank
line): only the changed paragraphs are shown, word by word, and each run of unchanged
paragraphs between them is counted ("3 unchanged paragraphs") instead of repeated. A
short field is one paragraph, so it reads as a plain word diff.

The attachments a version lists are compared by their id: a file is added or removed
(replacing a file is one of each, since every upload is a new file).
"""

import difflib
import re
from dataclasses import dataclass
from typing import Literal

# Paired paragraphs that share less than this share of their words are shown as one
# removed and one added paragraph: a word diff of two different texts is noise.
SIMILAR_ENOUGH = 0.4
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True)
class DiffPart:
    kind: Literal["same", "removed", "added"]
    text: str


@dataclass(frozen=True)
class DiffBlock:
    """A changed paragraph (its `parts`) or a run of `unchanged` paragraphs."""

    parts: tuple[DiffPart, ...] = ()
    unchanged: int = 0

    @property
    def is_unchanged(self) -> bool:
        return self.unchanged > 0


@dataclass(frozen=True)
class FileChange:
    kind: Literal["removed", "added"]
    name: str


def paragraphs(value) -> list[str]:
    """The value's paragraphs, each with its whitespace collapsed; none for no value."""
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    found = (" ".join(chunk.split()) for chunk in _PARAGRAPH_BREAK.split(str(value)))
    return [paragraph for paragraph in found if paragraph]


def paragraph_diff(old, new) -> list[DiffBlock]:
    """The changed paragraphs between two values, with the unchanged runs counted."""
    before, after = paragraphs(old), paragraphs(new)
    blocks: list[DiffBlock] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            blocks.append(DiffBlock(unchanged=a_end - a_start))
            continue
        removed, added = before[a_start:a_end], after[b_start:b_end]
        paired = min(len(removed), len(added))
        for old_paragraph, new_paragraph in zip(removed[:paired], added[:paired], strict=True):
            blocks.append(DiffBlock(parts=tuple(_paragraph_pair(old_paragraph, new_paragraph))))
        blocks.extend(DiffBlock(parts=(DiffPart("removed", text),)) for text in removed[paired:])
        blocks.extend(DiffBlock(parts=(DiffPart("added", text),)) for text in added[paired:])
    return blocks


def _paragraph_pair(old: str, new: str) -> list[DiffPart]:
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    if matcher.ratio() < SIMILAR_ENOUGH:
        return [DiffPart("removed", old), DiffPart("added", new)]
    return word_diff(old_words, new_words, matcher)


def word_diff(old_words: list[str], new_words: list[str], matcher=None) -> list[DiffPart]:
    """Removed and added words between two lists of words, the rest kept as context."""
    if matcher is None:
        matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    parts = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("same", " ".join(old_words[a_start:a_end])))
            continue
        if a_end > a_start:
            parts.append(DiffPart("removed", " ".join(old_words[a_start:a_end])))
        if b_end > b_start:
            parts.append(DiffPart("added", " ".join(new_words[b_start:b_end])))
    return parts


def file_changes(before: list[dict] | None, after: list[dict] | None) -> list[FileChange]:
    """Files removed, then files added, between two versions' attachment lists (each item
    a dict with at least "id" and "name"). A version kept before versions listed their
    files has None: nothing can be said about it, so nothing is reported."""
    if before is None or after is None:
        return []
    old_ids = {item["id"] for item in before}
    new_ids = {item["id"] for item in after}
    return [FileChange("removed", item["name"]) for item in before if item["id"] not in new_ids] + [
        FileChange("added", item["name"]) for item in after if item["id"] not in old_ids
    ]
