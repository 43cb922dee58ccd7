"""Filters for plain-text emails to people other than the account holder (see
`nominations.domain.quoting`): `{{ value|quoted }}` and `{{ value|defanged }}`."""

from django import template

from nominations.domain.quoting import defang, quoted

register = template.Library()


@register.filter(name="quoted")
def quoted_filter(value) -> str:
    return quoted(value)


@register.filter(name="defanged")
def defanged_filter(value) -> str:
    return defang(" ".join(str(value).split()))
