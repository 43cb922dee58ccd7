"""A pytest plugin for `make mutation` (mutmut loads it with `-p`, pyproject.toml): the
tests of a mutant run in the order mutmut gives them, fastest first, so the first one
that fails stops the run early.

pytest-django reorders every run: tests that use the database first, then those that
commit (transactional), then the rest. A mutant of a pure function would then run the
slow database tests that reach it before its fast unit tests (4 s instead of 0.1 s for
a rounding rule). Here the order of the command line comes back, except that the tests
that commit still run last: they empty the tables when they end, the rows the
migrations wrote included, which a later test may need.
"""

import pytest


def _commits(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    position = {node_id: index for index, node_id in enumerate(config.args)}
    unlisted = len(position)  # a whole file or folder given: pytest's order after the rest
    items.sort(key=lambda item: (_commits(item), position.get(item.nodeid, unlisted)))
