"""Every page, email and message writes a moment the same way: "February 13, 2027,
10:00 a.m. EST", in a chosen zone (the cycle's), with the zone named.

The scans read the source: every template, and every Python module of the apps.
"""

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest

from core.moments import MOMENT_FORMAT, moment_in

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "core", "nominations", "reviews", "selection", "demo")

# The only ways to write a time of day. Each has lowercase "a" (GPO's "a.m."; "A" writes
# "AM") and ends with " T" (the zone: a time without one is ambiguous across the cycles'
# zones and the panel's).
ALLOWED = {
    MOMENT_FORMAT: "the moment, everywhere by default",
    # The staff outbox: one row per email across every cycle, in a narrow column.
    "M j, Y, g:i a T": "the outbox's compact date",
    # Beside a full moment or a day already named: "sent at 3:05 p.m. EST", "Saved at
    # 10:02 a.m. EST" (today), "Draft saved at ..." (now).
    "g:i a T": "a time on a day already named",
}
# Where a wall-clock time names no single moment (the clocks skip or repeat it), the zone
# abbreviation is what is in doubt: core.moments writes the time bare and names the zone
# ("2:30 a.m. on March 14, 2027 does not exist in America/New_York").
WALL_CLOCK = {("core/moments.py", "g:i a")}

# Django's format characters that write part of a time of day.
TIME_CHARACTERS = set("aAfgGhHiPsuv")
# A format given to the |date filter or {% now %} in a template.
TEMPLATE_FORMAT = re.compile(r"""(?:\|date:|\{%\s*now\s+)(["'])(.*?)\1""")
# Any string literal with hours and minutes, wherever it is used (Python, template tags).
TIME_LITERAL = re.compile(r"""(["'])([^"'\n]*\b[gGhH]:i\b[^"'\n]*)\1""")
ZONE_BLOCK_OPEN = re.compile(r"\{%\s*timezone\s")
ZONE_BLOCK_CLOSE = re.compile(r"\{%\s*endtimezone\s*%\}")
# Written in the site's zone on purpose (named by "T"): the outbox lists every cycle's
# emails, and some belong to no cycle.
SITE_ZONE_TEMPLATES = {"templates/nominations/_outbox_row.html"}


def shows_a_time(fmt: str) -> bool:
    return bool(TIME_CHARACTERS & set(re.sub(r"\\.", "", fmt)))


def sources() -> list[tuple[str, str]]:
    paths = [path for path in (ROOT / "templates").rglob("*") if path.is_file()]
    for app in APPS:
        paths += (ROOT / app).rglob("*.py")
    return [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")) for path in paths]


def time_formats(text: str) -> list[tuple[int, str]]:
    """(offset, format) of each format that writes a time of day."""
    found = {match.start(2): match.group(2) for match in TIME_LITERAL.finditer(text)}
    for match in TEMPLATE_FORMAT.finditer(text):
        if shows_a_time(match.group(2)):
            found[match.start(2)] = match.group(2)
    return sorted(found.items())


def in_a_chosen_zone(text: str, offset: int) -> bool:
    """Inside {% timezone %}...{% endtimezone %}, or after |timezone: in the same {{ }}."""
    before = text[:offset]
    opened = len(ZONE_BLOCK_OPEN.findall(before)) > len(ZONE_BLOCK_CLOSE.findall(before))
    expression = before[before.rfind("{{") :]
    return opened or ("}}" not in expression and "|timezone:" in expression)


def test_moment_in_writes_the_moment_in_the_zone_given():
    moment = dt.datetime(2027, 2, 13, 15, 0, tzinfo=dt.UTC)

    assert moment_in(moment, zoneinfo.ZoneInfo("America/New_York")) == (
        "February 13, 2027, 10:00 a.m. EST"
    )
    assert moment_in(moment, zoneinfo.ZoneInfo("Pacific/Honolulu")) == (
        "February 13, 2027, 5:00 a.m. HST"
    )


def test_the_scans_find_the_formats_they_are_meant_to():
    text = (
        '{{ a|date:"F j, Y, g:i A" }} {% now "H:i" %} {{ b|date:"N j, Y, P" }} '
        '{{ c|date:"F j, Y" }} {{ d|date:\'c\' }} x = "g:i a"'
    )

    assert [fmt for _offset, fmt in time_formats(text)] == [
        "F j, Y, g:i A",
        "H:i",
        "N j, Y, P",
        "g:i a",
    ]
    zoned = '{% timezone z %}{{ a|date:"g:i a T" }}{% endtimezone %} {{ b|date:"g:i a T" }}'
    assert [in_a_chosen_zone(zoned, offset) for offset, _fmt in time_formats(zoned)] == [
        True,
        False,
    ]
    assert in_a_chosen_zone('{{ a|timezone:cycle.time_zone|date:"g:i a T" }}', 30)


def test_every_time_of_day_is_written_in_one_of_the_sites_formats():
    offenders = [
        f"{name}: {fmt!r}"
        for name, text in sources()
        for _offset, fmt in time_formats(text)
        if fmt not in ALLOWED and (name, fmt) not in WALL_CLOCK
    ]

    assert offenders == []


def test_every_time_in_a_template_is_written_in_a_chosen_zone():
    offenders = [
        f"{name}: {fmt!r}"
        for name, text in sources()
        if name.startswith("templates/") and name not in SITE_ZONE_TEMPLATES
        for offset, fmt in time_formats(text)
        if fmt in ALLOWED and not in_a_chosen_zone(text, offset)
    ]

    assert offenders == []


# -- a wall-clock time in a cycle's zone ----------------------------------------------------


def test_a_wall_clock_time_names_its_moment_in_the_zone_given():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.moments import moment_from_wall_clock

    phoenix = ZoneInfo("America/Phoenix")
    moment = moment_from_wall_clock(datetime(2027, 3, 14, 2, 30), phoenix)

    assert (moment.tzinfo, moment.utcoffset().total_seconds()) == (phoenix, -7 * 3600)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            (2027, 3, 14, 2, 30),
            "2:30 a.m. on March 14, 2027 does not exist in America/New_York: the clocks go "
            "forward then. Enter 3:00 a.m. or later, or an earlier time.",
        ),
        (
            (2026, 11, 1, 1, 30),
            "1:30 a.m. on November 1, 2026 happens twice in America/New_York, first in EDT and "
            "an hour later in EST, when the clocks go back. Choose which you mean, or enter "
            "another time.",
        ),
    ],
)
def test_a_time_the_clocks_skip_or_repeat_is_refused_with_what_to_enter(typed, message):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.moments import NoSuchMoment, moment_from_wall_clock

    with pytest.raises(NoSuchMoment) as refused:
        moment_from_wall_clock(datetime(*typed), ZoneInfo("America/New_York"))

    assert str(refused.value) == message


def test_a_time_the_clocks_repeat_carries_its_two_moments_earlier_first():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.moments import AmbiguousMoment, moment_from_wall_clock

    new_york = ZoneInfo("America/New_York")
    with pytest.raises(AmbiguousMoment) as twice:
        moment_from_wall_clock(datetime(2026, 11, 1, 1, 30), new_york)

    assert twice.value.readings == (
        dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC),
    )
    assert twice.value.wall_time == "1:30 a.m."
    # Django's |date leaves the zone out of such a time; moment_in names it.
    assert [moment_in(reading, new_york) for reading in twice.value.readings] == [
        "November 1, 2026, 1:30 a.m. EDT",
        "November 1, 2026, 1:30 a.m. EST",
    ]
