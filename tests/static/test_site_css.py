"""static/css/site.css parses: a rule left open swallows every rule after it, silently
(the browser drops them), so the braces must balance and no merge marker may remain."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def test_every_block_of_site_css_is_closed_where_it_opened():
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number} closes a block that was never opened"
        # A declaration sits inside a rule; a selector line never ends with ";".
        if depth == 0:
            assert not line.strip().endswith(";"), f"line {number}: a declaration outside a rule"
    assert depth == 0


def test_site_css_has_no_merge_markers():
    assert not re.search(r"^(<<<<<<<|=======|>>>>>>>)", CSS.read_text(), flags=re.M)
