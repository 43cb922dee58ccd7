"""Every page, email and message writes a moment the same way: "February 13, 2027,
10:00 a.m. EST", in a chosen zone (the cycle's), with the zone named, even for a time in
the hour the clocks repeat.

The scans read the source: every template, and every Python module of the apps. Django's
|date and date_format leave the zone out of such a time ("1:30 a.m. "), so templates
write a time of day only with |moment and its short forms (core/templatetags/moments.py),
and Python only with core.moments.moment_in.
"""

import ast
import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.template import Context, Template

from core.moments import COMPACT_MOMENT_FORMAT, MOMENT_FORMAT, TIME_OF_DAY_FORMAT, moment_in

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "core", "nominations", "reviews", "selection", "demo")
MOMENTS_MODULE = "core/moments.py"

# The only ways to write a time of day, all defined in core/moments.py. Each has
# lowercase "a" (GPO's "a.m."; "A" writes "AM") and ends with " T" (the zone: a time
# without one is ambiguous across the cycles' zones and the panel's).
ALLOWED = {
    MOMENT_FORMAT: "the moment, everywhere by default",
    COMPACT_MOMENT_FORMAT: "the outbox's compact date",
    TIME_OF_DAY_FORMAT: "a time on a day already named",
}
# Where a wall-clock time names no single moment (the clocks skip or repeat it), the zone
# abbreviation is what is in doubt: core.moments writes the time bare and names the zone
# ("2:30 a.m. on March 14, 2027 does not exist in America/New_York").
WALL_CLOCK = {(MOMENTS_MODULE, "g:i a")}
# Python's strftime formats with a time of day: machine formats, or a zone Python names
# right (its %Z, unlike Django's T, names the zone of a repeated hour).
STRFTIME_ALLOWED = {
    ("core/logging.py", "%Y-%m-%dT%H:%M:%S"): "log records' timestamps, for machines",
    ("nominations/forms/moments.py", "%Y-%m-%dT%H:%M"): (
        "the value of a datetime-local input, HTML's machine format"
    ),
    ("nominations/services/exports.py", "%Y-%m-%d %H:%M %Z"): (
        "the nominations CSV's submitted column, sortable in a spreadsheet, in the cycle's zone"
    ),
}
# A template's only time-writing format for |date: ISO 8601, for the machine-readable
# datetime attribute of <time>.
MACHINE_FORMAT = "c"

# Django's format characters that write part of a time of day or its zone.
TIME_CHARACTERS = set("aAfgGhHiPsuvTeOIZUcr")
# A format given to |date or |time (a literal, a variable, or none) or to {% now %}.
TEMPLATE_FORMAT = re.compile(
    r"""\|(?P<filter>date|time)\b(?::(?:(?P<quote>["'])(?P<format>.*?)(?P=quote)"""
    r"""|(?P<variable>[\w.]+)))?|\{%\s*now\s+(?P<now_quote>["'])(?P<now>.*?)(?P=now_quote)"""
)
IN_DATETIME_ATTRIBUTE = re.compile(r"""datetime=(["'])\{\{[^}]*$""")
# A value given to |date, with its format if any: a moment given one shows its day.
DATE_OF = re.compile(
    r"""\{\{\s*(?P<value>[\w.]+)\|date\b(?::(?P<quote>["'])(?P<format>.*?)(?P=quote))?"""
)
ZONE_BLOCK_OPEN = re.compile(r"\{%\s*timezone\s")
ZONE_BLOCK_CLOSE = re.compile(r"\{%\s*endtimezone\s*%\}")
# Any string literal with hours and minutes, wherever it is used (Python, template tags).
TIME_LITERAL = re.compile(r"""(["'])([^"'\n]*\b[gGhH]:i\b[^"'\n]*)\1""")
# Any string literal with a strftime directive for a time of day or a zone.
STRFTIME_LITERAL = re.compile(r"""(["'])([^"'\n]*%-?[HIMSpZzXTR]\b[^"'\n]*)\1""")
# Django's formatting functions, which take a format as their second argument.
DJANGO_FORMATTERS = {"date_format", "time_format", "DateFormat", "TimeFormat"}


def shows_a_time(fmt: str) -> bool:
    return bool(TIME_CHARACTERS & set(re.sub(r"\\.", "", fmt)))


