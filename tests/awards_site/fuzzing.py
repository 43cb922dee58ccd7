"""Shared pieces of the form fuzz tests: the values Hypothesis sends, the way it mangles a
form's field names, and the check every page must pass (no server error, every value
escaped).

The fuzz tests post through the real views with Django's test client, which re-raises
any exception a view lets escape: a server error fails the example with its traceback.
"""

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The fuzz tests' settings: the loaded profile's (tests/conftest.py: derandomized in CI,
# no deadline), with fewer examples, since each renders pages. The function-scoped
# fixtures (the test client, the database) are meant to be shared by the examples. The
# payloads that matter are pinned with @example.
FUZZ = settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "'><svg/onload=alert(1)>"
JS_URL = "javascript:alert(1)"
HTML_PAYLOADS = (
    SCRIPT,
    IMG,
    SVG,
    "</textarea><script>window.__xss=1</script>",
    '<a href="javascript:alert(1)">x</a>',
    JS_URL,
    "{{ request.user.password }}{% debug %}",
    "{% csrf_token %}{{ 7|add:7 }}",
)
# Fragments that only a payload can put on a page: none of them may appear unescaped.
DANGEROUS = (
    "<script>alert",
    "<script>window.__xss",
    "<img src=x",
    "<svg/onload",
    '<a href="javascript:',
    "</textarea><script",
)
HREF_JAVASCRIPT = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
TAG_START = re.compile(r"<[A-Za-z!/?]")
HUGE = 100_000

unicode_text = st.text(max_size=200)
control_text = st.text(
    st.characters(categories=["Cc", "Cf", "Zl", "Zp"], include_characters="\u202e\u202d\u200f"),
    max_size=30,
)
combining_text = st.text(
    st.characters(categories=["Mn", "Me", "So", "Lo"]) | st.sampled_from("\u202e👩🏽‍⚖️🇺🇸\u0301"),
    max_size=60,
)
blank_text = st.sampled_from(["", " ", "   \t\n", "\r\n\r\n", "\u00a0\u2003\u3000", "\u200b"])
number_text = st.sampled_from(
    [
        "-1",
        "0",
        "10",
        "999999999999999999999999999",
        "-99999999999999999999",
        "1e309",
        "NaN",
        "inf",
        "1.5",
        "0x10",
        "½",
        "²",
        "٣",
        "１",
        "3 ",
        "+4",
        "5\x00",
    ]
) | st.integers().map(str)
date_text = st.sampled_from(
    [
        "2023-02-30",
        "0000-00-00",
        "0001-01-01",
        "9999-12-31",
        "99999-01-01",
        "2023-13-01",
        "2023-01-01T25:00",
        "2023-01-01T10:00+99:00",
        "yesterday",
        "1/2/3",
        "2023-1-1",
        "٢٠٢٣-٠١-٠١",
    ]
) | st.dates().map(str)
html_text = st.builds(
    lambda before, payload, after: before + payload + after,
    st.text(max_size=20),
    st.sampled_from(HTML_PAYLOADS),
    st.text(max_size=20),
)
huge_text = st.sampled_from(
    [
        "a" * HUGE,
        "word " * (HUGE // 5),
        SCRIPT * (HUGE // len(SCRIPT) + 1),
        "é" * HUGE,
    ]
)

# One value for a form field: any of the kinds above.
values = st.one_of(
    unicode_text,
    control_text,
    combining_text,
    blank_text,
    number_text,
    date_text,
    html_text,
    huge_text,
)
# Names a form does not know, for the "extra fields" case.
unknown_names = st.text(min_size=1, max_size=30).filter(lambda name: not name.startswith("_"))


@st.composite
def mangled(draw, base: dict, fields: tuple[str, ...] | None = None) -> dict:
    """`base` (what a correct form posts) with some of `fields` (all by default) set to
    fuzzed values, some dropped, and a few unknown fields added."""
    names = tuple(fields if fields is not None else base)
    data = dict(base)
    if not names:
        return data | draw(st.dictionaries(unknown_names, values, max_size=2))
    for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))):
        data[name] = draw(values)
    for name in draw(st.sets(st.sampled_from(names), max_size=2)):
        data.pop(name, None)
    extra = draw(st.dictionaries(unknown_names, values, max_size=2))
    return data | {name: value for name, value in extra.items() if name not in base}


def storable(text: str) -> str:
    """`text` as a model can hold it: every form refuses NUL, and PostgreSQL text cannot
    store it, so values written straight to the database leave it out."""
    return text.replace("\x00", "")


def sent_values(data: dict) -> list[str]:
    return [value for value in data.values() if isinstance(value, str)]


def assert_escaped(response, sent: list[str]) -> None:
    """The page escapes every value it was given: no payload fragment, no `javascript:`
    link, and no sent value that looks like markup appears as it was sent."""
    assert response.status_code < 500, response.status_code
    if getattr(response, "streaming", False):
        return
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return
    html = response.content.decode()
    for fragment in DANGEROUS:
        if any(fragment in value for value in sent):
            assert fragment not in html, fragment
    assert not HREF_JAVASCRIPT.search(html), HREF_JAVASCRIPT.search(html).group(0)
    for value in sent:
        for shown in {value, value.strip()}:
            if len(shown) >= 8 and TAG_START.search(shown):
                assert shown not in html, shown[:200]


def post_and_follow(client, url: str, data: dict, *, also: tuple[str, ...] = (), **extra):
    """POST `data`, check the answer, then the page a redirect leads to and each page in
    `also` (where the saved values are shown). Returns the first response."""
    sent = sent_values(data)
    response = client.post(url, data, **extra)
    assert_escaped(response, sent)
    if response.status_code in (301, 302, 303) and "HX-Request" not in str(extra):
        assert_escaped(client.get(response["Location"]), sent)
    for page in also:
        assert_escaped(client.get(page), sent)
    return response
