"""The parts of the cycle's moves that reviews and selection plug in from above."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from nominations import cycle_moves
from reviews.selectors.readiness import panel_start_blockers
from selection.services.announce import announce_preview, cycle_announce_and_award
from tests import factories


def test_reviews_and_selection_register_their_parts_when_the_apps_load():
    assert cycle_moves._panel_readiness == [panel_start_blockers]
    assert cycle_moves.announcing() == cycle_moves.Announcing(
        preview=announce_preview, announce=cycle_announce_and_award
    )
    assert cycle_moves.moves_registered_check() == []


def test_registering_again_keeps_one_part_each():
    cycle_moves.register_panel_readiness(panel_start_blockers)
    cycle_moves.register_announcing(cycle_moves.announcing())

    assert cycle_moves._panel_readiness == [panel_start_blockers]
    assert len(cycle_moves._announcing) == 1


@pytest.fixture
def nothing_registered(monkeypatch):
    monkeypatch.setattr(cycle_moves, "_panel_readiness", [])
    monkeypatch.setattr(cycle_moves, "_announcing", [])


@pytest.mark.django_db
def test_without_the_panel_part_review_cannot_start(nothing_registered):
    cycle = factories.CycleFactory(state="closed")

    assert cycle_moves.panel_readiness_blockers(cycle) == [cycle_moves.PANEL_APP_MISSING]
    assert cycle.start_review_blockers()[-1] == cycle_moves.PANEL_APP_MISSING


def test_without_the_announce_part_announcing_is_a_configuration_error(nothing_registered):
    with pytest.raises(ImproperlyConfigured):
        cycle_moves.announcing()


def test_the_system_check_names_each_missing_part(nothing_registered):
    assert [error.id for error in cycle_moves.moves_registered_check()] == [
        "nominations.E001",
        "nominations.E002",
    ]
