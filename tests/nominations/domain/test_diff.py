"""The paragraph diff and the attachment diff of nomination versions (no database)."""

import pytest

from nominations.domain.diff import (
    DiffBlock,
    DiffPart,
    FileChange,
    file_changes,
    paragraph_diff,
    paragraphs,
)

SAME, REMOVED, ADDED = "same", "removed", "added"


def essay(*middle: str) -> str:
    """Five paragraphs separated by blank lines, the third one given."""
    return "\n\n".join(
        [
            "The network began in 2019 in three counties.",
            "It trained 40 shelters on screening.",
            *middle,
            "Survivors lead its board.",
            "It publishes its results every year.",
        ]
    )


def test_paragraphs_split_on_blank_lines_and_collapse_whitespace():
    value = "First  line\nsame paragraph.\n \t\nSecond.\r\n\r\nThird.\n\n\n"

    assert paragraphs(value) == ["First line same paragraph.", "Second.", "Third."]


@pytest.mark.parametrize(("value", "expected"), [(None, []), ("", []), (True, ["yes"]), (3, ["3"])])
def test_paragraphs_of_empty_and_plain_values(value, expected):
    assert paragraphs(value) == expected


def test_one_changed_sentence_shows_only_its_paragraph_between_counts():
    old = essay("It reached 600 people in 2022.")
    new = essay("It reached 750 people in 2022.")

    assert paragraph_diff(old, new) == [
        DiffBlock(unchanged=2),
        DiffBlock(
            parts=(
                DiffPart(SAME, "It reached"),
                DiffPart(REMOVED, "600"),
                DiffPart(ADDED, "750"),
                DiffPart(SAME, "people in 2022."),
            )
        ),
        DiffBlock(unchanged=2),
    ]


def test_an_added_paragraph_is_shown_whole_and_the_rest_counted():
    old = essay()
    new = essay("It opened a hotline in 2023.")

    assert paragraph_diff(old, new) == [
        DiffBlock(unchanged=2),
        DiffBlock(parts=(DiffPart(ADDED, "It opened a hotline in 2023."),)),
        DiffBlock(unchanged=2),
    ]


def test_a_removed_last_paragraph_is_shown_whole():
    old = "One.\n\nTwo.\n\nThree."
    new = "One.\n\nTwo."

    assert paragraph_diff(old, new) == [
        DiffBlock(unchanged=2),
        DiffBlock(parts=(DiffPart(REMOVED, "Three."),)),
    ]


def test_a_rewritten_paragraph_is_shown_as_removed_then_added():
    old = essay("It reached 600 people in 2022.")
    new = essay("A federal grant funds a new legal clinic for survivors.")

    assert paragraph_diff(old, new)[1] == DiffBlock(
        parts=(
            DiffPart(REMOVED, "It reached 600 people in 2022."),
            DiffPart(ADDED, "A federal grant funds a new legal clinic for survivors."),
        )
    )


def test_a_short_field_reads_as_a_word_diff():
    assert paragraph_diff("Baltimore", "Annapolis") == [
        DiffBlock(parts=(DiffPart(REMOVED, "Baltimore"), DiffPart(ADDED, "Annapolis")))
    ]
    assert paragraph_diff(None, "Annapolis") == [DiffBlock(parts=(DiffPart(ADDED, "Annapolis"),))]
    assert paragraph_diff(False, True) == [
        DiffBlock(parts=(DiffPart(REMOVED, "no"), DiffPart(ADDED, "yes")))
    ]


def test_unchanged_block_says_so():
    assert DiffBlock(unchanged=3).is_unchanged
    assert not DiffBlock(parts=(DiffPart(ADDED, "x"),)).is_unchanged


def test_file_changes_removed_then_added_by_id():
    before = [{"id": 1, "name": "report.pdf"}, {"id": 2, "name": "photos.pdf"}]
    after = [{"id": 2, "name": "photos.pdf"}, {"id": 3, "name": "report.pdf"}]

    assert file_changes(before, after) == [
        FileChange(REMOVED, "report.pdf"),
        FileChange(ADDED, "report.pdf"),
    ]


def test_file_changes_of_a_version_without_a_file_list_say_nothing():
    after = [{"id": 3, "name": "answer.pdf"}]

    assert file_changes(None, after) == []
    assert file_changes([], after) == [FileChange(ADDED, "answer.pdf")]
    assert file_changes(after, after) == []
