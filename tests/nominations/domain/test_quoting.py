"""Typed text in emails to other people is quoted data: one line, links defanged."""

import pytest

from nominations.domain.quoting import defang, quoted


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (
            "URGENT account review at https://evil.example/x",
            "URGENT account review at hxxps://evil[.]example/x",
        ),
        ("https://x.y", "hxxps://x[.]y"),
        ("HTTP://Evil.Example", "hxxp://Evil[.]Example"),
        ("http:/evil.example", "hxxp://evil[.]example"),
        ("Visit www.evil.com now", "Visit www[.]evil[.]com now"),
        ("evil.example/login.", "evil[.]example/login."),
        ("mail ana.ruiz@evil.co.uk", "mail ana[.]ruiz[@]evil[.]co[.]uk"),
        ("mailto:x@y.org", "mailto[:]x[@]y[.]org"),
        ("javascript:alert(1)", "javascript[:]alert(1)"),
        ("ftp://files.example.org", "ftp[:]//files[.]example[.]org"),
        ("192.168.10.1/admin", "192[.]168[.]10[.]1/admin"),
        ("hxxps://already[.]defanged", "hxxps://already[.]defanged"),
        ("J.R. Smith", "J.R. Smith"),
        ("U.S. Department of State", "U.S. Department of State"),
        ("St. Louis, Mo.", "St. Louis, Mo."),
        (
            "Mercy Medical Center’s Blue Dot Initiative",
            "Mercy Medical Center’s Blue Dot Initiative",
        ),
        ("Ana Ruiz", "Ana Ruiz"),
    ],
)
def test_defang_makes_addresses_unclickable_and_leaves_names_alone(typed, shown):
    assert defang(typed) == shown


def test_quoted_puts_the_value_on_one_line_between_quotation_marks():
    assert quoted("  Line one\n\nhttps://evil.example\tend ") == (
        "“Line one hxxps://evil[.]example end”"
    )
    assert quoted(42) == "“42”"
    assert quoted("") == "“”"