def sources() -> list[tuple[str, str]]:
    paths = [path for path in (ROOT / "templates").rglob("*") if path.is_file()]
    for app in APPS:
        paths += (ROOT / app).rglob("*.py")
    return [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")) for path in paths]


def time_literals(text: str) -> list[str]:
    return [match.group(2) for match in TIME_LITERAL.finditer(text)]


def template_time_formats(text: str) -> list[str]:
    """Each format a template gives |date, |time or {% now %} that writes a time of day
    or a zone, or may ("|time" alone, "|date:variable"); ISO 8601 in a <time>'s datetime
    attribute is the one exception."""
    found = []
    for match in TEMPLATE_FORMAT.finditer(text):
        if match.group("now") is not None:
            fmt = match.group("now")
        elif match.group("variable"):
            found.append(f"|{match.group('filter')}:{match.group('variable')}")
            continue
        elif match.group("format") is None:
            if match.group("filter") == "time":
                found.append("|time")
            continue
        else:
            fmt = match.group("format")
        machine = fmt == MACHINE_FORMAT and IN_DATETIME_ATTRIBUTE.search(text[: match.start()])
        if shows_a_time(fmt) and not machine:
            found.append(fmt)
    return found


def moment_names() -> set[str]:
    """The names of the project's DateTimeFields."""
    return {
        field.name
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DateTimeField)
    }


def days_of_moments_in_the_site_zone(text: str, names: set[str]) -> list[str]:
    """Each moment (a value whose last name is in `names` or ends in "_at", as a property
    such as `review_closed_at` does) a template gives |date without a zone, ISO 8601 in a
    <time>'s datetime attribute aside: its day is the site's, not the cycle's, near
    midnight."""
    found = []
    for match in DATE_OF.finditer(text):
        value = match.group("value")
        last = value.rsplit(".", 1)[-1]
        if last not in names and not last.endswith("_at"):
            continue
        before = text[: match.start()]
        in_block = len(ZONE_BLOCK_OPEN.findall(before)) > len(ZONE_BLOCK_CLOSE.findall(before))
        machine = match.group("format") == MACHINE_FORMAT and IN_DATETIME_ATTRIBUTE.search(
            text[: match.end("value")]
        )
        if not in_block and not machine:
            found.append(value)
    return found


