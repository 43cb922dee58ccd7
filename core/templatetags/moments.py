"""`{{ value|moment:cycle.time_zone }}`: a moment as core.moments writes it, in a zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template

from core.moments import moment_in

register = template.Library()


@register.filter
def moment(value: datetime | None, zone: str) -> str:
    """Like |timezone:zone|date:MOMENT_FORMAT, but an hour the clocks repeat keeps its
    zone ("1:30 a.m. EST"), which Django's |date leaves out."""
    return moment_in(value, ZoneInfo(zone)) if value else ""
