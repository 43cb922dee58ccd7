"""core/workflow.py: the guards and permissions the state machines are built from. Each
is made here, when the test runs (the models make theirs on import)."""

from core.workflow import no_blockers, permitted_by


class Thing:
    def __init__(self, reasons):
        self.reasons = reasons

    def open_blockers(self):
        return self.reasons


def test_no_blockers_passes_only_when_the_method_gives_no_reason():
    condition = no_blockers("open_blockers")

    assert condition(Thing([])) is True
    assert condition(Thing(["The rubric has no criteria."])) is False


def test_no_blockers_is_named_for_its_method_and_tells_it():
    condition = no_blockers("open_blockers")

    assert (condition.__name__, condition.blockers_method) == ("no_open_blockers", "open_blockers")


def test_permitted_by_asks_the_rule_with_the_user_first():
    asked = []

    def can_open(user, thing) -> bool:
        asked.append((user, thing))
        return user == "staff"

    permission = permitted_by(can_open)

    assert (permission("the thing", "staff"), permission("the thing", "nominator")) == (True, False)
    assert asked == [("staff", "the thing"), ("nominator", "the thing")]
    assert permission.__name__ == "can_open"
