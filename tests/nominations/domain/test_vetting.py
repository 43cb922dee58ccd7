from nominations.domain.vetting import Unvetted, still_being_vetted
from nominations.states import NominationState as S


def test_still_being_vetted_says_nothing_when_nothing_is_left():
    assert still_being_vetted([]) == []


def test_still_being_vetted_marks_overdue_responses_among_the_returned():
    assert still_being_vetted(
        [Unvetted("PA-2025-0001", S.RETURNED, True), Unvetted("PA-2025-0002", S.RETURNED)]
    ) == [
        "2 nominations are returned for information (PA-2025-0001, response overdue; "
        "PA-2025-0002): take each back into vetting from its page (or wait for the "
        "nominator's response, or extend the due date), then clear it for the panel or mark "
        "it ineligible"
    ]
