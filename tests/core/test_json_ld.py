"""`{% json_ld %}`: structured data in a non-executed script element, escaped exactly as
Django's json_script escapes its JSON."""

import json
import re

from django.template import Context, Template
from django.utils.html import json_script

HOSTILE = {
    "name": "</script><script>alert(1)</script>",
    "note": "<!-- & --> ’ \u2028",
    "when": None,
    "count": 2,
}


def rendered(data) -> str:
    return Template("{% load json_ld %}{% json_ld data %}").render(Context({"data": data}))


def test_json_ld_is_json_script_with_the_ld_json_type():
    assert rendered(HOSTILE) == json_script(HOSTILE).replace(
        'type="application/json"', 'type="application/ld+json"'
    )


def test_json_ld_cannot_close_its_element_and_reads_back_unchanged():
    output = rendered(HOSTILE)

    body = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', output)[1]
    assert not {"<", ">", "&"} & set(body)
    assert "\\u003C/script\\u003E" in body
    assert json.loads(body) == HOSTILE
