"""The one error pattern of every form (templates/_error_summary.html), as a page's HTML
shows it: the title starts with "Error:", an error summary comes before the form, and
its first link names the first refused field's control, which is in the page after it."""

import re


def assert_error_pattern(response, first_field_id: str) -> None:
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    assert title.startswith("Error: "), title
    summary = html.index('class="usa-alert usa-alert--error site-error-summary" role="alert"')
    first_link = re.search(r'<a class="usa-link" href="#([^"]+)">', html[summary:]).group(1)
    assert first_link == first_field_id
    assert html.index(f'id="{first_field_id}"') > summary