def django_formatter_formats(text: str) -> list[tuple[str, bool]]:
    """(format, whether it is a string literal) given to each call of Django's
    date_format, time_format, dateformat.format, DateFormat or TimeFormat; a format that
    is not a literal is given as its source."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        of_dateformat = (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and (func.value.id, name) == ("dateformat", "format")
        )
        if name not in DJANGO_FORMATTERS and not of_dateformat:
            continue
        given = node.args[1:2] or [kw.value for kw in node.keywords if kw.arg == "format"]
        if not given:
            found.append((ast.unparse(node), False))
        elif isinstance(given[0], ast.Constant) and isinstance(given[0].value, str):
            found.append((given[0].value, True))
        else:
            found.append((ast.unparse(given[0]), False))
    return found


def test_moment_in_writes_the_moment_in_the_zone_given():
    moment = dt.datetime(2027, 2, 13, 15, 0, tzinfo=dt.UTC)

    assert moment_in(moment, zoneinfo.ZoneInfo("America/New_York")) == (
        "February 13, 2027, 10:00 a.m. EST"
    )
    assert moment_in(moment, zoneinfo.ZoneInfo("Pacific/Honolulu")) == (
        "February 13, 2027, 5:00 a.m. HST"
    )


@pytest.mark.parametrize(
    ("utc_hour", "written"),
    [
        (5, ["November 1, 2026, 1:30 a.m. EDT", "1:30 a.m. EDT", "Nov 1, 2026, 1:30 a.m. EDT"]),
        (6, ["November 1, 2026, 1:30 a.m. EST", "1:30 a.m. EST", "Nov 1, 2026, 1:30 a.m. EST"]),
    ],
)
def test_the_moment_filters_name_the_zone_of_a_repeated_hour(utc_hour, written):
    template = Template(
        "{% load moments %}{{ at|moment:zone }}|{{ at|moment_time:zone }}|"
        "{{ at|moment_compact:zone }}"
    )

    rendered = template.render(
        Context(
            {
                "at": dt.datetime(2026, 11, 1, utc_hour, 30, tzinfo=dt.UTC),
                "zone": "America/New_York",
            }
        )
    )

    assert rendered.split("|") == written


def test_the_moment_filters_write_nothing_for_no_moment():
    template = Template(
        "{% load moments %}[{{ at|moment:zone }}{{ at|moment_time:zone }}"
        "{{ at|moment_compact:zone }}]"
    )

    assert template.render(Context({"at": None, "zone": "America/New_York"})) == "[]"


def test_the_scans_find_the_formats_they_are_meant_to():
    template = (
        '{{ a|date:"F j, Y, g:i A" }} {% now "H:i" %} {{ b|date:"N j, Y, P" }} '
        "{{ c|date:\"F j, Y\" }} {{ d|date:'c' }} <time datetime=\"{{ e|date:'c' }}\"> "
        '{{ f|timezone:z|date:"F j, Y, g:i a T" }} {{ g|time }} {{ h|date }} '
        '{{ i|date:fmt }} {{ j|date:"T" }} {{ k|time:"e" }} {{ l|moment:z }}'
    )
    python = (
        'x = "g:i a"\n'
        'date_format(day, "F j, Y")\n'
        'date_format(moment, "N j, P")\n'
        "dateformat.format(moment, MOMENT_FORMAT)\n"
        'y = moment.strftime("%H:%M")\n'
        'z = f"{day:%B} {day.day}"\n'
        'logger.warning("%r refused: %s", name, reason)\n'
    )

    assert template_time_formats(template) == [
        "F j, Y, g:i A",
        "H:i",
        "N j, Y, P",
        "c",
        "F j, Y, g:i a T",
        "|time",
        "|date:fmt",
        "T",
        "e",
    ]
    assert time_literals(python) == ["g:i a"]
    assert django_formatter_formats(python) == [
        ("F j, Y", True),
        ("N j, P", True),
        ("MOMENT_FORMAT", False),
    ]
    assert [match.group(2) for match in STRFTIME_LITERAL.finditer(python)] == ["%H:%M"]


def test_the_day_scan_finds_moments_given_to_date_without_a_zone():
    template = (
        '{{ a.issued_at|date:"F j, Y" }} {{ b.deadline|date }} {{ c.review_due|date:"F j, Y" }} '
        '{{ d.closed_at|timezone:z|date:"F j, Y" }} '
        '{% timezone z %}{{ e.removed_at|date:"F j, Y" }}{% endtimezone %} '
        "<time datetime=\"{{ f.sent_at|date:'c' }}\"> {{ g.sent_at|date:'c' }}"
    )

    assert days_of_moments_in_the_site_zone(template, {"deadline", "issued_at"}) == [
        "a.issued_at",
        "b.deadline",
        "g.sent_at",
    ]


def test_every_day_of_a_moment_in_a_template_is_the_day_in_a_chosen_zone():
    names = moment_names()
    offenders = [
        f"{name}: {value}"
        for name, text in sources()
        if name.startswith("templates/")
        for value in days_of_moments_in_the_site_zone(text, names)
    ]

    assert offenders == []


def test_every_time_of_day_format_is_one_of_the_sites_defined_in_core_moments():
    offenders = [
        f"{name}: {fmt!r}"
        for name, text in sources()
        for fmt in time_literals(text)
        if not (name == MOMENTS_MODULE and fmt in ALLOWED) and (name, fmt) not in WALL_CLOCK
    ]

    assert offenders == []


def test_no_template_writes_a_time_of_day_with_django_date_or_time_filters():
    offenders = [
        f"{name}: {fmt!r}"
        for name, text in sources()
        if name.startswith("templates/")
        for fmt in template_time_formats(text)
    ]

    assert offenders == []


def test_python_gives_django_formatters_only_a_date_format():
    offenders = [
        f"{name}: {fmt!r}"
        for name, text in sources()
        if name.endswith(".py") and name != MOMENTS_MODULE
        for fmt, literal in django_formatter_formats(text)
        if not literal or shows_a_time(fmt)
    ]

    assert offenders == []


def test_every_strftime_time_of_day_is_a_machine_format_or_names_its_zone():
    found = {
        (name, match.group(2))
        for name, text in sources()
        if name.endswith(".py")
        for match in STRFTIME_LITERAL.finditer(text)
    }

    assert found - STRFTIME_ALLOWED.keys() == set()


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
