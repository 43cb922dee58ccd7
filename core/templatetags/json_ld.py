"""Structured data (schema.org JSON-LD) in a page: `{% json_ld data %}` writes
`<script type="application/ld+json">…</script>`.

The JSON is escaped exactly as Django's `json_script` escapes it: "<", ">" and "&" become
\\u003C, \\u003E and \\u0026, so no text in it ("</script>", "<!--") can close the element
or open anything else, and every character beyond ASCII is a \\u escape. The browser
never runs a script of this type, so the Content Security Policy (script-src 'self')
has nothing to refuse and it needs no nonce.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# django.utils.html's own table for json_script (a private name there).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data) -> SafeString:
    """`data` as a JSON-LD script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    # Safe inside a script element once escaped as above: HTML escaping would corrupt
    # the JSON ("&quot;"), and json_script marks it safe the same way.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308
    )
