"""`{{ session.user_agent|device }}`: a session's browser in words ("Firefox on Windows")
on the sessions pages."""

from django import template

from accounts.sessions import describe_device

register = template.Library()


@register.filter
def device(user_agent: str) -> str:
    return describe_device(user_agent or "")
